"""Run in a child process by test_chime.py: play the chime for an emergency outcome, report what Qt did as JSON.

A child, because Qt connects to the sound server once per process: the test points it at a private
PulseAudio null sink (PULSE_SERVER) before Qt Multimedia starts.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from kiosk.services.chime import Chime


def main() -> int:
    app = QCoreApplication([])
    report: dict[str, object] = {"outputs": [d.description() for d in QMediaDevices.audioOutputs()]}
    chime = Chime(enabled=True, volume=0.8)
    effect = chime.effect
    if effect is None:
        print(json.dumps(report))
        return 0

    def playing() -> None:
        if effect.isPlaying():
            report.update(playing=True, volume=round(effect.volume(), 3),
                          status=effect.status() == QSoundEffect.Status.Ready)
            effect.playingChanged.disconnect(playing)
            app.quit()

    effect.playingChanged.connect(playing)
    report["self_care"] = chime.outcome_opened("self-care")
    report["emergency"] = chime.outcome_opened("emergency")  # at once, as an outcome opening right after start
    QTimer.singleShot(10_000, app.quit)
    app.exec()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
