"""Every touch, click and key, seen once at the application level: it keeps the session alive and
feeds the hidden staff corner.

Qt delivers an input event to the window, then to the widget, then to its parents while
they ignore it; an application event filter sees each delivery, so events are counted once
by their type and timestamp.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QSinglePointEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.clock import Clock
from kiosk.core.corner import CornerGesture
from kiosk.core.idle import IdlePolicy, IdleState
from kiosk.ui.units import Units

ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.Wheel,
            QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchUpdate}


class InputWatcher(QObject):
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
        self.window = window
        self.units = units
        self.clock = clock
        self.idle = IdlePolicy(timeout_s, warning_s, clock)
        self.corner = CornerGesture(clock=clock)
        self._last: tuple[object, ...] | None = None
        self._warned = False
        self._swallow_until_release = False
        self._fresh = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.schedule()

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
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in ACTIVITY or not self._mine(watched):
            return False
        key = (kind, getattr(event, "timestamp", lambda: 0)(), _position(event))
        if key == self._last:
            return self._swallow_until_release  # the same event travelling on to a parent
        self._last = key
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
        if kind == QEvent.Type.TouchEnd:
            # A finger lifted. Mouse releases can be eaten (a scroller takes over a swipe), and a press
            # never matched by a release would make every later tap look "simultaneous" to the gesture.
            self.corner.release()
        if isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonPress:
                local = self.window.mapFromGlobal(event.globalPosition().toPoint())
                if self.corner.press(self.units.to_mm_w(local.x()), self.units.to_mm_h(local.y())):
                    self.staff_corner.emit()
            elif kind == QEvent.Type.MouseButtonRelease:
                self.corner.release()
        return False


    def _mine(self, watched: QObject) -> bool:
        """Only input meant for this kiosk's window (tests and previews may hold several)."""
        if isinstance(watched, QWindow):
            return watched is self.window.windowHandle()
        return isinstance(watched, QWidget) and (watched is self.window or self.window.isAncestorOf(watched))


def _position(event: QEvent) -> tuple[float, float]:
    if isinstance(event, QSinglePointEvent):
        point: QPointF = event.globalPosition()
        return (point.x(), point.y())
    return (0.0, 0.0)
