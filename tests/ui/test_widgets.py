"""The shared widgets under a finger: kinetic scrolling must never cost a patient a tap."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScroller
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.ui import first_frame
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.widgets import ICONS, WrapButton
from tests.helpers import touch_tap

Open = Callable[..., KioskApp]


def test_a_quick_second_tap_on_a_tile_in_a_scrolling_list_is_not_lost(open_kiosk: Open, qtbot: QtBot) -> None:
    """Found by the monkey (seed 5): a tap on a tile soon after another touch did nothing.

    Qt makes a press that comes within the double-click interval of the last one a double click
    and gives widgets only the double click; the flick gesture of a list that can scroll swallows
    double clicks while a finger is down on it, so the tile never heard of its tap.
    """
    kiosk = open_kiosk(size=(1280, 800))
    qtbot.waitUntil(lambda: QScroller.hasScroller(kiosk.screen.scroll.viewport()))  # grabbed after the first frame
    kiosk.navigation.text_larger()
    kiosk.navigation.text_larger()  # the largest text: now the tiles scroll
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


@pytest.mark.parametrize("part", ["words", "icon"])
def test_a_finger_on_a_buttons_words_or_icon_presses_the_button(open_kiosk: Open, qtbot: QtBot, part: str) -> None:
    """The button paints its words and icon: a press on them, off the button's centre, is the button's."""
    kiosk = open_kiosk(size=(1280, 800))
    home = kiosk.screen
    assert isinstance(home, HomeScreen)
    tile = next(t for t in home.tiles if t.property("section_id"))
    where = tile.words_rect() if part == "words" else tile.icon_rect()
    corner = where.topLeft() + QPoint(2, 2)  # on the words or icon, off the button's centre
    assert QApplication.widgetAt(tile.mapToGlobal(corner)) is tile, "nothing inside the button takes the finger"
    touch_tap(tile, corner)
    assert isinstance(kiosk.screen, SectionScreen), f"a tap on the tile's {part} was lost"
    assert kiosk.screen.heading.text() == tile.words()


def test_a_mouse_click_on_a_buttons_words_presses_the_button(open_kiosk: Open, qtbot: QtBot) -> None:
    kiosk = open_kiosk(size=(1280, 800))
    home = kiosk.screen
    assert isinstance(home, HomeScreen)
    button = home.selfcheck_button
    with qtbot.waitSignal(home.selfcheck_chosen, timeout=1000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.words_rect().topLeft() + QPoint(2, 2))


def bounds_of(image: QImage, colour: str) -> QRect:
    """The smallest rectangle around *image*'s pixels of *colour* (empty when there are none)."""
    found = QRect()
    target = QColor(colour).rgb()
    for y in range(image.height()):
        for x in range(image.width()):
            if image.pixel(x, y) == target:
                found = found.united(QRect(x, y, 1, 1))
    return found


@pytest.mark.parametrize("direction", ["LeftToRight", "RightToLeft"])
def test_a_button_paints_its_icon_and_then_its_words_in_its_ink(open_kiosk: Open, qtbot: QtBot,
                                                                 direction: str) -> None:
    """The words and the icon are painted by the button, in the colour the style sheet gives its state, the
    icon first in the reading direction (mirrored right to left, as a layout mirrors), the words beside it."""
    kiosk = open_kiosk(size=(1280, 800))
    button = WrapButton("Home", kiosk.style.look, icon=ICONS / "home.svg", icon_mm=8, parent=kiosk.screen)
    button.setLayoutDirection(getattr(Qt.LayoutDirection, direction))
    button.setGeometry(0, 0, 400, 120)
    button.show()
    QApplication.processEvents()
    ink = kiosk.style.look.palette.on_accent
    image = button.grab().toImage()
    icon, words = bounds_of(image.copy(button.icon_rect()), ink), bounds_of(image.copy(button.words_rect()), ink)
    assert not icon.isEmpty(), "the icon is painted where icon_rect() says"
    assert not words.isEmpty(), "the words are painted where words_rect() says"
    assert button.words_rect().intersected(button.icon_rect()).isEmpty()
    centre = button.rect().center().x()
    if direction == "LeftToRight":
        assert button.icon_rect().right() < centre and button.icon_rect().right() < button.words_rect().left()
    else:
        assert button.icon_rect().left() > centre and button.icon_rect().left() > button.words_rect().right()
    everywhere = bounds_of(image, ink)
    assert button.words_rect().united(button.icon_rect()).contains(everywhere), "nothing painted outside them"
    button.setEnabled(False)  # a button that does nothing now: its words in muted ink
    QApplication.processEvents()
    assert bounds_of(button.grab(button.words_rect()).toImage(), kiosk.style.look.palette.muted).isValid()
    assert not bounds_of(button.grab(button.words_rect()).toImage(), ink).isValid()


def gesture_enum_classes() -> int:
    """PySide6 makes (and keeps) a new enum class for every Qt.GestureType number it has not seen."""
    return sum(1 for o in gc.get_objects() if isinstance(o, type) and o.__name__ == "GestureType")


