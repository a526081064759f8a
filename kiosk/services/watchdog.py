"""Tell systemd the kiosk is up, and keep telling it from the event loop, so a frozen kiosk is restarted.

deploy/kiosk.service runs the kiosk with ``Type=notify`` and ``WatchdogSec=``: systemd waits for
``READY=1`` (sent once the first frame is painted: that is when a patient sees the kiosk), then expects
``WATCHDOG=1`` at least once per ``WatchdogSec``, and restarts the service when it stops coming. The pings
come from a QTimer on the GUI thread's event loop, at half the interval systemd gives in ``$WATCHDOG_USEC``
(as sd_watchdog_enabled(3) advises), so they stop exactly when the loop stops turning: a slot stuck on a
hung share, a deadlock, an endless loop. A thread would keep pinging through all of those.

The protocol is sd_notify(3)'s, a few lines of socket code rather than a dependency: one datagram per
message to the AF_UNIX socket named in ``$NOTIFY_SOCKET`` (a path, or an abstract name written with a
leading ``@``). Without ``$NOTIFY_SOCKET`` (a terminal, a preview, the tests) nothing is sent and no timer
runs. ``$WATCHDOG_PID``, when set, names the one process meant to ping (deploy/cage-kiosk.sh clears it:
systemd sets it to cage's PID, and the kiosk is cage's child). The variables are taken out of the
environment once read, so a helper process the kiosk starts never speaks for it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    import socket

log = logging.getLogger("kiosk.watchdog")

NOTIFY_VARS = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


class Watchdog(QObject):
    """``READY=1`` on :meth:`ready`, ``WATCHDOG=1`` every ``WATCHDOG_USEC / 2``, ``STOPPING=1`` on :meth:`stopping`."""

    def __init__(self, parent: QObject | None = None, environ: MutableMapping[str, str] | None = None) -> None:
        super().__init__(parent)
        env = os.environ if environ is None else environ
        settings = {name: env.pop(name, "") for name in NOTIFY_VARS}
        self._address = _address(settings["NOTIFY_SOCKET"])
        self._socket: socket.socket | None = None
        self._failed = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._ping)
        interval_ms = _interval_ms(settings["WATCHDOG_USEC"], settings["WATCHDOG_PID"])
        if self._address is not None:
            import socket  # only under systemd: a start from a terminal does not pay for the module

            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.setblocking(False)  # a full socket buffer must not stall the event loop
            if interval_ms:
                self._timer.setInterval(interval_ms)

    @property
    def active(self) -> bool:
        """systemd asked to be told (``$NOTIFY_SOCKET`` was set)."""
        return self._socket is not None

    @property
    def interval_ms(self) -> int:
        """How often ``WATCHDOG=1`` is sent once ready; 0 when systemd has no watchdog for this process."""
        return self._timer.interval() if self.active and self._timer.interval() > 0 else 0

    def ready(self) -> None:
        """The kiosk is up: say so, and start the pings."""
        if not self.active or self._timer.isActive():
            return
        self._send(b"READY=1")
        if self.interval_ms:
            self._timer.start()

    def stopping(self) -> None:
        """The kiosk is shutting down: no more pings, and systemd knows the silence is wanted."""
        self._timer.stop()
        if self._socket is not None:
            self._send(b"STOPPING=1")
            self._socket.close()
            self._socket = None

    def _ping(self) -> None:
        self._send(b"WATCHDOG=1")

    def _send(self, message: bytes) -> None:
        if self._socket is None or self._address is None:
            return
        try:
            self._socket.sendto(message, self._address)
        except OSError as exc:  # said once: a ping every few seconds must not fill the log
            if not self._failed:
                self._failed = True
                log.warning("cannot notify systemd through %r: %s", self._address, exc)
        else:
            self._failed = False


def _address(value: str) -> str | bytes | None:
    if not value:
        return None
    if value.startswith("@"):  # an abstract socket: a leading NUL byte, not a path
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    log.warning("NOTIFY_SOCKET=%r is neither a path nor an abstract name; systemd will not be notified", value)
    return None


def _interval_ms(usec: str, pid: str) -> int:
    """Half of systemd's watchdog interval, in ms; 0 when there is none, or it is another process's."""
    if pid and pid != str(os.getpid()):
        return 0
    try:
        value = int(usec)
    except ValueError:
        return 0
    return max(1, value // 2000) if value > 0 else 0
