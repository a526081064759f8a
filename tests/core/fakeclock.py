"""A clock the test moves by hand, so time-outs and lockouts are tested without sleeping."""

from __future__ import annotations

from kiosk.core.clock import ManualClock as FakeClock

__all__ = ["FakeClock"]
