"""The monkey's runner: builds the kiosk, draws weighted random events, and measures memory once warm.

Replays: event *n* of seed *s* always draws from ``random.Random(f"{s}:{n}")``, so it is the same kind
of event with the same random numbers on every run; what it meets can still differ a little, because
the speech engine and kinetic scrolling run on real time.
"""

from __future__ import annotations

import contextlib
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import loads
from kiosk.core.clock import ManualClock
from kiosk.core.memory import heap_in_use, release_free_memory
from tools.handle import KioskHandle
from tools.monkey import memory, probes
from tools.monkey.capture import Capture
from tools.monkey.events import KINDS, WEIGHTS
from tools.monkey.finger import Finger
from tools.monkey.reloads import BUNDLED, variants, working_copy
from tools.monkey.report import Recorder, Report

SIZES = ((1280, 800), (1920, 1080), (1080, 1920), (1024, 600), (800, 1280))


class Monkey:
    """Builds the real kiosk on *content* and drives it. Use as a context manager, then :meth:`run`.

    Its parts: a :class:`~tools.monkey.capture.Capture` listening for exceptions and warnings, a
    :class:`~tools.monkey.finger.Finger` that taps, the event kinds of :mod:`tools.monkey.events`, the
    checks of :mod:`tools.monkey.probes`, all writing to one :class:`~tools.monkey.report.Recorder`.
    """

    def __init__(self, content: Path | str = BUNDLED, *, seed: int, size: tuple[int, int] = (1280, 800),
                 fast_pin: bool = True, start_broken: bool = False,
                 out: Callable[[str], None] | None = None, weights: dict[str, float] | None = None) -> None:
        self.source = Path(content)
        self.seed = seed
        self.rng = random.Random(seed)
        self.size = size
        self.fast_pin = fast_pin
        self.start_broken = start_broken
        self.weights = dict(weights or WEIGHTS)
        self.clock = ManualClock()
        self.report = Report(seed)
        self.recorder = Recorder(self.report, out or (lambda text: print(text, file=sys.stderr, flush=True)))
        self.capture = Capture(self.recorder)
        self.pin: str | None = None
        self.handle: KioskHandle | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
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
        assert self.handle is not None
        return self.handle.window

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
        copy = working_copy(self.source, folder, fast_pin=self.fast_pin, start_broken=self.start_broken,
                            out=self.recorder.out)
        self.path, self.base, self.pin = copy.path, copy.data, copy.pin
        self.variants = variants(self.base, self.path)
        self.capture.listen()
        start_path = self.path
        if self.start_broken:
            start_path = folder / "broken" / self.path.name
            start_path.parent.mkdir()
            start_path.write_bytes(b"version: 1\nkiosk: [this is not a mapping\n")
        handle = self.handle = KioskHandle.build(start_path, clock=self.clock, speech_engine="mock", watch=False)
        if self.start_broken:
            handle.set_content_path(self.path)  # staff's Reload now reads the good copy once it is "fixed"
        self.capture.wrap_crash_guard()
        self.finger = Finger(handle, self.clock, self.recorder)
        self.sizes = self._fitting_sizes()
        if self.size not in self.sizes:
            self.report.notes.append(f"the window is {self.sizes[0][0]}x{self.sizes[0][1]}, not {self.size[0]}x"
                                     f"{self.size[1]}: the screen is smaller (a finger cannot touch off the screen)")
            self.size = self.sizes[0]
        window = handle.window
        window.resize(*self.size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        deadline = time.monotonic() + 5
        # Read aloud starts after the first frame, its mock engine on the speech thread.
        while handle.speech_wanted() and not ((speaker := handle.speaker()) and speaker.available) \
                and time.monotonic() < deadline:
            QTest.qWait(10)
        self.settle()
        self.recorder.phase = "events"
        self.recorder.flush()

    def close(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(RuntimeError):
                self.window.close()
                self.settle()
                self.window.deleteLater()
                self.settle()
        self.capture.stop()
        self.recorder.phase = "closed"
        self.handle = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

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

    # -- driving --------------------------------------------------------------------------------------
    def settle(self) -> None:
        """Let queued work run, and delete what was deleteLater()'d, as the event loop would."""
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()

    def screen_name(self) -> str:
        assert self.handle is not None
        try:
            name = type(self.handle.screen()).__name__
        except RuntimeError:
            return "?"
        return name + ("+overlay" if self.handle.overlay() is not None else "")

    def run(self, events: int, *, warmup: int = 0, settle: bool = False, progress: int = 0,
            trace_python: bool = False) -> Report:
        """Drive *warmup* events, then *events* more; RSS and widget counts are taken when the warm-up ends,
        at four points after it and at the end. Without *warmup*, memory is not measured.

        With *settle*, the warm-up goes on past *warmup* until memory between patients has stopped rising
        (:func:`~tools.monkey.memory.settled`, a reading every :data:`~tools.monkey.memory.SETTLE_EVERY`
        events, at most another *events* events), so that the growth judged is over *events* events once
        warm, not the allocators' free space still settling after the run's first reloads. With *progress*,
        a line every that many events says how it is going. With *trace_python*, Python's own allocations
        are traced from the warm-up on (``tracemalloc``, ~3x slower), so that growth in Python objects can
        be told from growth in Qt's heap or free space the allocator keeps."""
        self._started = time.perf_counter()
        self._progress = progress
        report = self.report
        try:
            if self._advance(warmup) and warmup and settle:
                report.warm_series.append((report.events, self._measure()[0]))
                limit = report.events + events
                while not memory.settled([rss for _n, rss in report.warm_series]) and report.events < limit:
                    if not self._advance(min(memory.SETTLE_EVERY, limit - report.events)):
                        break
                    report.warm_series.append((report.events, self._measure()[0]))
                report.settled = memory.settled([rss for _n, rss in report.warm_series])
            if not warmup or self.handle is None:
                self._advance(events)
            else:
                report.warm_events, report.warm_seconds = report.events, time.perf_counter() - self._started
                report.rss_start, report.anon_start, report.widgets_start = self._measure()
                report.heap_start = heap_in_use()
                report.series.append((report.events, report.rss_start))
                if trace_python:
                    tracemalloc.start(memory.TRACE_FRAMES)
                    report.traced.append((report.events, 0))
                every = max(1, events // 4)
                for part in range(4):
                    if not self._advance(every if part < 3 else events - 3 * every):
                        break
                    if part < 3:
                        report.series.append((report.events, self._measure()[0]))
                        self._trace(report.events)
                if self.handle is not None and self.window.isVisible():
                    report.rss_end, report.anon_end, report.widgets_end = self._measure()
                    report.heap_end = heap_in_use()
                    report.series.append((report.events, report.rss_end))
                    self._trace(report.events, last=True)
            report.seconds = time.perf_counter() - self._started
        finally:
            if trace_python:
                tracemalloc.stop()
        self.recorder.flush()
        return report

    def _advance(self, count: int) -> bool:
        """*count* more events; False if the window closed on the way (a failure, recorded)."""
        for _ in range(count):
            self.step()
            n = self.report.events
            if self._progress and n % self._progress == 0:
                elapsed = time.perf_counter() - self._started
                self.recorder.out(f"  … {n} events, {n / elapsed:.0f} events/s, {len(self.report.failures)} "
                                  f"failures, RSS {memory.rss_bytes() / 1024 / 1024:.0f} MiB")
            if self.handle is None or not self.window.isVisible():
                self.recorder.fail("unresponsive", "the window closed")
                self.recorder.flush()
                return False
        return True

    def _trace(self, n: int, *, last: bool = False) -> None:
        """Record what tracemalloc holds, measured in the same state as RSS; at the end, where it came from."""
        if not tracemalloc.is_tracing():
            return
        self.report.traced.append((n, tracemalloc.get_traced_memory()[0]))
        if last:
            self.report.traced_top = memory.traced_places(tracemalloc.take_snapshot())

    def _measure(self) -> tuple[int, int, int]:
        """Resident memory and live widgets in the same state each time: between patients, on the bundled
        file at the starting size, section screens built ahead, everything dropped deleted and the
        allocator's free pages given back -- what the kiosk does when a session ends. Compared like with
        like, any growth left is memory that is never given back."""
        handle = self.handle
        assert handle is not None
        self.window.resize(*self.size)
        self.settle()
        handle.reset_session()
        handle.apply_content(loads(self.base, self.path))
        deadline = time.monotonic() + 30
        while not handle.sections_prepared() and time.monotonic() < deadline:
            self.settle()
        self.settle()
        gc.collect()
        release_free_memory()
        return memory.rss_bytes(), memory.rss_split()[0], len(QApplication.allWidgets())

    def step(self) -> None:
        """One weighted random event, then let Qt settle and check the screen agrees with the navigator."""
        assert self.handle is not None
        recorder = self.recorder
        recorder.event += 1
        self.report.events += 1
        # Each event draws from its own generator, so an event that finds a different screen on a replay
        # (Qt's timing is real) does not shift every later event's choices.
        self.rng = self.finger.rng = random.Random(f"{self.seed}:{recorder.event}")
        kinds = list(self.weights)
        kind = self.rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]
        before = self.screen_name()
        first_failure = len(self.report.failures)
        began = time.perf_counter()
        try:
            detail = KINDS[kind](self)
            self.settle()
        except Exception as exc:
            detail = f"raised {type(exc).__name__}"
            recorder.recent.append(f"#{recorder.event} {kind}: {detail} [{before}]")
            recorder.exception(exc, f"{type(exc).__name__} in a {kind} event: {exc}")
            with contextlib.suppress(Exception):
                self.settle()
        else:
            self.report.counts[kind] += 1
            self.report.times[kind] += time.perf_counter() - began
            recorder.recent.append(f"#{recorder.event} {kind}: {detail} [{before} → {self.screen_name()}]")
        for failure in self.report.failures[first_failure:]:
            failure.recent = list(recorder.recent)  # with the event during which it happened, last
        if self.handle is not None:
            for problem in probes.inconsistencies(self.handle):
                recorder.fail("inconsistent", problem)
        recorder.flush()


def run_monkey(content: Path | str = BUNDLED, *, events: int, seed: int, warmup: int = 0, settle: bool = False,
               size: tuple[int, int] = (1280, 800), fast_pin: bool = True, start_broken: bool = False,
               check_responsive: bool = True, out: Callable[[str], None] | None = None, progress: int = 0,
               trace_python: bool = False) -> Report:
    """Build the kiosk on *content*, drive *warmup* and then *events* events (:meth:`Monkey.run`), check it
    still responds, close it."""
    with Monkey(content, seed=seed, size=size, fast_pin=fast_pin, start_broken=start_broken, out=out) as monkey:
        report = monkey.run(events, warmup=warmup, settle=settle, progress=progress, trace_python=trace_python)
        if check_responsive and monkey.handle is not None:
            ok, detail = probes.responsive(monkey)
            report.responsive = ok
            if not ok:
                monkey.recorder.fail("unresponsive", detail)
                monkey.recorder.flush()
    return report
