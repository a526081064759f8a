"""The patient's way through the kiosk: Back retraces it, Home forgets it (pure Python)."""

from __future__ import annotations

from kiosk.session import HOME, MAX_HISTORY, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN, Navigator


def test_back_after_next_returns_to_the_section_just_read() -> None:
    nav = Navigator()
    nav.go(("section", "what-is-botox"))
    nav.go(("section", "how-it-works"))  # Next
    nav.go(("section", "benefits"))  # Next
    assert nav.back() == ("section", "how-it-works")
    assert nav.back() == ("section", "what-is-botox")
    assert nav.back() == HOME
    assert nav.back() == HOME  # nothing before Home


def test_a_related_button_and_back() -> None:
    nav = Navigator()
    nav.go(("section", "side-effects"))
    nav.go(SELFCHECK_INTRO)  # "Check how you feel"
    assert nav.back() == ("section", "side-effects")


def test_the_same_place_twice_is_one_step_and_home_forgets() -> None:
    nav = Navigator()
    nav.go(("section", "a"))
    nav.go(("section", "a"))
    nav.go(("section", "b"))
    nav.go(("section", "a"))  # Previous: a step back in the leaflet, forward in the history
    assert nav.history == [HOME, ("section", "a"), ("section", "b"), ("section", "a")]
    assert nav.go(HOME) == HOME and nav.history == [HOME]


def test_the_pin_pad_is_not_returned_to() -> None:
    nav = Navigator()
    nav.go(STAFF_PIN)
    nav.replace(STAFF_PANEL)
    assert nav.back() == HOME


def test_a_long_visit_keeps_home_at_the_bottom() -> None:
    nav = Navigator()
    for step in range(3 * MAX_HISTORY):
        nav.go(("section", str(step % 7)))
    assert len(nav.history) == MAX_HISTORY and nav.history[0] == HOME
    assert nav.back() == ("section", str((3 * MAX_HISTORY - 2) % 7))
