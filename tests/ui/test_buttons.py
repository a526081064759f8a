"""kiosk.ui.buttons without a window: which way a button's words run, as Qt decides it for a QLabel."""

from __future__ import annotations

import pytest

from kiosk.ui.buttons import runs_right_to_left


@pytest.mark.parametrize(("text", "rtl"), [("Read aloud", False), ("اقرأ بصوت عال", True), ("עברית", True),
                                           ("3 مرات", True), ("«Español»", False), ("(1) English", False),
                                           ("", False), ("123", False)])
def test_words_run_the_way_their_first_letter_with_a_direction_runs(text: str, rtl: bool) -> None:
    """As Qt's QString::isRightToLeft: digits and punctuation have no direction of their own."""
    assert runs_right_to_left(text) is rtl
