"""Built-in words of the kiosk's own interface, in English and Spanish.

Pure Python so the content schema can list the keys staff may override with ``ui_text:``.
Content text (sections, questions) comes from the content file; these are the buttons and
messages around it. ``{n}``, ``{number}``, ``{seconds}`` are filled in by the screens.
"""

from __future__ import annotations

from collections.abc import Mapping

BUILTIN: Mapping[str, Mapping[str, str]] = {
    "en": {
        "language_name": "English",
        "back": "Back",
        "home": "Home",
        "next": "Next",
        "previous": "Previous",
        "more_below": "More below — swipe up",
        "yes": "Yes",
        "no": "No",
        "not_sure": "Not sure",
        "read_aloud": "Read aloud",
        "stop_reading": "Stop reading",
        "repeat": "Repeat",
        "text_smaller": "A−",
        "text_larger": "A+",
        "text_smaller_name": "Smaller text",
        "text_larger_name": "Larger text",
        "high_contrast": "High contrast",
        "selfcheck_tile": "Side-effect self-check",
        "selfcheck_start": "Start",
        "selfcheck_not_diagnosis": "This is not a diagnosis. Your answers are not saved.",
        "question_progress": "Question {n}",
        "start_over": "Start over",
        "done": "Done",
        "outcome_self_care": "This is common",
        "outcome_call_clinic": "Call the clinic",
        "outcome_urgent": "Get help today",
        "outcome_emergency": "Tell a staff member now",
        "emergency_first": "Tell a staff member now.",
        "emergency_left_clinic": "If you have left the clinic, call {number}.",
        "outcome_footer": "This check does not replace advice from your doctor.",
        "call_staff": "Call a staff member",
        "call_sending": "Sending to staff…",
        "call_delivered": "Staff have been sent a message",
        "call_failed": "We could not reach staff. Please tell a staff member now.",
        "idle_title": "Are you still there?",
        "idle_body": "This screen will start over in {seconds} seconds.",
        "idle_stay": "I'm still here",
        "updating": "This screen is being updated. Please ask at the front desk.",
        "pin_title": "Staff PIN",
        "pin_wrong": "Wrong PIN.",
        "pin_locked": "Too many tries. Wait {seconds} seconds.",
        "pin_cancel": "Cancel",
        "pin_clear": "Clear",
        "pin_enter": "Enter",
        "related_selfcheck": "Check how you feel",
        "choices_one": "1 choice.",
        "choices_many": "{n} choices.",
        "item_place": "{n} of {count}",
        "state_on": "on",
        "state_off": "off",
        "keys_help": "To move, press Up or Down, or 8 or 2 on the keypad. To move along a row, press Left or "
                     "Right, or 4 or 6. To choose, press Enter or 5. To go back, press Backspace or the dot key. "
                     "To hear this again, press the star key.",
    },
    "es": {
        "language_name": "Español",
        "back": "Atrás",
        "home": "Inicio",
        "next": "Siguiente",
        "previous": "Anterior",
        "more_below": "Hay más abajo — deslice hacia arriba",
        "yes": "Sí",
        "no": "No",
        "not_sure": "No estoy seguro",
        "read_aloud": "Leer en voz alta",
        "stop_reading": "Dejar de leer",
        "repeat": "Repetir",
        "text_smaller": "A−",
        "text_larger": "A+",
        "text_smaller_name": "Texto más pequeño",
        "text_larger_name": "Texto más grande",
        "high_contrast": "Alto contraste",
        "selfcheck_tile": "Autoevaluación de efectos secundarios",
        "selfcheck_start": "Empezar",
        "selfcheck_not_diagnosis": "Esto no es un diagnóstico. Sus respuestas no se guardan.",
        "question_progress": "Pregunta {n}",
        "start_over": "Empezar de nuevo",
        "done": "Terminar",
        "outcome_self_care": "Esto es común",
        "outcome_call_clinic": "Llame a la clínica",
        "outcome_urgent": "Busque ayuda hoy",
        "outcome_emergency": "Avise ahora a un miembro del personal",
        "emergency_first": "Avise ahora a un miembro del personal.",
        "emergency_left_clinic": "Si ya salió de la clínica, llame al {number}.",
        "outcome_footer": "Esta evaluación no reemplaza el consejo de su médico.",
        "call_staff": "Llamar a un miembro del personal",
        "call_sending": "Enviando al personal…",
        "call_delivered": "Se ha enviado un mensaje al personal",
        "call_failed": "No pudimos avisar al personal. Por favor, avise ahora a un miembro del personal.",
        "idle_title": "¿Sigue ahí?",
        "idle_body": "Esta pantalla volverá a empezar en {seconds} segundos.",
        "idle_stay": "Sigo aquí",
        "updating": "Esta pantalla se está actualizando. Por favor, pregunte en recepción.",
        "pin_title": "PIN del personal",
        "pin_wrong": "PIN incorrecto.",
        "pin_locked": "Demasiados intentos. Espere {seconds} segundos.",
        "pin_cancel": "Cancelar",
        "pin_clear": "Borrar",
        "pin_enter": "Entrar",
        "related_selfcheck": "Compruebe cómo se siente",
        "choices_one": "1 opción.",
        "choices_many": "{n} opciones.",
        "item_place": "{n} de {count}",
        "state_on": "activado",
        "state_off": "desactivado",
        "keys_help": "Para moverse, pulse Arriba o Abajo, o el 8 o el 2 del teclado numérico. Para moverse por "
                     "una fila, pulse Izquierda o Derecha, o el 4 o el 6. Para elegir, pulse Intro o el 5. Para "
                     "volver, pulse Retroceso o la tecla del punto. Para oír esto de nuevo, pulse la tecla del "
                     "asterisco.",
    },
}

KEYS: tuple[str, ...] = tuple(BUILTIN["en"])


class UiText:
    """The interface words for one language: content overrides, then built-ins, then English."""

    def __init__(self, lang: str, overrides: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.lang = lang
        self._layers = [
            (overrides or {}).get(lang, {}),
            BUILTIN.get(lang.split("-")[0], {}),
            (overrides or {}).get("en", {}),
            BUILTIN["en"],
        ]

    def __call__(self, key: str, **values: object) -> str:
        for layer in self._layers:
            if key in layer:
                return layer[key].format(**values) if values else layer[key]
        raise KeyError(key)
