"""The questionnaire state machine: answer, back, restart, progress, and keeping answers private."""

from __future__ import annotations

import logging

import pytest

from kiosk.content import Content
from kiosk.model.content import Outcome, Question, SelfCheck
from kiosk.selfcheck.audit import FlowError
from kiosk.selfcheck.engine import SelfCheckSession, SessionFinishedError

YES, NOT_SURE, NO = 0, 1, 2


def _at(session: SelfCheckSession) -> str | None:
    return session.current.id if session.current else None


def test_a_new_session_shows_the_first_question(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    assert _at(session) == "breathing"
    assert session.outcome is None
    assert not session.finished
    assert session.question_number == 1
    assert session.history == ()
    assert not session.can_go_back


def test_answering_walks_to_an_outcome(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    nxt = session.answer(NO)
    assert isinstance(nxt, Question) and nxt.id == "eyelid"
    assert session.question_number == 2
    assert session.can_go_back
    assert session.answer(2).id == "rash"  # eyelid: Yes, Not sure, No
    assert session.question_number == 3
    end = session.answer(1)  # rash: Yes, No
    assert isinstance(end, Outcome) and end.id == "all-good"
    assert session.current is None
    assert session.outcome is end
    assert session.finished
    assert session.question_number == 3  # three questions were answered on this path
    assert session.history == (("breathing", NO), ("eyelid", 2), ("rash", 1))


def test_an_emergency_answer_ends_at_once(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    outcome = session.answer(NOT_SURE)
    assert isinstance(outcome, Outcome) and outcome.level == "emergency"
    assert session.question_number == 1
    assert session.history == (("breathing", NOT_SURE),)


def test_no_answer_after_the_outcome(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    session.answer(YES)
    with pytest.raises(SessionFinishedError):
        session.answer(YES)
    assert session.history == (("breathing", YES),)


def test_back_from_the_outcome_returns_to_the_last_question(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    session.answer(NO)
    session.answer(2)
    session.answer(1)
    assert session.back() is True
    assert _at(session) == "rash"
    assert session.outcome is None
    assert session.history == (("breathing", NO), ("eyelid", 2))
    assert session.question_number == 3
    assert session.answer(0).id == "call-clinic"  # a different answer this time
    assert session.history == (("breathing", NO), ("eyelid", 2), ("rash", 0))


def test_back_walks_all_the_way_to_the_start_then_does_nothing(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    session.answer(NO)
    session.answer(2)
    assert session.back() and _at(session) == "eyelid" and session.question_number == 2
    assert session.back() and _at(session) == "breathing" and session.question_number == 1
    assert not session.can_go_back
    assert session.back() is False
    assert _at(session) == "breathing"
    assert session.history == ()


def test_restart_forgets_every_answer(safe_flow: SelfCheck) -> None:
    session = SelfCheckSession(safe_flow)
    session.answer(NO)
    session.answer(YES)
    assert session.finished
    session.restart()
    assert _at(session) == "breathing"
    assert session.outcome is None
    assert session.history == ()
    assert session.question_number == 1
    assert not session.can_go_back


@pytest.mark.parametrize("index", [3, -1, 99])
def test_an_index_outside_the_answers_is_refused_and_changes_nothing(safe_flow: SelfCheck, index: int) -> None:
    session = SelfCheckSession(safe_flow)
    with pytest.raises(IndexError):
        session.answer(index)
    assert _at(session) == "breathing"
    assert session.history == ()


@pytest.mark.parametrize("index", [True, "0", 0.0])
def test_a_non_integer_index_is_refused(safe_flow: SelfCheck, index: object) -> None:
    session = SelfCheckSession(safe_flow)
    with pytest.raises(TypeError):
        session.answer(index)  # type: ignore[arg-type]
    assert session.history == ()


def test_an_unaudited_flow_is_refused(safe_flow: SelfCheck) -> None:
    """The loader refuses unsafe files, but a flow built elsewhere must not reach a patient either."""
    from dataclasses import replace

    broken = replace(safe_flow, start="nowhere")
    with pytest.raises(FlowError, match="'start' is 'nowhere'"):
        SelfCheckSession(broken)


def test_answers_stay_private(safe_flow: SelfCheck, caplog: pytest.LogCaptureFixture) -> None:
    """No log line, and no repr that might end up in one, carries what the patient answered."""
    caplog.set_level(logging.DEBUG)
    session = SelfCheckSession(safe_flow)
    session.answer(NO)
    session.answer(YES)
    session.back()
    session.restart()
    session.answer(NO)
    assert caplog.records == []
    text = repr(session)
    assert text == "<SelfCheckSession question 2>"
    assert "breathing" not in text and "No" not in text


def test_answers_cannot_be_stashed_on_the_session(safe_flow: SelfCheck) -> None:
    """__slots__: no stray attribute can quietly keep answers after restart()."""
    session = SelfCheckSession(safe_flow)
    with pytest.raises(AttributeError):
        session.notes = "x"  # type: ignore[attr-defined]


def test_the_bundled_flow_all_no(bundled: Content) -> None:
    assert bundled.selfcheck is not None
    session = SelfCheckSession(bundled.selfcheck)
    numbers = []
    while session.current is not None:
        numbers.append(session.question_number)
        labels = [a.label.get("en") for a in session.current.answers]
        session.answer(labels.index("No"))
    assert numbers == list(range(1, len(bundled.selfcheck.questions) + 1))
    assert session.outcome is not None and session.outcome.id == "all-good"
