"""The patient's session (pure Python): one reset forgets everything; Back retraces the way, Home forgets it."""

from __future__ import annotations

from kiosk.content import load
from kiosk.core.panel import TEXT_STEPS
from kiosk.selfcheck.engine import SelfCheckSession
from kiosk.session import HOME, MAX_HISTORY, SELFCHECK_FLOW, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN, Navigator, Session
from tests.helpers import BUNDLED


def test_back_retraces_and_home_forgets_the_history() -> None:
    nav = Navigator()
    nav.go(("section", "a"))
    nav.go(("section", "b"))
    assert nav.back() == ("section", "a")
    nav.go(("section", "c"))
    assert nav.home() == HOME and nav.history == [HOME]
    assert nav.back() == HOME  # nothing of the last visit can be reached again


def test_reset_forgets_place_language_size_contrast_and_answers() -> None:
    flow = load(BUNDLED).selfcheck
    assert flow is not None
    session = Session("en", False)
    session.nav.go(SELFCHECK_INTRO)
    session.nav.go(SELFCHECK_FLOW)
    session.selfcheck = SelfCheckSession(flow)
    session.selfcheck.answer(2)
    session.language, session.high_contrast = "es", True
    assert session.set_text_step(2)
    assert session.mid_selfcheck
    session.reset()
    assert session == Session("en", False)
    assert not session.mid_selfcheck


def test_the_text_step_stays_within_the_offered_sizes() -> None:
    session = Session()
    assert not session.set_text_step(-1)
    assert session.set_text_step(99) and session.text_step == len(TEXT_STEPS) - 1
    assert session.text_scale == TEXT_STEPS[-1]


def test_a_new_files_defaults_apply_now_only_for_the_first_file() -> None:
    session = Session("en", False)
    session.set_defaults("es", True)
    assert (session.language, session.high_contrast) == ("en", False)  # the patient's choice stays
    session.reset()
    assert (session.language, session.high_contrast) == ("es", True)
    session.set_defaults("en", False, apply=True)
    assert (session.language, session.high_contrast) == ("en", False)


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
