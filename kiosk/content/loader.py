"""Read a content file into :class:`~kiosk.model.content.Content`, or raise :class:`ContentError` with every problem.

Order of work: bytes (size, UTF-8, tabs) → YAML nodes (safe C loader, never constructing
objects) → schema validation → model → checks across the file (ids, icons, languages, the
self-check's safety audit). Nothing here imports Qt; the GUI runs :func:`load` on a worker
thread and swaps the result in only when it succeeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from hashlib import sha256
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.spec import CONTENT
from kiosk.content.validate import INVALID, Record, Validator
from kiosk.model import content as model
from kiosk.model.errors import ContentError, Mark, Problem, did_you_mean

MAX_BYTES = 5 * 1024 * 1024
SELFCHECK = "selfcheck"  # what a section's related: names the self-check by
RESOURCES = Path(__file__).resolve().parents[2] / "resources"

try:  # The C loader is about five times faster; both are safe (no Python objects are ever built).
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def load(path: Path | str) -> model.Content:
    """Load and validate *path*. Raises ContentError (``unreadable=True`` when it cannot be read at all)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ContentError(path, [Problem(Mark(), "the file does not exist")], unreadable=True) from None
    except IsADirectoryError:
        raise ContentError(path, [Problem(Mark(), "this is a folder, not a content file")], unreadable=True) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ContentError(path, [Problem(Mark(), f"the file cannot be read: {reason}")], unreadable=True) from None
    if len(data) > MAX_BYTES:
        raise ContentError(path, [Problem(Mark(), f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                                                  "a content file should be far smaller")])
    return loads(data, path)


def loads(data: bytes, path: Path | str = "content.yaml") -> model.Content:
    """Validate *data* as if it had been read from *path* (icons resolve beside *path*)."""
    path = Path(path)
    text = _decode(data, path)
    problems = list(_tabs(text))
    if problems:
        raise ContentError(path, problems)
    root = _compose(text, path)
    validator = Validator()
    if not validator.scan(root):
        raise ContentError(path, validator.problems)
    record = validator.check(root, CONTENT, "the file")
    if record is INVALID:
        raise ContentError(path, validator.problems)
    builder = _Builder(path.parent, validator)
    if any(p.severity == "error" for p in validator.problems):  # a warning (plain http://) loads
        builder.sections(record)  # still report duplicate ids and missing icons: every problem at once
        raise ContentError(path, validator.problems)
    content = builder.content(record, path, sha256(data).hexdigest())
    errors = [p for p in validator.problems if p.severity == "error"]
    if errors:
        raise ContentError(path, validator.problems)
    return content


