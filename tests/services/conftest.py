"""Fixtures for the services tests that build a whole kiosk (the speech engine seen from the app)."""

from tests.ui.conftest import keep  # noqa: F401 - the fixture, shared with tests/ui
