"""KioskHandle, the one place the tools reach into the kiosk: each method against the real kiosk.

When the kiosk's wiring changes (issue 24 split it into controllers reached with ``kiosk_of``), tools/handle.py
is the file that follows, and these tests say method by method whether it still reads and does what the tools
rely on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.content import ContentError, Mark, Problem, load
from kiosk.core.clock import ManualClock
from kiosk.core.idle import IdleState
from kiosk.core.pin import DEFAULT_PIN
from kiosk.session import HOME, SELFCHECK_FLOW
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import QuestionScreen
from kiosk.ui.screens.staff import PinPadScreen
from tests.helpers import BUNDLED, button, touch_device, touch_tap
from tools import fuzz
from tools.handle import KioskHandle


def copy_of_bundled(folder: Path, *, metrics_file: Path | None = None, sections: int | None = None) -> Path:
    """The bundled content in *folder* (icons linked), writing metrics to *metrics_file* or with fewer sections."""
    doc = fuzz.parse(BUNDLED.read_bytes())
    if metrics_file is not None:
        doc["kiosk"]["metrics_file"] = str(metrics_file)
    if sections is not None:
        doc["sections"] = doc["sections"][:sections]
    if not (folder / "icons").exists():
        (folder / "icons").symlink_to((BUNDLED.parent / "icons").resolve(), target_is_directory=True)
    path = folder / f"content-{len(list(folder.glob('content-*.yaml')))}.yaml"
    path.write_bytes(fuzz.dump(doc))
    return path


def shown(qtbot: QtBot, handle: KioskHandle) -> KioskHandle:
    qtbot.addWidget(handle.window)
    handle.window.resize(1280, 800)
    handle.window.show()
    qtbot.waitExposed(handle.window)
    return handle


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def kiosk(qtbot: QtBot, clock: ManualClock) -> KioskHandle:
    return shown(qtbot, KioskHandle.build(BUNDLED, clock=clock, speech_engine="mock", watch=False))


def test_the_screen_and_the_place_follow_taps_and_home(kiosk: KioskHandle) -> None:
    assert kiosk.place() == HOME and isinstance(kiosk.screen(), HomeScreen)
    assert kiosk.stack().currentWidget() is kiosk.screen()
    touch_tap(button(kiosk.window, "What is Botox?"))
    assert kiosk.place() == ("section", "what-is-botox") and isinstance(kiosk.screen(), SectionScreen)
    kiosk.go_home()
    assert kiosk.place() == HOME and isinstance(kiosk.screen(), HomeScreen)


def test_the_access_bar_holds_the_buttons_the_monkey_taps(kiosk: KioskHandle) -> None:
    bar = kiosk.access_bar()
    assert bar is not None
    names = {b.accessibleName() for b in bar.findChildren(QPushButton)}
    for attribute in ("smaller_button", "larger_button", "contrast_button", "read_button", "repeat_button"):
        assert getattr(bar, attribute).accessibleName() in names


def test_the_self_check_starts_and_a_reset_ends_it(kiosk: KioskHandle) -> None:
    assert not kiosk.in_selfcheck()
    kiosk.start_selfcheck()
    assert kiosk.in_selfcheck() and kiosk.place() == SELFCHECK_FLOW and isinstance(kiosk.screen(), QuestionScreen)
    kiosk.reset_session()
    assert not kiosk.in_selfcheck() and kiosk.place() == HOME


def test_idle_time_warns_and_a_tap_on_the_warning_is_swallowed(kiosk: KioskHandle, clock: ManualClock) -> None:
    assert kiosk.idle_state(clock()) is IdleState.ACTIVE and kiosk.overlay() is None
    clock.advance(kiosk.idle_deadline() - clock())
    assert kiosk.idle_state(clock()) is IdleState.WARNING
    kiosk.poll_idle()
    overlay = kiosk.overlay()
    assert overlay is not None and overlay.isVisible()
    window = kiosk.window.windowHandle()
    point = QPoint(kiosk.window.width() // 2, kiosk.window.height() // 2)
    QTest.touchEvent(window, touch_device()).press(0, point, window).commit()
    QApplication.processEvents()
    assert kiosk.swallowing_touch(), "the finger that answers the warning presses nothing beneath"
    QTest.touchEvent(window, touch_device()).release(0, point, window).commit()
    QApplication.processEvents()
    assert not kiosk.swallowing_touch() and kiosk.overlay() is None


def test_the_staff_corner_is_measured_in_the_units_the_handle_gives(kiosk: KioskHandle, clock: ManualClock) -> None:
    units, seen = kiosk.units(), kiosk.touch_units()
    assert (seen.px_per_mm_x, seen.px_per_mm_y) == (units.px_per_mm_x, units.px_per_mm_y)
    for _ in range(5):
        touch_tap(kiosk.window, QPoint(units.w(10), units.h(10)))
        clock.advance(0.3)
    assert isinstance(kiosk.screen(), PinPadScreen)


def test_a_reload_during_the_self_check_waits_until_the_patient_leaves(kiosk: KioskHandle, tmp_path: Path) -> None:
    before = kiosk.content()
    assert before is not None
    fewer = load(copy_of_bundled(tmp_path, sections=2))
    assert len(fewer.sections) == 2 < len(before.sections)
    kiosk.start_selfcheck()
    kiosk.apply_content(fewer)
    assert kiosk.pending_content() is fewer and kiosk.content() is before
    kiosk.reset_session()
    assert kiosk.pending_content() is None and kiosk.content() is fewer


def test_a_broken_reload_keeps_what_the_kiosk_shows(kiosk: KioskHandle) -> None:
    before = kiosk.content()
    kiosk.refuse_content(ContentError(BUNDLED, [Problem(Mark(), "a broken file")]))
    assert kiosk.content() is before and isinstance(kiosk.screen(), HomeScreen)


def test_the_file_watcher_reports_a_saved_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    kiosk = shown(qtbot, KioskHandle.build(path, speech_engine="mock"))
    heard: list[object] = []
    kiosk.on_reloaded(heard.append)
    path.write_text(path.read_text(encoding="utf-8").replace("Botox for acne", "Botox for acne, edited", 1),
                    encoding="utf-8")
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    kiosk.shutdown()


def test_staffs_reload_now_reads_the_file_the_handle_points_it_at(kiosk: KioskHandle, clock: ManualClock,
                                                                 tmp_path: Path) -> None:
    """What the monkey does when it starts from a broken file: Reload now must then read the good copy."""
    kiosk.set_content_path(copy_of_bundled(tmp_path, sections=2))
    units = kiosk.units()
    for _ in range(5):
        touch_tap(kiosk.window, QPoint(units.w(10), units.h(10)))
        clock.advance(0.3)
    pad = kiosk.screen()
    assert isinstance(pad, PinPadScreen)
    keys = {k.words(): k for k in pad.keys}
    for digit in DEFAULT_PIN:
        touch_tap(keys[digit])
    touch_tap(pad.enter_button)
    touch_tap(button(kiosk.window, "Reload now"))
    content = kiosk.content()
    assert content is not None and len(content.sections) == 2


def test_read_aloud_starts_after_the_first_frame(qtbot: QtBot, kiosk: KioskHandle) -> None:
    assert kiosk.speech_wanted()
    qtbot.waitUntil(lambda: kiosk.speaker() is not None, timeout=10_000)


def test_shutdown_writes_the_metrics(qtbot: QtBot, tmp_path: Path) -> None:
    metrics = tmp_path / "metrics.prom"
    kiosk = shown(qtbot, KioskHandle.build(copy_of_bundled(tmp_path, metrics_file=metrics),
                                           speech_engine="mock", watch=False))
    assert not metrics.exists()
    kiosk.shutdown()
    assert metrics.exists()


def test_sections_are_built_ahead_between_patients(qtbot: QtBot, kiosk: KioskHandle) -> None:
    qtbot.waitUntil(kiosk.sections_prepared, timeout=10_000)
