"""Send alerts to the front desk without ever holding up a tap.

Each alert becomes one POST per webhook, made on a worker thread (one per kiosk, fed by a queue):
the GUI thread only enqueues, which takes microseconds whatever the network does. A POST waits at
most :data:`~kiosk.core.alerts.TIMEOUT_S`; a failure that may pass (refused, time-out, HTTP 5xx) is
tried again after each delay of the back-off schedule, about five minutes in all, then given up. Every
failure is logged with the receiver's host only: never the body, never the whole address (Slack and
ntfy addresses are secrets in themselves). :class:`AlertService` is the Qt face the app wires up: it
turns outcomes and button taps into alerts and reports the state for the staff panel as a signal.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from kiosk.core.alerts import (
    BACKOFF,
    OUTCOME_LEVELS,
    TIMEOUT_S,
    Alert,
    DeliveryState,
    message,
    reason_of,
    summary,
)

log = logging.getLogger(__name__)

Now = Callable[[], datetime]
_STOP = object()


def local_now() -> datetime:
    return datetime.now().astimezone()


class _Job:
    """One alert to one webhook, and how many times it has been tried."""

    __slots__ = ("alert", "attempt", "fmt", "url")

    def __init__(self, alert: Alert, url: str, fmt: str) -> None:
        self.alert, self.url, self.fmt, self.attempt = alert, url, fmt, 0


class Sender:
    """The worker thread and its queue. Plain Python; callbacks run on the worker thread."""

    def __init__(self, webhooks: Sequence[str], fmt: str = "json", *, timeout: float = TIMEOUT_S,
                 backoff: Sequence[float] = BACKOFF, now: Now = local_now,
                 on_result: Callable[[str, str], None] | None = None,
                 on_status: Callable[[str], None] | None = None,
                 on_attempt: Callable[[Alert, bool], None] | None = None) -> None:
        self.timeout = timeout
        self.backoff = tuple(backoff)
        self._now = now
        self._on_result = on_result
        self._on_status = on_status
        self._on_attempt = on_attempt
        self._lock = threading.Lock()
        self._webhooks = tuple(webhooks)
        self._fmt = fmt
        self._states: dict[str, DeliveryState] = {}  # by webhook; only those of the current file count
        self._queue: queue.Queue[object] = queue.Queue()
        import urllib.request  # ~12 ms: only a kiosk with webhooks pays it, after its first frame

        # No proxy from the environment: a receiver in the clinic's network must be reached directly.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._thread = threading.Thread(target=self._run, name="kiosk-alerts", daemon=True)
        self._thread.start()

    # -- called from the GUI thread -----------------------------------------------------------------
    def configure(self, webhooks: Sequence[str], fmt: str) -> None:
        """New receivers for alerts from now on (a content reload); retries already due keep theirs."""
        with self._lock:
            self._webhooks, self._fmt = tuple(webhooks), fmt

    @property
    def webhooks(self) -> tuple[str, ...]:
        return self._webhooks

    def send(self, alert: Alert) -> None:
        """Queue *alert* for every webhook and return at once."""
        with self._lock:
            jobs = [_Job(alert, url, self._fmt) for url in self._webhooks]
        for job in jobs:
            self._queue.put(job)

    @property
    def status(self) -> str:
        with self._lock:
            return summary([self._states.get(url, DeliveryState()) for url in self._webhooks])

    def close(self, wait: float = TIMEOUT_S + 1) -> None:
        """Stop the thread (alerts still waiting for a retry are dropped, and logged)."""
        self._queue.put(_STOP)
        self._thread.join(wait)

    # -- the worker thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        due: list[tuple[float, int, _Job]] = []
        order = itertools.count()
        while True:
            wait = max(0.0, due[0][0] - time.monotonic()) if due else None
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                item = None
            if item is _STOP:
                if due:
                    log.warning("the kiosk stopped with %d alert deliveries still to retry", len(due))
                return
            if isinstance(item, _Job):
                heapq.heappush(due, (time.monotonic(), next(order), item))
            while due and due[0][0] <= time.monotonic():
                job = heapq.heappop(due)[2]
                delay = self._attempt(job)
                if delay is not None:
                    job.attempt += 1
                    heapq.heappush(due, (time.monotonic() + delay, next(order), job))

    def _attempt(self, job: _Job) -> float | None:
        """POST once. Returns the delay before the next try, or None when the job is finished."""
        import urllib.request

        body, headers = message(job.alert, job.fmt)
        request = urllib.request.Request(job.url, data=body, method="POST",
                                         headers={**headers, "User-Agent": "clinic-kiosk"})
        host = urlsplit(job.url).hostname or "?"
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read(64 * 1024)
        except Exception as exc:  # any failure of one POST must never end the thread
            reason, may_pass = reason_of(exc, self.timeout)
            retry = may_pass and job.attempt < len(self.backoff)
            with self._lock:
                state = self._states.setdefault(job.url, DeliveryState())
                state.failed(self._now(), reason, host)
                if not retry:
                    state.gave_up(self._now())
            if retry:
                delay = self.backoff[job.attempt]
                log.warning("alert to %s failed (try %d): %s; trying again in %g s", host, job.attempt + 1, reason,
                            delay)
            else:
                log.error("alert to %s failed (try %d): %s; given up", host, job.attempt + 1, reason)
                self._result(job, "failed")
            self._attempted(job, False)
            self._status()
            return delay if retry else None
        with self._lock:
            self._states.setdefault(job.url, DeliveryState()).delivered(self._now())
        log.info("alert delivered to %s (try %d)", host, job.attempt + 1)
        self._result(job, "delivered")
        self._attempted(job, True)
        self._status()
        return None

    def _attempted(self, job: _Job, delivered: bool) -> None:
        if self._on_attempt is not None:
            self._on_attempt(job.alert, delivered)

    def _result(self, job: _Job, result: str) -> None:
        if self._on_result is not None:
            self._on_result(job.alert.level, result)

    def _status(self) -> None:
        if self._on_status is not None:
            self._on_status(self.status)


class AlertService(QObject):
    """Outcomes and "Call a staff member" taps in, POSTs out; its state for the staff panel.

    Signals are emitted from the worker thread; Qt queues them to the receiver's thread, so slots
    connected in the app run on the GUI thread.
    """

    #: The staff panel's line: "last alert: delivered 10:42" / "failing: connection refused since 10:40, …".
    status_changed = Signal(str)
    #: level, "delivered" | "failed": one per alert and webhook, for ``kiosk_alerts_total{level,result}``.
    finished = Signal(str, str)
    #: (the :class:`Alert`, delivered?) after every try of every webhook: what the patient's button follows.
    attempted = Signal(object, bool)

    def __init__(self, kiosk_name: str, webhooks: Sequence[str], fmt: str = "json", *,
                 timeout: float = TIMEOUT_S, backoff: Sequence[float] = BACKOFF, now: Now = local_now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk_name = kiosk_name
        self._now = now
        self._sender = Sender(webhooks, fmt, timeout=timeout, backoff=backoff, now=now,
                              on_result=self.finished.emit, on_status=self.status_changed.emit,
                              on_attempt=self.attempted.emit)

    @property
    def status(self) -> str:
        return self._sender.status

    @property
    def can_send(self) -> bool:
        """Whether a "Call a staff member" button would reach anyone: show it only then."""
        return bool(self._sender.webhooks)

    def configure(self, kiosk_name: str, webhooks: Sequence[str], fmt: str) -> None:
        self.kiosk_name = kiosk_name
        self._sender.configure(webhooks, fmt)

    def outcome_opened(self, level: str, outcome_id: str) -> None:
        """An outcome screen opened: urgent and emergency ones are sent, the others are not."""
        if level in OUTCOME_LEVELS:
            self._sender.send(Alert(self.kiosk_name, level, outcome_id, self._now(), "outcome"))

    def staff_called(self, level: str | None = None, outcome_id: str | None = None) -> Alert:
        """The patient tapped "Call a staff member": on an urgent or emergency outcome, or in the bar.
        The alert is returned so the caller can follow its delivery (:attr:`attempted`)."""
        if level not in OUTCOME_LEVELS:
            level, outcome_id = "assistance", None
        alert = Alert(self.kiosk_name, level, outcome_id, self._now(), "button")
        self._sender.send(alert)
        return alert

    def close(self) -> None:
        self._sender.close()
