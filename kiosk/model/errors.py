"""Problems found in a content file, reported the way a compiler reports them.

Staff are not programmers: every problem names the file, the line and the column
(1-based, as editors count) and says in plain words what is wrong. The loader
collects every problem before it gives up, so one save shows every mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Mark:
    """A place in the file, 1-based like an editor's status bar."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Problem:
    """One error or warning with where it is."""

    mark: Mark
    message: str
    severity: str = "error"  # "error" | "warning"

    def format(self, path: Path | str) -> str:
        return f"{path}:{self.mark.line}:{self.mark.column}: {self.severity}: {self.message}"


class ContentError(Exception):
    """The content file cannot be used. Carries every problem found, errors first by position."""

    def __init__(self, path: Path | str, problems: Sequence[Problem], *, unreadable: bool = False) -> None:
        self.path = Path(path)
        self.problems = tuple(sorted(problems, key=lambda p: (p.severity != "error", p.mark)))
        #: True when the file could not be read at all (missing, permission): ``--check`` exits 2.
        self.unreadable = unreadable
        super().__init__(self.report())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by fields (the message alone cannot rebuild it), so a helper process can return one."""
        return (_rebuild, (self.path, self.problems, self.unreadable))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def lines(self) -> list[str]:
        return [p.format(self.path) for p in self.problems]

    def report(self) -> str:
        return "\n".join(self.lines())


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'title'?)`` when a close match exists, else an empty string."""
    import difflib  # only when a file has a typo: it costs ~4 ms to import, at every start-up

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _rebuild(path: Path, problems: Sequence[Problem], unreadable: bool) -> ContentError:
    return ContentError(path, problems, unreadable=unreadable)