def _decode(data: bytes, path: Path) -> str:
    if not data.strip():
        raise ContentError(path, [Problem(Mark(), "the file is empty; it needs 'version', 'kiosk' and 'sections'")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise ContentError(path, [Problem(Mark(line, column), f"byte 0x{data[exc.start]:02x} is not UTF-8 text; "
                                                              "save the file with the UTF-8 encoding")]) from None


def _tabs(text: str) -> Iterable[Problem]:
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            yield Problem(Mark(number, indent.index("\t") + 1), "a tab is used for indenting; YAML needs spaces")


def _compose(text: str, path: Path) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark()
        context = f" ({exc.context})" if exc.context else ""
        raise ContentError(path, [Problem(where, f"this is not valid YAML{context}: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, [Problem(Mark(), f"this is not valid YAML: {exc}")]) from None
    except RecursionError:
        raise ContentError(path, [Problem(Mark(), "the file is nested far too deeply")]) from None
    if root is None:
        raise ContentError(path, [Problem(Mark(), "the file is empty; it needs 'version', 'kiosk' and 'sections'")])
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(path, [Problem(Mark(root.start_mark.line + 1, root.start_mark.column + 1),
                                          "the file should be a set of 'key: value' lines starting with 'version: 1'")])
    return root


class _Builder:
    """Turns validated records into the model and runs the checks that span the file."""

    def __init__(self, folder: Path, validator: Validator) -> None:
        self.folder = folder
        self.v = validator

    def content(self, rec: Record, path: Path, sha256: str) -> model.Content:
        kiosk = self.kiosk(rec.get("kiosk"))
        sections = self.sections(rec)
        selfcheck = self.selfcheck(rec.get("selfcheck")) if rec.get("selfcheck") else None
        theme = self.theme(rec.get("theme"))
        display = self.display(rec.get("display"))
        staff = model.Staff(pin_hash=rec.get("staff").get("pin_hash")) if rec.get("staff") else model.Staff()
        self.languages(kiosk.languages)
        content = model.Content(
            kiosk=kiosk, sections=sections, display=display, selfcheck=selfcheck, staff=staff, theme=theme,
            ui_text=rec.get("ui_text") or {}, version=rec.get("version"), source=path, sha256=sha256,
            alerts=self.alerts(rec.get("alerts")),
        )
        if selfcheck is not None:
            from kiosk.selfcheck.audit import check_flow

            self.v.problems.extend(check_flow(selfcheck, kiosk.languages[0]))
        if not any(p.severity == "error" for p in self.v.problems):  # advice only for a file that will load
            from kiosk.content.advice import load_warnings

            self.v.problems.extend(load_warnings(content, self.v.texts, self.folder))
        warnings = tuple(p for p in self.v.problems if p.severity == "warning")
        return replace(content, warnings=warnings)

    def sections(self, rec: Record) -> tuple[model.Section, ...]:
        found = tuple(self.section(s) for s in rec.get("sections") or [] if isinstance(s, Record))
        self.unique([(s.id, s.mark) for s in found if s.id], "section")
        self.related(found, has_selfcheck=isinstance(rec.get("selfcheck"), Record))
        return found

    def related(self, sections: tuple[model.Section, ...], *, has_selfcheck: bool) -> None:
        """Each ``related:`` name is the self-check or another section, named once."""
        ids = [s.id for s in sections if s.id]
        names = [*ids, SELFCHECK] if has_selfcheck else ids
        for s in sections:
            seen: set[str] = set()
            for target, mark in zip(s.related, s.related_marks, strict=False):
                if not isinstance(target, str):
                    continue  # not an id at all: already reported
                where = f"'related' in section '{s.id}'"
                if target in seen:
                    self.v.error(mark, f"{where} names '{target}' twice; one button is enough")
                elif target == SELFCHECK and not has_selfcheck:
                    self.v.error(mark, f"{where} names the self-check, but this file has no 'selfcheck:'")
                elif target == s.id:
                    self.v.error(mark, f"{where} names the section itself; name another section or selfcheck")
                elif target != SELFCHECK and target not in ids:
                    self.v.error(mark, f"{where} names '{target}', which is not a section's id"
                                       f"{did_you_mean(target, [n for n in names if n != s.id])}")
                seen.add(target)

    def kiosk(self, rec: Record) -> model.Kiosk:
        values = {k: v for k, v in rec.values.items() if v is not INVALID}
        if "languages" in values:
            values["languages"] = tuple(values["languages"])
            self.unique([(lang, rec.marks["languages"]) for lang in values["languages"]], "language")
        return model.Kiosk(**values)

    def display(self, rec: Record | None) -> model.Display:
        return model.Display(**rec.values, marks=rec.marks) if rec else model.Display()

    def theme(self, rec: Record | None) -> model.Theme:
        return model.Theme(**rec.values, marks=rec.marks) if rec else model.Theme()

    def alerts(self, rec: Record | None) -> model.Alerts | None:
        if rec is None:
            return None
        values = {k: v for k, v in rec.values.items() if v is not INVALID}
        if "webhooks" in values:
            values["webhooks"] = tuple(values["webhooks"])
        return model.Alerts(**values)

    def section(self, rec: Record) -> model.Section:
        icon = rec.get("icon")
        return model.Section(
            id=rec.get("id"), title=rec.get("title"), body=rec.get("body"),
            icon=self.icon(icon, rec.marks["icon"], rec.where) if isinstance(icon, str) else None,
            mark=rec.marks.get("id", rec.mark),
            related=tuple(rec.get("related") or ()), related_marks=tuple(rec.item_marks.get("related", ())),
        )

    def icon(self, name: str, mark: Mark, where: str) -> Path | None:
        for folder in (self.folder, RESOURCES):
            candidate = (folder / name).resolve()
            if candidate.is_file():
                return candidate
        self.v.error(mark, f"the icon '{name}' of {where} was not found beside the content file or in resources/")
        return None

    def selfcheck(self, rec: Record) -> model.SelfCheck:
        questions = tuple(
            model.Question(
                id=q.get("id"), text=q.get("text"), help=q.get("help"), marks={**q.marks, "": q.mark},
                answers=tuple(model.Answer(label=a.get("label"), next=a.get("next"), severity=a.get("severity"),
                                           marks={**a.marks, "": a.mark}) for a in q.get("answers")),
            )
            for q in rec.get("questions")
        )
        outcomes = tuple(
            model.Outcome(id=o.get("id"), level=o.get("level"), title=o.get("title"), body=o.get("body"),
                          marks={**o.marks, "": o.mark})
            for o in rec.get("outcomes")
        )
        return model.SelfCheck(title=rec.get("title"), intro=rec.get("intro"), start=rec.get("start"),
                               questions=questions, outcomes=outcomes, marks={**rec.marks, "": rec.mark})

    def unique(self, items: list[tuple[str, Mark]], label: str) -> None:
        first: dict[str, Mark] = {}
        for key, mark in items:
            if key in first:
                self.v.error(mark, f"the {label} id '{key}' is used twice (first on line {first[key].line}); "
                                   "each must be unique")
            else:
                first[key] = mark

    def languages(self, languages: tuple[str, ...]) -> None:
        """A text written as a map by language must have every listed language."""
        for text in self.v.texts:
            if text.is_plain:
                continue
            for lang in languages:
                if lang not in text.languages:
                    self.v.error(text.mark, f"this text has no '{lang}' version; kiosk.languages lists "
                                            f"{', '.join(languages)}")
            for lang in text.languages:
                if lang not in languages:
                    self.v.error(text.mark, f"this text has a '{lang}' version, but '{lang}' is not in "
                                            f"kiosk.languages ({', '.join(languages)})")
