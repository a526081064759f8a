"""The start-up probe that python -m tools.bench launches (tools.bench.probe)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BUNDLED, ROOT


def run_probe(kind: str, cache: Path, *extra: str) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SPEECH_ENGINE": "mock", "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-m", "tools.bench.probe", kind, str(BUNDLED), *extra], capture_output=True,
                         text=True, timeout=120, cwd=ROOT, env=env, check=False)
    assert out.returncode == 0, out.stderr
    return [line.split()[0] for line in out.stdout.splitlines()]


@pytest.mark.parametrize("kind", ["bare", "kiosk"])
def test_the_probe_reports_its_first_frame(kind: str, tmp_path: Path) -> None:
    marks = run_probe(kind, tmp_path)
    assert marks[0] == "python" and "painted" in marks
    if kind == "kiosk":  # and once the work deferred past the first frame is done
        assert marks[-1] == "settled"


def test_exit_at_paint_ends_the_kiosk_at_its_first_frame(tmp_path: Path) -> None:
    """What perf stat counts for the benchmark's instructions row: up to the first frame, nothing after."""
    marks = run_probe("kiosk", tmp_path, "--exit-at-paint")
    assert marks[-1] == "painted" and "settled" not in marks
