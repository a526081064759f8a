"""What keypad mode says, word for word, on the bundled content's real screens, in English and Spanish."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from kiosk.app import KioskApp
from kiosk.model.levels import Level
from kiosk.strings import UiText
from kiosk.ui.describe import describe_help, describe_item, describe_screen, sentence
from kiosk.ui.screens.selfcheck import OutcomeScreen
from tests.ui.keyboard import Keyed, attach, in_keypad_mode

EN, ES = UiText("en"), UiText("es")


def test_the_words_without_a_screen() -> None:
    assert sentence("Question 1") == "Question 1."
    assert sentence("  Is it hard\n to speak? ") == "Is it hard to speak?"
    assert describe_screen(["Question 1", "Is it hard?", ""], 3, EN) == ["Question 1.", "Is it hard?", "3 choices."]
    assert describe_screen(["Done"], 1, EN) == ["Done.", "1 choice."]
    assert describe_screen(["Staff PIN"], 0, EN) == ["Staff PIN."]
    assert describe_screen(["Pregunta 1"], 2, ES) == ["Pregunta 1.", "2 opciones."]
    assert describe_item("Yes", 1, 3, EN) == "Yes, 1 of 3"
    assert describe_item("What is Botox?", 2, 8, EN) == "What is Botox? 2 of 8"
    assert describe_item("High contrast", 3, 3, EN, checked=False) == "High contrast, off, 3 of 3"
    assert describe_item("Alto contraste", 3, 3, ES, checked=True) == "Alto contraste, activado, 3 de 3"


def test_help_says_which_keys_do_what() -> None:
    assert describe_help(EN) == (
        "To move, press Up or Down, or 8 or 2 on the keypad. To move along a row, press Left or Right, or 4 or 6. "
        "To choose, press Enter or 5. To go back, press Backspace or the dot key. "
        "To hear this again, press the star key.")
    assert describe_help(ES) == (
        "Para moverse, pulse Arriba o Abajo, o el 8 o el 2 del teclado numérico. Para moverse por una fila, pulse "
        "Izquierda o Derecha, o el 4 o el 6. Para elegir, pulse Intro o el 5. Para volver, pulse Retroceso o la "
        "tecla del punto. Para oír esto de nuevo, pulse la tecla del asterisco.")


@pytest.fixture
def keyed(open_kiosk: Callable[..., KioskApp]) -> Keyed:
    return in_keypad_mode(attach(open_kiosk()))


def said(keyed: Keyed) -> str:
    return " ".join(keyed.keys.describe_screen(keyed.kiosk.style.frame().ui))


def focus_said(keyed: Keyed) -> str:
    widget = keyed.keys.focused
    assert widget is not None
    return keyed.keys.describe_focus(widget, keyed.kiosk.style.frame().ui)


def test_english_screens(keyed: Keyed) -> None:
    assert said(keyed) == "Botox for acne. Your clinic name. 8 choices."
    assert focus_said(keyed) == "Español, 1 of 1"
    keyed.press(Qt.Key.Key_Down)
    assert focus_said(keyed) == "Side-effect self-check, 1 of 8"
    keyed.press(Qt.Key.Key_Down)
    assert focus_said(keyed) == "What is Botox? 2 of 8"
    keyed.press(Qt.Key.Key_Return)
    text = said(keyed)
    assert text.startswith("What is Botox? Botox is an injectable form of a bacterium toxin called botulinum toxin.")
    assert text.endswith("can help reduce the appearance of acne scars and blemishes. 3 choices.")  # Back, Home, Next
    assert focus_said(keyed) == "Back, 1 of 3"  # Previous cannot be chosen on the first section: not counted
    keyed.press(Qt.Key.Key_Backspace)

    keyed.choose("Side-effect self-check")
    assert said(keyed) == (
        "Side-effect self-check. Answer a few questions about how you feel since your injection. "
        "Some side effects can start hours to weeks after an injection. "
        "This is not a diagnosis. Your answers are not saved. 2 choices.")
    keyed.choose("Start")
    assert said(keyed) == ("Question 1. Since your injection, is it hard to breathe, swallow or speak? "
                           "Even a little harder than usual counts. 3 choices.")
    assert focus_said(keyed) == "Yes, 1 of 3"
    keyed.press(Qt.Key.Key_Down)
    assert focus_said(keyed) == "Not sure, 2 of 3"
    keyed.press(Qt.Key.Key_Down)
    keyed.press(Qt.Key.Key_Down)
    assert focus_said(keyed) == "Back, 1 of 3"
    keyed.press(Qt.Key.Key_Up)
    keyed.press(Qt.Key.Key_Return)  # No
    assert said(keyed).startswith("Question 2. Do you have signs of an allergic reaction? Itching, a rash")


def test_an_outcome_is_said_in_full_with_the_emergency_number(keyed: Keyed) -> None:
    keyed.choose("Side-effect self-check")
    keyed.choose("Start")
    keyed.choose("Yes")
    assert said(keyed) == (
        "Tell a staff member now. If you have left the clinic, call 911. Trouble breathing, swallowing or "
        "speaking can mean the medicine has spread beyond where it was injected. This can happen hours to weeks "
        "after the injection. Show this screen to a member of staff right away. This check does not replace "
        "advice from your doctor. 1 choice.")
    assert focus_said(keyed) == "Done, 1 of 1"


#: Answers (by their words) that reach each level from the first question, walked by keys only.
PATHS = {
    "emergency": ["Yes"],
    "urgent": ["No", "No", "Not sure"],
    "call-clinic": ["No", "No", "No", "No", "No", "Yes"],
    "self-care": ["No", "No", "No", "No", "No", "No", "No", "Yes"],
}


@pytest.mark.parametrize("level", PATHS)
def test_every_outcome_level_by_keys_alone(keyed: Keyed, level: str) -> None:
    keyed.choose("Side-effect self-check")
    keyed.choose("Start")
    for answer in PATHS[level]:
        keyed.choose(answer)
    screen = keyed.window.screen_widget
    assert isinstance(screen, OutcomeScreen) and screen.level == level
    parts = keyed.keys.describe_screen(keyed.kiosk.style.frame().ui)
    assert parts[0] == sentence(EN(Level.from_id(level).ui_key))
    assert parts == [*(sentence(p) for p in screen.speech()), "1 choice."]  # everything it shows, in order
    assert parts[-2] == "This check does not replace advice from your doctor."
    keyed.press(Qt.Key.Key_Return)  # Done
    assert said(keyed) == "Botox for acne. Your clinic name. 8 choices."


def test_spanish_words_in_spanish(keyed: Keyed) -> None:
    keyed.press(Qt.Key.Key_Return)  # Español
    assert keyed.kiosk.session.language == "es"
    assert said(keyed) == "Bótox para el acné. El nombre de su clínica. 8 opciones."
    assert focus_said(keyed) == "English, 1 de 1"
    keyed.choose("Autoevaluación de efectos secundarios")
    keyed.choose("Empezar")
    assert said(keyed) == ("Pregunta 1. Desde su inyección, ¿tiene dificultad para respirar, tragar o hablar? "
                           "Cuenta aunque sea solo un poco más difícil que lo normal. 3 opciones.")
    assert focus_said(keyed) == "Sí, 1 de 3"
    keyed.press(Qt.Key.Key_Return)
    assert said(keyed) == (
        "Avise ahora a un miembro del personal. Si ya salió de la clínica, llame al 911. Tener dificultad para "
        "respirar, tragar o hablar puede significar que el medicamento se ha extendido más allá del lugar donde "
        "se inyectó. Esto puede pasar desde horas hasta semanas después de la inyección. Muestre esta pantalla a "
        "un miembro del personal de inmediato. Esta evaluación no reemplaza el consejo de su médico. 1 opción.")
    assert focus_said(keyed) == "Terminar, 1 de 1"


def test_the_strip_of_tools_says_its_state(keyed: Keyed) -> None:
    keyed.go_to("High contrast")
    before = focus_said(keyed)
    assert before.startswith("High contrast, off, ")
    keyed.press(Qt.Key.Key_Return)
    assert focus_said(keyed) == before.replace(", off, ", ", on, ")
    keyed.go_to("A+")
    assert focus_said(keyed).startswith("Larger text, ")  # not "A plus"
