"""The safety audit: every path honours every answer's severity, proven in linear time.

The property tests compare the linear audit with brute force (enumerating every path) on
many small random flows, so the clever algorithm is checked against the obvious one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content import Content, loads
from kiosk.model.content import Answer, Outcome, Question, SelfCheck, Text
from kiosk.model.errors import Mark
from kiosk.model.levels import LEVEL_IDS, Level
from kiosk.selfcheck.audit import (
    FlowError,
    Step,
    all_paths,
    audit_passed,
    check_flow,
    count_paths,
    shortest_paths,
)

HEADER = """\
version: 1
kiosk:
  title: Test kiosk
  intro: Tap a topic.
  notice: Not medical advice.
sections:
  - id: one
    title: One
    body: Some text.
"""


# -- the fixtures ---------------------------------------------------------------------------------

def test_a_safe_flow_passes(safe_flow: SelfCheck) -> None:
    assert check_flow(safe_flow) == []
    assert audit_passed(safe_flow)


def test_an_unsafe_flow_is_refused_with_the_path_that_breaks_the_promise(
        problems_of: Callable[[str], list[tuple[int, int, str]]]) -> None:
    assert problems_of("unsafe.yaml") == [
        (30, 21, "answer \"Yes\" to 'eyelid' requires at least urgent, but the path "
                 "breathing=No → eyelid=Yes → rash=No reaches 'all-good' (self-care)"),
    ]


def test_audit_passed_is_false_for_an_unsafe_flow(load_fixture: Callable[[str], Content]) -> None:
    content = load_fixture("safe.yaml")
    flow = content.selfcheck
    assert flow is not None
    eyelid = flow.questions[1]
    unsafe_yes = Answer(eyelid.answers[0].label, "rash", "urgent")
    unsafe = SelfCheck(flow.title, flow.intro, flow.start,
                       (flow.questions[0], Question("eyelid", eyelid.text, (unsafe_yes, *eyelid.answers[1:])),
                        flow.questions[2]), flow.outcomes)
    assert not audit_passed(unsafe)


def test_an_answer_without_severity_promises_nothing(safe_flow: SelfCheck) -> None:
    """The "No" answers carry no severity and may lead anywhere, including self-care."""
    assert all(a.severity is None for q in safe_flow.questions for a in q.answers if a.label.get("en") == "No")
    assert audit_passed(safe_flow)


def test_all_paths_of_the_safe_flow(safe_flow: SelfCheck) -> None:
    paths = [(steps, outcome.id) for steps, outcome in all_paths(safe_flow)]
    assert paths == [
        ((("breathing", 0),), "emergency-now"),
        ((("breathing", 1),), "emergency-now"),
        ((("breathing", 2), ("eyelid", 0)), "medical-help"),
        ((("breathing", 2), ("eyelid", 1)), "medical-help"),
        ((("breathing", 2), ("eyelid", 2), ("rash", 0)), "call-clinic"),
        ((("breathing", 2), ("eyelid", 2), ("rash", 1)), "all-good"),
    ]
    assert count_paths(safe_flow) == 6


def test_shortest_paths_of_the_safe_flow(safe_flow: SelfCheck) -> None:
    assert shortest_paths(safe_flow) == {
        "self-care": [Step("breathing", "No"), Step("eyelid", "No"), Step("rash", "No")],
        "call-clinic": [Step("breathing", "No"), Step("eyelid", "No"), Step("rash", "Yes")],
        "urgent": [Step("breathing", "No"), Step("eyelid", "Yes")],
        "emergency": [Step("breathing", "Yes")],
    }
    assert list(shortest_paths(safe_flow)) == list(LEVEL_IDS)  # mildest first


@pytest.mark.parametrize("analysis", [count_paths, shortest_paths, lambda f: list(all_paths(f))])
def test_analysis_refuses_a_flow_with_a_cycle(analysis: Callable[[SelfCheck], object]) -> None:
    """Counting or listing paths round a circle would never end; say why instead."""
    with pytest.raises(FlowError, match="go round in a circle: a → b → a"):
        analysis(_cycle_flow())


# -- flows built in code ----------------------------------------------------------------------

def _answer(label: str, nxt: str, severity: str | None = None, mark: Mark | None = None) -> Answer:
    return Answer(Text.plain(label), nxt, severity, marks={"severity": mark} if mark else {})


def _flow(questions: list[Question], outcomes: list[Outcome], start: str = "q1") -> SelfCheck:
    return SelfCheck(Text.plain("t"), Text.plain("i"), start, tuple(questions), tuple(outcomes))


def _outcome(oid: str, level: str) -> Outcome:
    return Outcome(oid, level, Text.plain(oid), Text.plain(oid))


def _cycle_flow() -> SelfCheck:
    return _flow([Question("a", Text.plain("a"), (_answer("x", "b"), _answer("y", "end"))),
                  Question("b", Text.plain("b"), (_answer("x", "a"), _answer("y", "end")))],
                 [_outcome("end", "self-care")], start="a")


def test_labels_are_quoted_in_the_chosen_language() -> None:
    both = Text((("en", "Yes"), ("es", "Sí")))
    flow = _flow([Question("q1", Text.plain("?"), (Answer(both, "end", "urgent"), _answer("No", "end")))],
                 [_outcome("end", "self-care")])
    [english] = check_flow(flow)
    [spanish] = check_flow(flow, lang="es")
    assert english.message == ("answer \"Yes\" to 'q1' requires at least urgent, but the path q1=Yes reaches "
                               "'end' (self-care)")
    assert spanish.message == ("answer \"Sí\" to 'q1' requires at least urgent, but the path q1=Sí reaches "
                               "'end' (self-care)")


def test_the_path_follows_the_answers_to_the_mildest_outcome() -> None:
    """Not merely *a* path: the reported one ends at the mildest level reachable, the worst case."""
    flow = _flow([
        Question("q1", Text.plain("?"), (_answer("Yes", "q2", "emergency"), _answer("No", "fine"))),
        Question("q2", Text.plain("?"), (_answer("A", "clinic"), _answer("B", "q3"))),
        Question("q3", Text.plain("?"), (_answer("C", "help"), _answer("D", "fine"))),
    ], [_outcome("help", "emergency"), _outcome("clinic", "call-clinic"), _outcome("fine", "self-care")])
    assert [p.message for p in check_flow(flow)] == [
        "answer \"Yes\" to 'q1' requires at least emergency, but the path q1=Yes → q2=B → q3=D reaches "
        "'fine' (self-care)",
    ]


def _chain(length: int, *, first_severity: str | None) -> str:
    """A content file whose questions form a chain: both answers of each lead to the next, so 2**length paths."""
    lines = [HEADER.rstrip("\n"), "selfcheck:", "  title: Chain", "  intro: A long chain.", "  start: q1",
             "  questions:"]
    for i in range(1, length + 1):
        nxt = f"q{i + 1}" if i < length else "end"
        severity = f"\n          severity: {first_severity}" if i == 1 and first_severity else ""
        lines.append(f"""    - id: q{i}
      text: Question {i}?
      answers:
        - label: Left{severity}
          next: {nxt}
        - label: Right
          next: {nxt}""")
    lines += ["  outcomes:", "    - id: end", "      level: self-care", "      title: End", "      body: The end."]
    return "\n".join(lines) + "\n"


def test_a_60_question_chain_with_2_to_the_60_paths_is_audited_quickly() -> None:
    """Enumerating 2**60 paths would take longer than the universe has left; the audit is linear."""
    content = loads(_chain(60, first_severity="self-care").encode(), "chain.yaml")
    flow = content.selfcheck
    assert flow is not None
    began = time.perf_counter()
    problems = check_flow(flow)
    paths = count_paths(flow)
    levels = shortest_paths(flow)
    elapsed = time.perf_counter() - began
    assert problems == []
    assert paths == 2**60
    assert list(levels) == ["self-care"] and len(levels["self-care"]) == 60
    assert elapsed < 5.0


def test_an_unsafe_60_question_chain_is_refused_quickly_with_its_path() -> None:
    from kiosk.content import ContentError

    began = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        loads(_chain(60, first_severity="urgent").encode(), "chain.yaml")
    elapsed = time.perf_counter() - began
    [problem] = caught.value.problems
    path = " → ".join(f"q{i}=Left" for i in range(1, 61))
    assert problem.message == (f"answer \"Left\" to 'q1' requires at least urgent, but the path {path} "
                               "reaches 'end' (self-care)")
    assert problem.mark == Mark(19, 21)  # line 19: q1's first "severity:"
    assert elapsed < 5.0


def test_a_very_deep_flow_does_not_hit_the_recursion_limit() -> None:
    """Every walk is iterative, so a long (if silly) flow cannot crash the loader with RecursionError."""
    n = 3000
    questions = [Question(f"q{i}", Text.plain("?"), (_answer("A", f"q{i + 1}" if i < n else "end"),
                                                      _answer("B", f"q{i + 1}" if i < n else "end")))
                 for i in range(1, n + 1)]
    flow = _flow(questions, [_outcome("end", "self-care")])
    assert check_flow(flow) == []
    assert count_paths(flow) == 2**n
    assert len(shortest_paths(flow)["self-care"]) == n


# -- the linear audit agrees with brute force ---------------------------------------------------

@st.composite
def random_flows(draw: st.DrawFn) -> SelfCheck:
    """Small acyclic flows: answers only point forward, at later questions or at outcomes."""
    n_questions = draw(st.integers(1, 6))
    levels = draw(st.lists(st.sampled_from(LEVEL_IDS), min_size=1, max_size=4))
    outcomes = [_outcome(f"o{i}", level) for i, level in enumerate(levels)]
    questions = []
    for i in range(n_questions):
        targets = [f"q{j}" for j in range(i + 1, n_questions)] + [o.id for o in outcomes]
        answers = []
        for j in range(draw(st.integers(2, 3))):
            severity = draw(st.none() | st.sampled_from(LEVEL_IDS))
            answers.append(_answer(f"a{j}", draw(st.sampled_from(targets)), severity, Mark(i + 1, j + 1)))
        questions.append(Question(f"q{i}", Text.plain("?"), tuple(answers)))
    return _flow(questions, outcomes, start="q0")


def _brute_force_violations(flow: SelfCheck) -> set[Mark]:
    bad = set()
    questions = flow.question_by_id
    for steps, outcome in all_paths(flow):
        for qid, index in steps:
            answer = questions[qid].answers[index]
            if answer.severity and Level.from_id(outcome.level) < Level.from_id(answer.severity):
                bad.add(answer.marks["severity"])
    return bad


PATH_MESSAGE = re.compile(r"^answer \"(a\d)\" to '(q\d)' requires at least ([a-z-]+), "
                          r"but the path (.+) reaches '(o\d)' \(([a-z-]+)\)$")


@settings(max_examples=200, deadline=None)
@given(random_flows())
def test_the_linear_audit_finds_exactly_what_brute_force_finds(flow: SelfCheck) -> None:
    problems = [p for p in check_flow(flow) if "requires at least" in p.message]
    assert {p.mark for p in problems} == _brute_force_violations(flow)
    assert len(problems) == len({p.mark for p in problems})  # one problem per answer


@settings(max_examples=200, deadline=None)
@given(random_flows())
def test_every_reported_path_is_real_and_breaks_the_promise(flow: SelfCheck) -> None:
    questions = flow.question_by_id
    outcomes = flow.outcome_by_id
    for problem in check_flow(flow):
        if "requires at least" not in problem.message:
            continue
        match = PATH_MESSAGE.match(problem.message)
        assert match, problem.message
        label, qid, need, path, outcome_id, got = match.groups()
        steps = [tuple(step.split("=")) for step in path.split(" → ")]
        assert (qid, label) in steps
        node = flow.start
        for step_qid, step_label in steps:
            assert step_qid == node
            node = next(a.next for a in questions[node].answers if a.label.get("en") == step_label)
        assert node == outcome_id
        assert outcomes[outcome_id].level == got
        assert Level.from_id(got) < Level.from_id(need)


@settings(max_examples=200, deadline=None)
@given(random_flows())
def test_counting_and_shortest_paths_agree_with_enumeration(flow: SelfCheck) -> None:
    paths = list(all_paths(flow))
    assert count_paths(flow) == len(paths)
    shortest = shortest_paths(flow)
    reached = {outcome.level for _, outcome in paths}
    assert set(shortest) == reached
    for level, steps in shortest.items():
        assert len(steps) == min(len(s) for s, o in paths if o.level == level)
        assert any(o.level == level and [(q, f"a{i}") for q, i in s] == [tuple(step) for step in steps]
                   for s, o in paths)
