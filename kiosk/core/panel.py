"""How big a panel the screens are laid out for, and how much a smaller one shrinks them. Pure Python.

Every length is written in millimetres (15 mm targets, 20 mm navigation, text whose capital H subtends
0.7 degrees at the viewing distance), so a screen needs a certain amount of glass. Measured with the
layout checks at the largest text size in English and Spanish: every screen fits on 336 x 210 mm (a
15.6-inch 16:10 panel) and on 210 x 373 mm upright; on 300 x 188 or 280 x 210 mm buttons overlap and
titles are cut. A smaller panel is drawn as if it were that big, everything shrunk in proportion: smaller
targets than the standard asks for, but nothing a patient cannot see or reach (checked the same way on
222 x 125 mm at 1024x600 and 280 x 210 mm at 1024x768). ``--check`` and the staff panel say so.

Text is what grows: with the patient's text size (A+) and with the viewing distance. So a panel is judged
at the text size on screen, and only the larger text sizes are shrunk on a panel big enough for the
smaller ones. Beyond what was measured, the panel needed grows in proportion to the text (at 1,000 mm,
measured, 527 x 296 mm fits the default text size but cuts titles at the largest, and at 750 mm it fits
both; the proportion asks for 672 x 420 mm and 504 x 315 mm there, which errs towards shrinking rather
than cutting).
"""

from __future__ import annotations

TOUCH_MM = 15.0  # every touch target, both directions
PRIMARY_MM = 20.0  # primary navigation height
GAP_MM = 3.0  # between targets
TILE_MM = 30.0  # home tiles: big enough to read the title across the room
TEXT_STEPS = (1.0, 1.25, 1.5)  # A−/A+; the first is the default

#: The smallest panel, long side by short side, on which every screen fits at full size, measured with the
#: largest text (TEXT_STEPS[-1]) read from 500 mm.
SMALLEST_PANEL_MM = (336.0, 210.0)
MEASURED_AT_MM = 500.0
#: What a shrunk panel keeps in hand: every length is rounded up to whole pixels, and at the few pixels
#: per millimetre of a small panel that adds up (a 10-inch 1024x600 panel cut a wrapped title by 16 px).
SHRUNK_MARGIN = 0.95


def smallest_panel(viewing_distance_mm: float = MEASURED_AT_MM,
                   text_scale: float = TEXT_STEPS[-1]) -> tuple[float, float]:
    """The smallest panel (long side, short side) for text of *text_scale* read from *viewing_distance_mm*.
    Never below the measured size: targets stay 15 mm however small the text."""
    text = (viewing_distance_mm / MEASURED_AT_MM) * text_scale
    grow = max(1.0, text / TEXT_STEPS[-1])
    return SMALLEST_PANEL_MM[0] * grow, SMALLEST_PANEL_MM[1] * grow


def panel_fit(width_mm: float, height_mm: float, viewing_distance_mm: float = MEASURED_AT_MM,
              text_scale: float = TEXT_STEPS[-1]) -> float:
    """The share of full size everything is drawn at on this panel with text of *text_scale*: 1.0 when it
    is big enough, else the largest scale at which the smallest panel's layout fits on it (either way up)."""
    if width_mm <= 0 or height_mm <= 0:
        return 1.0
    long_needed, short_needed = smallest_panel(viewing_distance_mm, text_scale)
    long_side, short_side = max(width_mm, height_mm), min(width_mm, height_mm)
    fit = min(long_side / long_needed, short_side / short_needed)
    return 1.0 if fit >= 1.0 else fit * SHRUNK_MARGIN
