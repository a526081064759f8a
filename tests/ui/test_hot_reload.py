"""Hot reload on a running kiosk window: every fault staff can make while patients use the screen.

tests/services/test_watcher.py proves the watcher emits the right signal for each fault; these tests prove
what the patient and the staff then see on the real window:

1. the last good content stays on screen (the home tiles, the section that was open, the question);
2. the discreet staff marker in the access bar appears;
3. the staff panel gives the reason as compiler-style ``file:line:col: error: …`` lines;
4. a fixed file is picked up: the new tile appears, the marker goes, ``last_errors`` empties.

No sleeps: each step waits for the watcher's ``failed`` / ``loaded`` signal (the app's own 300 ms
debounce, a 5 s timeout). A check that happens to see a half-written intermediate state must not
satisfy the wait, so every wait names the result it is for (``check_params_cb``).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk
from kiosk.content import Content, ContentError
from kiosk.content.lastgood import copy_path, recall
from kiosk.session import STAFF_PANEL
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import QuestionScreen
from kiosk.ui.screens.staff import StaffPanelScreen
from kiosk.ui.screens.updating import UpdatingScreen
from tests.core.fakeclock import FakeClock
from tests.helpers import button, touch_device, touch_tap
from tests.ui.conftest import Keep

TIMEOUT_MS = 5000
UPDATING = "This screen is being updated. Please ask at the front desk."
#: One line of the staff panel's error list, the way a compiler reports: file:line:col: error: message
ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): error: (?P<message>\S.*)$")

GOOD_TILES = ["First topic", "Second topic"]
FIXED_TILES = ["First topic", "Fixed topic"]

LEAFLET = """\
version: 1
kiosk:
  title: Test kiosk
  intro: Tap a topic.
  notice: General information only.
sections:
  - id: first
    title: First topic
    body: {body}
  - id: second
    title: {second}
    body: Second body.
"""

SELFCHECK = """\
selfcheck:
  title: Quick check
  intro: Two questions.
  start: breathing
  questions:
    - id: breathing
      text: Is it hard to breathe?
      answers:
        - label: "Yes"
          severity: emergency
          next: emergency-now
        - label: "No"
          next: rash
    - id: rash
      text: Is there redness that grows?
      answers:
        - label: "Yes"
          severity: call-clinic
          next: call-clinic
        - label: "No"
          next: all-good
  outcomes:
    - id: emergency-now
      level: emergency
      title: Tell a staff member now
      body: Show this screen to staff.
    - id: call-clinic
      level: call-clinic
      title: Call the clinic
      body: Call us.
    - id: all-good
      level: self-care
      title: All good
      body: Nothing to do.
