"""The watchdog speaks sd_notify to a real datagram socket, and falls silent when the event loop does."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.services.watchdog import Watchdog

INTERVAL_US = 100_000  # systemd's WatchdogSec=0.1: a ping every 50 ms
TIMEOUT_MS = 5000


class Systemd:
    """The listening end of $NOTIFY_SOCKET, as systemd opens it."""

    def __init__(self, address: str | bytes) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.setblocking(False)
        self.messages: list[str] = []

    def receive(self) -> list[str]:
        """Everything that has arrived so far (read without waiting)."""
        while True:
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                return self.messages


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[Systemd]:
    listener = Systemd(str(tmp_path / "notify"))
    yield listener
    listener.sock.close()


def test_ready_then_pings_at_half_the_interval(qtbot: QtBot, systemd: Systemd, tmp_path: Path) -> None:
    env = {"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": str(INTERVAL_US)}
    dog = Watchdog(environ=env)
    assert env == {}  # taken out, so a helper process the kiosk starts never speaks for it
    assert dog.active and dog.interval_ms == 50
    assert systemd.receive() == []  # nothing before the kiosk is up
    dog.ready()
    qtbot.waitUntil(lambda: systemd.receive().count("WATCHDOG=1") >= 3, timeout=TIMEOUT_MS)
    assert systemd.messages[0] == "READY=1" and set(systemd.messages[1:]) == {"WATCHDOG=1"}
    dog.stopping()
    assert systemd.receive()[-1] == "STOPPING=1"
    count = len(systemd.messages)
    qtbot.wait(200)  # four intervals
    assert len(systemd.receive()) == count  # no ping after stopping


def test_no_pings_while_the_event_loop_is_blocked(qtbot: QtBot, systemd: Systemd, tmp_path: Path) -> None:
    """A slot stuck for ten intervals (a hung share, a deadlock): systemd hears nothing meanwhile."""
    dog = Watchdog(environ={"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": str(INTERVAL_US)})
    dog.ready()
    qtbot.waitUntil(lambda: "WATCHDOG=1" in systemd.receive(), timeout=TIMEOUT_MS)
    during: list[list[str]] = []

    def stuck() -> None:
        before = len(systemd.receive())
        threading.Event().wait(0.5)  # the frozen loop under test: ten watchdog intervals
        during.append(systemd.receive()[before:])

    QTimer.singleShot(0, stuck)
    qtbot.waitUntil(lambda: bool(during), timeout=TIMEOUT_MS)
    assert during == [[]]
    count = len(systemd.messages)
    qtbot.waitUntil(lambda: len(systemd.receive()) > count, timeout=TIMEOUT_MS)  # the loop turns: pings again
    dog.stopping()


def test_an_abstract_socket_name(qtbot: QtBot) -> None:
    name = f"kiosk-test-{os.getpid()}-{id(qtbot)}"
    listener = Systemd(b"\0" + name.encode())
    try:
        dog = Watchdog(environ={"NOTIFY_SOCKET": f"@{name}"})
        dog.ready()
        qtbot.waitUntil(lambda: listener.receive() == ["READY=1"], timeout=TIMEOUT_MS)
        assert dog.interval_ms == 0  # no WATCHDOG_USEC: READY only, no timer
        dog.stopping()
    finally:
        listener.sock.close()


def test_nothing_without_notify_socket(qtbot: QtBot, systemd: Systemd) -> None:
    dog = Watchdog(environ={"WATCHDOG_USEC": str(INTERVAL_US)})
    assert not dog.active and dog.interval_ms == 0
    dog.ready()
    dog.stopping()
    qtbot.wait(120)
    assert systemd.receive() == []


def test_another_processs_watchdog_is_not_pinged(systemd: Systemd, tmp_path: Path) -> None:
    dog = Watchdog(environ={"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": str(INTERVAL_US),
                            "WATCHDOG_PID": str(os.getpid() + 1)})
    assert dog.active and dog.interval_ms == 0
    dog.stopping()
