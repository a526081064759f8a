"""Fuzzing the content file: generated valid files load, damaged ones are refused with well-placed problems.

The strategies and mutators live in :mod:`tools.fuzz`, shared with ``python -m tools.fuzz --cases 2000``
(the long run). Here a few hundred derandomized cases keep the suite stable; any failure prints the case
to replay. Each bug the fuzzer found has a regression test of its own below.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from PySide6.QtWidgets import QApplication

from kiosk.content import ContentError, loads
from kiosk.selfcheck.audit import audit_passed
from tests.helpers import BUNDLED, ROOT
from tools import fuzz
from tools.fuzz import cli as fuzz_cli

SETTINGS: dict[str, Any] = {"deadline": None, "derandomize": True, "database": None,
                            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-test-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module", autouse=True)
def no_marker() -> Iterator[None]:
    """The file an unsafe tag would create: it must not exist before, and must not appear."""
    if fuzz.MARKER.exists():
        fuzz.MARKER.unlink()  # left by an earlier, failed run
    yield
    assert not fuzz.MARKER.exists(), "a YAML tag in a content file was executed"


def assert_polite(result: fuzz.Result, how: str) -> None:
    """Loaded, or refused with every problem at a line and column of 1 or more and with words."""
    assert result.ok, f"{how}: {result.outcome}\n{result.detail}"


# -- valid content --------------------------------------------------------------------------------------

@settings(max_examples=40, **SETTINGS)
@given(doc=fuzz.valid_documents())
def test_generated_valid_content_loads(doc: dict[str, Any], folder: Path) -> None:
    data = fuzz.dump(doc)
    result = fuzz.check_bytes(data, folder)
    assert result.outcome == "loaded", f"{result.outcome}\n{result.detail}\n--- the file ---\n{data.decode()[:4000]}"
    content = result.content
    assert content is not None
    assert [s.id for s in content.sections] == [s["id"] for s in doc["sections"]]
    if "selfcheck" in doc:
        assert content.selfcheck is not None and audit_passed(content.selfcheck)
        assert len(content.selfcheck.questions) == len(doc["selfcheck"]["questions"])


def test_the_generator_makes_what_it_promises() -> None:
    """Several languages, self-checks, Markdown and non-ASCII text all occur among the first examples."""
    seen: dict[str, bool] = {"languages": False, "selfcheck": False, "markdown": False, "unicode": False}

    @settings(max_examples=25, **SETTINGS)
    @given(doc=fuzz.valid_documents())
    def look(doc: dict[str, Any]) -> None:
        text = fuzz.dump(doc).decode()
        seen["languages"] |= len(doc["kiosk"].get("languages", [])) > 1
        seen["selfcheck"] |= "selfcheck" in doc
        seen["markdown"] |= "\n- " in text or "**" in text
        seen["unicode"] |= any(ord(c) > 127 for c in text)

    look()
    assert all(seen.values()), seen


# -- damaged content --------------------------------------------------------------------------------------

@settings(max_examples=250, **SETTINGS)
@given(mutant=fuzz.mutants())
def test_damaged_bundled_content_loads_or_is_refused_cleanly(mutant: fuzz.Mutant, folder: Path) -> None:
    assert_polite(fuzz.check_bytes(mutant.data, folder), repr(mutant))


@settings(max_examples=30, **SETTINGS)
@given(mutant=fuzz.generated_mutants())
def test_damaged_generated_content_loads_or_is_refused_cleanly(mutant: fuzz.Mutant, folder: Path) -> None:
    assert_polite(fuzz.check_bytes(mutant.data, folder), repr(mutant))


@pytest.mark.parametrize("name", sorted(fuzz.MUTATORS))
def test_every_mutator_on_fixed_seeds(name: str, folder: Path) -> None:
    for seed in range(4):
        data = fuzz.mutate(fuzz.bundled_bytes(), name, seed)
        assert_polite(fuzz.check_bytes(data, folder), f"bundled:{name}:{seed}")


@pytest.mark.parametrize("name", sorted(fuzz.MUTATORS))
def test_every_mutator_takes_bytes_that_are_not_utf8(name: str) -> None:
    """Found by a 60,000-event monkey run: in a chain, ``invalid_utf8`` re-encoded what an earlier mutator
    had already damaged and raised UnicodeDecodeError itself, in the tool, not in the kiosk."""
    damaged = fuzz.bundled_bytes().replace(b"\nsections:", b"\n\xc3(\xff\nsections:", 1)
    assert damaged != fuzz.bundled_bytes()
    for seed in range(12):  # invalid_utf8 re-encodes the whole file on 1 draw in 5: seed 1 of these
        assert isinstance(fuzz.mutate(damaged, name, seed), bytes)


@pytest.mark.parametrize("payload", fuzz.unsafe_payloads(), ids=lambda p: p.decode()[:40])
def test_unsafe_tags_are_refused_and_never_run(payload: bytes, folder: Path) -> None:
    text = fuzz.bundled_bytes()
    for data in (
        text.replace(b'  emergency_number: "911"', b"  emergency_number: " + payload),
        payload + b"\n",
        text + b"extra: " + payload + b"\n",
        text + b"? " + payload + b"\n: value\n",
    ):
        result = fuzz.check_bytes(data, folder)
        assert result.ok and result.outcome != "loaded", f"{result.outcome}\n{result.detail}"
        assert not fuzz.MARKER.exists()


def test_a_tag_directive_cannot_smuggle_a_python_tag_in(folder: Path) -> None:
    command = b'!py!object/apply:os.system ["touch ' + str(fuzz.MARKER).encode() + b'"]'
    data = b"%TAG !py! tag:yaml.org,2002:python/\n---\n" + fuzz.bundled_bytes().replace(
        b'  emergency_number: "911"', b"  emergency_number: " + command)
    result = fuzz.check_bytes(data, folder)
    assert result.outcome == "refused: unsafe tag", result.detail
    assert not fuzz.MARKER.exists()


def test_a_billion_laughs_is_refused_at_once(folder: Path) -> None:
    started = time.perf_counter()
    result = fuzz.check_bytes(fuzz.billion_laughs(12, 12) + fuzz.bundled_bytes(), folder)
    assert result.outcome == "refused: anchor/alias", result.detail
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("depth", [999, 1000, 5000, 200_000])
def test_deep_nesting_is_refused_with_a_place(depth: int, folder: Path) -> None:
    for deep in (b"[" * depth + b"]" * depth, b"{a: " * depth + b"1" + b"}" * depth, b"[" * depth):
        result = fuzz.check_bytes(fuzz.bundled_bytes().replace(b'"911"', deep), folder)
        assert result.ok and result.outcome.startswith("refused"), f"{result.outcome}\n{result.detail}"


def test_a_utf8_bom_still_loads_and_other_encodings_are_refused(folder: Path) -> None:
    text = fuzz.bundled_bytes()
    assert fuzz.check_bytes(b"\xef\xbb\xbf" + text, folder).outcome == "loaded"  # Notepad's UTF-8
    assert fuzz.check_bytes(b"\xef\xbb\xbf" * 2 + text, folder).ok  # YAML itself skips a second BOM
    for data in (text.decode().encode("utf-16"), text.decode().encode("utf-32")):
        result = fuzz.check_bytes(data, folder)
        assert result.outcome == "refused: not UTF-8", result.outcome


# -- the bugs the fuzzer found ------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["version: 1", "viewing_distance_mm: 500", "idle_timeout_s: 90"])
def test_a_number_too_long_to_convert_is_an_error_not_a_crash(key: str) -> None:
    """Found by the fuzzer: Python (3.11+) refuses str → int beyond 4,300 digits, and the ValueError escaped
    load(): --check printed a traceback and a kiosk started on such a file crashed."""
    text = BUNDLED.read_text(encoding="utf-8")
    if key not in text:
        text = text.replace("  emergency_number:", f"  {key}\n  emergency_number:")
    name = key.split(":")[0]
    with pytest.raises(ContentError) as info:
        loads(text.replace(key, f"{name}: " + "9" * 5000, 1).encode(), BUNDLED)
    assert name in str(info.value)
    assert all(p.mark.line > 1 and p.mark.column > 1 for p in info.value.errors)


@pytest.mark.parametrize("override", ['question_progress: "Question {n} of {total}"',
                                      'idle_body: "Starting over in {secs} s"', 'pin_locked: "Wait {"'])
def test_a_placeholder_the_kiosk_cannot_fill_is_refused(override: str) -> None:
    """Found by the monkey on content with ui_text overrides (python -m tools.monkey --content FILE)."""
    text = BUNDLED.read_text(encoding="utf-8") + f"\nui_text:\n  en:\n    {override}\n"
    with pytest.raises(ContentError) as info:
        loads(text.encode(), BUNDLED)
    assert info.value.errors[0].mark.line == text.count("\n")


# -- main.py --check in a child process -----------------------------------------------------------------------

SAMPLES = fuzz.CHECK_SAMPLES[:8]  # numbers, unsafe tag, NUL, BOM, deep nesting, laughs, bad UTF-8, cut short


@pytest.fixture(scope="module")
def checked(folder: Path) -> dict[tuple[str, int], tuple[int, str]]:
    """``main.py --check`` on every sample, run side by side (each child imports the loader: ~0.5 s)."""
    children = {}
    for name, seed in SAMPLES:
        path = folder / f"check-{name}-{seed}.yaml"
        path.write_bytes(fuzz.mutate(fuzz.bundled_bytes(), name, seed))
        children[(name, seed)] = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--check", "--content", str(path)], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"})
    results = {}
    for key, child in children.items():
        out, _ = child.communicate(timeout=120)
        results[key] = (child.returncode, out.decode("utf-8", "replace"))
    return results


@pytest.mark.parametrize(("name", "seed"), SAMPLES)
def test_check_exits_0_1_or_2_without_a_traceback(name: str, seed: int,
                                                   checked: dict[tuple[str, int], tuple[int, str]]) -> None:
    code, output = checked[(name, seed)]
    assert code in (0, 1, 2), output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    assert not fuzz.MARKER.exists()


# -- generated content in the real kiosk ------------------------------------------------------------------------

@settings(max_examples=3, **SETTINGS)
@given(doc=fuzz.valid_documents())
def test_generated_content_survives_a_short_monkey_run(doc: dict[str, Any], qapp: QApplication) -> None:
    from tests.tools.test_monkey import unknown
    from tools.monkey import run_monkey

    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-kiosk-") as tmp:
        path = Path(tmp) / "content.yaml"
        path.write_bytes(fuzz.dump(doc))
        report = run_monkey(path, events=40, seed=7, out=lambda _text: None)
    assert not unknown(report), "\n\n".join(unknown(report)) + "\n--- the file ---\n" + fuzz.dump(doc).decode()
    assert report.responsive


# -- the command line ----------------------------------------------------------------------------------------------

def test_the_fuzz_command_counts_outcomes(capsys: pytest.CaptureFixture[str]) -> None:
    assert fuzz_cli.main(["--cases", "12", "--check-files", "1"]) == 0
    out = capsys.readouterr().out
    assert "tools.fuzz: 12 cases" in out and "generated valid content" in out and "unsafe tags executed: no" in out


def test_the_fuzz_command_replays_one_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert fuzz_cli.main(["--replay", "bundled:truncate:1"]) == 0
    assert "bundled:truncate:1:" in capsys.readouterr().out
