"""Stop cleanly on SIGTERM (the service manager's stop) and SIGINT (Ctrl+C in a terminal).

Without this, SIGTERM killed the kiosk on the spot (no last metrics, no "kiosk stopped" in the log)
and Ctrl+C raised KeyboardInterrupt inside whatever Qt slot ran next, where the crash guard took it
for a bug and sent the screen home. Python runs a signal handler only between bytecodes, and a
kiosk waiting for a touch runs none, so the signal also writes a byte to a pipe that the event loop
watches: the loop wakes, the handler runs, and it ends the loop as the staff panel's Exit does.
"""

from __future__ import annotations

import logging
import os
import signal
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

log = logging.getLogger("kiosk")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopOnSignals(QObject):
    """Quit *app*'s event loop on SIGTERM or SIGINT; :attr:`received` names the signal that came."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.received: str | None = None
        self._app = app
        # For the life of the process: nothing in the kiosk stops watching for these signals.
        self._wake_read, wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._wake_read, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        for number in STOP_SIGNALS:
            signal.signal(number, self._on_signal)

    def _drain(self) -> None:
        """Running any Python here is what lets the pending handler run; the bytes are only a wake-up."""
        try:
            while os.read(self._wake_read, 512):
                pass
        except BlockingIOError:
            pass

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        if self.received is None:  # the first one is the one that stops the kiosk
            self.received = signal.Signals(number).name
            # Posted, not called: if the loop has not started yet, exit() now would be lost. And nothing is
            # logged here: a handler can run inside a log write it interrupted (a write retried after EINTR
            # runs pending handlers), and logging from it re-enters that handler mid-write (seen once in the
            # suite under load: "--- Logging error ---" from the log file's handler as SIGINT came).
            QTimer.singleShot(0, self._exit)

    def _exit(self) -> None:
        log.info("stopping on %s", self.received)
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and kiosk mode's window refuses
        # all but staff's Exit, so the kiosk went on running after systemd's stop (tests/ui/test_stop.py).
        # aboutToQuit is still emitted (the last counters, the speech thread).
        self._app.exit(0)
