"""Real audio, proven (issue 25): the real kiosk speaks through speech-dispatcher and espeak-ng into a
PulseAudio null sink, and the sink's monitor is recorded and measured.

What is checked is what a patient hears: speech energy well above the silence floor starts within 1 s
of the activation, lasts about as long as espeak-ng needs for the words, and ends within 300 ms of the
next action (a second activation, or a new screen); Spanish content gets a Spanish voice. The
figures are printed (``-s``) for the report.

How the kiosk is activated is one entry per way (:data:`ACTIVATIONS`): a tap on Read aloud, and the
keypad (keys to reach Read aloud, each said as the focus moves; then Enter, measured; Enter again on
"Stop reading", measured too: any key stops speech before it acts). Outside CI a machine without the
Debian packages skips with the ``apt-get install`` line to run; in CI (``CI=true``) it fails instead,
so it can never go quiet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import build_kiosk, kiosk_of
from kiosk.services.speech import Speaker
from tests.helpers import BUNDLED, MINIMAL, button, write
from tests.services.audio_stack import AudioStack, Level, Recorder, require_packages, spoken_seconds

UNTIL = 20_000
"""Waits end as soon as their condition holds; the long limit only absorbs a starved machine."""

LOUD = 0.01
"""A 20 ms window at this RMS or more is speech (espeak-ng through the null sink: 0.1-0.4; silence: 0)."""

ONSET_S = 1.0
STOP_S = 0.3


@pytest.fixture(scope="session")
def audio_stack() -> Iterator[AudioStack]:
    """PulseAudio + speech-dispatcher for the whole run, with the kiosk's environment pointed at them."""
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip(f"this PySide6 has no speechd plug-in (engines: {QTextToSpeech.availableEngines()})")
    require_packages()
    stack = AudioStack()
    try:
        stack.start()
        with pytest.MonkeyPatch.context() as patch:
            for name, value in stack.client_env().items():
                patch.setenv(name, value)
            yield stack
    finally:
        stack.stop()


def test_a_missing_package_skips_with_the_install_line_outside_ci(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing installed
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_packages()
    assert str(skipped.value.msg).startswith("apt-get install -y --no-install-recommends pulseaudio pulseaudio-utils "
                                             "speech-dispatcher ")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        require_packages()


@pytest.fixture
def recorder(audio_stack: AudioStack, qtbot: QtBot) -> Iterator[Recorder]:
    recording = audio_stack.recorder()
    try:
        qtbot.waitUntil(lambda: recording.flowing, timeout=UNTIL)
        qtbot.wait(300)  # the silence floor before anything is said
        yield recording
    finally:
        recording.stop()


def speaker_of(window: QWidget) -> Speaker | None:
    """The kiosk's Read aloud engine, once built (its speech controller starts it after the first frame)."""
    return kiosk_of(window).speech.speaker  # type: ignore[arg-type]


def tap_read_aloud(qtbot: QtBot, window: QWidget) -> None:
    read = window.bar.read_button  # type: ignore[attr-defined]
    qtbot.mouseClick(read, Qt.MouseButton.LeftButton, pos=read.rect().center())


def press(window: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(window.windowHandle(), key)  # a real key event, where the kiosk's filters see keys
    QApplication.processEvents()


def quiet_for(recorder: Recorder, seconds: float) -> bool:
    """The last *seconds* of the recording are silence (and it is still being recorded)."""
    now = time.monotonic()
    levels = [level for level in recorder.levels() if level.at >= now - seconds]
    return bool(levels) and now - levels[-1].at < 0.1 and max(level.rms for level in levels) < LOUD


def nothing(qtbot: QtBot, window: QWidget, speaker: Speaker, recorder: Recorder) -> None:
    """A tap needs no getting ready."""


def keys_to_read_aloud(qtbot: QtBot, window: QWidget, speaker: Speaker, recorder: Recorder) -> None:
    """Keys (each one said: "Read aloud, 1 of 4") until the focus is on Read aloud, then wait for silence,
    so that what the measured key starts is told apart from the focus phrases before it."""
    keys = kiosk_of(window).keys.navigator  # type: ignore[arg-type]
    read = window.bar.read_button  # type: ignore[attr-defined]
    for _ in range(len(keys.chain()) + 1):
        if keys.focused is read:
            break
        press(window, Qt.Key.Key_Up)  # the first key shows the focus; Up from the screen's first goes up the strip
    assert keys.focused is read
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=UNTIL)
    qtbot.waitUntil(lambda: quiet_for(recorder, 0.3), timeout=UNTIL)


@dataclass(frozen=True)
class Activation:
    """One way to start Read aloud: *ready* brings the kiosk to one action away (not measured); *act* is
    that action, measured, and done again is the next action (Stop reading)."""

    ready: Callable[[QtBot, QWidget, Speaker, Recorder], None]
    act: Callable[[QtBot, QWidget], None]


ACTIVATIONS: dict[str, Activation] = {
    "tap": Activation(nothing, tap_read_aloud),
    "keys": Activation(keys_to_read_aloud, lambda qtbot, window: press(window, Qt.Key.Key_Return)),
}
"""Ways a patient starts and stops Read aloud."""


def real_kiosk(qtbot: QtBot, content: Path) -> tuple[QWidget, Speaker]:
    window = build_kiosk(content, speech_engine="speechd")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: speaker_of(window) is not None, timeout=UNTIL)
    speaker = speaker_of(window)
    assert speaker is not None
    qtbot.waitUntil(lambda: speaker.ready, timeout=UNTIL)
    assert speaker.available, speaker.unavailable_reason
    qtbot.waitUntil(lambda: window.bar.read_button.isVisible(), timeout=UNTIL)  # type: ignore[attr-defined]
    return window, speaker


