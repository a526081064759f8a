"""The chime: the kiosk's own sound, played through Qt Multimedia for urgent and emergency outcomes only."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.chime import CHIME_WAV, Chime

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
def null_sink(tmp_path: Path) -> Iterator[str]:
    """A private PulseAudio server whose only output is a null sink; its address for PULSE_SERVER."""
    binary = shutil.which("pulseaudio")
    if binary is None:
        pytest.skip("`pulseaudio` is not installed, so no private null sink can stand in for an audio device "
                    "(apt-get install pulseaudio): the chime's real Qt Multimedia playback is NOT tested here")
    folder = tmp_path / "pulse"
    folder.mkdir()
    socket_path = folder / "native"
    server = subprocess.Popen(
        [binary, "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes", "--use-pid-file=no",
         "--log-level=info", "--log-target=stderr", "-L", "module-null-sink sink_name=kiosk_null",
         "-L", f"module-native-protocol-unix socket={socket_path} auth-anonymous=1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "HOME": str(folder), "XDG_RUNTIME_DIR": str(folder)})
    try:
        assert server.stderr is not None
        for line in server.stderr:  # its own word that it is ready, not a guess at how long it takes
            if "startup complete" in line:
                break
        else:
            pytest.fail("the private PulseAudio server did not start")
        yield f"unix:{socket_path}"
    finally:
        server.terminate()
        server.wait(10)
        if server.stderr is not None:
            server.stderr.close()


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
