"""At 1280x800, 1920x1080 and 1080x1920: big enough targets, nothing overlapping, no cut-off words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import KioskApp
from kiosk.render import shots
from kiosk.ui.units import MIN_CAP_ANGLE_DEG
from tests.ui.conftest import PANELS, with_display
from tests.ui.layout_checks import layout_problems, leaves

Open = Callable[..., KioskApp]


def top_layer(kiosk: KioskApp) -> QWidget:
    """What the patient can touch: the idle question covers the screen beneath it on purpose."""
    return kiosk.overlay if kiosk.overlay is not None else kiosk.window


def settle() -> None:
    """Let layouts that re-flow (bars that wrap onto more rows) finish, as the next frame would show them."""
    for _ in range(3):
        QApplication.processEvents()




@pytest.mark.parametrize("size", list(PANELS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_is_laid_out_cleanly(open_kiosk: Open, tmp_path: Path, size: tuple[int, int]) -> None:
    kiosk = open_kiosk(with_display(tmp_path, size), size=size)
    width_mm, height_mm = PANELS[size]
    assert kiosk.units.to_mm_w(size[0]) == pytest.approx(width_mm)
    assert kiosk.units.to_mm_h(size[1]) == pytest.approx(height_mm)
    names = []
    for name, reach in shots(kiosk):
        reach(kiosk)
        settle()
        names.append(name)
        assert len(leaves(kiosk.window)) >= 3, f"{name}: nothing laid out to check"
        problems = layout_problems(top_layer(kiosk), kiosk.units)
        assert not problems, f"{name} at {size}:\n" + "\n".join(problems)
    assert {"home", "selfcheck-intro", "selfcheck-outcome-01-emergency-now"} <= set(names)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", list(PANELS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_largest_text_in_both_languages_still_fits(open_kiosk: Open, tmp_path: Path, size: tuple[int, int],
                                                   language: str) -> None:
    kiosk = open_kiosk(with_display(tmp_path, size), size=size)
    kiosk.set_language(language)
    kiosk.text_larger()
    kiosk.text_larger()
    assert kiosk.units.text_scale == 1.5
    for name, reach in shots(kiosk):
        if name.startswith("staff-"):
            continue  # staff screens are never at a patient's text size: the staff corner resets it
        reach(kiosk)
        settle()
        problems = layout_problems(top_layer(kiosk), kiosk.units)
        assert not problems, f"{name} at {size}, {language}, largest text:\n" + "\n".join(problems)


def test_body_text_meets_the_viewing_angle(open_kiosk: Open, tmp_path: Path) -> None:
    """EN 301 549 5.1.4: a capital H subtends at least 0.7 degrees at the configured viewing distance."""
    import math

    kiosk = open_kiosk(with_display(tmp_path, (1920, 1080)), size=(1920, 1080))
    kiosk.go(("section", "what-is-botox"))
    body = kiosk.screen.body  # type: ignore[attr-defined]
    from PySide6.QtGui import QFontMetricsF

    cap_mm = kiosk.units.to_mm_h(QFontMetricsF(body.document().defaultFont()).capHeight())
    angle = math.degrees(2 * math.atan(cap_mm / 2 / 500))
    assert angle >= MIN_CAP_ANGLE_DEG
    assert cap_mm >= 6.1


def test_the_checks_catch_what_they_look_for(qtbot) -> None:
    """The checks above would be worthless if they could not fail: show them a bad screen."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    from kiosk.ui.units import Units

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
    root.show()
    qtbot.waitExposed(root)
    problems = "\n".join(layout_problems(root, units))
    assert "QPushButton('Tiny') (10, 10, 40, 40) overlaps QPushButton('Other')" in problems
    assert "QPushButton('Tiny') is 10.0 x 10.0 mm" in problems
    assert "needs" in problems and "QLabel('A sentence far too long for its box')" in problems
