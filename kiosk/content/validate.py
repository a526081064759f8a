"""Check a composed YAML node tree against the declared schema, collecting every problem.

Works on nodes, not on constructed Python objects, so every problem knows its line and
column and nothing in the file is ever executed or instantiated.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

import yaml

from kiosk.content.schema import LANG_PATTERN, Bool, Int, ListOf, MapOf, Num, Obj, Str, Text, Type, Url
from kiosk.model.content import Text as TextValue
from kiosk.model.errors import Mark, Problem, did_you_mean

TAG = "tag:yaml.org,2002:"
SAFE_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
INVALID = object()  # a value that failed validation; its problem is already recorded


def mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def show_tag(tag: str) -> str:
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag


@dataclass
class Record:
    """A validated mapping: the values present, and where each value and the mapping itself stand."""

    values: dict[str, Any]
    marks: dict[str, Mark]
    mark: Mark
    where: str = ""
    #: For a list's value: where each of its items stands (checks across the file point at the item).
    item_marks: dict[str, list[Mark]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key, default)
        return default if value is INVALID else value


@dataclass
class Validator:
    problems: list[Problem] = field(default_factory=list)
    texts: list[TextValue] = field(default_factory=list)

    def error(self, node_or_mark: yaml.Node | Mark, message: str) -> object:
        mark = node_or_mark if isinstance(node_or_mark, Mark) else mark_of(node_or_mark)
        self.problems.append(Problem(mark, message))
        return INVALID

    # -- the node tree as a whole -------------------------------------------------------------
    def scan(self, root: yaml.Node) -> bool:
        """Refuse unsafe tags and aliases anywhere, without ever expanding an alias (billion laughs)."""
        seen: set[int] = set()
        reported: set[int] = set()
        stack = [root]
        ok = True
        while stack:
            node = stack.pop()
            if id(node) in seen:
                if id(node) not in reported:
                    reported.add(id(node))
                    self.error(node, "anchors and aliases ('&' and '*') are not allowed in a content file; "
                                     "write the text out in full")
                ok = False
                continue
            seen.add(id(node))
            if node.tag not in SAFE_TAGS:
                self.error(node, f"the YAML tag '{show_tag(node.tag)}' is not allowed; a content file holds only "
                                 "text, numbers, true/false, lists and keys (nothing is ever run)")
                ok = False
            if isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):
                    stack.extend((value, key))
        return ok

    # -- one value against one type -----------------------------------------------------------
    def check(self, node: yaml.Node, typ: Type, where: str) -> Any:
        if isinstance(typ, Obj):
            return self._obj(node, typ, where)
        if isinstance(typ, ListOf):
            return self._list(node, typ, where)
        if isinstance(typ, MapOf):
            return self._map(node, typ, where)
        if isinstance(typ, Text):
            return self._text(node, where)
        if isinstance(typ, Str):
            return self._str(node, typ, where)
        if isinstance(typ, Bool):
            return self._bool(node, where)
        if isinstance(typ, (Int, Num)):
            return self._number(node, typ, where)
        raise TypeError(typ)

    def _expect(self, node: yaml.Node, want: str, where: str) -> object:
        got = describe(node)
        return self.error(node, f"{where} should be {want}, not {got}")

    def _scalar_text(self, node: yaml.Node, where: str) -> str | object:
        """Any plain scalar stands for its own words: `label: Yes` means the word Yes, not true."""
        if not isinstance(node, yaml.ScalarNode):
            return self._expect(node, "text", where)
        if node.tag == TAG + "null" and node.style is None:
            return self.error(node, f"{where} is empty; write the text after the colon")
        if not node.value.strip():
            return self.error(node, f"{where} is empty")
        return node.value

    def _str(self, node: yaml.Node, typ: Str, where: str) -> Any:
        value = self._scalar_text(node, where)
        if value is INVALID:
            return value
        assert isinstance(value, str)
        if typ.choices and value not in typ.choices:
            return self.error(node, f"{where} is '{value}', which is not one of: "
                                    f"{', '.join(typ.choices)}{did_you_mean(value, typ.choices)}")
        if typ.pattern and not re.fullmatch(typ.pattern, value):
            return self.error(node, f"{where} is '{value}'; it should be "
                                    f"{typ.pattern_hint or 'of the form ' + typ.pattern}")
        if typ.max_length and len(value) > typ.max_length:
            return self.error(node, f"{where} is longer than {typ.max_length} characters")
        if isinstance(typ, Url):
            return self._url(node, value, where)
        return value

    def _url(self, node: yaml.Node, value: str, where: str) -> Any:
        from kiosk.content.urls import plain_http_warning, url_error

        if (should := url_error(value)) is not None:
            return self.error(node, f"{where} is '{_short(value)}'; it should be {should}")
        if (warning := plain_http_warning(value)) is not None:
            self.problems.append(Problem(mark_of(node), f"{where}: {warning}", "warning"))
        return value

    def _text(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            values: list[tuple[str, str]] = []
            ok = True
            for key_node, value_node in self._pairs(node, where):
                lang = key_node.value
                if not re.match(LANG_PATTERN, lang):
                    self.error(key_node, f"'{lang}' in {where} is not a language code (like en or es)")
                    ok = False
                    continue
                text = self._scalar_text(value_node, f"the '{lang}' text of {where}")
                if text is INVALID:
                    ok = False
                else:
                    values.append((lang, str(text)))
            if not values:
                return self.error(node, f"{where} has no text in any language") if ok else INVALID
            result = TextValue(tuple(values), mark_of(node))
        else:
            text = self._scalar_text(node, where)
            if text is INVALID:
                return text
            result = TextValue.plain(str(text))
            result = TextValue(result.values, mark_of(node))
        self.texts.append(result)
        return result

    def _bool(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        return self._expect(node, "true or false", where)

    def _number(self, node: yaml.Node, typ: Int | Num, where: str) -> Any:
        tags = (TAG + "int",) if isinstance(typ, Int) else (TAG + "int", TAG + "float")
        if not (isinstance(node, yaml.ScalarNode) and node.tag in tags):
            return self._expect(node, "a whole number" if isinstance(typ, Int) else "a number", where)
        try:
            value = _number_of(node)
        except (ValueError, OverflowError, yaml.YAMLError):  # e.g. a number of thousands of digits
            return self.error(node, f"{where} is not a number the kiosk can use")
        if isinstance(value, float) and value != value:  # .nan
            return self._expect(node, "a number", where)
        if (typ.minimum is not None and value < typ.minimum) or (typ.maximum is not None and value > typ.maximum):
            return self.error(node, f"{where} is {node.value}; it should be{_bounds_words(typ)}")
        return value

    def _list(self, node: yaml.Node, typ: ListOf, where: str) -> Any:
        if typ.alone_ok and isinstance(node, yaml.ScalarNode):
            item = self.check(node, typ.item, where)
            return INVALID if item is INVALID else [item]
        if not isinstance(node, yaml.SequenceNode):
            return self._expect(node, "a list (lines starting with '- ')", where)
        if len(node.value) < typ.min_items:
            return self.error(node, f"{where} is empty; it needs at least {typ.min_items}"
                                    if not node.value else f"{where} needs at least {typ.min_items} items")
        items = []
        for i, item in enumerate(node.value, 1):
            label = typ.item.label if isinstance(typ.item, Obj) else "item"
            items.append(self.check(item, typ.item, f"{label} {i} of {where}"))
        return items

    def _map(self, node: yaml.Node, typ: MapOf, where: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._expect(node, "a set of 'key: value' lines", where)
        out: dict[str, Any] = {}
        for key_node, value_node in self._pairs(node, where):
            key = self._str(key_node, typ.key, f"the key in {where}")
            if key is INVALID:
                continue
            value = self.check(value_node, typ.value, f"'{key}' in {where}")
            if value is not INVALID and typ.placeholders is not None and isinstance(value, str):
                value = self._placeholders(value_node, value, typ.placeholders.get(key, frozenset()),
                                           f"'{key}' in {where}")
            if value is not INVALID:
                out[key] = value
        return out

    def _placeholders(self, node: yaml.Node, value: str, allowed: frozenset[str], where: str) -> Any:
        """Words the kiosk fills in (``{n}``) may use only the placeholders it fills, or a screen would fail."""
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            return self.error(node, f"{where} has a '{{' or '}}' without its pair; write {{{{ or }}}} for the sign")
        unknown = sorted(used - allowed)
        if unknown:
            offer = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
            return self.error(node, f"{where} uses {{{unknown[0]}}}, which the kiosk does not fill in "
                                    f"(it fills: {offer})")
        return value

    def _obj(self, node: yaml.Node, typ: Obj, where: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._expect(node, "a set of 'key: value' lines", where)
        pairs = self._pairs(node, where)
        fields = typ.by_key
        # Name the object by its id when it has one, as staff do: "section 'what-is-botox'".
        for key_node, value_node in pairs:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode) and value_node.value:
                where = f"{typ.label} '{value_node.value}'"
        record = Record({}, {}, mark_of(node), where)
        for key_node, value_node in pairs:
            key = key_node.value
            spec = fields.get(key)
            if spec is None:
                self.error(key_node, f"unknown key '{key}' in {where}{did_you_mean(key, fields)}")
                continue
            inner = f"'{key}'" if where == "the file" else f"'{key}' in {where}"
            record.values[key] = self.check(value_node, spec.type, inner)
            record.marks[key] = mark_of(value_node)
            if isinstance(spec.type, ListOf):
                items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                record.item_marks[key] = [mark_of(item) for item in items]
        for spec in typ.fields:
            if spec.required and spec.key not in record.values:
                self.error(node, f"{where} is missing '{spec.key}' ({spec.description.rstrip('.').lower()})"
                           if spec.description else f"{where} is missing '{spec.key}'")
        return record

    def _pairs(self, node: yaml.MappingNode, where: str) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        """Key/value pairs with text keys; a repeated key is an error (PyYAML would keep the last silently)."""
        first: dict[str, yaml.Node] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (TAG + "str", TAG + "int"):
                self.error(key_node, f"a key in {where} should be a plain word")
                continue
            if key_node.value in first:
                line = mark_of(first[key_node.value]).line
                self.error(key_node, f"duplicate key '{key_node.value}' in {where} (first written on line {line}); "
                                     "only one may stay")
                continue
            first[key_node.value] = key_node
            out.append((key_node, value_node))
        return out


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of 'key: value' lines"
    kind = {TAG + "int": "the number", TAG + "float": "the number", TAG + "bool": "the word",
            TAG + "null": "nothing"}.get(node.tag, "the text")
    return kind if kind == "nothing" else f"{kind} '{_short(node.value)}'"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounds_words(typ: Int | Num) -> str:
    if typ.minimum is not None and typ.maximum is not None:
        return f" from {typ.minimum:g} to {typ.maximum:g}"
    return f" at least {typ.minimum:g}" if typ.minimum is not None else f" at most {typ.maximum:g}"


def _number_of(node: yaml.ScalarNode) -> Any:
    """The number a scalar node holds, by YAML's own rules (0x1F, 1_000, .inf …).

    A constructor per call: a shared one remembers every node it ever built in ``constructed_objects``,
    which kept each loaded file's number nodes alive for good (found by the 20,000-event monkey: ~3 KiB
    per reload), and it would be shared between threads.
    """
    return yaml.constructor.SafeConstructor().construct_object(node)
