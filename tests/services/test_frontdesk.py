"""FrontDesk: what the app asks of the alerts feature, from the content file's alerts: block."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import Content, load
from kiosk.core.alerts import CallState
from kiosk.core.metrics import Metrics
from kiosk.model.levels import LEVEL_IDS
from kiosk.services.frontdesk import OFF, FrontDesk
from tests.helpers import MINIMAL, write
from tests.services.receivers import Receiver, down_url, receiver

__all__ = ["down_url", "receiver"]  # fixtures

AT = datetime(2026, 12, 6, 10, 42, tzinfo=UTC)


def content(tmp_path: Path, block: str = "") -> Content:
    return load(write(tmp_path, MINIMAL + block))


@pytest.fixture
def desk(qapp: object) -> Iterator[FrontDesk]:
    made = FrontDesk(Metrics(levels=LEVEL_IDS), now=lambda: AT)
    yield made
    made.close()


def test_without_a_block_nothing_is_offered(desk: FrontDesk, tmp_path: Path) -> None:
    desk.configure(content(tmp_path))
    desk.start_chime()
    assert (desk.service, desk.chime, desk.can_call, desk.in_bar) == (None, None, False, False)
    assert not desk.call_on_outcome("emergency")
    assert desk.status == OFF
    desk.outcome_opened("emergency", "emergency-now")  # nothing to do, and no error
    desk.staff_called("emergency", "emergency-now")


def test_a_webhook_offers_the_button_on_urgent_and_emergency_only(desk: FrontDesk, receiver: Receiver,
                                                                   tmp_path: Path) -> None:
    desk.configure(content(tmp_path, f"alerts:\n  webhooks: [{receiver.url}]\n  chime: false\n"))
    assert desk.can_call and not desk.in_bar
    assert [desk.call_on_outcome(level) for level in ("self-care", "call-clinic", "urgent", "emergency")] == [
        False, False, True, True]
    assert desk.status == "no alert sent since the kiosk started"


def test_one_call_and_one_announcement_per_visit(desk: FrontDesk, receiver: Receiver, tmp_path: Path,
                                                 qtbot: QtBot) -> None:
    desk.configure(content(tmp_path, f"alerts:\n  webhooks: [{receiver.url}]\n  chime: false\n"))
    desk.outcome_opened("urgent", "get-help-today")
    desk.outcome_opened("urgent", "get-help-today")  # Back, then the same answer again
    desk.staff_called("urgent", "get-help-today")
    desk.staff_called("urgent", "get-help-today")  # on its way: a second tap sends nothing
    assert desk.call is CallState.SENDING
    qtbot.waitUntil(lambda: desk.call is CallState.DELIVERED, timeout=10_000)
    desk.staff_called("urgent", "get-help-today")  # delivered: nothing more to send
    desk.new_visit()
    assert desk.call is CallState.NONE
    desk.staff_called(None, None)
    qtbot.waitUntil(lambda: len(receiver.posts) == 3, timeout=10_000)
    assert [(b["kiosk"], b["level"], b["reason"]) for b in (json.loads(p.body) for p in receiver.posts)] == [
        ("Test kiosk", "urgent", "outcome"), ("Test kiosk", "urgent", "button"),
        ("Test kiosk", "assistance", "button")]
    qtbot.waitUntil(lambda: 'kiosk_alerts_total{level="urgent",result="delivered"} 2.0' in desk.metrics.text())


def test_a_reload_without_webhooks_turns_it_off(desk: FrontDesk, receiver: Receiver, tmp_path: Path) -> None:
    desk.configure(content(tmp_path, f"alerts:\n  webhooks: [{receiver.url}]\n  button_everywhere: true\n"))
    assert desk.in_bar
    desk.configure(content(tmp_path, "alerts:\n  chime: false\n"))
    assert not desk.can_call and not desk.in_bar and desk.status == OFF


def test_switched_off_chime_is_never_made(desk: FrontDesk, tmp_path: Path) -> None:
    desk.configure(content(tmp_path, "alerts:\n  chime: false\n"))
    desk.start_chime()
    assert desk.chime is None


def test_the_call_follows_its_delivery_a_500_fails_and_a_second_tap_may_send_again(
        desk: FrontDesk, receiver: Receiver, tmp_path: Path, qtbot: QtBot) -> None:
    receiver.answers = [500, 200]
    desk.configure(content(tmp_path, f"alerts:\n  webhooks: [{receiver.url}]\n  chime: false\n"))
    seen: list[CallState] = []
    desk.call_changed.connect(lambda: seen.append(desk.call))
    desk.staff_called(None, None)
    qtbot.waitUntil(lambda: desk.call is CallState.FAILED, timeout=10_000)
    desk.staff_called(None, None)  # the button came back: a tap tries again
    qtbot.waitUntil(lambda: desk.call is CallState.DELIVERED, timeout=10_000)
    assert seen == [CallState.SENDING, CallState.FAILED, CallState.SENDING, CallState.DELIVERED]
    assert len(receiver.posts) == 2


def test_a_refused_connection_fails_the_call_and_the_outcome_alert_does_not_touch_it(
        desk: FrontDesk, down_url: str, tmp_path: Path, qtbot: QtBot) -> None:
    desk.configure(content(tmp_path, f"alerts:\n  webhooks: [{down_url}]\n  chime: false\n"))
    desk.outcome_opened("emergency", "emergency-now")
    with qtbot.waitSignal(desk.status_changed, timeout=10_000):
        pass
    assert desk.call is CallState.NONE  # the outcome's own alert failing is the staff panel's business
    desk.staff_called("emergency", "emergency-now")
    qtbot.waitUntil(lambda: desk.call is CallState.FAILED, timeout=10_000)
    assert desk.status.startswith("failing: connection refused since 10:42, retrying")
    desk.new_visit()
    assert desk.call is CallState.NONE
