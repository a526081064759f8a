"""What every screen is built of: the screen frame and labels that wrap; the buttons and scrolling
views that screens import from here live in :mod:`kiosk.ui.buttons` and :mod:`kiosk.ui.scrolling`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QLabel, QSizePolicy, QVBoxLayout

from kiosk.ui.buttons import NavBar, WrapButton
from kiosk.ui.first_frame import first_frame_painted
from kiosk.ui.icons import ICONS
from kiosk.ui.scrolling import ScrollCue, scroll_area
from kiosk.ui.style import Look, spacing

__all__ = ["ICONS", "NavBar", "Screen", "ScrollCue", "WrapButton", "first_frame_painted", "label", "scroll_area"]


def label(text: str, role: str = "", *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    """A label that wraps and never elides, so longer translations and A+ grow it instead of cutting it.

    Its words are plain text: a staff file's "<" is shown, never read as markup.
    """
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if align is not None:
        widget.setAlignment(align)
    policy = widget.sizePolicy()
    policy.setHeightForWidth(wrap)
    policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
    widget.setSizePolicy(policy)
    return widget


class Screen(QFrame):
    """Base of every patient screen: a title area, a middle, a bottom bar, and what Read aloud says."""

    home_requested = Signal()

    def __init__(self, look: Look) -> None:
        super().__init__()
        self.setProperty("role", "screen")
        self.look = look
        self.units = units = look.units
        gaps = spacing(units)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(gaps["margin_w"], gaps["margin_h"], gaps["margin_w"], gaps["margin_h"])
        self.column.setSpacing(gaps["gap_h"])

    def speech(self) -> list[str]:
        """What Read aloud says on this screen, in reading order."""
        return []

    def reset_scroll(self) -> None:
        for area in self.findChildren(QAbstractScrollArea):  # scrolling pages and body text alike
            area.verticalScrollBar().setValue(0)
