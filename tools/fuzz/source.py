"""What the fuzzer starts from, and how it reads and writes YAML."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content.yaml"

MARKER = Path(tempfile.gettempdir()) / "kiosk-fuzz-pwned"
"""The file every unsafe-tag payload tries to create. It must never exist after a case."""


@functools.cache
def bundled_bytes() -> bytes:
    return BUNDLED.read_bytes()


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
