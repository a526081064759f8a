"""SVG icons as pixmaps, recoloured to sit on whatever background the theme gives them.

Each icon drawn for the first frame is also kept on disk as a PNG, under ``$XDG_CACHE_HOME/kiosk/icons``,
named by the SHA-256 of the recoloured SVG and its size. A kiosk started again finds its icons there and
does not load Qt's SVG module before its first frame (~1.5 MiB and ~8 ms; see docs/performance.md); a
changed icon file, colour or size is a new name, so nothing stale is ever shown. The cache is only a saving:
a folder that cannot be written or a damaged file just means the icon is drawn from its SVG again.
It serves start-up only: once the first frame is painted (:func:`start_up_done`), icons are drawn
from their SVG as they always were. With the lookups running all day the 20,000-event monkey grew
~0.7 MiB more (+2.5 to +2.8 MiB in seven runs against +1.7 to +2.1 in four without them).

A hung share never freezes the screen (issue 23). The content's own icons sit beside the content file,
which the README suggests keeping on a network folder: they are read on a daemon thread, never on the GUI
thread. :func:`icon_pixmap` answers at once from what was last read (and asks for a fresh read); an icon
never read before gets :data:`FIRST_READ_WAIT_S` to arrive, unless a read is already overdue (then the
share is taken to be hung and nobody waits). What arrives later, or changed, is announced by
``notifier().changed(path)``; :func:`follow` and :func:`show_icon` redraw a widget then. Bad or missing
bytes never replace the last good ones. The kiosk's own files — the bundled icons under ``resources/`` and
the PNG cache — are on the kiosk's own disk and are read where they are needed; writing the cache (with
its fsync and its trimming) goes to a daemon thread too.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, Signal, qVersion
from PySide6.QtGui import QImage, QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.files import write_whole
from kiosk.services.worker import FileWorker

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
INK = "#1b2a3a"  # the dark ink the bundled icons are drawn in
ACCENT = "#2a6fb0"  # the blue some of them add (a tick, a dot): on a coloured button it would all but vanish
#: Enough for every icon at every size and contrast a kiosk shows, many times over; past it the
#: oldest half goes (a kiosk whose panel changed leaves the old sizes behind).
CACHE_FILES = 1000
#: How long a screen being built waits for a content icon it has never read (a local disk answers in well
#: under a millisecond); past it the screen shows without it and the icon is drawn when it arrives.
FIRST_READ_WAIT_S = 0.04

log = logging.getLogger("kiosk.icons")
_unwritable: list[str] = []  # said once per run, not once per icon
_starting = [True]  # until the first frame is painted: see start_up_done()
_BUNDLED = str(ICONS) + os.sep


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


# -- content icons, read off the GUI thread ----------------------------------------------------------
class _Notifier(QObject):
    """Lives on the GUI thread: a reader thread's emit becomes a queued call there."""

    arrived = Signal(str, object)  # path, _Read (reader threads only)
    changed = Signal(str)  # a content icon's bytes arrived or changed: whoever shows it redraws it


class _Read:
    """One read of one icon file on its own daemon thread; ``data`` is None when it could not be read."""

    __slots__ = ("data", "done", "number")

    def __init__(self, number: int) -> None:
        self.number = number
        self.data: bytes | None = None
        self.done = threading.Event()


_notifier: list[_Notifier] = []
_svgs: dict[str, tuple[int, bytes]] = {}  # path -> (the read that gave them, the last good bytes); GUI thread
_reading: dict[str, _Read] = {}  # reads on their way, one per path at most; GUI thread
_count = [0]
_overdue = [False]  # a read outlived FIRST_READ_WAIT_S and has not come back: do not wait for the next


def notifier() -> _Notifier:
    """The object whose ``changed(path)`` says a content icon should be drawn again (made on first use)."""
    if not _notifier:
        _notifier.append(_Notifier())
        _notifier[0].arrived.connect(_arrived)
    return _notifier[0]


def _read_file(path: str, read: _Read, relay: _Notifier) -> None:
    """On a daemon thread: it may block as long as the share does, and is simply left behind at exit."""
    try:
        with open(path, "rb") as fh:
            read.data = fh.read(1024 * 1024) or None  # empty is no icon: the last good bytes stay
    except OSError:
        read.data = None
    read.done.set()
    with contextlib.suppress(RuntimeError):  # the application is gone
        relay.arrived.emit(path, read)


def _ask(path: str) -> _Read:
    """A fresh read of *path*, unless one is already on its way."""
    read = _reading.get(path)
    if read is None:
        _count[0] += 1
        read = _reading[path] = _Read(_count[0])
        threading.Thread(target=_read_file, args=(path, read, notifier()), name="icon reader",
                         daemon=True).start()
    return read


def _take(path: str, read: _Read) -> bool:
    """Keep what *read* found if it is newer and good; True if the bytes shown for *path* changed."""
    if _reading.get(path) is read:
        del _reading[path]
    _overdue[0] = False  # the file system answers again
    kept = _svgs.get(path)
    if read.data is None or (kept is not None and kept[0] >= read.number):
        return False  # unreadable (the last good bytes stay), or an older read than the one kept
    _svgs[path] = (read.number, read.data)
    return kept is None or kept[1] != read.data


def _arrived(path: str, read: _Read) -> None:
    if _take(path, read):
        notifier().changed.emit(path)


def _content_svg(path: str) -> tuple[int, bytes] | None:
    """The last good bytes of a content icon (and their read number), asking for fresh ones meanwhile."""
    read = _ask(path)
    if path not in _svgs and not _overdue[0]:
        if read.done.wait(FIRST_READ_WAIT_S):
            _take(path, read)
        else:
            _overdue[0] = True
            log.warning("the icon %s did not arrive within %d ms; the screen shows without it until it does",
                        path, FIRST_READ_WAIT_S * 1000)
    return _svgs.get(path)


def follow(widget: QWidget, path: Path | None, redraw: Callable[[], None]) -> None:
    """Call *redraw* whenever *path*'s bytes arrive or change, for as long as *widget* lives."""
    if path is None or str(path).startswith(_BUNDLED):
        return
    watcher = _Follower(widget, str(path), redraw)
    notifier().changed.connect(watcher.changed)


def show_icon(label: QLabel, path: Path, side: int, colour: str | None = None) -> None:
    """*label* shows the icon now, and again whenever it arrives or changes."""
    label.setPixmap(icon_pixmap(path, side, colour))
    follow(label, path, lambda: label.setPixmap(icon_pixmap(path, side, colour)))


class _Follower(QObject):
    """A child of the widget: destroyed with it, which also ends its connection."""

    def __init__(self, parent: QWidget, path: str, redraw: Callable[[], None]) -> None:
        super().__init__(parent)
        self._path = path
        self._redraw = redraw

    def changed(self, path: str) -> None:
        if path == self._path:
            self._redraw()


# -- drawing --------------------------------------------------------------------------------------
def icon_pixmap(path: Path, side: int, colour: str | None = None, *, one_colour: bool = False) -> QPixmap:
    """*path* drawn *side* pixels square; ``colour`` replaces the bundled icons' dark ink, and with
    *one_colour* their blue accent too (for an icon on a coloured button, where blue on blue is unseen).

    The same icon at the same size and colour is one and the same QPixmap, kept in Qt's pixmap cache.
    That matters beyond the SVG work saved: a QLabel shows its pixmap through a QIcon, and Qt caches
    what it paints from it under the pixmap's own cache key, so a new QPixmap per label left a new
    cache entry for every screen built, until the cache's 10 MiB were full (the monkey saw it grow).
    A content icon not read yet is an empty pixmap, for now (see above).
    """
    name = str(path)
    key_prefix = f"kiosk-icon:{name}:{side}:{colour or ''}:{one_colour}:"
    pixmap = QPixmap()
    if name.startswith(_BUNDLED):  # the kiosk's own disk
        try:
            key = f"{key_prefix}{path.stat().st_mtime_ns}"
            if QPixmapCache.find(key, pixmap):
                return pixmap
            data = path.read_bytes()
        except OSError:
            return QPixmap()
    else:
        found = _content_svg(name)
        if found is None:
            return QPixmap()
        key = f"{key_prefix}r{found[0]}"
        if QPixmapCache.find(key, pixmap):
            return pixmap
        data = found[1]
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


_cache_writer: list[FileWorker] = []


def keep(pixmap: QPixmap, name: str) -> None:
    """Write *name* whole or not at all (a kiosk stopped mid-write must not leave half an icon), and
    durably, on a daemon thread: the fsync and the trimming need not hold up the first frame."""
    image = pixmap.toImage()  # a QImage may be saved on another thread; a QPixmap may not
    if not _cache_writer:
        _cache_writer.append(FileWorker("icon cache writer"))
        atexit.register(wait_for_cache, 0.5)  # a short run (a preview, a tool) still leaves its icons kept
    _cache_writer[0].submit(lambda: _store(image, name), lambda _: None)


def wait_for_cache(timeout_s: float = 5.0) -> bool:
    """Until every icon handed to :func:`keep` is on disk (for tests and tools); False on time-out."""
    return not _cache_writer or _cache_writer[0].wait(timeout_s)


def _store(image: QImage, name: str) -> None:
    stored = Path(name)

    def save(partial: Path) -> None:
        if not image.save(str(partial), "PNG"):
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
