"""Mutators that damage a content file's lines and structure: what editors, copy-paste and people do.

Each is a plain function ``(bytes, random.Random) -> bytes``; :mod:`tools.fuzz.mutators` lists them all.
"""

from __future__ import annotations

import random
import re
from typing import Any

import yaml

from tools.fuzz.source import dump, parse
from tools.fuzz.text import ITEM, PARENT, VALUE, insert_at, insert_line, lines_of, pick, replace_value


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 5)):
            if len(lines) > 1:
                del lines[rng.randrange(len(lines))]
    else:
        start = rng.randrange(len(lines))
        del lines[start:start + rng.randint(1, 40)]
    return b"".join(lines)


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    start = rng.randrange(len(lines))
    block = lines[start:start + rng.randint(1, 12)]
    at = start + len(block) if rng.random() < 0.7 else rng.randrange(len(lines) + 1)
    return b"".join([*lines[:at], *block, *lines[at:]])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    for _ in range(rng.randint(1, 3)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def reindent(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.5:
            lines[i] = b" " * rng.randint(1, 5) + lines[i]
        else:
            lines[i] = lines[i][rng.randint(1, 4):] if lines[i].startswith(b" ") else lines[i]
    return b"".join(lines)


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
    return replace_value(data, rng, new)


def collection_to_scalar(data: bytes, rng: random.Random) -> bytes:
    """A key holding a block (``sections:``, ``body:``) gets a plain value; its block goes, or is left dangling."""
    lines = lines_of(data)
    hit = pick(rng, lines, PARENT)
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


def list_item_to_scalar(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    hit = pick(rng, lines, ITEM)
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

def tabs(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
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

def line_endings(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return data.replace(b"\n", b"\r\n")
    if choice == 1:
        return data.replace(b"\n", b"\r")
    if choice == 2:
        return data.rstrip(b"\n")
    if choice == 3:
        return b"".join(line.rstrip(b"\n") + rng.choice([b"\n", b"\r\n", b"\r"]) for line in lines_of(data))
    return data.replace(b"\n", b"\n\x0c", 3)

def numbers(data: bytes, rng: random.Random) -> bytes:
    weird = [b"9" * 5000, b"-" + b"1" * 4400, b"0x" + b"f" * 5000, b".nan", b".inf", b"-.inf", b"1e400", b"0x10",
             b"0o17", b"1_000", b"190:20:30", b"-0", b"+1", b"1.0", b"true", b"~", b"2001-12-14", b"1e-400",
             b"0b101", b"3.", b".5", b"1" * 4300, b"1" * 4301, b"00000000000000000001"]
    value = rng.choice(weird)
    lines = lines_of(data)
    numeric = [i for i, line in enumerate(lines) if (m := VALUE.match(line)) and re.fullmatch(rb"[0-9.]+", m["value"])]
    if numeric and rng.random() < 0.8:
        i = rng.choice(numeric)
        m = VALUE.match(lines[i])
        assert m is not None
        lines[i] = m["head"] + b" " + value + (m["eol"] or b"")
        return b"".join(lines)
    return replace_value(data, rng, lambda _i, _o: value)


def keys(data: bytes, rng: random.Random) -> bytes:
    lines = lines_of(data)
    hit = pick(rng, lines, VALUE) if rng.random() < 0.5 else pick(rng, lines, PARENT)
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


def documents(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return insert_line(data, rng, b"---")
    if choice == 1:
        return data + b"---\nsecond: document\n"
    if choice == 2:
        return b"%YAML 1.1\n---\n" + data
    if choice == 3:
        return b"%YAML 2.0\n---\n" + data
    if choice == 4:
        return insert_line(data, rng, b"...")
    return b"--- |\n  just a block of text\n"


def syntax_noise(data: bytes, rng: random.Random) -> bytes:
    noise = [b'"', b"'", b"[", b"]", b"{", b"}", b":", b": ", b" #", b"&", b"*", b"!", b"|", b">", b"%", b"@", b"`",
             b"? ", b"- ", b",", b"\\"]
    return insert_at(data, rng, noise)


def special_values(data: bytes, rng: random.Random) -> bytes:
    values = [b"|", b">", b"|-", b"|+9", b">2-", b"*alias", b"&anchor", b"!", b"!!", b"@at", b"`tick`", b"%pct",
              b"? q", b"- item", b"null", b"''", b'""', b"' '", b'"\\t"', b'"\\x00"', b'"\\ud800"', b'"\\U0010ffff"',
              b'"\\N\\L\\P"', b"[", b"{", b"-", b"---", b"...", b"#"]
    return replace_value(data, rng, lambda _i, _o: rng.choice(values))
