"""A section's related buttons, as the screen factory builds them from ``related:``: "Check how you feel"
opens the self-check's intro, a section's title opens that section; by touch or by keys, and Back
returns to the section they were chosen on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.app import KioskApp
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import SelfCheckIntroScreen
from tests.helpers import BUNDLED, button, touch_tap
from tests.ui.keyboard import attach, in_keypad_mode

SIDE_EFFECTS = "Are There Any Side Effects of Using Botox for Acne?"
BENEFITS = "What Are the Benefits of Using Botox for Acne?"


def with_related(tmp_path: Path) -> Path:
    """The bundled content, its side-effects section pointing at the self-check and at the benefits."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert "    related: selfcheck\n" in text
    path = tmp_path / "content.yaml"
    path.write_text(text.replace("    related: selfcheck\n", "    related: [selfcheck, benefits]\n"), encoding="utf-8")
    (tmp_path / "icons").symlink_to(BUNDLED.parent / "icons")
    return path


def section_title(kiosk: KioskApp) -> str:
    screen = kiosk.screen
    assert isinstance(screen, SectionScreen)
    return screen.title


def test_the_bundled_side_effects_section_opens_the_selfcheck(open_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_kiosk()
    touch_tap(button(kiosk.window, SIDE_EFFECTS))
    touch_tap(button(kiosk.window, "Check how you feel"))
    assert isinstance(kiosk.screen, SelfCheckIntroScreen)
    touch_tap(button(kiosk.window, "Home"))
    assert isinstance(kiosk.screen, HomeScreen)


def test_related_buttons_by_touch(open_kiosk: Callable[..., KioskApp], tmp_path: Path) -> None:
    kiosk = open_kiosk(with_related(tmp_path))
    touch_tap(button(kiosk.window, SIDE_EFFECTS))
    touch_tap(button(kiosk.window, BENEFITS))  # the related section's button, under the text
    assert section_title(kiosk) == BENEFITS
    touch_tap(button(kiosk.window, "Back"))  # history: the section it was chosen on
    assert section_title(kiosk) == SIDE_EFFECTS


def test_related_buttons_by_keys_come_first_and_are_counted(open_kiosk: Callable[..., KioskApp],
                                                            tmp_path: Path) -> None:
    kiosk = open_kiosk(with_related(tmp_path))
    keyed = in_keypad_mode(attach(kiosk))
    keyed.choose(SIDE_EFFECTS)
    ui = kiosk.style.frame().ui
    assert keyed.focused == "Check how you feel"  # the first control: under the text, above the nav bar
    assert keyed.keys.describe_focus(keyed.keys.focused, ui) == "Check how you feel, 1 of 2"
    assert " ".join(keyed.keys.describe_screen(ui)).endswith(" 6 choices.")  # 2 related; Back, Home, ◀, ▶
    keyed.press(Qt.Key.Key_Return)
    assert isinstance(kiosk.screen, SelfCheckIntroScreen)
    keyed.press(Qt.Key.Key_Backspace)  # the intro has no Back button: history takes the patient back
    assert section_title(kiosk) == SIDE_EFFECTS
    keyed.choose(BENEFITS)
    assert section_title(kiosk) == BENEFITS
