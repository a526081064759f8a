"""The kiosk by keys alone: a keyboard or a USB numeric keypad moves the focus, activates, goes back.

EN 301 549 5.1.6.1 asks that a closed kiosk be usable without vision, and accessible kiosks do it with
a small keypad (Up, Down, Enter, Back, Help: the EZ Access layout). Any USB numeric keypad works, Num
Lock on or off: 8/2 up and down, 4/6 along a row, 5 or Enter to activate, the ``.``/Del key back,
``*`` or ``/`` for help. On a full keyboard, arrows, Tab/Shift+Tab, Enter, Space, Backspace, F1 and ``?``.

Keys and touch are two ways into the same intents: activating the focused button clicks it, so the
screen emits the very signal a tap makes and the app never learns which it was. The first key of a
session puts the kiosk in keypad mode (shown focus ring, spoken focus) until :meth:`KeyNavigator.reset`;
that first key only shows where the focus is, so a blind patient's first press never chooses anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.strings import UiText
from kiosk.ui.describe import describe_help, describe_item, describe_screen
from kiosk.ui.focus import BAND_MM, FocusRing, bring_into_view, can_focus, in_groups, reading_order, ring_colours
from kiosk.ui.keymap import LOCKS_AND_SHIFTS, Intent, intent_of
from kiosk.ui.window import WindowInput

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class KeyNavigator(WindowInput):
    """Turns keys into focus moves and intents on the kiosk window, and keeps the focus on the screen.

    Every key is seen at the window first (as the idle watcher and the key guard see it); the key is
    then acted on where Qt delivers it, at the focused control, so that a key those two swallow (the
    one that answers "Are you still there?", Escape) does nothing more. The focus chain is the strip
    of tools at the top, then the screen's controls, in reading order; a new screen starts on its own
    first control.
    """

    keypad_used = Signal()  # the first key of a session: keypad mode is on
    key_pressed = Signal()  # any key, before it acts (speech stops: EN 301 549 5.1.3.4)
    focus_moved = Signal(QWidget)  # a key moved the focus (or met the end of a row: the same control)
    screen_shown = Signal(QWidget)  # in keypad mode, a new screen is up with its first control focused
    back_requested = Signal()  # Back on a screen with no Back button of its own
    help_requested = Signal()

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self._consumer = _AtTheFocus(self)
        self.keypad_mode = False
        self._ring: FocusRing | None = None
        self._focused: QWidget | None = None  # the control the keypad last put the focus on
        self._in_bar: int | None = None  # which of the strip's buttons it was (in the order they were made)
        window.installEventFilter(self._consumer)  # keys with the focus nowhere else reach the window
        window.stack.currentChanged.connect(self._screen_changed)
        window.bar_stack.currentChanged.connect(self._bar_changed)

    @property
    def kiosk_window(self) -> KioskWindow:
        """The window (its parent, asked of Qt: keeping it would make a reference cycle, see WindowPart)."""
        return self.window  # type: ignore[return-value]

    # -- the chain ----------------------------------------------------------------------------
    def groups(self) -> list[list[QWidget]]:
        """The focus chain as a patient hears it: the strip of tools, then the screen's own groups."""
        found: list[list[QWidget]] = []
        bar = self.kiosk_window.bar
        if bar is not None:
            found.append(reading_order(bar))
        screen = self.kiosk_window.screen_widget
        if screen is not None:
            own = getattr(screen, "focus_groups", None)
            found.extend(own() if callable(own) else [reading_order(screen)])
        return in_groups(found)

    def chain(self) -> list[QWidget]:
        return [w for group in self.groups() for w in group]

    def screen_chain(self) -> list[QWidget]:
        """The screen's own controls, without the strip of tools."""
        bar = self.kiosk_window.bar
        return [w for w in self.chain() if bar is None or not bar.isAncestorOf(w)]

    def place_of(self, widget: QWidget) -> tuple[int, int] | None:
        """(1-based place, count) of *widget* in its group: "Yes, 1 of 3"."""
        for group in self.groups():
            if widget in group:
                return group.index(widget) + 1, len(group)
        return None

    # -- what keypad mode says (kiosk.ui.describe) ----------------------------------------------
    def describe_screen(self, ui: UiText) -> list[str]:
        """The screen on show, said when it appears: its heading (a screen's ``spoken_heading()``, else all
        it shows, as Read aloud says it), then how many choices it offers (its ``choices()``, else its
        first group)."""
        screen = self.kiosk_window.screen_widget
        if screen is None:
            return []
        heading = getattr(screen, "spoken_heading", None) or getattr(screen, "speech", list)
        choices = getattr(screen, "choices", None)
        if callable(choices):
            count = len([w for w in choices() if can_focus(w)])
        else:
            bar = self.kiosk_window.bar
            own = [g for g in self.groups() if not (bar is not None and bar.isAncestorOf(g[0]))]
            count = len(own[0]) if own else 0
        return describe_screen(heading(), count, ui)

    def describe_focus(self, widget: QWidget, ui: UiText) -> str:
        """The focused control and its place in its group: "Yes, 1 of 3". A control's ``spoken_name``
        property, when it has one, is said instead of its words (A+ is "Larger text")."""
        place, count = self.place_of(widget) or (1, 1)
        name = str(widget.property("spoken_name") or widget.accessibleName()
                   or (widget.text() if isinstance(widget, QAbstractButton) else ""))
        checked = widget.isChecked() if isinstance(widget, QAbstractButton) and widget.isCheckable() else None
        return describe_item(name, place, count, ui, checked=checked)

    @property
    def focused(self) -> QWidget | None:
        widget = self._focused
        return widget if widget is not None and shiboken6.isValid(widget) else None

    # -- keypad mode --------------------------------------------------------------------------
    def set_keypad_mode(self, on: bool) -> None:
        """Show the ring (on) or take it away (off); the window's ``keyboard`` property follows, for
        anything that wants to style itself for keypad users."""
        self.keypad_mode = on
        self.kiosk_window.setProperty("keyboard", on)
        self._show_ring()

    def reset(self) -> None:
        """The session ended: touch mode again until the next key."""
        self.set_keypad_mode(False)
        self._focused = None
        self._in_bar = None

    def focus_on(self, widget: QWidget) -> None:
        """Put the focus on *widget* (a control of the chain), as keys would: for renders of a focused tile."""
        self._focus(widget)

    def focus_first(self) -> QWidget | None:
        """Put the focus on the screen's first control (the strip's first, if the screen has none)."""
        chain = self.screen_chain() or self.chain()
        self._focus(chain[0] if chain else None)
        return self.focused

    # -- keys -----------------------------------------------------------------------------------
    def input_event(self, event: QEvent) -> bool:
        """At the window, before the guard and the idle watcher may swallow it: make sure the key is
        delivered to a control of the chain, where :class:`_AtTheFocus` acts on it."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        target = self.kiosk_window.focusWidget()
        chain = self.chain()
        if target not in chain:
            current = self.focused
            self._focus(current if current in chain else (self.screen_chain() or chain or [None])[0])
            target = self.kiosk_window.focusWidget()
        (target or self.kiosk_window).installEventFilter(self._consumer)
        return False

    def handle(self, event: QKeyEvent) -> bool:
        """A key delivered at the focus: True when it was the kiosk's to act on."""
        if event.key() in LOCKS_AND_SHIFTS:
            return False
        self.key_pressed.emit()
        intent = intent_of(event.key(), event.modifiers())
        if not self.keypad_mode:
            self.set_keypad_mode(True)
            if self.focused is None or self.focused not in self.chain():
                self.focus_first()
            self.keypad_used.emit()
            if intent is Intent.HELP:
                self.help_requested.emit()
            return intent is not None  # the first key only shows where the focus is
        if intent is None:
            return False
        if intent is Intent.HELP:
            self.help_requested.emit()
        elif intent is Intent.BACK:
            self._back()
        elif intent is Intent.ACTIVATE:
            self._activate()
        else:
            self._move(intent)
        return True

    def _move(self, intent: Intent) -> None:
        chain = self.chain()
        if not chain:
            return
        current = self.focused
        if current not in chain:
            target = chain[0] if intent in (Intent.NEXT, Intent.RIGHT) else chain[-1]
        elif intent in (Intent.NEXT, Intent.PREVIOUS):
            step = 1 if intent is Intent.NEXT else -1
            target = chain[(chain.index(current) + step) % len(chain)]
        else:
            target = _along_row(current, chain, forward=intent is Intent.RIGHT)
        self._focus(target)
        self.focus_moved.emit(target)

    def _activate(self) -> None:
        current = self.focused
        if isinstance(current, QAbstractButton) and can_focus(current):
            current.click()  # the same clicked() a tap emits

    def _back(self) -> None:
        screen = self.kiosk_window.screen_widget
        button = getattr(screen, "back_control", lambda: None)()
        if isinstance(button, QAbstractButton) and button.isVisible() and button.isEnabled():
            button.click()  # the screen's own Back (a question's is the previous question)
        else:
            self.back_requested.emit()

    # -- focus ----------------------------------------------------------------------------------
    def _focus(self, widget: QWidget | None) -> None:
        self._focused = widget
        bar = self.kiosk_window.bar
        self._in_bar = None
        if widget is not None:
            if bar is not None and bar.isAncestorOf(widget):
                made = bar.findChildren(QAbstractButton)  # A+ stays A+ when A- becomes usable beside it
                self._in_bar = made.index(widget) if widget in made else None
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            bring_into_view(widget)
        self._show_ring()

    def _show_ring(self) -> None:
        widget = self.focused
        ring = self._ring if self._ring is not None and shiboken6.isValid(self._ring) else None
        if not self.keypad_mode or widget is None:
            if ring is not None:
                ring.detach()
            return
        if ring is None:
            ring = self._ring = FocusRing()
        screen = self.kiosk_window.screen_widget
        look = getattr(screen, "look", None)
        if look is None:
            ring.detach()
            return
        units = look.units
        role = str(widget.property("role") or "")
        ring.attach(widget, ring_colours(look.palette, role), max(units.w(BAND_MM), units.h(BAND_MM)),
                    units.w(2.5))

    def _screen_changed(self, _index: int) -> None:
        if self._in_bar is not None and self.focused is not None:
            self._show_ring()  # A+, contrast: the screen is rebuilt, the focus stays on the tool pressed
            return
        self._leave_ring()
        first = self.focus_first()
        if self.keypad_mode and first is not None:
            self.screen_shown.emit(self.kiosk_window.screen_widget)

    def _bar_changed(self, _index: int) -> None:
        index = self._in_bar
        if index is None:
            return
        self._leave_ring()
        bar = self.kiosk_window.bar
        if bar is None:
            return
        made = bar.findChildren(QAbstractButton)
        same = made[index] if index < len(made) else None
        if same is not None and can_focus(same):
            target: QWidget | None = same
        else:
            tools = reading_order(bar)  # it cannot be used now (A+ at the largest text): the nearest that can
            later = [w for w in tools if made.index(w) > index]
            target = (later[0] if later else tools[-1]) if tools else None
        if target is not None:
            self._focus(target)
            if self.keypad_mode:
                self.focus_moved.emit(target)  # said again: "High contrast, on", or where the focus went

    def _leave_ring(self) -> None:
        """Take the ring off a control about to be deleted with its screen or strip."""
        if self._ring is not None and shiboken6.isValid(self._ring):
            self._ring.detach()


