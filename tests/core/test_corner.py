"""The hidden staff gesture: five sequential taps in the top-left 20 mm square within 3 seconds."""

from __future__ import annotations

import math

import pytest

from kiosk.core.corner import CornerGesture
from tests.core.fakeclock import FakeClock

IN = (5.0, 5.0)
OUT = (100.0, 5.0)


def tap(gesture: CornerGesture, clock: FakeClock, at: tuple[float, float] = IN, after: float = 0.4) -> bool:
    """One finger down and up again, *after* seconds after the previous tap."""
    clock.advance(after)
    fired = gesture.press(*at)
    gesture.release()
    return fired


@pytest.fixture
def gesture(clock: FakeClock) -> CornerGesture:
    return CornerGesture(clock=clock)


def test_five_quick_taps_in_the_corner_trigger_on_the_fifth(gesture: CornerGesture, clock: FakeClock) -> None:
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]


def test_four_taps_do_not(gesture: CornerGesture, clock: FakeClock) -> None:
    assert not any(tap(gesture, clock) for _ in range(4))
    clock.advance(10)  # nothing fires later on its own, either
    assert not tap(gesture, clock, at=OUT)


def test_five_taps_spread_over_more_than_3_seconds_do_not(gesture: CornerGesture, clock: FakeClock) -> None:
    assert not any(tap(gesture, clock, after=0.76) for _ in range(5))  # 3.04 s from first to fifth


def test_exactly_3_seconds_still_counts(gesture: CornerGesture, clock: FakeClock) -> None:
    assert [tap(gesture, clock, after=0.75) for _ in range(5)] == [False] * 4 + [True]


def test_the_window_slides_over_the_last_five_presses(gesture: CornerGesture, clock: FakeClock) -> None:
    assert not tap(gesture, clock)
    clock.advance(5)  # the first tap is now too old …
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]  # … but the next five are enough


def test_a_tap_outside_the_corner_starts_again(gesture: CornerGesture, clock: FakeClock) -> None:
    assert not any(tap(gesture, clock) for _ in range(4))
    assert not tap(gesture, clock, at=OUT)
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]


@pytest.mark.parametrize("where", [(20.0, 20.0), (0.0, 0.0), (20.0, 0.0), (0.0, 20.0)])
def test_the_corner_edges_are_inside(gesture: CornerGesture, clock: FakeClock, where: tuple[float, float]) -> None:
    assert [tap(gesture, clock, at=where) for _ in range(5)] == [False] * 4 + [True]


@pytest.mark.parametrize("where", [(20.01, 5.0), (5.0, 20.01), (-0.1, 5.0), (5.0, -0.1), (math.nan, 5.0)])
def test_just_outside_the_corner_is_outside(gesture: CornerGesture, clock: FakeClock,
                                            where: tuple[float, float]) -> None:
    for _ in range(4):
        tap(gesture, clock)
    assert not tap(gesture, clock, at=where)
    assert not tap(gesture, clock)  # and it reset the count


def test_a_second_finger_down_at_the_same_time_does_not_count(gesture: CornerGesture, clock: FakeClock) -> None:
    for _ in range(3):
        tap(gesture, clock)
    clock.advance(0.4)
    assert not gesture.press(*IN)  # first finger: the fourth press
    assert not gesture.press(*IN)  # second finger while the first is down: ignored, or it would be the fifth
    gesture.release()
    gesture.release()
    assert tap(gesture, clock)  # so this is the fifth, not the sixth


def test_holding_one_finger_and_tapping_with_another_never_triggers(gesture: CornerGesture, clock: FakeClock) -> None:
    assert not gesture.press(*IN)  # a resting finger (or palm)
    for _ in range(10):
        assert not tap(gesture, clock)  # every tap overlaps the resting finger
    gesture.release()
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]  # five fresh taps are needed


def test_presses_without_release_count_once(gesture: CornerGesture, clock: FakeClock) -> None:
    for _ in range(5):
        clock.advance(0.1)
        assert not gesture.press(*IN)


def test_extra_releases_do_not_let_overlapping_presses_through(gesture: CornerGesture, clock: FakeClock) -> None:
    gesture.release()
    gesture.release()
    assert not gesture.press(*IN)
    assert not gesture.press(*IN)  # still overlapping, despite the earlier spurious releases
    gesture.release()
    gesture.release()
    assert [tap(gesture, clock) for _ in range(4)] == [False] * 3 + [True]


def test_it_triggers_once_then_counts_from_zero(gesture: CornerGesture, clock: FakeClock) -> None:
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]  # not True on the sixth


def test_reset_forgets_taps_and_stuck_fingers(gesture: CornerGesture, clock: FakeClock) -> None:
    for _ in range(4):
        tap(gesture, clock)
    gesture.press(*OUT)  # a finger whose release was lost
    gesture.reset()
    assert [tap(gesture, clock) for _ in range(5)] == [False] * 4 + [True]


def test_custom_corner_count_and_window(clock: FakeClock) -> None:
    gesture = CornerGesture(corner_mm=10, taps=3, within_s=1.0, clock=clock)
    assert not tap(gesture, clock, at=(15.0, 5.0))
    assert [tap(gesture, clock, at=(9.0, 9.0), after=0.5) for _ in range(3)] == [False, False, True]


@pytest.mark.parametrize("kwargs", [{"corner_mm": 0}, {"corner_mm": math.nan}, {"taps": 0}, {"within_s": 0},
                                    {"within_s": math.inf}])
def test_nonsense_settings_are_refused(clock: FakeClock, kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CornerGesture(clock=clock, **kwargs)  # type: ignore[arg-type]
