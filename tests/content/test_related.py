"""``related:`` on a section: the self-check or other sections, checked like every other reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import ContentError, load
from tests.helpers import BUNDLED, MINIMAL, write

SELFCHECK = """\
selfcheck:
  title: Self-check
  intro: A few questions.
  start: q
  questions:
    - id: q
      text: Are you well?
      answers:
        - label: "Yes"
          next: fine
        - label: "No"
          severity: call-clinic
          next: call
  outcomes:
    - id: fine
      level: self-care
      title: Good
      body: Nothing to do.
    - id: call
      level: call-clinic
      title: Call us
      body: Call the clinic.
"""


def with_related(related: str, *, selfcheck: bool = True) -> str:
    """MINIMAL with *related* (the YAML after ``related:``) on its first section, on line 10."""
    text = MINIMAL.replace("    body: |\n      The first body.\n",
                           f"    body: |\n      The first body.\n    related: {related}\n")
    assert text != MINIMAL
    return text + (SELFCHECK if selfcheck else "")


def problems(text: str, tmp_path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(ContentError) as info:
        load(write(tmp_path, text))
    return [(p.mark.line, p.mark.column, p.message) for p in info.value.problems if p.severity == "error"]


def test_the_bundled_side_effects_section_points_at_the_selfcheck() -> None:
    content = load(BUNDLED)
    assert {s.id: s.related for s in content.sections if s.related} == {"side-effects": ("selfcheck",)}


def test_one_name_alone_or_a_list(tmp_path: Path) -> None:
    assert load(write(tmp_path, with_related("selfcheck"))).sections[0].related == ("selfcheck",)
    assert load(write(tmp_path, with_related("[second, selfcheck]"))).sections[0].related == ("second", "selfcheck")
    assert load(write(tmp_path, MINIMAL)).sections[0].related == ()


def test_an_unknown_section_is_an_error_at_its_place_with_a_suggestion(tmp_path: Path) -> None:
    text = with_related("[selfcheck, secnod]")
    written = "    related: [selfcheck, secnod]"
    line, column = text.splitlines().index(written) + 1, written.index("secnod") + 1
    assert problems(text, tmp_path) == [
        (line, column, "'related' in section 'first' names 'secnod', which is not a section's id "
                   "(did you mean 'second'?)")]


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    text = with_related("\n      - first\n      - nowhere\n      - selfcheck\n      - selfcheck", selfcheck=False)
    lines = text.splitlines()
    at = {name: lines.index(f"      - {name}") + 1 for name in ("first", "nowhere")}
    last = len(lines) - lines[::-1].index("      - selfcheck")
    assert problems(text, tmp_path) == [
        (at["first"], 9, "'related' in section 'first' names the section itself; name another section or selfcheck"),
        (at["nowhere"], 9, "'related' in section 'first' names 'nowhere', which is not a section's id"),
        (last - 1, 9, "'related' in section 'first' names the self-check, but this file has no 'selfcheck:'"),
        (last, 9, "'related' in section 'first' names 'selfcheck' twice; one button is enough"),
    ]


def test_a_name_that_is_not_an_id_is_a_type_error(tmp_path: Path) -> None:
    (_line, _column, message), = problems(with_related("Second Topic"), tmp_path)
    assert message.startswith("'related' in section 'first' is 'Second Topic'; it should be lowercase letters")
