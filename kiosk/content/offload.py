"""Load a content file in a helper process, so a big file never stalls the screen; the helper never outlives the kiosk.

A thread is not enough: PyYAML's C parser and the validator hold Python's GIL, so parsing 1 MB on a
worker thread still froze the GUI thread for about 200 ms. A separate process has its own GIL. The helper
starts lazily (the first reload, not start-up) and falls back to loading in this process if it cannot be
used.

It used to be a ``ProcessPoolExecutor`` (spawn). After ``kill -9`` of the kiosk its worker and
multiprocessing's ``resource_tracker`` (started for the pool's queue locks) kept running with parent 1:
the worker held its own queue's write end, so it never saw the kiosk go, and dozens piled up in an
afternoon of test runs (issue 23). Now the helper is a plain child process (``python -m
kiosk.content.offload``) spoken to over its stdin and stdout, so there is no resource tracker at all, and
it goes with its parent two ways:

* the kernel kills it when the kiosk dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, Linux). The signal follows
  the *thread* that started the child, so the helper is started from a thread of this module that lives
  as long as the process, never from a watcher's worker that may end first;
* and it exits when its stdin reaches end-of-file: only the kiosk holds the write end (close-on-exec),
  so the kiosk's end, however it comes, closes the pipe — also where there is no prctl.

Messages are pickles with a length in front: the path one way, the Content or the ContentError back.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from kiosk.model.content import Content

log = logging.getLogger("kiosk.content")
_HEADER = struct.Struct("!Q")
PR_SET_PDEATHSIG = 1


def load_elsewhere(path: Path) -> Content:
    """Like :func:`kiosk.content.load` (same result, same ContentError), parsed in a helper process."""
    from kiosk.content.loader import load

    reply: Future[tuple[str, Any]] = Future()
    _owner().put((Path(path), reply))
    try:
        kind, value = reply.result()
    except (OSError, EOFError, pickle.PickleError) as exc:
        log.warning("content helper process unavailable (%s); loading in the kiosk's own process", exc)
        return load(path)
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "error":
        raise value
    raise RuntimeError(f"the content helper process failed: {value}")


def helper_pid() -> int | None:
    """The running helper's process id, if one is running (for tests and diagnostics)."""
    proc = _helper[0]
    return proc.pid if proc is not None and proc.poll() is None else None


def shutdown() -> None:
    """Close the helper's stdin (it exits at end-of-file); one still parsing after 0.2 s is killed.

    Its stdout is left to the thread that may be reading it (closing a file another thread reads
    waits for that read), and a stop must take under a second."""
    proc, _helper[0] = _helper[0], None
    if proc is None:
        return
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        proc.wait(timeout=0.2)
    except subprocess.TimeoutExpired:  # mid-parse: its result is not wanted
        proc.kill()
        proc.wait()


# -- the kiosk's side ---------------------------------------------------------------------------------
_requests: list[queue.SimpleQueue[tuple[Path, Future[tuple[str, Any]]]]] = []
_helper: list[subprocess.Popen[bytes] | None] = [None]
_start_lock = threading.Lock()


def _owner() -> queue.SimpleQueue[tuple[Path, Future[tuple[str, Any]]]]:
    """The requests of the one thread that starts and talks to the helper (it lives as long as the process)."""
    with _start_lock:
        if not _requests:
            _requests.append(queue.SimpleQueue())
            threading.Thread(target=_serve, args=(_requests[0],), name="content helper", daemon=True).start()
            atexit.register(shutdown)  # before interpreter teardown
        return _requests[0]


def _serve(requests: queue.SimpleQueue[tuple[Path, Future[tuple[str, Any]]]]) -> None:
    while True:
        path, reply = requests.get()
        try:
            reply.set_result(_ask(path))
        except Exception as exc:  # handed to the caller, who falls back to loading in its own process
            shutdown()  # a helper that broke mid-message is not spoken to again
            reply.set_exception(exc)


def _ask(path: Path) -> tuple[str, Any]:
    proc = _helper[0]
    if proc is None or proc.poll() is not None:
        # This very copy of the kiosk, whatever the helper's working folder and installed copies are.
        here = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)}
        proc = _helper[0] = subprocess.Popen(
            [sys.executable, "-m", "kiosk.content.offload", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    _send(proc.stdin, str(path))
    answer = _receive(proc.stdout)
    if answer is None:
        raise EOFError("the content helper process ended")
    return answer  # type: ignore[no-any-return]


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # from our own child (or parent), over a pipe only we hold


# -- the helper's side ----------------------------------------------------------------------------------
def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent goes (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes  # here, in the helper: the kiosk's own start does not load it

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError) as exc:  # no prctl: end-of-file on stdin still ends it
            print(f"content helper: no parent-death signal ({exc})", file=sys.stderr)
    if os.getppid() != parent:  # the kiosk died before the line above
        raise SystemExit(0)


def _helper_main(parent: int) -> int:
    die_with_parent(parent)
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the reply pipe
    from kiosk.content.loader import load
    from kiosk.model.errors import ContentError

    while True:
        path = _receive(requests)
        if path is None:  # end-of-file: the kiosk is gone, or done with us
            return 0
        reply: tuple[str, object]
        try:
            reply = ("ok", load(Path(path)))
        except ContentError as exc:
            reply = ("error", exc.with_traceback(None))
        except Exception as exc:  # a fault in the kiosk: said, not raised (the pipe stays in step)
            reply = ("fault", f"{type(exc).__name__}: {exc}")
        _send(replies, reply)


if __name__ == "__main__":
    sys.exit(_helper_main(int(sys.argv[1])))
