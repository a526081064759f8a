"""The one style sheet, built from millimetres, the palette and the text size step.

Widgets only say what they are (``role`` property); how big and what colour lives here,
so A−/A+ and High contrast are one ``setStyleSheet`` away on every screen at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from PySide6.QtGui import QFont

from kiosk.core.panel import GAP_MM, PRIMARY_MM, TILE_MM, TOUCH_MM
from kiosk.model.levels import LEVEL_COLOURS
from kiosk.theme import Palette
from kiosk.ui.units import Units

FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class Look:
    """What a screen needs to size and colour itself: millimetres → pixels, and the palette."""

    units: Units
    palette: Palette
    #: The window's width in pixels, so rows of buttons can be laid out right the first time.
    width: int = 0

    @property
    def ink(self) -> str:
        """Colour for icons drawn on a plain background."""
        return self.palette.text

    @property
    def button_ink(self) -> str:
        return self.palette.on_accent


def base_font() -> QFont:
    font = QFont(FONT_FAMILY)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


@lru_cache(maxsize=16)
def font_sizes(units: Units) -> Mapping[str, int]:
    """Pixel sizes for each text role; ``body`` is the EN 301 549 minimum at the viewing distance.

    Kept per units: every button takes its font from these, and working them out anew measured
    a dozen capital heights each time (0.15-0.3 ms; 20 times for the home screen, more for each screen
    built ahead). The fonts they are measured in do not change while the kiosk runs, and a kiosk meets
    a handful of units a day (one per text size and panel size), so 16 is plenty.
    """
    font = base_font()
    fixed, grow = units.scaled(1.0), units.text_scale
    return MappingProxyType({
        "body": units.font_px(font, 1.0),
        "button": units.font_px(font, 1.0),
        # Headings and titles start larger and grow with A+ only as far as it takes to stay above the
        # words patients read: grown like the body, a long title filled the home screen at the largest size.
        "heading": fixed.font_px(font, max(1.35, 1.1 * grow)),
        "title": fixed.font_px(font, max(1.7, 1.2 * grow)),
        "marker": max(8, units.font_px(font, 0.35)),
        # The strip of controls keeps one size: A+ enlarges what patients read, not the controls for it.
        "tool": fixed.font_px(font, 1.0),
    })


def stylesheet(units: Units, p: Palette) -> str:
    f = font_sizes(units)
    pad_v, pad_h = units.h(2), units.w(3)
    radius = units.w(2.5)
    touch_w, touch_h, primary_h = units.w(TOUCH_MM), units.h(TOUCH_MM), units.h(PRIMARY_MM)
    # No :focus rule: the keypad's focus ring is painted over the focused control, in keypad mode only, in two
    # bands that keep 3:1 against both the page and the control (kiosk.ui.focus says why a border cannot).
    rules = [
        f"""
        QWidget#KioskWindow, QWidget[role="screen"], QScrollArea, QScrollArea > QWidget > QWidget
            {{ background: {p.background}; color: {p.text}; }}
        QLabel {{ color: {p.text}; font-size: {f['body']}px; background: transparent; }}
        QLabel[role="title"] {{ font-size: {f['title']}px; font-weight: bold; }}
        QLabel[role="heading"] {{ font-size: {f['heading']}px; font-weight: bold; }}
        QLabel[role="secondary"] {{ color: {p.muted}; }}
        QLabel[role="cue"] {{ color: {p.muted}; font-style: italic; }}
        QLabel[role="marker"] {{ color: {p.muted}; font-size: {f['marker']}px; }}
        QTextBrowser {{ background: {p.surface}; color: {p.text}; font-size: {f['body']}px;
            border: 1px solid {p.border}; border-radius: {radius}px; padding: {pad_v}px {pad_h}px; }}
        QPushButton {{ background: {p.accent}; color: {p.on_accent};
            border: 2px solid {p.accent}; border-radius: {radius}px;
            min-width: {touch_w}px; min-height: {touch_h}px; padding: {pad_v}px {pad_h}px; outline: none; }}
        QPushButton:pressed {{ border: 4px solid {p.focus}; }}
        QPushButton[role="nav"], QPushButton[role="answer"], QPushButton[role="tile"]
            {{ min-height: {primary_h}px; }}
        QPushButton[role="tile"] {{ background: {p.surface}; color: {p.text}; border: 2px solid {p.border}; }}
        QPushButton[role="tile"]:pressed {{ border: 4px solid {p.focus}; }}
        QPushButton[role="feature"], QPushButton[role="tile"] {{ min-height: {units.h(TILE_MM)}px; }}
        QPushButton:checked {{ border: 4px solid {p.text}; }}  /* not the focus colour: on is not focused */
        QFrame[role="panel"] {{ background: {p.surface}; border: 2px solid {p.border}; border-radius: {radius}px; }}
        QFrame[role="idle"] {{ background: {p.surface}; border: 4px solid {p.accent}; border-radius: {radius}px; }}
        """
    ]
    # A button that does nothing now (A− at the smallest text, Previous on the first section, Repeat before
    # anything was read) must not look like one that works: an outline on the page, its words in muted ink.
    rules.append(
        f"""QPushButton:disabled {{ background: {p.background}; border: 2px dashed {p.border};
            color: {p.muted}; }}"""
    )
    for level, (bg, fg) in LEVEL_COLOURS.items():
        rules.append(
            f"""QFrame[level="{level}"] {{ background: {bg}; border-radius: {radius}px; }}
            QFrame[level="{level}"] QLabel {{ color: {fg}; }}"""
        )
    return "\n".join(rules)


def spacing(units: Units) -> dict[str, int]:
    """Gaps between targets (≥ 3 mm) and screen margins, in pixels."""
    return {"gap_w": units.w(GAP_MM), "gap_h": units.h(GAP_MM), "margin_w": units.w(6), "margin_h": units.h(4)}
