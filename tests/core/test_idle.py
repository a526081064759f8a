"""The idle time-out: warn after ``timeout_s`` of inactivity, expire ``warning_s`` later, once."""

from __future__ import annotations

import math

import pytest

from kiosk.core.idle import MIN_WARNING_S, IdlePolicy, IdleState
from tests.core.fakeclock import FakeClock

TINY = 1e-3


def test_active_until_exactly_the_timeout_then_warning(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(90 - TINY)
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(TINY)
    assert idle.poll() is IdleState.WARNING


def test_touch_while_active_restarts_the_timer(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, clock=clock)
    clock.advance(80)
    assert idle.touch() is IdleState.ACTIVE
    clock.advance(89)
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(1)
    assert idle.poll() is IdleState.WARNING


def test_touch_during_warning_extends_the_session(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(100)
    assert idle.poll() is IdleState.WARNING
    assert idle.touch() is IdleState.WARNING  # reports what it interrupted
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(89)  # well past the old expiry at 110
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(1)
    assert idle.poll() is IdleState.WARNING


def test_expires_exactly_warning_s_after_the_warning(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=30, clock=clock)
    clock.advance(120 - TINY)
    assert idle.poll() is IdleState.WARNING
    clock.advance(TINY)
    assert idle.poll() is IdleState.EXPIRED


def test_expired_is_reported_once_then_a_fresh_timer_starts(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(500)  # long after the deadline: the timer fired late
    assert idle.poll() is IdleState.EXPIRED
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(90 - TINY)  # the fresh timer counts from the poll that reported expiry
    assert idle.poll() is IdleState.ACTIVE
    clock.advance(TINY)
    assert idle.poll() is IdleState.WARNING


def test_a_touch_after_an_unnoticed_expiry_says_so(clock: FakeClock) -> None:
    """Otherwise a late timer would let the next patient's first tap revive the last session."""
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(110)
    assert idle.touch() is IdleState.EXPIRED
    assert idle.poll() is IdleState.ACTIVE  # the touch itself started a fresh timer


@pytest.mark.parametrize("asked", [0, 5, 19.9, -3])
def test_warning_is_never_shorter_than_20_seconds(clock: FakeClock, asked: float) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=asked, clock=clock)
    assert idle.warning_s == MIN_WARNING_S == 20
    clock.advance(90 + 20 - TINY)  # a shorter warning would have expired by now
    assert idle.poll() is IdleState.WARNING
    clock.advance(TINY)
    assert idle.poll() is IdleState.EXPIRED


def test_a_longer_warning_is_kept(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=60, warning_s=45, clock=clock)
    assert (idle.timeout_s, idle.warning_s) == (60, 45)
    assert idle.seconds_left() == 45


def test_defaults_are_90_and_20(clock: FakeClock) -> None:
    idle = IdlePolicy(clock=clock)
    assert (idle.timeout_s, idle.warning_s) == (90, 20)
    assert idle.next_deadline() == clock.now + 90


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf])
def test_nonsense_timeouts_are_refused(clock: FakeClock, timeout: float) -> None:
    with pytest.raises(ValueError):
        IdlePolicy(timeout_s=timeout, clock=clock)


@pytest.mark.parametrize("warning", [math.nan, math.inf])
def test_nonsense_warnings_are_refused(clock: FakeClock, warning: float) -> None:
    with pytest.raises(ValueError):
        IdlePolicy(warning_s=warning, clock=clock)


def test_seconds_left_counts_down_rounded_up(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(0.1)  # off the whole second, so float noise would show
    idle.touch()
    assert idle.seconds_left() == 20  # countdown not started yet
    clock.advance(90)
    assert idle.poll() is IdleState.WARNING
    shown = [idle.seconds_left()]
    for _ in range(20):
        clock.advance(1)
        shown.append(idle.seconds_left())
    assert shown == list(range(20, -1, -1))
    assert idle.poll() is IdleState.EXPIRED  # reading seconds_left never consumed the expiry


def test_seconds_left_rounds_up_inside_a_second(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(90.5)
    assert idle.seconds_left() == 20
    clock.advance(19.4)
    assert idle.seconds_left() == 1  # 0.1 s left still shows 1, never a premature 0


def test_next_deadline_names_the_next_change(clock: FakeClock) -> None:
    start = clock.now
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    assert idle.next_deadline() == start + 90
    clock.advance(95)
    assert idle.next_deadline() == start + 110
    idle.touch()
    assert idle.next_deadline() == start + 95 + 90
    idle.reset()
    assert idle.next_deadline() == start + 95 + 90


def test_a_timer_scheduled_from_next_deadline_sees_every_change_exactly(clock: FakeClock) -> None:
    """What the Qt shell does: sleep until the deadline, poll, reschedule — no polling in between."""
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    seen = []
    for _ in range(6):
        clock.advance(idle.next_deadline() - clock.now)
        seen.append(idle.poll())
    assert seen == [IdleState.WARNING, IdleState.EXPIRED] * 3
    assert clock.now == pytest.approx(1000 + 3 * 110)


def test_reset_starts_afresh_from_warning(clock: FakeClock) -> None:
    idle = IdlePolicy(timeout_s=90, clock=clock)
    clock.advance(100)
    idle.reset()
    assert idle.poll() is IdleState.ACTIVE
    assert idle.seconds_left() == 20


def test_a_display_ticking_every_tenth_of_a_second_shows_each_second_once(clock: FakeClock) -> None:
    """Adding 0.1 s over and over drifts (19.00000000000091 left), which must not show as 20."""
    idle = IdlePolicy(timeout_s=90, warning_s=20, clock=clock)
    clock.advance(90)
    shown = []
    for _ in range(200):
        shown.append(idle.seconds_left())
        clock.advance(0.1)
    assert shown == [20 - tenth // 10 for tenth in range(200)]
