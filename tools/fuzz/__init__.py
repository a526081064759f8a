"""Fuzz the content loader: good content must load, damaged content must be refused politely.

The property, for any bytes at all: :func:`kiosk.content.load` either returns a Content, or raises
:class:`~kiosk.content.ContentError` whose every problem has a line and a column (both 1 or more)
and a message. Never another exception, and never anything in the file run (the unsafe tags below
try to create :data:`MARKER`; the file must never appear).

Two halves, shared by ``tests/tools/test_fuzz.py``, ``tools.monkey`` and the command line:

* **Mutators** — plain functions ``(bytes, random.Random) -> bytes`` that damage a content file the
  way editors, USB sticks and people do (lines deleted or duplicated, types swapped, bytes flipped,
  files cut short, unsafe tags, deep nesting, billion laughs, tabs, BOMs, NUL bytes, huge lines …).
  No Hypothesis needed: the monkey uses them to make broken reloads.
* **Strategies** — Hypothesis strategies (Hypothesis is a test dependency, so it is imported only
  when a strategy is asked for): :func:`valid_documents` builds valid content (sections, languages,
  Markdown, unicode, self-check flows that pass the safety audit), :func:`mutants` damages the
  bundled file or a generated one.

``python -m tools.fuzz --cases 2000 [--seed N]`` prints how each case ended and exits 1 on any
unexpected exception, bad mark, or executed tag. ``--replay bundled:<mutator>:<seed>`` re-runs one case.

Its parts: :mod:`~tools.fuzz.edits` and :mod:`~tools.fuzz.attacks` (the mutators, listed in
:mod:`~tools.fuzz.mutators`), :mod:`~tools.fuzz.strategies`, :mod:`~tools.fuzz.judge` (one case
against the property), :mod:`~tools.fuzz.source` (the bundled file, YAML in and out) and the command
line in :mod:`~tools.fuzz.cli`.
"""

from tools.fuzz.attacks import billion_laughs, unsafe_payloads
from tools.fuzz.judge import CHECK_SAMPLES, Result, check_bytes, problem_kind, run_check
from tools.fuzz.mutators import MUTATORS, Mutator, mutate
from tools.fuzz.source import BUNDLED, MARKER, ROOT, bundled_bytes, dump, parse
from tools.fuzz.strategies import (
    FUZZ_PIN,
    FUZZ_PIN_HASH,
    Mutant,
    cases,
    generated_mutants,
    mutants,
    valid_documents,
)

__all__ = ["BUNDLED", "CHECK_SAMPLES", "FUZZ_PIN", "FUZZ_PIN_HASH", "MARKER", "MUTATORS", "ROOT", "Mutant", "Mutator",
           "Result", "billion_laughs", "bundled_bytes", "cases", "check_bytes", "dump", "generated_mutants", "mutants",
           "mutate", "parse", "problem_kind", "run_check", "unsafe_payloads", "valid_documents"]
