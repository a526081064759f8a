"""One daemon thread for a service's file-system calls, so a hung share never blocks the GUI thread.

The content may sit on a network share (the README recommends one). A ``stat`` or ``open`` on a share
whose server has gone away can block for minutes, or until it comes back: on the GUI thread that is a
frozen screen in front of a patient. So every file-system call a service makes runs here, and its result
comes back to the GUI thread as a queued Qt signal.

Why not a QThreadPool, as before: its destructor waits *without limit* for a running job, so a read stuck
on a hung share also hung the kiosk's exit (a stop must take under a second). A daemon thread stuck in the
kernel is simply left behind at exit. Why the lock: a job's result is handed to ``deliver`` (usually a
signal's ``emit`` on a QObject the GUI thread owns) while the lock is held, and :meth:`close` takes the
same lock; once ``close`` returns no delivery can start, so the GUI thread may destroy that QObject at any
time, even while a stuck job is still inside the kernel.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("kiosk.services")

Job = Callable[[], Any]
Deliver = Callable[[Any], None]


class FileWorker:
    """Runs jobs one after another on one daemon thread, started with the first job."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[tuple[Job, Deliver] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._unfinished = 0  # jobs queued or running; guarded by _idle's lock
        self._idle = threading.Condition()

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, job: Job, deliver: Deliver) -> bool:
        """Queue *job*; its result (None if it raised) goes to *deliver* on the worker thread. False once closed."""
        with self._lock:
            if self._closed:
                return False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            with self._idle:
                self._unfinished += 1
            self._jobs.put((job, deliver))
        return True

    def wait(self, timeout_s: float) -> bool:
        """Wait until every queued job has finished; False if some are still running after *timeout_s*."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout_s)

    def close(self, wait_s: float = 0.0) -> bool:
        """No job starts and nothing is delivered after this returns; a running job gets *wait_s* to finish.

        True if the thread had nothing left to do; False if a job is still running (it is left behind, and
        its result is dropped)."""
        with self._lock:
            self._closed = True
            self._jobs.put(None)
        return self.wait(wait_s)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, deliver = item
            result: Any = None
            try:
                if not self._closed:
                    result = job()
            except Exception:  # a fault in the kiosk: the service hears None, the log has the traceback
                log.exception("%s: a file-system job failed", self._name)
            finally:
                with self._lock:
                    if not self._closed:  # "Internal C++ object already deleted": nobody is listening
                        with contextlib.suppress(RuntimeError):
                            deliver(result)
                with self._idle:
                    self._unfinished -= 1
                    self._idle.notify_all()
