"""Qt enum properties set by their keys, and the text direction of a language without naming Qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.ui.by_name import TEXT_WORD_WRAP, right_to_left, runs_right_to_left, set_by_name, text_flags


def test_keys_set_the_property_qt_declares(qtbot: QtBot) -> None:
    label = QLabel("words")
    qtbot.addWidget(label)
    set_by_name(label, alignment="AlignRight|AlignTop", textFormat="PlainText", focusPolicy="NoFocus")
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize(("name", "keys"), [("alignment", "AlignMiddle"), ("alinement", "AlignLeft"),
                                            ("textFormat", "AlignLeft")])
def test_a_key_or_property_qt_does_not_have_is_an_error_not_a_silent_no(qtbot: QtBot, name: str, keys: str) -> None:
    label = QLabel("words")
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match=name):
        set_by_name(label, **{name: keys})
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter  # Qt's default, kept


def test_the_text_direction_of_every_locale_qt_knows_is_qts() -> None:
    """Only a language named in left-to-right letters is answered without Qt: for the ~700 locales Qt
    has, the answer must be Qt's own (some name themselves in no letters at all, Qt's data has none)."""
    locales = QLocale.matchingLocales(QLocale.Language.AnyLanguage, QLocale.Script.AnyScript,
                                      QLocale.Country.AnyCountry)
    assert len(locales) > 500
    codes = {code for loc in locales for code in (loc.name(), loc.bcp47Name(), loc.name().split("_")[0])}
    wrong = [code for code in sorted(codes)
             if right_to_left(code) != (QLocale(code).textDirection() == Qt.LayoutDirection.RightToLeft)]
    assert not wrong
    assert right_to_left("ar") and right_to_left("he") and not right_to_left("en") and not right_to_left("es")


def test_text_flags_are_qts_values_by_key() -> None:
    align = Qt.AlignmentFlag
    assert Qt.TextFlag.TextWordWrap.value == TEXT_WORD_WRAP
    assert text_flags("AlignLeft|AlignVCenter") == (align.AlignLeft | align.AlignVCenter).value
    centred = (align.AlignHCenter | align.AlignVCenter).value
    assert text_flags("AlignHCenter|AlignVCenter", wrap=True) == centred | Qt.TextFlag.TextWordWrap.value
    assert text_flags("AlignLeft|AlignTop", mirrored=True) == (align.AlignRight | align.AlignTop).value
    assert text_flags("AlignRight", mirrored=True) == align.AlignLeft.value
    assert text_flags("AlignHCenter", mirrored=True) == align.AlignHCenter.value
    with pytest.raises(ValueError, match="AlignMiddle"):
        text_flags("AlignMiddle")


@pytest.mark.parametrize(("text", "rtl"), [("Read aloud", False), ("اقرأ بصوت عال", True), ("עברית", True),
                                           ("3 مرات", True), ("«Español»", False), ("(1) English", False),
                                           ("", False), ("123", False)])
def test_words_run_the_way_their_first_letter_with_a_direction_runs(text: str, rtl: bool) -> None:
    """As Qt's QString::isRightToLeft: digits and punctuation have no direction of their own."""
    assert runs_right_to_left(text) is rtl
