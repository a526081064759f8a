"""Icons: drawn once per look, the same pixmap every time, redrawn when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage, QPixmap
from pytestqt.qtbot import QtBot

from kiosk.ui.icons import ICONS, icon_pixmap

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="{w}" height="10" fill="#1b2a3a"/></svg>'


def inked(pixmap: QPixmap) -> set[str]:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255}


def test_an_icon_is_drawn_in_the_colour_asked_for(qtbot: QtBot) -> None:
    pixmap = icon_pixmap(ICONS / "home.svg", 40, "#ff0000")
    assert pixmap.size().width() == pixmap.size().height() == 40
    assert inked(pixmap) == {"#ff0000"}, "the bundled ink is replaced, nothing else is drawn"


def test_the_same_icon_stays_one_pixmap_after_many_other_looks(qtbot: QtBot) -> None:
    """Found by the 20,000-event monkey: +8 MiB over 15,000 events, all of it pixmaps.

    A QLabel paints its pixmap through a QIcon, and Qt keeps what it paints in its pixmap cache under
    the pixmap's cache key. Icons used to be kept in a 64-entry cache of their own; window sizes, text
    sizes and contrasts make more than 64, so an icon dropped from it came back as a new pixmap with a
    new key, and Qt's cache gained entries nobody would ask for again until its 10 MiB were full.
    """
    first = icon_pixmap(ICONS / "home.svg", 40, "#ffffff").cacheKey()
    for side in range(41, 141):  # a hundred other looks
        icon_pixmap(ICONS / "home.svg", side, "#ffffff")
    assert icon_pixmap(ICONS / "home.svg", 40, "#ffffff").cacheKey() == first


def test_an_icon_changed_on_disk_is_drawn_again(qtbot: QtBot, tmp_path: Path) -> None:
    icon = tmp_path / "mine.svg"
    icon.write_text(SVG.format(w=10), encoding="utf-8")
    full = icon_pixmap(icon, 20)
    icon.write_text(SVG.format(w=5), encoding="utf-8")
    stat = icon.stat()
    os.utime(icon, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a coarse clock may not move
    half = icon_pixmap(icon, 20)
    assert half.cacheKey() != full.cacheKey()
    assert half.toImage().pixelColor(15, 10).alpha() == 0 < full.toImage().pixelColor(15, 10).alpha()


def test_a_missing_or_unreadable_icon_is_an_empty_pixmap(qtbot: QtBot, tmp_path: Path) -> None:
    assert icon_pixmap(tmp_path / "gone.svg", 20).isNull()
    assert icon_pixmap(tmp_path, 20).isNull(), "a folder where the icon should be"
