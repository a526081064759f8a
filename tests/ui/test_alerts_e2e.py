"""Issue 26 end to end: a patient taps through to the emergency outcome and a real server on 127.0.0.1 hears it.

Built with build_kiosk on a copy of the bundled content.yaml with an ``alerts:`` block, driven by real
touches; the words on the buttons follow what the server did (200, 500, refused, silent), and the staff
panel's Alerts line and the metrics counter are read the way staff read them.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk
from kiosk.core.alerts import CallState
from kiosk.core.pin import weak_hash_pin
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen
from kiosk.ui.screens.staff import StaffPanelScreen
from tests.core.fakeclock import FakeClock
from tests.helpers import BUNDLED, button, button_names, touch_tap
from tests.services.receivers import Receiver, down_url, receiver, slow_url
from tests.ui.conftest import Keep

__all__ = ["down_url", "receiver", "slow_url"]  # fixtures

FAST_HASH = weak_hash_pin("4321", 1000)
CALL, SENDING, DELIVERED = "Call a staff member", "Sending to staff…", "Staff have been sent a message"
FAILED = "We could not reach staff. Please tell a staff member now."
FRAME_GAP_MS = 100  # the one timed bound: a tap during a slow delivery is handled within a frame gap


def content_with_alerts(tmp_path: Path, webhook: str, *, extra: str = "") -> Path:
    """The bundled file (beside its icons) with a quick PIN and an alerts: block posting to *webhook*."""
    text = re.sub(r'pin_hash: "[^"]+"', f'pin_hash: "{FAST_HASH}"', BUNDLED.read_text(encoding="utf-8"))
    text = text.rstrip("\n") + f"\n\nalerts:\n  webhooks: [{webhook}]\n  name: Waiting room 2\n  chime: false\n{extra}"
    (tmp_path / "icons").symlink_to(BUNDLED.parent / "icons")
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def open_alerts_kiosk(qtbot: QtBot, keep: Keep) -> Iterator[Callable[..., KioskApp]]:
    def _open(path: Path, clock: FakeClock | None = None) -> KioskApp:
        window = build_kiosk(path, clock=clock or FakeClock())
        kiosk = keep(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        return kiosk

    yield _open


def tap_through_to_emergency(kiosk: KioskApp) -> OutcomeScreen:
    touch_tap(button(kiosk.window, "Side-effect self-check"))
    touch_tap(button(kiosk.window, "Start"))
    while isinstance(kiosk.screen, QuestionScreen):
        asked = kiosk.screen.question.text()
        touch_tap(button(kiosk.window, "Yes" if asked.startswith("Since your injection, is it hard to breathe")
                         else "No"))
    screen = kiosk.screen
    assert isinstance(screen, OutcomeScreen) and screen.level == "emergency"
    return screen


def expected_body(sent: bytes, reason: str, before: datetime, after: datetime) -> bytes:
    """The exact body the kiosk must send, with the time it put in it (checked to lie within the test)."""
    stamp = json.loads(sent)["time"]
    when = datetime.fromisoformat(stamp)
    assert before.replace(microsecond=0) <= when <= after, stamp
    return json.dumps({"kiosk": "Waiting room 2", "level": "emergency", "id": "emergency-now", "time": stamp,
                       "reason": reason}, ensure_ascii=False).encode()


def open_staff_panel(kiosk: KioskApp, clock: FakeClock) -> StaffPanelScreen:
    for _ in range(5):
        touch_tap(kiosk.window, QPoint(kiosk.style.units.w(8), kiosk.style.units.h(8)))
        clock.advance(0.4)
    for digit in "4321":
        touch_tap(button(kiosk.window, digit))
    touch_tap(button(kiosk.window, "Enter"))
    assert isinstance(kiosk.screen, StaffPanelScreen)
    return kiosk.screen


def alerts_line(kiosk: KioskApp) -> str:
    screen = kiosk.screen
    assert isinstance(screen, StaffPanelScreen)
    return screen.fact_labels["Alerts"].text()


def test_tap_through_to_the_emergency_outcome_and_the_server_receives_the_post(
        qtbot: QtBot, receiver: Receiver, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    clock = FakeClock()
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, receiver.url), clock)
    before = datetime.now().astimezone()
    screen = tap_through_to_emergency(kiosk)
    qtbot.waitUntil(lambda: len(receiver.posts) == 1, timeout=10_000)
    after = datetime.now().astimezone()
    [post] = receiver.posts
    assert post.path == "/front-desk" and post.headers["Content-Type"] == "application/json"
    assert post.body == expected_body(post.body, "outcome", before, after)
    for answer in ("Yes", "No", "Not sure", "breathing", "swallow"):  # nothing the patient answered
        assert answer not in post.body.decode()

    # The patient asks for help too: one more POST; the button says so once the server took it.
    assert screen.call_button is not None
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: len(receiver.posts) == 2, timeout=10_000)
    assert receiver.posts[1].body == expected_body(receiver.posts[1].body, "button", before,
                                                   datetime.now().astimezone())
    qtbot.waitUntil(lambda: DELIVERED in button_names(kiosk.window), timeout=10_000)
    assert FAILED not in kiosk.spoken_text()
    touch_tap(screen.call_button)  # delivered: nothing more is sent
    qtbot.waitUntil(lambda: 'kiosk_alerts_total{level="emergency",result="delivered"} 2.0' in kiosk.metrics.text())
    assert len(receiver.posts) == 2

    # Staff see it in their panel.
    touch_tap(button(kiosk.window, "Done"))
    assert isinstance(kiosk.screen, HomeScreen)
    open_staff_panel(kiosk, clock)
    assert re.fullmatch(r"Alerts: last alert: delivered \d\d:\d\d", alerts_line(kiosk)), alerts_line(kiosk)


def test_a_500_brings_the_button_back_with_the_line_and_a_retry_that_gets_through_says_sent(
        qtbot: QtBot, receiver: Receiver, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    receiver.answers = [200, 500]  # the outcome's own alert gets through; the patient's call does not, at first
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, receiver.url))
    screen = tap_through_to_emergency(kiosk)
    qtbot.waitUntil(lambda: len(receiver.posts) == 1, timeout=10_000)
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: screen.call is not None and screen.call.problem.isVisible(), timeout=10_000)
    assert screen.call is not None and screen.call.problem.text() == FAILED
    assert button(kiosk.window, CALL).isEnabled()  # the button is back
    assert kiosk.spoken_text()[0] == "Tell a staff member now"  # still first, before the failure line
    assert kiosk.spoken_text()[-2:] == [FAILED, CALL]
    # The kiosk retries by itself (after 5 s); the server takes it, and the words say so.
    qtbot.waitUntil(lambda: DELIVERED in button_names(kiosk.window), timeout=20_000)
    assert not screen.call.problem.isVisible() and len(receiver.posts) == 3


def test_a_refused_connection_says_so_and_a_second_tap_tries_again(
        qtbot: QtBot, down_url: str, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    clock = FakeClock()
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, down_url), clock)
    screen = tap_through_to_emergency(kiosk)
    assert screen.call is not None
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: screen.call is not None and screen.call.state is CallState.FAILED, timeout=10_000)
    assert screen.call.problem.isVisible() and CALL in button_names(kiosk.window)
    touch_tap(button(kiosk.window, CALL))  # tries again: sending, then failing again
    assert screen.call.state in (CallState.SENDING, CallState.FAILED)
    qtbot.waitUntil(lambda: screen.call is not None and screen.call.state is CallState.FAILED, timeout=10_000)
    touch_tap(button(kiosk.window, "Done"))
    open_staff_panel(kiosk, clock)
    assert re.fullmatch(r"Alerts: failing: connection refused since \d\d:\d\d, retrying", alerts_line(kiosk)), \
        alerts_line(kiosk)


def test_the_staff_panel_line_follows_a_delivery_while_it_is_open(
        qtbot: QtBot, receiver: Receiver, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    receiver.answers = [500]  # the outcome's alert fails once; its retry (5 s later) gets through
    clock = FakeClock()
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, receiver.url), clock)
    tap_through_to_emergency(kiosk)
    qtbot.waitUntil(lambda: len(receiver.posts) == 1, timeout=10_000)
    touch_tap(button(kiosk.window, "Done"))
    open_staff_panel(kiosk, clock)
    qtbot.waitUntil(lambda: "failing: HTTP 500" in alerts_line(kiosk), timeout=10_000)
    qtbot.waitUntil(lambda: "last alert: delivered" in alerts_line(kiosk), timeout=20_000)


def test_a_rebuilt_screen_keeps_the_state_and_never_sends_twice(
        qtbot: QtBot, slow_url: str, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, slow_url))
    first = tap_through_to_emergency(kiosk)
    touch_tap(button(kiosk.window, CALL))
    touch_tap(button(kiosk.window, "A+"))  # larger text: the outcome screen is built again
    screen = kiosk.screen
    assert isinstance(screen, OutcomeScreen) and screen is not first
    assert screen.call is not None and screen.call.state is CallState.SENDING
    assert not button(kiosk.window, SENDING).isEnabled()
    qtbot.waitUntil(lambda: screen.call is not None and screen.call.problem.isVisible(), timeout=10_000)  # 3 s


def test_a_second_visit_may_call_again(qtbot: QtBot, receiver: Receiver, tmp_path: Path,
                                       open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, receiver.url))
    tap_through_to_emergency(kiosk)
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: DELIVERED in button_names(kiosk.window), timeout=10_000)
    touch_tap(button(kiosk.window, "Done"))
    tap_through_to_emergency(kiosk)
    assert CALL in button_names(kiosk.window)
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: len(receiver.posts) == 4, timeout=10_000)
    assert [json.loads(p.body)["reason"] for p in receiver.posts] == ["outcome", "button", "outcome", "button"]


def test_the_bar_button_when_switched_on(qtbot: QtBot, down_url: str, receiver: Receiver, tmp_path: Path,
                                         open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, receiver.url, extra="  button_everywhere: true\n"))
    touch_tap(button(kiosk.window, CALL))  # on the home screen: only the bar has one
    qtbot.waitUntil(lambda: len(receiver.posts) == 1, timeout=10_000)
    assert json.loads(receiver.posts[0].body) | {"time": ""} == {
        "kiosk": "Waiting room 2", "level": "assistance", "id": None, "time": "", "reason": "button"}
    qtbot.waitUntil(lambda: DELIVERED in button_names(kiosk.window), timeout=10_000)


def test_the_bar_button_failing_shows_the_line_under_the_bar(
        qtbot: QtBot, down_url: str, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, down_url, extra="  button_everywhere: true\n"))
    bar = kiosk.window.bar
    touch_tap(button(kiosk.window, CALL))
    qtbot.waitUntil(lambda: bar.call is not None and bar.call.problem.isVisible(), timeout=10_000)  # type: ignore[union-attr]
    assert bar.call.problem.text() == FAILED and button(kiosk.window, CALL).isEnabled()  # type: ignore[union-attr]
    line = bar.call.problem  # type: ignore[union-attr]
    # Laid out under the bar's row, whole, inside the window: the strip grew to hold it.
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()) > 0)
    top_left = line.mapTo(kiosk.window, QPoint(0, 0))
    assert kiosk.window.rect().contains(top_left) and top_left.y() > button(kiosk.window, CALL).mapTo(
        kiosk.window, QPoint(0, 0)).y()


def test_on_the_emergency_screen_the_failure_is_said_once_and_after_its_first_words(
        qtbot: QtBot, down_url: str, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, down_url, extra="  button_everywhere: true\n"))
    screen = tap_through_to_emergency(kiosk)
    bar = kiosk.window.bar
    assert screen.call is not None and screen.call_button is not None
    touch_tap(screen.call_button)
    qtbot.waitUntil(lambda: screen.call is not None and screen.call.problem.isVisible(), timeout=10_000)
    assert not bar.call.problem.isVisible()  # type: ignore[union-attr]  # the screen's own line says it
    lines = [w for w in kiosk.window.findChildren(QLabel) if w.isVisible() and w.text() == FAILED]
    assert lines == [screen.call.problem]
    banner = screen.banner.mapTo(kiosk.window, QPoint(0, 0)).y()
    assert screen.call.problem.mapTo(kiosk.window, QPoint(0, 0)).y() > banner  # "Tell a staff member now" first
    assert button(bar, CALL).isEnabled()  # type: ignore[arg-type]  # the bar's button is back too


def test_without_an_alerts_block_nothing_is_offered_or_started(
        open_alerts_kiosk: Callable[..., KioskApp]) -> None:
    kiosk = open_alerts_kiosk(BUNDLED)
    tap_through_to_emergency(kiosk)
    assert CALL not in button_names(kiosk.window)
    assert kiosk.alerts.front_desk.service is None and kiosk.alerts.front_desk.chime is None


class FrameGaps:
    """The longest time the GUI thread stayed away from its event loop (no frame could be drawn meanwhile),
    measured with a 1 ms precise timer that notes each time it gets to run."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def longest_ms(self, since: float) -> float:
        ticks = [t for t in self.ticks if t >= since]
        return 1000 * max(b - a for a, b in itertools.pairwise(ticks))


