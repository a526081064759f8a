"""The start-up work the kiosk still does out of the usual order, in one place, with what each saves.

A patient never sees a boot, so start-up tricks must earn their keep and be cheap to read. These do
(figures from docs/performance.md, measured on the kiosk's hardware class):

* **Icons cached on disk** (:mod:`kiosk.ui.icons`): a restarted kiosk reads its first frame's icons back
  as PNG files and does not load Qt's SVG module before the first frame: ~8 ms and ~1.5 MiB.
* **Content read ahead** (:mod:`kiosk.content.prefetch`): a forked child reads and validates the content
  file on a second core while the window process loads Qt: ~55 ms sooner and ~2 MiB smaller.
* **The garbage collector rests until the first frame** (``kiosk.cli.start_kiosk``): 15-20 ms of
  collections over objects that live as long as the kiosk.
* **Kinetic scrolling waits for the first frame** (this module, used by :mod:`kiosk.ui.scrolling`):
  Qt's first QScroller takes ~85 ms to set up, and a finger cannot flick before it sees a screen.

Everything else is written the plain way: dataclasses, Qt's enums by name, ``hashlib``.
"""

from __future__ import annotations

from collections.abc import Callable

#: Jobs to run once the first frame is painted; None once it has been.
_waiting: list[Callable[[], None]] | None = []


def painted() -> bool:
    """Whether the window's first frame has been painted (in this process)."""
    return _waiting is None


def when_painted(job: Callable[[], None]) -> None:
    """Run *job* once the first frame is painted: now if it already is. A job queued twice runs once."""
    if _waiting is None:
        job()
    elif job not in _waiting:
        _waiting.append(job)


def first_frame_painted() -> None:
    """Run the waiting jobs (the window calls this once its first frame is painted)."""
    global _waiting
    jobs, _waiting = _waiting or [], None
    for job in jobs:
        job()
