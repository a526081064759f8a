"""What the monkey feeds the kiosk as content: its own working copy, valid variants for reloads, and damage.

Hot reloads are where state from one content meets another (a section that is gone, a language no
longer offered, no self-check any more), so the variants each change one such thing.
"""

from __future__ import annotations

import copy as copy_module
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.content import ContentError, loads
from kiosk.core.pin import DEFAULT_PIN, weak_hash_pin
from tools import fuzz

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content.yaml"
MONKEY_PIN = "86420"
BROKEN_MUTATORS = tuple(sorted(name for name in fuzz.MUTATORS if name != "huge_line"))
"""Damage for broken reloads (huge lines only cost time here; the fuzzer covers them)."""


@dataclass(frozen=True)
class WorkingCopy:
    path: Path  # the file the kiosk is started on (and staff's Reload now reads)
    data: bytes  # its bytes: the base of every variant and every damaged copy
    pin: str | None  # the staff PIN that opens it, if the monkey knows it


def working_copy(source: Path, folder: Path, *, fast_pin: bool, start_broken: bool,
                 out: Callable[[str], None]) -> WorkingCopy:
    """*source* in *folder* (icons linked), with a cheap staff PIN hash unless *fast_pin* is off.

    The bundled PIN hash takes 600,000 PBKDF2 rounds (~0.3 s) per wrong PIN: the monkey would spend
    most of its time hashing. The same content with a 1,000-round hash of :data:`MONKEY_PIN` behaves
    the same at the pad.
    """
    data = source.read_bytes()
    pin = DEFAULT_PIN if source.resolve() == BUNDLED.resolve() else None
    if fast_pin:
        fast = weak_hash_pin(MONKEY_PIN, 1000, salt=b"kiosk monkey pin")
        patched, n = re.subn(rb'(?m)^(\s*pin_hash:\s*)"?[^"\r\n#]*"?', lambda m: m.group(1) + b'"' + fast.encode()
                             + b'"', data)
        if n:
            data, pin = patched, MONKEY_PIN
        elif b"pin_hash" not in data:
            pin = None
    icons = source.parent / "icons"
    if icons.is_dir():
        (folder / "icons").symlink_to(icons.resolve(), target_is_directory=True)
    path = folder / source.name
    path.write_bytes(data)
    try:
        loads(data, path)
    except ContentError:
        if not start_broken:
            out(f"note: {source} does not load from a copy (icons elsewhere?); using it in place")
            return WorkingCopy(source, source.read_bytes(),
                               DEFAULT_PIN if source.resolve() == BUNDLED.resolve() else None)
    return WorkingCopy(path, data, pin)


def variants(base: bytes, path: Path) -> list[bytes]:
    """Valid variants for hot reloads: fewer or other sections, no self-check, one language, short idle…"""
    out = [base]
    try:
        doc = fuzz.parse(base)
    except yaml.YAMLError:
        return out
    if not isinstance(doc, dict):
        return out

    def variant(change: Callable[[dict[str, Any]], None]) -> None:
        copy = copy_module.deepcopy(doc)
        try:
            change(copy)
            data = fuzz.dump(copy)
            loads(data, path)
        except (ContentError, KeyError, IndexError, TypeError, AttributeError):
            return
        out.append(data)

    def one_language(d: dict[str, Any]) -> None:
        langs = d["kiosk"]["languages"]
        first = langs[0]
        d["kiosk"]["languages"] = [first]

        def shrink(node: Any) -> Any:
            if isinstance(node, dict):
                if node and set(node) <= set(langs) and all(isinstance(v, str) for v in node.values()):
                    return {first: node[first]}
                return {k: shrink(v) for k, v in node.items()}
            if isinstance(node, list):
                return [shrink(v) for v in node]
            return node

        d.update(shrink(d))

    variant(lambda d: d["sections"].pop())
    variant(lambda d: d["sections"].pop(0))
    variant(lambda d: d["sections"].reverse())
    variant(lambda d: d.pop("selfcheck"))
    variant(one_language)
    variant(lambda d: d["kiosk"].__setitem__("languages", list(reversed(d["kiosk"]["languages"]))))
    variant(lambda d: d["kiosk"].update(idle_timeout_s=20, idle_warning_s=20))
    variant(lambda d: d.setdefault("theme", {}).__setitem__("high_contrast", True))
    variant(lambda d: d.pop("display"))
    variant(lambda d: d["kiosk"].__setitem__("speech", False))
    return out
