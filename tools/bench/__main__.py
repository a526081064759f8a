"""``python -m tools.bench``: one table of figures, each ratio against a baseline measured in the same run.

Timings on shared machines are noisy, so every figure is a median of repeats, every goal is
stated as a ratio where a baseline exists, and nothing here is a test assertion.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

from tools.bench.keys import keypad_rows
from tools.bench.live import navigation, reload_gap, speech_latency
from tools.bench.startup import startup
from tools.bench.table import ROOT, Row, machine, table, verdict

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported (tools.bench.live imports it late)


def load_scaling() -> list[Row]:
    from kiosk.content import loads
    from kiosk.content.generate import content_yaml

    figures = []
    for count in (10, 100, 1000):
        data = content_yaml(count).encode()
        times = []
        for _ in range(5 if count < 1000 else 3):
            start = time.perf_counter()
            loads(data, ROOT / "bench.yaml")
            times.append(time.perf_counter() - start)
        figures.append((count, statistics.median(times), len(data)))
    per = [t / n for n, t, _ in figures]
    linear = per[-1] <= per[0] * 2.0
    text = ", ".join(f"{n}: {t * 1000:.1f} ms ({size // 1024} KiB)" for n, t, size in figures)
    return [("load + validate (sections)", f"{text}; per section {per[0] * 1e6:.0f} → {per[-1] * 1e6:.0f} µs",
             "linear", verdict(linear))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    args = parser.parse_args(argv)
    steps: list[Callable[[], list[Row]]] = [
        lambda: startup(3 if args.quick else 11),
        lambda: navigation(100 if args.quick else 1000, 1000 if args.quick else 10_000),
        load_scaling,
    ]
    steps += extra_steps(args.quick)
    rows: list[Row] = []
    for step in steps:
        rows.extend(step())
    print(f"Machine: {machine()}")
    print(table(rows))
    return 0


def extra_steps(quick: bool) -> list[Callable[[], list[Row]]]:
    return [reload_gap, lambda: speech_latency(5 if quick else 20), lambda: keypad_rows(quick)]


if __name__ == "__main__":
    sys.exit(main())