def sounding(recorder: Recorder) -> bool:
    """The latest 20 ms window is speech: an action now cuts a word, so its stop time is a real figure."""
    levels = recorder.levels()
    return bool(levels) and levels[-1].rms >= LOUD and time.monotonic() - levels[-1].at < 0.1


def floor(levels: list[Level], before: float) -> float:
    quiet = [level.rms for level in levels if level.at < before]
    return max(quiet) if quiet else 0.0


def onset(levels: list[Level], after: float) -> float | None:
    """Seconds from *after* to the first loud window."""
    return next((level.at - after for level in levels if level.at >= after and level.rms >= LOUD), None)


def last_sound(levels: list[Level], after: float) -> float:
    """Seconds from *after* to the end of the last loud window: negative when the sound had ended before
    (within the 200 ms before *after*, or -0.2 when it was silent then)."""
    loud = [level.at for level in levels if level.at >= after - 0.2 and level.rms >= LOUD]
    return loud[-1] - after if loud else -0.2


def speech_rms(levels: list[Level], start: float, end: float) -> float:
    loud = [level.rms for level in levels if start <= level.at < end and level.rms >= LOUD]
    return (sum(r * r for r in loud) / len(loud)) ** 0.5 if loud else 0.0


@pytest.mark.parametrize("how", ACTIVATIONS)
def test_read_aloud_is_heard_at_once_and_stops_on_the_next_activation(
        qtbot: QtBot, recorder: Recorder, how: str) -> None:
    window, speaker = real_kiosk(qtbot, BUNDLED)
    activation = ACTIVATIONS[how]
    quiet_until = time.monotonic()  # the silence floor is what was recorded before anything was said
    activation.ready(qtbot, window, speaker, recorder)

    started = time.monotonic()
    activation.act(qtbot, window)
    qtbot.waitUntil(lambda: onset(recorder.levels(), started) is not None, timeout=UNTIL)
    qtbot.waitUntil(lambda: time.monotonic() - started > 2.5, timeout=UNTIL)  # the patient listens a while
    qtbot.waitUntil(lambda: sounding(recorder), timeout=UNTIL)
    assert speaker.speaking
    stopped = time.monotonic()
    activation.act(qtbot, window)  # "Stop reading"
    qtbot.waitUntil(lambda: time.monotonic() - stopped > 1.0, timeout=UNTIL)

    levels = recorder.levels()
    silence, heard, tail = floor(levels, quiet_until), onset(levels, started), last_sound(levels, stopped)
    loudness = speech_rms(levels, started, stopped)
    print(f"\n[{how}] onset {heard * 1000:.0f} ms, stop {tail * 1000:.0f} ms, "
          f"speech RMS {loudness:.3f} vs floor {silence:.4f}")
    assert heard is not None and heard < ONSET_S, f"the first word came {heard} s after the {how}"
    assert loudness > max(10 * silence, 5 * LOUD), "what was heard is not well above the silence floor"
    assert tail < STOP_S, f"sound went on {tail:.2f} s after Stop reading"
    assert not speaker.speaking


