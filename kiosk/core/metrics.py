"""Anonymous usage counters, written for Prometheus' node exporter (textfile collector).

What is counted is about the kiosk, never about a person: sessions started, sections opened
(by section id), self-checks finished (by outcome level), content reloads that failed, uptime
and which content file is shown (its SHA-256). No answer, question, text, time of a visit or
sequence of taps is ever recorded. Labels can only come from closed sets — the loaded
content's section ids and the outcome level ids the kiosk is built with — and anything else is refused with
``ValueError``, so free text can never become a label by mistake.

Counting is plain Python integers, so a tap costs nothing and prometheus-client (~90 ms and
~7 MiB to import) is loaded only when the counters are first written. Output goes through the
kiosk's own :class:`~prometheus_client.CollectorRegistry`, never the global one, so two kiosks
in one process (tests) do not share counts. :meth:`Metrics.write` goes through
:func:`kiosk.core.files.write_whole` (not prometheus_client's ``write_to_textfile``, which neither syncs
nor looks at what it renames over): a reader sees the old file or the new one, never half of one, a
power cut leaves one of them, and a target that is not a regular file is refused, never replaced —
run as root, a metrics file of ``/dev/null`` once turned the machine's null device into a plain file.
:func:`target_problem` says so before the kiosk starts. Pure Python, no Qt.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.alerts import ALERT_LEVELS
from kiosk.core.alerts import RESULTS as ALERT_RESULTS
from kiosk.core.clock import Clock
from kiosk.core.files import kind_of, write_whole

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry
    from prometheus_client.metrics_core import Metric

PREFIX = "kiosk"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def target_problem(path: Path | str) -> str | None:
    """Why *path* cannot be the metrics file, or None: it exists and is not a regular file (a device,
    a pipe, a folder), or its folder does not exist. Checked at start (``--metrics-file``, exit code 2)
    and again at every write."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # follows a symlink: one to /dev/null is /dev/null
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if mode is not None and not stat.S_ISREG(mode):
        return f"is {kind_of(mode)}, not a regular file; the kiosk never replaces one"
    if not path.parent.is_dir():
        return f"its folder {path.parent} does not exist"
    return None


class _Count:
    """One counter series: its value and when it came to exist (Prometheus' ``_created``, Unix seconds)."""

    __slots__ = ("created", "value")

    def __init__(self) -> None:
        self.value = 0
        self.created = time.time()


class Metrics:
    """The kiosk's counters. Call the methods as things happen; :meth:`write` them out now and then."""

    def __init__(self, clock: Clock = time.monotonic, *, levels: Iterable[str]) -> None:
        """*levels* are the outcome level ids (``kiosk.model.levels.LEVEL_IDS``): the only labels
        :meth:`selfcheck_finished` counts. Given, not imported, so that core stays below the model."""
        self._clock = clock
        self._levels = tuple(levels)
        self._started = clock()
        self._sections: frozenset[str] = frozenset()
        self._sha256: str | None = None
        self._sessions = _Count()
        self._reload_errors = _Count()
        self._opened: dict[str, _Count] = {}  # grows with each content file's ids; old ids keep their counts
        # Every label exists from the start, at 0: rates work at once, and each series' ``_created`` time is the
        # kiosk's start or a content load, never the moment a patient first chose something.
        self._finished = {level: _Count() for level in self._levels}
        self._alerts = {(level, result): _Count() for level in ALERT_LEVELS for result in ALERT_RESULTS}
        self._registry: CollectorRegistry | None = None

    # -- events ---------------------------------------------------------------------------------
    def session_started(self) -> None:
        self._sessions.value += 1

    def section_opened(self, section_id: str) -> None:
        if section_id not in self._sections:
            raise ValueError(f"{section_id!r} is not a section id of the loaded content; only those are counted")
        self._opened[section_id].value += 1

    def selfcheck_finished(self, level: str) -> None:
        if level not in self._finished:
            raise ValueError(f"{level!r} is not an outcome level; levels are {', '.join(self._levels)}")
        self._finished[level].value += 1

    def alert_finished(self, level: str, result: str) -> None:
        """One alert to one webhook ended: ``delivered`` or ``failed`` (given up); both labels are closed sets."""
        if (level, result) not in self._alerts:
            raise ValueError(f"alerts are counted by level {ALERT_LEVELS} and result {ALERT_RESULTS}")
        self._alerts[level, result].value += 1

    def reload_failed(self) -> None:
        self._reload_errors.value += 1

    def content_loaded(self, sha256: str, section_ids: Iterable[str]) -> None:
        """A content file is now shown: its hash, and the section ids :meth:`section_opened` may count."""
        if not _SHA256.match(sha256):
            raise ValueError("sha256 should be 64 lowercase hexadecimal digits (Content.sha256)")
        self._sections = frozenset(section_ids)
        self._sha256 = sha256
        for section_id in sorted(self._sections):  # present at 0 before the first tap (see __init__)
            self._opened.setdefault(section_id, _Count())

    # -- output ---------------------------------------------------------------------------------
    @property
    def registry(self) -> CollectorRegistry:
        """A registry of this kiosk's counters alone, built on first use."""
        if self._registry is None:
            from prometheus_client import CollectorRegistry

            self._registry = CollectorRegistry(auto_describe=True)
            self._registry.register(self)  # type: ignore[arg-type]  # a collector is anything with collect()
        return self._registry

    def collect(self) -> Iterator[Metric]:
        """The counters as Prometheus metric families (the registry calls this on every write)."""
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily

        def counter(name: str, doc: str, label: str | None, series: dict[str, _Count]) -> CounterMetricFamily:
            family = CounterMetricFamily(f"{PREFIX}_{name}", doc, labels=[label] if label else None)
            for value, count in series.items():
                family.add_metric([value] if label else [], count.value, created=count.created)
            return family

        yield counter("sessions_started", "Patient sessions started (first touch after idle)", None,
                      {"": self._sessions})
        yield counter("sections_opened", "Sections opened, by section id", "section", self._opened)
        yield counter("selfchecks_finished", "Self-checks finished, by outcome level", "level", self._finished)
        alerts = CounterMetricFamily(f"{PREFIX}_alerts", "Alerts to the front desk, by level and result",
                                     labels=["level", "result"])
        for (level, result), count in self._alerts.items():
            alerts.add_metric([level, result], count.value, created=count.created)
        yield alerts
        yield counter("content_reload_errors", "Content files that could not be used", None,
                      {"": self._reload_errors})
        yield GaugeMetricFamily(f"{PREFIX}_uptime_seconds", "Seconds since the kiosk started",
                                value=self._clock() - self._started)
        if self._sha256 is not None:
            yield InfoMetricFamily(f"{PREFIX}_content", "The content file shown", value={"sha256": self._sha256})

    def text(self) -> str:
        """The counters in Prometheus' text format, as :meth:`write` writes them."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry).decode("utf-8")

    def write(self, path: Path | str) -> None:
        """Replace *path* whole and durably. The node exporter reads ``*.prom`` files.

        Raises OSError (:class:`kiosk.core.files.NotRegularFileError` for a device) rather than replace
        anything but a regular file, or make a folder."""
        from prometheus_client import generate_latest

        data = generate_latest(self.registry)
        write_whole(Path(path), lambda partial: partial.write_bytes(data), make_folder=False)
