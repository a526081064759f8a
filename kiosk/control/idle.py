"""The idle question ("Are you still there?") over whatever screen is up, and taking it down."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.control.part import WindowPart
from kiosk.control.screens import Frame, ScreenFactory
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.idle_overlay import IdleOverlay


class IdleController(WindowPart):
    """Puts the idle question up when the input watcher warns, counts it down, and takes it down on a
    touch, on "I'm still here", or when the session is reset."""

    def __init__(self, window: KioskWindow, factory: ScreenFactory, frame: Callable[[], Frame],
                 parent: QObject) -> None:
        super().__init__(window, parent)
        self.factory = factory
        self._frame = frame
        self.overlay: IdleOverlay | None = None

    def warn(self, seconds: int) -> None:
        """Ask whether anyone is still there; the session ends in *seconds* unless someone touches."""
        self.hide()
        self.overlay = self.factory.idle_question(self._frame(), self.window, seconds)
        self.overlay.show()
        self.overlay.raise_()

    def count_down(self, seconds: int) -> None:
        if self.overlay is not None:
            self.overlay.set_seconds(seconds)

    def hide(self) -> None:
        if self.overlay is not None:
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None
