"""The strip across the top of every patient screen: Read aloud, Repeat, text size and contrast.

EN 301 549 5.1.3 asks a closed kiosk to speak what it shows, and WCAG 1.4.4 / 1.4.6 to
let patients make text larger and contrast stronger, so these live on every screen rather
than in a settings page. The left of the strip stays empty: it is the staff corner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.alerts import CallState
from kiosk.core.panel import TEXT_STEPS
from kiosk.strings import UiText
from kiosk.ui.call_staff import CallStaff
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import ICONS, NavBar, WrapButton

STAFF_CORNER_MM = 22  # a little more than the 20 mm the staff gesture uses


class AccessBar(QWidget):
    read_aloud_requested = Signal()
    repeat_requested = Signal()
    smaller_requested = Signal()
    larger_requested = Signal()
    contrast_toggled = Signal()
    #: "Call a staff member" (``alerts.button_everywhere``): a tap that may send; the words then follow
    #: the delivery (:meth:`show_call`), with the failure line under the bar when it did not get through.
    call_staff_requested = Signal()

    def __init__(self, look: Look, ui: UiText, *, text_step: int, high_contrast: bool, speech: bool,
                 speaking: bool = False, can_repeat: bool = False, marker: bool = False, width: int = 0,
                 call_staff: bool = False, call_state: CallState = CallState.NONE) -> None:
        super().__init__()
        self.setObjectName("AccessBar")
        self.setProperty("role", "screen")
        gaps = spacing(look.units)
        column = QVBoxLayout(self)  # the row of tools, and under it the call's failure line (when it failed)
        column.setContentsMargins(gaps["margin_w"], gaps["margin_h"], gaps["margin_w"], 0)
        column.setSpacing(gaps["gap_h"])
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(gaps["gap_w"])
        column.addLayout(row)
        #: A small dot staff learn to read: shown while the content file on disk has errors.
        self.marker = QLabel("●")
        self.marker.setProperty("role", "marker")
        # In the corner's top left: it fills the corner.
        self.marker.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.marker.setVisible(marker)
        corner = QWidget()  # the staff corner: kept free of buttons so five quick taps never press one
        corner.setFixedWidth(look.units.w(STAFF_CORNER_MM) - gaps["margin_w"])
        corner_column = QHBoxLayout(corner)
        corner_column.setContentsMargins(0, 0, 0, 0)
        corner_column.addWidget(self.marker)
        row.addWidget(corner, 0)
        self.read_button = WrapButton(ui("stop_reading") if speaking else ui("read_aloud"), look, role="tool",
                                      icon=ICONS / ("stop.svg" if speaking else "speaker.svg"), icon_mm=8)
        self.repeat_button = WrapButton(ui("repeat"), look, role="tool", icon=ICONS / "repeat.svg", icon_mm=8)
        self.smaller_button = WrapButton(ui("text_smaller"), look, role="tool")
        self.larger_button = WrapButton(ui("text_larger"), look, role="tool")
        self.smaller_button.setProperty("spoken_name", ui("text_smaller_name"))  # the keypad's words, not "A minus"
        self.larger_button.setProperty("spoken_name", ui("text_larger_name"))
        self.contrast_button = WrapButton(ui("high_contrast"), look, role="tool", icon=ICONS / "contrast.svg",
                                          icon_mm=8)
        self.contrast_button.setCheckable(True)
        self.contrast_button.setChecked(high_contrast)
        self.smaller_button.setEnabled(text_step > 0)
        self.larger_button.setEnabled(text_step < len(TEXT_STEPS) - 1)
        self.repeat_button.setEnabled(can_repeat)
        for button in (self.read_button, self.repeat_button):
            button.setVisible(speech)
            if not speech:
                button.setParent(self)
        self.read_button.clicked.connect(self.read_aloud_requested)
        self.repeat_button.clicked.connect(self.repeat_requested)
        self.smaller_button.clicked.connect(self.smaller_requested)
        self.larger_button.clicked.connect(self.larger_requested)
        self.contrast_button.clicked.connect(self.contrast_toggled)
        tools = [self.read_button, self.repeat_button, self.smaller_button, self.larger_button,
                 self.contrast_button]
        self.call: CallStaff | None = None
        self.call_button: WrapButton | None = None
        if call_staff:
            self.call = CallStaff(look, ui, call_state, role="tool", line_role="heading", parent=self)
            self.call.requested.connect(self.call_staff_requested)
            self.call_button = self.call.button
            tools.append(self.call_button)
        shown = [b for b in tools if speech or b not in (self.read_button, self.repeat_button)]
        self.tools = NavBar(shown, look, width - corner.width() - 2 * gaps["margin_w"] - gaps["gap_w"])
        row.addWidget(self.tools, 1)
        if self.call is not None:
            column.addWidget(self.call.problem)

    def set_speaking(self, speaking: bool, ui: UiText) -> None:
        """Read aloud becomes Stop reading while it speaks (EN 301 549 5.1.3.4: interruptible)."""
        self.read_button.set_words(ui("stop_reading") if speaking else ui("read_aloud"))

    def show_call(self, state: CallState, *, line: bool = True) -> None:
        """The front desk's word on this visit's call, in place; *line* False when the screen under the
        bar has a call button and failure line of its own (the emergency screen's first words stay first)."""
        if self.call is not None:
            self.call.show(state, line=line)
