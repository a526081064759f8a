"""Issue 25, done when: every screen driven by keys alone, from Home through a section and back, and
through the self-check to each outcome level, checking the words the speech engine is given at each step.

Real key events go to the real window (``QTest.keyClick`` on its QWindow); the kiosk is the app as built
by :func:`kiosk.app.build_kiosk`, wired by itself. What the speech engine is handed is recorded where
the kiosk hands it over, at its :class:`~kiosk.services.speech.Speaker` (``say_now``, ``stop``), and
Qt's mock engine then says it: the first words of each English phrase are checked as the engine starts
them (:attr:`Speaker.said`). The mock engine has no Spanish voice, so the Spanish run checks the words
and the ``es`` language handed over; tests/services/test_real_audio.py hears a Spanish voice say them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.services.speech import Speaker
from kiosk.ui.describe import sentence
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
from tests.ui.keyboard import Keyed, attach

K = Qt.Key
UNTIL = 15_000
HOME_EN = ["Botox for acne.", "Your clinic name.", "8 choices.", "Español, 1 of 1"]
HOME_ES = ["Bótox para el acné.", "El nombre de su clínica.", "8 opciones.", "English, 1 de 1"]
#: Answers (by their words) from the first question to each outcome level of the bundled content.yaml's flow.
PATHS = {
    "self-care": ["No", "No", "No", "No", "No", "No", "No", "Yes"],
    "call-clinic": ["No", "No", "No", "No", "No", "Yes"],
    "urgent": ["No", "No", "Not sure"],
    "emergency": ["Yes"],
}


@dataclass
class Heard:
    """What the kiosk handed its speech engine, step by step: ``stop``, or (parts, language)."""

    speaker: Speaker
    given: list[str | tuple[list[str], str]] = field(default_factory=list)
    started: list[str] = field(default_factory=list)  # parts the engine reported it started saying

    def install(self) -> None:
        say_now, stop = self.speaker.say_now, self.speaker.stop

        def recording_say_now(text: str | list[str], language: str, *, keep_repeat: bool = False) -> bool:
            self.given.append(([text] if isinstance(text, str) else list(text), language))
            return say_now(text, language, keep_repeat=keep_repeat)

        def recording_stop() -> None:
            self.given.append("stop")
            stop()

        self.speaker.say_now = recording_say_now  # type: ignore[method-assign]
        self.speaker.stop = recording_stop  # type: ignore[method-assign]
        self.speaker.said.connect(self.started.append)


def kiosk_with_ears(open_kiosk: Callable[..., KioskApp], qtbot: QtBot) -> tuple[Keyed, Heard]:
    kiosk = open_kiosk()
    qtbot.waitUntil(lambda: kiosk.speech.speaker is not None and kiosk.speech.speaker.available, timeout=UNTIL)
    assert kiosk.speech.speaker is not None
    heard = Heard(kiosk.speech.speaker)
    heard.install()
    return attach(kiosk), heard


def step(keyed: Keyed, heard: Heard, qtbot: QtBot, key: Qt.Key, language: str = "en") -> list[str]:
    """Press *key*; what was said stops before the key acts, and the phrase said after it is returned
    (the engine starts it, when it has a voice for the language)."""
    heard.given.clear()
    heard.started.clear()
    keyed.press(key)
    assert heard.given, f"{key} said nothing and stopped nothing"
    assert heard.given[0] == "stop", "a key stops what is being said before it acts"
    phrases = [g for g in heard.given if g != "stop"]
    if not phrases:
        return []
    assert len(phrases) == 1, phrases
    parts, said_in = phrases[0]
    assert said_in == language
    if language == "en":
        qtbot.waitUntil(lambda: parts[0] in heard.started, timeout=UNTIL)
    return parts


def choose(keyed: Keyed, heard: Heard, qtbot: QtBot, name: str, language: str = "en") -> list[str]:
    """Down until the focus is on *name* (each move says it with its place), then Enter."""
    for _ in range(len(keyed.keys.chain()) + 1):
        focused = keyed.keys.focused
        if focused is not None and focused.accessibleName() == name:
            return step(keyed, heard, qtbot, K.Key_Return, language)
        [said] = step(keyed, heard, qtbot, K.Key_Down, language)
        moved = keyed.keys.focused
        assert moved is not None and said.startswith(moved.accessibleName().rstrip("?") or "\0")
    raise AssertionError(f"no {name!r} on this screen")


def test_every_screen_by_keys_with_the_words_the_engine_is_given(
        open_kiosk: Callable[..., KioskApp], qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    keyed, heard = kiosk_with_ears(open_kiosk, qtbot)
    everything: list[str] = []
    heard.speaker.said.connect(everything.append)
    kiosk = keyed.kiosk
    speaker = heard.speaker

    # Home: the first key turns keypad mode on and says the screen, then where the focus is.
    assert step(keyed, heard, qtbot, K.Key_Down) == HOME_EN
    assert speaker.locale.language() == QLocale.Language.English
    assert step(keyed, heard, qtbot, K.Key_Down) == ["Side-effect self-check, 1 of 8"]
    assert step(keyed, heard, qtbot, K.Key_Down) == ["What is Botox? 2 of 8"]
    assert step(keyed, heard, qtbot, K.Key_F1)[0].startswith("To move, press Up or Down")

    # A section, Next, and Back: the section just read, then Home.
    section = step(keyed, heard, qtbot, K.Key_Return)
    assert isinstance(kiosk.screen, SectionScreen)
    assert section[0] == "What is Botox?" and section[-2:] == ["3 choices.", "Back, 1 of 3"]
    assert section[1].startswith("Botox is an injectable form of a bacterium toxin")
    after_next = choose(keyed, heard, qtbot, "Next")
    assert after_next[0] == "How Does Botox Work On Acne?" and after_next[-1] == "Back, 1 of 4"  # Previous now
    again = step(keyed, heard, qtbot, K.Key_Backspace)
    assert again == section  # Next then Back: the section just read, said again, the focus on its first control
    assert step(keyed, heard, qtbot, K.Key_Backspace) == HOME_EN
    assert isinstance(kiosk.screen, HomeScreen)

    # The self-check, to each outcome level; Done goes home.
    for level, answers in PATHS.items():
        intro = choose(keyed, heard, qtbot, "Side-effect self-check")
        assert isinstance(kiosk.screen, SelfCheckIntroScreen)
        assert intro[0] == "Side-effect self-check." and intro[-2:] == ["2 choices.", "Home, 1 of 2"]
        said = choose(keyed, heard, qtbot, "Start")
        assert said == ["Question 1.", "Since your injection, is it hard to breathe, swallow or speak?",
                        "Even a little harder than usual counts.", "3 choices.", "Yes, 1 of 3"]
        for number, answer in enumerate(answers, start=1):
            screen = kiosk.screen
            assert isinstance(screen, QuestionScreen) and screen.progress.text() == f"Question {number}"
            said = choose(keyed, heard, qtbot, answer)
        outcome = kiosk.screen
        assert isinstance(outcome, OutcomeScreen) and outcome.level == level
        # An outcome is said in full: everything it shows, in order, then its one choice.
        assert said == [*(sentence(p) for p in outcome.speech()), "1 choice.", "Done, 1 of 1"]
        assert "This check does not replace advice from your doctor." in said
        if level == "emergency":
            assert said[:2] == ["Tell a staff member now.", "If you have left the clinic, call 911."]
        assert step(keyed, heard, qtbot, K.Key_Backspace) == []  # no Back on an outcome, by touch or by key
        assert kiosk.screen is outcome
        assert step(keyed, heard, qtbot, K.Key_Return) == HOME_EN  # Done

    # Nothing spoken is logged (the kiosk logs its health, so there are records to look through).
    spoken = {part for part in everything if len(part) > 12}
    assert spoken and not [r for r in caplog.records if any(part in r.getMessage() for part in spoken)]


def test_spanish_by_keys_in_spanish_words(open_kiosk: Callable[..., KioskApp], qtbot: QtBot) -> None:
    keyed, heard = kiosk_with_ears(open_kiosk, qtbot)
    kiosk = keyed.kiosk
    assert step(keyed, heard, qtbot, K.Key_Down) == HOME_EN
    assert step(keyed, heard, qtbot, K.Key_Return, "es") == HOME_ES  # Español: home again, said in Spanish
    assert kiosk.session.language == "es"
    assert step(keyed, heard, qtbot, K.Key_Slash, "es") == []  # the top row's slash is no key of the kiosk
    help_words = step(keyed, heard, qtbot, K.Key_F1, "es")
    assert help_words[0].startswith("Para moverse, pulse Arriba o Abajo")
    section = choose(keyed, heard, qtbot, "¿Qué es el bótox?", "es")
    assert section[0] == "¿Qué es el bótox?" and section[-2:] == ["3 opciones.", "Atrás, 1 de 3"]
    assert step(keyed, heard, qtbot, K.Key_Backspace, "es") == HOME_ES
    choose(keyed, heard, qtbot, "Autoevaluación de efectos secundarios", "es")
    said = choose(keyed, heard, qtbot, "Empezar", "es")
    assert said[0] == "Pregunta 1." and said[-2:] == ["3 opciones.", "Sí, 1 de 3"]
    said = choose(keyed, heard, qtbot, "Sí", "es")
    assert said[:2] == ["Avise ahora a un miembro del personal.", "Si ya salió de la clínica, llame al 911."]
    assert said[-2:] == ["1 opción.", "Terminar, 1 de 1"]
    QApplication.processEvents()
    assert not heard.speaker.supports("es")  # Qt's mock engine: the words went to the Speaker, in Spanish


@pytest.mark.parametrize("key", [K.Key_Down, K.Key_Return])
def test_any_key_stops_a_read_aloud_and_enter_on_stop_reading_does_not_start_it_again(
        open_kiosk: Callable[..., KioskApp], qtbot: QtBot, key: Qt.Key) -> None:
    keyed, heard = kiosk_with_ears(open_kiosk, qtbot)
    step(keyed, heard, qtbot, K.Key_Down)
    choose(keyed, heard, qtbot, "Read aloud")  # Enter on Read aloud: the screen is read
    speaker = heard.speaker
    assert speaker.reading and keyed.focused == "Stop reading"
    qtbot.waitUntil(lambda: "Botox for acne" in heard.started, timeout=UNTIL)
    heard.given.clear()
    keyed.press(key)
    assert heard.given[0] == "stop" and not speaker.reading
    if key == K.Key_Return:
        assert not [g for g in heard.given if g != "stop"]  # stopped, not started again
        assert keyed.focused == "Read aloud"
    assert speaker.repeat()  # the keypad's own phrases never replaced what Repeat says
    qtbot.waitUntil(lambda: heard.started[-1] in kiosk_speech(keyed.kiosk), timeout=UNTIL)


def kiosk_speech(kiosk: KioskApp) -> list[str]:
    return kiosk.spoken_text()
