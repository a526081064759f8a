"""Benchmarks: ``python -m tools.bench`` prints one table, every ratio measured in the same run."""
