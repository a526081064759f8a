"""Driving the real window the way a finger does, for the monkey, the benchmark and the tests.

Touches go in through Qt's own touch path (``QTest.touchEvent`` on the window), as a touch screen's
would: hit-testing, gestures, the input watcher and Qt's mouse copies of touches all take part.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

_TOUCH_DEVICE = None


def touch_device() -> Any:
    """One touch screen for the process (Qt keeps a pointer to it: it must stay alive)."""
    global _TOUCH_DEVICE
    if _TOUCH_DEVICE is None:
        _TOUCH_DEVICE = QTest.createTouchDevice()
    return _TOUCH_DEVICE


def touch_tap(widget: QWidget, pos: QPoint | None = None) -> None:
    """Press and lift one finger on *widget* through Qt's real touch event path."""
    QApplication.processEvents()  # a finger taps what is on the screen: let pending layouts settle first
    window = widget.window().windowHandle()
    point = widget.mapTo(widget.window(), pos if pos is not None else widget.rect().center())
    QTest.touchEvent(window, touch_device()).press(0, point, window).commit()
    QTest.touchEvent(window, touch_device()).release(0, point, window).commit()
    QApplication.processEvents()


def visible_buttons(root: QWidget, name: str) -> list[QPushButton]:
    """The visible buttons under *root* whose accessible name (= their visible words) is *name*."""
    return [b for b in root.findChildren(QPushButton) if b.accessibleName() == name and b.isVisible()]
