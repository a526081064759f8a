"""Anonymous usage counters: right counts, parseable output, nothing about a person, files replaced atomically."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import prometheus_client
import pytest
from prometheus_client.parser import text_string_to_metric_families

import kiosk.core.metrics
from kiosk.content import load
from kiosk.core.alerts import ALERT_LEVELS, RESULTS
from kiosk.core.metrics import Metrics, target_problem
from kiosk.model.levels import LEVEL_IDS
from tests.core.fakeclock import FakeClock
from tests.nodes import special_node

ROOT = Path(__file__).resolve().parents[2]
SHA = "ab" * 32


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample as {(name, sorted labels): value}, parsed the way Prometheus parses it."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples
            if not s.name.endswith("_created")}


@pytest.fixture
def metrics(clock: FakeClock) -> Metrics:
    m = Metrics(clock=clock, levels=LEVEL_IDS)
    m.content_loaded(SHA, ["what-is-botox", "side-effects"])
    return m


def test_a_scripted_morning(metrics: Metrics, clock: FakeClock, tmp_path: Path) -> None:
    metrics.session_started()
    metrics.section_opened("what-is-botox")
    metrics.section_opened("side-effects")
    metrics.section_opened("what-is-botox")
    clock.advance(30)
    metrics.session_started()
    metrics.selfcheck_finished("urgent")
    metrics.selfcheck_finished("self-care")
    metrics.selfcheck_finished("self-care")
    metrics.reload_failed()
    metrics.alert_finished("urgent", "delivered")
    clock.advance(12.5)
    path = tmp_path / "kiosk.prom"
    metrics.write(path)
    found = samples(path.read_text(encoding="utf-8"))
    assert found == {
        ("kiosk_sessions_started_total", ()): 2.0,
        ("kiosk_sections_opened_total", (("section", "what-is-botox"),)): 2.0,
        ("kiosk_sections_opened_total", (("section", "side-effects"),)): 1.0,
        ("kiosk_selfchecks_finished_total", (("level", "self-care"),)): 2.0,
        ("kiosk_selfchecks_finished_total", (("level", "call-clinic"),)): 0.0,
        ("kiosk_selfchecks_finished_total", (("level", "urgent"),)): 1.0,
        ("kiosk_selfchecks_finished_total", (("level", "emergency"),)): 0.0,
        **{("kiosk_alerts_total", (("level", level), ("result", result))): 0.0
           for level in ALERT_LEVELS for result in ("delivered", "failed")},
        ("kiosk_alerts_total", (("level", "urgent"), ("result", "delivered"))): 1.0,
        ("kiosk_content_reload_errors_total", ()): 1.0,
        ("kiosk_uptime_seconds", ()): 42.5,
        ("kiosk_content_info", (("sha256", SHA),)): 1.0,
    }
    assert metrics.text() == path.read_text(encoding="utf-8")


def test_counts_start_at_zero_and_uptime_follows_the_clock(clock: FakeClock) -> None:
    m = Metrics(clock=clock, levels=LEVEL_IDS)
    assert samples(m.text())[("kiosk_sessions_started_total", ())] == 0.0
    assert samples(m.text())[("kiosk_uptime_seconds", ())] == 0.0
    clock.advance(90)
    assert samples(m.text())[("kiosk_uptime_seconds", ())] == 90.0
    assert not any("sha256" in dict(labels) for _, labels in samples(m.text()))  # nothing loaded yet


def test_a_new_content_file_replaces_the_hash(metrics: Metrics) -> None:
    metrics.content_loaded("cd" * 32, ["in-short"])
    info = [labels for name, labels in samples(metrics.text()) if name == "kiosk_content_info"]
    assert info == [(("sha256", "cd" * 32),)]
    metrics.section_opened("in-short")
    with pytest.raises(ValueError):
        metrics.section_opened("what-is-botox")  # not in the file shown now


@pytest.mark.parametrize("bad", ["Do you have a fever?", "Yes", "What-Is-Botox", "", "what-is-botox "])
def test_free_text_can_never_become_a_section_label(metrics: Metrics, bad: str) -> None:
    with pytest.raises(ValueError):
        metrics.section_opened(bad)


@pytest.mark.parametrize("bad", ["Not sure", "Tell a staff member now", "URGENT", "severe", ""])
def test_only_the_four_levels_are_labels(metrics: Metrics, bad: str) -> None:
    with pytest.raises(ValueError):
        metrics.selfcheck_finished(bad)


@pytest.mark.parametrize(("level", "result"), [("self-care", "delivered"), ("urgent", "sent"),
                                                ("emergency-now", "failed")])
def test_alerts_are_counted_by_closed_levels_and_results(metrics: Metrics, level: str, result: str) -> None:
    with pytest.raises(ValueError):
        metrics.alert_finished(level, result)


@pytest.mark.parametrize("bad", ["patient 42", "AB" * 32, "ab" * 31, "zz" * 32])
def test_the_hash_must_be_a_hash(clock: FakeClock, bad: str) -> None:
    with pytest.raises(ValueError):
        Metrics(clock=clock, levels=LEVEL_IDS).content_loaded(bad, [])


def test_nothing_before_content_is_loaded(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        Metrics(clock=clock, levels=LEVEL_IDS).section_opened("what-is-botox")


def test_the_file_never_holds_what_a_patient_read_or_answered(clock: FakeClock, tmp_path: Path) -> None:
    content = load(ROOT / "content.yaml")
    assert content.selfcheck is not None
    m = Metrics(clock=clock, levels=LEVEL_IDS)
    m.content_loaded(content.sha256, [s.id for s in content.sections])
    for section in content.sections:
        m.section_opened(section.id)
    for level in LEVEL_IDS:
        m.selfcheck_finished(level)
    m.session_started()
    path = tmp_path / "kiosk.prom"
    m.write(path)
    text = path.read_text(encoding="utf-8")
    words = []
    for lang in content.kiosk.languages:
        for question in content.selfcheck.questions:
            words.append(question.text.get(lang))
            words += [answer.label.get(lang) for answer in question.answers]
        for outcome in content.selfcheck.outcomes:
            words += [outcome.title.get(lang), outcome.body.get(lang)]
        for section in content.sections:
            words += [section.title.get(lang), section.body.get(lang)]
    for phrase in words:
        assert phrase not in text, phrase
    for answer in ("Yes", "No", "Not sure", "Sí", "No estoy seguro"):
        assert f'"{answer}"' not in text
    # Every label value comes from the closed sets.
    allowed = {s.id for s in content.sections} | set(LEVEL_IDS) | {content.sha256} | set(ALERT_LEVELS) | set(RESULTS)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            assert set(sample.labels.values()) <= allowed, sample


def test_its_own_registry(clock: FakeClock) -> None:
    a, b = Metrics(clock=clock, levels=LEVEL_IDS), Metrics(clock=clock, levels=LEVEL_IDS)  # no "Duplicated timeseries"
    a.session_started()
    assert samples(b.text())[("kiosk_sessions_started_total", ())] == 0.0
    assert "kiosk_sessions_started_total" not in prometheus_client.generate_latest().decode()


def test_write_goes_through_the_durable_helper(metrics: Metrics, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """One helper syncs and refuses devices for every file the kiosk writes (kiosk.core.files)."""
    calls = []
    monkeypatch.setattr(kiosk.core.metrics, "write_whole", lambda path, write, **kw: calls.append((path, kw)))
    metrics.write(tmp_path / "kiosk.prom")
    assert calls == [(tmp_path / "kiosk.prom", {"make_folder": False})]


def test_the_file_is_replaced_whole_never_rewritten_in_place(metrics: Metrics, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.prom"
    metrics.write(path)
    first = path.read_text(encoding="utf-8")
    inode = path.stat().st_ino
    seen = []
    rename = os.replace

    def checked_rename(src: str, dst: str) -> None:
        # At the moment of the swap the old file is still whole and the new one is complete beside it.
        assert Path(dst).read_text(encoding="utf-8") == first
        assert Path(src).parent == Path(dst).parent  # same filesystem: the rename is atomic
        new = Path(src).read_text(encoding="utf-8")
        assert new.endswith("\n") and samples(new)[("kiosk_sessions_started_total", ())] == 1.0
        seen.append(src)
        rename(src, dst)

    monkeypatch.setattr(os, "replace", checked_rename)
    metrics.session_started()
    metrics.write(path)
    assert len(seen) == 1
    assert path.stat().st_ino != inode  # a new file took the name; the old one was not truncated and rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.prom"]  # no temporary file left behind


def test_a_reader_never_sees_half_a_file(metrics: Metrics, tmp_path: Path) -> None:
    path = tmp_path / "kiosk.prom"
    metrics.write(path)
    stop = threading.Event()
    bad: list[str] = []

    def read() -> None:
        while not stop.is_set():
            text = path.read_text(encoding="utf-8")
            try:
                found = samples(text)
            except Exception as exc:  # a torn file does not parse
                bad.append(f"{exc}: {text!r}")
                continue
            if ("kiosk_uptime_seconds", ()) not in found or not text.endswith("\n"):
                bad.append(text)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(300):
            metrics.session_started()
            metrics.write(path)
    finally:
        stop.set()
        reader.join()
    assert bad == []
    assert samples(path.read_text(encoding="utf-8"))[("kiosk_sessions_started_total", ())] == 300.0




def test_a_device_as_the_metrics_file_is_refused_and_stays_a_device(metrics: Metrics, tmp_path: Path) -> None:
    node = special_node(tmp_path)
    kind = stat.S_IFMT(node.lstat().st_mode)
    problem = target_problem(node)
    assert problem is not None and "not a regular file" in problem
    with pytest.raises(OSError, match="never replaces"):
        metrics.write(node)  # content.yaml's kiosk.metrics_file is checked here, at every write
    assert stat.S_IFMT(node.lstat().st_mode) == kind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_missing_folder_or_a_folder_is_refused(metrics: Metrics, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "kiosk.prom"
    assert "does not exist" in (target_problem(missing) or "")
    with pytest.raises(FileNotFoundError):
        metrics.write(missing)
    assert not missing.parent.exists()  # not made: the folder is the node exporter's to make
    assert "a folder" in (target_problem(tmp_path) or "")


def test_a_new_or_regular_file_is_fine(tmp_path: Path) -> None:
    assert target_problem(tmp_path / "kiosk.prom") is None
    (tmp_path / "kiosk.prom").write_text("", encoding="utf-8")
    assert target_problem(tmp_path / "kiosk.prom") is None