def speak_through(keys: KeyNavigator, say: Callable[[list[str]], object], stop: Callable[[], object],
                  ui: Callable[[], UiText]) -> None:
    """Keypad mode's speech, connected: any key stops what is being said (EN 301 549 5.1.3.4); the first
    key and each new screen say the screen and where the focus is; each move says the focused control;
    Help says the keys. *say* speaks parts in order, stopping anything before (``Speaker.speak`` with the
    language); *ui* gives the words of the language on show. Nothing said is logged."""

    def arrival(*_: object) -> None:
        words = ui()
        parts = keys.describe_screen(words)
        focused = keys.focused
        if focused is not None:
            parts.append(keys.describe_focus(focused, words))
        say(parts)

    keys.key_pressed.connect(stop)
    keys.keypad_used.connect(arrival)
    keys.screen_shown.connect(arrival)
    keys.focus_moved.connect(lambda widget: say([keys.describe_focus(widget, ui())]))
    keys.help_requested.connect(lambda: say([describe_help(ui())]))


class _AtTheFocus(QObject):
    """Installed on the focused control: acts on a key there, before the control's own handling
    (a button's Space, Qt's Tab and arrow moves) gets it."""

    def __init__(self, keys: KeyNavigator) -> None:
        super().__init__()
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.keys.handle(event)
        return False


def _along_row(current: QWidget, chain: Sequence[QWidget], *, forward: bool) -> QWidget:
    """The next control to the right (*forward*) or left of *current* in its row, or *current* at the row's
    end: right is right on the screen, in either direction of writing. A row is what shares *current*'s
    height on the screen: the tiles side by side, the bar's buttons."""
    window = current.window()
    here = current.mapTo(window, current.rect().center())
    best: tuple[int, QWidget] | None = None
    for widget in chain:
        if widget is current:
            continue
        top = widget.mapTo(window, widget.rect().topLeft()).y()
        if not top <= here.y() <= top + widget.height():
            continue
        x = widget.mapTo(window, widget.rect().center()).x()
        gap = x - here.x() if forward else here.x() - x
        if gap > 0 and (best is None or gap < best[0]):
            best = (gap, widget)
    return best[1] if best is not None else current
