"""A section of the leaflet: its title, the scrolling body, and Back / Home / Previous / Next."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.strings import UiText
from kiosk.ui.body import BodyView
from kiosk.ui.icons import show_icon
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import ICONS, NavBar, Screen, ScrollCue, WrapButton, label

#: What a section's ``related:`` names for the self-check (any other name is a section's id).
SELFCHECK = "selfcheck"


class SectionScreen(Screen):
    """*related* is (target, words) for each button under the text: the target is ``selfcheck`` or a
    section's id, and :attr:`related_chosen` gives it back when the button is tapped."""

    back_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()
    related_chosen = Signal(str)

    def __init__(self, look: Look, ui: UiText, *, title: str, body: str, icon: Path | None,
                 has_previous: bool, has_next: bool, related: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(look)
        units = look.units
        self.setObjectName("SectionScreen")
        self.title = title
        header = QHBoxLayout()
        header.setSpacing(spacing(units)["gap_w"])
        icon_label = QLabel()
        side = units.h(14)
        show_icon(icon_label, icon or ICONS / "section.svg", side, look.ink)  # and again when it arrives
        icon_label.setFixedSize(side, side)
        header.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = label(title, "heading")
        header.addWidget(self.heading, 1)
        self.column.addLayout(header)

        self.body = BodyView(body, units)
        self.column.addWidget(self.body, 1)
        self.cue = ScrollCue(ui("more_below"), self.body)
        self.related_buttons: list[WrapButton] = []
        for target, words in related:
            button = WrapButton(words, look, icon=ICONS / ("selfcheck.svg" if target == SELFCHECK else "section.svg"),
                                icon_mm=8)
            button.setProperty("related", target)
            button.clicked.connect(lambda _=False, t=target: self.related_chosen.emit(t))
            self.related_buttons.append(button)
        if self.related_buttons:
            # Beside "More below", not on a row of their own: at the largest text on a 15.6" panel a row
            # more left the text a few lines and squeezed the bottom bar's buttons into each other.
            gap = spacing(units)["gap_w"]
            row = QHBoxLayout()
            row.setSpacing(gap)
            row.addWidget(self.cue, 1)
            half = (look.width - 2 * spacing(units)["margin_w"] - gap) // 2
            row.addWidget(NavBar(self.related_buttons, look, width=half), 1)
            self.column.addLayout(row)
        else:
            self.column.addWidget(self.cue)

        self.back_button = WrapButton(ui("back"), look, icon=ICONS / "back.svg", icon_mm=8)
        self.home_button = WrapButton(ui("home"), look, icon=ICONS / "home.svg", icon_mm=8)
        self.previous_button = WrapButton(ui("previous"), look, icon=ICONS / "prev.svg", icon_mm=8)
        self.next_button = WrapButton(ui("next"), look, icon=ICONS / "next.svg", icon_mm=8)
        self.previous_button.setEnabled(has_previous)
        self.next_button.setEnabled(has_next)
        self.back_button.clicked.connect(self.back_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.column.addWidget(NavBar([self.back_button, self.home_button, self.previous_button, self.next_button],
                                     look))

    def speech(self) -> list[str]:
        paragraphs = [p.strip() for p in self.body.plain_text().split("\n") if p.strip()]
        return [self.title, *paragraphs]

    # -- for the keypad (kiosk.ui.keys): the heading and the text are read, then the buttons counted --
    def focus_groups(self) -> list[list[QWidget]]:
        nav: list[QWidget] = [self.back_button, self.home_button, self.previous_button, self.next_button]
        return [list(self.related_buttons), nav]

    def choices(self) -> list[QWidget]:
        return [w for group in self.focus_groups() for w in group]

    def back_control(self) -> QWidget:
        return self.back_button
