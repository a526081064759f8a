"""A section's related buttons: "Check how you feel" for the self-check, a section's title for a section;
by touch or by keys, the screen says which was chosen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from kiosk.app import KioskApp
from kiosk.ui.screens.section import SELFCHECK, SectionScreen
from tests.helpers import button, touch_tap
from tests.ui.keyboard import attach, in_keypad_mode


def related_screen(kiosk: KioskApp) -> SectionScreen:
    """The side-effects section as the screen factory will build it from ``related: [selfcheck, benefits]``."""
    content, ui = kiosk.content, kiosk.ui
    assert content is not None
    section, benefits = content.section("side-effects"), content.section("benefits")
    screen = SectionScreen(kiosk.look, ui, title=section.title.get("en"), body=section.body.get("en"),
                           icon=section.icon, has_previous=True, has_next=True,
                           related=[(SELFCHECK, ui("related_selfcheck")), ("benefits", benefits.title.get("en"))])
    kiosk.window.set_screen(screen)
    return screen


def test_related_buttons_by_touch(open_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_kiosk()
    screen = related_screen(kiosk)
    chosen: list[str] = []
    screen.related_chosen.connect(chosen.append)
    touch_tap(button(kiosk.window, "Check how you feel"))
    touch_tap(button(kiosk.window, "What Are the Benefits of Using Botox for Acne?"))
    assert chosen == ["selfcheck", "benefits"]


def test_related_buttons_by_keys_come_first_and_are_counted(open_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_kiosk()
    keyed = in_keypad_mode(attach(kiosk))
    screen = related_screen(kiosk)
    chosen: list[str] = []
    screen.related_chosen.connect(chosen.append)
    assert keyed.focused == "Check how you feel"  # the first control: under the text, above the bar
    assert keyed.keys.describe_focus(keyed.keys.focused, kiosk.ui) == "Check how you feel, 1 of 2"
    assert " ".join(keyed.keys.describe_screen(kiosk.ui)).endswith(" 6 choices.")  # 2 related, 4 in the bar
    keyed.press(Qt.Key.Key_Return)
    assert chosen == ["selfcheck"]
