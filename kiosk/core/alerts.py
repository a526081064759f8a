"""What an alert to the front desk says, when a failed one is tried again, and how its state reads to staff.

Pure Python, no Qt and no network: :mod:`kiosk.services.alerts` does the sending. An alert carries
only facts about the kiosk — its name, the outcome's level and id, the time and why it was sent —
never a question, an answer or anything a patient typed, so nothing about the patient leaves the
kiosk. Three shapes of message cover the receivers clinics already run: ``json`` (Home Assistant's
webhook trigger, anything custom), ``slack`` (Mattermost/Slack incoming webhooks read ``{"text": …}``)
and ``ntfy`` (a plain-text body, its title and priority in headers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

ALERT_LEVELS = ("urgent", "emergency", "assistance")  # "assistance": the bar's button, away from an outcome
OUTCOME_LEVELS = ("urgent", "emergency")  # the outcome levels that chime and send by themselves
REASONS = ("outcome", "button")
RESULTS = ("delivered", "failed")

#: Seconds before each retry: seven tries over about five minutes, then the alert is given up.
BACKOFF: tuple[float, ...] = (5, 10, 20, 40, 80, 160)
TIMEOUT_S = 3.0



class CallState(Enum):
    """Where this visit's "Call a staff member" stands, as the patient is told it: the words follow
    delivery, so nobody waits believing help is coming when no message reached anyone."""

    NONE = "none"  # not tapped this visit: "Call a staff member"
    SENDING = "sending"  # tapped, nothing delivered yet: "Sending to staff…"
    DELIVERED = "delivered"  # at least one webhook took it: "Staff have been sent a message"
    FAILED = "failed"  # the last call failed (retries may follow): the button is back, with "We could not reach staff…"

    @property
    def may_call(self) -> bool:
        return self in (CallState.NONE, CallState.FAILED)


_NTFY_PRIORITY = {"emergency": "urgent", "urgent": "high", "assistance": "high"}


@dataclass(frozen=True)
class Alert:
    kiosk: str
    level: str
    outcome_id: str | None  # None for the bar's button away from an outcome
    time: datetime  # aware, local: the receiver sees the kiosk's own clock and offset
    reason: str

    def __post_init__(self) -> None:
        if self.level not in ALERT_LEVELS or self.reason not in REASONS:
            raise ValueError(f"an alert's level is one of {ALERT_LEVELS} and its reason one of {REASONS}")

    def as_json(self) -> dict[str, str | None]:
        return {"kiosk": self.kiosk, "level": self.level, "id": self.outcome_id,
                "time": self.time.isoformat(timespec="seconds"), "reason": self.reason}

    def sentence(self) -> str:
        """One line a person at the front desk reads in a chat or a notification."""
        at = self.time.strftime("%H:%M")
        outcome = f"the {self.level} outcome '{self.outcome_id}'" if self.outcome_id else None
        if self.reason == "outcome":
            return f"{self.kiosk}: the self-check reached {outcome} at {at}."
        where = f" ({outcome})" if outcome else ""
        return f'{self.kiosk}: a patient tapped "Call a staff member"{where} at {at}.'


def message(alert: Alert, fmt: str) -> tuple[bytes, dict[str, str]]:
    """The POST body and headers for *fmt* (``json``, ``slack`` or ``ntfy``)."""
    import json

    if fmt == "json":
        return json.dumps(alert.as_json(), ensure_ascii=False).encode("utf-8"), {
            "Content-Type": "application/json"}
    if fmt == "slack":
        return json.dumps({"text": alert.sentence()}, ensure_ascii=False).encode("utf-8"), {
            "Content-Type": "application/json"}
    if fmt == "ntfy":
        # Headers travel as Latin-1: the title stays ASCII, the kiosk's name goes in the UTF-8 body.
        return alert.sentence().encode("utf-8"), {
            "Content-Type": "text/plain; charset=utf-8", "Title": f"Kiosk alert: {alert.level}",
            "Priority": _NTFY_PRIORITY[alert.level], "Tags": "rotating_light" if alert.level == "emergency" else "bell"}
    raise ValueError(f"unknown alert format {fmt!r}")


def reason_of(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """Short words for why a POST failed, and whether trying again may help (a 404 will not go away)."""
    import socket  # here, not at the top: ssl and urllib cost ~35 ms, and metrics (start-up) imports this module
    import ssl
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}", exc.code >= 500 or exc.code in (408, 425, 429)
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", True
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s", True
    if isinstance(exc, socket.gaierror):
        return "server name not found", True
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the server's certificate is not trusted", True
    if isinstance(exc, ConnectionResetError):
        return "connection reset", True
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:], True
    return type(exc).__name__, True


@dataclass
class DeliveryState:
    """The state staff see in their panel: the last delivery, or the failure that has lasted since when."""

    delivered_at: datetime | None = None
    failing_since: datetime | None = None
    failing_reason: str = ""
    failing_host: str = ""
    gave_up_at: datetime | None = None

    def delivered(self, when: datetime) -> None:
        self.delivered_at = when
        self.failing_since = self.gave_up_at = None
        self.failing_reason = self.failing_host = ""

    def failed(self, when: datetime, reason: str, host: str) -> None:
        if self.failing_since is None:
            self.failing_since = when
        self.failing_reason, self.failing_host = reason, host
        self.gave_up_at = None  # until :meth:`gave_up`: a retry is due

    def gave_up(self, when: datetime) -> None:
        self.gave_up_at = when

    def text(self, many: bool = False) -> str:
        """``last alert: delivered 10:42`` or ``failing: connection refused since 10:40, retrying``."""
        if self.failing_since is not None:
            to = f" ({self.failing_host})" if many and self.failing_host else ""
            then = f", gave up at {self.gave_up_at:%H:%M}" if self.gave_up_at else ", retrying"
            return f"failing: {self.failing_reason}{to} since {self.failing_since:%H:%M}{then}"
        if self.delivered_at is not None:
            return f"last alert: delivered {self.delivered_at:%H:%M}"
        return "no alert sent since the kiosk started"


def summary(states: Sequence[DeliveryState]) -> str:
    """One line for every receiver: a failing one first (the longest failing), else the latest delivery."""
    failing = sorted((s for s in states if s.failing_since is not None), key=lambda s: s.failing_since)
    if failing:
        return failing[0].text(many=len(states) > 1)
    delivered = [s for s in states if s.delivered_at is not None]
    if delivered:
        return max(delivered, key=lambda s: s.delivered_at).text()
    return DeliveryState().text()
