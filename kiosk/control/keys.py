"""The keypad, seen from the kiosk: what Back means where a screen has none, what keypad mode says, and
when the session's end turns it off (issue 25).

The key navigator itself (:mod:`kiosk.ui.keys`) moves the focus and clicks the focused button, so a key
arrives at :class:`kiosk.control.navigation.Navigation` as the very intent a tap makes. What is left is
the part that needs the session and the speech engine: this controller. Nothing said is logged.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.control.idle import IdleController
from kiosk.control.navigation import Navigation
from kiosk.control.speech import SpeechController
from kiosk.session import Session
from kiosk.strings import UiText
from kiosk.ui.keys import KeyNavigator, speak_through
from kiosk.ui.window import KioskWindow


class KeysController(QObject):
    """Owns the :class:`KeyNavigator` on the kiosk window and connects it: Back by key, speech that
    follows the focus (any key stops speech first), the idle question said aloud, and keypad mode off
    when the session ends."""

    def __init__(self, window: KioskWindow, *, session: Session, navigation: Navigation, speech: SpeechController,
                 idle: IdleController, ui: Callable[[], UiText], parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self.navigation = navigation
        self.speech = speech
        self.idle = idle
        self.navigator = KeyNavigator(window)  # the window's child: it sees the window's keys first
        self.navigator.back_requested.connect(self.back)
        speak_through(self.navigator, say=self.say, stop=speech.interrupt, ui=ui)

    @property
    def keypad_mode(self) -> bool:
        return self.navigator.keypad_mode

    def say(self, parts: list[str]) -> None:
        """A keypad phrase in the language on show; Repeat keeps the last read-aloud."""
        self.speech.say_phrase(parts, self.session.language)

    def back(self) -> None:
        """Back on a screen without a Back button of its own (the intro, a section list, home): the
        screen seen before. An outcome has no Back by touch, so none by key either."""
        run = self.session.selfcheck
        if run is not None and run.outcome is not None:
            return
        self.navigation.back()

    def idle_warning(self, _seconds: int) -> None:
        """"Are you still there?" is said to a patient using the keypad, who may not see it."""
        overlay = self.idle.overlay
        if self.keypad_mode and overlay is not None:
            self.say(overlay.speech())

    def reset(self) -> None:
        """The session ended (idle reset, Home by timeout, the staff corner): touch mode until the next key."""
        self.navigator.reset()
