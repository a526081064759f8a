"""Read aloud: the kiosk speaks the screen (EN 301 549 5.1.3, Section 508 402.2).

A closed-functionality kiosk cannot rely on the patient's own screen reader, so it must speak its
own content: what is on screen, in reading order, in the language on screen, interruptible at any
time (5.1.3.4), repeatable, and forgotten when the session is wiped (5.1.3.13).

Why a worker thread, and why the engine is built with a queued C++ call
-----------------------------------------------------------------------
Building the speech-dispatcher engine takes about 2 s (it lists ~13 000 espeak-ng voices over a
socket, and may first have to spawn the daemon). Two ways to keep that off the patient:

* Lazily on the GUI thread after start-up (a ``QTimer``): the UI still freezes for 2 s at that
  moment, and again whenever the engine has to be rebuilt after a failure; every later call
  (``say``, ``setLocale``, ``stop``) is a blocking socket round trip to a daemon that may hang.
* On a worker ``QThread`` that owns the ``QTextToSpeech`` for its whole life, driven by queued
  signals. Nothing the engine does can freeze the UI; a tap costs one queued-signal hop (well under
  a millisecond), so the first word stays within the 300 ms budget once the engine is warm.

This module takes the second. One trap, measured: constructing ``QTextToSpeech("speechd")`` from a
Python slot -- even on the worker thread -- keeps the GIL for the whole 2 s, so the GUI thread
still stalls (its 10 ms timer saw a 2 s gap). So the worker creates an engine-less
``QTextToSpeech("none")`` and asks Qt to run ``setEngine(name)`` as a queued *C++* invocation: no
Python frame is active during the slow part, the GIL stays free, and the GUI timer's worst gap
stays around 15 ms.

Why our own queue rather than ``QTextToSpeech.enqueue``
-------------------------------------------------------
``enqueue()`` hands a text straight to the engine whenever the engine's state is ``Ready``. With
speech-dispatcher the state only becomes ``Speaking`` when the daemon's BEGIN notice comes back,
so several parts enqueued in one go are all sent at once, each announced as ``aboutToSynthesize(0)``
-- and nothing can tell which part is being spoken, which Repeat needs. The worker therefore says
one part at a time and moves on when the engine goes from ``Speaking`` back to ``Ready``. It knows
the part in progress exactly, on every engine, without needing ``sayingWord`` (speechd lacks it).

Privacy: nothing spoken is logged. Only the engine's name, its health and counts are.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import itertools
import logging
import sys
import time
from collections.abc import Sequence
from enum import Enum

import shiboken6
from PySide6.QtCore import Q_ARG, QCoreApplication, QLocale, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("kiosk.speech")

MOCK_ENGINE = "mock"
"""Qt's own test engine: five locales (en_GB, en_US, nb_NO, nn_NO, fi_FI), 100 ms per word, no sound."""

PLATFORM_ENGINES = ("speechd", "flite", "winrt", "sapi", "darwin", "android")
"""Real engines, best first, for ``Speaker(engine=None)``. ``mock`` is never chosen by default."""

SHUTDOWN_WAIT_MS = 5000
"""How long :meth:`Speaker.close` waits for the worker (an engine still being built may need ~3 s)."""

RETRY_AFTER_MS = 5 * 60 * 1000
"""While Read aloud is broken, how often the Speaker builds its engine again (speech-dispatcher restarted
by an upgrade, or started after the kiosk): the button comes back by itself, without a restart."""

_State = QTextToSpeech.State



def resolve_engine(requested: str | None, installed: Sequence[str]) -> tuple[str | None, str]:
    """Pick the engine to build and say why not when none fits: ``(name, "")`` or ``(None, reason)``.

    Checked against ``availableEngines()`` first because Qt reports an unknown engine with
    qCritical and a half-built object, not with a result the caller can act on.
    """
    found = ", ".join(installed) or "none"
    if requested is None:
        for name in PLATFORM_ENGINES:
            if name in installed:
                return name, ""
        real = [name for name in installed if name != MOCK_ENGINE]
        if real:
            return real[0], ""
        return None, f"No text-to-speech engine is installed in Qt (engines found: {found})."
    if requested not in installed:
        return None, f"The text-to-speech engine '{requested}' is not installed in Qt (engines found: {found})."
    return requested, ""


