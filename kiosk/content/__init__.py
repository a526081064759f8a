"""The content file: its declared schema, its model and its loader. Pure Python — no Qt here.

The names below are imported on first use, so that importing one module of this package does not
import the others: at start-up :mod:`kiosk.content.prefetch` forks a child to read the file before
anything else is imported, and the window process never loads PyYAML and the validator (~70 ms)
until the first reload.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.content.errors import ContentError, Mark, Problem
    from kiosk.content.loader import load, loads
    from kiosk.content.model import Content

__all__ = ["Content", "ContentError", "Mark", "Problem", "load", "loads"]
_HOME = {"Content": "model", "ContentError": "errors", "Mark": "errors", "Problem": "errors",
         "load": "loader", "loads": "loader"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
