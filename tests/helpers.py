"""Shared test helpers: small content files written to disk, and taps the way a finger makes them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content.yaml"

MINIMAL = """\
version: 1
kiosk:
  title: Test kiosk
  intro: Tap a topic.
  notice: General information only.
sections:
  - id: first
    title: First topic
    body: |
      The first body.
  - id: second
    title: Second topic
    body: Second body.
"""


def write(tmp_path: Path, text: str, name: str = "content.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


_TOUCH_DEVICE = None


def touch_device():
    """One touch screen for the whole run (Qt keeps a pointer to it: it must stay alive)."""
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


def click(widget: QWidget) -> None:
    QApplication.processEvents()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    QApplication.processEvents()


def button(root: QWidget, name: str) -> QPushButton:
    """The visible button whose accessible name (= its visible words) is *name*."""
    found = [b for b in root.findChildren(QPushButton) if b.accessibleName() == name and b.isVisible()]
    assert len(found) == 1, f"expected one visible button {name!r}, found {[b.accessibleName() for b in found]}"
    return found[0]


def button_names(root: QWidget) -> list[str]:
    return [b.accessibleName() for b in root.findChildren(QPushButton) if b.isVisible()]