def test_screens_with_kinetic_scrolling_can_be_built_all_day_without_growing(open_kiosk: Open, qtbot: QtBot) -> None:
    """Found by the 20,000-event monkey: every scroll area registered a new flick recognizer, a new
    gesture type number, and PySide6 kept ~2.5 KiB for each: a screen built, a little memory gone for good."""
    kiosk = open_kiosk(size=(1280, 800))
    qtbot.waitUntil(lambda: QScroller.hasScroller(kiosk.screen.scroll.viewport()))  # type: ignore[attr-defined]
    kiosk.navigation.go(("section", kiosk.content.sections[0].id))  # type: ignore[union-attr]
    kiosk.navigation.home()
    before = gesture_enum_classes()
    for n in range(8):
        kiosk.navigation.toggle_contrast()  # a new look: every screen is built anew
        kiosk.navigation.go(("section", kiosk.content.sections[n % 3].id))  # type: ignore[union-attr]
        body = kiosk.screen.body.viewport()  # type: ignore[attr-defined]
        assert QScroller.hasScroller(body), "the body of a section must flick"
        kiosk.navigation.home()
    QApplication.processEvents()
    assert gesture_enum_classes() == before


def styled_viewports(kiosk: KioskApp) -> list[str]:
    return [type(area).__name__ for area in kiosk.window.findChildren(QAbstractScrollArea)
            if area.viewport().testAttribute(Qt.WidgetAttribute.WA_StyledBackground)]


def test_scroll_area_viewports_are_left_out_of_the_style_sheet_cache(open_kiosk: Open, qtbot: QtBot) -> None:
    """Found by the 20,000-event monkey: Qt's style sheet code caches every viewport it paints and never
    lets go (a viewport is "not stylable", so Qt never hears of its deletion): each screen rebuilt kept
    about 0.7 KiB, +7 MiB over the run. A viewport marked "styled background" is one Qt will cache; the
    mark must stay off through a new look, and the text must still sit on its own background colour."""
    kiosk = open_kiosk(size=(1280, 800))
    kiosk.navigation.go(("section", kiosk.content.sections[0].id))  # type: ignore[union-attr]
    QApplication.processEvents()
    assert not styled_viewports(kiosk)
    kiosk.navigation.toggle_contrast()  # the window's style sheet changes: Qt polishes every widget again
    kiosk.navigation.go(("section", kiosk.content.sections[1].id))  # type: ignore[union-attr]
    QApplication.processEvents()
    assert kiosk.window.findChildren(QAbstractScrollArea), "a section has scrolling views"
    assert not styled_viewports(kiosk)
    kiosk.navigation.toggle_contrast()
    kiosk.navigation.go(("section", kiosk.content.sections[0].id))  # type: ignore[union-attr]
    QApplication.processEvents()
    assert not styled_viewports(kiosk)

    body = kiosk.screen.body  # type: ignore[attr-defined]
    corner = body.viewport().mapTo(kiosk.window, body.viewport().rect().bottomRight())
    shot = kiosk.window.grab().toImage()
    painted = shot.pixelColor(corner.x() - 2, corner.y() - 2)
    assert painted == QColor(kiosk.style.look.palette.surface), "the body's background must still be drawn"
    assert QColor(kiosk.style.look.palette.surface) != QColor(kiosk.style.look.palette.background)


def test_the_first_frames_views_flick_once_it_is_painted_and_are_unstyled_at_once(
        open_kiosk: Open, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kinetic scrolling waits for the first frame (kiosk.ui.first_frame); the style sheet mark does not."""
    monkeypatch.setattr(first_frame, "_waiting", [])  # as in a kiosk process that has painted nothing yet
    kiosk = open_kiosk(size=(1280, 800))
    assert not styled_viewports(kiosk)
    qtbot.waitUntil(first_frame.painted)
    assert isinstance(kiosk.screen, HomeScreen)
    assert QScroller.hasScroller(kiosk.screen.scroll.viewport())


def test_a_buttons_narrowest_width_follows_its_words_and_font(open_kiosk: Open, qtbot: QtBot) -> None:
    """Never narrower than its longest word, measured once per words and font (layouts ask often): a
    button given new words or a new font measures as a new button with them would."""
    kiosk = open_kiosk(size=(1280, 800))

    def made(text: str, role: str = "nav") -> WrapButton:
        made = WrapButton(text, kiosk.style.look, role=role)
        qtbot.addWidget(made)
        return made

    changing = made("Go")
    assert changing.minimumSizeHint() == made("Go").minimumSizeHint()
    changing.set_words("Go extraordinarily")  # as Read aloud becomes Stop reading
    assert changing.minimumSizeHint() == made("Go extraordinarily").minimumSizeHint()
    assert changing.minimumSizeHint().width() > made("Go").minimumSizeHint().width() + 50
    larger = changing.font()
    larger.setPixelSize(2 * larger.pixelSize())  # a font of another size
    changing.setFont(larger)
    assert changing.minimumSizeHint().width() > made("Go extraordinarily").minimumSizeHint().width() + 100
    assert changing.heightForWidth(300) > made("Go extraordinarily").heightForWidth(300)
