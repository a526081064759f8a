"""``python -m tools.monkey``: the monkey's command line (see :mod:`tools.monkey` for what it does)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

import tools.monkey
from tools.monkey.reloads import BUNDLED
from tools.monkey.runner import SIZES, run_monkey


@contextlib.contextmanager
def application() -> Iterator[QApplication]:
    """The QApplication; with no platform chosen, an offscreen one whose screen holds every window size."""
    with tempfile.TemporaryDirectory(prefix="kiosk-monkey-screen-") as tmp:
        if "QT_QPA_PLATFORM" not in os.environ and QApplication.instance() is None:
            config = Path(tmp) / "screens.json"
            side = max(max(size) for size in SIZES) + 100
            config.write_text(json.dumps({"screens": [{"name": "monkey", "x": 0, "y": 0, "width": side,
                                                       "height": side, "logicalDpi": 96, "dpr": 1}]}))
            os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        yield app


def main(argv: Sequence[str] | None = None) -> int:
    summary = (tools.monkey.__doc__ or "").split("\n\n")[0]
    p = argparse.ArgumentParser(prog="python -m tools.monkey", description=summary)
    p.add_argument("--events", type=int, default=20_000, help="events driven once warm, on which memory growth is "
                   "judged (default: 20,000)")
    p.add_argument("--seed", type=int, default=None, help="replay a run (default: a new random seed, printed)")
    p.add_argument("--content", type=Path, default=BUNDLED, help="content file (default: the bundled content.yaml)")
    p.add_argument("--warmup", type=int, default=None,
                   help="events before the first memory reading, exactly (default: a quarter of --events, at least "
                        "500, and then on, a reading every 1,000 events, until memory between patients has stopped "
                        "rising, for at most another --events events). Qt's caches and the allocators' free space "
                        "settle as random sizes, looks and content reloads come by: a 60,000-event run grew +0.8 MiB "
                        "in the 11,000 events after a 15,000-event warm-up and +0.3 MiB in the 34,000 after those")
    p.add_argument("--size", default="1280x800", metavar="WxH")
    p.add_argument("--real-pin-hash", action="store_true",
                   help="keep the file's PIN hash (600,000 rounds: every wrong PIN then costs ~0.3 s)")
    p.add_argument("--start-broken", action="store_true",
                   help="start from a broken file (the 'being updated' screen) until a valid reload arrives")
    p.add_argument("--trace-python", action="store_true",
                   help="trace Python's own allocations from the warm-up on (tracemalloc; ~3x slower): tells growth in "
                        "Python objects from growth in Qt's heap or free space the allocator keeps")
    args = p.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**31)
    width, height = (int(v) for v in args.size.lower().split("x"))
    print(f"tools.monkey: seed {seed}, {args.events} events once warm on {args.content}", file=sys.stderr, flush=True)
    warmup = max(500, args.events // 4) if args.warmup is None else args.warmup
    with application():
        report = run_monkey(args.content, events=args.events, seed=seed, warmup=warmup, settle=args.warmup is None,
                            size=(width, height), fast_pin=not args.real_pin_hash, start_broken=args.start_broken,
                            progress=1000, trace_python=args.trace_python)
    print(report.summary())
    if report.failures:
        print(f"\n{len(report.failures)} failures; replay with: python -m tools.monkey --seed {seed} "
              f"--events {args.events}")
    return 1 if report.failures else 0
