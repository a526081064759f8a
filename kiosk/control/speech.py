"""Read aloud, seen from the kiosk: when the speech engine starts, what the staff panel says of it, and
stopping it once at the end. The engine and its thread are kiosk.services.speech's."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from kiosk.services.speech import Speaker

PREVIEW_ENGINE = "preview"


class SpeechController(QObject):
    """Owns the :class:`Speaker` (started after the first frame: QtTextToSpeech and its engine need not
    delay it), and answers the bar's Read aloud and Repeat."""

    availability_changed = Signal(bool)  # the engine broke, or works again
    speaking_changed = Signal(bool)

    def __init__(self, engine: str | None, *, wanted: bool, parent: QObject) -> None:
        super().__init__(parent)
        self.speaker: Speaker | None = None
        self._engine = engine or os.environ.get("KIOSK_SPEECH_ENGINE") or None
        #: Previews draw the Read aloud button as patients would see it, without starting an engine.
        self.preview = self._engine == PREVIEW_ENGINE
        self.wanted = wanted and not self.preview
        self._closed = False

    def start(self) -> None:
        """Start the engine (after the first frame), unless it is not wanted, already started or closed."""
        if not self.wanted or self.speaker is not None or self._closed:
            return
        from kiosk.services.speech import Speaker  # QtTextToSpeech loads QtMultimedia: ~20 ms, ~5 MiB

        self.speaker = Speaker(self._engine, parent=self)
        self.speaker.availability_changed.connect(self._availability_changed)
        self.speaker.speaking_changed.connect(self.speaking_changed)
        self.speaker.warm_up()

    def offered(self, language: str) -> bool:
        """The bar shows Read aloud: the engine works and has a voice for *language* (or a preview)."""
        speaker = self.speaker
        return self.preview or (speaker is not None and speaker.available and speaker.supports(language))

    @property
    def speaking(self) -> bool:
        return self.speaker is not None and self.speaker.speaking

    def toggle(self, lines: list[str], language: str) -> None:
        if self.speaker is not None:
            self.speaker.toggle(lines, language)

    def repeat(self) -> None:
        if self.speaker is not None:
            self.speaker.repeat()

    def stop(self) -> None:
        """EN 301 549 5.1.3.5: speech stops when the screen changes."""
        if self.speaker is not None:
            self.speaker.stop()

    def reset(self) -> None:
        """A new patient: nothing of the last one's reading is left to repeat."""
        if self.speaker is not None:
            self.speaker.reset()

    def close(self) -> None:
        """Stop the engine's thread, once: the kiosk is going."""
        if self._closed:
            return
        self._closed = True
        if self.speaker is not None:
            self.speaker.close()

    def status(self) -> str:
        """What the staff panel says of Read aloud."""
        if self.preview:
            return "not started (a preview)"
        if not self.wanted:
            return "turned off (kiosk.speech: false)"
        if self.speaker is None:
            return "starting…"
        if self.speaker.available:
            return f"ready ({', '.join(sorted(self.speaker.languages)) or 'no languages'})"
        return self.speaker.unavailable_reason or "starting…"

    def _availability_changed(self, available: bool, _reason: str) -> None:
        self.availability_changed.emit(available)
