"""The chime at the kiosk when an urgent or emergency outcome opens: resources/chime.wav through Qt Multimedia.

QSoundEffect plays short uncompressed sounds with little latency, and loads the file once, ahead of
need (it loads asynchronously), so the outcome screen never waits for it. A machine without an audio
output gets no sound effect at all: Qt would only report an error on every play. The sound is the
kiosk's own (scripts/make_chime.py), not third-party audio.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.core.alerts import OUTCOME_LEVELS

log = logging.getLogger(__name__)

CHIME_WAV = Path(__file__).resolve().parents[2] / "resources" / "chime.wav"


class Chime(QObject):
    """Plays the chime for the outcome levels that alert, at the content's volume; silent when switched off."""

    def __init__(self, *, enabled: bool = False, volume: float = 0.8, source: Path = CHIME_WAV,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.enabled = False
        self.volume = volume
        self.effect = None  # a QSoundEffect once enabled on a machine with an audio output
        self.configure(enabled, volume)

    def configure(self, enabled: bool, volume: float) -> None:
        """From ``alerts.chime`` and ``alerts.volume`` (0..1), at start and on every content reload."""
        self.enabled, self.volume = enabled, volume
        if enabled and self.effect is None:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if not QMediaDevices.audioOutputs():
                log.info("no audio output: the chime for urgent and emergency outcomes is silent")
                return
            self.effect = QSoundEffect(self)
            self.effect.setSource(QUrl.fromLocalFile(str(self.source)))
        if self.effect is not None:
            self.effect.setVolume(volume)

    def outcome_opened(self, level: str) -> bool:
        """Chime if *level* is urgent or emergency; whether it was played."""
        return level in OUTCOME_LEVELS and self.play()

    def play(self) -> bool:
        if not self.enabled or self.effect is None:
            return False
        self.effect.play()
        return True
