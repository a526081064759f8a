#!/usr/bin/env python3
"""Make resources/chime.wav: the kiosk's own two-tone chime (no third-party audio), 0.6 s.

A soft "ding-dong": E5 then C5, each a sine with a little of its octave, a 5 ms rise and a bell-like
exponential fall, the second starting while the first still rings. 22.05 kHz mono 16-bit, about
26 KB. The output is the same bytes on every machine (tests/services/test_chime.py checks the
committed file against it). Run from the project root:

    python scripts/make_chime.py
"""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050
LENGTH_S = 0.6
NOTES = ((0.0, 659.25), (0.2, 523.25))  # (start in seconds, frequency in Hz): E5, C5
PEAK = 0.6  # of full scale: clear in a waiting room at the content's volume, never harsh
OUT = Path(__file__).resolve().parents[1] / "resources" / "chime.wav"


def sample(t: float, end: float) -> float:
    value = 0.0
    for start, freq in NOTES:
        dt = t - start
        if dt < 0:
            continue
        envelope = min(1.0, dt / 0.005) * math.exp(-dt * 6.0)
        value += envelope * (math.sin(2 * math.pi * freq * dt) + 0.25 * math.sin(4 * math.pi * freq * dt))
    fade = min(1.0, (end - t) / 0.03)  # the last 30 ms fall to silence, the last sample is 0: no click
    return value * fade


def wav_bytes() -> bytes:
    count = int(RATE * LENGTH_S)
    raw = [sample(i / RATE, (count - 1) / RATE) for i in range(count)]
    scale = PEAK / max(abs(v) for v in raw)
    frames = b"".join(struct.pack("<h", round(v * scale * 32767)) for v in raw)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)
    return out.getvalue()


def main() -> int:
    OUT.write_bytes(wav_bytes())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
