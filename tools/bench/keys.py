"""The keypad's figures (issue 25): key press → focus ring painted, and key press → first word spoken.

Keys are real key events on the window's QWindow (``QTest.keyClick``), as a USB keypad's would be. The
first word needs a real engine, warm: speech-dispatcher with espeak-ng. ``KIOSK_BENCH_SPEECH=speechd``
uses the machine's own daemon; otherwise the private PulseAudio + speech-dispatcher stack the real-audio
test starts (tests/services/audio_stack.py) is started for the row and stopped after it, and without
its Debian packages the row is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tools.bench.live import bench_speech_engine
from tools.bench.table import BUNDLED, Row, verdict

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskApp
    from kiosk.ui.window import KioskWindow

RING_ROW = "key press → focus ring painted"
WORD_ROW = "key press → first word (speechd engine, warm)"


def _kiosk(engine: str) -> tuple[KioskWindow, KioskApp, QApplication]:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk, kiosk_of

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = build_kiosk(BUNDLED, speech_engine=engine, watch=False)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    return window, kiosk_of(window), app


def _press_down(window: KioskWindow) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Down)


def focus_ring(presses: int) -> list[Row]:
    """Down, round the home screen's controls: from the key to the ring's paint on the control it moved to
    (with the focus phrase handed to the speech engine, as in keypad mode)."""
    from PySide6.QtCore import QEvent, QObject

    from kiosk.ui.focus import FocusRing

    window, kiosk, app = _kiosk(bench_speech_engine())
    keys = kiosk.keys.navigator
    _press_down(window)  # the first key: keypad mode on, the ring up
    app.processEvents()
    ring = window.findChild(FocusRing)
    assert ring is not None, "the first key showed no focus ring"

    class PaintSpy(QObject):
        painted_on: object = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if watched is ring and event.type() == QEvent.Type.Paint:
                self.painted_on = ring.target
            return False

    spy = PaintSpy()
    ring.installEventFilter(spy)
    samples = []
    for _ in range(presses):
        app.processEvents()
        spy.painted_on = None
        start = time.perf_counter()
        _press_down(window)
        while spy.painted_on is None or spy.painted_on is not keys.focused:
            app.processEvents()
            if time.perf_counter() - start > 5:
                break
        samples.append((time.perf_counter() - start) * 1000)
    ring.removeEventFilter(spy)
    window.close_for_real()
    samples.sort()
    median, p99 = statistics.median(samples), samples[max(0, int(len(samples) * 0.99) - 1)]
    return [(f"{RING_ROW} ({presses} keys)", f"median {median:.1f} ms, p99 {p99:.1f} ms", "median ≤ 16 ms",
             verdict(median <= 16))]


@contextlib.contextmanager
def _speech_dispatcher() -> Iterator[str | None]:
    """Yield None with a speech-dispatcher to talk to, else why there is none."""
    if os.environ.get("KIOSK_BENCH_SPEECH") == "speechd":
        yield None  # the machine's own daemon
        return
    try:
        from tests.services.audio_stack import AudioStack, install_line, missing_packages
    except ImportError as exc:  # the bench run outside a checkout with its tests
        yield f"no audio stack to start ({exc})"
        return
    missing = missing_packages()
    if missing:
        yield f"speech-dispatcher is not running and cannot be started: {install_line(missing)}"
        return
    stack = AudioStack()
    saved = {name: os.environ.get(name) for name in stack.client_env()}
    try:
        stack.start()
        os.environ.update(stack.client_env())
        yield None
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        stack.stop()


def first_word(presses: int) -> list[Row]:
    """Down on the home screen (keypad mode on, the engine warm) → the engine starts the focus phrase."""
    with _speech_dispatcher() as missing:
        if missing is not None:
            return [(WORD_ROW, f"skipped: {missing}", "median ≤ 300 ms", "n/a")]
        return _first_word(presses)


def _first_word(presses: int) -> list[Row]:
    window, kiosk, app = _kiosk("speechd")
    deadline = time.perf_counter() + 30
    while kiosk.speech.speaker is None and time.perf_counter() < deadline:
        app.processEvents()  # the engine is started once the first frame is painted
    speaker = kiosk.speech.speaker
    while speaker is not None and not speaker.ready and time.perf_counter() < deadline:
        app.processEvents()
    if speaker is None or not speaker.available:
        reason = speaker.unavailable_reason if speaker is not None else "the engine did not start in 30 s"
        window.close_for_real()
        return [(WORD_ROW, f"skipped: {reason}", "median ≤ 300 ms", "n/a")]
    heard: list[float] = []
    speaker.said.connect(lambda _part: heard.append(time.perf_counter()))

    def one_key() -> float:
        heard.clear()
        start = time.perf_counter()
        _press_down(window)
        while not heard and time.perf_counter() - start < 10:
            app.processEvents()
        return (heard[0] - start) * 1000 if heard else float("inf")

    for _ in range(3):
        one_key()  # warm: keypad mode on, the voice chosen, espeak-ng loaded
    samples = [one_key() for _ in range(presses)]
    speaker.stop()
    window.close_for_real()
    median = statistics.median(samples)
    return [(f"{WORD_ROW} ({presses} keys)", f"median {median:.0f} ms, worst {max(samples):.0f} ms",
             "median ≤ 300 ms", verdict(median <= 300))]


def keypad_rows(quick: bool) -> list[Row]:
    """Both rows, for the table (``python -m tools.bench.keys`` prints them alone)."""
    return [*focus_ring(50 if quick else 300), *first_word(5 if quick else 20)]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tools.bench.table import machine, table

    rows = keypad_rows(quick=False)
    print(f"Machine: {machine()}")
    print(table(rows))
