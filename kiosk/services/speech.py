"""Read aloud: the kiosk speaks the screen (EN 301 549 5.1.3, Section 508 402.2).

A closed-functionality kiosk cannot rely on the patient's own screen reader, so it must speak its
own content: what is on screen, in reading order, in the language on screen, interruptible at any
time (5.1.3.4), repeatable, and forgotten when the session is wiped (5.1.3.13).

This module is what is said and when: the parts of a read-aloud, Repeat, the session wipe, and the
public :class:`Speaker` the app and the keypad use. The engine and its thread live in
:mod:`kiosk.services.speech_engine` and :mod:`kiosk.services.speech_thread`; whether Read aloud works,
and what staff read when it does not, in :mod:`kiosk.services.speech_availability`.

Privacy: nothing spoken is logged. Only the engine's name, its health and counts are.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.services import speech_thread
from kiosk.services.speech_availability import MOCK_ENGINE, RETRY_AFTER_MS, Availability, resolve_engine
from kiosk.services.speech_engine import State, code, language_of

__all__ = ["MOCK_ENGINE", "Speaker", "resolve_engine"]


class Speaker(QObject):
    """Read aloud for the kiosk: the app owns one, for its whole life.

    Call :meth:`warm_up` soon after start-up; the engine is built on a worker thread and
    :attr:`availability_changed` reports the outcome. Show the Read aloud button only while
    :attr:`available`; the staff panel shows :attr:`unavailable_reason`. Nothing here blocks the
    GUI thread except :meth:`close`, which waits for the worker at shutdown (at most half a second).

    Signals:
        availability_changed(bool available, str reason): the engine was built, failed, or broke.
        speaking_changed(bool): a read-aloud started or ended (finished, stopped, or could not start).
            True is emitted at once by :meth:`speak`, so the button can turn into "Stop reading" on tap.
        reading_changed(bool): like speaking_changed, for a read-aloud only (what the bar's button shows):
            a keypad phrase said with ``say_now(..., keep_repeat=True)`` is no read-aloud.
        said(str part): a part has started to be spoken (the engine reported Speaking for it).
        engine_state_changed(QTextToSpeech.State): the engine's own state, mirrored (tests, staff panel).
    """

    availability_changed = Signal(bool, str)
    speaking_changed = Signal(bool)
    reading_changed = Signal(bool)
    said = Signal(str)
    engine_state_changed = Signal(object)

    _start_requested = Signal(str)
    _speak_requested = Signal(int, list, str, int, int)
    _stop_requested = Signal()
    _reset_requested = Signal()
    _volume_requested = Signal(float)
    _rate_requested = Signal(float)

    def __init__(self, engine: str | None = None, parent: QObject | None = None, *,
                 volume: float | None = None, rate: float | None = None, retry_after_ms: int = RETRY_AFTER_MS) -> None:
        """*engine*: None for the platform default (speechd on Linux), "mock" in tests.

        *volume* (0..1) and *rate* (-1..1), when given, become the defaults :meth:`reset` restores;
        otherwise the engine's own defaults are kept. Nothing is started here: see :meth:`warm_up`.
        While the engine is broken it is built again every *retry_after_ms*, unless Qt has no such
        engine at all (that cannot change while the kiosk runs).
        """
        super().__init__(parent)
        self._health = Availability(engine, self.warm_up, retry_after_ms, self)
        self._engine = engine
        self._volume_default = volume
        self._rate_default = rate
        self._key: int | None = None  # this Speaker's thread in speech_thread's registry, once started
        self._building = False
        self._closed = False
        self._generation = 0
        self._speaking = False
        self._parts: list[str] = []  # the last read-aloud: what Repeat repeats
        self._playing: list[str] = []  # what is being said now (the read-aloud, or a keypad phrase)
        self._phrase = False  # what is being said is a keypad phrase, not a read-aloud
        self._reading = False
        self._language = ""
        self._last_index: int | None = None
        self._engine_state = State.Error
        self._locale = QLocale(QLocale.Language.C)
        self._voice_name = ""
        self._volume = 0.0
        self._rate = 0.0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    # -- state --------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """The engine build has finished, whether it worked or not (see :attr:`available`)."""
        return self._health.ready

    @property
    def available(self) -> bool:
        """Read aloud works: show the button."""
        return self._health.available

    @property
    def unavailable_reason(self) -> str:
        """Why Read aloud does not work, for the staff panel; "" when it does."""
        return self._health.unavailable_reason

    @property
    def speaking(self) -> bool:
        """A read-aloud is in progress (from the tap until it finishes or is stopped)."""
        return self._speaking

    @property
    def reading(self) -> bool:
        """A read-aloud (not a keypad phrase) is in progress: the bar's button reads "Stop reading"."""
        return self._reading

    @property
    def languages(self) -> frozenset[str]:
        """ISO 639 codes of the languages the engine has a voice for ("en", "es", ...)."""
        return self._health.languages

    @property
    def engine_state(self) -> QTextToSpeech.State:
        """The engine's own state, as last reported from the speech thread."""
        return self._engine_state

    @property
    def locale(self) -> QLocale:
        """The locale of the voice chosen for the latest read-aloud."""
        return QLocale(self._locale)

    @property
    def voice_name(self) -> str:
        """The name of the voice chosen for the latest read-aloud."""
        return self._voice_name

    @property
    def volume(self) -> float:
        """The engine's volume, 0..1, as the engine reports it."""
        return self._volume

    @property
    def rate(self) -> float:
        """The engine's rate, -1..1 (0 is normal), as the engine reports it."""
        return self._rate

    @property
    def warm_up_seconds(self) -> float | None:
        """How long the engine took to build (None until it has)."""
        return self._health.warm_up_seconds

    def supports(self, language: str) -> bool:
        """The engine has a voice for *language* (a BCP 47 tag): hide Read aloud on screens where it has not."""
        return self.available and code(language_of(language)) in self.languages

    # -- commands -----------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start building the engine on the speech thread; returns at once.

        Does nothing while a build is under way or once the engine works; after a failure it builds
        the engine again (the Speaker's own retry timer calls it, and so does a tap on Read aloud).
        """
        if self._building or self.available or self._closed:
            return
        if self._key is None:
            self._start_thread()
        self._building = True
        self._health.starting()
        self._start_requested.emit(self._engine or "")

    def speak(self, parts: Sequence[str], language: str) -> bool:
        """Say *parts* in order (the screen's reading order) in a voice for *language*.

        Stops any read-aloud in progress first. Remembers the parts for :meth:`repeat`. Returns
        False, saying nothing, when Read aloud is unavailable, has no voice for *language*, or
        *parts* has nothing to say. Called before the engine is ready, the read-aloud waits for it.
        """
        clean = [part.strip() for part in parts if part and part.strip()]
        if not clean or not self._usable_for(language):
            return False
        self._parts = clean
        self._language = language
        self._last_index = None
        self._phrase = False
        self._start(clean, language, 0, len(clean))
        return True

    def say_now(self, text: str | Sequence[str], language: str, *, keep_repeat: bool = False) -> bool:
        """Interrupt whatever is being said and say *text* (one phrase, or parts in order) in *language*.

        For the keypad: a focus move or a Help key speaks at once, cutting the last phrase short
        (EN 301 549 5.1.3.4). Repeat then repeats it, unless *keep_repeat*: then it is a keypad phrase
        ("Yes, 1 of 3"), Repeat still repeats the last read-aloud, and the bar's button stays "Read
        aloud" (:attr:`reading` is False while it is said). Same result as :meth:`speak`.
        """
        parts = [text] if isinstance(text, str) else list(text)
        if not keep_repeat:
            return self.speak(parts, language)
        clean = [part.strip() for part in parts if part and part.strip()]
        if not clean or not self._usable_for(language):
            return False
        self._phrase = True
        self._start(clean, language, 0, len(clean))
        return True

    def stop(self) -> None:
        """Stop speaking now (5.1.3.4). The parts stay remembered for :meth:`repeat`.

        :attr:`speaking` is False on return; the engine is told at once, on its own thread.
        """
        self._generation += 1
        self._set_speaking(False)
        if self._key is not None:
            self._stop_requested.emit()

    def toggle(self, parts: Sequence[str], language: str) -> bool:
        """The one Read aloud / Stop reading button: stop if speaking, else speak. Returns :attr:`speaking`."""
        if self._speaking:
            self.stop()
        else:
            self.speak(parts, language)
        return self._speaking

    def repeat(self) -> bool:
        """Say again the last part that was spoken (or, if none started, the last part of the last read-aloud).

        Returns False when there is nothing to repeat or Read aloud is unavailable.
        """
        if not self._parts or not self._usable_for(self._language):
            return False
        index = self._last_index if self._last_index is not None else len(self._parts) - 1
        self._phrase = False
        self._start(self._parts, self._language, index, index + 1)
        return True

    def reset(self) -> None:
        """Session wipe after the idle timeout (5.1.3.13): stop, forget what was read, restore volume and rate."""
        self._generation += 1
        self._set_speaking(False)
        self._parts = []
        self._playing = []
        self._language = ""
        self._last_index = None
        if self._key is not None:
            self._reset_requested.emit()

    def set_volume(self, volume: float) -> None:
        """Set the volume, 0..1 (until :meth:`reset`)."""
        self.warm_up()
        self._volume_requested.emit(min(max(float(volume), 0.0), 1.0))

    def set_rate(self, rate: float) -> None:
        """Set the speaking rate, -1 (slowest) .. 1 (fastest) (until :meth:`reset`)."""
        self.warm_up()
        self._rate_requested.emit(min(max(float(rate), -1.0), 1.0))

    def close(self) -> None:
        """Stop and shut the speech thread down, once: at most half a second, whatever the engine is doing.

        Called automatically on aboutToQuit; a second call, and the Speaker's own deletion later, do nothing.
        """
        self._closed = True  # a warm-up still queued behind the quit must not start a new thread
        self._health.stop()
        key, self._key = self._key, None
        if key is None:
            return
        self._generation += 1
        self._set_speaking(False)
        speech_thread.stop_thread(key)
        self._building = False

    # -- internals ----------------------------------------------------------------------------

    def _usable_for(self, language: str) -> bool:
        if not self.ready:
            self.warm_up()
            return self._building
        return self.supports(language)

    def _start(self, parts: list[str], language: str, first: int, end: int) -> None:
        self.warm_up()
        self._generation += 1
        self._playing = list(parts)
        self._set_speaking(True)
        self._speak_requested.emit(self._generation, list(parts), language, first, end)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)
        reading = speaking and not self._phrase
        if reading != self._reading:
            self._reading = reading
            self.reading_changed.emit(reading)

    def _start_thread(self) -> None:
        key, host = speech_thread.start_thread(self._volume_default, self._rate_default)
        self._start_requested.connect(host.start)
        self._speak_requested.connect(host.speak)
        self._stop_requested.connect(host.stop)
        self._reset_requested.connect(host.reset)
        self._volume_requested.connect(host.set_volume)
        self._rate_requested.connect(host.set_rate)
        host.engine_ready.connect(self._on_engine_ready)
        host.part_started.connect(self._on_part_started)
        host.done.connect(self._on_done)
        host.state_changed.connect(self._on_state)
        host.voice_chosen.connect(self._on_voice)
        host.settings_changed.connect(self._on_settings)
        host.failed.connect(self._on_failed)
        self._key = key
        # Deleted by its parent or garbage-collected without close(): stop the thread all the same. The
        # slot holds the key only, so it keeps neither this Speaker nor its thread alive; after close()
        # the key is gone from the registry and this does nothing (the thread is stopped once).
        self.destroyed.connect(functools.partial(speech_thread.stop_thread, key))
        speech_thread.run(key)

    @Slot(bool, str, list, float, float, float)
    def _on_engine_ready(self, ok: bool, reason: str, codes: list[str], volume: float, rate: float,
                         seconds: float) -> None:
        self._building = False
        self._volume, self._rate = volume, rate
        if ok:
            self._engine_state = State.Ready
        self._health.built(ok, reason, codes, seconds, closed=self._closed)
        self.availability_changed.emit(ok, self.unavailable_reason)

    @Slot(int, int)
    def _on_part_started(self, generation: int, index: int) -> None:
        if generation != self._generation or not 0 <= index < len(self._playing):
            return  # a read-aloud that was stopped or reset meanwhile
        if not self._phrase:
            self._last_index = index
        self.said.emit(self._playing[index])

    @Slot(int)
    def _on_done(self, generation: int) -> None:
        if generation == self._generation:
            self._set_speaking(False)

    @Slot(int)
    def _on_state(self, value: int) -> None:
        self._engine_state = State(value)
        self.engine_state_changed.emit(self._engine_state)

    @Slot(int, str, str)
    def _on_voice(self, generation: int, locale: str, voice: str) -> None:
        self._locale = QLocale(locale)
        self._voice_name = voice

    @Slot(float, float)
    def _on_settings(self, volume: float, rate: float) -> None:
        self._volume, self._rate = volume, rate

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self._generation += 1
        self._set_speaking(False)
        if self._health.broke(reason, closed=self._closed):
            self.availability_changed.emit(False, reason)
