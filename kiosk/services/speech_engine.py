"""The speech engine's own thread: builds the QTextToSpeech, says parts one at a time, stops.

Why a worker thread, and why the engine is built with a queued C++ call
-----------------------------------------------------------------------
Building the speech-dispatcher engine takes about 2 s (it lists ~13 000 espeak-ng voices over a
socket, and may first have to spawn the daemon). On the GUI thread the screen would freeze for
those 2 s, and every later call (``say``, ``setLocale``, ``stop``) would be a blocking socket round
trip to a daemon that may hang. So a worker ``QThread`` owns the ``QTextToSpeech`` for its whole
life, driven by queued signals; a tap costs one queued-signal hop (well under a millisecond).

One trap, measured: constructing ``QTextToSpeech("speechd")`` from a Python slot -- even on the
worker thread -- keeps the GIL for the whole 2 s, so the GUI thread still stalls. So the worker
creates an engine-less ``QTextToSpeech("none")`` and asks Qt to run ``setEngine(name)`` as a queued
*C++* invocation: no Python frame is active during the slow part, and the GIL stays free.

Why our own queue rather than ``QTextToSpeech.enqueue``
-------------------------------------------------------
``enqueue()`` hands a text straight to the engine whenever the engine's state is ``Ready``. With
speech-dispatcher the state only becomes ``Speaking`` when the daemon's BEGIN notice comes back, so
parts enqueued in one go are all sent at once -- and nothing can tell which part is being spoken,
which Repeat needs. So the host says one part at a time and moves on when the engine goes from
``Speaking`` back to ``Ready``; a ``Ready`` before this part's ``Speaking`` is the tail of an
earlier, stopped message and never moves the queue on.

Why no stop before a say, and why a start deadline (issue 25)
-------------------------------------------------------------
Qt's speechd engine ignores message ids: it maps every BEGIN/END/CANCEL notice of the connection to a
state and reports only *changes*. A message that speech-dispatcher cancels or drops before its
BEGIN (its CANCEL maps to ``Ready``, which the engine already is) therefore produces no notice at all,
and a host waiting for ``Speaking`` would wait, silent, for ever -- the read-aloud that was handed
its first part "in state Ready" and went no further. Two things follow. The host no longer sends
``stop()`` (speechd's ``CANCEL all``, which cancels every client's messages) before a part unless
something is actually being said, so an idle tap never puts a cancel in front of its own say. And
every part must report ``Speaking`` within :data:`START_DEADLINE_MS`: if it does not, it is said
once more, and if that fails too the read-aloud ends (``done``) instead of hanging in "Stop reading".

Privacy: nothing spoken is logged. Only the engine's name, its health and counts are.
"""

from __future__ import annotations

import logging
import time
from enum import Enum

import shiboken6
from PySide6.QtCore import Q_ARG, QCoreApplication, QLocale, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.services.speech_availability import missing_library, resolve_engine

log = logging.getLogger("kiosk.speech")

START_DEADLINE_MS = 800
"""How long a part may take from ``say()`` to the engine's ``Speaking`` (speechd: 2-20 ms when warm)."""

State = QTextToSpeech.State


def language_of(tag: str) -> QLocale.Language:
    """The language of a BCP 47 tag such as "es" or "en-GB"; C when the tag names no language."""
    return QLocale(tag.replace("-", "_")).language()


def code(language: QLocale.Language) -> str:
    """ISO 639 code of *language* ("en", "es")."""
    return QLocale.languageToCode(language)


class _Phase(Enum):
    IDLE = "idle"
    WAITING = "waiting"  # say() sent, the engine has not reported Speaking yet
    SPEAKING = "speaking"