"""


def leaflet(second: str = "Second topic", body: str = "The first body.", *, selfcheck: bool = False) -> str:
    return LEAFLET.format(second=second, body=body) + (SELFCHECK if selfcheck else "")


GOOD = leaflet()
FIXED = leaflet("Fixed topic", "The fixed body.")
# A save cut off in the middle of a key: "could not find expected ':'" on the last line.
TRUNCATED = GOOD[: GOOD.index("  - id: second") + len("  - id: second\n    tit")]
# Valid YAML, but the topics are missing: a half-written file, or a file cut before its sections.
NO_SECTIONS = GOOD[: GOOD.index("sections:")]


# -- fixtures and helpers ------------------------------------------------------------------------
#: The one ERROR a test may expect: starting on a file that cannot be used.
STARTUP_ERROR = "content file cannot be used; showing the 'being updated' screen"
STARTUP_FALLBACK = "content file cannot be used; showing the last good copy of it"


@pytest.fixture(autouse=True)
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The kiosk's crash guard turns an exception in a slot into a log line and a trip home, which
    would hide a bug in the reload path from pytest-qt: any unexpected ERROR from the kiosk fails the test."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR and r.name.startswith("kiosk")
              and not r.getMessage().startswith((STARTUP_ERROR, STARTUP_FALLBACK))]
    assert not errors, "the kiosk logged errors:\n" + "\n".join(r.getMessage() for r in errors)


@pytest.fixture
def run_kiosk(qtbot: QtBot, keep: Keep) -> Callable[[Path], KioskApp]:
    """Build the real kiosk on *path* (hot reload on, as in production), show it and wait for it."""

    def _run(path: Path) -> KioskApp:
        window = build_kiosk(path, clock=FakeClock())  # a still clock: the idle timeout never ends a test
        kiosk = keep(window)  # closed at the end: the window's closed signal stops the watcher
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        assert kiosk.watcher is not None
        return kiosk

    return _run


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def replace_atomically(path: Path, text: str) -> None:
    """What most editors do on save: write a spare file beside it, then rename it over the old one."""
    spare = path.with_name(f".{path.name}.tmp")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def switch_link(link: Path, target: Path) -> None:
    """What ``ln -sfn`` does atomically: a new link renamed over the old one."""
    spare = link.with_name(f".{link.name}.new")
    spare.symlink_to(target)
    os.replace(spare, link)


def press(kiosk: KioskApp, name: str) -> None:
    """Press the visible button *name* through its own clicked signal, for the steps that only set a
    scene: what is under test here is hot reload, not touch geometry (test_navigation taps every button).
    The one tap the story is about, Home from the middle of the self-check, is a real touch."""
    button(kiosk.window, name).click()


def marker_shown(kiosk: KioskApp) -> bool:
    bar = kiosk.window.bar
    assert bar is not None
    return bar.marker.isVisible()  # type: ignore[attr-defined]


def tiles(kiosk: KioskApp) -> list[str]:
    """The section tiles a patient sees on the home screen (the self-check tile left out)."""
    screen = kiosk.screen
    assert isinstance(screen, HomeScreen), f"expected the home screen, got {type(screen).__name__}"
    return [t.accessibleName() for t in screen.tiles
            if t.isVisible() and t.property("section_id") is not None]


def panel_errors(kiosk: KioskApp) -> list[str]:
    screen = kiosk.screen
    assert isinstance(screen, StaffPanelScreen)
    assert all(lab.isVisible() for lab in screen.error_labels)
    return [lab.text().replace("\u200b", "") for lab in screen.error_labels]  # paths may wrap after "/"


def assert_compiler_style(lines: list[str], path: Path, reason: str) -> None:
    assert lines, "no error lines"
    for line in lines:
        match = ERROR_LINE.match(line)
        assert match, f"not a file:line:col: error: line: {line!r}"
        assert match["file"] == str(path)
    assert any(reason in line for line in lines), f"{reason!r} not in {lines}"


def expect_failure(qtbot: QtBot, kiosk: KioskApp, change: Callable[[], object], reason: str) -> ContentError:
    """Make *change* and wait for the failure that names *reason* (not an intermediate one)."""
    assert kiosk.watcher is not None
    with qtbot.waitSignal(kiosk.watcher.failed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda e: reason in e.report()) as blocker:
        change()
    error = blocker.args[0]
    assert isinstance(error, ContentError)
    assert kiosk.reload.last_errors == error.lines()
    return error


def expect_load(qtbot: QtBot, kiosk: KioskApp, change: Callable[[], object], tile: str) -> Content:
    """Make *change* and wait for the content whose last tile is *tile* (not an intermediate one)."""
    assert kiosk.watcher is not None
    with qtbot.waitSignal(kiosk.watcher.loaded, timeout=TIMEOUT_MS,
                          check_params_cb=lambda c: c.sections[-1].title.get("en") == tile) as blocker:
        change()
    content = blocker.args[0]
    assert isinstance(content, Content)
    # At home, the new home screen goes up a few event-loop turns later (KioskApp._swap_home_in_turns).
    qtbot.waitUntil(lambda: not kiosk.navigation.swapping, timeout=TIMEOUT_MS)
    return content


def assert_fixed_applied(kiosk: KioskApp, expected_tiles: list[str] = FIXED_TILES) -> None:
    assert tiles(kiosk) == expected_tiles
    assert not marker_shown(kiosk)
    assert kiosk.reload.last_errors == []
    assert kiosk.reload.pending is None


def fault_then_fix(qtbot: QtBot, kiosk: KioskApp, path: Path, fault: Callable[[], object], reason: str,
                   fix: Callable[[], object], fixed_tiles: list[str] = FIXED_TILES) -> None:
    """The whole story on the home screen: fault → last good stays, marker, panel reason → fix applies."""
    good_tiles = tiles(kiosk)
    assert not marker_shown(kiosk)
    home = kiosk.screen
    good = kiosk.content

    expect_failure(qtbot, kiosk, fault, reason)
    # (1) the patient's screen is untouched: the same widget, the good file's tiles
    assert kiosk.screen is home
    assert kiosk.content is good
    assert tiles(kiosk) == good_tiles
    # (2) the staff marker
    assert marker_shown(kiosk)
    # (3) the staff panel says why, compiler-style
    kiosk.navigation.go(STAFF_PANEL)
    assert_compiler_style(panel_errors(kiosk), path, reason)
    press(kiosk, "Leave staff mode")
    assert tiles(kiosk) == good_tiles  # still the last good content, marker still up
    assert marker_shown(kiosk)

    # (4) the fixed file is picked up
    expect_load(qtbot, kiosk, fix, fixed_tiles[-1])
    assert_fixed_applied(kiosk, fixed_tiles)
    kiosk.navigation.go(STAFF_PANEL)
    assert panel_errors(kiosk) == []


# -- faults in the content file -------------------------------------------------------------------
def _to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _from_folder(path: Path) -> None:
    path.rmdir()
    write(path, FIXED)


def _chmod_000(path: Path) -> None:
    path.chmod(0)


def _chmod_back_and_fix(path: Path) -> None:
    path.chmod(0o644)
    write(path, FIXED)


FAULTS = [
    pytest.param(lambda p: write(p, TRUNCATED), "could not find expected ':'", lambda p: write(p, FIXED),
                 id="truncated"),
    pytest.param(lambda p: p.unlink(), "does not exist", lambda p: write(p, FIXED), id="deleted"),
    # Root reads a chmod 000 file (CAP_DAC_OVERRIDE), and these tests run as root: a folder in place of
    # the file cannot be opened by anyone, so it stands in for "no read permission".
    pytest.param(_to_folder, "folder", _from_folder, id="unreadable-folder"),
    pytest.param(_chmod_000, "cannot be read", _chmod_back_and_fix, id="unreadable-chmod-000",
                 marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file")),
    pytest.param(lambda p: p.write_bytes(bytes(range(256)) * 8), "not UTF-8", lambda p: write(p, FIXED),
                 id="garbage-bytes"),
    pytest.param(lambda p: write(p, GOOD + "# padding\n" * (1024 * 1024)), "larger than 5 MB",
                 lambda p: write(p, FIXED), id="ten-megabytes"),
]


@pytest.mark.parametrize(("fault", "reason", "fix"), FAULTS)
def test_a_broken_file_keeps_the_last_good_content_and_a_fixed_file_is_picked_up(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path,
        fault: Callable[[Path], object], reason: str, fix: Callable[[Path], object]) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    assert tiles(kiosk) == GOOD_TILES
    try:
        fault_then_fix(qtbot, kiosk, path, lambda: fault(path), reason, lambda: fix(path))
    finally:
        if path.exists() and not path.is_dir():
            path.chmod(0o644)  # let tmp_path clean-up remove it whoever runs the tests


def test_an_atomic_rename_over_the_file_is_loaded_and_the_new_file_stays_watched(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    expect_load(qtbot, kiosk, lambda: replace_atomically(path, FIXED), "Fixed topic")
    assert_fixed_applied(kiosk)
    # The renamed-in file is a new inode: a broken save of it, renamed over in turn, is seen and refused…
    fault_then_fix(qtbot, kiosk, path, lambda: replace_atomically(path, TRUNCATED), "could not find expected ':'",
                   lambda: replace_atomically(path, leaflet("Renamed topic")), ["First topic", "Renamed topic"])
    # …and an edit in place of the newest inode still reaches the screen.
    kiosk.navigation.home()
    expect_load(qtbot, kiosk, lambda: write(path, leaflet("Edited topic")), "Edited topic")
    assert_fixed_applied(kiosk, ["First topic", "Edited topic"])


def test_a_file_written_in_two_halves_fails_on_the_first_and_loads_on_the_second(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    half = FIXED.index("sections:")  # the first half alone has no topics: invalid
    with path.open("w", encoding="utf-8") as fh:

        def first_half() -> None:
            fh.write(FIXED[:half])
            fh.flush()

        # Waiting for the first half's failure is the deliberate pause between the two halves.
        expect_failure(qtbot, kiosk, first_half, "missing 'sections'")
        assert tiles(kiosk) == GOOD_TILES
        assert marker_shown(kiosk)
        kiosk.navigation.go(STAFF_PANEL)
        assert_compiler_style(panel_errors(kiosk), path, "missing 'sections'")
        kiosk.navigation.home()
        assert tiles(kiosk) == GOOD_TILES

        def second_half() -> None:
            fh.write(FIXED[half:])
            fh.flush()

        expect_load(qtbot, kiosk, second_half, "Fixed topic")
    assert_fixed_applied(kiosk)


# -- symlinks: releases in their own folders, a link switched between them ------------------------
@pytest.fixture
def releases(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, text in (("v1", GOOD), ("v2", FIXED), ("broken", TRUNCATED)):
        (tmp_path / name).mkdir()
        found[name] = tmp_path / name / "content.yaml"
        write(found[name], text)
    (tmp_path / "live").mkdir()
    found["link"] = tmp_path / "live" / "content.yaml"
    found["link"].symlink_to(found["v1"])
    return found


def test_a_symlink_switched_to_another_valid_file_shows_the_new_content(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], releases: dict[str, Path]) -> None:
    kiosk = run_kiosk(releases["link"])
    assert tiles(kiosk) == GOOD_TILES
    expect_load(qtbot, kiosk, lambda: switch_link(releases["link"], releases["v2"]), "Fixed topic")
    assert_fixed_applied(kiosk)


def test_a_symlink_switched_to_a_broken_file_keeps_the_last_good_content(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], releases: dict[str, Path]) -> None:
    link = releases["link"]
    kiosk = run_kiosk(link)
    assert tiles(kiosk) == GOOD_TILES
    # Fixed in place in the broken release's own folder: the watch follows the link to its new target.
    fault_then_fix(qtbot, kiosk, link, lambda: switch_link(link, releases["broken"]), "could not find expected ':'",
                   lambda: write(releases["broken"], FIXED))


# -- where the patient is when the file changes ----------------------------------------------------
def test_the_section_a_patient_is_reading_stays_open_through_a_fault_and_a_fix(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    press(kiosk, "First topic")
    reading = kiosk.screen
    assert isinstance(reading, SectionScreen)

    expect_failure(qtbot, kiosk, lambda: write(path, TRUNCATED), "could not find expected ':'")
    assert kiosk.screen is reading  # not rebuilt, not sent home
    assert reading.heading.text() == "First topic"
    assert reading.body.plain_text().strip() == "The first body."
    assert marker_shown(kiosk)

    expect_load(qtbot, kiosk, lambda: write(path, FIXED), "Fixed topic")
    screen = kiosk.screen  # rebuilt on the new content, on the same section
    assert isinstance(screen, SectionScreen)
    assert screen.heading.text() == "First topic"
    assert screen.body.plain_text().strip() == "The fixed body."
    assert not marker_shown(kiosk)
    assert kiosk.reload.last_errors == []
    press(kiosk, "Home")
    assert_fixed_applied(kiosk)


def test_the_staff_panel_open_when_the_file_breaks_shows_the_reason_and_clears_it_when_fixed(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    kiosk.navigation.go(STAFF_PANEL)
    assert panel_errors(kiosk) == []
    expect_failure(qtbot, kiosk, lambda: write(path, NO_SECTIONS), "missing 'sections'")
    assert_compiler_style(panel_errors(kiosk), path, "missing 'sections'")  # updated while open
    expect_load(qtbot, kiosk, lambda: write(path, FIXED), "Fixed topic")
    assert panel_errors(kiosk) == []
    press(kiosk, "Leave staff mode")
    assert_fixed_applied(kiosk)


def _to_second_question(kiosk: KioskApp) -> QuestionScreen:
    press(kiosk, "Quick check")
    press(kiosk, "Start")
    press(kiosk, "No")  # one question answered
    screen = kiosk.screen
    assert isinstance(screen, QuestionScreen)
    assert screen.question.text() == "Is there redness that grows?"
    assert screen.progress.text() == "Question 2"
    return screen


def test_a_reload_during_a_self_check_waits_until_the_patient_goes_home(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, leaflet(selfcheck=True))
    kiosk = run_kiosk(path)
    asking = _to_second_question(kiosk)
    old = kiosk.content

    new = expect_load(qtbot, kiosk, lambda: write(path, leaflet("Fixed topic", selfcheck=True)), "Fixed topic")
    assert kiosk.screen is asking  # the patient's question stays exactly as it was
    assert asking.question.text() == "Is there redness that grows?"
    assert asking.progress.text() == "Question 2"
    assert kiosk.session.selfcheck is not None
    assert kiosk.content is old
    assert kiosk.reload.pending is new
    assert kiosk.reload.last_errors == []
    assert not marker_shown(kiosk)

    touch_tap(asking.home_button)
    assert kiosk.reload.pending is None
    assert kiosk.session.selfcheck is None
    assert kiosk.content is new
    assert_fixed_applied(kiosk)


def test_a_broken_file_during_a_self_check_leaves_the_question_alone(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, leaflet(selfcheck=True))
    kiosk = run_kiosk(path)
    asking = _to_second_question(kiosk)
    expect_failure(qtbot, kiosk, lambda: write(path, NO_SECTIONS), "missing 'sections'")
    assert kiosk.screen is asking
    assert asking.question.text() == "Is there redness that grows?"
    assert kiosk.reload.pending is None
    assert marker_shown(kiosk)
    touch_tap(asking.home_button)
    assert tiles(kiosk) == GOOD_TILES  # the last good content, the marker still up
    assert marker_shown(kiosk)


def test_with_nobody_in_the_self_check_a_valid_change_applies_at_once(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, leaflet(selfcheck=True))
    kiosk = run_kiosk(path)
    assert tiles(kiosk) == GOOD_TILES
    expect_load(qtbot, kiosk, lambda: write(path, leaflet("Fixed topic", selfcheck=True)), "Fixed topic")
    assert_fixed_applied(kiosk)
    assert button(kiosk.window, "Quick check").isVisible()



def test_a_reload_that_renames_a_bar_button_shows_the_new_name_and_one_that_does_not_keeps_the_bar(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    qtbot.waitUntil(lambda: kiosk.speech.speaker is not None and kiosk.speech.speaker.available)  # joins the bar
    bar = kiosk.window.bar
    expect_load(qtbot, kiosk, lambda: write(path, FIXED), "Fixed topic")
    assert kiosk.window.bar is bar  # nothing on the bar changed: not rebuilt in the middle of the swap
    renamed = leaflet("Renamed topic") + "ui_text:\n  en:\n    high_contrast: Strong colours\n"
    expect_load(qtbot, kiosk, lambda: write(path, renamed), "Renamed topic")
    assert button(kiosk.window, "Strong colours").isVisible()

# -- starting on a file that cannot be used ---------------------------------------------------------
@pytest.mark.parametrize(("start", "reason"), [
    pytest.param(lambda p: write(p, NO_SECTIONS), "missing 'sections'", id="invalid"),
    pytest.param(lambda p: None, "does not exist", id="missing"),
])
def test_a_kiosk_started_on_an_unusable_file_shows_the_calm_screen_until_it_is_fixed(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path,
        start: Callable[[Path], object], reason: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "content.yaml"
    start(path)
    kiosk = run_kiosk(path)
    assert STARTUP_ERROR in caplog.text
    screen = kiosk.screen
    assert isinstance(screen, UpdatingScreen)
    assert screen.message.text() == UPDATING
    assert screen.message.isVisible()
    assert kiosk.content is None
    assert_compiler_style(kiosk.reload.last_errors, path, reason)
    assert marker_shown(kiosk)

    expect_load(qtbot, kiosk, lambda: write(path, FIXED), "Fixed topic")
    assert_fixed_applied(kiosk)


def test_a_restart_on_a_file_with_a_mistake_shows_the_last_good_copy_of_it(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Staff save a mistake, then the power goes or the kiosk is rebooted: patients still get the leaflet
    that last worked, staff still get the errors, and staff mode (its PIN is in that copy) still opens."""
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    first = run_kiosk(path)
    qtbot.waitUntil(lambda: copy_path(path).is_file(), timeout=TIMEOUT_MS)  # kept once the first frame is up
    first.window.close()
    write(path, NO_SECTIONS)

    kiosk = run_kiosk(path)
    assert STARTUP_FALLBACK in caplog.text and STARTUP_ERROR not in caplog.text
    assert tiles(kiosk) == GOOD_TILES
    assert_compiler_style(kiosk.reload.last_errors, path, "missing 'sections'")
    assert marker_shown(kiosk)
    assert list(copy_path(path).parent.glob("*.part")) == []  # the copy was written whole

    expect_load(qtbot, kiosk, lambda: write(path, FIXED), "Fixed topic")
    assert_fixed_applied(kiosk)
    qtbot.waitUntil(lambda: [s.title.get("en") for s in recall(path).sections] == FIXED_TILES,  # type: ignore[union-attr]
                    timeout=TIMEOUT_MS)  # the copy follows the file


