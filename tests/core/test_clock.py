"""The countdown arithmetic shared by the idle warning and the PIN lockout."""

from __future__ import annotations

import pytest

from kiosk.core.clock import whole_seconds_left


@pytest.mark.parametrize(("deadline", "now", "shown"), [
    (110.0, 90.0, 20),
    (110.0, 109.9, 1),  # rounded up: never 0 while time remains
    (110.0, 110.0, 0),
    (110.0, 500.0, 0),  # never negative
    (110.1, 91.1, 19),  # float noise: 19.000000000000014 must not show as 20
])
def test_whole_seconds_left(deadline: float, now: float, shown: int) -> None:
    assert whole_seconds_left(deadline, now) == shown
