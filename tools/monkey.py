"""A seeded monkey on the real kiosk window: random taps, swipes, the staff corner, idle time and reloads.

``python -m tools.monkey --events 20000 [--seed N] [--content PATH]`` builds the kiosk exactly as
``main.py --windowed`` does (offscreen, Qt's mock speech engine, a fake clock of its own) and
drives it with weighted random events through Qt's real input path: touch presses and releases
(``QTest.touchEvent``) and mouse clicks at random points — corners and gaps included — or on
visible buttons; swipes; five taps in the staff corner followed by wrong PINs; the language, text
size and contrast buttons; Read aloud; walks through the self-check; idle time (the fake clock
jumps 30–120 s, then the idle timer is polled); and content reloads between events (a freshly
loaded valid variant → ``content_loaded``, a damaged copy from :mod:`tools.fuzz` → ``content_failed``).

It counts what must never happen: exceptions (a ``sys.excepthook`` wrapper, plus the app's crash
guard's ERROR records on the ``kiosk`` logger, plus anything raised into the driver), Qt warnings
(``qInstallMessageHandler``; only the offscreen plugin's "This plugin does not support …" is
ignored, and QtMultimedia's one-off PipeWire notice while the window is being built), and screens
that disagree with the navigator. Each failure is printed with the seed and the last events, so
``--seed`` replays it. Memory (RSS) is measured once warm (after a warm-up that lasts until memory between
patients has stopped rising) and again over the ``--events`` events that follow; ``--trace-python``
also traces Python's own allocations from the warm-up on, so that growth in Python objects can be told
from growth in Qt's heap (``heaptrack``, see docs/performance.md) or free space the allocator keeps.

It also checks what a patient would notice: a tap on a visible, enabled, uncovered button must click
it ("lost tap"), five taps in the staff corner must open the PIN pad ("staff corner"), and at the end
the kiosk must still go home and open a section from its tile ("unresponsive").

Replays: event *n* of seed *s* always draws from ``random.Random(f"{s}:{n}")``, so it is the same kind
of event with the same random numbers on every run; what it meets can still differ a little, because
the speech engine and kinetic scrolling run on real time.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import copy as copy_module
import gc
import json
import logging
import os
import random
import re
import sys
import sysconfig
import tempfile
import time
import traceback
import tracemalloc
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import shiboken6
import yaml
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QPoint,
    QRect,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPushButton, QScrollArea, QScroller, QWidget

from kiosk.app import KioskApp, build_kiosk
from kiosk.content import Content, ContentError, Mark, Problem, loads
from kiosk.core.clock import ManualClock
from kiosk.core.idle import IdleState
from kiosk.core.memory import heap_in_use, release_free_memory
from kiosk.core.pin import DEFAULT_PIN, weak_hash_pin
from kiosk.session import HOME, SELFCHECK_FLOW, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from kiosk.ui.screens.updating import UpdatingScreen
from tools import fuzz
from tools.drive import touch_device

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content.yaml"
MONKEY_PIN = "86420"
RECENT = 30
SIZES = ((1280, 800), (1920, 1080), (1080, 1920), (1024, 600), (800, 1280))
IGNORED_QT = re.compile(r"^This plugin does not support ")
"""The offscreen platform plugin's notices (propagateSizeHints, raise …): not the kiosk's doing."""
STARTUP_QT = re.compile(r"^Couldn't (load|resolve) pipewire")
"""QtMultimedia (loaded with QtTextToSpeech) says this once per process on machines without PipeWire."""

WEIGHTS: dict[str, float] = {
    "tap": 24,  # a finger anywhere: corners, gaps, bars
    "tap_button": 30,  # a finger on a visible button
    "click": 7,  # a mouse click anywhere or on a button (staff previewing with a mouse)
    "double_click": 1,
    "swipe": 1,  # real time passes between moves: kept rare
    "staff": 1.5,  # five taps in the corner, wrong PINs, sometimes Cancel
    "access": 8,  # language, A−/A+, high contrast
    "read_aloud": 4,
    "selfcheck": 12,  # one step along the flow
    "idle": 3,
    "reload_valid": 2,
    "reload_broken": 2,
    "resize": 0.5,
}
BROKEN_MUTATORS = tuple(sorted(name for name in fuzz.MUTATORS if name != "huge_line"))
"""Damage for broken reloads (huge lines only cost time here; the fuzzer covers them)."""

def rss_bytes() -> int:
    """Resident set size from /proc/self/statm (0 where there is no /proc)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def rss_split() -> tuple[int, int]:
    """Resident memory as (anonymous, file-backed) bytes, from /proc/self/status ((0, 0) without /proc).

    Anonymous pages are the heap: what a leak grows. File-backed pages are libraries and fonts read
    in from disk: they grow once as code paths run for the first time, and the kernel can drop them."""
    fields: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                name, _, value = line.partition(":")
                if name in ("RssAnon", "RssFile", "RssShmem"):
                    fields[name] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return (0, 0)
    return fields.get("RssAnon", 0), fields.get("RssFile", 0) + fields.get("RssShmem", 0)


TRACE_FRAMES = 8
"""Frames kept per traced allocation: enough to reach the kiosk's own line below the library's."""
SETTLE_EVERY = 1_000
"""Events between two readings of memory while the warm-up waits for it to settle."""
SETTLE_MIB = 0.25
"""How much memory between patients may still rise over the last two readings for it to count as settled."""


def settled(readings: Sequence[int]) -> bool:
    """Whether memory has stopped rising: neither of the last two readings is more than :data:`SETTLE_MIB`
    above the one before them, so one low reading between two high ones does not count."""
    return len(readings) >= 3 and max(readings[-2:]) - readings[-3] <= SETTLE_MIB * 1024 * 1024


def traced_places(snapshot: tracemalloc.Snapshot, limit: int = 5) -> list[str]:
    """The places that made most of the live allocations in *snapshot*, each named by its innermost frame
    outside Python's library and the installed packages: the line a fix would change."""
    paths = sysconfig.get_paths()
    library = (paths["stdlib"], paths["purelib"], paths["platlib"], "<")  # "<frozen importlib._bootstrap>" too
    live = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    places: list[str] = []
    for stat in live.statistics("traceback")[:limit]:
        frames = list(reversed(stat.traceback))  # a traceback runs from the oldest frame to the newest
        frame = next((f for f in frames if not f.filename.startswith(library)), frames[0])
        places.append(f"{stat.size / 1024:.0f} KiB in {stat.count} blocks: {frame.filename}:{frame.lineno}")
    return places


@dataclass
class Failure:
    kind: str  # exception, error log, qt warning, python warning, inconsistent, lost tap, staff corner, unresponsive
    event: int
    summary: str
    detail: str = ""
    recent: list[str] = field(default_factory=list)

    def format(self, seed: int) -> str:
        lines = [f"FAILURE ({self.kind}) at event {self.event}, seed {seed} "
                 f"(replay: python -m tools.monkey --seed {seed} --events {max(self.event, 1)} --warmup 0): "
                 f"{self.summary}"]
        if self.detail:
            lines.append(self.detail.rstrip())
        if self.recent:
            lines.append(f"last {len(self.recent)} events:")
            lines += [f"  {line}" for line in self.recent]
        return "\n".join(lines)


@dataclass
class Report:
    seed: int
    events: int = 0
    seconds: float = 0.0
    warm_events: int = 0
    warm_seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    counts: collections.Counter[str] = field(default_factory=collections.Counter)
    times: collections.Counter[str] = field(default_factory=collections.Counter)  # seconds spent per kind
    rss_start: int = 0
    rss_end: int = 0
    anon_start: int = 0  # the anonymous (heap) part of rss_start / rss_end
    anon_end: int = 0
    heap_start: int | None = None  # bytes the C allocator had handed out (glibc only)
    heap_end: int | None = None
    #: (events so far, RSS) between patients, from the warm-up on: a leak climbs at a steady rate, a
    #: cache filling up climbs less and less.
    series: list[tuple[int, int]] = field(default_factory=list)
    #: With a warm-up that waits for memory to settle: (events so far, RSS) between patients while it
    #: waited, and whether it settled before its limit.
    warm_series: list[tuple[int, int]] = field(default_factory=list)
    settled: bool | None = None
    #: With ``--trace-python``: (events so far, bytes of Python allocations made since the warm-up and
    #: still alive) at the same points, and the places that made most of what is alive at the end.
    traced: list[tuple[int, int]] = field(default_factory=list)
    traced_top: list[str] = field(default_factory=list)
    widgets_start: int = 0
    widgets_end: int = 0
    startup_messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    responsive: bool | None = None
    taps_checked: int = 0  # taps on a visible, enabled, uncovered button, which must click it
    taps_lost: int = 0

    def of(self, *kinds: str) -> list[Failure]:
        return [f for f in self.failures if f.kind in kinds]

    @property
    def exceptions(self) -> list[Failure]:
        return self.of("exception", "error log")

    @property
    def qt_warnings(self) -> list[Failure]:
        return self.of("qt warning")

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    @property
    def growth(self) -> int:
        return self.rss_end - self.rss_start

    def summary(self) -> str:
        mib = 1024 * 1024
        kinds = ", ".join(f"{k} {n} ({1000 * self.times[k] / n:.0f} ms)"
                          for k, n in sorted(self.counts.items(), key=lambda kv: -kv[1]))
        lines = [
            f"seed {self.seed}: {self.events} events in {self.seconds:.1f} s = {self.events_per_second:.0f} events/s",
            f"  events: {kinds}",
            f"  exceptions: {len(self.exceptions)}",
            f"  Qt warnings: {len(self.qt_warnings)}",
            f"  other failures: {len(self.failures) - len(self.exceptions) - len(self.qt_warnings)}"
            + (f" ({', '.join(sorted({f.kind for f in self.failures} - {'exception', 'error log', 'qt warning'}))})"
               if len(self.failures) > len(self.exceptions) + len(self.qt_warnings) else ""),
        ]
        if self.rss_start:
            lines.append(f"  RSS after {self.warm_events} warm-up events: {self.rss_start / mib:.1f} MiB, at the end: "
                         f"{self.rss_end / mib:.1f} MiB, growth {self.growth / mib:+.2f} MiB "
                         + ("(not judged: tracemalloc's own tables are in it)" if self.traced else
                            f"(goal < 2 MiB: {'ok' if self.growth < 2 * mib else 'MISSED'})"))
            if self.anon_start:
                anon = self.anon_end - self.anon_start
                lines.append(f"    of which anonymous (heap) {anon / mib:+.2f} MiB, file-backed (libraries and fonts "
                             f"read in) {(self.growth - anon) / mib:+.2f} MiB")
            if self.heap_start is not None and self.heap_end is not None:
                lines.append(f"    blocks the C allocator has handed out: {self.heap_start / mib:.1f} → "
                             f"{self.heap_end / mib:.1f} MiB ({(self.heap_end - self.heap_start) / mib:+.2f} MiB); the "
                             f"rest of the heap's growth is free space in pages it cannot give back")
            if self.warm_series:
                lines.append("    warm-up, between patients: " + ", ".join(
                    f"{n}: {rss / mib:.1f}" for n, rss in self.warm_series) + " MiB: " + (
                    f"settled (the last two readings within {SETTLE_MIB} MiB)" if self.settled else
                    "did not settle before its limit; judged from there all the same"))
            if len(self.series) > 2:
                lines.append("    between patients: " + ", ".join(f"{n}: {rss / mib:.1f}" for n, rss in self.series)
                             + " MiB")
            if self.traced:
                lines.append("    Python allocations made since the warm-up and still alive (tracemalloc): "
                             + ", ".join(f"{n}: {size / mib:.2f}" for n, size in self.traced) + " MiB; most from:")
                lines += [f"      {place}" for place in self.traced_top]
            lines.append(f"  live widgets after warm-up: {self.widgets_start}, at the end: {self.widgets_end}")
        if self.taps_checked:
            lines.append(f"  lost taps: {self.taps_lost} of {self.taps_checked} taps on visible, enabled, uncovered "
                         f"buttons did not click them")
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.startup_messages:
            lines.append(f"  messages while the window was built (not counted): {'; '.join(self.startup_messages)}")
        if self.responsive is not None:
            lines.append(f"  responsive at the end (home, then a tile opens its section): "
                         f"{'yes' if self.responsive else 'NO'}")
        return "\n".join(lines)


class _ErrorRecords(logging.Handler):
    def __init__(self, monkey: Monkey) -> None:
        super().__init__(logging.ERROR)
        self.monkey = monkey

    def emit(self, record: logging.LogRecord) -> None:
        self.monkey._on_error_record(record)


