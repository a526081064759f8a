"""SIGTERM (systemd's stop) and SIGINT (Ctrl+C) end a running kiosk cleanly: a real main.py process."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.stop import StopOnSignals
from tests.helpers import ROOT


def start_kiosk(tmp_path: Path, metrics: Path, mode: list[str], **extra_env: str
                ) -> tuple[subprocess.Popen[str], queue.Queue[str], threading.Thread]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SPEECH_ENGINE": "mock",
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"), **extra_env}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *mode, "--metrics-file", str(metrics)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True)  # type: ignore[union-attr]
    reader.start()
    return proc, lines, reader


def wait_for(lines: queue.Queue[str], text: str, seen: list[str], timeout: float = 60) -> None:
    while not any(text in line for line in seen):
        try:
            seen.append(lines.get(timeout=timeout))
        except queue.Empty:
            pytest.fail(f"no {text!r} in the kiosk's log:\n" + "".join(seen))


@pytest.mark.parametrize("mode", [[], ["--windowed"]], ids=["kiosk mode", "windowed"])
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_a_running_kiosk_as_its_exit_button_would(tmp_path: Path, stop: signal.Signals,
                                                                     mode: list[str]) -> None:
    """In kiosk mode too, whose window refuses to close: Qt's quit() asks every window first, and gave up."""
    metrics = tmp_path / "kiosk.prom"
    proc, lines, reader = start_kiosk(tmp_path, metrics, mode)
    seen: list[str] = []
    try:
        wait_for(lines, "first frame painted", seen)
        assert not metrics.exists(), "counters are written a minute after start, or at a clean exit"
        signalled = time.monotonic()
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        print(f"{stop.name} to exit: {(time.monotonic() - signalled) * 1000:.0f} ms")
    finally:
        proc.kill()
        proc.wait()
        reader.join(timeout=10)  # the whole log is read once the process is gone
        proc.stderr.close()  # type: ignore[union-attr]
    wait_for(lines, "kiosk stopped", seen, timeout=5)
    log = "".join(seen)
    assert f"stopping on {stop.name}" in log and f"kiosk stopped on {stop.name}" in log, log
    assert "Traceback" not in log and "unexpected error" not in log, "not taken for a crash"
    assert metrics.exists(), "the clean shutdown wrote the last counters"
    assert (tmp_path / "state" / "kiosk" / "kiosk.log").read_text(encoding="utf-8").count("kiosk stopped") == 1


def helper_processes(pid: int) -> list[int]:
    """The kiosk's content helper processes (python -m kiosk.content.offload), read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"kiosk.content.offload" in cmdline:
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_mid_reload_ends_the_kiosk_and_its_helper_at_once(tmp_path: Path, qtbot: QtBot) -> None:
    """A big file being parsed in the helper when systemd stops the kiosk: nobody waits for the parse
    (the watcher's worker is left behind, the helper is killed), so the stop stays well under a second."""
    content = tmp_path / "content.yaml"
    content.write_text((ROOT / "content.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    metrics = tmp_path / "kiosk.prom"
    proc, lines, reader = start_kiosk(tmp_path, metrics, ["--windowed", "--content", str(content)])
    seen: list[str] = []
    helpers: list[int] = []
    try:
        wait_for(lines, "first frame painted", seen)
        big = content.read_text(encoding="utf-8") + "".join(
            f"  - id: s{i}\n    title: Topic {i}\n    body: {'Words of the body. ' * 20}\n" for i in range(9000))
        spare = content.with_name(".content.yaml.new")
        spare.write_text(big, encoding="utf-8")
        os.replace(spare, content)  # ~4 MB: seconds of parsing in the helper
        qtbot.waitUntil(lambda: bool(helper_processes(proc.pid)), timeout=30_000)
        helpers = helper_processes(proc.pid)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        took = time.monotonic() - signalled
        print(f"SIGTERM mid-reload to exit: {took * 1000:.0f} ms")
        assert took < 3, "a stop waited for the parse (the issue's goal is 1 s; this bound is for a loaded machine)"
        for pid in helpers:
            with contextlib.suppress(ProcessLookupError):
                fd = os.pidfd_open(pid)
                try:
                    assert select.select([fd], [], [], 10)[0], f"helper {pid} outlived the kiosk"
                finally:
                    os.close(fd)
    finally:
        proc.kill()
        proc.wait()
        reader.join(timeout=10)
        proc.stderr.close()  # type: ignore[union-attr]
        for pid in helpers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    wait_for(lines, "kiosk stopped", seen, timeout=5)
    assert "Traceback" not in "".join(seen)


def test_under_systemd_the_kiosk_says_ready_pings_and_says_stopping(tmp_path: Path, qtbot: QtBot) -> None:
    """The wiring in kiosk/cli.py: READY=1 at the first frame, WATCHDOG=1 from the loop, STOPPING=1 at SIGTERM."""
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.setblocking(False)
    messages: list[str] = []

    def received() -> list[str]:
        with contextlib.suppress(BlockingIOError):
            while True:
                messages.append(notify.recv(4096).decode())
        return messages

    proc, lines, reader = start_kiosk(tmp_path, tmp_path / "kiosk.prom", ["--windowed"],
                                      NOTIFY_SOCKET=str(tmp_path / "notify"), WATCHDOG_USEC="200000")
    seen: list[str] = []
    try:
        wait_for(lines, "first frame painted", seen)
        qtbot.waitUntil(lambda: received().count("WATCHDOG=1") >= 2, timeout=30_000)
        assert messages[0] == "READY=1"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert received()[-1] == "STOPPING=1"
    finally:
        proc.kill()
        proc.wait()
        reader.join(timeout=10)
        proc.stderr.close()  # type: ignore[union-attr]
        notify.close()


def test_the_signal_handler_only_notes_the_signal_and_the_event_loop_logs_and_exits(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # A handler can run inside a log write it interrupted, and logging there re-enters that write: one run
    # of the suite printed "--- Logging error ---" from the log file's handler as SIGINT came.
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # this test process keeps its own handlers
    monkeypatch.setattr(signal, "set_wakeup_fd", lambda *_, **__: -1)
    app = QCoreApplication.instance()
    assert app is not None
    stopper = StopOnSignals(app)
    exits: list[int] = []
    monkeypatch.setattr(stopper, "_app", type("App", (), {"exit": staticmethod(exits.append)})())
    caplog.set_level(logging.INFO, logger="kiosk")
    try:
        stopper._on_signal(signal.SIGTERM, None)
        stopper._on_signal(signal.SIGINT, None)  # a second signal before the loop ran changes nothing
        assert caplog.records == [], "nothing is logged from inside the signal handler"
        qtbot.waitUntil(lambda: exits == [0], timeout=5000)
        assert stopper.received == "SIGTERM"
        assert [r.getMessage() for r in caplog.records] == ["stopping on SIGTERM"]
    finally:
        wake = stopper._wake_read
        shiboken6.delete(stopper)  # and its notifier, before the pipe it watches is closed
        os.close(wake)
