"""When nobody has touched the kiosk for a while, warn, then end the session.

The next person in the waiting room must never see what the last one was reading, so an
abandoned session is reset. Before that, a warning gives anyone still reading the chance to
say "I'm still here" (WCAG 2.2.1 Timing Adjustable: at least 20 seconds to extend with a
simple action). Pure logic: the Qt shell reports activity, schedules a timer for
:meth:`IdlePolicy.next_deadline` and calls :meth:`IdlePolicy.poll` when it fires.
"""

from __future__ import annotations

import enum
import math
import time

from kiosk.core.clock import Clock, whole_seconds_left

MIN_WARNING_S = 20.0
"""WCAG 2.2.1 asks that users be warned and given at least 20 seconds to extend."""


class IdleState(enum.Enum):
    """Where the session stands. EXPIRED is an event: it is reported once, then the timer restarts."""

    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class IdlePolicy:
    """ACTIVE → WARNING after ``timeout_s`` without activity → EXPIRED after a further ``warning_s``.

    ``warning_s`` is clamped up to 20 seconds (WCAG 2.2.1): a shorter warning would not give a
    slow reader, or someone using a switch or a screen reader, time to respond. Values are read
    back through the ``timeout_s`` and ``warning_s`` properties, so the clamped value is visible.

    The state is a pure function of "now minus the last activity", computed on demand; nothing
    ticks in the background. A tick-free design lets the caller sleep until :meth:`next_deadline`.
    """

    def __init__(self, timeout_s: float = 90, warning_s: float = 20, clock: Clock = time.monotonic) -> None:
        if not math.isfinite(timeout_s) or timeout_s <= 0:
            raise ValueError(f"timeout_s must be a positive number of seconds, not {timeout_s!r}")
        if not math.isfinite(warning_s):
            raise ValueError(f"warning_s must be a number of seconds, not {warning_s!r}")
        self._timeout_s = float(timeout_s)
        self._warning_s = max(float(warning_s), MIN_WARNING_S)
        self._clock = clock
        self._last = clock()

    @property
    def timeout_s(self) -> float:
        """Seconds without activity before the warning appears."""
        return self._timeout_s

    @property
    def warning_s(self) -> float:
        """Length of the warning countdown, after the 20-second floor was applied."""
        return self._warning_s

    def _warning_at(self) -> float:
        return self._last + self._timeout_s

    def _expiry_at(self) -> float:
        return self._last + self._timeout_s + self._warning_s

    def state_at(self, now: float) -> IdleState:
        """The state at clock time *now*, changing nothing (unlike :meth:`poll`, which reports EXPIRED once)."""
        if now < self._warning_at():
            return IdleState.ACTIVE
        if now < self._expiry_at():
            return IdleState.WARNING
        return IdleState.EXPIRED

    def touch(self) -> IdleState:
        """Record activity: back to ACTIVE with a fresh timer (during WARNING this is the "extend").

        Returns the state the activity interrupted. EXPIRED means the session had already run
        out but nobody had polled yet (a late timer, a busy event loop): the touch most likely
        comes from the next patient, so the caller must reset the session before handling it,
        exactly as if :meth:`poll` had reported EXPIRED. Otherwise a late timer would let a new
        person's first tap revive the previous person's session.
        """
        now = self._clock()
        interrupted = self.state_at(now)
        self._last = now
        return interrupted

    def poll(self) -> IdleState:
        """The state at the clock's now. EXPIRED is reported once, then the timer starts afresh.

        On EXPIRED the caller resets the session; the policy has already gone back to ACTIVE so
        the next patient gets a full ``timeout_s``.
        """
        now = self._clock()
        state = self.state_at(now)
        if state is IdleState.EXPIRED:
            self._last = now
        return state

    def reset(self) -> None:
        """Start afresh as ACTIVE (e.g. the session was ended by other means, such as Home)."""
        self._last = self._clock()

    def seconds_left(self) -> int:
        """Whole seconds left in the warning countdown, rounded up, for display.

        While ACTIVE the countdown has not started, so this is the full warning length; it
        reaches 0 exactly when the session expires. Reading it never changes the state.
        """
        now = self._clock()
        return whole_seconds_left(min(self._expiry_at(), now + self._warning_s), now)

    def next_deadline(self) -> float:
        """The clock time at which the state next changes, so a single-shot timer can fire exactly then.

        While ACTIVE that is when the warning starts; otherwise when the session expires. A value
        at or before now means the change is already due: poll straight away.
        """
        now = self._clock()
        return self._warning_at() if self.state_at(now) is IdleState.ACTIVE else self._expiry_at()
