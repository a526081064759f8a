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
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kiosk.content import Content, ContentError, load
from kiosk.content.spec import LEVELS
from kiosk.core.pin import weak_hash_pin
from kiosk.selfcheck.levels import Level
from kiosk.strings import KEYS as UI_KEYS

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content.yaml"
ICON_NAMES = tuple(sorted(p.name for p in (ROOT / "resources" / "icons").glob("*.svg")))

MARKER = Path(tempfile.gettempdir()) / "kiosk-fuzz-pwned"
"""The file every unsafe-tag payload tries to create. It must never exist after a case."""

FUZZ_PIN = "97531"
FUZZ_PIN_HASH = weak_hash_pin(FUZZ_PIN, 1000, salt=b"kiosk fuzz salt.")
"""A cheap hash (1,000 rounds) for generated content, so a monkey on it can open staff mode in microseconds."""

Mutator = Callable[[bytes, random.Random], bytes]
MUTATORS: dict[str, Mutator] = {}


def mutator(fn: Mutator) -> Mutator:
    MUTATORS[fn.__name__] = fn
    return fn


@functools.cache
def bundled_bytes() -> bytes:
    return BUNDLED.read_bytes()


# -- helpers for the mutators ------------------------------------------------------------------------

_VALUE = re.compile(rb"^(?P<head>[ ]*(?:- )?[A-Za-z_][\w-]*:)(?P<sep>[ ]+)(?P<value>[^#\r\n][^\r\n]*?)(?P<eol>\r?\n?)$")
_PARENT = re.compile(rb"^(?P<head>(?P<indent>[ ]*)(?:- )?[A-Za-z_][\w-]*):[ ]*(?P<eol>\r?\n?)$")
_ITEM = re.compile(rb"^(?P<indent>[ ]*)- (?P<rest>[^\r\n]*)(?P<eol>\r?\n?)$")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _pick(rng: random.Random, lines: Sequence[bytes], pattern: re.Pattern[bytes]) -> tuple[int, re.Match[bytes]] | None:
    found = [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line))]
    return rng.choice(found) if found else None


def _replace_value(data: bytes, rng: random.Random, new: Callable[[bytes, bytes], bytes]) -> bytes:
    """Replace the value of a random ``key: value`` line by ``new(indent, old value)``; append if there is none."""
    lines = _lines(data)
    hit = _pick(rng, lines, _VALUE)
    if hit is None:
        return data + b"\nextra: " + new(b"", b"x") + b"\n"
    i, m = hit
    lines[i] = m["head"] + b" " + new(b" " * (len(m["head"]) - len(m["head"].lstrip())), m["value"]) + (m["eol"] or b"")
    return b"".join(lines)


def _insert_line(data: bytes, rng: random.Random, line: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    if not line.endswith(b"\n"):
        line += b"\n"
    if at and not lines[at - 1].endswith((b"\n", b"\r")):
        lines[at - 1] += b"\n"
    return b"".join([*lines[:at], line, *lines[at:]])


def _positions(data: bytes, rng: random.Random, count: int) -> list[int]:
    return sorted(rng.randrange(len(data) + 1) for _ in range(count))


def _insert_at(data: bytes, rng: random.Random, pieces: Sequence[bytes]) -> bytes:
    out = bytearray(data)
    for pos in reversed(_positions(data, rng, len(pieces))):
        out[pos:pos] = rng.choice(pieces)
    return bytes(out)


# -- the mutators ------------------------------------------------------------------------------------

@mutator
def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 5)):
            if len(lines) > 1:
                del lines[rng.randrange(len(lines))]
    else:
        start = rng.randrange(len(lines))
        del lines[start:start + rng.randint(1, 40)]
    return b"".join(lines)


@mutator
def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    block = lines[start:start + rng.randint(1, 12)]
    at = start + len(block) if rng.random() < 0.7 else rng.randrange(len(lines) + 1)
    return b"".join([*lines[:at], *block, *lines[at:]])


@mutator
def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 3)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


