"""Shared test helpers: small content files written to disk, and taps the way a finger makes them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tools.drive import touch_device, touch_tap, visible_buttons

__all__ = ["BUNDLED", "MINIMAL", "ROOT", "button", "button_names", "click", "touch_device", "touch_tap", "write"]

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


def click(widget: QWidget) -> None:
    QApplication.processEvents()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    QApplication.processEvents()


def button(root: QWidget, name: str) -> QPushButton:
    """The visible button whose accessible name (= its visible words) is *name*."""
    found = visible_buttons(root, name)
    assert len(found) == 1, f"expected one visible button {name!r}, found {[b.accessibleName() for b in found]}"
    return found[0]


def button_names(root: QWidget) -> list[str]:
    return [b.accessibleName() for b in root.findChildren(QPushButton) if b.isVisible()]