class EngineHost(QObject):
    """Lives on the speech thread and owns the QTextToSpeech; only ever called through queued signals.

    Each read-aloud carries a generation number from the Speaker, so the Speaker can drop reports
    about a read-aloud it has already stopped.
    """

    engine_ready = Signal(bool, str, list, float, float, float)  # ok, reason, language codes, volume, rate, s
    part_started = Signal(int, int)  # generation, index of the part now being spoken
    done = Signal(int)  # generation: that read-aloud ended (finished, or could not start)
    state_changed = Signal(int)  # QTextToSpeech.State value
    voice_chosen = Signal(int, str, str)  # generation, locale name, voice name
    settings_changed = Signal(float, float)  # volume, rate as the engine reports them
    failed = Signal(str)  # the engine went into its Error state while in use

    def __init__(self, volume: float | None, rate: float | None) -> None:
        super().__init__()
        self._tts: QTextToSpeech | None = None
        self._building = False
        self._started_at = 0.0
        self._locales: list[QLocale] = []
        self._base_volume = volume  # what reset() restores, when given
        self._base_rate = rate
        self._early_volume: float | None = None  # set_volume/set_rate before the engine existed
        self._early_rate: float | None = None
        self._defaults: tuple[float, float, float] = (0.5, 0.0, 0.0)
        self._pending: tuple[int, list[str], str, int, int] | None = None
        self._phase = _Phase.IDLE
        self._generation = 0
        self._parts: list[str] = []
        self._index = 0
        self._end = 0
        self._retried = False  # the current part was already said a second time
        self._deadline = QTimer(self)  # a child: it moves to the speech thread with the host
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(START_DEADLINE_MS)
        self._deadline.timeout.connect(self._not_started)

    @property
    def tts(self) -> QTextToSpeech | None:
        """The engine object, once built (tests stand in for what speech-dispatcher does to it)."""
        return self._tts

    # -- construction -------------------------------------------------------------------------

    @Slot(str)
    def start(self, requested: str) -> None:
        """Build the engine named *requested* ("" = platform default) without holding the GIL."""
        if self._building:
            return
        self._drop_engine()
        self._started_at = time.monotonic()
        name, reason = resolve_engine(requested or None, QTextToSpeech.availableEngines())
        reason = reason or missing_library(name or "")
        if name is None or reason:
            self._give_up(reason)
            return
        self._building = True
        self._tts = QTextToSpeech("none", self)  # "none" builds no engine: instant, and silent
        self._tts.engineChanged.connect(self._engine_set, Qt.ConnectionType.QueuedConnection)
        # Queued, so the slow setEngine runs from this thread's event loop as pure C++ (see module doc).
        QMetaObject.invokeMethod(self._tts, "setEngine", Qt.ConnectionType.QueuedConnection, Q_ARG(str, name))

    @Slot(str)
    def _engine_set(self, name: str) -> None:
        if not self._building:
            return  # one engineChanged per build: start() asks for setEngine once, and not while building
        self._building = False
        tts = self._tts
        if tts is None:
            return
        # No engineChanged.disconnect here: a disconnect from Python on this thread holds the GIL while it
        # waits for Qt's connection lock, and the GUI thread can hold that lock while it waits for the GIL
        # (PySide asking for a Python override inside QObject::disconnect): both threads stopped for good,
        # seen once in three runs of the suite.
        if not name or tts.state() == State.Error:
            detail = tts.errorString().rstrip(".") or "unknown error"
            hint = " Is speech-dispatcher installed, and can it start?" if name == "speechd" else ""
            self._give_up(f"The {name or 'speech'} engine failed to start: {detail}.{hint}")
            return
        self._locales = list(tts.availableLocales())
        if not self._locales:
            self._give_up(f"The {name} engine has no voices (on Debian: install speech-dispatcher-espeak-ng).")
            return
        tts.stateChanged.connect(self._on_state)
        if self._base_volume is not None:
            tts.setVolume(self._base_volume)
        if self._base_rate is not None:
            tts.setRate(self._base_rate)
        self._defaults = (tts.volume(), tts.rate(), tts.pitch())
        if self._early_volume is not None:
            tts.setVolume(self._early_volume)
        if self._early_rate is not None:
            tts.setRate(self._early_rate)
        self._early_volume = self._early_rate = None
        codes = sorted({code(locale.language()) for locale in self._locales})
        seconds = time.monotonic() - self._started_at
        self.engine_ready.emit(True, "", codes, tts.volume(), tts.rate(), seconds)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.speak(*pending)

    def _give_up(self, reason: str) -> None:
        self._drop_engine()
        self.engine_ready.emit(False, reason, [], 0.0, 0.0, time.monotonic() - self._started_at)
        if self._pending is not None:
            self.done.emit(self._pending[0])
            self._pending = None

    def _drop_engine(self) -> None:
        self._phase = _Phase.IDLE
        self._deadline.stop()
        self._locales = []
        if self._tts is not None:
            tts, self._tts = self._tts, None
            shiboken6.delete(tts)  # here, on the thread that owns it; closes the speech-dispatcher link

    # -- speaking -----------------------------------------------------------------------------

    @Slot(int, list, str, int, int)
    def speak(self, generation: int, parts: list[str], language: str, first: int, end: int) -> None:
        """Say ``parts[first:end]`` one after another, in a voice for *language*."""
        if self._building:
            if self._pending is not None:
                self.done.emit(self._pending[0])
            self._pending = (generation, parts, language, first, end)
            return
        self._halt()
        tts = self._tts
        if tts is None or not self._use_language(tts, language):
            self.done.emit(generation)
            return
        self.voice_chosen.emit(generation, tts.locale().name(), tts.voice().name())
        self._generation, self._parts, self._index, self._end = generation, parts, first, end
        self._say_current()

    def _use_language(self, tts: QTextToSpeech, language: str) -> bool:
        """Switch to a locale and voice whose language is *language*; False when the engine has none.

        Prefers the locale the tag implies ("es" → es_ES, "en" → en_US), then any locale of that
        language; keeps the voice setLocale picked if it matches, else the first matching voice.
        Only locales the engine listed are set: speechd goes into its Error state on any other.
        """
        wanted = QLocale(language.replace("-", "_"))
        lang = wanted.language()
        matches = sorted((loc for loc in self._locales if loc.language() == lang), key=QLocale.name)
        if lang in (QLocale.Language.C, QLocale.Language.AnyLanguage) or not matches:
            return False
        exact = [loc for loc in matches if loc.territory() == wanted.territory()]
        target = (exact or matches)[0]
        if tts.locale() != target:
            tts.setLocale(target)
        if tts.voice().locale().language() != lang:
            voices = [voice for voice in tts.availableVoices() if voice.locale().language() == lang]
            if not voices:
                return False
            tts.setVoice(voices[0])
        return tts.locale().language() == lang and tts.state() != State.Error

    def _say_current(self, *, again: bool = False) -> None:
        assert self._tts is not None
        self._retried = again
        self._phase = _Phase.WAITING  # set first: the mock engine reports Speaking inside say()
        self._deadline.start()
        self._tts.say(self._parts[self._index])

    @Slot()
    def _not_started(self) -> None:
        """The part was handed over but never reported Speaking (see the module doc): try once more, then end."""
        if self._phase is not _Phase.WAITING or self._tts is None:
            return
        if not self._retried:
            log.warning("The speech engine did not start a part within %d ms; saying it again", START_DEADLINE_MS)
            self._say_current(again=True)
            return
        log.warning("The speech engine did not start a part twice; the read-aloud ends")
        self._phase = _Phase.IDLE
        self.done.emit(self._generation)

    @Slot(QTextToSpeech.State)
    def _on_state(self, state: QTextToSpeech.State) -> None:
        self.state_changed.emit(state.value)
        if state == State.Error:
            was_active = self._phase is not _Phase.IDLE
            self._phase = _Phase.IDLE
            self._deadline.stop()
            reason = self._tts.errorString() if self._tts is not None else ""
            self.failed.emit(f"The speech engine reported an error: {reason.rstrip('.') or 'unknown error'}.")
            if was_active:
                self.done.emit(self._generation)
        elif self._phase is _Phase.WAITING and state == State.Speaking:
            self._phase = _Phase.SPEAKING
            self._deadline.stop()
            self.part_started.emit(self._generation, self._index)
        elif self._phase is _Phase.SPEAKING and state == State.Ready:
            self._index += 1
            if self._index < self._end:
                self._say_current()
            else:
                self._phase = _Phase.IDLE
                self.done.emit(self._generation)
        # Ready while WAITING is the tail of a read-aloud that was just stopped: ignored.

    def _halt(self) -> None:
        """Stop what is being said -- and only then: an idle engine gets no cancel (see the module doc)."""
        active = self._phase is not _Phase.IDLE
        self._phase = _Phase.IDLE  # first: the mock engine reports Ready inside stop()
        self._deadline.stop()
        self._parts = []
        tts = self._tts
        if tts is not None and (active or tts.state() in (State.Speaking, State.Paused)):
            tts.stop(QTextToSpeech.BoundaryHint.Immediate)

    @Slot()
    def stop(self) -> None:
        if self._pending is not None:
            self.done.emit(self._pending[0])
            self._pending = None
        self._halt()

    # -- settings and lifetime ----------------------------------------------------------------

    @Slot()
    def reset(self) -> None:
        """Stop and put volume, rate and pitch back to what they were when the engine was built."""
        self.stop()
        if self._tts is None:
            return
        volume, rate, pitch = self._defaults
        self._tts.setVolume(volume)
        self._tts.setRate(rate)
        self._tts.setPitch(pitch)
        self.settings_changed.emit(self._tts.volume(), self._tts.rate())

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        if self._tts is None or self._building:
            self._early_volume = volume
            return
        self._tts.setVolume(volume)
        self.settings_changed.emit(self._tts.volume(), self._tts.rate())

    @Slot(float)
    def set_rate(self, rate: float) -> None:
        if self._tts is None or self._building:
            self._early_rate = rate
            return
        self._tts.setRate(rate)
        self.settings_changed.emit(self._tts.volume(), self._tts.rate())

    @Slot()
    def shutdown(self) -> None:
        """Stop, destroy the engine on this thread, hand this object back to the main thread, end the thread."""
        self._pending = None
        self._halt()
        self._drop_engine()
        app = QCoreApplication.instance()
        thread = QThread.currentThread()
        if app is not None and thread is app.thread():
            return  # driven on the GUI thread (tests): that thread's loop is not ours to end
        if app is not None:
            self.moveToThread(app.thread())
        if thread is not None:
            thread.quit()
