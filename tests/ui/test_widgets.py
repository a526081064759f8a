"""The shared widgets under a finger: kinetic scrolling must never cost a patient a tap."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QScroller
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from tests.helpers import touch_tap

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) pipewire")
Open = Callable[..., KioskApp]


def test_a_quick_second_tap_on_a_tile_in_a_scrolling_list_is_not_lost(open_kiosk: Open, qtbot: QtBot) -> None:
    """Found by the monkey (seed 5): a tap on a tile soon after another touch did nothing.

    Qt makes a press that comes within the double-click interval of the last one a double click
    and gives widgets only the double click; the flick gesture of a list that can scroll swallows
    double clicks while a finger is down on it, so the tile never heard of its tap.
    """
    kiosk = open_kiosk(size=(1280, 800))
    qtbot.waitUntil(lambda: QScroller.hasScroller(kiosk.screen.scroll.viewport()))  # grabbed after the first frame
    kiosk.text_larger()
    kiosk.text_larger()  # the largest text: now the tiles scroll
    QApplication.processEvents()
    home = kiosk.screen
    assert isinstance(home, HomeScreen)
    assert home.scroll.verticalScrollBar().maximum() > 0, "the tiles must scroll for their scroller to take part"
    tile = next(t for t in home.tiles if t.property("section_id"))
    assert home.scroll.viewport().rect().contains(tile.geometry().center()), "the first tile is on the screen"

    touch_tap(home.notice)  # the finger lands on the words first, as hurried fingers do …
    touch_tap(tile)  # … and on the tile a moment later
    assert isinstance(kiosk.screen, SectionScreen), "the tap on the tile was lost"
    assert kiosk.screen.heading.text() == tile.words()
