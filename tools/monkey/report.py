"""What a monkey run found: each failure with the events that led to it, and the run's figures.

:class:`Recorder` is what the other parts of the monkey write to while it runs (a failure, the event
just driven); :class:`Report` is what the run returns, and its :meth:`Report.summary` what it prints.
"""

from __future__ import annotations

import collections
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from tools.monkey.memory import SETTLE_MIB

RECENT = 30
"""Events kept to print with a failure."""


@dataclass
class Failure:
    kind: str  # exception, error log, qt warning, python warning, inconsistent, lost tap, staff corner, unresponsive
    event: int
    summary: str
    detail: str = ""
    recent: list[str] = field(default_factory=list)

    def format(self, seed: int) -> str:
        lines = [f"FAILURE ({self.kind}) at event {self.event}, seed {seed} "
                 f"(replay: python -m tools.monkey --seed {seed} --events {max(self.event, 1)} --warmup 0): "
                 f"{self.summary}"]
        if self.detail:
            lines.append(self.detail.rstrip())
        if self.recent:
            lines.append(f"last {len(self.recent)} events:")
            lines += [f"  {line}" for line in self.recent]
        return "\n".join(lines)


@dataclass
class Report:
    seed: int
    events: int = 0
    seconds: float = 0.0
    warm_events: int = 0
    warm_seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    counts: collections.Counter[str] = field(default_factory=collections.Counter)
    times: collections.Counter[str] = field(default_factory=collections.Counter)  # seconds spent per kind
    rss_start: int = 0
    rss_end: int = 0
    anon_start: int = 0  # the anonymous (heap) part of rss_start / rss_end
    anon_end: int = 0
    heap_start: int | None = None  # bytes the C allocator had handed out (glibc only)
    heap_end: int | None = None
    #: (events so far, RSS) between patients, from the warm-up on: a leak climbs at a steady rate, a
    #: cache filling up climbs less and less.
    series: list[tuple[int, int]] = field(default_factory=list)
    #: With a warm-up that waits for memory to settle: (events so far, RSS) between patients while it
    #: waited, and whether it settled before its limit.
    warm_series: list[tuple[int, int]] = field(default_factory=list)
    settled: bool | None = None
    #: With ``--trace-python``: (events so far, bytes of Python allocations made since the warm-up and
    #: still alive) at the same points, and the places that made most of what is alive at the end.
    traced: list[tuple[int, int]] = field(default_factory=list)
    traced_top: list[str] = field(default_factory=list)
    widgets_start: int = 0
    widgets_end: int = 0
    startup_messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    responsive: bool | None = None
    taps_checked: int = 0  # taps on a visible, enabled, uncovered button, which must click it
    taps_lost: int = 0

    def of(self, *kinds: str) -> list[Failure]:
        return [f for f in self.failures if f.kind in kinds]

    @property
    def exceptions(self) -> list[Failure]:
        return self.of("exception", "error log")

    @property
    def qt_warnings(self) -> list[Failure]:
        return self.of("qt warning")

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    @property
    def growth(self) -> int:
        return self.rss_end - self.rss_start

    def summary(self) -> str:
        mib = 1024 * 1024
        kinds = ", ".join(f"{k} {n} ({1000 * self.times[k] / n:.0f} ms)"
                          for k, n in sorted(self.counts.items(), key=lambda kv: -kv[1]))
        lines = [
            f"seed {self.seed}: {self.events} events in {self.seconds:.1f} s = {self.events_per_second:.0f} events/s",
            f"  events: {kinds}",
            f"  exceptions: {len(self.exceptions)}",
            f"  Qt warnings: {len(self.qt_warnings)}",
            f"  other failures: {len(self.failures) - len(self.exceptions) - len(self.qt_warnings)}"
            + (f" ({', '.join(sorted({f.kind for f in self.failures} - {'exception', 'error log', 'qt warning'}))})"
               if len(self.failures) > len(self.exceptions) + len(self.qt_warnings) else ""),
        ]
        if self.rss_start:
            lines.append(f"  RSS after {self.warm_events} warm-up events: {self.rss_start / mib:.1f} MiB, at the end: "
                         f"{self.rss_end / mib:.1f} MiB, growth {self.growth / mib:+.2f} MiB "
                         + ("(not judged: tracemalloc's own tables are in it)" if self.traced else
                            f"(goal < 2 MiB: {'ok' if self.growth < 2 * mib else 'MISSED'})"))
            if self.anon_start:
                anon = self.anon_end - self.anon_start
                lines.append(f"    of which anonymous (heap) {anon / mib:+.2f} MiB, file-backed (libraries and fonts "
                             f"read in) {(self.growth - anon) / mib:+.2f} MiB")
            if self.heap_start is not None and self.heap_end is not None:
                lines.append(f"    blocks the C allocator has handed out: {self.heap_start / mib:.1f} → "
                             f"{self.heap_end / mib:.1f} MiB ({(self.heap_end - self.heap_start) / mib:+.2f} MiB); the "
                             f"rest of the heap's growth is free space in pages it cannot give back")
            if self.warm_series:
                lines.append("    warm-up, between patients: " + ", ".join(
                    f"{n}: {rss / mib:.1f}" for n, rss in self.warm_series) + " MiB: " + (
                    f"settled (the last two readings within {SETTLE_MIB} MiB)" if self.settled else
                    "did not settle before its limit; judged from there all the same"))
            if len(self.series) > 2:
                lines.append("    between patients: " + ", ".join(f"{n}: {rss / mib:.1f}" for n, rss in self.series)
                             + " MiB")
            if self.traced:
                lines.append("    Python allocations made since the warm-up and still alive (tracemalloc): "
                             + ", ".join(f"{n}: {size / mib:.2f}" for n, size in self.traced) + " MiB; most from:")
                lines += [f"      {place}" for place in self.traced_top]
            lines.append(f"  live widgets after warm-up: {self.widgets_start}, at the end: {self.widgets_end}")
        if self.taps_checked:
            lines.append(f"  lost taps: {self.taps_lost} of {self.taps_checked} taps on visible, enabled, uncovered "
                         f"buttons did not click them")
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.startup_messages:
            lines.append(f"  messages while the window was built (not counted): {'; '.join(self.startup_messages)}")
        if self.responsive is not None:
            lines.append(f"  responsive at the end (home, then a tile opens its section): "
                         f"{'yes' if self.responsive else 'NO'}")
        return "\n".join(lines)


