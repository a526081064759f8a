"""How serious a self-check outcome is, and the colours that say so: spelled here once.

The safety audit's whole job is comparing levels ("this answer needs at least *urgent*"), so the
order lives in one place: an :class:`~enum.IntEnum` whose values rise with seriousness. Content
files spell levels as ids (``call-clinic``); :meth:`Level.from_id` and :attr:`Level.id` translate.
The schema's choices, the metrics' labels, the outcome screens' colours and the contrast checks all
read them from here.
"""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    """Outcome levels, mildest first, so ``<`` and ``min`` mean "milder"."""

    SELF_CARE = 0
    CALL_CLINIC = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def id(self) -> str:
        """The spelling used in content files, e.g. ``call-clinic``."""
        return self.name.lower().replace("_", "-")

    @property
    def ui_key(self) -> str:
        """The built-in interface string that names this level, e.g. ``outcome_call_clinic``."""
        return "outcome_" + self.name.lower()

    @property
    def colours(self) -> tuple[str, str]:
        """(background, text) of the outcome screen's heading band: see :data:`LEVEL_COLOURS`."""
        return LEVEL_COLOURS[self.id]

    @classmethod
    def from_id(cls, level_id: str) -> Level:
        """The level spelled *level_id*; ``ValueError`` for anything else (the schema rejects those first)."""
        try:
            return _BY_ID[level_id]
        except KeyError:
            raise ValueError(f"'{level_id}' is not a level; levels are {', '.join(LEVEL_IDS)}") from None

    def __str__(self) -> str:
        return self.id


#: The ids in order, mildest first: the schema's choices for ``level`` and ``severity``.
LEVEL_IDS: tuple[str, ...] = tuple(level.id for level in Level)
_BY_ID: dict[str, Level] = {level.id: level for level in Level}

#: (background, text) by level id: recognisable before a word is read, and 7:1 with their text.
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    Level.SELF_CARE.id: ("#1b5e20", "#ffffff"),  # green
    Level.CALL_CLINIC.id: ("#0d47a1", "#ffffff"),  # blue
    Level.URGENT.id: ("#f08c00", "#000000"),  # orange
    Level.EMERGENCY.id: ("#9b1c1c", "#ffffff"),  # red
}


def at_least(level_id: str, minimum_id: str) -> bool:
    """True when *level_id* is as serious as *minimum_id* or more."""
    return Level.from_id(level_id) >= Level.from_id(minimum_id)
