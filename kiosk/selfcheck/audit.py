"""Check a self-check flow's structure and prove it safe, the way a compiler checks a program.

The loader calls :func:`check_flow` after schema validation; every problem it returns names
the exact line and column in the content file, so staff can fix a flow without reading code.

Two kinds of check run here:

* **Structure** — ``start`` and every ``next`` name a real question or outcome, ids are
  unique across questions and outcomes, every question and outcome can be reached, and no
  answers go round in a circle (so every walk through the questions ends at an outcome).
* **The safety audit** — an answer's ``severity`` is a promise: whatever a patient answers
  after it, they end at an outcome at least that serious. Checking every path would be
  exponential (a 60-question flow can have more than 2**60 paths), so instead each question
  is given the *mildest outcome level reachable from it*, computed once per question in
  reverse topological order. An answer is safe exactly when the mildest level reachable
  from its ``next`` is at least its severity — linear in the size of the flow.

The analysis helpers (:func:`count_paths`, :func:`shortest_paths`, :func:`all_paths`) are
pure and are meant for a staff report and for tests.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from kiosk.model.content import Answer, Outcome, Question, SelfCheck
from kiosk.model.errors import Mark, Problem, did_you_mean
from kiosk.model.levels import Level

ARROW = " → "


class FlowError(ValueError):
    """The flow's structure does not allow the analysis (unknown targets, a cycle, a bad start...)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"{p.mark.line}:{p.mark.column}: {p.message}" for p in self.problems]
        super().__init__("the self-check flow has problems:\n" + "\n".join(lines))


class Step(NamedTuple):
    """One answer taken on a path: the question's id and the answer's label in the chosen language."""

    question_id: str
    answer_label: str


class FlowPath(NamedTuple):
    """A complete path: each step as (question id, answer index), then the outcome it ends at."""

    steps: tuple[tuple[str, int], ...]
    outcome: Outcome


# -- public API -------------------------------------------------------------------------------

def check_flow(flow: SelfCheck, lang: str = "en") -> list[Problem]:
    """Every structural and safety problem in *flow*, each at its exact mark. Empty means the flow is usable.

    *lang* picks the language of answer labels quoted in messages; plain (single-language)
    labels read the same in every language.
    """
    graph = _Graph(flow, lang)
    problems = list(graph.problems)
    if graph.sound:
        problems.extend(graph.safety_problems())
    return problems


def audit_passed(flow: SelfCheck) -> bool:
    """True when the flow is sound and every path honours every answer's severity."""
    return not check_flow(flow)


def count_paths(flow: SelfCheck) -> int:
    """How many different ways through the flow there are, from ``start`` to an outcome.

    Two answers leading to the same place count as two paths (the patient's answers differ).
    Dynamic programming over the questions in reverse topological order, so it is linear in
    the flow's size even when the result is astronomically large (Python ints do not overflow).
    """
    graph = _Graph.sound_or_raise(flow)
    paths: dict[str, int] = {}
    for qid in graph.postorder:
        paths[qid] = sum(1 if isinstance(graph.nodes[a.next], Outcome) else paths[a.next]
                         for a in graph.question(qid).answers)
    return paths[flow.start]


def shortest_paths(flow: SelfCheck, lang: str = "en") -> dict[str, list[Step]]:
    """For each outcome level the flow can reach, a path with the fewest answers that ends at that level.

    Keys are level ids, mildest first. Breadth-first search discovers every node at its
    shallowest depth, so the first outcome of each level it meets is a shortest path there.
    """
    graph = _Graph.sound_or_raise(flow, lang)
    found: dict[Level, list[Step]] = {}
    for node_id in graph.bfs_order:
        node = graph.nodes[node_id]
        if isinstance(node, Outcome):
            found.setdefault(Level.from_id(node.level), graph.steps_to(node_id))
    return {level.id: found[level] for level in sorted(found)}


def routes(flow: SelfCheck) -> dict[str, tuple[int, ...]]:
    """The fewest answers (as answer indices) that reach each question and outcome, in breadth-first order.

    Lets previews and tests visit every screen of a flow without enumerating its paths.
    """
    _Graph.sound_or_raise(flow, "en")
    questions = flow.question_by_id
    found: dict[str, tuple[int, ...]] = {flow.start: ()}
    queue = [flow.start]
    for node_id in queue:
        question = questions.get(node_id)
        if question is None:
            continue
        for index, answer in enumerate(question.answers):
            if answer.next not in found:
                found[answer.next] = (*found[node_id], index)
                queue.append(answer.next)
    return found


