"""The front desk's side of the kiosk: one object the app configures from content and tells what happens.

It owns the alert sender and the chime, knows whether the "Call a staff member" button may be offered
(only when a webhook would hear it) and follows this visit's call as it is delivered (:attr:`call`), so
the button says what really happened: "Sending to staff…", then "Staff have been sent a message" once a
webhook took it, or back again with "We could not reach staff…" when it failed. A rebuilt screen (a new
language, larger text) shows the same state and never sends twice. The app wires it: content in, outcomes and
taps in, status and counts out. Nothing is created without an ``alerts:`` block: no thread, no audio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.core.alerts import OUTCOME_LEVELS, CallState

if TYPE_CHECKING:  # the sender and the chime are imported when an alerts: block first needs them, not at start
    from kiosk.content import Content
    from kiosk.core.alerts import Alert
    from kiosk.core.metrics import Metrics
    from kiosk.services.alerts import AlertService, Now
    from kiosk.services.chime import Chime

OFF = "off (the content file has no alerts.webhooks)"


class FrontDesk(QObject):
    #: The staff panel's "Alerts" line changed (emitted on the GUI thread).
    status_changed = Signal(str)
    #: :attr:`call` changed (on the GUI thread): the buttons on show follow it in place.
    call_changed = Signal()

    def __init__(self, metrics: Metrics, *, now: Now | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self._now = now
        self.content: Content | None = None
        self.service: AlertService | None = None
        self.chime: Chime | None = None
        self._started = False  # past the first frame: a chime may be made
        #: This visit's "Call a staff member", as far as it got: the buttons show it.
        self.call = CallState.NONE
        self._calls: list[Alert] = []  # this visit's calls, the latest last
        #: Outcomes already announced this visit: Back and forward again, or Start over, do not repeat them.
        self._announced: set[str] = set()

    def configure(self, content: Content | None) -> None:
        """At start and on every content file swapped in."""
        self.content = content
        settings = content.alerts if content else None
        name = self._name(content)
        webhooks = settings.webhooks if settings else ()
        if self.service is None and webhooks:
            from kiosk.services.alerts import AlertService, local_now

            self.service = AlertService(name, webhooks, settings.format if settings else "json",
                                        now=self._now or local_now, parent=self)
            self.service.finished.connect(self.metrics.alert_finished)
            self.service.status_changed.connect(self.status_changed)
            self.service.attempted.connect(self._attempted)
        elif self.service is not None:
            self.service.configure(name, webhooks, settings.format if settings else "json")
        if self.chime is not None:
            self.chime.configure(bool(settings and settings.chime), settings.volume if settings else 0.0)
        elif self._started and settings is not None and settings.chime:
            from kiosk.services.chime import Chime

            self.chime = Chime(enabled=True, volume=settings.volume, parent=self)

    def start_chime(self) -> None:
        """After the first frame: Qt Multimedia costs start-up time, and only an alerts: block wants it."""
        self._started = True
        self.configure(self.content)

    @property
    def can_call(self) -> bool:
        return self.service is not None and self.service.can_send

    def call_on_outcome(self, level: str) -> bool:
        """Offer "Call a staff member" on this outcome screen."""
        return self.can_call and level in OUTCOME_LEVELS

    @property
    def in_bar(self) -> bool:
        """Offer it in the bar of every screen (``alerts.button_everywhere``)."""
        alerts = self.content.alerts if self.content else None
        return self.can_call and alerts is not None and alerts.button_everywhere

    def new_visit(self) -> None:
        self._calls.clear()
        self._announced.clear()
        self._set_call(CallState.NONE)

    def outcome_opened(self, level: str, outcome_id: str) -> None:
        if outcome_id in self._announced:
            return
        self._announced.add(outcome_id)
        if self.chime is not None:
            self.chime.outcome_opened(level)
        if self.service is not None:
            self.service.outcome_opened(level, outcome_id)

    def staff_called(self, level: str | None = None, outcome_id: str | None = None) -> None:
        """A tap on "Call a staff member": sent unless a call of this visit is on its way or was delivered."""
        if not self.call.may_call or self.service is None:
            return
        self._calls.append(self.service.staff_called(level, outcome_id))
        self._set_call(CallState.SENDING)

    def _attempted(self, alert: Alert, delivered: bool) -> None:
        """One try of one webhook finished. Any of this visit's calls delivered anywhere: staff have it.
        The latest call failing (and none delivered): the patient is told now, not after five minutes of
        retries; a retry that gets through later still turns the words to delivered."""
        if not any(call is alert for call in self._calls):
            return  # the outcome's own alert, or a call of an earlier visit
        if delivered:
            self._set_call(CallState.DELIVERED)
        elif self.call is CallState.SENDING and alert is self._calls[-1]:
            self._set_call(CallState.FAILED)

    def _set_call(self, state: CallState) -> None:
        if state is not self.call:
            self.call = state
            self.call_changed.emit()

    @property
    def status(self) -> str:
        return self.service.status if self.service is not None and self.service.can_send else OFF

    def close(self) -> None:
        if self.service is not None:
            self.service.close()

    @staticmethod
    def _name(content: Content | None) -> str:
        if content is None:
            return "kiosk"
        if content.alerts is not None and content.alerts.name:
            return content.alerts.name
        return content.kiosk.title.get(content.default_language)
