"""Body text views (kiosk.ui.body)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from kiosk.ui.body import FlowingBody
from kiosk.ui.units import Units


def test_flowing_text_is_measured_in_the_font_it_is_shown_in(qtbot: QtBot) -> None:
    """The style sheet's font arrives after the widget is built: a height measured in the font it had
    then hid the emergency outcome's last line at 1280x800."""
    body = FlowingBody("Trouble breathing, swallowing or speaking. " * 6, Units(4.0, 4.0))
    qtbot.addWidget(body)
    small = body.heightForWidth(600)  # measured in Qt's default font, as during a screen's construction
    font = QFont(body.font())
    font.setPixelSize(40)
    body.setFont(font)
    assert body.heightForWidth(600) > small * 1.5  # 40 px against Qt's default 9 pt: about twice the lines
