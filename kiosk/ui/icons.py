"""SVG icons as pixmaps, recoloured to sit on whatever background the theme gives them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPainter, QPixmap, QPixmapCache
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
INK = "#1b2a3a"  # the dark ink the bundled icons are drawn in


def icon_pixmap(path: Path, side: int, colour: str | None = None) -> QPixmap:
    """*path* drawn *side* pixels square; ``colour`` replaces the bundled icons' dark ink.

    The same icon at the same size and colour is one and the same QPixmap, kept in Qt's pixmap cache.
    That matters beyond the SVG work saved: a QLabel shows its pixmap through a QIcon, and Qt caches
    what it paints from it under the pixmap's own cache key, so a new QPixmap per label left a new
    cache entry for every screen built, until the cache's 10 MiB were full (the monkey saw it grow).
    """
    try:
        key = f"kiosk-icon:{path}:{side}:{colour or ''}:{path.stat().st_mtime_ns}"
        pixmap = QPixmap()
        if QPixmapCache.find(key, pixmap):
            return pixmap
        data = path.read_bytes()
    except OSError:
        return QPixmap()
    if colour:
        data = data.replace(INK.encode(), colour.encode())
    renderer = QSvgRenderer(QByteArray(data))
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
    QPixmapCache.insert(key, pixmap)
    return pixmap
