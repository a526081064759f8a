"""The monkey's finger: touches and clicks through Qt's real input path, and the check that a tap was not lost.

A tap on a visible, enabled button that nothing covers must click it. When the kiosk swallows a tap
by design (it answers "Are you still there?", ends an expired session, or stops a list that is still
gliding), the tap is not judged.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPushButton, QScrollArea, QScroller, QWidget

from kiosk.core.idle import IdleState
from kiosk.ui.screens.staff import StaffPanelScreen
from tools.drive import touch_device
from tools.handle import KioskHandle
from tools.monkey.report import Recorder


class Finger:
    """Taps, clicks and swipes on the kiosk behind *handle*.

    *rng* is the current event's generator: the runner gives each event its own (see ``Monkey.step``).
    """

    def __init__(self, handle: KioskHandle, clock: Callable[[], float], recorder: Recorder) -> None:
        self.handle = handle
        self.clock = clock
        self.recorder = recorder
        self.rng = random.Random(0)
        self._last_tap: tuple[float, QPoint] | None = None
        self._previous = ""

    @property
    def window(self) -> QWidget:
        return self.handle.window

    # -- where a finger may land ------------------------------------------------------------------------
    def forbidden(self) -> list[QRect]:
        """Where a tap must not land: Exit kiosk on the staff panel would end the run, not test anything."""
        screen = self.handle.screen()
        if isinstance(screen, StaffPanelScreen):
            b = screen.exit_button
            return [QRect(b.mapTo(self.window, QPoint(0, 0)), b.size())]
        return []

    def allowed(self, point: QPoint) -> bool:
        return not any(r.contains(point) for r in self.forbidden())

    def random_point(self) -> QPoint:
        w, h = self.window.width(), self.window.height()
        r = self.rng.random()
        if r < 0.15:  # a corner
            x = self.rng.choice([0, w - 1]) + self.rng.randint(0, 40) * (1 if self.rng.random() < 0.5 else -1)
            y = self.rng.choice([0, h - 1]) + self.rng.randint(0, 40) * (1 if self.rng.random() < 0.5 else -1)
            return QPoint(min(max(x, 0), w - 1), min(max(y, 0), h - 1))
        if r < 0.25:  # along an edge
            near = self.rng.randint(0, 5)
            if self.rng.random() < 0.5:
                return QPoint(self.rng.randrange(w), self.rng.choice([near, h - 1 - near]))
            return QPoint(self.rng.choice([near, w - 1 - near]), self.rng.randrange(h))
        return QPoint(self.rng.randrange(w), self.rng.randrange(h))

    def buttons(self) -> list[QPushButton]:
        """Buttons a finger can reach now: shown, and not scrolled entirely out of sight."""
        forbidden = self.forbidden()
        found = []
        for b in self.window.findChildren(QPushButton):
            where = QRect(b.mapTo(self.window, QPoint(0, 0)), b.size())
            if b.isVisible() and not b.visibleRegion().isEmpty() and not any(r.intersects(where) for r in forbidden):
                found.append(b)
        return found

    # -- touching ---------------------------------------------------------------------------------------
    def touch(self, point: QPoint, hold_ms: int = 0) -> None:
        self._last_tap = (time.monotonic(), point)
        win = self.window.windowHandle()
        QTest.touchEvent(win, touch_device()).press(0, point, win).commit()
        if hold_ms:
            QTest.qWait(hold_ms)
        QTest.touchEvent(win, touch_device()).release(0, point, win).commit()

    def click(self, point: QPoint) -> None:
        """A mouse click (staff previewing with a mouse)."""
        self._last_tap = (time.monotonic(), point)
        QTest.mouseClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    def double_click(self, point: QPoint) -> None:
        QTest.mouseDClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    def swipe(self, start: QPoint, end: QPoint, steps: int) -> None:
        """Press, *steps* moves with real time between them (QScroller measures speed), release."""
        win = self.window.windowHandle()
        QTest.touchEvent(win, touch_device()).press(0, start, win).commit()
        for i in range(1, steps + 1):
            QTest.qWait(self.rng.randint(5, 15))
            at = QPoint(start.x() + (end.x() - start.x()) * i // steps, start.y() + (end.y() - start.y()) * i // steps)
            QTest.touchEvent(win, touch_device()).move(0, at, win).commit()
        QTest.touchEvent(win, touch_device()).release(0, end, win).commit()

    def tap_widget(self, widget: QWidget, *, mouse: bool = False) -> str:
        """Tap (or click) a random point well inside *widget*. A visible, enabled button that nothing covers
        must then have been clicked: if not, the tap was lost (a "lost tap" failure)."""
        QApplication.processEvents()  # a finger taps what is on the screen: let pending layouts settle first
        if not shiboken6.isValid(widget):  # the screen was rebuilt meanwhile (a display change, a reload)
            return "skipped (gone before the finger landed)"
        name = describe(widget)
        rect = widget.visibleRegion().boundingRect()
        if rect.isEmpty():  # scrolled out of sight: a patient scrolls to it first
            area = _ancestor(widget, QScrollArea)
            if area is not None:
                area.ensureWidgetVisible(widget)
                QApplication.processEvents()
                rect = widget.visibleRegion().boundingRect()
            if rect.isEmpty():
                return f"skipped {name} (out of sight)"
        inner = QPoint(rect.x() + self.rng.randint(rect.width() // 4, max(rect.width() // 4, 3 * rect.width() // 4)),
                       rect.y() + self.rng.randint(rect.height() // 4, max(rect.height() // 4, 3 * rect.height() // 4)))
        point = widget.mapTo(self.window, inner)
        if not self.allowed(point):
            return f"skipped {name}"
        watched = isinstance(widget, QPushButton) and self._should_click(widget, point)
        clicks: list[bool] = []

        def clicked(*_args: object) -> None:
            clicks.append(True)

        if watched:
            widget.clicked.connect(clicked)
        quick = self._quick_second_tap(point)
        if mouse:
            QTest.mouseClick(self.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             point)
        else:
            self.touch(point)
        if watched:
            with contextlib.suppress(RuntimeError, TypeError):  # the click may have deleted the button's screen
                widget.clicked.disconnect(clicked)
            report = self.recorder.report
            report.taps_checked += 1
            if not clicks:
                report.taps_lost += 1
                kind = "a quick second tap" if quick else "a tap"
                self.recorder.fail("lost tap", f"{kind} on a visible, enabled, uncovered button did not click it",
                                   f"{'click' if mouse else 'tap'} on {name} at {point.x()},{point.y()} on "
                                   f"{type(self.handle.screen()).__name__} ({_scroll_context(widget)}; "
                                   f"{self._previous})")
        lost = " — LOST" if watched and not clicks else ""
        return f"{'click' if mouse else 'tap'} {name} at {point.x()},{point.y()}{lost}"

    def _should_click(self, button: QPushButton, point: QPoint) -> bool:
        """True when a tap at *point* must click *button*: it is what lies there, and nothing may swallow it."""
        handle = self.handle
        if not (button.isVisible() and button.isEnabled()) or handle.overlay() is not None:
            return False
        if _button_of(widget_at(self.window, point)) is not button:
            return False
        if handle.swallowing_touch() or handle.idle_state(self.clock()) is not IdleState.ACTIVE:
            return False  # the tap answers "Are you still there?" or ends an expired session, by design
        parent = button.parentWidget()
        while parent is not None:  # a tap on a list that is still gliding stops it, by design
            if QScroller.hasScroller(parent) and QScroller.scroller(parent).state() != QScroller.State.Inactive:
                return False
            parent = parent.parentWidget()
        return True

    def _quick_second_tap(self, point: QPoint) -> bool:
        """True when the last tap was close enough, soon enough, to make this one a double tap."""
        now = time.monotonic()
        last, self._last_tap = self._last_tap, (now, point)
        if last is None:
            self._previous = "no tap before"
            return False
        distance = (point - last[1]).manhattanLength()
        self._previous = f"the previous touch or click {(now - last[0]) * 1000:.0f} ms before, {distance} px away"
        return (now - last[0]) * 1000 < QApplication.doubleClickInterval() and distance < 40


def widget_at(window: QWidget, point: QPoint) -> QWidget | None:
    """The widget a finger at *point* (in *window*) lands on, or None for the window itself.

    Not ``window.childAt``: PySide6 makes what it returns a Python child of *window*, and a widget Qt
    made itself (a scroll area's viewport) then stays referenced from *window* after Qt deleted it --
    the monkey's own taps made memory grow between patients, measured, as no patient's could.
    """
    widget = QApplication.widgetAt(window.mapToGlobal(point))
    return widget if widget is not None and widget is not window and widget.window() is window else None


def describe(widget: QWidget | None) -> str:
    """How an event line names what a finger landed on: a button by its words, else the widget's class."""
    if widget is None:
        return "nothing"
    button = _button_of(widget)
    if button is not None:
        return f"button {button.accessibleName()!r}"
    return type(widget).__name__ if not widget.objectName() else f"{type(widget).__name__}#{widget.objectName()}"


def _button_of(widget: QWidget | None) -> QPushButton | None:
    while widget is not None and not isinstance(widget, QPushButton):
        widget = widget.parentWidget()
    return widget


def _ancestor(widget: QWidget, kind: type[Any]) -> Any:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parentWidget()
    return parent


def _scroll_context(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            kinetic = QScroller.hasScroller(parent.viewport())
            return f"inside a {'kinetic ' if kinetic else ''}scroll area"
        parent = parent.parentWidget()
    return "not in a scroll area"
