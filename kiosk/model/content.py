"""The content a kiosk shows, as frozen dataclasses. Built only by :mod:`kiosk.content.loader`.

Marks (line:column) ride along, outside equality, so later checks — the self-check's
references and safety audit, translations — can point staff at the exact place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from kiosk.model.errors import Mark, Problem

ANY_LANG = "*"


@dataclass(frozen=True)
class Text:
    """Words in one or more languages. A plain string in the file is the same in every language."""

    values: tuple[tuple[str, str], ...]
    mark: Mark = field(default=Mark(), compare=False)

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls(((ANY_LANG, text),))

    @property
    def is_plain(self) -> bool:
        return len(self.values) == 1 and self.values[0][0] == ANY_LANG

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.values)

    def get(self, lang: str, fallback: str | None = None) -> str:
        table = dict(self.values)
        for key in (lang, ANY_LANG, fallback):
            if key is not None and key in table:
                return table[key]
        return self.values[0][1]


@dataclass(frozen=True)
class Kiosk:
    title: Text
    intro: Text
    notice: Text
    clinic: Text | None = None
    emergency_number: str = "911"
    languages: tuple[str, ...] = ("en",)
    idle_timeout_s: int = 90
    idle_warning_s: int = 20
    show_cursor: bool = False
    speech: bool = True
    metrics_file: str | None = None


@dataclass(frozen=True)
class Display:
    width_mm: float | None = None
    height_mm: float | None = None
    viewing_distance_mm: float = 500.0
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    body: Text
    icon: Path | None = None
    mark: Mark = field(default=Mark(), compare=False)
    #: ``related:``: ``selfcheck`` or other sections' ids, in the order of their buttons; and where each is written.
    related: tuple[str, ...] = ()
    related_marks: tuple[Mark, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Answer:
    label: Text
    next: str
    severity: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    answers: tuple[Answer, ...]
    help: Text | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Outcome:
    id: str
    level: str
    title: Text
    body: Text
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class SelfCheck:
    title: Text
    intro: Text
    start: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def question_by_id(self) -> Mapping[str, Question]:
        return MappingProxyType({q.id: q for q in self.questions})

    @property
    def outcome_by_id(self) -> Mapping[str, Outcome]:
        return MappingProxyType({o.id: o for o in self.outcomes})


@dataclass(frozen=True)
class Staff:
    pin_hash: str | None = None


@dataclass(frozen=True)
class Theme:
    high_contrast: bool = False
    accent: str = "#1a4b7a"
    background: str = "#f4f6f8"
    surface: str = "#ffffff"
    text: str = "#14202b"
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Alerts:
    """Who hears about an urgent or emergency outcome: a chime here, a POST to each webhook."""

    webhooks: tuple[str, ...] = ()
    format: str = "json"
    name: str | None = None
    chime: bool = True
    volume: float = 0.8
    button_everywhere: bool = False


@dataclass(frozen=True)
class Content:
    kiosk: Kiosk
    sections: tuple[Section, ...]
    display: Display = Display()
    selfcheck: SelfCheck | None = None
    staff: Staff = Staff()
    theme: Theme = Theme()
    ui_text: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    alerts: Alerts | None = None  # no block: no chime, no button, nothing sent
    version: int = 1
    #: Where it was loaded from, the SHA-256 of its bytes, and warnings that did not stop it loading.
    source: Path | None = field(default=None, compare=False)
    sha256: str = field(default="", compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def default_language(self) -> str:
        return self.kiosk.languages[0]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def has_section(self, section_id: str) -> bool:
        return any(s.id == section_id for s in self.sections)
