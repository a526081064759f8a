"""The reload policy: a valid new content file is applied now, or when the patient leaves the self-check.

The file is watched and parsed elsewhere (kiosk.services.watcher); this decides *when* its result reaches the
screen. A patient mid-self-check keeps the questions they are answering: the new file waits in
:attr:`ReloadPolicy.pending` until they go home (or back out of the flow). A file with mistakes never
replaces working content: staff see its problems on the panel and the bar's discreet marker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content import Content, ContentError

log = logging.getLogger("kiosk")


class ReloadPolicy(QObject):
    """Holds the content on show and the one waiting for the patient to leave.

    ``applied(content, first)`` each time a content becomes the one on show (*first*: there was none);
    ``arrived`` once a reload was applied at once, for the screens to follow it; ``errors_changed`` when
    what staff are told changed (a valid file clears it; a bad one sets it); ``failed`` for each bad file.

    *reload* is how staff's Reload now reads the file again (the watcher's, off the GUI thread); without
    one (previews, which do not watch) the file is read here."""

    applied = Signal(object, bool)
    arrived = Signal()
    failed = Signal()
    errors_changed = Signal()

    def __init__(self, content_path: Path, content: Content | None, *, startup_error: ContentError | None,
                 busy: Callable[[], bool], reload: Callable[[], None] | None = None, parent: QObject) -> None:
        super().__init__(parent)
        self.content_path = content_path
        self.content = content
        #: A valid new content file that arrived while a patient was mid-self-check: applied when they go home.
        self.pending: Content | None = None
        self.loaded_at = time.time() if content else None  # wall clock, for the staff panel
        #: The content file's last problems (file:line:col lines), for the staff panel; empty when it is fine.
        self.last_errors: list[str] = startup_error.lines() if startup_error else []
        self._busy = busy
        self._reload = reload

    def content_loaded(self, content: Content) -> None:
        """A valid new file: swap it in now, or when the patient in the self-check next goes home."""
        log.info("content reloaded from %s", self.content_path)
        self.last_errors = []
        self.pending = content
        if self._busy():
            self.errors_changed.emit()  # the marker goes; the patient's flow stays as it is
            return
        self.apply_pending()
        self.arrived.emit()

    def apply_pending(self) -> None:
        """Nobody is mid-flow any more: a file that waited becomes the one on show."""
        if self.pending is None:
            return
        content, self.pending = self.pending, None
        first = self.content is None
        self.content = content
        from kiosk.content.lastgood import remember_later

        QTimer.singleShot(0, partial(remember_later, content))  # kept for a restart, after this turn's screen work
        self.loaded_at = time.time()
        self.applied.emit(content, first)

    def content_failed(self, error: ContentError) -> None:
        """Keep what patients see; tell staff (log, panel, the discreet marker)."""
        self.last_errors = error.lines()
        self.failed.emit()
        log.warning("content file %s cannot be used; the kiosk keeps the last good content:\n%s",
                    self.content_path, error.report())
        self.errors_changed.emit()

    def reload_now(self) -> None:
        """Staff's Reload now: read the file again (hot reload does this by itself on every save)."""
        log.info("reload requested from the staff panel")
        if self._reload is not None:
            self._reload()
            return
        from kiosk.content import load

        try:
            self.content_loaded(load(self.content_path))
        except ContentError as exc:
            self.content_failed(exc)
