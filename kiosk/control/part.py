"""The base of every controller: owned by Qt, and seeing the window without keeping it alive."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject

from kiosk.ui.window import KioskWindow


class WindowPart(QObject):
    """A controller the app owns (its Qt parent), which works on the window.

    The window owns the app, and the app its controllers, so they all go with the window, on the GUI
    thread. A controller keeping the window in an attribute would make a reference cycle, which Python's
    collector frees later on whatever thread runs it: a watcher's socket notifier torn down from the
    wrong thread made Qt spin on a dead descriptor and fill gigabytes (issue 23). Hence a weak reference.
    """

    def __init__(self, window: KioskWindow, parent: QObject) -> None:
        super().__init__(parent)
        self._window_ref = weakref.ref(window)

    @property
    def window(self) -> KioskWindow:
        window = self._window_ref()
        if window is None:
            raise RuntimeError("the kiosk's window is gone")
        return window
