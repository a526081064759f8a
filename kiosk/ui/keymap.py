"""The key map: which key asks for what, on a keyboard and on a USB numeric keypad (Num Lock on or off).

A keypad's keys reach Qt with ``KeypadModifier``: with Num Lock on as digits, with it off as arrows,
Clear (the 5) and Delete (the decimal key). The top row's digits mean nothing here, so a staff member's
PIN typed on a keyboard never moves the focus.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt


class Intent(Enum):
    NEXT = "next"
    PREVIOUS = "previous"
    LEFT = "left"
    RIGHT = "right"
    ACTIVATE = "activate"
    BACK = "back"
    HELP = "help"


K = Qt.Key
#: Keys that mean the same with or without the keypad.
ANY_KEYS: dict[Qt.Key, Intent] = {
    K.Key_Down: Intent.NEXT, K.Key_Tab: Intent.NEXT,
    K.Key_Up: Intent.PREVIOUS, K.Key_Backtab: Intent.PREVIOUS,
    K.Key_Left: Intent.LEFT, K.Key_Right: Intent.RIGHT,
    K.Key_Return: Intent.ACTIVATE, K.Key_Enter: Intent.ACTIVATE, K.Key_Space: Intent.ACTIVATE,
    K.Key_Select: Intent.ACTIVATE,
    K.Key_Backspace: Intent.BACK, K.Key_Back: Intent.BACK,
    K.Key_Question: Intent.HELP, K.Key_F1: Intent.HELP, K.Key_Help: Intent.HELP,
}
#: Keys that mean something only on the numeric keypad (Qt marks them with KeypadModifier): Num Lock on
#: gives the digits, Num Lock off the arrows (above), Clear for 5 and Delete for the decimal key.
KEYPAD_KEYS: dict[Qt.Key, Intent] = {
    K.Key_8: Intent.PREVIOUS, K.Key_2: Intent.NEXT, K.Key_4: Intent.LEFT, K.Key_6: Intent.RIGHT,
    K.Key_5: Intent.ACTIVATE, K.Key_Clear: Intent.ACTIVATE,
    K.Key_Period: Intent.BACK, K.Key_Comma: Intent.BACK, K.Key_Delete: Intent.BACK,  # comma: a German keypad
    K.Key_Asterisk: Intent.HELP, K.Key_Slash: Intent.HELP,
}
#: Keys that change other keys and mean nothing by themselves: pressing Shift for "?" or Num Lock is no key press.
LOCKS_AND_SHIFTS = frozenset(k.value for k in (K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_AltGr, K.Key_Meta,
                                                K.Key_Super_L, K.Key_Super_R, K.Key_CapsLock, K.Key_NumLock,
                                                K.Key_ScrollLock))
_CHORDS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
           | Qt.KeyboardModifier.MetaModifier)


def intent_of(key: int, modifiers: Qt.KeyboardModifier) -> Intent | None:
    """What a key press asks for, or None for a key the kiosk leaves alone."""
    if modifiers & _CHORDS:
        return None  # Ctrl+…, Alt+…: never an intent (the kiosk's guard swallows the ones that would leave)
    try:
        code = Qt.Key(key)
    except ValueError:
        return None
    if modifiers & Qt.KeyboardModifier.KeypadModifier and code in KEYPAD_KEYS:
        return KEYPAD_KEYS[code]
    intent = ANY_KEYS.get(code)
    if intent is Intent.NEXT and code == K.Key_Tab and modifiers & Qt.KeyboardModifier.ShiftModifier:
        return Intent.PREVIOUS
    return intent
