"""What the monkey checks of the kiosk itself: the screen agrees with the navigator, and at the end it still works.

A screen that disagrees with where the navigator says the patient is means the next tap does something
the patient did not aim at; a kiosk that no longer opens a section from its tile is broken for everyone
after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.session import HOME, SELFCHECK_FLOW, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from kiosk.ui.screens.updating import UpdatingScreen
from tools.handle import KioskHandle

if TYPE_CHECKING:
    from tools.monkey.runner import Monkey


def inconsistencies(handle: KioskHandle) -> list[str]:
    """Where the window disagrees with the navigator (or an idle overlay exists unseen); empty when all agree."""
    if not handle.window.isVisible():
        return []
    screen = handle.screen()
    place = handle.place()
    content = handle.content()
    if content is None:
        expected: tuple[type, ...] = (UpdatingScreen,)
    elif place == HOME:
        expected = (HomeScreen,)
    elif place[0] == "section":
        expected = (SectionScreen,)
    elif place == SELFCHECK_INTRO:
        expected = (SelfCheckIntroScreen,) if content.selfcheck is not None else (HomeScreen,)
    elif place == SELFCHECK_FLOW:
        expected = (QuestionScreen, OutcomeScreen) if handle.in_selfcheck() else (HomeScreen,)
    elif place == STAFF_PIN:
        expected = (PinPadScreen,)
    elif place == STAFF_PANEL:
        expected = (StaffPanelScreen,)
    else:
        expected = ()
    found = []
    if not isinstance(screen, expected):
        found.append(f"the navigator is at {place} but the window shows {type(screen).__name__}")
    overlay = handle.overlay()
    if overlay is not None and not overlay.isVisible():
        found.append("an idle overlay exists but is hidden")
    return found


def responsive(m: Monkey) -> tuple[bool, str]:
    """Go home and tap the first section's tile: the kiosk must open that section."""
    handle = m.handle
    overlay = handle.overlay()
    if overlay is not None:
        m.finger.tap_widget(overlay.stay_button)
        m.settle()
    handle.poll_idle()
    handle.go_home()
    m.settle()
    screen = handle.screen()
    if handle.content() is None:
        ok = isinstance(screen, UpdatingScreen)
        return ok, f"no valid content: {type(screen).__name__}"
    if not isinstance(screen, HomeScreen):
        return False, f"home() shows {type(screen).__name__}"
    tile = next(t for t in screen.tiles if t.property("section_id"))  # tap_widget scrolls to it if need be
    for attempt in ("a tap", "a second tap, after a pause"):
        QTest.qWait(QApplication.doubleClickInterval() + 50)  # a fresh tap, not the second half of a double tap
        said = m.finger.tap_widget(tile)
        m.settle()
        if isinstance(handle.screen(), SectionScreen):
            return True, f"{attempt} opened the section"
    return False, f"{said}: the window still shows {type(handle.screen()).__name__}"
