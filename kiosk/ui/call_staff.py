"""The "Call a staff member" button and its line, shared by the outcome screens and the bar.

The words follow the message's delivery (:class:`kiosk.core.alerts.CallState`), never run ahead of it:
"Sending to staff…" while it is on its way, "Staff have been sent a message" once a receiver took it,
and when it failed the button is back (a tap tries again) under the line "We could not reach staff.
Please tell a staff member now." A patient never waits for help on the strength of a message nobody got.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.alerts import CallState
from kiosk.strings import UiText
from kiosk.ui.style import Look
from kiosk.ui.widgets import WrapButton, label

_WORDS = {CallState.NONE: "call_staff", CallState.SENDING: "call_sending", CallState.DELIVERED: "call_delivered",
          CallState.FAILED: "call_staff"}


class CallStaff(QObject):
    """The button (:attr:`button`) and the failure line (:attr:`problem`, hidden until a call failed);
    the owner lays both out. :attr:`requested` is emitted once per tap that may send."""

    requested = Signal()

    def __init__(self, look: Look, ui: UiText, state: CallState, *, role: str, line_role: str,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._ui = ui
        self.state = state
        self.button = WrapButton(ui("call_staff"), look, role=role)
        self.problem: QLabel = label(ui("call_failed"), line_role)
        self.problem.setParent(parent)  # a child before it is shown: never a window of its own
        self.button.clicked.connect(self._tapped)
        self.show(state)

    def _tapped(self) -> None:
        if self.state.may_call:  # once, however fast the taps: the button says Sending at once
            self.show(CallState.SENDING)
            self.requested.emit()

    def show(self, state: CallState, *, line: bool = True) -> None:
        """Follow the delivery in place (no rebuild: the patient's finger and scroll stay where they are).
        *line* False keeps the failure line hidden (the bar's, over a screen that says it itself)."""
        self.state = state
        self.button.set_words(self._ui(_WORDS[state]))
        self.button.setEnabled(state.may_call)
        self.problem.setVisible(line and state is CallState.FAILED)

    def speech(self) -> list[str]:
        """What Read aloud says of it: the failure first, then the button."""
        return ([self.problem.text()] if self.problem.isVisibleTo(self.problem.parentWidget()) else []) + [
            self.button.words()]
