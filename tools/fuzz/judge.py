"""Checking one case against the property: loaded, or refused with every problem well placed; nothing run.

Also ``main.py --check`` in a child process, as staff run it, on a fixed sample of damaged files.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from kiosk.content import Content, ContentError, load
from tools.fuzz.source import MARKER, ROOT

PROBLEM_KINDS: tuple[tuple[str, str], ...] = (
    ("not UTF-8", r"is not UTF-8"),
    ("tab indent", r"a tab is used for indenting"),
    ("empty file", r"^the file is empty"),
    ("too large", r"larger than"),
    ("too deep", r"nested far too deeply"),
    ("YAML syntax", r"^this is not valid YAML"),
    ("not a mapping", r"^the file should be a set"),
    ("unsafe tag", r"the YAML tag .* is not allowed"),
    ("anchor/alias", r"anchors and aliases"),
    ("duplicate key", r"^duplicate key"),
    ("unknown key", r"^unknown key"),
    ("non-text key", r"should be a plain word"),
    ("missing key", r" is missing '"),
    ("duplicate id", r"is used twice|is already used by"),
    ("icon missing", r"^the icon '"),
    ("language", r"language code|has no '.*' version|version, but|is not in kiosk.languages"),
    ("self-check", r"requires at least|leads to|leads back to|can never be reached|^'start' is"),
    ("empty value", r" is empty"),
    ("wrong type", r" should be "),
    ("bad value", r"which is not one of|; it should be|longer than|is not a number"),
)


def problem_kind(message: str) -> str:
    for kind, pattern in PROBLEM_KINDS:
        if re.search(pattern, message):
            return kind
    return "other"


@dataclass
class Result:
    """How one case ended. ``ok`` is the property: loaded, or refused with every problem well placed."""

    outcome: str  # "loaded" | "refused: <kind of first problem>" | "unexpected: <exception>" | "bad mark" | "executed"
    ok: bool
    detail: str = ""
    content: Content | None = None
    error: ContentError | None = None
    beyond_end: bool = False  # a problem's line lies past the end of the file (reported, not a failure)


def check_bytes(data: bytes, folder: Path, name: str = "content.yaml") -> Result:
    """Write *data* to *folder*/*name*, load it, and judge the result against the property."""
    path = folder / name
    path.write_bytes(data)
    try:
        content = load(path)
    except ContentError as exc:
        result = _judge_refusal(exc, data)
    except Exception as exc:
        result = Result(f"unexpected: {type(exc).__name__}", False, traceback.format_exc())
    else:
        result = Result("loaded", True, content=content)
    if MARKER.exists():
        result = Result("executed", False, f"{MARKER} exists: a tag in the file was run")
    return result


def _judge_refusal(exc: ContentError, data: bytes) -> Result:
    try:
        exc.report()
        lines = exc.lines()
    except Exception:
        return Result("unexpected: the report", False, traceback.format_exc())
    bad = [p for p in exc.problems
           if not (isinstance(p.mark.line, int) and isinstance(p.mark.column, int) and p.mark.line >= 1
                   and p.mark.column >= 1 and isinstance(p.message, str) and p.message.strip())]
    if not exc.problems or bad:
        return Result("bad mark", False, "\n".join(lines) or "a ContentError without problems", error=exc)
    last_line = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
    beyond = any(p.mark.line > last_line + 1 for p in exc.problems)
    first = exc.errors[0] if exc.errors else exc.problems[0]
    return Result(f"refused: {problem_kind(first.message)}", True, "\n".join(lines[:3]), error=exc,
                  beyond_end=beyond)


def run_check(path: Path, timeout: float = 120) -> tuple[int, str]:
    """``python main.py --check --content PATH``: (exit code, stdout + stderr)."""
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", "--content", str(path)],
                         capture_output=True, timeout=timeout, cwd=ROOT,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"})
    return out.returncode, (out.stdout + out.stderr).decode("utf-8", "replace")


CHECK_SAMPLES: tuple[tuple[str, int], ...] = (
    ("numbers", 2), ("unsafe_tag", 1), ("nul_bytes", 2), ("bom", 3), ("deep_nesting", 4), ("laughs", 0),
    ("invalid_utf8", 5), ("truncate", 6), ("tabs", 7), ("structural_swap", 8), ("huge_line", 3), ("chain", 9),
)
"""Mutants for the ``--check`` child-process run: one of each dangerous kind, fixed so the run is repeatable."""
