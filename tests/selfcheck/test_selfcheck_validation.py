"""Every mistake in a self-check is reported like a compiler error: exact line, column and plain words.

Each fixture is a complete content file with exactly one mistake (``many_errors.yaml`` has
several), loaded through the real loader, so these tests also prove the loader calls the audit.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.model.content import Answer, Outcome, Question, SelfCheck, Text
from kiosk.model.errors import Mark, Problem
from kiosk.selfcheck.audit import check_flow

LEVEL_CHOICES = "self-care, call-clinic, urgent, emergency"

CASES = [
    ("unknown_start.yaml", 13, 10,
     "'start' is 'braething', but there is no question with that id (did you mean 'breathing'?)"),
    ("start_outcome.yaml", 13, 10,
     "'start' is 'all-good', which is an outcome; the self-check must start with a question"),
    ("unknown_next.yaml", 20, 17,
     "answer \"Yes\" to 'breathing' leads to 'emergncy-now', but there is no question or outcome with that id "
     "(did you mean 'emergency-now'?)"),
    ("duplicate_id.yaml", 62, 11,
     "the id 'eyelid' is already used by the question on line 26; every question and outcome needs its own id"),
    ("one_answer.yaml", 29, 9, "'answers' in question 'eyelid' needs at least 2 items"),
    ("unreachable_question.yaml", 45, 11,
     "question 'extra' can never be reached: no path of answers leads to it from 'breathing'"),
    ("unreachable_outcome.yaml", 62, 11,
     "outcome 'spare' can never be reached: no path of answers leads to it from 'breathing'"),
    ("cycle.yaml", 46, 17,
     "answer \"Not sure\" to 'rash' leads back to 'eyelid', so the questions go round in a circle: "
     "eyelid → rash → eyelid; every path must end at an outcome"),
    ("unknown_level.yaml", 51, 14,
     f"'level' in outcome 'medical-help' is 'urgnet', which is not one of: {LEVEL_CHOICES} (did you mean 'urgent'?)"),
    ("unknown_severity.yaml", 41, 21,
     "'severity' in answer 1 of 'answers' in question 'rash' is 'call-clinc', which is not one of: "
     f"{LEVEL_CHOICES} (did you mean 'call-clinic'?)"),
]


@pytest.mark.parametrize(("name", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_one_mistake_one_exact_problem(problems_of: Callable[[str], list[tuple[int, int, str]]],
                                       name: str, line: int, column: int, message: str) -> None:
    assert problems_of(name) == [(line, column, message)]


def test_every_mistake_is_reported_at_once(problems_of: Callable[[str], list[tuple[int, int, str]]]) -> None:
    assert problems_of("many_errors.yaml") == [
        (20, 17, "answer \"Yes\" to 'breathing' leads to 'emergncy-now', but there is no question or outcome with "
                 "that id (did you mean 'emergency-now'?)"),
        (46, 17, "answer \"Not sure\" to 'rash' leads back to 'eyelid', so the questions go round in a circle: "
                 "eyelid → rash → eyelid; every path must end at an outcome"),
        (47, 11, "question 'extra' can never be reached: no path of answers leads to it from 'breathing'"),
        (71, 11, "the id 'rash' is already used by the question on line 37; every question and outcome needs its "
                 "own id"),
    ]


def test_the_safe_fixture_loads(load_fixture: Callable[[str], object]) -> None:
    """Guards the fixtures above: each differs from this one by its single mistake."""
    content = load_fixture("safe.yaml")
    assert content.selfcheck is not None  # type: ignore[attr-defined]


def _flow(questions: list[Question], outcomes: list[Outcome], start: str = "a") -> SelfCheck:
    return SelfCheck(title=Text.plain("t"), intro=Text.plain("i"), start=start,
                     questions=tuple(questions), outcomes=tuple(outcomes))


def _q(qid: str, *targets: str) -> Question:
    return Question(qid, Text.plain(qid), tuple(Answer(Text.plain(f"to {t}"), t) for t in targets))


def _o(oid: str, level: str = "self-care") -> Outcome:
    return Outcome(oid, level, Text.plain(oid), Text.plain(oid))


def test_a_flow_built_in_code_without_marks_is_still_checked() -> None:
    """Marks default to 1:1 rather than crashing, so tools can check flows they build themselves."""
    flow = _flow([_q("a", "b", "end"), _q("b", "a", "end")], [_o("end")])
    assert check_flow(flow) == [Problem(Mark(1, 1), "answer \"to a\" to 'b' leads back to 'a', so the questions go "
                                                    "round in a circle: a → b → a; every path must end at an outcome")]


def test_a_question_pointing_at_itself_is_a_cycle() -> None:
    flow = _flow([_q("a", "a", "end")], [_o("end")])
    [problem] = check_flow(flow)
    assert "a → a" in problem.message


def test_duplicate_question_ids_are_reported_too() -> None:
    flow = _flow([_q("a", "end", "end"), _q("a", "end", "end")], [_o("end")])
    assert [p.message for p in check_flow(flow)] == [
        "the id 'a' is already used by the question on line 1; every question and outcome needs its own id"]


def test_unknown_start_offers_only_question_ids() -> None:
    """'start' must be a question, so suggesting a similarly spelled outcome would lead staff astray."""
    flow = _flow([_q("breathing", "end", "breathe")], [_o("end"), _o("breathe")], start="breath")
    messages = [p.message for p in check_flow(flow)]
    assert messages[0] == "'start' is 'breath', but there is no question with that id (did you mean 'breathing'?)"


def test_no_unreachable_noise_when_start_is_wrong() -> None:
    """With no valid start everything would be 'unreachable'; one precise error is more useful."""
    flow = _flow([_q("a", "end", "end")], [_o("end")], start="zzz")
    assert len(check_flow(flow)) == 1
