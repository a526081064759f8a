"""Every touch, click and key, seen once where it reaches the window: it keeps the session alive and
feeds the hidden staff corner.

A finger's touch reaches the window as a touch event; where no widget takes the touch, Qt then makes a
mouse press of it, which reaches the window too. The corner counts the touch, not Qt's copy of it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.core.corner import CornerGesture
from kiosk.core.idle import IdlePolicy, IdleState
from kiosk.ui.units import Units
from kiosk.ui.window import WindowInput

ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.Wheel,
            QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchUpdate}


class InputWatcher(WindowInput):
    """Turns raw input into intents: ``activity`` (any), idle ``warning``/``countdown``/``expired``,
    and ``staff_corner`` (five sequential taps in the top-left corner)."""

    warning = Signal(int)  # seconds left
    countdown = Signal(int)
    extended = Signal()
    expired = Signal()
    staff_corner = Signal()
    session_started = Signal()  # the first touch after start-up or after a reset

    def __init__(self, window: QWidget, units: Units, *, timeout_s: float, warning_s: float,
                 clock: Clock = time.monotonic) -> None:
        super().__init__(window)
        self.units = units
        self.clock = clock
        self.idle = IdlePolicy(timeout_s, warning_s, clock)
        self.corner = CornerGesture(clock=clock)
        self._warned = False
        self._swallow_until_release = False
        self._fresh = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll)
        self.schedule()

    @property
    def swallowing(self) -> bool:
        """The finger that ended an idle warning or a session is still down: its release does nothing."""
        return self._swallow_until_release

    @property
    def in_session(self) -> bool:
        """Someone has touched the screen since start-up or the last reset."""
        return not self._fresh

    def configure(self, units: Units, *, timeout_s: float, warning_s: float) -> None:
        self.units = units
        if (timeout_s, max(warning_s, 20)) != (self.idle.timeout_s, self.idle.warning_s):
            self.idle = IdlePolicy(timeout_s, warning_s, self.clock)
            self.schedule()

    # -- idle -------------------------------------------------------------------------------
    def schedule(self) -> None:
        """Sleep until the next thing can happen: the warning, the next countdown second, or expiry."""
        delay = self.idle.next_deadline() - self.clock()
        if self._warned:
            delay = min(delay, 1.0)
        self.timer.start(max(0, int(delay * 1000) + 1))

    def poll(self) -> None:
        state = self.idle.poll()
        if state is IdleState.WARNING:
            seconds = self.idle.seconds_left()
            if not self._warned:
                self._warned = True
                self.warning.emit(seconds)
            else:
                self.countdown.emit(seconds)
        elif state is IdleState.EXPIRED:
            self._warned = False
            self._fresh = True
            self.corner.reset()
            self.expired.emit()
        self.schedule()

    def reset(self) -> None:
        self.idle.reset()
        self.corner.reset()
        self._warned = False
        self._fresh = True
        self.schedule()

    # -- events -------------------------------------------------------------------------------
    def input_event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind not in ACTIVITY:
            return False
        if self._swallow_until_release:
            # The tap that answered "Are you still there?" must not also press whatever lies beneath.
            if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
                self._swallow_until_release = False
            return True
        state = self.idle.touch()
        if state is IdleState.EXPIRED:
            # The deadline passed but the timer ran late: end the last session before this tap does anything.
            self._warned = False
            self.corner.reset()
            self.expired.emit()
            self.schedule()
            self._swallow_until_release = kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
            return True
        if self._warned:
            self._warned = False
            self.schedule()
            self.extended.emit()
            self._swallow_until_release = kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
            return True
        self.schedule()
        if self._fresh and kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._fresh = False
            self.session_started.emit()
        press = _press_point(event)
        if press is not None:
            local = self.window.mapFromGlobal(press)
            if self.corner.press(self.units.to_mm_w(local.x()), self.units.to_mm_h(local.y())):
                self.staff_corner.emit()
        elif kind == QEvent.Type.TouchEnd or (kind == QEvent.Type.MouseButtonRelease and not _copied(event)):
            # A finger lifted. Mouse releases can be eaten (a scroller takes over a swipe), and a press
            # never matched by a release would make every later tap look "simultaneous" to the gesture.
            self.corner.release()
        return False


def _copied(event: QEvent) -> bool:
    """A mouse event Qt made from a touch the window has already seen."""
    return isinstance(event, QMouseEvent) and event.source() == Qt.MouseEventSource.MouseEventSynthesizedByQt


def _press_point(event: QEvent) -> QPoint | None:
    """Where a finger or the mouse went down, in screen coordinates; None for any other event."""
    if isinstance(event, QTouchEvent) and event.type() == QEvent.Type.TouchBegin and event.points():
        return event.points()[0].globalPosition().toPoint()
    if isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseButtonPress and not _copied(event):
        return event.globalPosition().toPoint()
    return None
