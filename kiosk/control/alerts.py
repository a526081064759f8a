"""Alerts to the front desk (issue 26), wired: the front desk told what the patient reaches and taps,
and the buttons, the bar and the staff panel told what became of it.

:class:`kiosk.services.frontdesk.FrontDesk` does the work (sender, chime, this visit's call); this
controller is the seam between it and the screens, so kiosk.app only connects signals to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.content import Content
from kiosk.control.part import WindowPart
from kiosk.core.alerts import CallState
from kiosk.core.metrics import Metrics
from kiosk.model.content import Outcome
from kiosk.services.frontdesk import FrontDesk
from kiosk.session import SELFCHECK_FLOW, STAFF_PANEL, Place, Session
from kiosk.ui.accessbar import AccessBar
from kiosk.ui.window import KioskWindow


class AlertsController(WindowPart):
    """Owns the :class:`FrontDesk`. *show* puts a place's screen up again (the staff panel, when its
    Alerts line changed while staff look at it)."""

    def __init__(self, window: KioskWindow, metrics: Metrics, session: Session, content: Content | None, *,
                 show: Callable[[Place], None], parent: QObject) -> None:
        super().__init__(window, parent)
        self.session = session
        self._show = show
        self.front_desk = desk = FrontDesk(metrics, parent=self)
        desk.configure(content)
        desk.status_changed.connect(self._status_changed)
        desk.call_changed.connect(self._call_changed)

    # -- in: content, the first frame, screens going up, taps, visits -------------------------------------
    def configure(self, content: Content, _first: bool = False) -> None:
        """At each content file swapped in: new receivers, chime and button switches."""
        self.front_desk.configure(content)

    def start(self) -> None:
        """After the first frame: the chime (Qt Multimedia) is made only now, and only if wanted."""
        self.front_desk.start_chime()

    def screen_shown(self, _screen: QWidget) -> None:
        """A screen is up. An outcome: urgent and emergency ones chime and send (once a visit, by outcome).
        Any: the bar's failure line shows only where the screen has no call button of its own."""
        outcome = self._outcome_on_show()
        if outcome is not None:
            self.front_desk.outcome_opened(outcome.level, outcome.id)
        self._call_changed()

    def _outcome_on_show(self) -> Outcome | None:
        """Asked of the session, not of the screen's class: the outcome screens' module is loaded only
        once one is built, never for the first frame."""
        run = self.session.selfcheck
        if run is None or run.outcome is None or self.session.nav.current != SELFCHECK_FLOW:
            return None
        return run.outcome

    def call_staff(self) -> None:
        """"Call a staff member", on an outcome screen or in the bar: the outcome's level and id when one
        is on show, else an ``assistance`` call."""
        outcome = self._outcome_on_show()
        self.front_desk.staff_called(outcome.level if outcome else None, outcome.id if outcome else None)

    def new_visit(self) -> None:
        """Home, or the session's end: the next patient may call again, and hears nothing of this call."""
        self.front_desk.new_visit()

    # -- out: what the screens offer and show --------------------------------------------------------------
    def outcome_offer(self, level: str) -> tuple[bool, CallState]:
        """For the outcome screen being built: the button or not, and the call's state to show."""
        return self.front_desk.call_on_outcome(level), self.front_desk.call

    def bar_offer(self) -> tuple[bool, CallState]:
        """For the bar being built (``alerts.button_everywhere``)."""
        return self.front_desk.in_bar, self.front_desk.call

    @property
    def status(self) -> str:
        """The staff panel's Alerts line."""
        return self.front_desk.status

    def _call_changed(self) -> None:
        """The call's delivery moved on: the buttons on show follow in place, no screen is rebuilt."""
        state = self.front_desk.call
        own = False
        if self._outcome_on_show() is not None:
            from kiosk.ui.screens.selfcheck import OutcomeScreen  # loaded: an outcome screen is on show

            screen = self.window.screen_widget
            if isinstance(screen, OutcomeScreen):
                screen.show_call(state)
                own = screen.call is not None
        bar = self.window.bar
        if isinstance(bar, AccessBar):
            bar.show_call(state, line=not own)

    def _status_changed(self, _status: str) -> None:
        if self.session.nav.current == STAFF_PANEL:
            self._show(STAFF_PANEL)  # the panel's Alerts line follows deliveries while staff look at it

    def close(self) -> None:
        self.front_desk.close()
