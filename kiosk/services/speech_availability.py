"""Whether Read aloud works, and why not: the engine to build, what staff read, and the retry.

Kept apart from what is said (:mod:`kiosk.services.speech`) and from the engine thread
(:mod:`kiosk.services.speech_engine`) because it changes for other reasons: a new platform engine,
a new hint for staff, a different retry policy. Nothing here is spoken text, so nothing here can
log what a patient heard.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("kiosk.speech")

MOCK_ENGINE = "mock"
"""Qt's own test engine: five locales (en_GB, en_US, nb_NO, nn_NO, fi_FI), 100 ms per word, no sound."""

PLATFORM_ENGINES = ("speechd", "flite", "winrt", "sapi", "darwin", "android")
"""Real engines, best first, for ``Speaker(engine=None)``. ``mock`` is never chosen by default."""

RETRY_AFTER_MS = 5 * 60 * 1000
"""While Read aloud is broken, how often the Speaker builds its engine again (speech-dispatcher restarted
by an upgrade, or started after the kiosk): the button comes back by itself, without a restart."""


def resolve_engine(requested: str | None, installed: Sequence[str]) -> tuple[str | None, str]:
    """Pick the engine to build and say why not when none fits: ``(name, "")`` or ``(None, reason)``.

    Checked against ``availableEngines()`` first because Qt reports an unknown engine with
    qCritical and a half-built object, not with a result the caller can act on.
    """
    found = ", ".join(installed) or "none"
    if requested is None:
        for name in PLATFORM_ENGINES:
            if name in installed:
                return name, ""
        real = [name for name in installed if name != MOCK_ENGINE]
        if real:
            return real[0], ""
        return None, f"No text-to-speech engine is installed in Qt (engines found: {found})."
    if requested not in installed:
        return None, f"The text-to-speech engine '{requested}' is not installed in Qt (engines found: {found})."
    return requested, ""


def missing_library(engine: str) -> str:
    """Why *engine* cannot load on this machine, or "" when nothing is missing.

    The speechd plug-in links the system's libspeechd.so.2; when it is absent Qt only logs a
    qCritical and leaves an engine-less object, so look first and give staff the package to install.
    """
    if engine != "speechd" or not sys.platform.startswith("linux"):
        return ""
    try:
        ctypes.CDLL("libspeechd.so.2")
    except OSError:
        return ("libspeechd.so.2 is missing, so Qt's speechd engine cannot load: install the Debian packages "
                "speech-dispatcher and speech-dispatcher-espeak-ng.")
    return ""


class Availability(QObject):
    """Read aloud's health as staff see it: built or not, working or not, why not, and when it retries.

    The Speaker reports each build's outcome here (:meth:`built`) and each failure in use
    (:meth:`broke`); *rebuild* is called by the retry timer while Read aloud is broken.
    """

    def __init__(self, engine: str | None, rebuild: Callable[[], None], retry_after_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_after_ms)
        self._retry.timeout.connect(rebuild)
        self._logged_reason = ""
        self.ready = False  # a build has finished, whether it worked or not
        self.available = False
        self.reason = "Read aloud has not been started yet."
        self.languages: frozenset[str] = frozenset()
        self.warm_up_seconds: float | None = None

    @property
    def unavailable_reason(self) -> str:
        """Why Read aloud does not work, for the staff panel; "" when it does."""
        if self.available:
            return ""
        if self._retry.isActive():
            minutes = max(1, round(self._retry.interval() / 60_000))
            every = "every minute" if minutes == 1 else f"every {minutes} minutes"
            return f"{self.reason} The kiosk tries again {every}."
        return self.reason

    def starting(self) -> None:
        """A build was asked for: say so until the first one has finished."""
        if not self.ready:
            self.reason = "The speech engine is still starting."

    def built(self, ok: bool, reason: str, codes: Sequence[str], seconds: float, *, closed: bool) -> None:
        """A build finished: record the outcome, log it once, and retry later if it failed."""
        self.ready = True
        self.available = ok
        self.reason = reason
        self.languages = frozenset(codes)
        self.warm_up_seconds = seconds
        if ok:
            self._retry.stop()
            self._logged_reason = ""
            log.info("Read aloud ready in %.1f s, voices for %d languages", seconds, len(codes))
        else:
            self._log_failure("Read aloud unavailable: %s", reason)
            self._retry_later(closed)

    def broke(self, reason: str, *, closed: bool) -> bool:
        """The engine failed while in use; True when that changed anything (it was working)."""
        if not self.available:
            return False
        self.available = False
        self.reason = reason
        self._log_failure("Read aloud stopped working: %s", reason)
        self._retry_later(closed)
        return True

    def stop(self) -> None:
        self._retry.stop()

    def _retry_later(self, closed: bool) -> None:
        """Build the engine again in a while: unless closed, or Qt has no such engine at all."""
        if closed or resolve_engine(self._engine, QTextToSpeech.availableEngines())[0] is None:
            return
        self._retry.start()

    def _log_failure(self, message: str, reason: str) -> None:
        """A warning when Read aloud breaks, or breaks differently. The same failure again on a retry adds
        nothing (a machine without speech-dispatcher would log it 288 times a day), so it is only debug."""
        log.log(logging.DEBUG if reason == self._logged_reason else logging.WARNING, message, reason)
        self._logged_reason = reason
