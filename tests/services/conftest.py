"""The services' tests that drive a whole kiosk window hold it as the UI tests do (tests/ui/conftest.py)."""

from tests.ui.conftest import keep

__all__ = ["keep"]
