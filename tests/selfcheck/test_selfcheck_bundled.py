"""The self-check shipped in content.yaml: proven safe path by path, and shaped as the clinic asked."""

from __future__ import annotations

import pytest

from kiosk.content import Content
from kiosk.model.content import SelfCheck
from kiosk.model.levels import Level
from kiosk.selfcheck.audit import all_paths, check_flow, count_paths

LABELS = ["Yes", "Not sure", "No"]


@pytest.fixture(scope="module")
def flow(bundled: Content) -> SelfCheck:
    assert bundled.selfcheck is not None
    return bundled.selfcheck


def test_it_loads_with_no_problems_and_passes_the_audit(bundled: Content, flow: SelfCheck) -> None:
    assert bundled.warnings == ()
    assert check_flow(flow) == []


def test_every_path_honours_every_severity_by_enumeration(flow: SelfCheck) -> None:
    """Brute force on purpose: the bundled flow is small, and this does not trust the linear audit."""
    questions = flow.question_by_id
    paths = list(all_paths(flow))
    assert len(paths) == count_paths(flow) > 0
    for steps, outcome in paths:
        for qid, index in steps:
            severity = questions[qid].answers[index].severity
            if severity:
                assert Level.from_id(outcome.level) >= Level.from_id(severity), (steps, outcome.id)


def test_every_question_offers_yes_not_sure_no(flow: SelfCheck) -> None:
    for question in flow.questions:
        assert [a.label.get("en") for a in question.answers] == LABELS, question.id


def test_not_sure_takes_the_same_safer_branch_as_yes(flow: SelfCheck) -> None:
    for question in flow.questions:
        yes, not_sure, _ = question.answers
        assert (not_sure.next, not_sure.severity) == (yes.next, yes.severity), question.id


def test_yes_carries_the_level_of_the_outcome_it_leads_to(flow: SelfCheck) -> None:
    outcomes = flow.outcome_by_id
    for question in flow.questions:
        for answer in question.answers[:2]:
            assert answer.next in outcomes, question.id
            assert answer.severity == outcomes[answer.next].level, question.id


def test_emergency_questions_end_in_an_emergency_outcome(flow: SelfCheck) -> None:
    outcomes = flow.outcome_by_id
    emergency = [q for q in flow.questions if any(a.severity == "emergency" for a in q.answers)]
    assert [q.id for q in emergency] == ["breathing", "allergy"]
    for question in emergency:
        for answer in question.answers[:2]:
            assert outcomes[answer.next].level == "emergency"


def test_all_no_ends_in_self_care_and_asks_the_most_serious_first(flow: SelfCheck) -> None:
    questions = flow.question_by_id
    node = flow.start
    levels = []
    while node in questions:
        question = questions[node]
        levels.append(Level.from_id(question.answers[0].severity or "self-care"))
        node = question.answers[LABELS.index("No")].next
    assert flow.outcome_by_id[node].level == "self-care"
    assert levels == sorted(levels, reverse=True)
    assert len(levels) == len(flow.questions)  # all-"No" visits every question
    assert set(levels) == set(Level)


def test_emergency_outcomes_leave_the_phone_number_to_the_screen(bundled: Content, flow: SelfCheck) -> None:
    """The screen adds "If you have left the clinic, call {number}" from kiosk.emergency_number; no second copy."""
    for outcome in flow.outcomes:
        if outcome.level == "emergency":
            body = outcome.body.get("en")
            assert bundled.kiosk.emergency_number not in body
            assert "call" not in body.lower()
            assert "staff" in body
