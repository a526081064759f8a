"""A tiny declarative schema language: the one place the content file's shape is written down.

The loader validates against it, ``--schema`` exports it as JSON Schema and the staff
guide is generated from it, so the three can never disagree. Each type knows how to
describe itself to a person (``kind``) and to an editor (``json_schema``); validation of
YAML nodes against these types lives in :mod:`kiosk.content.validate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"

# The validator reads any plain YAML scalar as words (`label: Yes` is the word Yes, `emergency_number: 911`
# the text 911), so the exported JSON Schema accepts numbers and true/false wherever text goes: an editor
# must never flag what the kiosk accepts. Empty and blank text is refused by both.
_SCALAR = ["string", "number", "boolean"]
_NOT_BLANK = {"minLength": 1, "pattern": r"\S"}


def _scalar_text() -> dict[str, Any]:
    return {"type": list(_SCALAR), **_NOT_BLANK}


@dataclass(frozen=True)
class Type:
    description: str = field(default="", kw_only=True)

    @property
    def kind(self) -> str:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Type):
    pattern: str | None = None
    pattern_hint: str = ""  # said to staff instead of the regular expression
    choices: tuple[str, ...] = ()
    max_length: int | None = None

    @property
    def kind(self) -> str:
        if self.choices:
            return "one of " + ", ".join(f"`{c}`" for c in self.choices)
        return "text" + (f" ({self.pattern_hint})" if self.pattern_hint else "")

    def json_schema(self) -> dict[str, Any]:
        if self.choices:
            return {"type": "string", "enum": list(self.choices)}
        out = _scalar_text()
        if self.pattern:
            out["pattern"] = self.pattern
        if self.max_length:
            out["maxLength"] = self.max_length
        return out


@dataclass(frozen=True)
class Url(Str):
    """A web address the kiosk posts to: http(s) only (checked in :mod:`kiosk.content.urls`)."""

    @property
    def kind(self) -> str:
        return "web address (`https://…`, or `http://` inside the clinic's network)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$"}


@dataclass(frozen=True)
class Text(Type):
    """Words a patient reads: a plain string, or a map by language (``{en: Hello, es: Hola}``)."""

    markdown: bool = False

    @property
    def kind(self) -> str:
        return ("Markdown text" if self.markdown else "text") + ", or a map by language"

    def json_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                _scalar_text(),
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": _scalar_text(),
                    "minProperties": 1,
                },
            ]
        }


@dataclass(frozen=True)
class Int(Type):
    minimum: int | None = None
    maximum: int | None = None

    @property
    def kind(self) -> str:
        return "whole number" + _range(self.minimum, self.maximum)

    def json_schema(self) -> dict[str, Any]:
        return _bounds({"type": "integer"}, self.minimum, self.maximum)


@dataclass(frozen=True)
class Num(Type):
    minimum: float | None = None
    maximum: float | None = None

    @property
    def kind(self) -> str:
        return "number" + _range(self.minimum, self.maximum)

    def json_schema(self) -> dict[str, Any]:
        return _bounds({"type": "number"}, self.minimum, self.maximum)


@dataclass(frozen=True)
class Bool(Type):
    @property
    def kind(self) -> str:
        return "`true` or `false`"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class ListOf(Type):
    item: Type = field(default_factory=Str)
    min_items: int = 0
    #: One item may be written alone, without the list around it (``related: selfcheck``).
    alone_ok: bool = False

    @property
    def kind(self) -> str:
        kind = f"list of {self.item.kind if not isinstance(self.item, Obj) else self.item.label + 's'}"
        return kind + (", or one written alone" if self.alone_ok else "")

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return {"anyOf": [self.item.json_schema(), out]} if self.alone_ok else out


@dataclass(frozen=True)
class MapOf(Type):
    """A mapping whose keys staff choose (language codes, UI string names)."""

    key: Str = field(default_factory=Str)
    value: Type = field(default_factory=Str)
    #: For text values: the ``{name}`` placeholders each key's words may use (the kiosk fills only those).
    placeholders: Mapping[str, frozenset[str]] | None = None

    @property
    def kind(self) -> str:
        return f"map of {self.key.kind} to {self.value.kind}"

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.json_schema()}
        key = self.key.json_schema()
        key.pop("type")  # a JSON object's keys are always strings
        if key:
            out["propertyNames"] = key
        return out


@dataclass(frozen=True)
class Field:
    key: str
    type: Type
    required: bool = False
    default: Any = None
    description: str = ""
    example: Any = None


@dataclass(frozen=True)
class Obj(Type):
    label: str = "mapping"  # how staff call one of these: "section", "question" ...
    fields: tuple[Field, ...] = ()

    @property
    def kind(self) -> str:
        return self.label

    @property
    def by_key(self) -> Mapping[str, Field]:
        return {f.key: f for f in self.fields}

    def json_schema(self) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for f in self.fields:
            prop = f.type.json_schema()
            if f.description:
                prop["description"] = f.description
            if f.default is not None:
                prop["default"] = f.default
            if f.example is not None:
                prop["examples"] = [f.example]
            props[f.key] = prop
        out: dict[str, Any] = {"title": self.label, "type": "object", "properties": props,
                               "additionalProperties": False}
        required = [f.key for f in self.fields if f.required]
        if required:
            out["required"] = required
        if self.description:
            out["description"] = self.description
        return out


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f" from {lo:g} to {hi:g}"
    if lo is not None:
        return f", at least {lo:g}"
    if hi is not None:
        return f", at most {hi:g}"
    return ""


def _bounds(out: dict[str, Any], lo: float | None, hi: float | None) -> dict[str, Any]:
    if lo is not None:
        out["minimum"] = lo
    if hi is not None:
        out["maximum"] = hi
    return out
