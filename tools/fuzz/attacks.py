"""Mutators that damage a content file's bytes, or attack the loader: what USB sticks and hostile files do.

Bit flips, files cut short, encodings and BOMs, NUL and control characters, unsafe YAML tags (each tries
to create :data:`~tools.fuzz.source.MARKER`), deep nesting, billion laughs, aliases, huge lines.
"""

from __future__ import annotations

import random
from pathlib import Path

from tools.fuzz.source import MARKER
from tools.fuzz.text import insert_at, insert_line, lines_of, replace_value


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    if not out:
        return bytes([rng.randrange(256)])
    for _ in range(rng.randint(1, 16)):
        pos = rng.randrange(len(out))
        out[pos] = out[pos] ^ (1 << rng.randrange(8)) if rng.random() < 0.6 else rng.randrange(256)
    return bytes(out)


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


def unsafe_tag(data: bytes, rng: random.Random) -> bytes:
    payload = rng.choice(unsafe_payloads())
    where = rng.random()
    if where < 0.5:
        return replace_value(data, rng, lambda _indent, _old: payload)
    if where < 0.65:
        return payload + b"\n"  # the whole document is the payload
    if where < 0.8:
        return data.rstrip(b"\n") + b"\nevil: " + payload + b"\n"
    if where < 0.9:
        return data.rstrip(b"\n") + b"\n? " + payload + b"\n: value\n"
    # a %TAG directive that makes an innocent-looking shorthand mean python/object/apply
    tagged = f'!py!object/apply:os.system ["touch {MARKER}"]'.encode()
    return b"%TAG !py! tag:yaml.org,2002:python/\n---\n" + replace_value(data, rng, lambda _i, _o: tagged)


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
    return replace_value(data, rng, lambda _indent, _old: deep)


def billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    lines = [b'lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        refs = b", ".join(b"*lol%d" % (n - 1) for _ in range(width))
        lines.append(b"lol%d: &lol%d [%s]" % (n, n, refs))
    return b"\n".join(lines) + b"\n"


def laughs(data: bytes, rng: random.Random) -> bytes:
    bomb = billion_laughs(rng.randint(3, 12), rng.randint(2, 12))
    mode = rng.randrange(4)
    if mode == 0:
        return bomb
    if mode == 1:
        return data.rstrip(b"\n") + b"\n" + bomb
    if mode == 2:  # the bomb defined up front, detonated where text should be
        return bomb + replace_value(data, rng, lambda _i, _o: b"*lol9")
    return replace_value(data, rng, lambda _i, old: b"&name " + old) + b"again: *name\n"


def aliases(data: bytes, rng: random.Random) -> bytes:
    """Ordinary-looking anchors, aliases and merge keys (refused as a class, never expanded)."""
    snippet = rng.choice([
        b"base: &base {title: T, body: B}\nmore:\n  <<: *base\n",
        b"x: *undefined\n",
        b"a: &a x\nb: *a\n",
        b"a: &a [1, 2]\nb: [*a, *a]\n",
        b"loop: &loop [*loop]\n",
    ])
    return data.rstrip(b"\n") + b"\n" + snippet if rng.random() < 0.5 else insert_line(data, rng, snippet)

def bom(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(7)
    if choice == 0:
        return b"\xef\xbb\xbf" + data  # an ordinary UTF-8 BOM (Notepad): must still load
    if choice == 1:
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    if choice == 2:
        return insert_at(data, rng, [b"\xef\xbb\xbf"])
    if choice == 3:
        return text.encode("utf-16")
    if choice == 4:
        return text.encode("utf-16-be")
    if choice == 5:
        return text.encode("utf-32")
    return b"\xfe\xff" + data


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return data + b"\x00" * rng.randint(1, 1000)
    return insert_at(data, rng, [b"\x00"] * rng.randint(1, 4))


def control_chars(data: bytes, rng: random.Random) -> bytes:
    chars = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0xFFFE, 0xFFFF,
                              0x1C, 0x1D, 0x1E, 0x200B, 0x202E, 0xFEFF)]
    return insert_at(data, rng, [c.encode("utf-8") for c in chars])


def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    bad = [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80",
           b"\x80", b"\xf4\x90\x80\x80"]
    if rng.random() < 0.2:
        # Saved in the wrong encoding. In a chain, an earlier mutator may have left bytes that are not UTF-8.
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    return insert_at(data, rng, bad)


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
        return replace_value(data, rng, lambda _i, _o: b"word " * (size // 5))
    return insert_line(data, rng, line)

def unicode_spice(data: bytes, rng: random.Random) -> bytes:
    pieces = ["🙂", "👩‍⚕️", "مرحبا", "\u202e", "e\u0301", "\u00a0", "\u3000", "：", "\u2028", "İ", "ß", "\U0010ffff",
              "\u0000", "\ud7ff", "\ue000", "ﬁ", "\u00ad"]
    if rng.random() < 0.3:  # a non-breaking space or an ideographic space used as indentation
        lines = lines_of(data)
        i = rng.randrange(len(lines))
        if lines[i].startswith(b"  "):
            lines[i] = rng.choice(["\u00a0", "\u3000", "\u2003"]).encode() + lines[i][1:]
        return b"".join(lines)
    return insert_at(data, rng, [p.encode("utf-8") for p in pieces])
