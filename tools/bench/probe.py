"""A child process for start-up measurements: builds a window, quits on its first painted frame.

``python -m tools.bench.probe bare|bare-text|kiosk CONTENT`` prints ``<what> <time> <peak KiB>`` lines,
times read from the system's monotonic clock, which the benchmark also reads just before it launches
the process: so it counts from the launch, the interpreter's own start and site included, as a
patient would wait for them. ``python`` is this module's first line, ``painted`` the first frame.
For ``kiosk`` a line ``child 0 <peak KiB>`` gives the peak of the child process that read the content
file meanwhile, and ``settled`` follows once the work deferred past the first frame is done (Read
aloud started, section screens built ahead), so that deferring is not mistaken for saving.

With ``--exit-at-paint`` the process ends at its first frame, at once and without cleaning up, so that
a counter around the whole process (``perf stat``) counts up to the first frame and no further.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

STARTED = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process of the machine


def main() -> None:
    print(f"python {STARTED:.6f} 0", flush=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    kind = sys.argv[1]
    exit_at_paint = "--exit-at-paint" in sys.argv[3:]
    if kind == "kiosk":  # started as main.py starts it (before Qt is imported: see kiosk.cli.start_kiosk)
        from kiosk.cli import start_kiosk

        window = start_kiosk(Path(sys.argv[2]), fullscreen=False)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])

    def report(what: str) -> None:
        print(f"{what} {time.monotonic():.6f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)

    def settled() -> None:
        try:
            waiting()
        except Exception as exc:  # a slot's exception would only be printed, and the probe wait forever
            print(f"failed {exc!r}", file=sys.stderr, flush=True)
            app.exit(1)

    def waiting() -> None:
        from tools.handle import KioskHandle  # after the first frame: the probe times the kiosk, not the tools

        kiosk = KioskHandle(window)
        speaker = kiosk.speaker()
        speech = not kiosk.speech_wanted() or (speaker is not None and speaker.unavailable_reason
                                               not in ("Read aloud has not been started yet.",
                                                       "The speech engine is still starting."))
        if (not kiosk.sections_prepared() or not speech) and time.monotonic() - STARTED < 20:
            QTimer.singleShot(20, settled)
            return
        report("settled")
        app.quit()

    def painted() -> None:
        report("painted")
        if exit_at_paint:
            os._exit(0)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if children:  # the child that read the content file (kiosk.content.prefetch), gone by now
            print(f"child 0 {children}", flush=True)
        if kind.startswith("bare"):
            app.quit()
        else:
            settled()

    class FirstPaint(QObject):
        """On the window only: a Python filter on the whole application would cost PySide6 ~90 ms and
        ~7 MiB the first time one of Qt's private objects passed through it (see kiosk.ui.window)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, painted)  # once the whole frame, children too, is painted
            return False

    spy = FirstPaint()
    QTimer.singleShot(60_000, lambda: app.exit(2))  # never hang a benchmark run
    if kind in ("bare", "bare-text"):
        window = QWidget()
        window.resize(1920, 1080)
        if kind == "bare-text":  # the floor for any screen with words: Qt's font set-up and one line of text
            from PySide6.QtWidgets import QLabel, QVBoxLayout

            QVBoxLayout(window).addWidget(QLabel("Botox for acne"))
    else:
        window.resize(1920, 1080)
        app.aboutToQuit.connect(lambda: shut_down(window))  # as main.py does
    window.installEventFilter(spy)
    window.show()
    app.exec()


def shut_down(window: object) -> None:
    from tools.handle import KioskHandle

    KioskHandle(window).shutdown()  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