def test_leaving_the_self_check_by_back_applies_a_deferred_reload_before_it_is_started_again(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, leaflet(selfcheck=True))
    kiosk = run_kiosk(path)
    press(kiosk, "Quick check")
    press(kiosk, "Start")
    asking = kiosk.screen
    assert isinstance(asking, QuestionScreen)
    assert asking.question.text() == "Is it hard to breathe?"
    changed = leaflet("Fixed topic", selfcheck=True).replace("Is it hard to breathe?",
                                                             "Is it hard to breathe, swallow or speak?")
    new = expect_load(qtbot, kiosk, lambda: write(path, changed), "Fixed topic")
    assert kiosk.screen is asking and kiosk.reload.pending is new  # deferred while the question is up: right

    asking.back_button.click()  # out of the flow, back on the intro: nobody is mid-flow now
    assert kiosk.session.selfcheck is None
    press(kiosk, "Start")  # a fresh start must use the new flow
    screen = kiosk.screen
    assert isinstance(screen, QuestionScreen)
    assert screen.question.text() == "Is it hard to breathe, swallow or speak?"
    assert kiosk.content is new
    assert kiosk.reload.pending is None


# -- a new file at home: put up over a few event-loop turns, the old screens deleted one per turn ----
def loaded_at_home(qtbot: QtBot, kiosk: KioskApp, path: Path, text: str, tile: str) -> HomeScreen:
    """Write *text* and return the home screen still on show once the new file has been taken in."""
    old = kiosk.screen
    assert isinstance(old, HomeScreen)
    with qtbot.waitSignal(kiosk.watcher.loaded, timeout=TIMEOUT_MS,  # type: ignore[union-attr]
                          check_params_cb=lambda c: c.sections[-1].title.get("en") == tile):
        write(path, text)
    return old


