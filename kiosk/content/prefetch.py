"""Start loading the content file in a child process while the kiosk starts Qt.

Start-up is two jobs that need nothing from each other: PySide6 loading Qt (~220 ms) and PyYAML
with the validator reading the file (~100 ms). A kiosk has two cores or more, so the file is read
by a forked child while this process imports Qt, and the window process never loads PyYAML at all
until the first reload.

The child runs the same :func:`kiosk.content.load` as ever and sends back what it returned or the
:class:`ContentError` it raised, pickled through a pipe. Anything else (fork refused, the child
killed, a bug that raised something else) falls back to loading here, so the outcome, errors
included, is the same as loading in this process. Forking is only done before Qt is imported and
while this process has one thread: a fork after that could copy a lock some other thread held.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported after the fork, by whichever process needs them
    from collections.abc import Callable

    from kiosk.model.content import Content


def _load_here(path: Path) -> Content:
    from kiosk.content.loader import load

    return load(path)


def _warn(message: str, *args: object) -> None:
    import logging

    logging.getLogger("kiosk.content").warning(message, *args)


def can_fork() -> bool:
    """Forking is safe: no Qt loaded yet, and no other thread whose locks the child could inherit."""
    return hasattr(os, "fork") and "PySide6.QtCore" not in sys.modules and threading.active_count() == 1


def prefetch(path: Path | str) -> Callable[[], Content]:
    """Start loading *path*; the returned function gives the Content or raises its ContentError.

    Call the function once. Where forking is not safe or fails, it loads in this process.
    """
    path = Path(path)
    if not can_fork():
        return lambda: _load_here(path)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        _warn("cannot start a process to read the content file (%s); reading it here", exc)
        return lambda: _load_here(path)
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        _child(path, read_end, write_end)
    os.close(write_end)

    def result() -> Content:
        import pickle

        from kiosk.model.content import Content
        from kiosk.model.errors import ContentError

        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        exit_code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        try:
            kind, value = pickle.loads(data) if exit_code == 0 else ("failed", None)
        except Exception:  # a cut-off or unreadable pickle: fall back, below
            kind, value = "failed", None
        if kind == "content" and isinstance(value, Content):
            return value
        if kind == "error" and isinstance(value, ContentError):
            raise value
        _warn("the process reading the content file failed (exit status %s); reading it here", exit_code)
        return _load_here(path)

    return result


def _child(path: Path, read_end: int, write_end: int) -> None:  # pragma: no cover - runs in the child
    """Load, send the outcome, and leave at once: no atexit handlers, no flushing the parent's buffers."""
    code = 1
    try:
        import pickle

        from kiosk.model.errors import ContentError

        os.close(read_end)
        try:
            outcome: tuple[str, object] = ("content", _load_here(path))
        except ContentError as exc:
            outcome = ("error", exc)
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
