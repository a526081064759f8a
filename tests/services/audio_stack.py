"""A real audio path for tests: PulseAudio with a null sink, speech-dispatcher with espeak-ng, a recorder.

Everything lives in one temporary folder (sockets, config, logs, state), so the machine's own sound
server and speech daemon are neither used nor touched. Each daemon runs in a process group of its
own, and :meth:`AudioStack.stop` ends the whole group: no process is left behind.
"""

from __future__ import annotations

import array
import contextlib
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

RATE = 16_000
"""Samples per second the recorder asks for (mono, 16 bit)."""

WINDOW_S = 0.02
"""The RMS window: 20 ms."""

MODULE_DIRS = ("/usr/lib/speech-dispatcher-modules", "/usr/lib/x86_64-linux-gnu/speech-dispatcher-modules",
               "/usr/lib/aarch64-linux-gnu/speech-dispatcher-modules", "/usr/libexec/speech-dispatcher-modules")

PACKAGES = {  # what must be there -> the Debian package that brings it
    "pulseaudio": "pulseaudio",
    "parecord": "pulseaudio-utils",
    "pactl": "pulseaudio-utils",
    "speech-dispatcher": "speech-dispatcher",
    "sd_espeak-ng": "speech-dispatcher-espeak-ng",
    "espeak-ng": "espeak-ng",
}

SPEECHD_CONF = """\
# speech-dispatcher for the real-audio test. LogLevel 1: errors only (higher levels log the text spoken).
LogLevel 1
AudioOutputMethod "pulse"
AudioPulseServer "{server}"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
"""


def module_dir() -> Path | None:
    for directory in MODULE_DIRS:
        if Path(directory, "sd_espeak-ng").exists():
            return Path(directory)
    return None


def missing_packages(things: tuple[str, ...] = tuple(PACKAGES)) -> list[str]:
    """The Debian packages the real audio path needs (or only those bringing *things*) and this machine
    lacks, in install order."""
    missing: list[str] = []
    for thing, package in PACKAGES.items():
        if thing not in things:
            continue
        present = module_dir() is not None if thing == "sd_espeak-ng" else shutil.which(thing) is not None
        if not present and package not in missing:
            missing.append(package)
    return missing


def install_line(packages: list[str]) -> str:
    return f"apt-get install -y --no-install-recommends {' '.join(packages)}"


def require_packages() -> None:
    """Skip (outside CI) or fail (CI=true) when a package is missing; the reason is the line to run."""
    missing = missing_packages()
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the real-audio test must run in CI; missing Debian packages: {install_line(missing)}")
    pytest.skip(install_line(missing))


