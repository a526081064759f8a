"""The side-effect self-check: its intro, one screen per question, and the outcome."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.alerts import CallState
from kiosk.model.levels import Level
from kiosk.strings import UiText
from kiosk.ui.body import BodyView, FlowingBody
from kiosk.ui.call_staff import CallStaff
from kiosk.ui.icons import icon_pixmap
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import ICONS, NavBar, Screen, ScrollCue, WrapButton, label, scroll_area


class SelfCheckIntroScreen(Screen):
    start_requested = Signal()

    def __init__(self, look: Look, ui: UiText, *, title: str, intro: str) -> None:
        super().__init__(look)
        self.setObjectName("SelfCheckIntroScreen")
        self.heading = label(title, "heading")
        self.column.addWidget(self.heading)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(spacing(look.units)["gap_h"])
        self.body = FlowingBody(intro, look.units)
        inner.addWidget(self.body)
        self.privacy = label(ui("selfcheck_not_diagnosis"), "heading")
        inner.addWidget(self.privacy)
        inner.addStretch(1)
        self.scroll = scroll_area(content)
        self.column.addWidget(self.scroll, 1)
        self.cue = ScrollCue(ui("more_below"), self.scroll)
        self.column.addWidget(self.cue)
        self.start_button = WrapButton(ui("selfcheck_start"), look, role="answer", icon=ICONS / "next.svg",
                                       icon_mm=8)
        self.home_button = WrapButton(ui("home"), look, icon=ICONS / "home.svg", icon_mm=8)
        self.start_button.clicked.connect(self.start_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.column.addWidget(NavBar([self.home_button, self.start_button], look))

    def speech(self) -> list[str]:
        return [self.heading.text(), *_paragraphs(self.body), self.privacy.text()]

    def focus_groups(self) -> list[list[QWidget]]:  # for the keypad (kiosk.ui.keys)
        return [[self.home_button, self.start_button]]


class QuestionScreen(Screen):
    """One question in large type with full-width answers, each at least 20 mm high."""

    answer_chosen = Signal(int)
    back_requested = Signal()
    start_over_requested = Signal()

    def __init__(self, look: Look, ui: UiText, *, progress: str, question: str, help_text: str | None,
                 answers: Sequence[str]) -> None:
        super().__init__(look)
        self.setObjectName("QuestionScreen")
        gaps = spacing(look.units)
        self.progress = label(progress, "secondary")
        self.column.addWidget(self.progress)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(gaps["gap_h"])
        self.question = label(question, "heading")
        inner.addWidget(self.question)
        self.help = label(help_text, "secondary") if help_text else None
        if self.help is not None:
            inner.addWidget(self.help)
        inner.addSpacing(gaps["gap_h"])
        self.answers: list[WrapButton] = []
        for index, words in enumerate(answers):
            button = WrapButton(words, look, role="answer")
            button.clicked.connect(lambda _=False, i=index: self.answer_chosen.emit(i))
            inner.addWidget(button)
            self.answers.append(button)
        inner.addStretch(1)
        self.scroll = scroll_area(content)
        self.column.addWidget(self.scroll, 1)
        self.cue = ScrollCue(ui("more_below"), self.scroll)
        self.column.addWidget(self.cue)
        self.back_button = WrapButton(ui("back"), look, icon=ICONS / "back.svg", icon_mm=8)
        self.start_over_button = WrapButton(ui("start_over"), look, icon=ICONS / "repeat.svg", icon_mm=8)
        self.home_button = WrapButton(ui("home"), look, icon=ICONS / "home.svg", icon_mm=8)
        self.back_button.clicked.connect(self.back_requested)
        self.start_over_button.clicked.connect(self.start_over_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.column.addWidget(NavBar([self.back_button, self.start_over_button, self.home_button], look))

    def speech(self) -> list[str]:
        parts = [self.progress.text(), self.question.text()]
        if self.help is not None:
            parts.append(self.help.text())
        return parts + [b.words() for b in self.answers]

    # -- for the keypad (kiosk.ui.keys): "Question 1. <question> <help> 3 choices." --------------------
    def focus_groups(self) -> list[list[QWidget]]:
        return [list(self.answers), [self.back_button, self.start_over_button, self.home_button]]

    def choices(self) -> list[QWidget]:
        return list(self.answers)

    def spoken_heading(self) -> list[str]:
        return self.speech()[: -len(self.answers) or None]

    def back_control(self) -> QWidget:
        return self.back_button  # the previous question, as a tap on Back


class OutcomeScreen(Screen):
    """The level is clear before a word is read: colour, icon and heading in a banner across the top.

    With *call_staff* (urgent and emergency outcomes, when the content names a webhook) a "Call a staff
    member" button sits beside Done: a tap emits :attr:`staff_called`, and the button's words then follow
    the message's delivery (:meth:`show_call`, from the front desk): sending, sent, or back with "We could
    not reach staff" (kiosk.ui.call_staff). *call_state* rebuilds the screen in the state it had (a new
    language or text size), so a call on its way is never sent twice. "Tell a staff member now" stays first.
    """

    done_requested = Signal()
    staff_called = Signal()

    def __init__(self, look: Look, ui: UiText, *, level: str, title: str, body: str,
                 emergency_number: str, call_staff: bool = False,
                 call_state: CallState = CallState.NONE) -> None:
        super().__init__(look)
        self.setObjectName("OutcomeScreen")
        self.level = level
        units = look.units
        gaps = spacing(units)
        self.banner = QFrame()
        self.banner.setProperty("level", level)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(gaps["margin_w"], gaps["gap_h"] * 2, gaps["margin_w"], gaps["gap_h"] * 2)
        row.setSpacing(gaps["gap_w"])
        icon = QLabel()
        side = units.h(22)
        _, ink = Level.from_id(level).colours
        icon.setPixmap(icon_pixmap(ICONS / f"outcome-{level}.svg", side, ink))
        icon.setFixedSize(side, side)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = label(ui(Level.from_id(level).ui_key), "title")
        row.addWidget(self.heading, 1)
        self.column.addWidget(self.banner)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(gaps["gap_h"])
        self.first_lines: list[QLabel] = []
        if level == Level.EMERGENCY.id:
            # Said first, before anything the clinic wrote: what to do now, and if they have already left.
            lines = [ui("emergency_first"), ui("emergency_left_clinic", number=emergency_number)]
            if lines[0].rstrip(".") == self.heading.text().rstrip("."):
                lines = lines[1:]  # the banner already says it first
            for words in lines:
                line = label(words, "heading")
                inner.addWidget(line)
                self.first_lines.append(line)
        self.title = label(title, "heading") if title.strip() != self.heading.text().strip() else None
        if self.title is not None:
            inner.addWidget(self.title)
        self.body = FlowingBody(body, units)
        inner.addWidget(self.body)
        self.footer = label(ui("outcome_footer"), "secondary")
        inner.addWidget(self.footer)
        inner.addStretch(1)
        self.scroll = scroll_area(content)
        self.column.addWidget(self.scroll, 1)
        self.cue = ScrollCue(ui("more_below"), self.scroll)
        self.column.addWidget(self.cue)
        self.done_button = WrapButton(ui("done"), look, role="answer", icon=ICONS / "home.svg", icon_mm=8)
        self.done_button.clicked.connect(self.done_requested)
        self.call: CallStaff | None = None
        self.call_button: WrapButton | None = None
        if call_staff:
            self.call = CallStaff(look, ui, call_state, role="answer", line_role="heading", parent=self)
            self.call.requested.connect(self.staff_called)
            self.call_button = self.call.button
            self.column.addWidget(self.call.problem)
            self.column.addWidget(NavBar([self.call_button, self.done_button], look))
        else:
            self.column.addWidget(self.done_button)

    def show_call(self, state: CallState) -> None:
        """The front desk's word on this visit's call: the button and its line follow it in place."""
        if self.call is not None:
            self.call.show(state)

    def speech(self) -> list[str]:
        parts = [self.heading.text(), *(line.text() for line in self.first_lines)]
        if self.title is not None:
            parts.append(self.title.text())
        parts += [*_paragraphs(self.body), self.footer.text()]
        return parts + (self.call.speech() if self.call is not None else [])

    def focus_groups(self) -> list[list[QWidget]]:  # for the keypad: read in full (speech()), then Done
        return [[self.done_button]]


def _paragraphs(view: BodyView) -> list[str]:
    return [p.strip() for p in view.plain_text().split("\n") if p.strip()]
