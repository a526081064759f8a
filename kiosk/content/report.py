"""The staff ``--report``: each section's length and reading level, and the self-check's shape."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kiosk.content.advice import (
    READING_GRADE_LIMIT,
    SPANISH_EASE_LIMIT,
    WORDS_PER_MINUTE,
    check_warnings,
    reading,
    shown_grade,
    written_languages,
)
from kiosk.content.loader import load
from kiosk.model.content import Content
from kiosk.model.errors import ContentError
from kiosk.selfcheck.audit import ARROW, audit_passed, count_paths, shortest_paths


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def report(content: Content) -> str:
    """A plain-text report for staff: each section's length and reading level, and the self-check's shape."""
    languages = content.kiosk.languages
    rows = []
    for section in content.sections:
        for lang in written_languages(section.body, languages):
            found = reading(section.body.get(lang), lang)
            rows.append([section.id, lang, str(found.words),
                         "—" if found.grade is None else f"{shown_grade(found.grade):.1f}",
                         "—" if found.ease is None else f"{found.ease:.1f}", f"{found.minutes:.1f}"])
    lines = [f"Content report: {content.source or 'content file'}", "", "Sections"]
    lines += ["  " + row for row in _table(
        ["section", "language", "words", "reading grade", "reading ease", "minutes aloud"], rows, right=(2, 3, 4, 5))]
    lines += [
        "",
        "  Reading grade: Flesch–Kincaid for English; for Spanish an estimate from the Fernández-Huerta reading",
        f"  ease (below {SPANISH_EASE_LIMIT:g} reads above grade {READING_GRADE_LIMIT:g}). "
        f"Aim for grade {READING_GRADE_LIMIT:g} or lower.",
        f"  Minutes aloud: words / {WORDS_PER_MINUTE} words a minute.",
        "",
    ]
    flow = content.selfcheck
    if flow is None:
        lines.append("Self-check: none")
    else:
        lang = content.default_language
        verdict = "passed (every path honours every answer's severity)" if audit_passed(flow) else "FAILED"
        lines.append("Self-check")
        lines += ["  " + row for row in _table(["", ""], [
            ["questions", str(len(flow.questions))],
            ["outcomes", str(len(flow.outcomes))],
            ["paths", str(count_paths(flow))],
            ["safety audit", verdict],
        ])[2:]]
        lines += ["", f"  Shortest path to each level ({lang})"]
        shortest = [[level, str(len(steps)), ARROW.join(f"{qid}={label}" for qid, label in steps)]
                    for level, steps in shortest_paths(flow, lang).items()]
        lines += ["  " + row for row in _table(["level", "answers", "path"], shortest, right=(1,))]
    warnings = check_warnings(content)
    if warnings:
        count = len(warnings)
        lines += ["", f"{count} warning{'s' if count != 1 else ''}: scripts/run-kiosk --check lists them."]
    return "\n".join(lines) + "\n"


def run_report(path: Path) -> int:
    """``--report``: 0 and the report, or the file's errors and 1 (2 when it cannot be read), like ``--check``."""
    try:
        content = load(path)
    except ContentError as exc:
        for line in exc.lines():
            print(line)
        print(f"{path}: fix these errors first (scripts/run-kiosk --check)")
        return 2 if exc.unreadable else 1
    print(report(content), end="")
    return 0