def test_a_new_file_at_home_goes_up_in_turns_and_then_replaces_the_old_home_screen(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    old = loaded_at_home(qtbot, kiosk, path, FIXED, "Fixed topic")
    assert kiosk.navigation.swapping and kiosk.screen is old, "the old home screen stays while the new one is built"
    assert tiles(kiosk) == GOOD_TILES
    qtbot.waitUntil(lambda: not kiosk.navigation.swapping, timeout=TIMEOUT_MS)
    assert kiosk.screen is not old and tiles(kiosk) == FIXED_TILES


@pytest.mark.parametrize(("tap", "opens"), [("First topic", "First topic"), ("Second topic", None)],
                         ids=["a-section-the-new-file-keeps", "a-section-the-new-file-dropped"])
def test_a_tap_on_the_old_home_screen_during_the_swap_is_answered_from_the_new_file(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path, tap: str, opens: str | None) -> None:
    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    # The new file renames the first section's body and replaces the second section by another one.
    loaded_at_home(qtbot, kiosk, path, FIXED.replace("id: second", "id: fixed"), "Fixed topic")
    assert kiosk.navigation.swapping
    tile = button(kiosk.window, tap)  # on the old home screen, still on show
    # A real touch, as it comes in the middle of the swap: touch_tap would first let pending work run
    # (the swap's next turns, all of them in one processEvents call).
    window = kiosk.window.windowHandle()
    point = tile.mapTo(kiosk.window, tile.rect().center())
    QTest.touchEvent(window, touch_device()).press(0, point, window).commit()
    QTest.touchEvent(window, touch_device()).release(0, point, window).commit()
    qtbot.waitUntil(lambda: not kiosk.navigation.swapping, timeout=TIMEOUT_MS)
    for _ in range(5):
        qtbot.wait(1)  # the swap's last turn, had it not been dropped, would have come by now
    if opens is None:  # the new file has no "Second topic": home, with the new file's tiles
        assert tiles(kiosk) == FIXED_TILES
    else:
        assert isinstance(kiosk.screen, SectionScreen), "the section stays: the new home screen did not pop over it"
        assert "The fixed body." in kiosk.screen.body.toPlainText()  # type: ignore[attr-defined]


def test_the_kept_screens_of_the_old_file_are_deleted_one_per_turn(
        qtbot: QtBot, run_kiosk: Callable[[Path], KioskApp], tmp_path: Path) -> None:
    """Deleting them all in one turn (long documents) held the GUI thread ~50 ms during a reload."""
    from PySide6.QtCore import QCoreApplication, QEvent

    path = tmp_path / "content.yaml"
    write(path, GOOD)
    kiosk = run_kiosk(path)
    qtbot.waitUntil(lambda: kiosk.navigation.sections_prepared, timeout=TIMEOUT_MS)
    kept = kiosk.window.findChildren(SectionScreen)
    assert len(kept) == 2
    gone: list[int] = []
    for screen in kept:
        screen.destroyed.connect(lambda *_: gone.append(1))
    loaded_at_home(qtbot, kiosk, path, FIXED, "Fixed topic")
    per_turn = []
    for _ in range(100):
        before = len(gone)
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        per_turn.append(len(gone) - before)
        if len(gone) == len(kept):
            break
    assert len(gone) == len(kept), "every old screen is deleted"
    assert max(per_turn) == 1, f"one per turn, not {per_turn}"
