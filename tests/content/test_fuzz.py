"""Fuzzing the content file: generated valid files load, damaged ones are refused with well-placed problems.

The strategies live in kiosk/fuzz.py, shared with ``python -m kiosk.fuzz --cases 2000``. Here a few
hundred derandomized cases keep the suite stable; any failure prints the case to replay.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from kiosk import fuzz
from kiosk.content import loads
from tests.helpers import BUNDLED

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@FUZZ
@given(fuzz.valid_documents())
def test_generated_valid_content_loads(tmp_path_factory, document) -> None:
    folder = tmp_path_factory.mktemp("valid")
    result = fuzz.check_bytes(fuzz.dump(document), folder)
    assert result.outcome == "loaded", result.detail


@FUZZ
@given(fuzz.mutants())
def test_damaged_bundled_content_loads_or_is_refused_cleanly(tmp_path_factory, mutant) -> None:
    folder = tmp_path_factory.mktemp("mutant")
    result = fuzz.check_bytes(mutant.data, folder)
    assert result.ok, f"{mutant!r}: {result.outcome}\n{result.detail}"


def test_the_worst_inputs_are_refused_without_running_anything(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    for payload in fuzz.unsafe_payloads():
        result = fuzz.check_bytes(data + b"\nextra: " + payload + b"\n", tmp_path)
        assert result.ok and result.outcome.startswith("refused"), result.detail
    result = fuzz.check_bytes(fuzz.billion_laughs(), tmp_path)
    assert result.ok and result.outcome.startswith("refused"), result.detail
    assert not fuzz.MARKER.exists()


def test_a_number_too_long_to_convert_is_an_error_not_a_crash() -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace("viewing_distance_mm: 500", "viewing_distance_mm: " + "9" * 5000)
    try:
        loads(text.encode(), BUNDLED)
    except Exception as exc:
        assert type(exc).__name__ == "ContentError", repr(exc)
        assert "viewing_distance_mm" in str(exc)
