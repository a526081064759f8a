"""Staff mode: a PIN pad with big digits, then a panel with the kiosk's state and controls.

Staff screens are in English only; patients never see them. The PIN typed lives in this
screen's memory only and is shown as dots.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.strings import UiText
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import NavBar, Screen, WrapButton, label, scroll_area

MAX_DIGITS = 12
BREAK = "\u200b"  # a zero-width space: lets long file paths wrap after each "/"


def breakable(text: str) -> str:
    return text.replace("/", "/" + BREAK)


class PinPadScreen(Screen):
    pin_entered = Signal(str)
    cancel_requested = Signal()

    def __init__(self, look: Look, ui: UiText, *, message: str = "", locked: bool = False) -> None:
        super().__init__(look)
        self.setObjectName("PinPadScreen")
        self._digits = ""
        gaps = spacing(look.units)
        # Title, message and dots share a row: on a 1280x800 panel the pad needs every millimetre of the
        # height (measured: a row of its own for the message pushed Clear and Enter off the screen).
        heading = QHBoxLayout()
        self.title = label(ui("pin_title"), "heading")
        heading.addWidget(self.title, 1)
        self.message = label(message or " ", align=Qt.AlignmentFlag.AlignCenter)
        heading.addWidget(self.message, 2)
        self.dots = label(" ", "heading", align=Qt.AlignmentFlag.AlignRight)
        heading.addWidget(self.dots, 1)
        self.column.addLayout(heading)
        pad = QWidget()
        grid = QGridLayout(pad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(gaps["gap_w"])
        grid.setVerticalSpacing(gaps["gap_h"])
        self.keys: list[WrapButton] = []
        for index, digit in enumerate("123456789"):
            self._add_key(grid, digit, index // 3, index % 3, look)
        self.clear_button = WrapButton(ui("pin_clear"), look, role="digit")  # a key, as tall as the others
        self.clear_button.clicked.connect(self._clear)
        grid.addWidget(self.clear_button, 3, 0)
        self._add_key(grid, "0", 3, 1, look)
        self.enter_button = WrapButton(ui("pin_enter"), look, role="digit")
        self.enter_button.clicked.connect(self._enter)
        grid.addWidget(self.enter_button, 3, 2)
        for button in (*self.keys, self.enter_button):
            button.setEnabled(not locked)
        # Not in a scroll area: QScroller (and, measured, a plain QScrollArea too) lost the press of every
        # second quick tap, and a PIN is nothing but quick taps. The pad fits every supported screen.
        self.column.addWidget(pad, 1)
        self.cancel_button = WrapButton(ui("pin_cancel"), look)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.column.addWidget(NavBar([self.cancel_button], look))

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int, look: Look) -> None:
        button = WrapButton(digit, look, role="digit")
        button.clicked.connect(lambda _=False, d=digit: self._type(d))
        grid.addWidget(button, row, column)
        self.keys.append(button)

    def _type(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits += digit
            self.dots.setText("●" * len(self._digits))

    def _clear(self) -> None:
        self._digits = ""
        self.dots.setText(" ")

    def _enter(self) -> None:
        digits, self._digits = self._digits, ""
        self.dots.setText(" ")
        self.pin_entered.emit(digits)

    def speech(self) -> list[str]:
        return [self.title.text(), self.message.text()]

    # -- for the keypad (kiosk.ui.keys) --------------------------------------------------------------
    def focus_groups(self) -> list[list[QWidget]]:
        return [[*self.keys[:9], self.clear_button, self.keys[9], self.enter_button], [self.cancel_button]]

    def back_control(self) -> QWidget:
        return self.cancel_button


class StaffPanelScreen(Screen):
    reload_requested = Signal()
    exit_requested = Signal()
    leave_requested = Signal()

    def __init__(self, look: Look, *, facts: Sequence[tuple[str, str]], errors: Sequence[str],
                 warnings: Sequence[str]) -> None:
        super().__init__(look)
        self.setObjectName("StaffPanelScreen")
        self.column.addWidget(label("Staff panel", "heading"))
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(spacing(look.units)["gap_h"])
        self.warning_labels = [label(f"Warning: {w}", "heading") for w in warnings]
        for widget in self.warning_labels:
            inner.addWidget(widget)
        self.fact_labels = {name: label(breakable(f"{name}: {value}")) for name, value in facts}
        for widget in self.fact_labels.values():
            inner.addWidget(widget)
        inner.addWidget(label("Last errors in the content file:" if errors else
                              "The content file on disk has no errors.", "heading"))
        self.error_labels = [label(breakable(line)) for line in errors]
        for widget in self.error_labels:
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            inner.addWidget(widget)
        inner.addStretch(1)
        self.column.addWidget(scroll_area(content), 1)
        self.reload_button = WrapButton("Reload now", look)
        self.exit_button = WrapButton("Exit kiosk", look)
        self.leave_button = WrapButton("Leave staff mode", look)
        self.reload_button.clicked.connect(self.reload_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.leave_button.clicked.connect(self.leave_requested)
        self.column.addWidget(NavBar([self.reload_button, self.exit_button, self.leave_button], look))

    def speech(self) -> list[str]:
        return []

    def spoken_heading(self) -> list[str]:
        return ["Staff panel"]
