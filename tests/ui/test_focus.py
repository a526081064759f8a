"""The focus ring: 3 px bands or more, 3:1 against the page and the control in both themes, painted on the
focused control after a key, and never for a touch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton

from kiosk.app import KioskApp
from kiosk.colour import contrast
from kiosk.content import load
from kiosk.model.content import Theme
from kiosk.theme import palette_for
from kiosk.ui.focus import MIN_BAND_PX, MIN_RING_CONTRAST, FocusRing, ring_colours
from tests.helpers import BUNDLED, button, click, touch_tap
from tests.ui.keyboard import Keyed, attach, in_keypad_mode

K = Qt.Key
ROLES = ("nav", "tool", "answer", "feature", "digit", "tile")
THEMES = {"bundled": load(BUNDLED).theme, "default": Theme()}


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high contrast"])
@pytest.mark.parametrize("theme", THEMES, ids=list(THEMES))
@pytest.mark.parametrize("role", ROLES)
def test_the_ring_keeps_3_to_1_against_the_page_and_the_control(theme: str, high_contrast: bool, role: str) -> None:
    palette = palette_for(THEMES[theme], high_contrast)
    ring = ring_colours(palette, role)
    for page in (palette.background, palette.surface):  # the page, and the idle question's panel
        assert contrast(ring.outer, page) >= MIN_RING_CONTRAST, (ring.outer, page)
    assert contrast(ring.inner, ring.fill) >= MIN_RING_CONTRAST, (ring.inner, ring.fill)
    assert ring.fill == (palette.surface if role == "tile" else palette.accent)


def test_a_single_colour_could_not_do_it() -> None:
    """Why the ring has two bands: no colour keeps 3:1 against both the default button and page."""
    palette = palette_for(Theme(), False)
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    assert not [g for g in greys if contrast(g, palette.accent) >= 3 and contrast(g, palette.background) >= 3]


def pixel(image: QImage, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name()


def band_colours(widget: QPushButton, band: int) -> tuple[str, str, str]:
    """The colours at the top middle of *widget*: its first row, the row just inside the outer band, and
    a row well inside both bands (the control's own fill)."""
    image = widget.grab().toImage()
    x = image.width() // 2
    return pixel(image, x, 1), pixel(image, x, band + 1), pixel(image, x, 3 * band + 2)


def ring_is_painted(keyed: Keyed, widget: QPushButton, high_contrast: bool) -> None:
    palette = palette_for(keyed.kiosk.content.theme, high_contrast)
    ring = ring_colours(palette, str(widget.property("role")))
    found = widget.findChildren(FocusRing)
    assert len(found) == 1 and found[0].isVisible() and found[0].band >= MIN_BAND_PX
    outer, inner, fill = band_colours(widget, found[0].band)
    assert (outer, inner) == (ring.outer, ring.inner)  # painted, in the colours whose contrast is checked above
    assert fill == ring.fill


@pytest.fixture
def keyed(open_kiosk: Callable[..., KioskApp]) -> Keyed:
    return attach(open_kiosk())


def test_a_key_paints_the_ring_on_the_focused_control_in_both_themes(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    keyed.go_to("What is Botox?")
    tile = keyed.keys.focused
    assert isinstance(tile, QPushButton)
    ring_is_painted(keyed, tile, high_contrast=False)
    keyed.press(K.Key_Up)
    feature = keyed.keys.focused
    assert isinstance(feature, QPushButton) and feature.property("role") == "feature"
    ring_is_painted(keyed, feature, high_contrast=False)
    assert not tile.findChildren(FocusRing)  # the ring moved with the focus

    keyed.choose("High contrast")
    assert keyed.kiosk.session.high_contrast
    keyed.go_to("What is Botox?")
    tile = keyed.keys.focused
    assert isinstance(tile, QPushButton)
    ring_is_painted(keyed, tile, high_contrast=True)
    keyed.press(K.Key_Right)
    ring_is_painted(keyed, keyed.keys.focused, high_contrast=True)


def no_ring_anywhere(keyed: Keyed) -> None:
    palette = palette_for(keyed.kiosk.content.theme, keyed.kiosk.session.high_contrast)
    ring = ring_colours(palette, "tile")
    for widget in keyed.window.findChildren(QPushButton):
        if widget.isVisible():
            assert not [r for r in widget.findChildren(FocusRing) if r.isVisible()]
            image = widget.grab().toImage()
            middle = image.width() // 2
            top = {pixel(image, middle, y) for y in range(0, 3 * MIN_BAND_PX)}
            assert ring.outer not in top, widget.accessibleName()


def test_touch_and_mouse_never_show_a_ring(keyed: Keyed) -> None:
    touch_tap(button(keyed.window, "What is Botox?"))
    touch_tap(button(keyed.window, "Next"))
    click(button(keyed.window, "Back"))  # a mouse press, as staff previewing on a desktop
    focus = keyed.window.focusWidget()
    assert focus is None or not focus.findChildren(FocusRing)
    no_ring_anywhere(keyed)
    assert keyed.window.property("keyboard") is not True


def test_the_ring_goes_when_the_session_ends(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    keyed.go_to("What is Botox?")
    assert keyed.keys.focused.findChildren(FocusRing)
    keyed.keys.reset()
    no_ring_anywhere(keyed)



def test_a_toggle_that_is_on_does_not_look_focused(keyed: Keyed) -> None:
    """The High contrast toggle, on, is marked by a border in the text colour, never in the focus colour:
    a keypad user must not take the toggle for the focused control."""
    touch_tap(button(keyed.window, "High contrast"))  # on: the toggle is checked, in the high-contrast theme
    toggle = button(keyed.window, "High contrast")
    assert toggle.isChecked()
    palette = palette_for(keyed.kiosk.content.theme, True)
    image = toggle.grab().toImage()
    edge = pixel(image, image.width() // 2, 1)
    assert edge == QColor(palette.text).name() != QColor(palette.focus).name()
