"""What an alert says in each format, and how its delivery state reads in the staff panel."""

from __future__ import annotations

import json
import urllib.error
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.core.alerts import Alert, DeliveryState, message, reason_of, summary

AT = datetime(2026, 12, 6, 10, 42, 7, tzinfo=timezone(timedelta(hours=-5)))


def alert(reason: str = "outcome", level: str = "emergency", outcome_id: str | None = "emergency-now") -> Alert:
    return Alert("Waiting room 2", level, outcome_id, AT, reason)


def test_json_body_is_exactly_the_five_facts() -> None:
    body, headers = message(alert(), "json")
    assert body == (b'{"kiosk": "Waiting room 2", "level": "emergency", "id": "emergency-now", '
                    b'"time": "2026-12-06T10:42:07-05:00", "reason": "outcome"}')
    assert headers == {"Content-Type": "application/json"}


def test_button_away_from_an_outcome_has_no_id() -> None:
    body, _ = message(alert("button", "assistance", None), "json")
    assert json.loads(body) == {"kiosk": "Waiting room 2", "level": "assistance", "id": None,
                                "time": "2026-12-06T10:42:07-05:00", "reason": "button"}


def test_slack_and_mattermost_read_a_text() -> None:
    body, headers = message(alert("button"), "slack")
    assert json.loads(body) == {"text": 'Waiting room 2: a patient tapped "Call a staff member" '
                                        "(the emergency outcome 'emergency-now') at 10:42."}
    assert headers["Content-Type"] == "application/json"


def test_ntfy_gets_text_with_an_ascii_title_and_a_priority() -> None:
    body, headers = message(Alert("Sala de espera — 2", "urgent", "get-help-today", AT, "outcome"), "ntfy")
    assert body.decode("utf-8") == ("Sala de espera — 2: the self-check reached the urgent outcome "
                                    "'get-help-today' at 10:42.")
    assert headers == {"Content-Type": "text/plain; charset=utf-8", "Title": "Kiosk alert: urgent",
                       "Priority": "high", "Tags": "bell"}
    assert all(value.isascii() for value in headers.values())
    assert message(alert(), "ntfy")[1]["Priority"] == "urgent"


def test_only_closed_sets_make_an_alert() -> None:
    with pytest.raises(ValueError):
        Alert("k", "self-care", "fine", AT, "outcome")
    with pytest.raises(ValueError):
        Alert("k", "urgent", "x", AT, "because")
    with pytest.raises(ValueError):
        message(alert(), "xml")


@pytest.mark.parametrize(("exc", "words", "again"), [
    (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "connection refused", True),
    (TimeoutError("timed out"), "no answer within 3 s", True),
    (urllib.error.URLError(TimeoutError()), "no answer within 3 s", True),
    (urllib.error.HTTPError("http://x/", 500, "Server Error", {}, None), "HTTP 500", True),  # type: ignore[arg-type]
    (urllib.error.HTTPError("http://x/", 429, "Slow down", {}, None), "HTTP 429", True),  # type: ignore[arg-type]
    (urllib.error.HTTPError("http://x/", 404, "Not Found", {}, None), "HTTP 404", False),  # type: ignore[arg-type]
])
def test_reasons_are_short_and_say_whether_to_retry(exc: BaseException, words: str, again: bool) -> None:
    assert reason_of(exc, 3.0) == (words, again)


def test_state_text_follows_deliveries_and_failures() -> None:
    state = DeliveryState()
    assert state.text() == "no alert sent since the kiosk started"
    state.delivered(datetime(2026, 12, 6, 10, 38, tzinfo=UTC))
    assert state.text() == "last alert: delivered 10:38"
    state.failed(datetime(2026, 12, 6, 10, 40, tzinfo=UTC), "connection refused", "ntfy.lan")
    state.failed(datetime(2026, 12, 6, 10, 41, tzinfo=UTC), "connection refused", "ntfy.lan")
    assert state.text() == "failing: connection refused since 10:40, retrying"
    assert state.text(many=True) == "failing: connection refused (ntfy.lan) since 10:40, retrying"
    state.gave_up(datetime(2026, 12, 6, 10, 45, tzinfo=UTC))
    assert state.text() == "failing: connection refused since 10:40, gave up at 10:45"
    state.delivered(datetime(2026, 12, 6, 10, 50, tzinfo=UTC))
    assert state.text() == "last alert: delivered 10:50"


def test_summary_puts_the_longest_failure_first_else_the_latest_delivery() -> None:
    early, late, fine = DeliveryState(), DeliveryState(), DeliveryState()
    assert summary([early, late]) == "no alert sent since the kiosk started"
    fine.delivered(datetime(2026, 12, 6, 10, 30, tzinfo=UTC))
    assert summary([early, fine]) == "last alert: delivered 10:30"
    late.failed(datetime(2026, 12, 6, 10, 41, tzinfo=UTC), "HTTP 502", "chat.lan")
    early.failed(datetime(2026, 12, 6, 10, 40, tzinfo=UTC), "connection refused", "ntfy.lan")
    assert summary([late, early, fine]) == "failing: connection refused (ntfy.lan) since 10:40, retrying"
