"""Reading a content file: its declared schema, the validator, the loader, advice and reports for staff,
the last good copy, and reading ahead at start-up. Pure Python: no Qt here. What a file *means* once
read is :mod:`kiosk.model`; its names are offered here too, as most callers want both.

``load`` and ``loads`` are imported on first use: the window process gets its first content from a
child that read the file while Qt loaded (:mod:`kiosk.content.prefetch`), and importing the loader with
PyYAML and the validator costs it ~40 ms that it needs only at the first reload (kiosk.ui.first_frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.model.content import Content
from kiosk.model.errors import ContentError, Mark, Problem

if TYPE_CHECKING:
    from kiosk.content.loader import load, loads

__all__ = ["Content", "ContentError", "Mark", "Problem", "load", "loads"]


def __getattr__(name: str) -> Any:
    if name in ("load", "loads"):
        from kiosk.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
