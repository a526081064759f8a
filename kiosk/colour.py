"""Contrast arithmetic from WCAG 2.2 (pure, so ``--check`` can warn without Qt)."""

from __future__ import annotations


def luminance(hex_colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.2, definition of relative luminance)."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i: i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """Contrast ratio from 1 to 21; WCAG 1.4.6 (AAA) asks 7 for body text."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
