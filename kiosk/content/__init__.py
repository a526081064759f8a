"""The content file: its declared schema, its model and its loader. Pure Python — no Qt here."""

from kiosk.content.errors import ContentError, Mark, Problem
from kiosk.content.loader import load, loads
from kiosk.content.model import Content

__all__ = ["Content", "ContentError", "Mark", "Problem", "load", "loads"]
