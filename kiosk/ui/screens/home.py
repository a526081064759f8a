"""Home: the title, one intro line, a tile per section, the self-check tile and the notice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.strings import UiText
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import ICONS, Screen, ScrollCue, WrapButton, label, scroll_area

TILE_MIN_WIDTH_MM = 110  # a tile narrower than this wraps titles onto too many lines


@dataclass(frozen=True)
class Tile:
    section_id: str
    title: str
    icon: Path | None


class HomeScreen(Screen):
    section_chosen = Signal(str)
    selfcheck_chosen = Signal()
    language_chosen = Signal(str)

    def __init__(self, look: Look, ui: UiText, *, title: str, intro: str, notice: str, tiles: Sequence[Tile],
                 clinic: str | None = None, selfcheck_title: str | None = None,
                 other_language: tuple[str, str] | None = None) -> None:
        super().__init__(look)
        units = look.units
        self.setObjectName("HomeScreen")
        self._texts = [title, clinic or "", intro]
        gaps = spacing(units)

        header = QHBoxLayout()
        header.setSpacing(gaps["gap_w"])
        titles = QWidget()
        title_column = QGridLayout(titles)
        title_column.setContentsMargins(0, 0, 0, 0)
        title_column.setVerticalSpacing(units.h(1))
        title_column.addWidget(label(title, "title"), 0, 0)
        row = 1
        if clinic:
            title_column.addWidget(label(clinic, "secondary"), row, 0)
            row += 1
        title_column.addWidget(label(intro), row, 0)
        header.addWidget(titles, 1)
        self.language_button: WrapButton | None = None
        if other_language is not None:
            code, name = other_language
            self.language_button = WrapButton(name, look, role="nav", icon=ICONS / "globe.svg", icon_mm=9)
            self.language_button.clicked.connect(lambda: self.language_chosen.emit(code))
            corner = QVBoxLayout()  # at the top of the header, however many lines the titles take
            corner.addWidget(self.language_button)
            corner.addStretch(1)
            header.addLayout(corner, 0)

        self.tiles: list[WrapButton] = []
        if selfcheck_title:
            self.selfcheck_button = WrapButton(selfcheck_title, look, role="feature", icon=ICONS / "selfcheck.svg",
                                               align=Qt.AlignmentFlag.AlignLeft)
            self.selfcheck_button.clicked.connect(self.selfcheck_chosen)
            self.tiles.append(self.selfcheck_button)
        for tile in tiles:
            button = WrapButton(tile.title, look, role="tile", icon=tile.icon or ICONS / "section.svg",
                                align=Qt.AlignmentFlag.AlignLeft)
            button.setProperty("section_id", tile.section_id)
            button.clicked.connect(lambda _=False, sid=tile.section_id: self.section_chosen.emit(sid))
            self.tiles.append(button)

        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(gaps["gap_w"])
        self.grid.setVerticalSpacing(gaps["gap_h"])
        self._columns = 0
        self._place_tiles(1)
        # The titles scroll with the tiles: fixed above them, a long title at the largest text size left
        # the tiles no room at all.
        page = QWidget()
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.setSpacing(self.column.spacing())
        page_column.addLayout(header)
        page_column.addWidget(grid_host, 1)
        self.scroll = scroll_area(page)
        self.column.addWidget(self.scroll, 1)
        self.cue = ScrollCue(ui("more_below"), self.scroll)
        self.column.addWidget(self.cue)
        self.notice = label(notice, "secondary")
        self.column.addWidget(self.notice)
        self._texts.append(notice)

    def _place_tiles(self, columns: int) -> None:
        """Lay the tiles out in as many columns as fit; the self-check tile spans the whole row."""
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.tiles:
            self.grid.removeWidget(button)
        row = 0
        start = 0
        if self.tiles and self.tiles[0].property("role") == "feature":
            self.grid.addWidget(self.tiles[0], 0, 0, 1, columns)
            row, start = 1, 1
        for i, button in enumerate(self.tiles[start:]):
            self.grid.addWidget(button, row + i // columns, i % columns)
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)  # tiles keep their height; spare room goes below

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        width_mm = self.units.to_mm_w(event.size().width())
        self._place_tiles(max(1, min(3, int(width_mm // (TILE_MIN_WIDTH_MM * self.units.text_scale)))))
        super().resizeEvent(event)

    def speech(self) -> list[str]:
        return [t for t in self._texts[:-1] if t] + [b.words() for b in self.tiles] + [self._texts[-1]]

    # -- for the keypad (kiosk.ui.keys) ------------------------------------------------------------
    def focus_groups(self) -> list[list[QWidget]]:
        """The language button at the top, then the tiles row by row."""
        return [[self.language_button] if self.language_button is not None else [], list(self.tiles)]

    def choices(self) -> list[QWidget]:
        return list(self.tiles)

    def spoken_heading(self) -> list[str]:
        """The title and the clinic's name; the tiles are then counted, and each is said as it is reached."""
        return [t for t in self._texts[:2] if t]