class Recorder:
    """Failures as they happen, each with the last :data:`RECENT` events; printed once per kind of bug.

    Shared by the parts of the monkey that can find something wrong (the listeners, the finger, the checks),
    so that each failure carries the event during which it happened and the ones before it.
    """

    def __init__(self, report: Report, out: Callable[[str], None]) -> None:
        self.report = report
        self.out = out
        self.event = 0
        self.phase = "startup"  # "startup" while the window is built, "events" while it is driven, then "closed"
        self.recent: collections.deque[str] = collections.deque(maxlen=RECENT)
        self._seen: set[int] = set()
        self._reported = 0
        self._printed: collections.Counter[tuple[str, str]] = collections.Counter()

    def fail(self, kind: str, summary: str, detail: str = "") -> None:
        self.report.failures.append(Failure(kind, self.event, summary, detail, list(self.recent)))

    def exception(self, exc: BaseException, summary: str, detail: str | None = None) -> None:
        """An exception, counted once however many of the listeners hear of it."""
        self._seen.add(id(exc))
        self.fail("exception", summary, traceback.format_exc() if detail is None else detail)

    def counted(self, exc: BaseException) -> bool:
        """Whether *exc* was already counted (the crash guard logs what the excepthook wrapper saw)."""
        return id(exc) in self._seen

    def flush(self, quiet: bool = False) -> None:
        """Print failures found since the last call, each with the seed and the events that led to it.

        A failure whose summary was already printed is only counted (a bug met a thousand times is one bug).
        """
        new = self.report.failures[self._reported:]
        self._reported = len(self.report.failures)
        for failure in new:
            key = (failure.kind, re.sub(r"\d+", "N", failure.summary))
            self._printed[key] += 1
            if not quiet and self._printed[key] == 1:
                self.out(failure.format(self.report.seed))
