"""At 1280x800, 1920x1080 and 1080x1920: big enough targets, nothing overlapping, no cut-off words."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.render import shots
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.units import MIN_CAP_ANGLE_DEG
from kiosk.ui.widgets import Screen
from tests.ui.conftest import PANELS, with_display
from tests.ui.layout_checks import layout_problems, leaves

Open = Callable[..., KioskApp]


def top_layer(kiosk: KioskApp) -> QWidget:
    """What the patient can touch: the idle question covers the screen beneath it on purpose."""
    return kiosk.idle.overlay if kiosk.idle.overlay is not None else kiosk.window


def settle() -> None:
    """Let layouts that re-flow (bars that wrap onto more rows) finish, as the next frame would show them."""
    for _ in range(3):
        QApplication.processEvents()




@pytest.mark.parametrize("size", list(PANELS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_is_laid_out_cleanly(open_kiosk: Open, tmp_path: Path, size: tuple[int, int]) -> None:
    kiosk = open_kiosk(with_display(tmp_path, size), size=size)
    width_mm, height_mm = PANELS[size]
    assert kiosk.style.units.to_mm_w(size[0]) == pytest.approx(width_mm)
    assert kiosk.style.units.to_mm_h(size[1]) == pytest.approx(height_mm)
    names = []
    for name, reach in shots(kiosk):
        reach(kiosk)
        settle()
        names.append(name)
        assert len(leaves(kiosk.window)) >= 3, f"{name}: nothing laid out to check"
        problems = layout_problems(top_layer(kiosk), kiosk.style.units)
        assert not problems, f"{name} at {size}:\n" + "\n".join(problems)
    assert {"home", "selfcheck-intro", "selfcheck-outcome-01-emergency-now"} <= set(names)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", list(PANELS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_largest_text_in_both_languages_still_fits(open_kiosk: Open, tmp_path: Path, size: tuple[int, int],
                                                   language: str) -> None:
    kiosk = open_kiosk(with_display(tmp_path, size), size=size)
    kiosk.navigation.set_language(language)
    kiosk.navigation.text_larger()
    kiosk.navigation.text_larger()
    assert kiosk.style.units.text_scale == 1.5
    for name, reach in shots(kiosk):
        if name.startswith("staff-"):
            continue  # staff screens are never at a patient's text size: the staff corner resets it
        reach(kiosk)
        settle()
        problems = layout_problems(top_layer(kiosk), kiosk.style.units)
        assert not problems, f"{name} at {size}, {language}, largest text:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_panel_smaller_than_the_layout_needs_is_drawn_smaller_and_stays_clean(open_kiosk: Open, tmp_path: Path,
                                                                                 language: str) -> None:
    """A 10.1-inch 1024x600 tablet, 222 x 125 mm: at full millimetre sizes the access bar's rows and the
    navigation overlapped on every screen. Checked in the shrunk millimetres it is laid out in."""
    size = (1024, 600)
    kiosk = open_kiosk(with_display(tmp_path, size, panel_mm=(222, 125)), size=size)
    assert 0.5 < kiosk.style.units.fit < 0.6
    kiosk.navigation.set_language(language)
    kiosk.navigation.text_larger()
    kiosk.navigation.text_larger()
    for name, reach in shots(kiosk):
        if name.startswith("staff-"):
            continue  # staff screens are never at a patient's text size
        reach(kiosk)
        settle()
        problems = layout_problems(top_layer(kiosk), kiosk.style.units)
        assert not problems, f"{name} on a 222 x 125 mm panel, {language}, largest text:\n" + "\n".join(problems)


def test_a_long_kiosk_title_at_the_largest_text_scrolls_with_the_tiles(open_kiosk: Open, tmp_path: Path) -> None:
    """Staff may write a long title. Fixed above the tiles, at the largest text it was cut (3 of 5 lines)
    and left the tiles no room; it now scrolls with them and is shown whole."""
    size = (1280, 800)
    path = with_display(tmp_path, size)
    long_title = "Botulinum toxin treatment for acne, oily skin and enlarged pores"
    path.write_text(path.read_text(encoding="utf-8").replace("en: Botox for acne", f"en: {long_title}", 1),
                    encoding="utf-8")
    kiosk = open_kiosk(path, size=size)
    kiosk.navigation.text_larger()
    kiosk.navigation.text_larger()
    settle()
    problems = layout_problems(top_layer(kiosk), kiosk.style.units)
    assert not problems, "\n".join(problems)
    [title] = [w for w in kiosk.screen.findChildren(QLabel) if w.text() == long_title]
    assert kiosk.screen.scroll.isAncestorOf(title)  # type: ignore[attr-defined]
    assert kiosk.screen.cue.isVisible()  # type: ignore[attr-defined]  # the tiles are below: it says so


def test_body_text_meets_the_viewing_angle(open_kiosk: Open, tmp_path: Path) -> None:
    """EN 301 549 5.1.4: a capital H subtends at least 0.7 degrees at the configured viewing distance."""
    import math

    kiosk = open_kiosk(with_display(tmp_path, (1920, 1080)), size=(1920, 1080))
    kiosk.navigation.go(("section", "what-is-botox"))
    body = kiosk.screen.body  # type: ignore[attr-defined]
    from PySide6.QtGui import QFontMetricsF

    cap_mm = kiosk.style.units.to_mm_h(QFontMetricsF(body.document().defaultFont()).capHeight())
    angle = math.degrees(2 * math.atan(cap_mm / 2 / 500))
    assert angle >= MIN_CAP_ANGLE_DEG
    assert cap_mm >= 6.1


def test_the_checks_catch_what_they_look_for(qtbot) -> None:
    """The checks above would be worthless if they could not fail: show them a bad screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

    from kiosk.model.content import Theme
    from kiosk.theme import palette_for
    from kiosk.ui.style import Look
    from kiosk.ui.units import Units
    from kiosk.ui.widgets import WrapButton, label

    units = Units(4.0, 4.0)
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(800, 600)
    small = QPushButton("Tiny", root)
    small.setAccessibleName("Tiny")
    small.setGeometry(10, 10, 40, 40)  # 10 mm
    other = QPushButton("Other", root)
    other.setAccessibleName("Other")
    other.setGeometry(40, 10, 100, 100)  # overlaps Tiny
    cut = QLabel("A sentence far too long for its box", root)
    cut.setWordWrap(True)
    cut.setGeometry(300, 300, 60, 20)
    look = Look(units, palette_for(Theme(), False))
    squeezed = WrapButton("Words squeezed into a button too small", look, parent=root)
    squeezed.setGeometry(300, 200, 300, 60)  # room for one line of its words' two
    hidden = QTextBrowser(root)
    hidden.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    hidden.setPlainText("First line.\nSecond line.\nThird line, below the edge.")
    hidden.setGeometry(300, 400, 300, 40)
    page = QWidget()
    column = QVBoxLayout(page)
    for _ in range(3):
        column.addWidget(label("Words that wrap onto a line or two at this width. " * 3))
    padded = QScrollArea(root)  # Qt's own sizing: each label as tall as it is at a narrow width
    padded.setWidgetResizable(True)
    padded.setWidget(page)
    padded.setGeometry(0, 450, 800, 140)
    root.show()
    qtbot.waitExposed(root)
    problems = "\n".join(layout_problems(root, units))
    assert "QPushButton('Tiny') (10, 10, 40, 40) overlaps QPushButton('Other')" in problems
    assert "QPushButton('Tiny') is 10.0 x 10.0 mm" in problems
    assert "needs" in problems and "QLabel('A sentence far too long for its box')" in problems
    assert "WrapButton('Words squeezed into a button too small'): its words need" in problems
    assert "QTextBrowser('First line." in problems and "its text needs" in problems
    assert "QScrollArea(''): its page is" in problems


