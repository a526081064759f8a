"""An unexpected exception in a slot is logged and the kiosk returns home instead of dying."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from tests.helpers import button, touch_tap


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_goes_home_and_is_logged(
    open_kiosk: Callable[..., KioskApp], qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = open_kiosk()
    touch_tap(button(kiosk.window, "What is Botox?"))
    assert isinstance(kiosk.screen, SectionScreen)
    screen = kiosk.screen

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    screen.next_requested.disconnect()
    screen.next_requested.connect(broken)
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        touch_tap(button(kiosk.window, "Next"))
        qtbot.waitUntil(lambda: isinstance(kiosk.screen, HomeScreen), timeout=2000)
    assert "unexpected error; returning to the home screen" in caplog.text
    assert "RuntimeError: a bug in a slot" in caplog.text
    assert kiosk.window.isVisible()
