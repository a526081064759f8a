"""Staff mode: the hidden corner → the PIN pad (with its lockout) → the staff panel and what it says."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk import __version__
from kiosk.content import Content
from kiosk.core.clock import Clock
from kiosk.core.pin import DEFAULT_PIN, AttemptResult, PinLock, is_default
from kiosk.ui.units import Units

log = logging.getLogger("kiosk")
#: How the staff panel and the no-display message name the kiosk's commands: they work as written from
#: the project folder (Debian has no ``python``, and its ``python3`` has no PySide6).
RUN_KIOSK = "scripts/run-kiosk"


class StaffController(QObject):
    """Answers the staff corner and the PIN pad, and gathers the panel's facts.

    Navigation is the owner's: ``pin_requested`` (the corner was tapped; the session must be wiped and
    the PIN pad shown), ``admitted`` (the right PIN: show the panel in the PIN pad's place) and
    ``refused`` (show the PIN pad again, with :attr:`message`)."""

    pin_requested = Signal()
    admitted = Signal()
    refused = Signal()

    def __init__(self, *, clock: Clock, parent: QObject, alerts: Callable[[], str] | None = None) -> None:
        super().__init__(parent)
        self._alerts = alerts  # the panel's Alerts line (kiosk.control.alerts)
        self.clock = clock
        self.started_at = clock()
        self.pin_lock = PinLock(clock=clock)
        self.message = ""  # what the PIN pad says after a wrong PIN; survives a rebuild of the pad

    def corner(self) -> None:
        """Staff take over: whatever a patient left (answers, language, text size) is wiped first."""
        self.message = ""
        self.pin_requested.emit()

    def pin_entered(self, pin: str, content: Content | None) -> None:
        encoded = content.staff.pin_hash if content else None
        result = self.pin_lock.attempt(pin, encoded)
        if result is AttemptResult.OK:
            log.info("staff mode entered")
            self.admitted.emit()
            return
        log.info("staff PIN refused (%s)", result.name.lower())
        self.message = "" if result is AttemptResult.LOCKED else f"Wrong PIN. {self.pin_lock.tries_left} tries left."
        self.refused.emit()

    def pin_pad_state(self, locked_message: Callable[[int], str]) -> tuple[str, bool]:
        """What the PIN pad says, and whether it is locked (after too many wrong PINs: it says how long)."""
        locked = self.pin_lock.locked()
        return (locked_message(self.pin_lock.seconds_left()) if locked else self.message), locked

    def facts(self, content_path: Path, loaded_at: float | None, speech: str) -> list[tuple[str, str]]:
        uptime = int(self.clock() - self.started_at)
        alerts = [("Alerts", self._alerts())] if self._alerts is not None else []
        return [
            ("Content file", str(content_path)),
            ("Loaded", time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(loaded_at))
                       if loaded_at is not None else "nothing valid yet"),
            ("Version", f"kiosk {__version__}"),
            ("Uptime", f"{uptime // 3600}:{uptime // 60 % 60:02d}:{uptime % 60:02d}"),
            ("Read aloud", speech),
            *alerts,
        ]

    @staticmethod
    def warnings(content: Content | None, units: Units) -> list[str]:
        warnings = []
        if content is not None and content.staff.pin_hash and is_default(content.staff.pin_hash):
            warnings.append(f"the staff PIN is still the default ({DEFAULT_PIN}); set your own with "
                            f"{RUN_KIOSK} --hash-pin")
        if content is not None and not content.staff.pin_hash:
            warnings.append("no staff PIN is set: staff mode cannot be entered after a restart")
        if units.fit < 1:
            warnings.append(f"this screen is smaller than the kiosk is laid out for, so everything is drawn at "
                            f"{math.floor(units.fit * 100)} % of its size ({RUN_KIOSK} --check says more)")
        return warnings
