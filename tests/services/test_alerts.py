"""Alerts reach real HTTP servers on 127.0.0.1; down, slow and failing ones are retried, then given up, and said so."""

from __future__ import annotations

import json
import logging
import queue
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from kiosk.core.alerts import Alert
from kiosk.services.alerts import Sender
from tests.services.receivers import Receiver, down_url, receiver, slow_url

__all__ = ["down_url", "receiver", "slow_url"]  # fixtures

AT = datetime(2026, 12, 6, 10, 40, 5, tzinfo=UTC)
FAST = (0.01, 0.02, 0.04)  # the back-off schedule, in hundredths of the real one's seconds


def alert(level: str = "emergency", reason: str = "outcome") -> Alert:
    return Alert("Waiting room 2", level, "emergency-now", AT, reason)


@pytest.fixture
def make_sender() -> Iterator[Callable[..., tuple[Sender, queue.Queue[tuple[str, str]]]]]:
    """A Sender whose results arrive in a queue; every one is closed after the test."""
    made: list[Sender] = []

    def make(webhooks: list[str], fmt: str = "json", **options: object) -> tuple[Sender, queue.Queue[tuple[str, str]]]:
        results: queue.Queue[tuple[str, str]] = queue.Queue()
        options = {"backoff": FAST, "timeout": 0.3, "now": lambda: AT, **options}
        sender = Sender(webhooks, fmt, on_result=lambda level, result: results.put((level, result)),
                        **options)  # type: ignore[arg-type]
        made.append(sender)
        return sender, results

    yield make
    for sender in made:
        sender.close()


def test_the_receiver_gets_the_exact_body(receiver: Receiver, make_sender: Callable[..., tuple]) -> None:
    sender, results = make_sender([receiver.url])
    assert sender.status == "no alert sent since the kiosk started"
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "delivered")
    [post] = receiver.posts
    assert post.path == "/front-desk"
    assert post.body == (b'{"kiosk": "Waiting room 2", "level": "emergency", "id": "emergency-now", '
                         b'"time": "2026-12-06T10:40:05+00:00", "reason": "outcome"}')
    assert post.headers["Content-Type"] == "application/json"
    assert sender.status == "last alert: delivered 10:40"


def test_ntfy_format_reaches_the_server_as_text(receiver: Receiver, make_sender: Callable[..., tuple]) -> None:
    sender, results = make_sender([receiver.url], "ntfy")
    sender.send(alert("urgent", "button"))
    assert results.get(timeout=10) == ("urgent", "delivered")
    [post] = receiver.posts
    assert post.body.decode() == ('Waiting room 2: a patient tapped "Call a staff member" '
                                  "(the urgent outcome 'emergency-now') at 10:40.")
    assert (post.headers["Title"], post.headers["Priority"]) == ("Kiosk alert: urgent", "high")


def test_a_server_answering_500_is_retried_until_it_takes_it(receiver: Receiver,
                                                             make_sender: Callable[..., tuple]) -> None:
    receiver.answers = [500, 503]
    statuses: queue.Queue[str] = queue.Queue()
    sender, results = make_sender([receiver.url], on_status=statuses.put)
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "delivered")
    assert [statuses.get(timeout=1) for _ in range(3)] == [
        "failing: HTTP 500 since 10:40, retrying", "failing: HTTP 503 since 10:40, retrying",
        "last alert: delivered 10:40"]
    assert len(receiver.posts) == 3 and len({p.body for p in receiver.posts}) == 1  # the same alert each time


def test_a_server_that_is_down_is_retried_then_given_up(down_url: str, make_sender: Callable[..., tuple],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.services.alerts")
    sender, results = make_sender([down_url])
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "failed")
    assert sender.status == "failing: connection refused since 10:40, gave up at 10:40"
    tries = [r for r in caplog.records if r.name == "kiosk.services.alerts"]
    assert [r.levelname for r in tries] == ["WARNING"] * len(FAST) + ["ERROR"]
    assert tries[-1].getMessage() == "alert to 127.0.0.1 failed (try 4): connection refused; given up"
    for record in tries:  # never the body, never the secret part of an address
        text = record.getMessage()
        assert "emergency" not in text and "front-desk" not in text and "Waiting room" not in text


def test_a_server_that_never_answers_times_out_and_is_retried(slow_url: str,
                                                              make_sender: Callable[..., tuple]) -> None:
    sender, results = make_sender([slow_url], backoff=(0.01,), timeout=0.2)
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "failed")
    assert sender.status == "failing: no answer within 0.2 s since 10:40, gave up at 10:40"


def test_a_wrong_address_is_not_retried(receiver: Receiver, make_sender: Callable[..., tuple]) -> None:
    receiver.answers = [404]
    sender, results = make_sender([receiver.url])
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "failed")
    assert len(receiver.posts) == 1
    assert sender.status == "failing: HTTP 404 since 10:40, gave up at 10:40"


def test_sending_returns_while_a_slow_server_holds_the_worker(slow_url: str, receiver: Receiver,
                                                              make_sender: Callable[..., tuple]) -> None:
    sender, results = make_sender([slow_url], backoff=(), timeout=1.0)
    sender.send(alert())
    sender.configure([receiver.url], "json")
    sender.send(alert("urgent"))  # queued behind the slow POST, and send() did not wait for it
    assert sender.status == "no alert sent since the kiosk started"
    assert {results.get(timeout=10), results.get(timeout=10)} == {("emergency", "failed"), ("urgent", "delivered")}
    assert json.loads(receiver.posts[0].body)["level"] == "urgent"


def test_one_down_receiver_does_not_stop_the_others(receiver: Receiver, down_url: str,
                                                    make_sender: Callable[..., tuple]) -> None:
    sender, results = make_sender([down_url, receiver.url], backoff=(60,))
    sender.send(alert())
    assert results.get(timeout=10) == ("emergency", "delivered")
    assert len(receiver.posts) == 1
    # The down one waits a minute for its retry: the panel says it, and which receiver it is.
    assert sender.status == "failing: connection refused (127.0.0.1) since 10:40, retrying"
