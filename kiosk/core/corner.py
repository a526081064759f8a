"""The hidden way into the staff panel: five quick taps in the top-left corner.

A visible "Staff" button would invite patients to press it; a hidden gesture that nobody makes
by accident keeps the panel out of the way while staying reachable without a keyboard. The
PIN behind it (see :mod:`kiosk.core.pin`) is the actual protection; the gesture only hides it.

Sequential taps — no simultaneous actions: a press that arrives while another finger is still
down is ignored, so a palm or two fingers resting in the corner never count twice. Coordinates
are millimetres from the top-left of the screen, so the corner is the same physical size on
any display; the Qt shell converts pixels using the screen's physical DPI.
"""

from __future__ import annotations

import math
import time
from collections import deque

from kiosk.core.clock import Clock


class CornerGesture:
    """Recognises ``taps`` sequential presses inside the top-left ``corner_mm`` square within ``within_s``.

    The window slides: the gesture fires when the last ``taps`` counted presses all fall within
    ``within_s`` seconds of each other, even if earlier, slower presses came first. A press
    outside the corner starts the count again, as does a successful trigger.
    """

    def __init__(self, corner_mm: float = 20, taps: int = 5, within_s: float = 3.0,
                 clock: Clock = time.monotonic) -> None:
        if not (math.isfinite(corner_mm) and corner_mm > 0):
            raise ValueError("corner_mm must be a positive number of millimetres")
        if taps < 1:
            raise ValueError("taps must be at least 1")
        if not (math.isfinite(within_s) and within_s > 0):
            raise ValueError("within_s must be a positive number of seconds")
        self._corner_mm = float(corner_mm)
        self._within_s = float(within_s)
        self._clock = clock
        self._presses: deque[float] = deque(maxlen=taps)
        self._down = 0

    def in_corner(self, x_mm: float, y_mm: float) -> bool:
        """True inside the corner square, edges included (NaN, or off the screen, is outside)."""
        return 0 <= x_mm <= self._corner_mm and 0 <= y_mm <= self._corner_mm

    def press(self, x_mm: float, y_mm: float) -> bool:
        """Call for every new touch point or mouse press; True exactly when this press completes the gesture.

        Every press must be matched by a :meth:`release` (including cancelled touches), or later
        presses are taken to be simultaneous with the stuck one and ignored until :meth:`reset`.
        """
        self._down += 1
        if self._down > 1:
            return False  # another finger is still down: not a sequential tap
        if not self.in_corner(x_mm, y_mm):
            self._presses.clear()
            return False
        self._presses.append(self._clock())
        if len(self._presses) == self._presses.maxlen and self._presses[-1] - self._presses[0] <= self._within_s:
            self._presses.clear()
            return True
        return False

    def release(self) -> None:
        """Call when a finger lifts (or its touch is cancelled), so the next press can count."""
        self._down = max(0, self._down - 1)

    def reset(self) -> None:
        """Forget counted presses and fingers believed down (e.g. when the session resets)."""
        self._presses.clear()
        self._down = 0
