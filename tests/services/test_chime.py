"""The chime: the kiosk's own sound, played through Qt Multimedia for urgent and emergency outcomes only."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import struct
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.chime import CHIME_WAV, Chime
from tests.services.audio_stack import AudioStack, install_line, missing_packages

ROOT = Path(__file__).resolve().parents[2]


def frames(data: bytes) -> tuple[tuple[int, int, int], list[int]]:
    with wave.open(io.BytesIO(data)) as wav:
        shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
        raw = wav.readframes(wav.getnframes())
    return shape, [v for (v,) in struct.iter_unpack("<h", raw)]


def test_the_committed_chime_is_what_the_generator_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_chime", ROOT / "scripts" / "make_chime.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shape, committed = frames(CHIME_WAV.read_bytes())
    made_shape, made = frames(module.wav_bytes())
    assert shape == made_shape == (1, 2, 22_050)
    assert len(committed) == len(made) == int(22_050 * 0.6)
    assert max(abs(a - b) for a, b in zip(committed, made, strict=True)) <= 1  # a libm's last bit may differ
    assert max(map(abs, committed)) <= 0.61 * 32767 and committed[-1] == 0


def test_switched_off_it_never_touches_the_audio_system(qapp: object) -> None:
    chime = Chime(enabled=False, volume=0.8)
    assert chime.effect is None
    assert chime.outcome_opened("emergency") is False


@pytest.fixture
def null_sink() -> Iterator[str]:
    """A private PulseAudio server whose only output is a null sink (tests/services/audio_stack.py, the
    real-audio test's own); its address for PULSE_SERVER. Skipped, saying why, only where none can start;
    in CI (CI=true) that fails instead, so the chime's real playback can never go untested quietly."""
    missing = missing_packages(("pulseaudio", "pactl"))
    why = (f"no audio server can be started here ({install_line(missing)}), so the chime's real Qt "
           "Multimedia playback is NOT tested") if missing else ""
    stack = AudioStack()
    try:
        if not missing:
            try:
                stack.start_pulse()
            except RuntimeError as exc:
                why = f"the private PulseAudio server did not start ({exc}): the chime's real playback is NOT tested"
        if why:
            if os.environ.get("CI") == "true":
                pytest.fail(why)
            pytest.skip(why)
        yield stack.client_env()["PULSE_SERVER"]
    finally:
        stack.stop()


def test_the_chime_plays_through_qt_multimedia_for_an_emergency(null_sink: str) -> None:
    """In a child process, so Qt Multimedia meets the private sound server from its first call."""
    result = subprocess.run([sys.executable, "-m", "tests.services.chime_child"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False,
                            env={**os.environ, "PULSE_SERVER": null_sink, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["outputs"] == ["Null Output"], report
    assert report == {"outputs": ["Null Output"], "self_care": False, "emergency": True, "playing": True,
                      "volume": 0.8, "status": True}
