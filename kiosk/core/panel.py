"""How big a panel the screens are laid out for, and how much a smaller one shrinks them. Pure Python.

Every length is written in millimetres (15 mm targets, 20 mm navigation, text whose capital H subtends
0.7 degrees at the viewing distance), so a screen needs a certain amount of glass. Measured with the
layout checks at the largest text size in English and Spanish: every screen fits on 336 x 210 mm (a
15.6-inch 16:10 panel) and on 210 x 373 mm upright; on 300 x 188 or 280 x 210 mm buttons overlap and
titles are cut. A smaller panel is drawn as if it were that big, everything shrunk in proportion: smaller
targets than the standard asks for, but nothing a patient cannot see or reach (checked the same way on
222 x 125 mm at 1024x600 and 280 x 210 mm at 1024x768). ``--check`` and the staff panel say so.
"""

from __future__ import annotations

TOUCH_MM = 15.0  # every touch target, both directions
PRIMARY_MM = 20.0  # primary navigation height
GAP_MM = 3.0  # between targets
TILE_MM = 30.0  # home tiles: big enough to read the title across the room

#: The smallest panel, long side by short side, on which every screen fits at full size.
SMALLEST_PANEL_MM = (336.0, 210.0)
#: The viewing distance that size was measured at; text grows with the distance, and the panel with it.
MEASURED_AT_MM = 500.0
#: What a shrunk panel keeps in hand: every length is rounded up to whole pixels, and at the few pixels
#: per millimetre of a small panel that adds up (a 10-inch 1024x600 panel cut a wrapped title by 16 px).
SHRUNK_MARGIN = 0.95


def smallest_panel(viewing_distance_mm: float = MEASURED_AT_MM) -> tuple[float, float]:
    """The smallest panel (long side, short side) at *viewing_distance_mm*: text is sized for the distance,
    targets are not, so a nearer reader needs no less glass than at 500 mm."""
    grow = max(1.0, viewing_distance_mm / MEASURED_AT_MM)
    return SMALLEST_PANEL_MM[0] * grow, SMALLEST_PANEL_MM[1] * grow


def panel_fit(width_mm: float, height_mm: float, viewing_distance_mm: float = MEASURED_AT_MM) -> float:
    """The share of full size everything is drawn at on this panel: 1.0 when it is big enough, else the
    largest scale at which the smallest panel's layout fits on it (either way up)."""
    if width_mm <= 0 or height_mm <= 0:
        return 1.0
    long_needed, short_needed = smallest_panel(viewing_distance_mm)
    long_side, short_side = max(width_mm, height_mm), min(width_mm, height_mm)
    fit = min(long_side / long_needed, short_side / short_needed)
    return 1.0 if fit >= 1.0 else fit * SHRUNK_MARGIN
