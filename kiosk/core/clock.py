"""The one notion of time the core uses: an injectable monotonic clock.

Every time-dependent rule takes a ``Clock`` so tests drive it with a fake clock instead of
sleeping, and so wall-clock changes (daylight saving, NTP jumps) can never end a patient's
session early or unlock the PIN pad.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Clock = Callable[[], float]
"""Returns monotonic seconds, like ``time.monotonic``; only differences between readings matter."""

_FLOAT_NOISE_S = 1e-6


def whole_seconds_left(deadline: float, now: float) -> int:
    """Seconds from *now* to *deadline*, rounded up, never negative — what a countdown should show.

    Rounding up means the display reads 1 until the very end rather than 0 while time remains.
    A microsecond of slack absorbs float noise (110.1 - 91.1 is 19.000000000000014), which would
    otherwise show one second too many.
    """
    return max(0, math.ceil(deadline - now - _FLOAT_NOISE_S))


class ManualClock:
    """A :data:`Clock` that moves only when told: tests and the monkey drive time-outs without sleeping.

    It starts well away from zero so code that confuses "clock time" with "elapsed time" fails.
    """

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds
