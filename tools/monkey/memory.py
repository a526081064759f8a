"""Memory readings for the monkey: resident memory, its heap part, Python's own allocations, and when it settled.

A leak climbs at a steady rate; Qt's caches and the allocators' free space climb less and less and
then stop. These readings are what tell one from the other (see docs/performance.md).
"""

from __future__ import annotations

import os
import sysconfig
import tracemalloc
from collections.abc import Sequence


def rss_bytes() -> int:
    """Resident set size from /proc/self/statm (0 where there is no /proc)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def rss_split() -> tuple[int, int]:
    """Resident memory as (anonymous, file-backed) bytes, from /proc/self/status ((0, 0) without /proc).

    Anonymous pages are the heap: what a leak grows. File-backed pages are libraries and fonts read
    in from disk: they grow once as code paths run for the first time, and the kernel can drop them."""
    fields: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                name, _, value = line.partition(":")
                if name in ("RssAnon", "RssFile", "RssShmem"):
                    fields[name] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return (0, 0)
    return fields.get("RssAnon", 0), fields.get("RssFile", 0) + fields.get("RssShmem", 0)


TRACE_FRAMES = 8
"""Frames kept per traced allocation: enough to reach the kiosk's own line below the library's."""
SETTLE_EVERY = 1_000
"""Events between two readings of memory while the warm-up waits for it to settle."""
SETTLE_MIB = 0.25
"""How much memory between patients may still rise over the last two readings for it to count as settled."""


def settled(readings: Sequence[int]) -> bool:
    """Whether memory has stopped rising: neither of the last two readings is more than :data:`SETTLE_MIB`
    above the one before them, so one low reading between two high ones does not count."""
    return len(readings) >= 3 and max(readings[-2:]) - readings[-3] <= SETTLE_MIB * 1024 * 1024


def traced_places(snapshot: tracemalloc.Snapshot, limit: int = 5) -> list[str]:
    """The places that made most of the live allocations in *snapshot*, each named by its innermost frame
    outside Python's library and the installed packages: the line a fix would change."""
    paths = sysconfig.get_paths()
    library = (paths["stdlib"], paths["purelib"], paths["platlib"], "<")  # "<frozen importlib._bootstrap>" too
    live = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    places: list[str] = []
    for stat in live.statistics("traceback")[:limit]:
        frames = list(reversed(stat.traceback))  # a traceback runs from the oldest frame to the newest
        frame = next((f for f in frames if not f.filename.startswith(library)), frames[0])
        places.append(f"{stat.size / 1024:.0f} KiB in {stat.count} blocks: {frame.filename}:{frame.lineno}")
    return places
