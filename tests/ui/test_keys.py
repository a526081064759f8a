"""The kiosk by keys alone: every key of the map, on a keyboard and on a USB keypad with Num Lock on or off,
pressed as real key events on the real window (through its QWindow, where the guard and the idle watcher
see keys first)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk, kiosk_of
from kiosk.core.panel import TEXT_STEPS
from kiosk.ui.focus import can_focus
from kiosk.ui.keymap import ANY_KEYS, KEYPAD_KEYS, Intent, intent_of
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.section import SectionScreen
from kiosk.ui.screens.selfcheck import QuestionScreen, SelfCheckIntroScreen
from tests.core.fakeclock import FakeClock
from tests.helpers import BUNDLED, button, touch_tap
from tests.ui.keyboard import Keyed, attach, in_keypad_mode

K, M = Qt.Key, Qt.KeyboardModifier
PAD = M.KeypadModifier
Key = tuple[Qt.Key, Qt.KeyboardModifier]

NEXT_KEYS: list[Key] = [(K.Key_Down, M.NoModifier), (K.Key_Tab, M.NoModifier), (K.Key_2, PAD), (K.Key_Down, PAD)]
PREVIOUS_KEYS: list[Key] = [(K.Key_Up, M.NoModifier), (K.Key_Tab, M.ShiftModifier), (K.Key_Backtab, M.ShiftModifier),
                            (K.Key_8, PAD), (K.Key_Up, PAD)]
RIGHT_KEYS: list[Key] = [(K.Key_Right, M.NoModifier), (K.Key_6, PAD), (K.Key_Right, PAD)]
LEFT_KEYS: list[Key] = [(K.Key_Left, M.NoModifier), (K.Key_4, PAD), (K.Key_Left, PAD)]
ACTIVATE_KEYS: list[Key] = [(K.Key_Return, M.NoModifier), (K.Key_Enter, PAD), (K.Key_Space, M.NoModifier),
                            (K.Key_5, PAD), (K.Key_Clear, PAD)]
BACK_KEYS: list[Key] = [(K.Key_Backspace, M.NoModifier), (K.Key_Period, PAD), (K.Key_Comma, PAD), (K.Key_Delete, PAD)]
HELP_KEYS: list[Key] = [(K.Key_Question, M.ShiftModifier), (K.Key_F1, M.NoModifier), (K.Key_Asterisk, PAD),
                        (K.Key_Slash, PAD)]


@pytest.fixture
def keyed(open_kiosk: Callable[..., KioskApp]) -> Keyed:
    return attach(open_kiosk())


def at_question_one(keyed: Keyed) -> Keyed:
    in_keypad_mode(keyed)
    keyed.choose("Side-effect self-check")
    keyed.choose("Start")
    assert isinstance(keyed.window.screen_widget, QuestionScreen)
    return keyed


def test_the_key_map() -> None:
    for key, intent in ANY_KEYS.items():
        assert intent_of(key.value, M.NoModifier) is (Intent.PREVIOUS if key == K.Key_Backtab else intent)
        assert intent_of(key.value, PAD) is KEYPAD_KEYS.get(key, intent)
    for key, intent in KEYPAD_KEYS.items():
        assert intent_of(key.value, PAD) is intent
        assert intent_of(key.value, M.NoModifier) is ANY_KEYS.get(key)  # the top row's 8 is not Up
    assert intent_of(K.Key_Tab.value, M.ShiftModifier) is Intent.PREVIOUS
    assert intent_of(K.Key_Down.value, M.ControlModifier) is None
    assert intent_of(K.Key_Escape.value, M.NoModifier) is None
    assert intent_of(K.Key_A.value, M.NoModifier) is None


def test_the_first_key_only_shows_where_the_focus_is(keyed: Keyed) -> None:
    screen = keyed.window.screen_widget
    keyed.press(K.Key_Return)  # a blind patient's first press must not choose anything (here: Español)
    assert keyed.window.screen_widget is screen and keyed.kiosk.session.language == "en"
    assert keyed.heard == ["key_pressed", "keypad_used"]
    assert keyed.focused == "Español"  # the first control of the screen (the strip of tools is above it)
    assert keyed.window.property("keyboard") is True


@pytest.mark.parametrize(("key", "modifier"), NEXT_KEYS)
def test_next(keyed: Keyed, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    at_question_one(keyed)
    assert keyed.focused == "Yes"
    keyed.heard.clear()
    keyed.press(key, modifier)
    assert keyed.focused == "Not sure"
    assert keyed.heard == ["key_pressed", "moved Not sure"]


@pytest.mark.parametrize(("key", "modifier"), PREVIOUS_KEYS)
def test_previous(keyed: Keyed, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    at_question_one(keyed)
    keyed.press(K.Key_Down)
    keyed.press(key, modifier)
    assert keyed.focused == "Yes"


@pytest.mark.parametrize(("key", "modifier"), ACTIVATE_KEYS)
def test_activate_emits_what_a_tap_emits(keyed: Keyed, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    at_question_one(keyed)
    chosen: list[int] = []
    keyed.window.screen_widget.answer_chosen.connect(chosen.append)
    keyed.press(K.Key_Down)
    keyed.press(K.Key_Down)
    assert keyed.focused == "No"
    keyed.press(key, modifier)
    assert chosen == [2]  # the screen's own signal, as from a tap on "No"
    screen = keyed.window.screen_widget
    assert isinstance(screen, QuestionScreen) and screen.progress.text() == "Question 2"
    assert keyed.focused == "Yes"  # a new screen starts on its first control
    assert keyed.heard[-1] == "screen QuestionScreen"


@pytest.mark.parametrize(("key", "modifier"), BACK_KEYS)
def test_back_is_the_screens_own_back(keyed: Keyed, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    at_question_one(keyed)
    keyed.choose("No")
    keyed.press(key, modifier)  # a question's Back is the previous question, as a tap on its Back button
    screen = keyed.window.screen_widget
    assert isinstance(screen, QuestionScreen) and screen.progress.text() == "Question 1"
    keyed.press(key, modifier)
    assert isinstance(keyed.window.screen_widget, SelfCheckIntroScreen)
    keyed.press(key, modifier)  # the intro has no Back button: the app's Back (history) takes it
    assert keyed.heard[-1] == "back_requested"
    assert isinstance(keyed.window.screen_widget, HomeScreen)


@pytest.mark.parametrize(("right", "left"), list(zip(RIGHT_KEYS, LEFT_KEYS, strict=True)))
def test_left_and_right_move_along_a_row_of_tiles(keyed: Keyed, right: Key, left: Key) -> None:
    in_keypad_mode(keyed)
    keyed.go_to("What is Botox?")
    keyed.press(*right)
    assert keyed.focused == "How Does Botox Work On Acne?"  # beside it (1920 px wide: three columns)
    keyed.press(*right)
    keyed.press(*right)  # the end of the row: the focus stays, and is said again
    assert keyed.focused == "What Are the Benefits of Using Botox for Acne?"
    assert keyed.heard[-1] == "moved What Are the Benefits of Using Botox for Acne?"
    keyed.press(*left)
    keyed.press(*left)
    assert keyed.focused == "What is Botox?"


def test_shift_and_num_lock_alone_are_no_key_press(keyed: Keyed) -> None:
    for key in (K.Key_NumLock, K.Key_Shift, K.Key_CapsLock):
        keyed.press(key)
    assert keyed.heard == [] and not keyed.keys.keypad_mode


@pytest.mark.parametrize(("key", "modifier"), HELP_KEYS)
def test_help(keyed: Keyed, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    in_keypad_mode(keyed)
    keyed.go_to("What is Botox?")
    keyed.heard.clear()
    keyed.press(key, modifier)
    assert keyed.heard == ["key_pressed", "help_requested"]
    assert keyed.focused == "What is Botox?" and isinstance(keyed.window.screen_widget, HomeScreen)


def test_focus_goes_round_every_control_and_never_on_a_hidden_or_disabled_one(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    keyed.choose("What is Botox?")  # the first section: Previous is disabled
    chain = keyed.keys.chain()
    seen = []
    for _ in range(len(chain)):
        keyed.press(K.Key_Tab)
        widget = keyed.keys.focused
        assert widget is not None and widget.isVisible() and widget.isEnabled() and can_focus(widget)
        seen.append(widget.accessibleName())
    assert sorted(seen) == sorted(w.accessibleName() for w in chain)  # every control once, then round again
    assert "Previous" not in seen and "Next" in seen and "Read aloud" in seen
    assert "Repeat" not in seen  # disabled until something was read
    bar = keyed.window.bar
    assert all(w.isVisible() for w in bar.findChildren(QWidget) if w.accessibleName() in seen)


def test_a_new_screen_starts_on_its_first_control_and_back_is_history(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    keyed.choose("What is Botox?")
    assert isinstance(keyed.window.screen_widget, SectionScreen)
    assert keyed.focused == "Back"
    assert keyed.heard[-1] == "screen SectionScreen"
    keyed.choose("Next")
    assert keyed.window.screen_widget.title == "How Does Botox Work On Acne?"
    keyed.press(K.Key_Backspace)  # Next then Back: the section just read, not Home
    assert keyed.window.screen_widget.title == "What is Botox?"
    keyed.press(K.Key_Backspace)
    assert isinstance(keyed.window.screen_widget, HomeScreen)
    assert keyed.focused == "Español"


def test_the_focus_stays_on_a_tool_that_rebuilds_the_screen(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    keyed.choose("High contrast")
    assert keyed.kiosk.session.high_contrast
    assert keyed.focused == "High contrast"  # on the new strip's button, not thrown back to the screen's first
    keyed.press(K.Key_Return)
    assert not keyed.kiosk.session.high_contrast
    keyed.choose("A+")
    assert keyed.kiosk.session.text_step == 1 and keyed.focused == "A+"  # A− can now be used: A+ keeps the focus
    keyed.press(K.Key_Return)  # the largest text: A+ cannot be used any more, the focus goes on along the strip
    assert keyed.kiosk.session.text_step == 2 == len(TEXT_STEPS) - 1 and keyed.focused == "High contrast"


def test_escape_never_leaves_the_kiosk(qtbot: QtBot) -> None:
    window = build_kiosk(BUNDLED, fullscreen=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    keyed = attach(kiosk_of(window))
    try:
        in_keypad_mode(keyed)
        keyed.choose("What is Botox?")
        for modifier in (M.NoModifier, PAD):
            keyed.press(K.Key_Escape, modifier)
        assert window.isVisible() and isinstance(window.screen_widget, SectionScreen)
        assert keyed.focused == "Back"
    finally:
        QGuiApplication.restoreOverrideCursor()
        window.close_for_real()


def test_a_touch_after_keys_keeps_keypad_mode_and_acts_as_a_tap(keyed: Keyed) -> None:
    in_keypad_mode(keyed)
    touch_tap(button(keyed.window, "What is Botox?"))
    assert isinstance(keyed.window.screen_widget, SectionScreen) and keyed.keys.keypad_mode
    keyed.keys.reset()  # the session ended
    assert not keyed.keys.keypad_mode and keyed.window.property("keyboard") is False
    keyed.heard.clear()
    keyed.press(K.Key_Down)
    assert keyed.heard == ["key_pressed", "keypad_used"]  # the next patient's first key is a first key again


@pytest.fixture
def clocked(qtbot: QtBot) -> Iterator[tuple[Keyed, FakeClock]]:
    """A kiosk on a fake clock, its keys built by the app before the window is shown: the window's input
    filters (key guard, idle watcher, keys) run in the order the app makes them."""
    clock = FakeClock()
    window = build_kiosk(BUNDLED, clock=clock)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield attach(kiosk_of(window)), clock
    finally:
        window.close_for_real()


def test_keys_keep_the_session_alive_and_only_answer_are_you_still_there(clocked: tuple[Keyed, FakeClock]) -> None:
    keyed, clock = clocked
    in_keypad_mode(keyed)
    keyed.go_to("What is Botox?")
    timeout = keyed.kiosk.input.idle.timeout_s
    clock.advance(timeout - 5)
    keyed.press(K.Key_Down)  # the idle watcher saw the key, whatever order the window's filters run in
    clock.advance(10)
    keyed.kiosk.input.poll()
    assert keyed.kiosk.idle.overlay is None
    assert keyed.focused == "How Does Botox Work On Acne?"
    clock.advance(timeout)
    keyed.kiosk.input.poll()
    QApplication.processEvents()
    assert keyed.kiosk.idle.overlay is not None
    keyed.press(K.Key_Return)  # answers "Are you still there?" and nothing else
    assert keyed.kiosk.idle.overlay is None
    assert isinstance(keyed.window.screen_widget, HomeScreen)
    assert keyed.focused == "How Does Botox Work On Acne?"


def test_the_focus_scrolls_into_view(open_kiosk: Callable[..., KioskApp]) -> None:
    keyed = in_keypad_mode(attach(open_kiosk(size=(1280, 800))))
    keyed.kiosk.navigation.text_larger()
    keyed.kiosk.navigation.text_larger()  # the largest text: the last row of tiles is below the fold
    keyed.go_to("In short")
    tile = keyed.keys.focused
    assert tile is not None and keyed.window.screen_widget.scroll.verticalScrollBar().maximum() > 0
    assert tile.visibleRegion().boundingRect().height() == tile.height(), "scrolled fully into view"


def test_the_idle_question_is_said_in_keypad_mode_and_the_sessions_end_turns_keypad_mode_off(
        clocked: tuple[Keyed, FakeClock], monkeypatch: pytest.MonkeyPatch) -> None:
    keyed, clock = clocked
    kiosk = keyed.kiosk
    said: list[tuple[list[str], str]] = []
    monkeypatch.setattr(kiosk.speech, "say_phrase", lambda parts, language: said.append((list(parts), language)))
    in_keypad_mode(keyed)
    keyed.choose("What is Botox?")
    said.clear()
    clock.advance(kiosk.input.idle.timeout_s + 1)
    kiosk.input.poll()
    QApplication.processEvents()
    assert kiosk.idle.overlay is not None
    assert said == [(kiosk.idle.overlay.speech(), "en")]  # "Are you still there? …", for who cannot see it
    clock.advance(kiosk.input.idle.warning_s + 1)
    kiosk.input.poll()
    QApplication.processEvents()
    assert isinstance(keyed.window.screen_widget, HomeScreen)  # the session ended
    assert not keyed.keys.keypad_mode and keyed.window.property("keyboard") is False
    said.clear()
    clock.advance(kiosk.input.idle.timeout_s + 1)
    kiosk.input.poll()
    QApplication.processEvents()
    assert not said  # a touch kiosk again: nobody is read the question unasked


def test_a_touch_kiosk_says_nothing_until_a_key(open_kiosk: Callable[..., KioskApp],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    kiosk = open_kiosk()
    said: list[object] = []
    monkeypatch.setattr(kiosk.speech, "say_phrase", lambda parts, language: said.append(parts))
    touch_tap(button(kiosk.window, "What is Botox?"))
    touch_tap(button(kiosk.window, "Next"))
    assert said == [] and not kiosk.keys.keypad_mode


def test_a_tool_that_rebuilds_the_screen_says_its_new_state(keyed: Keyed, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(keyed.kiosk.speech, "say_phrase", lambda parts, language: said.extend(parts))
    in_keypad_mode(keyed)
    keyed.go_to("High contrast")
    said.clear()
    keyed.press(K.Key_Return)
    assert len(said) == 1 and said[0].startswith("High contrast, on, ")  # a patient who cannot see it hears it
    keyed.go_to("A+")
    keyed.press(K.Key_Return)
    keyed.press(K.Key_Return)  # the largest text: A+ cannot be used, the focus goes on, and says where
    assert said[-1].startswith("High contrast, on, ")
