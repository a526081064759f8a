"""Command line: ``scripts/run-kiosk [--content PATH] [--windowed | --check | --render-screens DIR …]``."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

DEFAULT_CONTENT = Path(__file__).resolve().parents[1] / "content.yaml"
log = logging.getLogger("kiosk")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="Patient-education kiosk for clinic waiting rooms.")
    p.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="PATH",
                   help="the content file to show (default: content.yaml beside main.py)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--windowed", action="store_true", help="a normal 1280x800 window, to preview an edit")
    mode.add_argument("--check", action="store_true", help="validate the content file and exit (0 valid, "
                                                           "1 invalid, 2 unreadable)")
    mode.add_argument("--render-screens", type=Path, metavar="DIR", help="write a PNG of every screen to DIR")
    mode.add_argument("--schema", action="store_true", help="print the content file's JSON Schema and exit")
    mode.add_argument("--report", action="store_true", help="print reading levels, reading times and the "
                                                            "self-check's paths for the content file, and exit")
    mode.add_argument("--hash-pin", action="store_true",
                      help="read a staff PIN (standard input or a prompt) and print the pin_hash line to paste")
    p.add_argument("--metrics-file", type=metrics_path, metavar="PATH",
                   help="write anonymous usage counters there (Prometheus text format) every minute and at exit")
    p.add_argument("--size", default="1920x1080", metavar="WxH", help="screen size for --render-screens")
    p.add_argument("--version", action="version", version=f"kiosk {__version__}")
    return p


def metrics_path(text: str) -> Path:
    """``--metrics-file`` refused at start (argparse: the message, exit code 2) if it names a device, pipe or
    folder, or a folder that does not exist: the kiosk would otherwise rename a file over it (issue 23)."""
    from kiosk.core.metrics import target_problem

    problem = target_problem(Path(text))
    if problem:
        raise argparse.ArgumentTypeError(f"{text} {problem}")
    return Path(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.hash_pin:
        return run_hash_pin()
    if args.check:
        from kiosk.check import run_check

        return run_check(args.content)
    if args.schema:
        from kiosk.content.jsonschema import schema_text

        write_utf8(schema_text())
        return 0
    if args.report:
        from kiosk.content.report import run_report

        return run_report(args.content)
    if args.render_screens:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosk.render import run_render

        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            print(f"kiosk: --size should look like 1920x1080, not {args.size!r}", file=sys.stderr)
            return 2
        return run_render(args.content, args.render_screens, width, height)
    return run_kiosk(args.content, windowed=args.windowed, metrics_file=args.metrics_file)


def write_utf8(text: str) -> None:
    """Print *text* as UTF-8 whatever the locale says: it is usually redirected into a file."""
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:  # a replaced stdout (StringIO) takes text
        sys.stdout.write(text)


def run_hash_pin() -> int:
    """Print ``pin_hash: "..."`` for content.yaml's ``staff:`` block. The PIN itself is never shown or logged."""
    from kiosk.core.pin import hash_pin, valid_pin

    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("New staff PIN (4 to 12 digits): ")
        if getpass.getpass("Type it again: ") != pin:
            print("kiosk: the two PINs differ; nothing was changed", file=sys.stderr)
            return 1
    else:
        pin = sys.stdin.readline().strip()
    if not valid_pin(pin):
        print("kiosk: a staff PIN is 4 to 12 digits", file=sys.stderr)
        return 1
    print("Paste this line under 'staff:' in content.yaml (indented by two spaces):", file=sys.stderr)
    print(f'pin_hash: "{hash_pin(pin)}"')
    return 0


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux"


def run_kiosk(content: Path, *, windowed: bool, metrics_file: Path | None = None) -> int:
    from kiosk.logs import setup_logging

    if not has_display():
        print("kiosk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
              "Run it on the kiosk's screen, under a compositor such as cage (see README, 'Install on a kiosk'),\n"
              "or preview it headless with: scripts/run-kiosk --render-screens DIR", file=sys.stderr)
        return 3
    started = time.monotonic()
    log_file = setup_logging()
    log.info("kiosk %s starting on %s (log: %s)", __version__, content, log_file)
    window = start_kiosk(content, fullscreen=not windowed, metrics_file=metrics_file)
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.stop import StopOnSignals

    app = QApplication.instance()
    stop = StopOnSignals(app)  # after the fork in start_kiosk: the child that read the file keeps the defaults
    from kiosk.services.watchdog import Watchdog

    watchdog = Watchdog(app)  # systemd's Type=notify and WatchdogSec (deploy/kiosk.service); idle without it
    window.first_painted.connect(watchdog.ready)
    app.aboutToQuit.connect(watchdog.stopping)
    window.first_painted.connect(lambda: log.info("first frame painted %.2f s after start", time.monotonic() - started))
    window.show()
    from kiosk.app import kiosk_of

    app.aboutToQuit.connect(kiosk_of(window).shutdown)  # last metrics, speech thread (once: closing does it too)
    code = app.exec()
    log.info("kiosk stopped" + (f" on {stop.received}" if stop.received else ""))
    return code


def start_kiosk(content: Path, *, fullscreen: bool, metrics_file: Path | None = None) -> KioskWindow:
    """The kiosk's start-up, up to a built window (not shown): also what the benchmark times.

    Called before anything imports Qt: the content file is then read by a forked child on a second
    core while this process loads Qt (kiosk.content.prefetch); later, it is read here.
    """
    # Start-up makes tens of thousands of objects that live as long as the kiosk (modules, classes,
    # PySide's enums, widgets); Python's collector ran 43 more times over them before the first frame
    # (15-20 ms, measured with gc.callbacks). The ~9,000 objects those runs freed now wait for the first
    # collection after the first frame; peak memory at the first frame did not change.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        from kiosk.content.prefetch import prefetch

        loading = prefetch(content)
        from PySide6.QtWidgets import QApplication

        from kiosk.app import build_kiosk

        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("kiosk")
        app.setApplicationVersion(__version__)
        window = build_kiosk(content, fullscreen=fullscreen, metrics_file=metrics_file, loading=loading)
    except BaseException:
        if gc_was_on:
            gc.enable()
        raise
    if gc_was_on:
        window.first_painted.connect(gc.enable)
    return window
