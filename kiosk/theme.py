"""The two colour themes, the colours every screen paints with, and their contrast pairs."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.model.content import Theme
from kiosk.model.levels import LEVEL_COLOURS


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    on_accent: str
    border: str
    focus: str

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every text/background pair the screens use, by name: (foreground, background)."""
        out = {
            "text on background": (self.text, self.background),
            "text on surface": (self.text, self.surface),
            "secondary text on background": (self.muted, self.background),
            "button text on accent": (self.on_accent, self.accent),
        }
        for level, (bg, fg) in LEVEL_COLOURS.items():
            out[f"{level} outcome text"] = (fg, bg)
        return out


def palette_for(theme: Theme, high_contrast: bool) -> Palette:
    if high_contrast:
        return Palette(background="#000000", surface="#000000", text="#ffffff", muted="#ffffff",
                       accent="#ffe14d", on_accent="#000000", border="#ffffff", focus="#00e5ff")
    return Palette(background=theme.background, surface=theme.surface, text=theme.text, muted="#33414e",
                   accent=theme.accent, on_accent="#ffffff", border="#8896a4", focus="#c25400")
