"""The self-check as a state machine: which question is showing, what has been answered, where it ended.

Pure Python so every rule is testable without a screen; the Qt shell only draws
:attr:`SelfCheckSession.current` or :attr:`SelfCheckSession.outcome` and calls
:meth:`~SelfCheckSession.answer`, :meth:`~SelfCheckSession.back` and
:meth:`~SelfCheckSession.restart`.

Privacy: a patient's answers are health information. They live only in this object's
memory, are never logged or written anywhere, and ``repr()`` shows progress but not the
answers, so an accidental log line or crash report cannot leak them. Dropping the session
(or :meth:`~SelfCheckSession.restart`) forgets them.
"""

from __future__ import annotations

from kiosk.model.content import Outcome, Question, SelfCheck
from kiosk.selfcheck.audit import FlowError, check_flow


class SessionFinishedError(RuntimeError):
    """An answer was given after the self-check had already reached its outcome."""


class SelfCheckSession:
    """One patient's walk through a self-check flow.

    The flow must pass :func:`~kiosk.selfcheck.audit.check_flow`; the constructor re-checks
    it (linear, cheap) so the kiosk can never walk a patient through an unaudited flow, even
    one built outside the loader.
    """

    __slots__ = ("_flow", "_history", "_node", "_outcomes", "_questions")

    def __init__(self, flow: SelfCheck) -> None:
        problems = check_flow(flow)
        if problems:
            raise FlowError(problems)
        self._flow = flow
        self._questions = dict(flow.question_by_id)
        self._outcomes = dict(flow.outcome_by_id)
        self._history: list[tuple[str, int]] = []
        self._node: str = flow.start

    def __repr__(self) -> str:
        state = "finished" if self.finished else f"question {self.question_number}"
        return f"<SelfCheckSession {state}>"

    # -- state --------------------------------------------------------------------------------
    @property
    def flow(self) -> SelfCheck:
        return self._flow

    @property
    def current(self) -> Question | None:
        """The question to show, or None once an outcome is reached."""
        return self._questions.get(self._node)

    @property
    def outcome(self) -> Outcome | None:
        """The outcome reached, or None while questions remain."""
        return self._outcomes.get(self._node)

    @property
    def finished(self) -> bool:
        return self._node in self._outcomes

    @property
    def history(self) -> tuple[tuple[str, int], ...]:
        """The answers given so far on this path, as (question id, answer index), oldest first."""
        return tuple(self._history)

    @property
    def question_number(self) -> int:
        """1-based number of the current question on this path ("Question 3").

        Once finished, the number of questions that were answered. It counts the questions
        on *this* path, not the flow's total, because different answers skip different
        questions and a "3 of 8" total would be wrong for most patients.
        """
        return len(self._history) + (0 if self.finished else 1)

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    # -- moves --------------------------------------------------------------------------------
    def answer(self, index: int) -> Question | Outcome:
        """Take answer *index* (0-based) of the current question; return the next question or the outcome.

        Raises :class:`SessionFinishedError` once finished, ``TypeError`` for a non-integer
        and ``IndexError`` for an index outside the question's answers (negative indices are
        refused too: ``-1`` meaning "the last answer" would be a silent bug in a button handler).
        """
        question = self.current
        if question is None:
            raise SessionFinishedError("the self-check has finished; restart it or go back first")
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"an answer index must be an int, not {type(index).__name__}")
        if not 0 <= index < len(question.answers):
            count = len(question.answers)
            raise IndexError(f"question '{question.id}' has {count} answers; there is no answer {index}")
        self._history.append((question.id, index))
        self._node = question.answers[index].next
        return self._questions.get(self._node) or self._outcomes[self._node]

    def back(self) -> bool:
        """Undo the last answer, returning to its question. False (and nothing changes) at the first question."""
        if not self._history:
            return False
        self._node, _ = self._history.pop()
        return True

    def restart(self) -> None:
        """Forget every answer and show the first question again."""
        self._history.clear()
        self._node = self._flow.start
