"""Starting and stopping the speech thread: once each, and a stop that never holds the kiosk up.

Threads are held here and not only by their Speaker, because a thread must outlive whatever ends its
Speaker: a running QThread that is destroyed makes Qt abort the process, and a host deleted from the
GUI thread while its thread is still delivering to it is a segfault on the speech thread. Both were
measured with a Speaker deleted by its parent or dropped without ``close()`` (tests/services/test_speech.py).

A stop waits at most :data:`STOP_WAIT_MS` (issue 23: it waited up to 5 s, and then a second time from
the Speaker's destroyed hook). What can outlast that is an engine constructor or a call blocked in C++
on a daemon that does not answer (speechd's constructor alone takes ~2 s); Python cannot interrupt
it. Such a thread is *let go*: it has been asked to shut down, and does so by itself the moment the
call returns; it is never waited for again, and its QThread is kept from ever being destroyed while
it runs: at the interpreter's exit one still stuck is terminated (:func:`_stop_all_threads`), the one
case where Qt's ``terminate()`` is the lesser harm -- PySide would otherwise destroy the running QThread
and Qt would abort the process.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import time

from PySide6.QtCore import QMetaObject, Qt, QThread

from kiosk.services.speech_engine import EngineHost

log = logging.getLogger("kiosk.speech")

STOP_WAIT_MS = 500
"""How long a stop waits for the speech thread before letting it go (the budget for the whole stop is 1 s)."""

THREAD_NAME = "kiosk-speech"

_RUNNING: dict[int, tuple[QThread, EngineHost]] = {}
"""Every speech thread not yet asked to stop, with its host, by a key of its own."""

_LET_GO: list[tuple[QThread, EngineHost]] = []
"""Threads that did not stop within :data:`STOP_WAIT_MS`: asked to, never waited for again."""

_keys = itertools.count(1)


def start_thread(volume: float | None, rate: float | None) -> tuple[int, EngineHost]:
    """A new speech thread with its engine host (no engine built yet); returns its key and the host.

    The caller connects to the host's signals and slots, then calls :func:`run`.
    """
    thread = QThread()
    thread.setObjectName(THREAD_NAME)
    host = EngineHost(volume, rate)
    host.moveToThread(thread)
    key = next(_keys)
    _RUNNING[key] = (thread, host)
    return key, host


def run(key: int) -> None:
    entry = _RUNNING.get(key)
    if entry is not None:
        entry[0].start()


def stop_thread(key: int) -> float:
    """Shut the speech thread *key* down (its engine deleted on its own thread); returns the seconds it took.

    Takes the thread out of the registry first, so a second call -- the Speaker's destroyed hook after
    ``close()``, or the interpreter's exit -- does nothing and waits for nothing.
    """
    entry = _RUNNING.pop(key, None)
    if entry is None:
        return 0.0
    thread, host = entry
    started = time.monotonic()
    # The host ends the thread's loop itself, after it has deleted the engine. No thread.quit() here: it
    # would end the loop before the queued shutdown is handled, leaving the engine to another thread.
    QMetaObject.invokeMethod(host, "shutdown", Qt.ConnectionType.QueuedConnection)
    if not thread.wait(STOP_WAIT_MS):
        _let_go(thread, host)
    return time.monotonic() - started


def _let_go(thread: QThread, host: EngineHost) -> None:
    """Stop waiting for a thread stuck in a C++ call; it ends by itself once the call returns.

    Kept in :data:`_LET_GO` so nothing frees the QThread while it runs (Qt would abort the process).
    """
    log.warning("The speech thread did not stop within %d ms (the engine is blocked, probably on "
                "speech-dispatcher); it ends by itself when that call returns", STOP_WAIT_MS)
    _LET_GO.append((thread, host))


def running_threads() -> int:
    """Speech threads still running, stopped or not (tests, staff checks)."""
    return sum(thread.isRunning() for thread, _ in [*_RUNNING.values(), *_LET_GO])


@atexit.register
def _stop_all_threads() -> None:
    """No speech thread may outlive the interpreter: PySide deletes every QThread it owns at exit, and a
    running one makes Qt abort. A script that never quit its QApplication (so no aboutToQuit) gets its
    threads stopped here; one still stuck in the engine (let go earlier) is terminated -- at exit only."""
    for key in list(_RUNNING):
        stop_thread(key)
    for thread, _host in _LET_GO:
        if thread.isRunning():
            thread.terminate()
            thread.wait(STOP_WAIT_MS)
