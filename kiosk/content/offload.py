"""Load a content file in a helper process, so a big file never stalls the screen.

A thread is not enough: PyYAML's C parser and the validator hold Python's GIL, so parsing
1 MB on a worker thread still froze the GUI thread for about 200 ms. A separate process has
its own GIL. The pool starts lazily (the first reload, not start-up) with ``spawn``, which is
safe in a process that already runs Qt's threads, and falls back to loading in this process
if the helper cannot be used.
"""

from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.model.content import Content

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger("kiosk.content")
_pool: ProcessPoolExecutor | None = None


def load_elsewhere(path: Path) -> Content:
    """Like :func:`kiosk.content.load` (same result, same ContentError), parsed in a helper process."""
    global _pool
    # Imported here: multiprocessing costs ~25 ms and ~2 MiB that a kiosk which never reloads need not pay at start.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from kiosk.content.loader import load

    try:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            atexit.register(shutdown)  # before interpreter teardown, while the executor's modules still exist
        return _pool.submit(load, path).result()
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("content helper process unavailable (%s); loading in the kiosk's own process", exc)
        _pool = None
        return load(path)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
