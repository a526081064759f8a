"""Millimetres to pixels, in one place.

Qt does not know how big a kiosk's panel really is (offscreen and many panels report 96 or
100 dpi whatever their size), so staff give the size in ``display:`` and every length in
the interface is written in millimetres and turned into pixels here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.core.panel import TEXT_STEPS, panel_fit
from kiosk.model.content import Display

#: EN 301 549 5.1.4: a capital H must subtend at least 0.7 degrees at the viewing distance.
MIN_CAP_ANGLE_DEG = 0.7


@dataclass(frozen=True)
class Units:
    px_per_mm_x: float
    px_per_mm_y: float
    viewing_distance_mm: float = 500.0
    text_scale: float = 1.0
    #: The share of full size everything is drawn at: below 1.0 on a panel smaller than the screens are laid
    #: out for (kiosk.core.panel), where millimetres here are that share of a millimetre on the glass.
    fit: float = 1.0

    @classmethod
    def for_screen(cls, size_px: QSize, display: Display, reported_mm: QSizeF | None = None,
                   text_scale: float = TEXT_STEPS[0]) -> Units:
        """Pixels per millimetre from the staff's ``display:`` sizes, else from what the system reports,
        shrunk in proportion on a panel too small for the screens at full size with text of *text_scale*."""
        width_mm = display.width_mm or (reported_mm.width() if reported_mm and reported_mm.width() > 0 else None)
        height_mm = display.height_mm or (reported_mm.height() if reported_mm and reported_mm.height() > 0 else None)
        if width_mm and height_mm and (width_mm > height_mm) != (size_px.width() > size_px.height()):
            width_mm, height_mm = height_mm, width_mm  # the panel is mounted turned: same glass, other way up
        if width_mm is None and height_mm is None:
            width_mm = size_px.width() / (96 / 25.4)  # nothing known: assume a 96 dpi panel
        x = size_px.width() / width_mm if width_mm else size_px.height() / height_mm  # type: ignore[operator]
        y = size_px.height() / height_mm if height_mm else x
        fit = panel_fit(size_px.width() / x, size_px.height() / y, display.viewing_distance_mm, text_scale)
        return cls(x * fit, y * fit, display.viewing_distance_mm, text_scale, fit)

    def scaled(self, text_scale: float) -> Units:
        """The same millimetres (and the same shrinking) with text of *text_scale*."""
        return replace(self, text_scale=text_scale)

    def w(self, mm: float) -> int:
        """A horizontal length in whole pixels, rounded up so a minimum is never missed."""
        return math.ceil(mm * self.px_per_mm_x)

    def h(self, mm: float) -> int:
        return math.ceil(mm * self.px_per_mm_y)

    def to_mm_w(self, px: float) -> float:
        return px / self.px_per_mm_x

    def to_mm_h(self, px: float) -> float:
        return px / self.px_per_mm_y

    @property
    def min_cap_mm(self) -> float:
        """Smallest capital height readable at the viewing distance (6.1 mm at 500 mm)."""
        return 2 * self.viewing_distance_mm * math.tan(math.radians(MIN_CAP_ANGLE_DEG / 2))

    def font_px(self, font: QFont, factor: float = 1.0) -> int:
        """Pixel size of *font* whose capital H is ``factor`` times the minimum, times the text scale."""
        probe = QFont(font)
        probe.setPixelSize(100)
        cap_ratio = QFontMetricsF(probe).capHeight() / 100 or 0.72
        cap_px = self.min_cap_mm * factor * self.text_scale * self.px_per_mm_y
        size = max(1, math.floor(cap_px / cap_ratio))
        # Hinting makes small sizes' capitals a little shorter than the ratio says: measure, don't trust.
        for _ in range(8):
            probe.setPixelSize(size)
            if QFontMetricsF(probe).capHeight() >= cap_px:
                break
            size += 1
        return size
