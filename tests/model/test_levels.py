"""Levels: one order and one set of colours, shared with the schema, used by every comparison the audit makes."""

from __future__ import annotations

import pytest

from kiosk.content.spec import LEVELS
from kiosk.model.levels import LEVEL_COLOURS, LEVEL_IDS, Level, at_least
from kiosk.strings import BUILTIN


def test_level_ids_match_the_schema_in_the_same_order() -> None:
    assert LEVEL_IDS == LEVELS


def test_levels_rise_with_seriousness() -> None:
    assert Level.SELF_CARE < Level.CALL_CLINIC < Level.URGENT < Level.EMERGENCY
    assert min(Level.URGENT, Level.CALL_CLINIC) is Level.CALL_CLINIC
    assert sorted(Level.from_id(i) for i in reversed(LEVELS)) == list(Level)


@pytest.mark.parametrize("level", list(Level))
def test_from_id_and_id_round_trip(level: Level) -> None:
    assert Level.from_id(level.id) is level
    assert str(level) == level.id


def test_ids_are_spelled_as_in_content_files() -> None:
    assert Level.CALL_CLINIC.id == "call-clinic"
    assert Level.SELF_CARE.id == "self-care"


def test_unknown_id_is_refused() -> None:
    with pytest.raises(ValueError, match="'urgnet' is not a level"):
        Level.from_id("urgnet")


def test_at_least() -> None:
    assert at_least("urgent", "urgent")
    assert at_least("emergency", "call-clinic")
    assert not at_least("self-care", "call-clinic")


@pytest.mark.parametrize("level", list(Level))
def test_every_level_has_a_built_in_heading_and_its_colours(level: Level) -> None:
    assert level.ui_key in BUILTIN["en"]
    assert level.colours == LEVEL_COLOURS[level.id]
    assert list(LEVEL_COLOURS) == list(LEVEL_IDS)