def dead_screens() -> set[int]:
    """Screens whose Qt side is gone but whose Python side something still holds."""
    gc.collect()
    return {id(o) for o in gc.get_objects() if isinstance(o, Screen) and not shiboken6.isValid(o)}


@pytest.mark.parametrize("size", list(PANELS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_screen_makes_the_window_grow_past_the_display(open_kiosk: Open, tmp_path: Path,
                                                          size: tuple[int, int]) -> None:
    """The window is the display. Qt's default let a screen that needed more height make the window
    taller than the panel: the PIN pad with a message did at 1280x800, and the layout checks, run on
    the grown window, did not see Clear, Enter and Cancel going off the bottom of a real screen."""
    kiosk = open_kiosk(with_display(tmp_path, size), size=size)
    kiosk.staff.message = "Wrong PIN. 2 tries left."
    for name, reach in shots(kiosk):
        reach(kiosk)
        settle()
        assert (kiosk.window.width(), kiosk.window.height()) == size, name
        screen = kiosk.screen
        assert screen.minimumSizeHint().height() <= screen.height(), f"{name} needs more height than there is"


def test_a_resize_while_a_screen_is_being_put_up_waits_until_it_is_up(open_kiosk: Open, qtbot: QtBot) -> None:
    """Found by the monkey: a resize during a screen change rebuilt the screen from inside its own
    show; the screen thrown away in the middle was deleted by Qt but kept by PySide6 for good."""
    kiosk = open_kiosk(size=(1280, 800))
    section = kiosk.content.sections[1].id  # type: ignore[union-attr]
    small = kiosk.style.units
    gc.collect()
    before = {id(o) for o in gc.get_objects() if isinstance(o, Screen)}  # other tests' too, going away
    resized = []

    def display_changes() -> None:  # as when the panel is turned while a tap is being handled
        if not resized:
            resized.append(True)
            kiosk.window.resize(1920, 1080)

    kiosk.window.stack.currentChanged.connect(display_changes)
    built: list[str] = []
    kiosk.window.stack.widgetRemoved.connect(lambda _index: built.append("removed"))
    kiosk.navigation.go(("section", section))
    assert resized, "the resize came while the section was being put up"
    assert not built, "nothing was rebuilt inside the show"
    qtbot.waitUntil(lambda: kiosk.style.units != small and kiosk.screen.width() == 1920)
    assert kiosk.session.nav.current == ("section", section)
    assert isinstance(kiosk.screen, SectionScreen) and kiosk.screen.units == kiosk.style.units
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert dead_screens() - before == set()