def _missing_library(engine: str) -> str:
    """Why *engine* cannot load on this machine, or "" when nothing is missing.

    The speechd plug-in links the system's libspeechd.so.2; when it is absent Qt only logs a
    qCritical and leaves an engine-less object, so look first and give staff the package to install.
    """
    if engine != "speechd" or not sys.platform.startswith("linux"):
        return ""
    try:
        ctypes.CDLL("libspeechd.so.2")
    except OSError:
        return ("libspeechd.so.2 is missing, so Qt's speechd engine cannot load: install the Debian packages "
                "speech-dispatcher and speech-dispatcher-espeak-ng.")
    return ""


def _language_of(tag: str) -> QLocale.Language:
    """The language of a BCP 47 tag such as "es" or "en-GB"; C when the tag names no language."""
    return QLocale(tag.replace("-", "_")).language()


def _code(language: QLocale.Language) -> str:
    return QLocale.languageToCode(language)


class _Phase(Enum):
    IDLE = "idle"
    WAITING = "waiting"  # say() sent, the engine has not reported Speaking yet
    SPEAKING = "speaking"


class _EngineHost(QObject):
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

    # -- construction -------------------------------------------------------------------------

    @Slot(str)
    def start(self, requested: str) -> None:
        """Build the engine named *requested* ("" = platform default) without holding the GIL."""
        if self._building:
            return
        self._drop_engine()
        self._started_at = time.monotonic()
        name, reason = resolve_engine(requested or None, QTextToSpeech.availableEngines())
        reason = reason or _missing_library(name or "")
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
        tts = self._tts
        self._building = False
        if tts is None:
            return
        tts.engineChanged.disconnect(self._engine_set)
        if not name or tts.state() == _State.Error:
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
        codes = sorted({_code(locale.language()) for locale in self._locales})
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
        return tts.locale().language() == lang and tts.state() != _State.Error

    def _say_current(self) -> None:
        assert self._tts is not None
        self._phase = _Phase.WAITING  # set first: the mock engine reports Speaking inside say()
        self._tts.say(self._parts[self._index])

    @Slot(QTextToSpeech.State)
    def _on_state(self, state: QTextToSpeech.State) -> None:
        self.state_changed.emit(state.value)
        if state == _State.Error:
            was_active = self._phase is not _Phase.IDLE
            self._phase = _Phase.IDLE
            reason = self._tts.errorString() if self._tts is not None else ""
            self.failed.emit(f"The speech engine reported an error: {reason.rstrip('.') or 'unknown error'}.")
            if was_active:
                self.done.emit(self._generation)
        elif self._phase is _Phase.WAITING and state == _State.Speaking:
            self._phase = _Phase.SPEAKING
            self.part_started.emit(self._generation, self._index)
        elif self._phase is _Phase.SPEAKING and state == _State.Ready:
            self._index += 1
            if self._index < self._end:
                self._say_current()
            else:
                self._phase = _Phase.IDLE
                self.done.emit(self._generation)
        # Ready while WAITING is the tail of a read-aloud that was just stopped: ignored.

    def _halt(self) -> None:
        self._phase = _Phase.IDLE  # first: the mock engine reports Ready inside stop()
        self._parts = []
        if self._tts is not None and self._tts.state() != _State.Error:
            self._tts.stop(QTextToSpeech.BoundaryHint.Immediate)

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
        self.stop()
        self._drop_engine()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        thread = QThread.currentThread()
        if thread is not None:
            thread.quit()


_RUNNING: dict[int, tuple[QThread, _EngineHost]] = {}
"""Every speech thread not yet stopped, with its host, by a key of its own.

They are held here and not only by their Speaker, because a thread must outlive whatever ends its
Speaker: a running QThread that is destroyed makes Qt abort the process, and a host deleted from
the GUI thread while its thread is still delivering to it is a segfault on the speech thread. Both
were measured with a Speaker deleted by its parent or dropped without :meth:`Speaker.close`
(tests/services/test_speech.py). :func:`_stop_thread` takes a thread out once it has stopped; one whose
wait ran out (a stalled machine) stays, and the interpreter's exit tries once more.
"""