class Monkey:
    """Builds the real kiosk on *content* and drives it. Use as a context manager, then :meth:`run`."""

    def __init__(self, content: Path | str = BUNDLED, *, seed: int, size: tuple[int, int] = (1280, 800),
                 fast_pin: bool = True, start_broken: bool = False,
                 out: Callable[[str], None] | None = None, weights: dict[str, float] | None = None) -> None:
        self.source = Path(content)
        self.seed = seed
        self.rng = random.Random(seed)
        self.size = size
        self.fast_pin = fast_pin
        self.start_broken = start_broken
        self.out = out or (lambda text: print(text, file=sys.stderr, flush=True))
        self.weights = dict(weights or WEIGHTS)
        self.clock = ManualClock()
        self.report = Report(seed)
        self.recent: collections.deque[str] = collections.deque(maxlen=RECENT)
        self.event = 0
        self.phase = "startup"
        self.pin: str | None = None
        self.kiosk: KioskApp | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._seen: set[int] = set()
        self._reported = 0
        self._printed: collections.Counter[tuple[str, str]] = collections.Counter()
        self._saved_hook: Callable[..., Any] | None = None
        self._app_hook: Callable[..., Any] | None = None
        self._previous_qt_handler: Any = False  # False: ours is not installed; None: Qt's default was
        self._saved_showwarning: Any = None
        self._log_handler = _ErrorRecords(self)
        self._last_tap: tuple[float, QPoint] | None = None
        self._previous = ""
        self._started = time.perf_counter()
        self._progress = 0

    # -- set-up and tear-down ---------------------------------------------------------------------
    def __enter__(self) -> Monkey:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def window(self) -> QWidget:
        assert self.kiosk is not None
        return self.kiosk.window

    def start(self) -> None:
        """Build and show the kiosk, and start listening for exceptions, Qt warnings and error logs."""
        if QApplication.instance() is None:
            raise RuntimeError("create the QApplication first")
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-monkey-")
        folder = Path(self._tmp.name)
        self.path, self.base = self._working_copy(folder)
        self.variants = self._variants(self.base)
        self._previous_qt_handler = qInstallMessageHandler(self._on_qt_message)
        self._saved_showwarning = warnings.showwarning
        warnings.showwarning = self._on_python_warning
        logging.getLogger("kiosk").addHandler(self._log_handler)
        self._saved_hook = sys.excepthook
        start_path = self.path
        if self.start_broken:
            start_path = folder / "broken" / self.path.name
            start_path.parent.mkdir()
            start_path.write_bytes(b"version: 1\nkiosk: [this is not a mapping\n")
        window = build_kiosk(start_path, clock=self.clock, speech_engine="mock", watch=False)
        self.kiosk = window.kiosk  # type: ignore[attr-defined]
        if self.start_broken:
            self.kiosk.content_path = self.path  # staff's Reload now reads the good copy once it is "fixed"
        self._app_hook = sys.excepthook  # the app's crash guard, installed by KioskApp
        sys.excepthook = self._on_exception
        self.sizes = self._fitting_sizes()
        if self.size not in self.sizes:
            self.report.notes.append(f"the window is {self.sizes[0][0]}x{self.sizes[0][1]}, not {self.size[0]}x"
                                     f"{self.size[1]}: the screen is smaller (a finger cannot touch off the screen)")
            self.size = self.sizes[0]
        window.resize(*self.size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        deadline = time.monotonic() + 5
        kiosk = self.kiosk
        # Read aloud starts after the first frame, its mock engine on the speech thread.
        while kiosk.speech_wanted and not (kiosk.speaker and kiosk.speaker.available) and time.monotonic() < deadline:
            QTest.qWait(10)
        self.settle()
        self.phase = "events"
        self._flush()

    def close(self) -> None:
        if self.kiosk is not None:
            with contextlib.suppress(RuntimeError):
                self.window.close()
                self.settle()
                self.window.deleteLater()
                self.settle()
        if self._saved_hook is not None:
            sys.excepthook = self._saved_hook  # also takes out the dead kiosk's crash guard
        self._saved_hook = self._app_hook = None
        logging.getLogger("kiosk").removeHandler(self._log_handler)
        if self._saved_showwarning is not None:
            warnings.showwarning = self._saved_showwarning
            self._saved_showwarning = None
        if self.phase != "closed" and self._previous_qt_handler is not False:
            qInstallMessageHandler(self._previous_qt_handler)
        self.phase = "closed"
        self.kiosk = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _working_copy(self, folder: Path) -> tuple[Path, bytes]:
        """The content in a folder of our own (icons linked), with a cheap staff PIN hash unless told otherwise.

        The bundled PIN hash takes 600,000 PBKDF2 rounds (~0.3 s) per wrong PIN: the monkey would spend
        most of its time hashing. The same content with a 1,000-round hash of :data:`MONKEY_PIN` behaves
        the same at the pad.
        """
        data = self.source.read_bytes()
        self.pin = DEFAULT_PIN if self.source.resolve() == BUNDLED.resolve() else None
        if self.fast_pin:
            fast = weak_hash_pin(MONKEY_PIN, 1000, salt=b"kiosk monkey pin")
            patched, n = re.subn(rb'(?m)^(\s*pin_hash:\s*)"?[^"\r\n#]*"?', lambda m: m.group(1) + b'"' + fast.encode()
                                 + b'"', data)
            if n:
                data, self.pin = patched, MONKEY_PIN
            elif b"pin_hash" not in data:
                self.pin = None
        icons = self.source.parent / "icons"
        if icons.is_dir():
            (folder / "icons").symlink_to(icons.resolve(), target_is_directory=True)
        path = folder / self.source.name
        path.write_bytes(data)
        try:
            loads(data, path)
        except ContentError:
            if not self.start_broken:
                self.out(f"note: {self.source} does not load from a copy (icons elsewhere?); using it in place")
                self.pin = DEFAULT_PIN if self.source.resolve() == BUNDLED.resolve() else None
                return self.source, self.source.read_bytes()
        return path, data

    def _variants(self, base: bytes) -> list[bytes]:
        """Valid variants for hot reloads: fewer or other sections, no self-check, one language, short idle…"""
        out = [base]
        try:
            doc = fuzz.parse(base)
        except yaml.YAMLError:
            return out
        if not isinstance(doc, dict):
            return out

        def variant(change: Callable[[dict[str, Any]], None]) -> None:
            copy = copy_module.deepcopy(doc)
            try:
                change(copy)
                data = fuzz.dump(copy)
                loads(data, self.path)
            except (ContentError, KeyError, IndexError, TypeError, AttributeError):
                return
            out.append(data)

        def one_language(d: dict[str, Any]) -> None:
            langs = d["kiosk"]["languages"]
            first = langs[0]
            d["kiosk"]["languages"] = [first]

            def shrink(node: Any) -> Any:
                if isinstance(node, dict):
                    if node and set(node) <= set(langs) and all(isinstance(v, str) for v in node.values()):
                        return {first: node[first]}
                    return {k: shrink(v) for k, v in node.items()}
                if isinstance(node, list):
                    return [shrink(v) for v in node]
                return node

            d.update(shrink(d))

        variant(lambda d: d["sections"].pop())
        variant(lambda d: d["sections"].pop(0))
        variant(lambda d: d["sections"].reverse())
        variant(lambda d: d.pop("selfcheck"))
        variant(one_language)
        variant(lambda d: d["kiosk"].__setitem__("languages", list(reversed(d["kiosk"]["languages"]))))
        variant(lambda d: d["kiosk"].update(idle_timeout_s=20, idle_warning_s=20))
        variant(lambda d: d.setdefault("theme", {}).__setitem__("high_contrast", True))
        variant(lambda d: d.pop("display"))
        variant(lambda d: d["kiosk"].__setitem__("speech", False))
        return out

    # -- capture ---------------------------------------------------------------------------------------
    def _fail(self, kind: str, summary: str, detail: str = "") -> None:
        self.report.failures.append(Failure(kind, self.event, summary, detail, list(self.recent)))

    def _on_exception(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        self._seen.add(id(value))
        self._fail("exception", f"{kind.__name__}: {value}", "".join(traceback.format_exception(kind, value, tb)))
        if self._app_hook is not None:
            self._app_hook(kind, value, tb)

    def _on_error_record(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            if id(record.exc_info[1]) in self._seen:
                return  # the crash guard logging what the excepthook wrapper already counted
            self._seen.add(id(record.exc_info[1]))
            detail = "".join(traceback.format_exception(*record.exc_info))
            self._fail("exception", f"{record.name}: {record.getMessage()}", detail)
        elif self.phase == "startup":  # e.g. "content file cannot be used" when starting from a broken file
            self.report.startup_messages.append(f"{record.name} {record.levelname}: {record.getMessage()[:120]}")
        else:
            self._fail("error log", f"{record.name}: {record.getMessage()}")

    def _on_qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg and mode != QtMsgType.QtInfoMsg and not IGNORED_QT.search(message):
            if self.phase == "startup" and STARTUP_QT.search(message):
                self.report.startup_messages.append(f"{context.category}: {message}")
            else:
                where = f" ({context.file}:{context.line}, {context.function})" if context.file else ""
                self._fail("qt warning", f"{mode.name} [{context.category}] {message}{where}")
        if self._previous_qt_handler:
            self._previous_qt_handler(mode, context, message)

    def _on_python_warning(self, message: Warning | str, category: type[Warning], filename: str, lineno: int,
                           file: Any = None, line: str | None = None) -> None:
        self._fail("python warning", f"{category.__name__}: {message} ({filename}:{lineno})")

    def _flush(self, quiet: bool = False) -> None:
        """Print failures found since the last call, each with the seed and the events that led to it.

        A failure whose summary was already printed is only counted (a bug met a thousand times is one bug).
        """
        new = self.report.failures[self._reported:]
        self._reported = len(self.report.failures)
        for failure in new:
            key = (failure.kind, re.sub(r"\d+", "N", failure.summary))
            self._printed[key] += 1
            if not quiet and self._printed[key] == 1:
                self.out(failure.format(self.seed))

    # -- driving --------------------------------------------------------------------------------------
    def settle(self) -> None:
        """Let queued work run, and delete what was deleteLater()'d, as the event loop would."""
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()

    def screen_name(self) -> str:
        assert self.kiosk is not None
        try:
            name = type(self.window.screen_widget).__name__
        except RuntimeError:
            return "?"
        return name + ("+overlay" if self.kiosk.overlay is not None else "")

    def run(self, events: int, *, warmup: int = 0, settle: bool = False, progress: int = 0,
            trace_python: bool = False) -> Report:
        """Drive *warmup* events, then *events* more; RSS and widget counts are taken when the warm-up ends,
        at four points after it and at the end. Without *warmup*, memory is not measured.

        With *settle*, the warm-up goes on past *warmup* until memory between patients has stopped rising
        (:func:`settled`, a reading every :data:`SETTLE_EVERY` events, at most another *events* events),
        so that the growth judged is over *events* events once warm, not the allocators' free space still
        settling after the run's first reloads. With *progress*, a line every that many events says how it
        is going. With *trace_python*, Python's own allocations are traced from the warm-up on
        (``tracemalloc``, ~3x slower), so that growth in Python objects can be told from growth in Qt's
        heap or free space the allocator keeps."""
        self._started = time.perf_counter()
        self._progress = progress
        report = self.report
        try:
            if self._advance(warmup) and warmup and settle:
                report.warm_series.append((report.events, self._measure()[0]))
                limit = report.events + events
                while not settled([rss for _n, rss in report.warm_series]) and report.events < limit:
                    if not self._advance(min(SETTLE_EVERY, limit - report.events)):
                        break
                    report.warm_series.append((report.events, self._measure()[0]))
                report.settled = settled([rss for _n, rss in report.warm_series])
            if not warmup or self.kiosk is None:
                self._advance(events)
            else:
                report.warm_events, report.warm_seconds = report.events, time.perf_counter() - self._started
                report.rss_start, report.anon_start, report.widgets_start = self._measure()
                report.heap_start = heap_in_use()
                report.series.append((report.events, report.rss_start))
                if trace_python:
                    tracemalloc.start(TRACE_FRAMES)
                    report.traced.append((report.events, 0))
                every = max(1, events // 4)
                for part in range(4):
                    if not self._advance(every if part < 3 else events - 3 * every):
                        break
                    if part < 3:
                        report.series.append((report.events, self._measure()[0]))
                        self._trace(report.events)
                if self.kiosk is not None and self.window.isVisible():
                    report.rss_end, report.anon_end, report.widgets_end = self._measure()
                    report.heap_end = heap_in_use()
                    report.series.append((report.events, report.rss_end))
                    self._trace(report.events, last=True)
            report.seconds = time.perf_counter() - self._started
        finally:
            if trace_python:
                tracemalloc.stop()
        self._flush()
        return report

    def _advance(self, count: int) -> bool:
        """*count* more events; False if the window closed on the way (a failure, recorded)."""
        for _ in range(count):
            self.step()
            n = self.report.events
            if self._progress and n % self._progress == 0:
                elapsed = time.perf_counter() - self._started
                self.out(f"  … {n} events, {n / elapsed:.0f} events/s, {len(self.report.failures)} failures, "
                         f"RSS {rss_bytes() / 1024 / 1024:.0f} MiB")
            if self.kiosk is None or not self.window.isVisible():
                self._fail("unresponsive", "the window closed")
                self._flush()
                return False
        return True

    def _trace(self, n: int, *, last: bool = False) -> None:
        """Record what tracemalloc holds, measured in the same state as RSS; at the end, where it came from."""
        if not tracemalloc.is_tracing():
            return
        self.report.traced.append((n, tracemalloc.get_traced_memory()[0]))
        if last:
            self.report.traced_top = traced_places(tracemalloc.take_snapshot())

    def _measure(self) -> tuple[int, int, int]:
        """Resident memory and live widgets in the same state each time: between patients, on the bundled
        file at the starting size, section screens built ahead, everything dropped deleted and the
        allocator's free pages given back -- what the kiosk does when a session ends. Compared like with
        like, any growth left is memory that is never given back."""
        kiosk = self.kiosk
        assert kiosk is not None
        self.window.resize(*self.size)
        self.settle()
        kiosk.reset_session()
        kiosk.content_loaded(loads(self.base, self.path))
        deadline = time.monotonic() + 30
        while not kiosk.sections_prepared and time.monotonic() < deadline:
            self.settle()
        self.settle()
        gc.collect()
        release_free_memory()
        return rss_bytes(), rss_split()[0], len(QApplication.allWidgets())

    def step(self) -> None:
        """One weighted random event, then let Qt settle and check the screen agrees with the navigator."""
        assert self.kiosk is not None
        self.event += 1
        self.report.events += 1
        # Each event draws from its own generator, so an event that finds a different screen on a replay
        # (Qt's timing is real) does not shift every later event's choices.
        self.rng = random.Random(f"{self.seed}:{self.event}")
        kinds = list(self.weights)
        kind = self.rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]
        before = self.screen_name()
        first_failure = len(self.report.failures)
        began = time.perf_counter()
        try:
            detail = getattr(self, f"_do_{kind}")()
            self.settle()
        except Exception as exc:
            detail = f"raised {type(exc).__name__}"
            self.recent.append(f"#{self.event} {kind}: {detail} [{before}]")
            self._seen.add(id(exc))
            self._fail("exception", f"{type(exc).__name__} in a {kind} event: {exc}", traceback.format_exc())
            with contextlib.suppress(Exception):
                self.settle()
        else:
            self.report.counts[kind] += 1
            self.report.times[kind] += time.perf_counter() - began
            self.recent.append(f"#{self.event} {kind}: {detail} [{before} → {self.screen_name()}]")
        for failure in self.report.failures[first_failure:]:
            failure.recent = list(self.recent)  # with the event during which it happened, last
        self._check_consistent()
        self._flush()

    # -- taps -----------------------------------------------------------------------------------------
    def _forbidden(self) -> list[QRect]:
        """Where a tap must not land: Exit kiosk on the staff panel would end the run, not test anything."""
        screen = self.window.screen_widget
        if isinstance(screen, StaffPanelScreen):
            b = screen.exit_button
            return [QRect(b.mapTo(self.window, QPoint(0, 0)), b.size())]
        return []

    def _allowed(self, point: QPoint) -> bool:
        return not any(r.contains(point) for r in self._forbidden())

    def touch(self, point: QPoint, hold_ms: int = 0) -> None:
        self._last_tap = (time.monotonic(), point)
        win = self.window.windowHandle()
        QTest.touchEvent(win, touch_device()).press(0, point, win).commit()
        if hold_ms:
            QTest.qWait(hold_ms)
        QTest.touchEvent(win, touch_device()).release(0, point, win).commit()

    def tap_widget(self, widget: QWidget, *, mouse: bool = False) -> str:
        """Tap (or click) a random point well inside *widget*. A visible, enabled button that nothing covers
        must then have been clicked: if not, the tap was lost (a "lost tap" failure)."""
        QApplication.processEvents()  # a finger taps what is on the screen: let pending layouts settle first
        if not shiboken6.isValid(widget):  # the screen was rebuilt meanwhile (a display change, a reload)
            return "skipped (gone before the finger landed)"
        name = _name(widget)
        rect = widget.visibleRegion().boundingRect()
        if rect.isEmpty():  # scrolled out of sight: a patient scrolls to it first
            area = _ancestor(widget, QScrollArea)
            if area is not None:
                area.ensureWidgetVisible(widget)
                QApplication.processEvents()
                rect = widget.visibleRegion().boundingRect()
            if rect.isEmpty():
                return f"skipped {name} (out of sight)"
        inner = QPoint(rect.x() + self.rng.randint(rect.width() // 4, max(rect.width() // 4, 3 * rect.width() // 4)),
                       rect.y() + self.rng.randint(rect.height() // 4, max(rect.height() // 4, 3 * rect.height() // 4)))
        point = widget.mapTo(self.window, inner)
        if not self._allowed(point):
            return f"skipped {name}"
        watched = isinstance(widget, QPushButton) and self._should_click(widget, point)
        clicks: list[bool] = []

        def clicked(*_args: object) -> None:
            clicks.append(True)

        if watched:
            widget.clicked.connect(clicked)
        quick = self._quick_second_tap(point)
        if mouse:
            QTest.mouseClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             point)
        else:
            self.touch(point)
        if watched:
            with contextlib.suppress(RuntimeError, TypeError):  # the click may have deleted the button's screen
                widget.clicked.disconnect(clicked)
            self.report.taps_checked += 1
            if not clicks:
                self.report.taps_lost += 1
                kind = "a quick second tap" if quick else "a tap"
                self._fail("lost tap", f"{kind} on a visible, enabled, uncovered button did not click it",
                           f"{'click' if mouse else 'tap'} on {name} at {point.x()},{point.y()} on "
                           f"{type(self.window.screen_widget).__name__} ({self._scroll_context(widget)}; "
                           f"{self._previous})")
        lost = " — LOST" if watched and not clicks else ""
        return f"{'click' if mouse else 'tap'} {name} at {point.x()},{point.y()}{lost}"

    def _should_click(self, button: QPushButton, point: QPoint) -> bool:
        """True when a tap at *point* must click *button*: it is what lies there, and nothing may swallow it."""
        kiosk = self.kiosk
        assert kiosk is not None
        if not (button.isVisible() and button.isEnabled()) or kiosk.overlay is not None:
            return False
        if _button_of(_widget_at(self.window, point)) is not button:
            return False
        watcher = kiosk.input
        if watcher._swallow_until_release or watcher.idle.state_at(self.clock()) is not IdleState.ACTIVE:
            return False  # the tap answers "Are you still there?" or ends an expired session, by design
        parent = button.parentWidget()
        while parent is not None:  # a tap on a list that is still gliding stops it, by design
            if QScroller.hasScroller(parent) and QScroller.scroller(parent).state() != QScroller.State.Inactive:
                return False
            parent = parent.parentWidget()
        return True

    def _quick_second_tap(self, point: QPoint) -> bool:
        """True when the last tap was close enough, soon enough, to make this one a double tap."""
        now = time.monotonic()
        last, self._last_tap = self._last_tap, (now, point)
        if last is None:
            self._previous = "no tap before"
            return False
        distance = (point - last[1]).manhattanLength()
        self._previous = f"the previous touch or click {(now - last[0]) * 1000:.0f} ms before, {distance} px away"
        return (now - last[0]) * 1000 < QApplication.doubleClickInterval() and distance < 40

    def _scroll_context(self, widget: QWidget) -> str:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QAbstractScrollArea):
                kinetic = QScroller.hasScroller(parent.viewport())
                return f"inside a {'kinetic ' if kinetic else ''}scroll area"
            parent = parent.parentWidget()
        return "not in a scroll area"

    def random_point(self) -> QPoint:
        w, h = self.window.width(), self.window.height()
        r = self.rng.random()
        if r < 0.15:  # a corner
            x = self.rng.choice([0, w - 1]) + self.rng.randint(0, 40) * (1 if self.rng.random() < 0.5 else -1)
            y = self.rng.choice([0, h - 1]) + self.rng.randint(0, 40) * (1 if self.rng.random() < 0.5 else -1)
            return QPoint(min(max(x, 0), w - 1), min(max(y, 0), h - 1))
        if r < 0.25:  # along an edge
            near = self.rng.randint(0, 5)
            if self.rng.random() < 0.5:
                return QPoint(self.rng.randrange(w), self.rng.choice([near, h - 1 - near]))
            return QPoint(self.rng.choice([near, w - 1 - near]), self.rng.randrange(h))
        return QPoint(self.rng.randrange(w), self.rng.randrange(h))

    def buttons(self) -> list[QPushButton]:
        """Buttons a finger can reach now: shown, and not scrolled entirely out of sight."""
        forbidden = self._forbidden()
        found = []
        for b in self.window.findChildren(QPushButton):
            where = QRect(b.mapTo(self.window, QPoint(0, 0)), b.size())
            if b.isVisible() and not b.visibleRegion().isEmpty() and not any(r.intersects(where) for r in forbidden):
                found.append(b)
        return found

    def _do_tap(self) -> str:
        point = self.random_point()
        if not self._allowed(point):
            return "skipped (Exit kiosk)"
        QApplication.processEvents()
        self.touch(point, hold_ms=0)
        return f"tap at {point.x()},{point.y()} on {_name(_widget_at(self.window, point))}"

    def _do_tap_button(self) -> str:
        buttons = self.buttons()
        if not buttons:
            return self._do_tap()
        return self.tap_widget(self.rng.choice(buttons))

    def _do_click(self) -> str:
        if self.rng.random() < 0.5 and (buttons := self.buttons()):
            return self.tap_widget(self.rng.choice(buttons), mouse=True)
        point = self.random_point()
        if not self._allowed(point):
            return "skipped (Exit kiosk)"
        self._last_tap = (time.monotonic(), point)
        QTest.mouseClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        return f"click at {point.x()},{point.y()}"

    def _do_double_click(self) -> str:
        point = self.random_point()
        if not self._allowed(point):
            return "skipped (Exit kiosk)"
        QTest.mouseDClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        return f"double click at {point.x()},{point.y()}"

    def _do_swipe(self) -> str:
        w, h = self.window.width(), self.window.height()
        start = QPoint(self.rng.randint(w // 5, 4 * w // 5), self.rng.randint(h // 4, 3 * h // 4))
        dy = self.rng.choice([-1, 1]) * self.rng.randint(h // 8, h // 2)
        dx = self.rng.randint(-w // 20, w // 20)
        end = QPoint(min(max(start.x() + dx, 0), w - 1), min(max(start.y() + dy, 0), h - 1))
        if not (self._allowed(start) and self._allowed(end)):
            return "skipped (Exit kiosk)"
        win = self.window.windowHandle()
        steps = self.rng.randint(4, 8)
        QTest.touchEvent(win, touch_device()).press(0, start, win).commit()
        for i in range(1, steps + 1):
            QTest.qWait(self.rng.randint(5, 15))
            at = QPoint(start.x() + (end.x() - start.x()) * i // steps, start.y() + (end.y() - start.y()) * i // steps)
            QTest.touchEvent(win, touch_device()).move(0, at, win).commit()
        QTest.touchEvent(win, touch_device()).release(0, end, win).commit()
        return f"swipe {start.x()},{start.y()} → {end.x()},{end.y()} in {steps} moves"

    # -- staff corner and PIN pad ---------------------------------------------------------------------
    def _do_staff(self) -> str:
        """Five taps in the top-left 20 mm within 3 s of fake time, then wrong PINs (rarely the right one)."""
        assert self.kiosk is not None
        kiosk = self.kiosk
        units = kiosk.units
        # The gesture cannot fire when the first tap only answers "Are you still there?" or ends an expired
        # session (those taps are swallowed), nor for a screen with no content.
        fair = (kiosk.overlay is None and kiosk.content is not None
                and kiosk.input.idle.next_deadline() > self.clock() and not kiosk.input._swallow_until_release)
        taps: list[tuple[float, float]] = []
        for _ in range(5):
            mm = (self.rng.uniform(1, 18), self.rng.uniform(1, 18))
            point = QPoint(units.w(mm[0]), units.h(mm[1]))
            QApplication.processEvents()
            self.touch(point)
            taps.append(mm)
            self.clock.advance(self.rng.uniform(0.1, 0.55))
        self.settle()
        said = "; ".join(f"{x:.0f},{y:.0f}" for x, y in taps)
        screen = self.window.screen_widget
        if not isinstance(screen, PinPadScreen):
            if fair:
                seen = kiosk.input.units
                as_seen = "; ".join(f"{seen.to_mm_w(units.w(x)):.0f},{seen.to_mm_h(units.h(y)):.0f}" for x, y in taps)
                self._fail("staff corner", "five taps inside the 20 mm staff corner did not open the PIN pad",
                           f"taps at {said} mm (the window's {units.px_per_mm_x:.2f}×{units.px_per_mm_y:.2f} px/mm); "
                           f"InputWatcher converts with {seen.px_per_mm_x:.2f}×{seen.px_per_mm_y:.2f} px/mm, so it "
                           f"saw {as_seen} mm")
            return f"corner ×5 ({said} mm) → {type(screen).__name__}, no pad"
        done = ["corner ×5 → pad"]
        right = self.pin is not None and self.rng.random() < 0.1
        for attempt in range(1 if right else self.rng.randint(1, 3)):
            screen = self.window.screen_widget
            if not isinstance(screen, PinPadScreen):
                break
            pin = self.pin if right and self.pin else "".join(self.rng.choice("0123456789")
                                                                for _ in range(self.rng.randint(4, 8)))
            if pin == self.pin and not right:
                pin = pin[:-1] + str((int(pin[-1]) + 1) % 10)
            for i, digit in enumerate(pin):
                screen = self.window.screen_widget  # the pad is rebuilt if the display changes meanwhile
                if not isinstance(screen, PinPadScreen):
                    break
                self.tap_widget({k.words(): k for k in screen.keys}[digit])
                if not right and i == 2 and self.rng.random() < 0.1:
                    self.tap_widget(screen.clear_button)
            screen = self.window.screen_widget
            if not isinstance(screen, PinPadScreen):
                break
            self.tap_widget(screen.enter_button)
            self.settle()
            shown = self.window.screen_widget
            message = shown.message.text() if isinstance(shown, PinPadScreen) else type(shown).__name__
            done.append(f"{'right' if right else 'wrong'} PIN #{attempt + 1} → {message}")
        screen = self.window.screen_widget
        if isinstance(screen, StaffPanelScreen):
            if self.rng.random() < 0.5:
                self.tap_widget(screen.reload_button)
                self.settle()
                done.append("Reload now")
            screen = self.window.screen_widget
            if isinstance(screen, StaffPanelScreen) and self.rng.random() < 0.7:
                self.tap_widget(screen.leave_button)
                done.append("Leave staff mode")
        elif isinstance(screen, PinPadScreen) and self.rng.random() < 0.5:
            self.tap_widget(screen.cancel_button)
            done.append("Cancel")
        return ", ".join(done)

    # -- settings, speech, self-check -----------------------------------------------------------------
    def _do_access(self) -> str:
        bar = self.window.bar
        screen = self.window.screen_widget
        choices: list[QWidget] = []
        if isinstance(screen, HomeScreen) and screen.language_button is not None:
            choices += [screen.language_button] * 2
        if bar is not None:
            choices += [b for b in (bar.smaller_button, bar.larger_button, bar.contrast_button)  # type: ignore[attr-defined]
                        if b.isVisible()]
        choices = [c for c in choices if c.isVisible()]
        if not choices:
            return self._do_tap_button()
        return self.tap_widget(self.rng.choice(choices), mouse=self.rng.random() < 0.15)

    def _do_read_aloud(self) -> str:
        bar = self.window.bar
        if bar is None:
            return self._do_tap()
        button = bar.read_button  # type: ignore[attr-defined]
        repeat = bar.repeat_button  # type: ignore[attr-defined]
        if repeat.isVisible() and repeat.isEnabled() and self.rng.random() < 0.3:
            button = repeat
        if not button.isVisible():
            return "Read aloud hidden; " + self._do_tap_button()
        return self.tap_widget(button)

    def _do_selfcheck(self) -> str:
        """One step along the self-check: its tile, Start, an answer (or Back / Start over / Home), Done."""
        assert self.kiosk is not None
        if self.kiosk.overlay is not None:
            return self.tap_widget(self.kiosk.overlay.stay_button)
        screen = self.window.screen_widget
        r = self.rng.random()
        target: QWidget | None = None
        if isinstance(screen, QuestionScreen):
            target = (self.rng.choice(screen.answers) if r < 0.8 else screen.back_button if r < 0.87
                      else screen.start_over_button if r < 0.94 else screen.home_button)
        elif isinstance(screen, SelfCheckIntroScreen):
            target = screen.start_button if r < 0.85 else screen.home_button
        elif isinstance(screen, OutcomeScreen):
            target = screen.done_button if r < 0.6 else None
        elif isinstance(screen, HomeScreen):
            target = getattr(screen, "selfcheck_button", None)
        elif isinstance(screen, SectionScreen):
            target = screen.home_button
        elif isinstance(screen, PinPadScreen):
            target = screen.cancel_button
        if target is None:
            return self._do_swipe() if isinstance(screen, OutcomeScreen) else self._do_tap()
        return self.tap_widget(target)

    # -- time, reloads, size --------------------------------------------------------------------------
    def _do_idle(self) -> str:
        assert self.kiosk is not None
        seconds = self.rng.uniform(30, 120)
        self.clock.advance(seconds)
        said = f"{seconds:.0f} s pass"
        if self.rng.random() < 0.8:
            self.kiosk.input.poll()
            said += ", timer polled"
            if self.rng.random() < 0.5:
                more = self.rng.uniform(0, 30)
                self.clock.advance(more)
                self.kiosk.input.poll()
                said += f", {more:.0f} s more, polled"
        else:
            said += " (timer late: the next touch finds the session expired)"
        return said

    def _do_reload_valid(self) -> str:
        assert self.kiosk is not None
        index = self.rng.randrange(len(self.variants))
        content = loads(self.variants[index], self.path)
        self.kiosk.content_loaded(content)
        return f"content_loaded(variant {index})"

    def _do_reload_broken(self) -> str:
        assert self.kiosk is not None
        name = self.rng.choice(BROKEN_MUTATORS)
        seed = self.rng.randrange(2**32)
        data = fuzz.mutate(self.base, name, seed)
        try:
            content: Content = loads(data, self.path)
        except ContentError as exc:
            self.kiosk.content_failed(exc)
            return f"content_failed({name}:{seed}: {exc.problems[0].message[:60]!r})"
        except Exception as exc:  # the watcher would turn this into a failed reload; it is still a bug
            self._seen.add(id(exc))
            self._fail("exception", f"the loader raised {type(exc).__name__} on a damaged file "
                                    f"(python -m tools.fuzz --replay bundled:{name}:{seed} if the base is bundled)",
                       traceback.format_exc())
            message = f"the kiosk could not check this file ({type(exc).__name__}: {exc})"
            self.kiosk.content_failed(ContentError(self.path, [Problem(Mark(), message)]))
            return f"loader raised {type(exc).__name__} ({name}:{seed})"
        self.kiosk.content_loaded(content)
        return f"content_loaded(damaged but valid: {name}:{seed})"

    def _fitting_sizes(self) -> list[tuple[int, int]]:
        """The window sizes that fit on the screen, the requested one first.

        Qt's gesture manager finds a gesture's target from its global hot spot; a touch beyond the
        screen's edge (a window larger than the offscreen platform's 800×800 screen) has none and Qt
        warns. A real finger never touches off the screen, so the monkey keeps the window on it.
        """
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 10_000, 10_000)
        margin = 8  # the window's frame
        fits = [s for s in (self.size, *SIZES) if s[0] + margin <= area.width() and s[1] + margin <= area.height()]
        return list(dict.fromkeys(fits)) or [(area.width() - margin, area.height() - margin)]

    def _do_resize(self) -> str:
        size = self.rng.choice(self.sizes)
        self.window.resize(*size)
        return f"resize to {size[0]}x{size[1]}"

    # -- checks ---------------------------------------------------------------------------------------
    def _check_consistent(self) -> None:
        kiosk = self.kiosk
        if kiosk is None or not self.window.isVisible():
            return
        screen = self.window.screen_widget
        place = kiosk.nav.current
        if kiosk.content is None:
            expected: tuple[type, ...] = (UpdatingScreen,)
        elif place == HOME:
            expected = (HomeScreen,)
        elif place[0] == "section":
            expected = (SectionScreen,)
        elif place == SELFCHECK_INTRO:
            expected = (SelfCheckIntroScreen,) if kiosk.content.selfcheck is not None else (HomeScreen,)
        elif place == SELFCHECK_FLOW:
            expected = (QuestionScreen, OutcomeScreen) if kiosk.selfcheck is not None else (HomeScreen,)
        elif place == STAFF_PIN:
            expected = (PinPadScreen,)
        elif place == STAFF_PANEL:
            expected = (StaffPanelScreen,)
        else:
            expected = ()
        if not isinstance(screen, expected):
            self._fail("inconsistent", f"the navigator is at {place} but the window shows {type(screen).__name__}")
        if kiosk.overlay is not None and not kiosk.overlay.isVisible():
            self._fail("inconsistent", "an idle overlay exists but is hidden")

    def responsive(self) -> tuple[bool, str]:
        """Go home and tap the first section's tile: the kiosk must open that section."""
        assert self.kiosk is not None
        kiosk = self.kiosk
        if kiosk.overlay is not None:
            self.tap_widget(kiosk.overlay.stay_button)
            self.settle()
        kiosk.input.poll()
        kiosk.home()
        self.settle()
        screen = self.window.screen_widget
        if kiosk.content is None:
            ok = isinstance(screen, UpdatingScreen)
            return ok, f"no valid content: {type(screen).__name__}"
        if not isinstance(screen, HomeScreen):
            return False, f"home() shows {type(screen).__name__}"
        tile = next(t for t in screen.tiles if t.property("section_id"))  # tap_widget scrolls to it if need be
        for attempt in ("a tap", "a second tap, after a pause"):
            QTest.qWait(QApplication.doubleClickInterval() + 50)  # a fresh tap, not the second half of a double tap
            said = self.tap_widget(tile)
            self.settle()
            if isinstance(self.window.screen_widget, SectionScreen):
                return True, f"{attempt} opened the section"
        return False, f"{said}: the window still shows {type(self.window.screen_widget).__name__}"


def _ancestor(widget: QWidget, kind: type[Any]) -> Any:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parentWidget()
    return parent


def _widget_at(window: QWidget, point: QPoint) -> QWidget | None:
    """The widget a finger at *point* (in *window*) lands on, or None for the window itself.

    Not ``window.childAt``: PySide6 makes what it returns a Python child of *window*, and a widget Qt
    made itself (a scroll area's viewport) then stays referenced from *window* after Qt deleted it --
    the monkey's own taps made memory grow between patients, measured, as no patient's could.
    """
    widget = QApplication.widgetAt(window.mapToGlobal(point))
    return widget if widget is not None and widget is not window and widget.window() is window else None


def _button_of(widget: QWidget | None) -> QPushButton | None:
    while widget is not None and not isinstance(widget, QPushButton):
        widget = widget.parentWidget()
    return widget


def _name(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    button = widget
    while button is not None and not isinstance(button, QPushButton):
        button = button.parentWidget()
    if isinstance(button, QPushButton):
        return f"button {button.accessibleName()!r}"
    return type(widget).__name__ if not widget.objectName() else f"{type(widget).__name__}#{widget.objectName()}"


def run_monkey(content: Path | str = BUNDLED, *, events: int, seed: int, warmup: int = 0, settle: bool = False,
               size: tuple[int, int] = (1280, 800), fast_pin: bool = True, start_broken: bool = False,
               check_responsive: bool = True, out: Callable[[str], None] | None = None, progress: int = 0,
               trace_python: bool = False) -> Report:
    """Build the kiosk on *content*, drive *warmup* and then *events* events (:meth:`Monkey.run`), check it
    still responds, close it."""
    with Monkey(content, seed=seed, size=size, fast_pin=fast_pin, start_broken=start_broken, out=out) as monkey:
        report = monkey.run(events, warmup=warmup, settle=settle, progress=progress, trace_python=trace_python)
        if check_responsive and monkey.kiosk is not None:
            ok, detail = monkey.responsive()
            report.responsive = ok
            if not ok:
                monkey._fail("unresponsive", detail)
                monkey._flush()
    return report


@contextlib.contextmanager
def _application() -> Iterator[QApplication]:
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
    p = argparse.ArgumentParser(prog="python -m tools.monkey", description=__doc__.split("\n\n")[0])
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
    with _application():
        report = run_monkey(args.content, events=args.events, seed=seed, warmup=warmup, settle=args.warmup is None,
                            size=(width, height), fast_pin=not args.real_pin_hash, start_broken=args.start_broken,
                            progress=1000, trace_python=args.trace_python)
    print(report.summary())
    if report.failures:
        print(f"\n{len(report.failures)} failures; replay with: python -m tools.monkey --seed {seed} "
              f"--events {args.events}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
