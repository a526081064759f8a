"""Driving the real kiosk by keys, as tests of the keypad do: real key events on the window's QWindow, on
the key navigator the app itself built and wired."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import KioskApp
from kiosk.ui.keys import KeyNavigator

K, M = Qt.Key, Qt.KeyboardModifier


@dataclass
class Keyed:
    """The real kiosk with its key navigator (the app's own), and what the navigator signalled."""

    kiosk: KioskApp
    keys: KeyNavigator
    heard: list[str]

    @property
    def window(self) -> QWidget:
        return self.kiosk.window

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = M.NoModifier) -> None:
        QTest.keyClick(self.kiosk.window.windowHandle(), key, modifier)
        QApplication.processEvents()

    @property
    def focused(self) -> str:
        widget = self.keys.focused
        assert widget is not None and self.window.focusWidget() is widget
        return widget.accessibleName()

    def go_to(self, name: str) -> None:
        """Down until the focus is on the control called *name*."""
        for _ in range(len(self.keys.chain()) + 1):
            if self.keys.focused is not None and self.keys.focused.accessibleName() == name:
                return
            self.press(K.Key_Down)
        raise AssertionError(f"no control {name!r} in {[w.accessibleName() for w in self.keys.chain()]}")

    def choose(self, name: str) -> None:
        self.go_to(name)
        self.press(K.Key_Return)


def attach(kiosk: KioskApp) -> Keyed:
    """Listen to the kiosk's own key navigator (the app connected Back and speech already)."""
    keys = kiosk.keys.navigator
    heard: list[str] = []
    for name in ("keypad_used", "key_pressed", "back_requested", "help_requested"):
        getattr(keys, name).connect(lambda name=name: heard.append(name))
    keys.focus_moved.connect(lambda w: heard.append(f"moved {w.accessibleName()}"))
    keys.screen_shown.connect(lambda s: heard.append(f"screen {s.objectName()}"))
    return Keyed(kiosk, keys, heard)


def in_keypad_mode(keyed: Keyed) -> Keyed:
    keyed.press(K.Key_Down)  # the first key only shows where the focus is
    assert keyed.keys.keypad_mode
    return keyed