_keys = itertools.count(1)


def _stop_thread(key: int) -> None:
    """Shut the speech thread *key* down (engine deleted on its own thread) and wait for it; safe to repeat."""
    entry = _RUNNING.get(key)
    if entry is None:
        return
    thread, host = entry
    QMetaObject.invokeMethod(host, "shutdown", Qt.ConnectionType.QueuedConnection)
    thread.quit()  # also ends the thread's loop if the host never gets to handle the request
    if not thread.wait(SHUTDOWN_WAIT_MS):
        log.warning("The speech thread did not stop within %d ms; leaving it to finish", SHUTDOWN_WAIT_MS)
        return
    del _RUNNING[key]


@atexit.register
def _stop_all_threads() -> None:
    """A script that ends without quitting its QApplication (so no aboutToQuit) must not leave a thread running."""
    for key in list(_RUNNING):
        _stop_thread(key)


class Speaker(QObject):
    """Read aloud for the kiosk: the app owns one, for its whole life.

    Call :meth:`warm_up` soon after start-up; the engine is built on a worker thread and
    :attr:`availability_changed` reports the outcome. Show the Read aloud button only while
    :attr:`available`; the staff panel shows :attr:`unavailable_reason`. Nothing here blocks the
    GUI thread except :meth:`close`, which waits for the worker at shutdown.

    Signals:
        availability_changed(bool available, str reason): the engine was built, failed, or broke.
        speaking_changed(bool): a read-aloud started or ended (finished, stopped, or could not start).
            True is emitted at once by :meth:`speak`, so the button can turn into "Stop reading" on tap.
        said(str part): a part has started to be spoken (the engine reported Speaking for it).
        engine_state_changed(QTextToSpeech.State): the engine's own state, mirrored (tests, staff panel).
    """

    availability_changed = Signal(bool, str)
    speaking_changed = Signal(bool)
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
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_after_ms)
        self._retry.timeout.connect(self.warm_up)
        self._logged_reason = ""
        self._engine = engine
        self._volume_default = volume
        self._rate_default = rate
        self._key: int | None = None  # this Speaker's thread in _RUNNING, once started
        self._building = False
        self._closed = False
        self._ready = False
        self._available = False
        self._reason = "Read aloud has not been started yet."
        self._languages: frozenset[str] = frozenset()
        self._warm_up_seconds: float | None = None
        self._generation = 0
        self._speaking = False
        self._parts: list[str] = []
        self._language = ""
        self._last_index: int | None = None
        self._engine_state = _State.Error
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
        return self._ready

    @property
    def available(self) -> bool:
        """Read aloud works: show the button."""
        return self._available

    @property
    def unavailable_reason(self) -> str:
        """Why Read aloud does not work, for the staff panel; "" when it does."""
        if self._available:
            return ""
        if self._retry.isActive():
            minutes = max(1, round(self._retry.interval() / 60_000))
            every = "every minute" if minutes == 1 else f"every {minutes} minutes"
            return f"{self._reason} The kiosk tries again {every}."
        return self._reason

    @property
    def speaking(self) -> bool:
        """A read-aloud is in progress (from the tap until it finishes or is stopped)."""
        return self._speaking

    @property
    def languages(self) -> frozenset[str]:
        """ISO 639 codes of the languages the engine has a voice for ("en", "es", ...)."""
        return self._languages

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
        return self._warm_up_seconds

    def supports(self, language: str) -> bool:
        """The engine has a voice for *language* (a BCP 47 tag): hide Read aloud on screens where it has not."""
        return self._available and _code(_language_of(language)) in self._languages

    # -- commands -----------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start building the engine on the speech thread; returns at once.

        Does nothing while a build is under way or once the engine works; after a failure it builds
        the engine again (the Speaker's own retry timer calls it, and so does a tap on Read aloud).
        """
        if self._building or self._available or self._closed:
            return
        if self._key is None:
            self._start_thread()
        self._building = True
        if not self._ready:
            self._reason = "The speech engine is still starting."
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
        self._start(0, len(clean))
        return True

    def stop(self) -> None:
        """Stop speaking now (5.1.3.4). The parts stay remembered for :meth:`repeat`."""
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
        self._start(index, index + 1)
        return True

    def reset(self) -> None:
        """Session wipe after the idle timeout (5.1.3.13): stop, forget what was read, restore volume and rate."""
        self._generation += 1
        self._set_speaking(False)
        self._parts = []
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
        """Stop and shut the speech thread down; waits for it. Called automatically on aboutToQuit."""
        self._closed = True  # a warm-up still queued behind the quit must not start a new thread
        self._retry.stop()
        key, self._key = self._key, None
        if key is None:
            return
        self._generation += 1
        self._set_speaking(False)
        _stop_thread(key)
        self._building = False

    # -- internals ----------------------------------------------------------------------------

    def _usable_for(self, language: str) -> bool:
        if not self._ready:
            self.warm_up()
            return self._building
        return self.supports(language)

    def _start(self, first: int, end: int) -> None:
        self.warm_up()
        self._generation += 1
        self._set_speaking(True)
        self._speak_requested.emit(self._generation, list(self._parts), self._language, first, end)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)

    def _start_thread(self) -> None:
        thread = QThread()
        thread.setObjectName("kiosk-speech")
        host = _EngineHost(self._volume_default, self._rate_default)
        host.moveToThread(thread)
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
        key = next(_keys)
        _RUNNING[key] = (thread, host)
        self._key = key
        # Deleted by its parent or garbage-collected without close(): stop the thread all the same.
        # The slot holds the key only, so it keeps neither this Speaker nor its thread alive.
        self.destroyed.connect(functools.partial(_stop_thread, key))
        thread.start()

    @Slot(bool, str, list, float, float, float)
    def _on_engine_ready(self, ok: bool, reason: str, codes: list[str], volume: float, rate: float,
                         seconds: float) -> None:
        self._building = False
        self._ready = True
        self._available = ok
        self._reason = reason
        self._languages = frozenset(codes)
        self._volume, self._rate = volume, rate
        self._warm_up_seconds = seconds
        if ok:
            self._engine_state = _State.Ready
            self._retry.stop()
            self._logged_reason = ""
            log.info("Read aloud ready in %.1f s, voices for %d languages", seconds, len(codes))
        else:
            self._log_failure("Read aloud unavailable: %s", reason)
            self._retry_later()
        self.availability_changed.emit(ok, self.unavailable_reason)

    def _retry_later(self) -> None:
        """Build the engine again in a while: unless closed, or Qt has no such engine at all."""
        if self._closed or resolve_engine(self._engine, QTextToSpeech.availableEngines())[0] is None:
            return
        self._retry.start()

    def _log_failure(self, message: str, reason: str) -> None:
        """A warning when Read aloud breaks, or breaks differently. The same failure again on a retry adds
        nothing (a machine without speech-dispatcher would log it 288 times a day), so it is only debug."""
        log.log(logging.DEBUG if reason == self._logged_reason else logging.WARNING, message, reason)
        self._logged_reason = reason

    @Slot(int, int)
    def _on_part_started(self, generation: int, index: int) -> None:
        if generation != self._generation or not 0 <= index < len(self._parts):
            return  # a read-aloud that was stopped or reset meanwhile
        self._last_index = index
        self.said.emit(self._parts[index])

    @Slot(int)
    def _on_done(self, generation: int) -> None:
        if generation == self._generation:
            self._set_speaking(False)

    @Slot(int)
    def _on_state(self, value: int) -> None:
        self._engine_state = _State(value)
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
        if self._available:
            self._available = False
            self._reason = reason
            self._log_failure("Read aloud stopped working: %s", reason)
            self._retry_later()
            self.availability_changed.emit(False, reason)