def test_a_short_screen_is_heard_for_as_long_as_its_words_need(
        qtbot: QtBot, recorder: Recorder, tmp_path: Path) -> None:
    window, speaker = real_kiosk(qtbot, write(tmp_path, MINIMAL))
    said = []
    speaker.said.connect(said.append)
    parts = window.screen_widget.speech()  # type: ignore[attr-defined]
    needed = sum(spoken_seconds(part, "en-us", tmp_path) for part in parts)

    started = time.monotonic()
    tap_read_aloud(qtbot, window)
    qtbot.waitUntil(lambda: speaker.speaking, timeout=UNTIL)
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=UNTIL + 4 * 1000 * needed)
    ended = time.monotonic()
    qtbot.waitUntil(lambda: time.monotonic() - ended > 0.5, timeout=UNTIL)

    levels = recorder.levels()
    heard = onset(levels, started)
    assert heard is not None, "nothing was heard"
    span = max(level.at for level in levels if level.rms >= LOUD) - started - heard
    print(f"\nshort screen: {len(parts)} parts, heard for {span:.2f} s, espeak-ng alone needs {needed:.2f} s")
    assert said == parts  # every part, in reading order
    assert 0.6 * needed < span < 1.5 * needed + 0.3 * len(parts), "speech did not last as long as the words"
    assert last_sound(levels, ended) < STOP_S  # and nothing more after the read-aloud ended


def test_spanish_content_is_spoken_with_a_spanish_voice_and_stops_on_a_new_screen(
        qtbot: QtBot, recorder: Recorder) -> None:
    window, speaker = real_kiosk(qtbot, BUNDLED)
    qtbot.mouseClick(button(window, "Español"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bar.read_button.isVisible(), timeout=UNTIL)  # type: ignore[attr-defined]

    started = time.monotonic()
    tap_read_aloud(qtbot, window)
    qtbot.waitUntil(lambda: onset(recorder.levels(), started) is not None, timeout=UNTIL)
    assert speaker.locale.language() == QLocale.Language.Spanish
    assert speaker.voice_name.startswith("Spanish"), speaker.voice_name  # espeak-ng's "Spanish (Spain)"
    qtbot.waitUntil(lambda: time.monotonic() - started > 2.0, timeout=UNTIL)
    qtbot.waitUntil(lambda: sounding(recorder), timeout=UNTIL)
    changed = time.monotonic()
    tile = button(window, "¿Qué es el bótox?")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())  # a new screen stops speech
    qtbot.waitUntil(lambda: time.monotonic() - changed > 1.0, timeout=UNTIL)

    levels = recorder.levels()
    heard, tail = onset(levels, started), last_sound(levels, changed)
    print(f"\n[es] voice {speaker.voice_name!r} ({speaker.locale.name()}), onset {heard * 1000:.0f} ms, "
          f"stop on a new screen {tail * 1000:.0f} ms, speech RMS {speech_rms(levels, started, changed):.3f}")
    assert heard is not None and heard < ONSET_S
    assert tail < STOP_S, f"sound went on {tail:.2f} s after the screen changed"


def test_keys_say_a_spanish_screen_with_a_spanish_voice(qtbot: QtBot, recorder: Recorder) -> None:
    window, speaker = real_kiosk(qtbot, BUNDLED)
    qtbot.mouseClick(button(window, "Español"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bar.read_button.isVisible(), timeout=UNTIL)  # type: ignore[attr-defined]
    said: list[str] = []
    speaker.said.connect(said.append)

    started = time.monotonic()
    press(window, Qt.Key.Key_Down)  # the first key: keypad mode, the screen said by itself
    qtbot.waitUntil(lambda: onset(recorder.levels(), started) is not None, timeout=UNTIL)
    heard = onset(recorder.levels(), started)
    print(f"\n[keys, es] voice {speaker.voice_name!r} ({speaker.locale.name()}), onset {heard * 1000:.0f} ms")
    assert heard is not None and heard < ONSET_S
    assert said[:1] == ["Bótox para el acné."]
    assert speaker.locale.language() == QLocale.Language.Spanish
    assert speaker.voice_name.startswith("Spanish"), speaker.voice_name
