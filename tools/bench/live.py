"""Figures measured in a running kiosk in this process: taps, a reload's frame gap, Read aloud's first word.

Qt is imported inside each function, so that ``python -m tools.bench`` has chosen its platform first.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

from tools.bench.table import BUNDLED, Row, verdict


def navigation(taps: int, growth_taps: int) -> list[Row]:
    """Tap → next screen painted, through real touch events, and memory growth over many taps."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.screens.home import HomeScreen
    from tools.drive import touch_tap, visible_buttons
    from tools.handle import KioskHandle

    app = QApplication.instance() or QApplication([])
    # With a working Read aloud, as patients see the bar (the platform's engine may not run here, and did
    # not on the benchmark machine: the taps were measured without its button).
    kiosk = KioskHandle.build(BUNDLED, speech_engine=bench_speech_engine())
    window = kiosk.window
    window.resize(1920, 1080)
    window.show()
    content = kiosk.content()
    assert content is not None
    titles = [s.title.get("en") for s in content.sections]
    # The kiosk between patients: it builds the section screens ahead of the first tap.
    deadline = time.perf_counter() + 10
    while not kiosk.sections_prepared() and time.perf_counter() < deadline:
        app.processEvents()

    class PaintSpy(QObject):
        """Watches the screens only, and the stack for screens added to it. A filter on the whole
        application (as before 2026-11-27) ran ~200 Python calls a tap for every child widget's
        events, ~3 ms the kiosk itself does not spend: it has no application-wide Python filter."""

        painted: QObject | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.ChildAdded and watched is stack:
                event.child().installEventFilter(self)  # type: ignore[attr-defined]
            elif event.type() == QEvent.Type.Paint and watched is kiosk.screen():
                self.painted = watched
            return False

    spy = PaintSpy()
    stack = kiosk.stack()
    stack.installEventFilter(spy)
    for screen in stack.children():
        screen.installEventFilter(spy)

    def one_tap(n: int) -> float:
        if isinstance(kiosk.screen(), HomeScreen):
            [target] = visible_buttons(window, titles[n % len(titles)])
        else:
            [target] = visible_buttons(window, "Home")
        app.processEvents()
        spy.painted = None
        start = time.perf_counter()
        touch_tap(target)
        while spy.painted is None or spy.painted is not kiosk.screen():
            app.processEvents()
        return time.perf_counter() - start

    samples = sorted(one_tap(n) * 1000 for n in range(taps))
    median = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    for n in range(200):  # warm: caches, fonts, icons
        one_tap(n)
    before = rss_kib()
    for n in range(growth_taps):
        one_tap(n)
    growth = (rss_kib() - before) / 1024
    window.close()
    return [
        (f"tap → next screen painted ({taps} taps)", f"median {median:.1f} ms, p99 {p99:.1f} ms",
         "median ≤ 16 ms, p99 ≤ 50 ms", verdict(median <= 16 and p99 <= 50)),
        (f"memory growth over {growth_taps:,} taps", f"{growth:+.2f} MiB", "≤ 2 MiB", verdict(growth <= 2)),
    ]


def rss_kib() -> int:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def reload_gap() -> list[Row]:
    """The longest gap between painted frames while a 1 MB content file is parsed and swapped in."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.content.generate import content_yaml
    from tools.drive import touch_tap
    from tools.handle import KioskHandle

    app = QApplication.instance() or QApplication([])
    # A big leaflet rather than a thousand tiles: 20 sections of long text, about 1 MB in all.
    paragraphs = 10
    while len(content_yaml(20, paragraphs=paragraphs).encode()) < 1_000_000:
        paragraphs += 10
    text = content_yaml(20, paragraphs=paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content.yaml"
        path.write_text(text, encoding="utf-8")
        kiosk = KioskHandle.build(path, speech_engine="preview")
        window = kiosk.window
        window.resize(1920, 1080)
        window.show()
        deadline = time.perf_counter() + 30
        while not kiosk.sections_prepared() and time.perf_counter() < deadline:
            app.processEvents()  # settled, as between patients
        # A patient is reading the home screen when the file changes: the case where a stall is seen.
        # The notice: a label, so the tap starts a session and opens nothing.
        touch_tap(kiosk.screen().notice)  # type: ignore[union-attr]
        painted: list[float] = []

        class Spy(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
                if event.type() == QEvent.Type.Paint and watched is window:
                    painted.append(time.perf_counter())
                return False

        spy = Spy()
        window.installEventFilter(spy)
        ticker = QTimer()
        ticker.timeout.connect(window.update)
        ticker.start(5)
        done: list[bool] = []
        kiosk.on_reloaded(lambda _c: done.append(True))
        start = time.perf_counter()
        path.write_text(text.replace("Generated kiosk", "Generated kiosk, edited"), encoding="utf-8")
        while not done and time.perf_counter() - start < 60:
            app.processEvents()
        for _ in range(20):  # a few frames after the swap, which includes building the new home screen
            app.processEvents()
            time.sleep(0.005)
        ticker.stop()
        window.removeEventFilter(spy)
        size = path.stat().st_size
        window.close()
    gaps = [b - a for a, b in itertools.pairwise(painted)]
    worst = max(gaps) * 1000 if gaps else float("nan")
    return [(f"longest frame gap during a {size / 1e6:.1f} MB reload", f"{worst:.0f} ms ({len(painted)} frames)",
             "< 100 ms", verdict(worst < 100 if gaps else None))]


def bench_speech_engine() -> str:
    """Qt's mock engine unless KIOSK_BENCH_SPEECH names another ("speechd" where its daemon runs)."""
    return os.environ.get("KIOSK_BENCH_SPEECH", "mock")


def speech_latency(taps: int) -> list[Row]:
    """Tap Read aloud → the engine starts the first part, with a warmed engine."""
    from PySide6.QtWidgets import QApplication

    from tools.drive import touch_tap, visible_buttons
    from tools.handle import KioskHandle

    engine = bench_speech_engine()
    app = QApplication.instance() or QApplication([])
    kiosk = KioskHandle.build(BUNDLED, speech_engine=engine, watch=False)
    window = kiosk.window
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    deadline = time.perf_counter() + 30
    while kiosk.speaker() is None and time.perf_counter() < deadline:
        app.processEvents()  # Read aloud is started once the first frame is painted
    speaker = kiosk.speaker()
    assert speaker is not None, "Read aloud did not start within 30 s"
    speaker.warm_up()
    while not speaker.available and time.perf_counter() < deadline:
        app.processEvents()
    if not speaker.available:
        window.close()
        return [("Read aloud: tap → first word", f"skipped: {speaker.unavailable_reason}", "≤ 300 ms", "n/a")]
    samples = []
    for _ in range(taps):
        heard: list[float] = []
        speaker.said.connect(lambda _part, h=heard: h.append(time.perf_counter()))
        start = time.perf_counter()
        [read_aloud] = visible_buttons(window, "Read aloud")
        touch_tap(read_aloud)
        while not heard and time.perf_counter() - start < 10:
            app.processEvents()
        samples.append((heard[0] - start) * 1000 if heard else float("inf"))
        speaker.said.disconnect()
        speaker.stop()
        while speaker.speaking:
            app.processEvents()
    window.close()
    median = statistics.median(samples)
    return [(f"Read aloud: tap → first word ({engine} engine)", f"median {median:.0f} ms, worst {max(samples):.0f} ms",
             "≤ 300 ms", verdict(median <= 300))]
