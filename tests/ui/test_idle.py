"""Idle: the warning comes on time, a tap extends, and expiry wipes everything the last patient left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import QuestionScreen
from tests.core.fakeclock import FakeClock
from tests.helpers import BUNDLED, MINIMAL, button, touch_tap, write
from tests.ui.conftest import Keep


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def open_with_clock(qtbot: QtBot, keep: Keep, clock: FakeClock, path: Path = BUNDLED) -> KioskApp:
    window = build_kiosk(path, clock=clock)
    kiosk = keep(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return kiosk


def let_time_pass(kiosk: KioskApp, clock: FakeClock, seconds: float) -> None:
    """Advance the fake clock and let the kiosk's timer notice, as it would when it fires."""
    clock.advance(seconds)
    kiosk.input.poll()
    QApplication.processEvents()


def test_warning_comes_at_the_timeout_and_not_before(qtbot: QtBot, keep: Keep, clock: FakeClock) -> None:
    kiosk = open_with_clock(qtbot, keep, clock)
    let_time_pass(kiosk, clock, 89.9)
    assert kiosk.idle.overlay is None
    let_time_pass(kiosk, clock, 0.1)
    assert kiosk.idle.overlay is not None and kiosk.idle.overlay.isVisible()
    assert kiosk.idle.overlay.title.text() == "Are you still there?"
    assert kiosk.idle.overlay.message.text() == "This screen will start over in 20 seconds."
    button(kiosk.window, "I'm still here")
    let_time_pass(kiosk, clock, 5)
    assert kiosk.idle.overlay.message.text() == "This screen will start over in 15 seconds."


def test_a_tap_anywhere_extends(qtbot: QtBot, keep: Keep, clock: FakeClock) -> None:
    kiosk = open_with_clock(qtbot, keep, clock)
    touch_tap(button(kiosk.window, "What is Botox?"))
    let_time_pass(kiosk, clock, 95)
    assert kiosk.idle.overlay is not None
    touch_tap(kiosk.idle.overlay, kiosk.idle.overlay.rect().topLeft() + kiosk.idle.overlay.rect().center() / 4)
    assert kiosk.idle.overlay is None
    assert isinstance(kiosk.screen, SectionScreen)  # nothing was lost
    let_time_pass(kiosk, clock, 89)
    assert kiosk.idle.overlay is None  # the timer started again from the tap


def test_the_big_button_extends(qtbot: QtBot, keep: Keep, clock: FakeClock) -> None:
    kiosk = open_with_clock(qtbot, keep, clock)
    let_time_pass(kiosk, clock, 90)
    touch_tap(button(kiosk.window, "I'm still here"))
    assert kiosk.idle.overlay is None
    let_time_pass(kiosk, clock, 25)
    assert isinstance(kiosk.screen, HomeScreen) and kiosk.idle.overlay is None


def test_expiry_wipes_everything(qtbot: QtBot, keep: Keep, clock: FakeClock) -> None:
    kiosk = open_with_clock(qtbot, keep, clock)
    # The last patient: larger text, high contrast, Spanish, half-way through the self-check.
    touch_tap(button(kiosk.window, "A+"))
    touch_tap(button(kiosk.window, "High contrast"))
    touch_tap(button(kiosk.window, "Español"))
    touch_tap(button(kiosk.window, "Autoevaluación de efectos secundarios"))
    touch_tap(button(kiosk.window, "Empezar"))
    touch_tap(button(kiosk.window, "No"))
    assert isinstance(kiosk.screen, QuestionScreen)
    question = kiosk.screen.question.text()
    let_time_pass(kiosk, clock, 90)
    let_time_pass(kiosk, clock, 20)
    qtbot.waitUntil(lambda: not kiosk.window.findChildren(QuestionScreen))
    assert isinstance(kiosk.screen, HomeScreen)
    assert kiosk.idle.overlay is None
    assert kiosk.session.selfcheck is None and kiosk.session.nav.history == [("home",)]
    assert (kiosk.session.language, kiosk.session.text_step, kiosk.session.high_contrast) == ("en", 0, False)
    words = {w.text() for w in kiosk.window.findChildren(QLabel)} | {
        b.accessibleName() for b in kiosk.window.findChildren(QPushButton)}
    assert question not in words and "Pregunta 2" not in words
    assert "Botox for acne" in words


def test_expiry_puts_scroll_positions_back_to_the_top(qtbot: QtBot, keep: Keep, clock: FakeClock,
        tmp_path: Path) -> None:
    body = "\n".join(f"      Paragraph {n} of a long section.\n" for n in range(60))
    kiosk = open_with_clock(qtbot, keep, clock, write(tmp_path, MINIMAL.replace("      The first body.\n", body)))
    touch_tap(button(kiosk.window, "First topic"))
    bar = kiosk.screen.body.verticalScrollBar()  # type: ignore[attr-defined]
    bar.setValue(bar.maximum())
    let_time_pass(kiosk, clock, 110)
    touch_tap(button(kiosk.window, "First topic"))
    assert kiosk.screen.body.verticalScrollBar().value() == 0  # type: ignore[attr-defined]


def test_the_warning_is_never_shorter_than_20_seconds(qtbot: QtBot, keep: Keep, clock: FakeClock,
        tmp_path: Path) -> None:
    text = MINIMAL.replace("  notice: General information only.\n",
                           "  notice: General information only.\n  idle_timeout_s: 30\n  idle_warning_s: 20\n")
    kiosk = open_with_clock(qtbot, keep, clock, write(tmp_path, text))
    let_time_pass(kiosk, clock, 30)
    assert kiosk.idle.overlay is not None
    let_time_pass(kiosk, clock, 19.9)
    assert kiosk.idle.overlay is not None
    let_time_pass(kiosk, clock, 0.1)
    assert kiosk.idle.overlay is None


def test_when_a_session_ends_the_kiosk_gives_freed_memory_back(qtbot: QtBot, keep: Keep, clock: FakeClock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.core import memory

    released: list[bool] = []
    monkeypatch.setattr(memory, "release_free_memory", lambda: released.append(True) or True)
    kiosk = open_with_clock(qtbot, keep, clock)
    touch_tap(button(kiosk.window, kiosk.content.sections[0].title.get("en")))  # type: ignore[union-attr]
    let_time_pass(kiosk, clock, 60)
    assert not released  # never while someone may be reading
    let_time_pass(kiosk, clock, 50)
    assert isinstance(kiosk.screen, HomeScreen)
    qtbot.waitUntil(lambda: released == [True])
