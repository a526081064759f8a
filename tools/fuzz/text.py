"""Reading a content file as lines: what the mutators use to damage it the way editors and people do."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

VALUE = re.compile(rb"^(?P<head>[ ]*(?:- )?[A-Za-z_][\w-]*:)(?P<sep>[ ]+)(?P<value>[^#\r\n][^\r\n]*?)(?P<eol>\r?\n?)$")
PARENT = re.compile(rb"^(?P<head>(?P<indent>[ ]*)(?:- )?[A-Za-z_][\w-]*):[ ]*(?P<eol>\r?\n?)$")
ITEM = re.compile(rb"^(?P<indent>[ ]*)- (?P<rest>[^\r\n]*)(?P<eol>\r?\n?)$")


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def pick(rng: random.Random, lines: Sequence[bytes], pattern: re.Pattern[bytes]) -> tuple[int, re.Match[bytes]] | None:
    found = [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line))]
    return rng.choice(found) if found else None


def replace_value(data: bytes, rng: random.Random, new: Callable[[bytes, bytes], bytes]) -> bytes:
    """Replace the value of a random ``key: value`` line by ``new(indent, old value)``; append if there is none."""
    lines = lines_of(data)
    hit = pick(rng, lines, VALUE)
    if hit is None:
        return data + b"\nextra: " + new(b"", b"x") + b"\n"
    i, m = hit
    lines[i] = m["head"] + b" " + new(b" " * (len(m["head"]) - len(m["head"].lstrip())), m["value"]) + (m["eol"] or b"")
    return b"".join(lines)


def insert_line(data: bytes, rng: random.Random, line: bytes) -> bytes:
    lines = lines_of(data)
    at = rng.randrange(len(lines) + 1)
    if not line.endswith(b"\n"):
        line += b"\n"
    if at and not lines[at - 1].endswith((b"\n", b"\r")):
        lines[at - 1] += b"\n"
    return b"".join([*lines[:at], line, *lines[at:]])


def positions(data: bytes, rng: random.Random, count: int) -> list[int]:
    return sorted(rng.randrange(len(data) + 1) for _ in range(count))


def insert_at(data: bytes, rng: random.Random, pieces: Sequence[bytes]) -> bytes:
    out = bytearray(data)
    for pos in reversed(positions(data, rng, len(pieces))):
        out[pos:pos] = rng.choice(pieces)
    return bytes(out)
