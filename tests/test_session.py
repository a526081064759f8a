"""The patient's session: pure Python, and one reset forgets everything a patient did or chose."""

from __future__ import annotations

from kiosk.content import load
from kiosk.core.panel import TEXT_STEPS
from kiosk.selfcheck.engine import SelfCheckSession
from kiosk.session import HOME, SELFCHECK_FLOW, SELFCHECK_INTRO, Navigator, Session
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