class AudioStack:
    """PulseAudio (null sink ``kiosk``) and speech-dispatcher (espeak-ng, output to that sink)."""

    def __init__(self) -> None:
        # A unix socket path is limited to 107 bytes: a short folder of its own in the temp dir.
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-audio-"))
        self.pulse_socket = self.folder / "pulse" / "native"
        self.speechd_socket = self.folder / "speechd.sock"
        home = self.folder / "home"
        (home / ".config").mkdir(parents=True)
        self.env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(self.folder),
                    "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
                    "PULSE_RUNTIME_PATH": str(self.folder / "pulse"), "PULSE_STATE_PATH": str(self.folder / "state"),
                    "PULSE_SERVER": f"unix:{self.pulse_socket}"}
        self._daemons: list[subprocess.Popen[bytes]] = []

    def client_env(self) -> dict[str, str]:
        """What points libspeechd (the kiosk) and libpulse (the recorder) at this stack."""
        return {"SPEECHD_ADDRESS": f"unix_socket:{self.speechd_socket}", "SPEECHD_CMD": "/bin/false",
                "PULSE_SERVER": f"unix:{self.pulse_socket}"}

    def start(self) -> None:
        self.start_pulse()
        self.start_speech()

    def start_pulse(self) -> None:
        """The sound server alone (the chime needs no speech): a null sink ``kiosk``, described as
        "Null Output" to its clients."""
        (self.folder / "pulse").mkdir()
        empty = self.folder / "empty.pa"
        empty.write_text("", encoding="utf-8")
        # As root, PulseAudio warns but runs per-user with these flags; -n/-F: no system default.pa, only ours.
        self._spawn("pulse", ["pulseaudio", "--daemonize=no", "--system=false", "--exit-idle-time=-1",
                              "--use-pid-file=no", "--disable-shm=yes", "-n", "-F", str(empty),
                              "-L", "module-null-sink sink_name=kiosk rate=16000",
                              "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.pulse_socket}"],
                    ready=self.pulse_socket.exists)
        self._wait(lambda: subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0,
                   "PulseAudio did not answer pactl", "pulse")

    def start_speech(self) -> None:
        """speech-dispatcher with espeak-ng, speaking into the sink of :meth:`start_pulse`."""
        config = self.folder / "speechd"
        (config / "modules").mkdir(parents=True)
        (config / "speechd.conf").write_text(SPEECHD_CONF.format(server=f"unix:{self.pulse_socket}"),
                                             encoding="utf-8")
        (config / "modules" / "espeak-ng.conf").write_text("", encoding="utf-8")
        logs = self.folder / "speechd-logs"
        logs.mkdir()
        self._spawn("speechd", ["speech-dispatcher", "--run-single", "--communication-method", "unix_socket",
                                "--socket-path", str(self.speechd_socket), "--config-dir", str(config),
                                "--module-dir", str(module_dir()), "--log-dir", str(logs),
                                "--pid-file", str(self.folder / "speechd.pid"), "--timeout", "0"],
                    ready=self.speechd_socket.exists)

    def _spawn(self, name: str, command: list[str], *, ready: object) -> None:
        log = (self.folder / f"{name}.log").open("ab")
        daemon = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                  start_new_session=True)  # its own group: its helpers end with it
        log.close()
        self._daemons.append(daemon)
        self._wait(lambda: ready() or daemon.poll() is not None, f"{command[0]} did not start", name)  # type: ignore[operator]
        if daemon.poll() is not None:
            raise RuntimeError(f"{command[0]} exited with {daemon.returncode}: {self.log_tail(name)}")

    def _wait(self, condition: object, message: str, name: str, timeout: float = 15.0) -> None:
        """Until *condition*, waiting on the daemon just started between looks: its exit ends the wait at once."""
        deadline = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise RuntimeError(f"{message} within {timeout:.0f} s: {self.log_tail(name)}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._daemons[-1].wait(timeout=0.02)

    def log_tail(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-800:] if path.exists() else ""

    def stop(self) -> None:
        """SIGTERM each daemon (speech-dispatcher then ends and reaps its modules), then SIGKILL its group."""
        for daemon in reversed(self._daemons):
            if daemon.poll() is None:
                daemon.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    daemon.wait(timeout=3)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(daemon.pid, signal.SIGKILL)  # anything of its group still there
            if daemon.poll() is None:
                daemon.wait(timeout=3)
        self._daemons.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def recorder(self) -> Recorder:
        return Recorder(self.env, self.folder / "parecord.log")


@dataclass(frozen=True)
class Level:
    """The RMS (full scale = 1) of one 20 ms window that ended at *at* (time.monotonic())."""

    at: float
    rms: float


class Recorder:
    """Records the null sink's monitor with parecord; every chunk is stamped with its arrival time.

    A window's time is its arrival time less the samples that came after it in the same chunk, so the
    figures line up with ``time.monotonic()`` taken at a tap, give or take parecord's 20 ms fragments.
    """

    def __init__(self, env: dict[str, str], log: Path) -> None:
        with log.open("ab") as errors:
            self._process = subprocess.Popen(
                ["parecord", "--raw", "--device=kiosk.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1",
                 "--latency-msec=20"], stdout=subprocess.PIPE, stderr=errors, env=env, start_new_session=True)
        self._chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="kiosk-audio-recorder", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        descriptor = self._process.stdout.fileno()
        while chunk := os.read(descriptor, 640):
            with self._lock:
                self._chunks.append((time.monotonic(), chunk))

    @property
    def flowing(self) -> bool:
        with self._lock:
            return bool(self._chunks)

    def levels(self) -> list[Level]:
        """RMS per 20 ms window, oldest first."""
        with self._lock:
            chunks = list(self._chunks)
        data = bytearray()
        ends: list[tuple[int, float]] = []
        for arrived, chunk in chunks:
            data += chunk
            ends.append((len(data), arrived))
        step = int(RATE * WINDOW_S) * 2
        levels: list[Level] = []
        chunk_index = 0
        for offset in range(0, len(data) - step + 1, step):
            end = offset + step
            while ends[chunk_index][0] < end:
                chunk_index += 1
            chunk_end, arrived = ends[chunk_index]
            samples = array.array("h", bytes(data[offset:end]))
            rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768
            levels.append(Level(arrived - (chunk_end - end) / 2 / RATE, rms))
        return levels

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=5)
        self._reader.join(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()


def spoken_seconds(text: str, voice: str, folder: Path) -> float:
    """How long espeak-ng itself takes to say *text* in *voice* at its default rate: what the words need."""
    out = folder / "reference.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], check=True, capture_output=True)
    with wave.open(str(out)) as reference:
        return reference.getnframes() / reference.getframerate()
