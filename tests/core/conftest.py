"""Shared fixtures for the pure kiosk-operations core."""

from __future__ import annotations

import pytest

from tests.core.fakeclock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock per test."""
    return FakeClock()
