"""Patient-education kiosk: a pure-Python core (content, selfcheck, session) and a thin Qt shell (ui, app)."""

__version__ = "0.1.0"
