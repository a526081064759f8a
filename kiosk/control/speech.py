"""Read aloud, seen from the kiosk: when the speech engine starts, what the staff panel says of it, and
stopping it once at the end. The engine and its thread are kiosk.services.speech's."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from kiosk.services.speech import Speaker

PREVIEW_ENGINE = "preview"


class SpeechController(QObject):
    """Owns the :class:`Speaker` (started after the first frame: QtTextToSpeech and its engine need not
    delay it), and answers the bar's Read aloud and Repeat."""

    availability_changed = Signal(bool)  # the engine broke, or works again
    speaking_changed = Signal(bool)  # a read-aloud started or ended (keypad phrases do not count)

    def __init__(self, engine: str | None, *, wanted: bool, parent: QObject) -> None:
        super().__init__(parent)
        self.speaker: Speaker | None = None
        self._engine = engine or os.environ.get("KIOSK_SPEECH_ENGINE") or None
        #: Previews draw the Read aloud button as patients would see it, without starting an engine.
        self.preview = self._engine == PREVIEW_ENGINE
        self.wanted = wanted and not self.preview
        self._closed = False
        self._key_stopped_reading = False  # a key just stopped a read-aloud (see interrupt)

    def start(self) -> None:
        """Start the engine (after the first frame), unless it is not wanted, already started or closed."""
        if not self.wanted or self.speaker is not None or self._closed:
            return
        from kiosk.services.speech import Speaker  # QtTextToSpeech loads QtMultimedia: ~20 ms, ~5 MiB

        self.speaker = Speaker(self._engine, parent=self)
        self.speaker.availability_changed.connect(self._availability_changed)
        self.speaker.reading_changed.connect(self.speaking_changed)
        self.speaker.warm_up()

    def offered(self, language: str) -> bool:
        """The bar shows Read aloud: the engine works and has a voice for *language* (or a preview)."""
        speaker = self.speaker
        return self.preview or (speaker is not None and speaker.available and speaker.supports(language))

    @property
    def speaking(self) -> bool:
        return self.speaker is not None and self.speaker.reading

    def toggle(self, lines: list[str], language: str) -> None:
        if self._key_stopped_reading:
            self._key_stopped_reading = False  # Enter on "Stop reading": the key already stopped it
            return
        if self.speaker is not None:
            self.speaker.toggle(lines, language)

    # -- the keypad's speech ----------------------------------------------------------------------------------
    def interrupt(self) -> None:
        """Any key stops what is being said before it acts (EN 301 549 5.1.3.4). When that key is Enter on
        "Stop reading", the read-aloud it asks to stop is stopped already: the toggle it makes next does
        nothing, rather than start reading again (the key's own event, so it is forgotten after it)."""
        speaker = self.speaker
        if speaker is None:
            return
        if speaker.reading:
            self._key_stopped_reading = True
            QTimer.singleShot(0, self, self._forget_key)
        speaker.stop()

    def _forget_key(self) -> None:
        self._key_stopped_reading = False

    def say_phrase(self, parts: Sequence[str], language: str) -> None:
        """A keypad phrase (a screen, the focus, the keys' help): said now, and not what Repeat repeats."""
        if self.speaker is not None:
            self.speaker.say_now(parts, language, keep_repeat=True)

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
