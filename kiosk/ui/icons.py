"""SVG icons as pixmaps, recoloured to sit on whatever background the theme gives them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
INK = "#1b2a3a"  # the dark ink the bundled icons are drawn in


@lru_cache(maxsize=64)  # a screen shows at most ~20 icons; 64 holds a few looks, ~2 MiB at most
def _image(path: str, side: int, colour: str | None, mtime: float) -> QImage:
    data = Path(path).read_bytes()
    if colour:
        data = data.replace(INK.encode(), colour.encode())
    renderer = QSvgRenderer(QByteArray(data))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
    return image


def icon_pixmap(path: Path, side: int, colour: str | None = None) -> QPixmap:
    """*path* drawn *side* pixels square; ``colour`` replaces the bundled icons' dark ink."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return QPixmap()
    return QPixmap.fromImage(_image(str(path), side, colour, mtime))