@mutator
def reindent(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.5:
            lines[i] = b" " * rng.randint(1, 5) + lines[i]
        else:
            lines[i] = lines[i][rng.randint(1, 4):] if lines[i].startswith(b" ") else lines[i]
    return b"".join(lines)


@mutator
def scalar_to_collection(data: bytes, rng: random.Random) -> bytes:
    """``title: Words`` becomes a list or a map, inline or as a block."""
    def new(indent: bytes, value: bytes) -> bytes:
        return rng.choice([
            b"[" + value + b"]",
            b"[" + value + b", " + value + b"]",
            b"{x: " + value + b"}",
            b"{}",
            b"[]",
            b"\n" + indent + b"  - " + value,
            b"\n" + indent + b"  en: " + value + b"\n" + indent + b"  xx: " + value,
        ])
    return _replace_value(data, rng, new)


@mutator
def collection_to_scalar(data: bytes, rng: random.Random) -> bytes:
    """A key holding a block (``sections:``, ``body:``) gets a plain value; its block goes, or is left dangling."""
    lines = _lines(data)
    hit = _pick(rng, lines, _PARENT)
    if hit is None:
        return data
    i, m = hit
    value = rng.choice([b"oops", b"42", b"true", b"~", b"''", b"|", b"-", b"[x]"])
    lines[i] = m["head"] + b": " + value + (m["eol"] or b"\n")
    if rng.random() < 0.7:  # drop the block that belonged to it, so the YAML stays well formed
        is_item = lines[i].lstrip(b" ").startswith(b"- ")
        key_column = len(m["indent"]) + (2 if is_item else 0)
        end = i + 1
        while end < len(lines):
            line = lines[end]
            column = len(line) - len(line.lstrip(b" "))
            if not line.strip() or column > key_column or (
                    column == key_column and line.lstrip(b" ").startswith(b"- ")):
                end += 1
            else:
                break
        del lines[i + 1:end]
    return b"".join(lines)


@mutator
def list_item_to_scalar(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    hit = _pick(rng, lines, _ITEM)
    if hit is None:
        return data
    i, m = hit
    lines[i] = m["indent"] + rng.choice([b"", b"  ", b"-", b"-- ", b"? "]) + m["rest"] + (m["eol"] or b"")
    return b"".join(lines)


def _walk(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            paths += _walk(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            paths += _walk(value, (*path, index))
    return paths


_ODD_VALUES: tuple[Any, ...] = (None, "", " ", 0, -1, 1.5, float("nan"), float("inf"), True, False, [], {}, ["x"],
                                {"x": "y"}, [[["deep"]]], "x" * 300, 10**30, "null", "9" * 40)


@mutator
def structural_swap(data: bytes, rng: random.Random) -> bytes:
    """Well-formed YAML with a value of the wrong type somewhere: the schema's messages, not the parser's."""
    try:
        doc = parse(data)
    except yaml.YAMLError:
        return scalar_to_collection(data, rng)
    paths = [p for p in _walk(doc) if p]
    if not paths:
        return dump(rng.choice(_ODD_VALUES))
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        try:
            parent = doc
            for step in path[:-1]:
                parent = parent[step]
            old = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(old, dict | list) and rng.random() < 0.5:
            new: Any = rng.choice(["text", 7, None, True])
        elif isinstance(old, dict) and old and rng.random() < 0.5:
            new = list(old.values())
        elif isinstance(old, list) and old and rng.random() < 0.5:
            new = {f"k{i}": v for i, v in enumerate(old)}
        else:
            new = rng.choice(_ODD_VALUES)
        parent[path[-1]] = new
        if rng.random() < 0.2 and isinstance(parent, dict):  # or rename the key
            parent[rng.choice(["titel", "Title", "id ", "sections2", "", "0"])] = parent.pop(path[-1])
        paths = [p for p in _walk(doc) if p]
    return dump(doc)


@mutator
def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    if not out:
        return bytes([rng.randrange(256)])
    for _ in range(rng.randint(1, 16)):
        pos = rng.randrange(len(out))
        out[pos] = out[pos] ^ (1 << rng.randrange(8)) if rng.random() < 0.6 else rng.randrange(256)
    return bytes(out)


@mutator
def truncate(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.1:
        return data[: rng.randint(0, 3)]
    return data[: rng.randrange(len(data) + 1)]


def unsafe_payloads(marker: Path = MARKER) -> list[bytes]:
    m = str(marker)
    return [p.encode() for p in (
        f'!!python/object/apply:os.system ["touch {m}"]',
        f'!!python/object/apply:subprocess.check_call [["touch", "{m}"]]',
        f'!!python/object/new:os.system ["touch {m}"]',
        f'!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]',
        f"!!python/object/apply:builtins.exec [\"open('{m}', 'w').close()\"]",
        f'!!python/object/apply:os.system {{args: ["touch {m}"]}}',
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:builtins.object {}",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!timestamp 2001-12-14",
        "!!float 1",
        "!local-tag value",
        "! plain",
    )]


@mutator
def unsafe_tag(data: bytes, rng: random.Random) -> bytes:
    payload = rng.choice(unsafe_payloads())
    where = rng.random()
    if where < 0.5:
        return _replace_value(data, rng, lambda _indent, _old: payload)
    if where < 0.65:
        return payload + b"\n"  # the whole document is the payload
    if where < 0.8:
        return data.rstrip(b"\n") + b"\nevil: " + payload + b"\n"
    if where < 0.9:
        return data.rstrip(b"\n") + b"\n? " + payload + b"\n: value\n"
    # a %TAG directive that makes an innocent-looking shorthand mean python/object/apply
    tagged = f'!py!object/apply:os.system ["touch {MARKER}"]'.encode()
    return b"%TAG !py! tag:yaml.org,2002:python/\n---\n" + _replace_value(data, rng, lambda _i, _o: tagged)


@mutator
def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([10, 100, 998, 999, 1000, 1001, 5000, 50_000, 200_000])
    kind = rng.randrange(5)
    if kind == 0:
        deep = b"[" * depth + b"]" * depth
    elif kind == 1:
        deep = b"{a: " * depth + b"1" + b"}" * depth
    elif kind == 2:
        deep = b"[" * depth  # never closed
    elif kind == 3:
        deep = b"\n  " + b"- " * min(depth, 20_000) + b"x"
    else:
        deep = b"[{a: " * (depth // 2) + b"x" + b"}]" * (depth // 2)
    if rng.random() < 0.3:
        return data.rstrip(b"\n") + b"\nsections: " + deep + b"\n"
    return _replace_value(data, rng, lambda _indent, _old: deep)


def billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    lines = [b'lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        refs = b", ".join(b"*lol%d" % (n - 1) for _ in range(width))
        lines.append(b"lol%d: &lol%d [%s]" % (n, n, refs))
    return b"\n".join(lines) + b"\n"


@mutator
def laughs(data: bytes, rng: random.Random) -> bytes:
    bomb = billion_laughs(rng.randint(3, 12), rng.randint(2, 12))
    mode = rng.randrange(4)
    if mode == 0:
        return bomb
    if mode == 1:
        return data.rstrip(b"\n") + b"\n" + bomb
    if mode == 2:  # the bomb defined up front, detonated where text should be
        return bomb + _replace_value(data, rng, lambda _i, _o: b"*lol9")
    return _replace_value(data, rng, lambda _i, old: b"&name " + old) + b"again: *name\n"


@mutator
def aliases(data: bytes, rng: random.Random) -> bytes:
    """Ordinary-looking anchors, aliases and merge keys (refused as a class, never expanded)."""
    snippet = rng.choice([
        b"base: &base {title: T, body: B}\nmore:\n  <<: *base\n",
        b"x: *undefined\n",
        b"a: &a x\nb: *a\n",
        b"a: &a [1, 2]\nb: [*a, *a]\n",
        b"loop: &loop [*loop]\n",
    ])
    return data.rstrip(b"\n") + b"\n" + snippet if rng.random() < 0.5 else _insert_line(data, rng, snippet)


@mutator
def tabs(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        line = lines[i]
        choice = rng.randrange(4)
        if choice == 0 and line.startswith(b"  "):
            lines[i] = b"\t" + line[2:]
        elif choice == 1:
            lines[i] = line.replace(b": ", b":\t", 1)
        elif choice == 2:
            lines[i] = b"\t\n" + line
        else:
            lines[i] = line.replace(b" ", b"\t")
    return b"".join(lines)


@mutator
def bom(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(7)
    if choice == 0:
        return b"\xef\xbb\xbf" + data  # an ordinary UTF-8 BOM (Notepad): must still load
    if choice == 1:
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    if choice == 2:
        return _insert_at(data, rng, [b"\xef\xbb\xbf"])
    if choice == 3:
        return text.encode("utf-16")
    if choice == 4:
        return text.encode("utf-16-be")
    if choice == 5:
        return text.encode("utf-32")
    return b"\xfe\xff" + data


@mutator
def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return data + b"\x00" * rng.randint(1, 1000)
    return _insert_at(data, rng, [b"\x00"] * rng.randint(1, 4))


@mutator
def control_chars(data: bytes, rng: random.Random) -> bytes:
    chars = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0xFFFE, 0xFFFF,
                              0x1C, 0x1D, 0x1E, 0x200B, 0x202E, 0xFEFF)]
    return _insert_at(data, rng, [c.encode("utf-8") for c in chars])


@mutator
def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    bad = [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80",
           b"\x80", b"\xf4\x90\x80\x80"]
    if rng.random() < 0.2:
        # Saved in the wrong encoding. In a chain, an earlier mutator may have left bytes that are not UTF-8.
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    return _insert_at(data, rng, bad)


@mutator
def huge_line(data: bytes, rng: random.Random) -> bytes:
    size = rng.choice([10_000, 100_000, 1_000_000, 6 * 1024 * 1024])
    kind = rng.randrange(5)
    if kind == 0:
        line = b"# " + b"x" * size
    elif kind == 1:
        line = b"k" * size + b": v"
    elif kind == 2:
        line = b"big: [" + b"a, " * (size // 3) + b"a]"
    elif kind == 3:
        line = b'quoted: "' + b"ab " * (size // 3) + b'"'
    else:
        return _replace_value(data, rng, lambda _i, _o: b"word " * (size // 5))
    return _insert_line(data, rng, line)


@mutator
def line_endings(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return data.replace(b"\n", b"\r\n")
    if choice == 1:
        return data.replace(b"\n", b"\r")
    if choice == 2:
        return data.rstrip(b"\n")
    if choice == 3:
        return b"".join(line.rstrip(b"\n") + rng.choice([b"\n", b"\r\n", b"\r"]) for line in _lines(data))
    return data.replace(b"\n", b"\n\x0c", 3)


@mutator
def unicode_spice(data: bytes, rng: random.Random) -> bytes:
    pieces = ["🙂", "👩‍⚕️", "مرحبا", "\u202e", "e\u0301", "\u00a0", "\u3000", "：", "\u2028", "İ", "ß", "\U0010ffff",
              "\u0000", "\ud7ff", "\ue000", "ﬁ", "\u00ad"]
    if rng.random() < 0.3:  # a non-breaking space or an ideographic space used as indentation
        lines = _lines(data)
        i = rng.randrange(len(lines))
        if lines[i].startswith(b"  "):
            lines[i] = rng.choice(["\u00a0", "\u3000", "\u2003"]).encode() + lines[i][1:]
        return b"".join(lines)
    return _insert_at(data, rng, [p.encode("utf-8") for p in pieces])


@mutator
def numbers(data: bytes, rng: random.Random) -> bytes:
    weird = [b"9" * 5000, b"-" + b"1" * 4400, b"0x" + b"f" * 5000, b".nan", b".inf", b"-.inf", b"1e400", b"0x10",
             b"0o17", b"1_000", b"190:20:30", b"-0", b"+1", b"1.0", b"true", b"~", b"2001-12-14", b"1e-400",
             b"0b101", b"3.", b".5", b"1" * 4300, b"1" * 4301, b"00000000000000000001"]
    value = rng.choice(weird)
    lines = _lines(data)
    numeric = [i for i, line in enumerate(lines) if (m := _VALUE.match(line)) and re.fullmatch(rb"[0-9.]+", m["value"])]
    if numeric and rng.random() < 0.8:
        i = rng.choice(numeric)
        m = _VALUE.match(lines[i])
        assert m is not None
        lines[i] = m["head"] + b" " + value + (m["eol"] or b"")
        return b"".join(lines)
    return _replace_value(data, rng, lambda _i, _o: value)


@mutator
def keys(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    hit = _pick(rng, lines, _VALUE) if rng.random() < 0.5 else _pick(rng, lines, _PARENT)
    if hit is None:
        return data
    i, m = hit
    head = m["head"]
    key = head.rstrip(b":").lstrip(b" -")
    prefix = head[: len(head) - len(head.lstrip(b" -"))]
    choice = rng.randrange(7)
    if choice == 0 and len(key) > 1:  # a typo
        j = rng.randrange(len(key))
        new_key = key[:j] + key[j + 1:]
    elif choice == 1:
        new_key = key.upper()
    elif choice == 2:
        new_key = rng.choice([b"1", b"null", b"true", b"[a]", b"{a: 1}", b"!!binary aGk=", b"''", b"? x", b"<<",
                              b"1.5", b"~"])
    elif choice == 3:
        new_key = key + b" "
    elif choice == 4:
        new_key = b'"' + key + b'"'
    elif choice == 5:
        new_key = key + rng.choice([b"\xc3\xa9", b"2", b"-", b"_"])
    else:  # the same key twice
        return b"".join([*lines[: i + 1], lines[i], *lines[i + 1:]])
    lines[i] = prefix + new_key + b":" + lines[i][len(head):]
    return b"".join(lines)


@mutator
def documents(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return _insert_line(data, rng, b"---")
    if choice == 1:
        return data + b"---\nsecond: document\n"
    if choice == 2:
        return b"%YAML 1.1\n---\n" + data
    if choice == 3:
        return b"%YAML 2.0\n---\n" + data
    if choice == 4:
        return _insert_line(data, rng, b"...")
    return b"--- |\n  just a block of text\n"


@mutator
def syntax_noise(data: bytes, rng: random.Random) -> bytes:
    noise = [b'"', b"'", b"[", b"]", b"{", b"}", b":", b": ", b" #", b"&", b"*", b"!", b"|", b">", b"%", b"@", b"`",
             b"? ", b"- ", b",", b"\\"]
    return _insert_at(data, rng, noise)


@mutator
def special_values(data: bytes, rng: random.Random) -> bytes:
    values = [b"|", b">", b"|-", b"|+9", b">2-", b"*alias", b"&anchor", b"!", b"!!", b"@at", b"`tick`", b"%pct",
              b"? q", b"- item", b"null", b"''", b'""', b"' '", b'"\\t"', b'"\\x00"', b'"\\ud800"', b'"\\U0010ffff"',
              b'"\\N\\L\\P"', b"[", b"{", b"-", b"---", b"...", b"#"]
    return _replace_value(data, rng, lambda _i, _o: rng.choice(values))


@mutator
def chain(data: bytes, rng: random.Random) -> bytes:
    simple = [m for name, m in MUTATORS.items() if name not in ("chain", "huge_line", "deep_nesting")]
    for _ in range(rng.randint(2, 4)):
        data = rng.choice(simple)(data, rng)
    return data


def mutate(data: bytes, name: str, seed: int) -> bytes:
    """Apply the mutator *name* with its own ``random.Random(seed)``: the same arguments, the same bytes."""
    return MUTATORS[name](data, random.Random(seed))


# -- checking one case -------------------------------------------------------------------------------

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


# -- Hypothesis strategies ---------------------------------------------------------------------------

WORDS = ("Botox", "acné", "señal", "inyección", "медицина", "医生", "مرحبا", "שלום", "🙂", "👩‍⚕️", "e\u0301",
         "ﬁ", "Straße", "İstanbul", "x" * 80, "**bold**", "*it*", "`code`", "<b>html</b>", "[link](http://example.com)",
         "![img](nope.png)", "&amp;", "%s", "{0}", "{seconds}", "\\", "\u200b", "\u00a0", "…", "—", "Ω", "\u202e",
         "yes", "no", "null", "~", "- ", "#", ":", "---", "'", '"', "|", ">", "911", "1.5", "true")
LANGS = ("en", "es", "fr", "de", "ar", "zh", "fi", "no", "on", "yes", "nan", "off", "en-US", "es-MX", "pt-BR", "haw")
PLACEHOLDERS = {"question_progress": "{n}", "emergency_left_clinic": "{number}", "idle_body": "{seconds}",
                "pin_locked": "{seconds}"}


@functools.cache
def _st() -> Any:
    try:
        from hypothesis import strategies as st
    except ImportError as exc:  # pragma: no cover - hypothesis is a test dependency
        raise SystemExit("tools.fuzz needs Hypothesis: pip install -e '.[test]'") from exc
    return st


@functools.cache
def words() -> SearchStrategy[str]:
    """A short non-blank text: real words in several scripts, YAML-looking bits, and arbitrary characters."""
    st = _st()
    any_chars = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
    return (st.lists(st.one_of(st.sampled_from(WORDS), any_chars), min_size=1, max_size=8)
            .map(" ".join).filter(lambda s: bool(s.strip())))


@functools.cache
def markdown() -> SearchStrategy[str]:
    """A Markdown body: paragraphs, emphasis, lists (nested too), headings, quotes, code, rules, tables."""
    st = _st()
    w = words()
    block = st.one_of(
        w,
        st.lists(w, min_size=2, max_size=5).map(" ".join),
        st.lists(w, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items)),
        st.lists(w, min_size=1, max_size=3).map(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
        w.map(lambda s: f"# {s}"), w.map(lambda s: f"> {s}"), w.map(lambda s: f"**{s}**"),
        w.map(lambda s: f"```\n{s}\n```"), st.just("---"), st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
        st.just("- a\n  - b\n    - c\n      - d"), st.just("word " * 200),
    )
    return st.lists(block, min_size=1, max_size=5).map("\n\n".join).filter(lambda s: bool(s.strip()))


@functools.cache
def section_ids() -> SearchStrategy[str]:
    return _st().from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@functools.cache
def languages() -> SearchStrategy[list[str]]:
    st = _st()
    lang = st.one_of(st.sampled_from(LANGS), st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True))
    return st.one_of(st.just(["en"]), st.lists(lang, min_size=1, max_size=3, unique=True))


@functools.cache
def valid_documents() -> SearchStrategy[dict[str, Any]]:
    """A valid content file as a Python mapping, ready for :func:`dump`."""
    return _document()


def _document() -> SearchStrategy[dict[str, Any]]:
    st = _st()

    @st.composite
    def document(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, Any]:
        langs: list[str] = draw(languages())

        def text(markdown_text: bool = False) -> Any:
            kind = markdown() if markdown_text else words()
            if draw(st.booleans()):
                return draw(kind)
            return {lang: draw(kind) for lang in draw(st.permutations(langs))}

        kiosk: dict[str, Any] = {"title": text(), "intro": text(), "notice": text()}
        if draw(st.booleans()):
            kiosk["clinic"] = text()
        if langs != ["en"] or draw(st.booleans()):
            kiosk["languages"] = langs
        if draw(st.booleans()):
            kiosk["emergency_number"] = draw(st.from_regex(r"[0-9+ ()-]{2,20}", fullmatch=True)
                                             .filter(lambda s: bool(s.strip())))
        if draw(st.booleans()):
            kiosk["idle_timeout_s"] = draw(st.integers(20, 3600))
            kiosk["idle_warning_s"] = draw(st.integers(20, 600))
        if draw(st.booleans()):
            kiosk["speech"] = draw(st.booleans())
        doc: dict[str, Any] = {"version": 1, "kiosk": kiosk}
        if draw(st.booleans()):
            display: dict[str, Any] = {}
            if draw(st.booleans()):
                display["width_mm"] = draw(st.one_of(st.integers(50, 5000), st.floats(50, 5000)))
                display["height_mm"] = draw(st.one_of(st.integers(50, 5000), st.floats(50, 5000)))
            if draw(st.booleans()):
                display["viewing_distance_mm"] = draw(st.integers(200, 3000))
            doc["display"] = display or {"viewing_distance_mm": 500}
        ids = draw(st.lists(section_ids(), min_size=1, max_size=6, unique=True))
        sections = []
        for sid in ids:
            section: dict[str, Any] = {"id": sid, "title": text(), "body": text(markdown_text=True)}
            if draw(st.booleans()):
                section["icon"] = "icons/" + draw(st.sampled_from(ICON_NAMES))
            sections.append(section)
        doc["sections"] = sections
        if draw(st.booleans()):
            doc["selfcheck"] = draw(selfcheck(langs, text))
        if draw(st.booleans()):
            doc["staff"] = {"pin_hash": FUZZ_PIN_HASH}
        if draw(st.booleans()):
            doc["theme"] = {"high_contrast": draw(st.booleans())}
            if draw(st.booleans()):
                doc["theme"]["accent"] = draw(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True))
        if draw(st.booleans()):
            doc["ui_text"] = draw(ui_text(langs))
        return doc

    return document()


def selfcheck(langs: list[str], text: Callable[..., Any]) -> SearchStrategy[dict[str, Any]]:
    """A self-check flow that passes the audit: a DAG from the first question, every node reachable, and each
    answer's severity no more serious than the mildest outcome reachable through it."""
    st = _st()

    @st.composite
    def flow(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, Any]:
        n_q = draw(st.integers(1, 5))
        n_o = draw(st.integers(1, 4))
        ids = draw(st.lists(section_ids(), min_size=n_q + n_o, max_size=n_q + n_o, unique=True))
        qids, oids = ids[:n_q], ids[n_q:]
        level = {o: draw(st.sampled_from(LEVELS)) for o in oids}
        # A spanning tree first (each node hangs under an earlier question), so everything is reachable
        # and every edge points forward, so nothing goes round in a circle.
        targets: dict[str, list[str]] = {q: [] for q in qids}
        for k in range(1, n_q):
            targets[qids[draw(st.integers(0, k - 1))]].append(qids[k])
        for o in oids:
            targets[qids[draw(st.integers(0, n_q - 1))]].append(o)
        for k, q in enumerate(qids):
            later = qids[k + 1:] + oids
            extra = draw(st.integers(max(0, 2 - len(targets[q])), 3))
            targets[q] += [draw(st.sampled_from(later)) for _ in range(extra)]
            targets[q] = draw(st.permutations(targets[q]))
        mildest: dict[str, Level] = {o: Level.from_id(level[o]) for o in oids}
        for q in reversed(qids):
            mildest[q] = min(mildest[t] for t in targets[q])
        questions = []
        for q in qids:
            answers = []
            for t in targets[q]:
                answer: dict[str, Any] = {"label": text(), "next": t}
                if draw(st.booleans()):
                    answer["severity"] = draw(st.sampled_from([lv.id for lv in Level if lv <= mildest[t]]))
                answers.append(answer)
            question: dict[str, Any] = {"id": q, "text": text(), "answers": answers}
            if draw(st.booleans()):
                question["help"] = text()
            questions.append(question)
        outcomes = [{"id": o, "level": level[o], "title": text(), "body": text(True)} for o in oids]
        return {"title": text(), "intro": text(True), "start": qids[0], "questions": questions, "outcomes": outcomes}

    return flow()


def ui_text(langs: list[str]) -> SearchStrategy[dict[str, dict[str, str]]]:
    """Overrides of built-in words; a key with a placeholder keeps that placeholder or has none (no stray braces)."""
    st = _st()
    plain = words().map(lambda s: s.replace("{", "(").replace("}", ")"))

    @st.composite
    def overrides(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for lang in draw(st.lists(st.sampled_from([*langs, "en", "es"]), min_size=1, max_size=2, unique=True)):
            chosen = draw(st.lists(st.sampled_from(UI_KEYS), min_size=1, max_size=6, unique=True))
            out[lang] = {}
            for key in chosen:
                value = draw(plain)
                if key in PLACEHOLDERS and draw(st.booleans()):
                    value += " " + PLACEHOLDERS[key]
                out[lang][key] = value
        return out

    return overrides()


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def parse(data: bytes) -> Any:
    """*data* as plain Python data, with PyYAML's safe loader (its C version when there is one)."""
    loader = _SafeLoader(data)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def dump(doc: Any) -> bytes:
    """A document (plain Python data) as the bytes of a content file."""
    text = yaml.dump(doc, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100)
    return text.encode("utf-8")


@dataclass(frozen=True)
class Mutant:
    """One damaged file: *base* (the bundled file, or generated bytes) through mutator *name* with *seed*."""

    name: str
    seed: int
    base: bytes = field(default=b"", repr=False)
    base_label: str = "bundled"

    @functools.cached_property
    def data(self) -> bytes:
        return mutate(self.base or bundled_bytes(), self.name, self.seed)

    def __repr__(self) -> str:
        return f"Mutant({self.base_label}:{self.name}:{self.seed})"


@functools.cache
def mutants() -> SearchStrategy[Mutant]:
    """Damaged copies of the bundled content.yaml."""
    st = _st()
    return st.builds(Mutant, name=st.sampled_from(sorted(MUTATORS)), seed=st.integers(0, 2**32 - 1))


@functools.cache
def generated_mutants() -> SearchStrategy[Mutant]:
    """Damaged copies of generated valid content."""
    st = _st()
    return st.builds(Mutant, name=st.sampled_from(sorted(MUTATORS)), seed=st.integers(0, 2**32 - 1),
                     base=valid_documents().map(dump), base_label=st.just("generated"))


@functools.cache
def cases() -> SearchStrategy[tuple[str, bytes, str]]:
    """(source, bytes, how to reproduce) for the command line: valid, mutated bundled, mutated generated."""
    st = _st()
    valid = valid_documents().map(lambda doc: ("valid", dump(doc), "generated valid content"))
    bundled = mutants().map(lambda m: ("mutant", m.data, repr(m)))
    generated = generated_mutants().map(lambda m: ("mutant", m.data, repr(m)))
    return st.sampled_from([1, 1, 1, 1, 0, 2]).flatmap(lambda k: (valid, bundled, generated)[k])


# -- main.py --check in a child process --------------------------------------------------------------

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


# -- command line ------------------------------------------------------------------------------------

def _write_failure(folder: Path, index: int, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"case-{index:05d}.yaml"
    path.write_bytes(data)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=2000, help="how many cases Hypothesis generates (default 2000)")
    p.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: derandomized, repeatable)")
    p.add_argument("--check-files", type=int, default=len(CHECK_SAMPLES),
                   help="how many mutated files to give to main.py --check in a child process")
    p.add_argument("--replay", metavar="SOURCE:MUTATOR:SEED", help="run one bundled mutant, e.g. bundled:numbers:0")
    p.add_argument("--save", type=Path, default=Path(tempfile.gettempdir()) / "kiosk-fuzz-failures",
                   help="folder for the bytes of failing cases")
    args = p.parse_args(argv)
    if MARKER.exists():
        print(f"note: removing a stale {MARKER} left by an earlier run", file=sys.stderr)
        MARKER.unlink()
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as tmp:
        folder = Path(tmp)
        if args.replay:
            return _replay(args.replay, folder)
        return _campaign(args, folder)


def _replay(spec: str, folder: Path) -> int:
    source, name, seed = spec.split(":")
    if source != "bundled":
        print("only bundled mutants replay from a spec; generated ones are saved as files", file=sys.stderr)
        return 2
    data = mutate(bundled_bytes(), name, int(seed))
    result = check_bytes(data, folder)
    print(f"{spec}: {len(data)} bytes → {result.outcome}")
    print(result.detail)
    return 0 if result.ok else 1


def _campaign(args: argparse.Namespace, folder: Path) -> int:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    counts: dict[str, collections.Counter[str]] = {"valid": collections.Counter(), "mutant": collections.Counter()}
    failures: list[str] = []
    beyond: list[str] = []
    started = time.perf_counter()
    index = 0

    @settings(max_examples=args.cases, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=args.seed is None)
    @given(case=cases())
    def run(case: tuple[str, bytes, str]) -> None:
        nonlocal index
        index += 1
        source, data, how = case
        result = check_bytes(data, folder)
        counts[source][result.outcome] += 1
        ok = result.ok and not (source == "valid" and result.outcome != "loaded")
        if result.beyond_end:
            beyond.append(f"{how}: {result.detail.splitlines()[0]}")
        if not ok:
            saved = _write_failure(args.save, index, data)
            failures.append(f"case {index} ({how}, saved to {saved}): {result.outcome}\n{result.detail}")
            print(f"FAIL case {index}: {how} → {result.outcome} (saved to {saved})", file=sys.stderr, flush=True)
        if index % 250 == 0:
            print(f"  … {index} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    if args.seed is not None:
        run = hypothesis_seed(args.seed)(run)
    run()
    elapsed = time.perf_counter() - started

    check_codes: collections.Counter[int] = collections.Counter()
    tracebacks = []
    for name, seed in CHECK_SAMPLES[: args.check_files]:
        path = folder / f"check-{name}-{seed}.yaml"
        path.write_bytes(mutate(bundled_bytes(), name, seed))
        code, output = run_check(path)
        check_codes[code] += 1
        if code not in (0, 1, 2) or "Traceback" in output:
            tracebacks.append(f"bundled:{name}:{seed} → exit {code}\n{output[-3000:]}")

    total = sum(sum(c.values()) for c in counts.values())
    print(f"tools.fuzz: {total} cases in {elapsed:.1f} s ({total / elapsed:.0f} cases/s), "
          f"seed: {'derandomized' if args.seed is None else args.seed}")
    for source, label in (("valid", "generated valid content"), ("mutant", "mutated content")):
        print(f"  {label}: {sum(counts[source].values())}")
        for outcome, n in sorted(counts[source].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"    {outcome:<40} {n:>6}")
    print(f"  problems placed past the end of the file: {len(beyond)}")
    for line in beyond[:5]:
        print(f"    {line}")
    executed = MARKER.exists()
    print(f"  unsafe tags executed: {'YES — ' + str(MARKER) + ' exists' if executed else 'no'}")
    print(f"  main.py --check on {sum(check_codes.values())} mutated files: exit codes "
          f"{json.dumps(dict(sorted(check_codes.items())))}, tracebacks or odd exit codes: {len(tracebacks)}")
    for failure in failures[:20]:
        print("\n" + failure)
    for failure in tracebacks:
        print("\n" + failure)
    bad = len(failures) + len(tracebacks) + int(executed)
    print(f"\nunexpected: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