def test_done_is_handled_within_a_frame_gap_while_the_call_waits_on_a_server_that_never_answers(
        qtbot: QtBot, slow_url: str, tmp_path: Path, open_alerts_kiosk: Callable[..., KioskApp],
        capsys: pytest.CaptureFixture[str]) -> None:
    """The patient's call waits up to 3 s on a silent server; the button says Sending meanwhile, and Done,
    tapped then, is handled with the event loop never held up for 100 ms (the issue's bound)."""
    kiosk = open_alerts_kiosk(content_with_alerts(tmp_path, slow_url))
    tap_through_to_emergency(kiosk)
    gaps = FrameGaps()
    gaps.timer.start()
    qtbot.wait(100)  # the ticker running, before the taps
    started = time.perf_counter()
    touch_tap(button(kiosk.window, CALL))
    assert SENDING in button_names(kiosk.window)
    qtbot.wait(20)
    touch_tap(button(kiosk.window, "Done"))
    assert isinstance(kiosk.screen, HomeScreen)
    qtbot.wait(100)
    gaps.timer.stop()
    assert kiosk.alerts.front_desk.call is CallState.NONE  # a new visit: the next patient sees a fresh button
    assert kiosk.alerts.front_desk.status == "no alert sent since the kiosk started"  # the POSTs are in flight
    longest = gaps.longest_ms(started - 0.005)
    with capsys.disabled():
        print(f"\n  longest frame gap around Call + Done: {longest:.1f} ms, while the POSTs were in flight")
    assert longest < FRAME_GAP_MS