def all_paths(flow: SelfCheck) -> Iterator[FlowPath]:
    """Every path from ``start`` to an outcome, depth first with answers in file order.

    Exponential by nature: for tests and reports on small flows only. Lazy, so a caller
    can stop early; iterative, so a long flow cannot overflow Python's recursion limit.
    """
    graph = _Graph.sound_or_raise(flow)
    stack: list[tuple[str, tuple[tuple[str, int], ...]]] = [(flow.start, ())]
    while stack:
        node_id, steps = stack.pop()
        node = graph.nodes[node_id]
        if isinstance(node, Outcome):
            yield FlowPath(steps, node)
            continue
        for index in reversed(range(len(node.answers))):  # reversed: pop() then yields them in file order
            stack.append((node.answers[index].next, (*steps, (node_id, index))))


# -- the work ---------------------------------------------------------------------------------

def _mark(marks: Mapping[str, Mark], key: str) -> Mark:
    """The mark of *key*, else of the mapping itself; flows built in code (tests) may carry no marks."""
    return marks.get(key) or marks.get("") or Mark()


@dataclass
class _Graph:
    """A flow's questions and outcomes as a graph, with the structural problems found building it.

    ``sound`` is False when the graph cannot be analysed (duplicate ids, a bad start, an
    unknown target or a cycle); unreachable nodes are problems but do not stop analysis,
    because they do not lie on any path from ``start``.
    """

    flow: SelfCheck
    lang: str = "en"
    problems: list[Problem] = field(default_factory=list)
    sound: bool = True
    #: First definition of each id; a duplicate is reported and ignored.
    nodes: dict[str, Question | Outcome] = field(default_factory=dict)
    #: Questions, children before parents (valid only when there is no cycle).
    postorder: list[str] = field(default_factory=list)
    #: Nodes reachable from start, in breadth-first order, and how each was first reached.
    bfs_order: list[str] = field(default_factory=list)
    parents: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._collect_ids()
        start_ok = self._check_start()
        self._check_targets()
        self._find_cycles(start_ok)
        if start_ok:
            self._breadth_first()
            self._check_reachable()

    @classmethod
    def sound_or_raise(cls, flow: SelfCheck, lang: str = "en") -> _Graph:
        graph = cls(flow, lang)
        if not graph.sound:
            raise FlowError(graph.problems)
        return graph

    def question(self, node_id: str) -> Question:
        node = self.nodes[node_id]
        assert isinstance(node, Question)
        return node

    def fail(self, mark: Mark, message: str, *, fatal: bool = True) -> None:
        self.problems.append(Problem(mark, message))
        if fatal:
            self.sound = False

    def label(self, answer: Answer) -> str:
        return answer.label.get(self.lang)

    # -- structure ----------------------------------------------------------------------------
    def _collect_ids(self) -> None:
        items: list[tuple[Mark, str, Question | Outcome]] = [
            (_mark(node.marks, "id"), kind, node)
            for kind, nodes in (("question", self.flow.questions), ("outcome", self.flow.outcomes))
            for node in nodes
        ]
        items.sort(key=lambda item: item[0])  # file order; stable, so unmarked flows keep questions first
        first: dict[str, tuple[Mark, str]] = {}
        for mark, kind, node in items:
            if node.id in first:
                where, first_kind = first[node.id]
                self.fail(mark, f"the id '{node.id}' is already used by the {first_kind} on line {where.line}; "
                                "every question and outcome needs its own id")
            else:
                first[node.id] = (mark, kind)
                self.nodes[node.id] = node

    def _check_start(self) -> bool:
        start = self.flow.start
        mark = _mark(self.flow.marks, "start")
        target = self.nodes.get(start)
        if target is None:
            questions = [q.id for q in self.flow.questions]
            self.fail(mark, f"'start' is '{start}', but there is no question with that id"
                            f"{did_you_mean(start, questions or self.nodes)}")
            return False
        if isinstance(target, Outcome):
            self.fail(mark, f"'start' is '{start}', which is an outcome; the self-check must start with a question")
            return False
        return True

    def _check_targets(self) -> None:
        for question in self.flow.questions:
            for answer in question.answers:
                if answer.next not in self.nodes:
                    self.fail(_mark(answer.marks, "next"),
                              f"answer \"{self.label(answer)}\" to '{question.id}' leads to '{answer.next}', but there "
                              f"is no question or outcome with that id{did_you_mean(answer.next, self.nodes)}")

    def _own_questions(self) -> Iterator[Question]:
        """Questions in file order, skipping a duplicate that lost its id to an earlier node."""
        return (q for q in self.flow.questions if self.nodes.get(q.id) is q)

    def _find_cycles(self, start_ok: bool) -> None:
        """Depth-first search from start, then from every other question, reporting each answer that closes a circle.

        Iterative (an explicit stack), so a very long flow cannot hit the recursion limit.
        Also records the post-order the analysis relies on.
        """
        grey, black = 1, 2
        colour: dict[str, int] = {}
        roots = [self.flow.start] if start_ok else []
        roots += [q.id for q in self._own_questions()]
        for root in roots:
            if root in colour:
                continue
            colour[root] = grey
            stack: list[tuple[str, int]] = [(root, 0)]
            while stack:
                node_id, index = stack[-1]
                question = self.question(node_id)
                if index == len(question.answers):
                    stack.pop()
                    colour[node_id] = black
                    self.postorder.append(node_id)
                    continue
                stack[-1] = (node_id, index + 1)
                answer = question.answers[index]
                if not isinstance(self.nodes.get(answer.next), Question):
                    continue  # outcomes end the path; unknown targets are reported already
                state = colour.get(answer.next)
                if state is None:
                    colour[answer.next] = grey
                    stack.append((answer.next, 0))
                elif state == grey:
                    ids = [n for n, _ in stack]
                    circle = ARROW.join([*ids[ids.index(answer.next):], answer.next])
                    self.fail(_mark(answer.marks, "next"),
                              f"answer \"{self.label(answer)}\" to '{node_id}' leads back to '{answer.next}', so the "
                              f"questions go round in a circle: {circle}; every path must end at an outcome")

    def _breadth_first(self) -> None:
        start = self.flow.start
        self.bfs_order.append(start)
        seen = {start}
        queue = deque([start])
        while queue:
            node = self.nodes[queue.popleft()]
            if not isinstance(node, Question):
                continue
            for index, answer in enumerate(node.answers):
                if answer.next in self.nodes and answer.next not in seen:
                    seen.add(answer.next)
                    self.parents[answer.next] = (node.id, index)
                    self.bfs_order.append(answer.next)
                    queue.append(answer.next)

    def _check_reachable(self) -> None:
        reached = set(self.bfs_order)
        for kind, nodes in (("question", self.flow.questions), ("outcome", self.flow.outcomes)):
            for node in nodes:
                if self.nodes.get(node.id) is node and node.id not in reached:
                    self.fail(_mark(node.marks, "id"),
                              f"{kind} '{node.id}' can never be reached: no path of answers leads to it "
                              f"from '{self.flow.start}'", fatal=False)

    # -- paths ----------------------------------------------------------------------------------
    def steps_to(self, node_id: str) -> list[Step]:
        """The breadth-first (fewest answers, earliest answers first) path from start to *node_id*."""
        steps: list[Step] = []
        while node_id in self.parents:
            parent, index = self.parents[node_id]
            steps.append(Step(parent, self.label(self.question(parent).answers[index])))
            node_id = parent
        steps.reverse()
        return steps

    # -- the safety audit -------------------------------------------------------------------------
    def safety_problems(self) -> list[Problem]:
        """One problem per answer whose severity some path after it does not honour. Needs a sound graph."""
        mildest: dict[str, Level] = {}  # question id -> mildest outcome level reachable from it
        via: dict[str, int] = {}  # question id -> index of the first answer that reaches that level

        def level_of(node_id: str) -> Level:
            node = self.nodes[node_id]
            return Level.from_id(node.level) if isinstance(node, Outcome) else mildest[node_id]

        for qid in self.postorder:  # children first, so every answer's target is already known
            levels = [level_of(a.next) for a in self.question(qid).answers]
            mildest[qid] = min(levels)
            via[qid] = levels.index(mildest[qid])

        problems: list[Problem] = []
        reached = set(self.bfs_order)
        for question in self._own_questions():
            if question.id not in reached:
                continue  # on no path from start, and already reported as unreachable
            for answer in question.answers:
                if answer.severity is None:
                    continue
                need = Level.from_id(answer.severity)
                got = level_of(answer.next)
                if got >= need:
                    continue
                steps = [*self.steps_to(question.id), Step(question.id, self.label(answer))]
                node_id = answer.next
                while not isinstance(self.nodes[node_id], Outcome):
                    taken = self.question(node_id).answers[via[node_id]]
                    steps.append(Step(node_id, self.label(taken)))
                    node_id = taken.next
                path = ARROW.join(f"{qid}={label}" for qid, label in steps)
                problems.append(Problem(
                    _mark(answer.marks, "severity"),
                    f"answer \"{self.label(answer)}\" to '{question.id}' requires at least {need.id}, "
                    f"but the path {path} reaches '{node_id}' ({got.id})",
                ))
        return problems
