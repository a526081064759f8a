"""A child process for start-up measurements: builds a window, quits on its first painted frame.

``python -m kiosk.bench.probe bare|kiosk CONTENT`` prints one line: ``painted <seconds> <peak KiB>``,
seconds counted from the interpreter's start (so imports are included, as a patient would wait for them).
"""

from __future__ import annotations

import os
import resource
import sys
import time

STARTED = time.perf_counter()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    kind = sys.argv[1]
    app = QApplication([])

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                elapsed = time.perf_counter() - STARTED
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                print(f"painted {elapsed:.6f} {peak}", flush=True)
                QTimer.singleShot(0, app.quit)
                app.removeEventFilter(self)
            return False

    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "bare":
        window = QWidget()
        window.resize(1920, 1080)
    else:
        from kiosk.app import build_kiosk

        window = build_kiosk(sys.argv[2])
        window.resize(1920, 1080)
        app.aboutToQuit.connect(window.kiosk.shutdown)  # type: ignore[attr-defined]  # as main.py does
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
