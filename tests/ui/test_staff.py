"""Staff mode: the hidden corner, the PIN pad and its lockout, the panel."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk, kiosk_of
from kiosk.core.pin import DEFAULT_PIN, verify_pin, weak_hash_pin
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from tests.core.fakeclock import FakeClock
from tests.helpers import MINIMAL, ROOT, button, touch_tap, write
from tests.ui.conftest import Keep

FAST_HASH = weak_hash_pin("4321", 1000)  # the real 600,000 rounds are tested in tests/core; the pad needs no slowness


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot: QtBot, keep: Keep, clock: FakeClock, tmp_path: Path) -> KioskApp:
    text = MINIMAL + f'staff:\n  pin_hash: "{FAST_HASH}"\ndisplay:\n  width_mm: 336\n  height_mm: 210\n'
    window = build_kiosk(write(tmp_path, text), clock=clock)
    kiosk = keep(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return kiosk


def corner_taps(kiosk: KioskApp, clock: FakeClock, count: int = 5, gap_s: float = 0.4,
                where_mm: tuple[float, float] = (8, 8)) -> None:
    point = QPoint(kiosk.style.units.w(where_mm[0]), kiosk.style.units.h(where_mm[1]))
    for _ in range(count):
        touch_tap(kiosk.window, point)
        clock.advance(gap_s)


def type_pin(kiosk: KioskApp, pin: str) -> None:
    for digit in pin:
        touch_tap(button(kiosk.window, digit))
    touch_tap(button(kiosk.window, "Enter"))


def test_five_quick_taps_in_the_corner_open_the_pin_pad(kiosk: KioskApp, clock: FakeClock) -> None:
    corner_taps(kiosk, clock, 4)
    assert isinstance(kiosk.screen, HomeScreen)
    corner_taps(kiosk, clock, 1)
    assert isinstance(kiosk.screen, PinPadScreen)


def test_five_mouse_clicks_in_the_corner_open_it_too(kiosk: KioskApp, clock: FakeClock) -> None:
    """Staff previewing on a desktop use a mouse: its presses reach the window as they are, not as
    copies of a touch, and count the same."""
    handle = kiosk.window.windowHandle()
    point = QPoint(kiosk.style.units.w(8), kiosk.style.units.h(8))
    for n in range(5):
        assert isinstance(kiosk.screen, HomeScreen), f"the pad opened after {n} clicks"
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        clock.advance(0.4)
    assert isinstance(kiosk.screen, PinPadScreen)


def test_four_taps_or_slow_taps_or_taps_elsewhere_do_not(kiosk: KioskApp, clock: FakeClock) -> None:
    corner_taps(kiosk, clock, 4)
    clock.advance(5)
    corner_taps(kiosk, clock, 4, gap_s=1.0)  # five within the window never happen
    assert isinstance(kiosk.screen, HomeScreen)
    corner_taps(kiosk, clock, 5, where_mm=(30, 8))  # just outside the 20 mm corner
    assert isinstance(kiosk.screen, HomeScreen)


def test_nothing_on_screen_hints_at_the_corner(kiosk: KioskApp) -> None:
    words = {b.accessibleName().lower() for b in kiosk.window.findChildren(type(button(kiosk.window, "A+")))}
    assert not any("staff" in w for w in words)


def test_right_pin_opens_the_panel_and_leaving_goes_home(kiosk: KioskApp, clock: FakeClock,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    corner_taps(kiosk, clock)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        type_pin(kiosk, "4321")
    assert isinstance(kiosk.screen, StaffPanelScreen)
    assert "staff mode entered" in caplog.text
    assert "4321" not in caplog.text
    facts = kiosk.screen.fact_labels
    assert facts["Content file"].text().endswith("content.yaml")
    assert facts["Version"].text().startswith("Version: kiosk ")
    loaded = re.fullmatch(r"Loaded: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \S+", facts["Loaded"].text())
    assert loaded, facts["Loaded"].text()
    assert abs(time.mktime(time.strptime(loaded[1], "%Y-%m-%d %H:%M:%S")) - time.time()) < 600  # local wall time
    touch_tap(button(kiosk.window, "Leave staff mode"))
    assert isinstance(kiosk.screen, HomeScreen)


def test_wrong_pins_lock_the_pad_for_a_minute(kiosk: KioskApp, clock: FakeClock) -> None:
    corner_taps(kiosk, clock)
    for tries_left in (4, 3, 2, 1):
        type_pin(kiosk, "1357")
        assert kiosk.screen.message.text() == f"Wrong PIN. {tries_left} tries left."  # type: ignore[attr-defined]
    type_pin(kiosk, "1357")
    screen = kiosk.screen
    assert isinstance(screen, PinPadScreen)
    assert screen.message.text() == "Too many tries. Wait 60 seconds."
    assert not button(kiosk.window, "Enter").isEnabled()
    kiosk.staff.pin_lock.attempt("4321", FAST_HASH)  # even the right PIN is refused while locked
    assert kiosk.staff.pin_lock.locked()
    clock.advance(60)
    touch_tap(button(kiosk.window, "Cancel"))
    corner_taps(kiosk, clock)
    type_pin(kiosk, "4321")
    assert isinstance(kiosk.screen, StaffPanelScreen)


def test_the_panel_warns_while_the_default_pin_is_in_use(qtbot: QtBot, tmp_path: Path) -> None:
    text = MINIMAL + f'staff:\n  pin_hash: "{weak_hash_pin(DEFAULT_PIN, 1000)}"\n'
    window = build_kiosk(write(tmp_path, text))
    qtbot.addWidget(window)
    window.show()
    kiosk = kiosk_of(window)
    kiosk.navigation.go(("staff", "panel"))
    assert any("default" in w.text() for w in kiosk.screen.warning_labels)  # type: ignore[attr-defined]


def test_the_panel_says_when_the_screen_is_drawn_smaller_than_full_size(qtbot: QtBot, tmp_path: Path) -> None:
    def warnings_for(display: str) -> list[str]:
        window = build_kiosk(write(tmp_path, MINIMAL + display))
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.show()
        kiosk = kiosk_of(window)
        kiosk.navigation.go(("staff", "panel"))
        return [w.text() for w in kiosk.screen.warning_labels]  # type: ignore[attr-defined]

    [small] = [w for w in warnings_for("display:\n  width_mm: 222\n  height_mm: 125\n") if "smaller" in w]
    assert "drawn at 56 % of its size" in small
    assert not [w for w in warnings_for("display:\n  width_mm: 400\n  height_mm: 234\n") if "smaller" in w]


def test_the_pin_pad_and_panel_time_out_like_any_screen(kiosk: KioskApp, clock: FakeClock) -> None:
    corner_taps(kiosk, clock)
    type_pin(kiosk, "4321")
    assert isinstance(kiosk.screen, StaffPanelScreen)
    clock.advance(111)
    kiosk.input.poll()
    assert isinstance(kiosk.screen, HomeScreen)


def test_hash_pin_prints_a_line_that_verifies() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--hash-pin"], input="97531\n",
                            capture_output=True, text=True, timeout=60, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    line = result.stdout.strip()
    assert line.startswith('pin_hash: "pbkdf2_sha256$600000$') and line.endswith('"')
    assert verify_pin("97531", line.split('"')[1])
    assert not verify_pin("97530", line.split('"')[1])
    assert "97531" not in result.stdout + result.stderr
