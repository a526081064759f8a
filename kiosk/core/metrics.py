"""Anonymous usage counters, written for Prometheus' node exporter (textfile collector).

What is counted is about the kiosk, never about a person: sessions started, sections opened
(by section id), self-checks finished (by outcome level), content reloads that failed, uptime
and which content file is shown (its SHA-256). No answer, question, text, time of a visit or
sequence of taps is ever recorded. Labels can only come from closed sets — the loaded
content's section ids and the four level ids — and anything else is refused with
``ValueError``, so free text can never become a label by mistake.

Uses its own :class:`~prometheus_client.CollectorRegistry`, never the global one, so two
kiosks in one process (tests) do not share counts. :meth:`Metrics.write` goes through
:func:`prometheus_client.write_to_textfile`, which writes a temporary file beside the
target and renames it over the target: a reader sees the old file or the new one, never
half of one. Pure Python, no Qt.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Info, write_to_textfile

from kiosk.core.clock import Clock
from kiosk.selfcheck.levels import LEVEL_IDS

PREFIX = "kiosk"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Metrics:
    """The kiosk's counters. Call the methods as things happen; :meth:`write` them out now and then."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()
        self._sections: frozenset[str] = frozenset()
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._sessions = Counter(f"{PREFIX}_sessions_started", "Patient sessions started (first touch after idle)",
                                 registry=r)
        self._opened = Counter(f"{PREFIX}_sections_opened", "Sections opened, by section id", ["section"],
                               registry=r)
        self._finished = Counter(f"{PREFIX}_selfchecks_finished", "Self-checks finished, by outcome level",
                                 ["level"], registry=r)
        self._reload_errors = Counter(f"{PREFIX}_content_reload_errors", "Content files that could not be used",
                                      registry=r)
        self._uptime = Gauge(f"{PREFIX}_uptime_seconds", "Seconds since the kiosk started", registry=r)
        self._uptime.set_function(lambda: self._clock() - self._started)
        self._content = Info(f"{PREFIX}_content", "The content file shown", registry=r)
        # Every label exists from the start, at 0: rates work at once, and each series' ``_created`` time is the
        # kiosk's start or a content load, never the moment a patient first chose something.
        for level in LEVEL_IDS:
            self._finished.labels(level=level)

    # -- events ---------------------------------------------------------------------------------
    def session_started(self) -> None:
        self._sessions.inc()

    def section_opened(self, section_id: str) -> None:
        if section_id not in self._sections:
            raise ValueError(f"{section_id!r} is not a section id of the loaded content; only those are counted")
        self._opened.labels(section=section_id).inc()

    def selfcheck_finished(self, level: str) -> None:
        if level not in LEVEL_IDS:
            raise ValueError(f"{level!r} is not an outcome level; levels are {', '.join(LEVEL_IDS)}")
        self._finished.labels(level=level).inc()

    def reload_failed(self) -> None:
        self._reload_errors.inc()

    def content_loaded(self, sha256: str, section_ids: Iterable[str]) -> None:
        """A content file is now shown: its hash, and the section ids :meth:`section_opened` may count."""
        if not _SHA256.match(sha256):
            raise ValueError("sha256 should be 64 lowercase hexadecimal digits (Content.sha256)")
        self._sections = frozenset(section_ids)
        self._content.info({"sha256": sha256})
        for section_id in sorted(self._sections):  # present at 0 before the first tap (see __init__)
            self._opened.labels(section=section_id)

    # -- output ---------------------------------------------------------------------------------
    def text(self) -> str:
        """The counters in Prometheus' text format, as :meth:`write` writes them."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry).decode("utf-8")

    def write(self, path: Path | str) -> None:
        """Replace *path* atomically (temporary file, then rename). The node exporter reads ``*.prom`` files."""
        write_to_textfile(str(path), self.registry)
