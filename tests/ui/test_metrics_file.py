"""The metrics file counts what happened, never who or what was answered, and is replaced whole."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pytestqt.qtbot import QtBot

from kiosk.app import build_kiosk, kiosk_of
from kiosk.content import ContentError, load
from tests.core.fakeclock import FakeClock
from tests.helpers import BUNDLED, button, touch_tap
from tests.nodes import special_node
from tests.ui.conftest import Keep


def samples(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_a_scripted_session_is_counted(qtbot: QtBot, keep: Keep, tmp_path: Path) -> None:
    clock = FakeClock()
    metrics = tmp_path / "kiosk.prom"
    window = build_kiosk(BUNDLED, clock=clock, metrics_file=metrics, watch=False)
    keep(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    kiosk = kiosk_of(window)
    touch_tap(button(window, "What is Botox?"))
    touch_tap(button(window, "Next"))
    touch_tap(button(window, "Home"))
    touch_tap(button(window, "Side-effect self-check"))
    touch_tap(button(window, "Start"))
    question = kiosk.screen.question.text()  # type: ignore[attr-defined]
    touch_tap(button(window, "Yes"))  # breathing: yes -> emergency
    touch_tap(button(window, "Done"))
    clock.advance(200)
    kiosk.input.poll()  # the session times out; the next touch is a new session
    touch_tap(button(window, "Is Botox Safe for Acne?"))
    kiosk.reload.content_failed(ContentError(BUNDLED, []))
    kiosk.write_metrics()
    found = samples(metrics)
    assert found[("kiosk_sessions_started_total", ())] == 2
    assert found[("kiosk_sections_opened_total", (("section", "what-is-botox"),))] == 1
    assert found[("kiosk_sections_opened_total", (("section", "how-it-works"),))] == 1
    assert found[("kiosk_sections_opened_total", (("section", "is-it-safe"),))] == 1
    assert found[("kiosk_selfchecks_finished_total", (("level", "emergency"),))] == 1
    assert found[("kiosk_selfchecks_finished_total", (("level", "self-care"),))] == 0
    assert found[("kiosk_content_reload_errors_total", ())] == 1
    assert found[("kiosk_content_info", (("sha256", load(BUNDLED).sha256),))] == 1
    text = metrics.read_text(encoding="utf-8")
    for private in (question, "Yes", "Tell a staff member now", "breathing"):
        assert private not in text
    window.close()
    assert samples(metrics)[("kiosk_sessions_started_total", ())] == 2  # written again at exit


def test_the_file_is_replaced_not_rewritten_in_place(qtbot: QtBot, keep: Keep, tmp_path: Path) -> None:
    metrics = tmp_path / "kiosk.prom"
    window = build_kiosk(BUNDLED, metrics_file=metrics, watch=False)
    keep(window)
    kiosk = kiosk_of(window)
    kiosk.write_metrics()
    first = metrics.stat().st_ino
    kiosk.write_metrics()
    assert metrics.stat().st_ino != first  # a new file renamed over the old: readers never see half of one
    assert not [p for p in tmp_path.iterdir() if p.name != "kiosk.prom"]  # no temporary file left behind


def test_a_device_named_as_kiosk_metrics_file_in_the_content_is_logged_and_stays_a_device(
        qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """content.yaml's kiosk.metrics_file gets the same check as --metrics-file, where the kiosk writes."""
    node = special_node(tmp_path)
    kind = stat.S_IFMT(node.lstat().st_mode)
    content = tmp_path / "content.yaml"
    content.write_text(BUNDLED.read_text(encoding="utf-8").replace(
        "kiosk:\n", f"kiosk:\n  metrics_file: {node}\n", 1), encoding="utf-8")
    window = build_kiosk(content, watch=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        window.close()  # the clean shutdown writes the last counters
    said = [r.getMessage() for r in caplog.records if "metrics file" in r.getMessage()]
    assert said and f"{node} is a " in said[0] and "the kiosk never replaces one" in said[0], said
    assert stat.S_IFMT(node.lstat().st_mode) == kind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content.yaml", "null"]
