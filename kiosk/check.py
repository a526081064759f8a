"""``--check``: validate a content file the way a compiler would, for staff and for deploy pipelines."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import ContentError, load

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def run_check(path: Path) -> int:
    try:
        content = load(path)
    except ContentError as exc:
        for line in exc.lines():
            print(line)
        errors = len(exc.errors)
        plural = "s" if errors != 1 else ""
        print(f"{path}: {errors} error{plural}; a running kiosk ignores this file until they are fixed")
        return EXIT_UNREADABLE if exc.unreadable else EXIT_INVALID
    from kiosk.content.advice import check_warnings

    warnings = check_warnings(content)
    for warning in warnings:
        print(warning.format(path))
    summary = f"{path}: valid: {len(content.sections)} sections"
    if content.selfcheck is not None:
        summary += f", self-check with {len(content.selfcheck.questions)} questions (safety audit passed)"
    if warnings:
        summary += f", {len(warnings)} warnings"
    print(summary)
    return EXIT_VALID
