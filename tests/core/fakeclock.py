"""A clock the test moves by hand, so time-outs and lockouts are tested without sleeping."""

from __future__ import annotations


class FakeClock:
    """Stands in for ``time.monotonic``: call it for the time, ``advance`` it to let time pass.

    It starts well away from zero so code that confuses "clock time" with "elapsed time" fails.
    """

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds
