"""SVG icons as pixmaps, recoloured to sit on whatever background the theme gives them.

Each icon drawn for the first frame is also kept on disk as a PNG, under ``$XDG_CACHE_HOME/kiosk/icons``,
named by the SHA-256 of the recoloured SVG and its size. A kiosk started again finds its icons there and
does not load Qt's SVG module before its first frame (~1.5 MiB and ~8 ms; see docs/performance.md); a
changed icon file, colour or size is a new name, so nothing stale is ever shown. The cache is only a saving:
a folder that cannot be written or a damaged file just means the icon is drawn from its SVG again.
It serves start-up only: once the first frame is painted (:func:`start_up_done`), icons are drawn
from their SVG as they always were. With the lookups running all day the 20,000-event monkey grew
~0.7 MiB more (+2.5 to +2.8 MiB in seven runs against +1.7 to +2.1 in four without them).
"""

from __future__ import annotations

import logging
import os
from hashlib import sha256
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, qVersion
from PySide6.QtGui import QPainter, QPixmap, QPixmapCache

from kiosk.core.files import write_whole

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
INK = "#1b2a3a"  # the dark ink the bundled icons are drawn in
ACCENT = "#2a6fb0"  # the blue some of them add (a tick, a dot): on a coloured button it would all but vanish
#: Enough for every icon at every size and contrast a kiosk shows, many times over; past it the
#: oldest half goes (a kiosk whose panel changed leaves the old sizes behind).
CACHE_FILES = 1000

log = logging.getLogger("kiosk.icons")
_unwritable: list[str] = []  # said once per run, not once per icon
_starting = [True]  # until the first frame is painted: see start_up_done()


def start_up_done() -> None:
    """The first frame is up: from now on icons are drawn from SVG, without the disk cache's lookups."""
    _starting[0] = False


#: Per Qt version: a newer SVG renderer may draw the same file differently.
QT_FOLDER = f"qt{qVersion()}"


def cache_dir() -> str:
    """A plain string, as is each file's name: made with pathlib at every icon not in memory, these paths
    grew the heap by 5-10 bytes each time (Python 3.11, PySide6 6.11; the monkey saw +0.7 MiB over 15,000
    events, a loop of 100,000 lookups +0.9 MiB of malloc'd blocks), and os.path does not."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kiosk", "icons", QT_FOLDER)


def icon_pixmap(path: Path, side: int, colour: str | None = None, *, one_colour: bool = False) -> QPixmap:
    """*path* drawn *side* pixels square; ``colour`` replaces the bundled icons' dark ink, and with
    *one_colour* their blue accent too (for an icon on a coloured button, where blue on blue is unseen).

    The same icon at the same size and colour is one and the same QPixmap, kept in Qt's pixmap cache.
    That matters beyond the SVG work saved: a QLabel shows its pixmap through a QIcon, and Qt caches
    what it paints from it under the pixmap's own cache key, so a new QPixmap per label left a new
    cache entry for every screen built, until the cache's 10 MiB were full (the monkey saw it grow).
    """
    try:
        key = f"kiosk-icon:{path}:{side}:{colour or ''}:{one_colour}:{path.stat().st_mtime_ns}"
        pixmap = QPixmap()
        if QPixmapCache.find(key, pixmap):
            return pixmap
        data = path.read_bytes()
    except OSError:
        return QPixmap()
    if colour:
        data = data.replace(INK.encode(), colour.encode())
        if one_colour:
            data = data.replace(ACCENT.encode(), colour.encode())
    if not _starting[0]:
        pixmap = draw(data, side)
    else:
        stored = os.path.join(cache_dir(), f"{sha256(data).hexdigest()}-{side}.png")
        pixmap = QPixmap(stored, "PNG")
        if pixmap.isNull() or pixmap.width() != side or pixmap.height() != side:  # not drawn yet, or damaged
            pixmap = draw(data, side)
            if not pixmap.isNull():
                keep(pixmap, stored)
    QPixmapCache.insert(key, pixmap)
    return pixmap


def draw(svg: bytes, side: int) -> QPixmap:
    """The SVG rendered *side* pixels square; a null pixmap if it is not an SVG Qt can draw."""
    # Only for an icon not drawn before: a restarted kiosk reads its first frame's icons from the cache
    # and does not load Qt's SVG module (kiosk.ui.first_frame).
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        return QPixmap()
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def keep(pixmap: QPixmap, name: str) -> None:
    """Write *name* whole or not at all: a kiosk stopped mid-write must not leave half an icon."""
    stored = Path(name)

    def save(partial: Path) -> None:
        if not pixmap.save(str(partial), "PNG"):
            raise OSError(f"Qt could not write {partial}")

    try:
        write_whole(stored, save)
        files = sorted(stored.parent.glob("*.png"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[: len(files) // 2] if len(files) > CACHE_FILES else ():
            old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk: icons are drawn each start instead
        if not _unwritable:
            _unwritable.append(str(exc))
            log.info("icon cache not written (%s); icons are drawn from their SVG files", exc)
