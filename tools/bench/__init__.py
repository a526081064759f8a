"""Benchmarks: ``python -m kiosk.bench`` prints one table, every ratio measured in the same run."""
