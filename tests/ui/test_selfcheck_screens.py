"""The self-check as a patient meets it: touch through to each outcome, Back, Start over, Done and Home."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.content import load
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
from tests.helpers import BUNDLED, button, touch_tap

Open = Callable[..., KioskApp]
FLOW = load(BUNDLED).selfcheck
assert FLOW is not None
QUESTIONS = {q.id: q for q in FLOW.questions}


def start(kiosk: KioskApp) -> None:
    touch_tap(button(kiosk.window, "Side-effect self-check"))
    assert isinstance(kiosk.screen, SelfCheckIntroScreen)
    touch_tap(button(kiosk.window, "Start"))


def test_the_intro_says_what_it_is_and_that_nothing_is_kept(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    touch_tap(button(kiosk.window, "Side-effect self-check"))
    speech = kiosk.screen.speech()
    assert speech[0] == "Side-effect self-check"
    assert speech[1] == "Answer a few questions about how you feel since your injection."
    assert speech[-1] == "This is not a diagnosis. Your answers are not saved."
    assert kiosk.screen.privacy.isVisible()  # type: ignore[attr-defined]


def question_shown(kiosk: KioskApp) -> str:
    screen = kiosk.screen
    assert isinstance(screen, QuestionScreen)
    return next(q.id for q in FLOW.questions if q.text.get("en") == screen.question.text())


def answer(kiosk: KioskApp, words: str) -> None:
    touch_tap(button(kiosk.window, words))


def all_words(kiosk: KioskApp) -> set[str]:
    found = {lab.text() for lab in kiosk.window.findChildren(QLabel)}
    return found | {b.accessibleName() for b in kiosk.window.findChildren(QPushButton)}


# answers to give, in order, until the first question is reached that the path does not name (then "No")
PATHS = {
    "emergency": {"breathing": "Yes"},
    "urgent": {"eyes": "Not sure"},
    "call-clinic": {"infection": "Yes"},
    "self-care": {},
}
HEADINGS = {"emergency": "Tell a staff member now", "urgent": "Get help today", "call-clinic": "Call the clinic",
            "self-care": "This is common"}


@pytest.mark.parametrize("level", list(PATHS))
def test_touch_through_to_each_outcome(open_kiosk: Open, level: str) -> None:
    kiosk = open_kiosk()
    start(kiosk)
    steps = 0
    while isinstance(kiosk.screen, QuestionScreen):
        steps += 1
        assert kiosk.screen.progress.text() == f"Question {steps}"
        answer(kiosk, PATHS[level].get(question_shown(kiosk), "No"))
    screen = kiosk.screen
    assert isinstance(screen, OutcomeScreen)
    assert screen.level == level
    assert screen.heading.text() == HEADINGS[level]
    assert screen.banner.property("level") == level
    assert screen.footer.text() == "This check does not replace advice from your doctor."
    if level == "emergency":
        assert screen.speech()[:2] == ["Tell a staff member now", "If you have left the clinic, call 911."]


def test_all_no_reaches_the_self_care_outcome_that_says_all_is_well(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    start(kiosk)
    while isinstance(kiosk.screen, QuestionScreen):
        answer(kiosk, "No")
    assert kiosk.session.selfcheck is not None and kiosk.session.selfcheck.outcome is not None
    assert kiosk.session.selfcheck.outcome.level == "self-care"


def test_back_undoes_the_last_answer(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    start(kiosk)
    first = question_shown(kiosk)
    answer(kiosk, "No")
    second = question_shown(kiosk)
    assert second != first
    touch_tap(button(kiosk.window, "Back"))
    assert question_shown(kiosk) == first
    assert kiosk.session.selfcheck is not None and kiosk.session.selfcheck.history == ()
    touch_tap(button(kiosk.window, "Back"))  # Back on the first question leaves for the intro
    assert isinstance(kiosk.screen, SelfCheckIntroScreen)
    assert kiosk.session.selfcheck is None


def test_start_over_forgets_every_answer(open_kiosk: Open) -> None:
    kiosk = open_kiosk()
    start(kiosk)
    answer(kiosk, "No")
    answer(kiosk, "No")
    touch_tap(button(kiosk.window, "Start over"))
    assert question_shown(kiosk) == FLOW.start
    assert kiosk.screen.progress.text() == "Question 1"  # type: ignore[attr-defined]
    assert kiosk.session.selfcheck is not None and kiosk.session.selfcheck.history == ()


@pytest.mark.parametrize("leave", ["Done", "Home"])
def test_done_and_home_forget_the_answers(open_kiosk: Open, qtbot: QtBot, leave: str) -> None:
    kiosk = open_kiosk()
    start(kiosk)
    answer(kiosk, "No")
    if leave == "Done":
        answer(kiosk, "Yes")  # allergy: yes -> the allergy emergency outcome
        assert isinstance(kiosk.screen, OutcomeScreen)
        last_words = set(kiosk.screen.speech()) - {"This check does not replace advice from your doctor."}
    else:
        assert question_shown(kiosk) != FLOW.start
        last_words = {kiosk.screen.question.text(), "Question 2"}  # type: ignore[attr-defined]
    touch_tap(button(kiosk.window, leave))
    assert isinstance(kiosk.screen, HomeScreen)
    assert kiosk.session.selfcheck is None
    qtbot.waitUntil(lambda: not kiosk.window.findChildren(OutcomeScreen)
                    and not kiosk.window.findChildren(QuestionScreen))
    start(kiosk)
    assert question_shown(kiosk) == FLOW.start
    assert kiosk.session.selfcheck is not None and kiosk.session.selfcheck.history == ()
    leftover = last_words & all_words(kiosk)
    assert not leftover, f"words of the last patient's visit are still in the window: {leftover}"
