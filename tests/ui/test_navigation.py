"""Patients move through the leaflet by touch and by mouse: tiles, Back, Home, Previous and Next."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.content import load
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from tests.helpers import BUNDLED, MINIMAL, button, click, touch_device, touch_tap, write

SECTIONS = load(BUNDLED).sections
Open = Callable[..., KioskApp]


def section_shown(kiosk: KioskApp) -> str:
    screen = kiosk.screen
    assert isinstance(screen, SectionScreen)
    return screen.heading.text()


@pytest.mark.parametrize("tap", [touch_tap, click], ids=["touch", "mouse"])
def test_every_home_tile_opens_its_section(open_kiosk: Open, tap: Callable[..., None]) -> None:
    kiosk = open_kiosk()
    for section in SECTIONS:
        title = section.title.get("en")
        tile = button(kiosk.window, title)
        kiosk.screen.findChild(type(kiosk.screen.scroll), None).ensureWidgetVisible(tile)  # type: ignore[attr-defined]
        tap(tile)
        assert section_shown(kiosk) == title
        assert kiosk.screen.body.plain_text().startswith(section.body.get("en")[:20].replace("**", ""))
        tap(button(kiosk.window, "Home"))
        assert isinstance(kiosk.screen, HomeScreen)


def test_next_previous_back_home(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    titles = [s.title.get("en") for s in SECTIONS]
    touch_tap(button(kiosk.window, titles[0]))
    assert not button(kiosk.window, "Previous").isEnabled()
    for title in titles[1:]:
        touch_tap(button(kiosk.window, "Next"))
        assert section_shown(kiosk) == title
    assert not button(kiosk.window, "Next").isEnabled()
    touch_tap(button(kiosk.window, "Previous"))
    assert section_shown(kiosk) == titles[-2]
    touch_tap(button(kiosk.window, "Back"))  # Back is history: the section read before Previous was tapped
    assert section_shown(kiosk) == titles[-1]
    touch_tap(button(kiosk.window, "Back"))
    assert section_shown(kiosk) == titles[-2]
    touch_tap(button(kiosk.window, "Home"))
    touch_tap(button(kiosk.window, titles[2]))
    touch_tap(button(kiosk.window, "Home"))
    assert isinstance(kiosk.screen, HomeScreen)


def test_a_disabled_button_does_nothing(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    touch_tap(button(kiosk.window, SECTIONS[0].title.get("en")))
    touch_tap(button(kiosk.window, "Previous"))
    assert section_shown(kiosk) == SECTIONS[0].title.get("en")


def test_swipe_scrolls_a_long_section(open_kiosk: Open, qtbot: QtBot, tmp_path: Path) -> None:
    long_body = "\n".join(f"      Paragraph {n} of a long section that needs scrolling.\n" for n in range(40))
    path = write(tmp_path, MINIMAL.replace("      The first body.\n", long_body))
    kiosk = open_kiosk(path, size=(1280, 800))
    touch_tap(button(kiosk.window, "First topic"))
    screen = kiosk.screen
    assert isinstance(screen, SectionScreen)
    bar = screen.body.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == 0, "a section opens at its first line"
    assert screen.cue.isVisible()
    viewport = screen.body.viewport()
    window = kiosk.window
    start = viewport.mapTo(window, QPoint(viewport.width() // 2, viewport.height() - 20))
    QTest.touchEvent(window, touch_device()).press(0, start, window).commit()
    for step in range(1, 16):
        qtbot.wait(10)
        QTest.touchEvent(window, touch_device()).move(0, start - QPoint(0, step * 25), window).commit()
    QTest.touchEvent(window, touch_device()).release(0, start - QPoint(0, 375), window).commit()
    qtbot.waitUntil(lambda: bar.value() > 300, timeout=3000)
    assert section_shown(kiosk) == "First topic"  # a swipe is not a tap: nothing else happened


def test_between_patients_the_sections_are_built_ahead_of_the_first_tap(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    assert kiosk.content is not None
    places = [("section", s.id) for s in kiosk.content.sections]
    qtbot.waitUntil(lambda: kiosk.cache.prepared(places))
    prepared = kiosk.cache.get(places[-1])
    assert prepared is not None
    assert not prepared.isVisible()  # built and laid out, not shown
    touch_tap(button(kiosk.window, kiosk.content.sections[-1].title.get("en")))
    assert kiosk.screen is prepared


def test_a_patient_touching_the_screen_stops_the_building_ahead(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk()
    assert kiosk.content is not None
    qtbot.waitUntil(lambda: not kiosk.cache.preparing)
    kiosk.navigation.reset_session()  # between patients again: nothing kept for this look yet
    kiosk.navigation.prepare_sections()
    touch_tap(button(kiosk.window, "A+"))  # a patient arrives: a new look, and someone at the screen
    QTest.qWait(1500)  # enough to build them all, had it gone on
    assert len([place for place in kiosk.cache.places if place[0] == "section"]) <= 1
    kiosk.navigation.prepare_sections()  # a reload while they read must not start it again
    QTest.qWait(500)
    assert len([place for place in kiosk.cache.places if place[0] == "section"]) <= 1
    assert isinstance(kiosk.screen, HomeScreen)
