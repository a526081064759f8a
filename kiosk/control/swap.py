"""A reloaded file's home screen, put up over three event-loop turns while the old one stays usable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.control.part import WindowPart
from kiosk.ui.widgets import Screen
from kiosk.ui.window import KioskWindow


class HomeSwap(WindowPart):
    """Build the new home screen, lay it out, switch to it: one step per event-loop turn.

    Done at once it held the GUI thread for 45-50 ms plus the paint (20 tiles of a 1 MB file), and the
    frame gap during a reload reached 100 ms on a busy machine. Meanwhile the old home screen stays on
    show and works: a tap on one of its tiles opens that section from the new file, or home if the file
    no longer has it, and anything that puts up another screen drops this one.

    *build* makes the new home screen, *put_up* shows it, *going_on* is False once the kiosk shuts down,
    *discard* takes a screen never shown out of the window."""

    def __init__(self, window: KioskWindow, *, build: Callable[[], Screen], put_up: Callable[[Screen], None],
                 going_on: Callable[[], bool], discard: Callable[[Screen], None], parent: QObject) -> None:
        super().__init__(window, parent)
        self._build = build
        self._put_up = put_up
        self._going_on = going_on
        self._discard = discard
        self._token: object | None = None
        self._screen: Screen | None = None

    @property
    def swapping(self) -> bool:
        return self._token is not None

    def start(self) -> None:
        if self._token is not None:
            self._drop(self._token)  # a newer file came before the last one's screen went up
        token = object()
        self._token = token
        on_show = self.window.screen_widget
        steps: list[Callable[[], bool]] = [lambda: self._build_step(token), lambda: self._lay_out(token),
                                           lambda: self._finish(token, on_show)]
        remaining = iter(steps)

        def next_step() -> None:
            step = next(remaining, None)
            if step is not None and step():
                QTimer.singleShot(0, self, next_step)

        next_step()

    def _build_step(self, token: object) -> bool:
        if self._token is not token or not self._going_on():
            return self._drop(token)
        self._screen = self._build()
        return True

    def _lay_out(self, token: object) -> bool:
        if self._token is not token or not self._going_on() or self._screen is None:
            return self._drop(token)
        self.window.prepare(self._screen)
        return True

    def _finish(self, token: object, on_show: QWidget | None) -> bool:
        if self._token is not token or not self._going_on() or self.window.screen_widget is not on_show:
            return self._drop(token)  # another screen went up meanwhile: it is already the new file's
        screen, self._token, self._screen = self._screen, None, None
        assert screen is not None
        self._put_up(screen)
        return False

    def _drop(self, token: object) -> bool:
        if self._token is token:
            self._token = None
            if self._screen is not None:
                self._discard(self._screen)
            self._screen = None
        return False
