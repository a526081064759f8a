"""Icons: drawn once per look, the same pixmap every time, redrawn when the file changes, kept on disk."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QImage, QPixmap, QPixmapCache
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk
from kiosk.content import load
from kiosk.ui import icons
from kiosk.ui.icons import ICONS, icon_pixmap
from tests.helpers import MINIMAL, ROOT, button, touch_tap, write

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


def test_a_content_icon_changed_on_disk_is_announced_and_drawn_again(qtbot: QtBot, tmp_path: Path) -> None:
    """Read on a reader thread: the old picture stays until the new bytes are in, then ``changed`` says so."""
    icon = tmp_path / "mine.svg"
    icon.write_text(SVG.format(w=10), encoding="utf-8")
    full = icon_pixmap(icon, 20)  # never read before: the screen gives the reader a moment
    assert full.toImage().pixelColor(15, 10).alpha() > 0
    icon.write_text(SVG.format(w=5), encoding="utf-8")
    with qtbot.waitSignal(icons.notifier().changed, timeout=5000) as changed:
        assert icon_pixmap(icon, 20).cacheKey() == full.cacheKey()  # at once, from memory; a read is asked for
    assert changed.args == [str(icon)]
    half = icon_pixmap(icon, 20)
    assert half.cacheKey() != full.cacheKey()
    assert half.toImage().pixelColor(15, 10).alpha() == 0


def test_a_content_icon_deleted_keeps_its_last_good_picture(qtbot: QtBot, tmp_path: Path) -> None:
    icon = tmp_path / "kept.svg"
    icon.write_text(SVG.format(w=10), encoding="utf-8")
    first = icon_pixmap(icon, 20)
    icon.unlink()
    icon_pixmap(icon, 20)  # asks for a read that fails
    qtbot.waitUntil(lambda: not icons._reading, timeout=5000)
    assert icon_pixmap(icon, 20).cacheKey() == first.cacheKey()


def test_a_missing_or_unreadable_icon_is_an_empty_pixmap(qtbot: QtBot, tmp_path: Path) -> None:
    assert icon_pixmap(tmp_path / "gone.svg", 20).isNull()
    assert icon_pixmap(tmp_path, 20).isNull(), "a folder where the icon should be"


# The cache on disk: an icon drawn once is read back as a PNG at the next start, without Qt's SVG module.

DRAW = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk.ui.icons import ICONS, icon_pixmap
app = QApplication([])
icon_pixmap(ICONS / "home.svg", 48, "#ff0000").save(sys.argv[1], "PNG")
print("PySide6.QtSvg" in sys.modules)
"""


def test_an_icon_drawn_at_one_start_is_read_back_at_the_next_without_the_svg_module(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", DRAW, str(tmp_path / f"start{n}.png")], capture_output=True,
                           text=True, timeout=60, cwd=ROOT, env=env, check=True) for n in (1, 2)]
    assert [run.stdout.split() for run in runs] == [["True"], ["False"]], "drawn from the SVG once, then read back"
    first, second = (QImage(str(tmp_path / f"start{n}.png")) for n in (1, 2))
    assert first.size().width() == 48 and first == second, "the same pixels both times"
    assert len(list((tmp_path / "cache").rglob("*.png"))) == 1


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(icons, "_starting", [True])  # as at start-up: kiosks shown by earlier tests ended it
    QPixmapCache.clear()  # what this process drew before is found in memory first
    yield tmp_path / "cache"
    assert icons.wait_for_cache()
    QPixmapCache.clear()


def test_a_damaged_cache_file_is_drawn_again_and_replaced(qtbot: QtBot, cache: Path) -> None:
    good = icon_pixmap(ICONS / "home.svg", 40, "#ff0000").toImage()
    assert icons.wait_for_cache()  # written on the cache's own thread
    [stored] = cache.rglob("*.png")
    stored.write_bytes(b"\x89PNG garbage, as a disk that filled up mid-write might leave")
    QPixmapCache.clear()
    assert icon_pixmap(ICONS / "home.svg", 40, "#ff0000").toImage() == good
    assert icons.wait_for_cache()
    assert QImage(str(stored)) == good.convertToFormat(QImage(str(stored)).format()), "the file was written again"


def test_a_cache_file_of_the_wrong_size_is_not_used(qtbot: QtBot, cache: Path) -> None:
    icon_pixmap(ICONS / "home.svg", 40)
    assert icons.wait_for_cache()
    [stored] = cache.rglob("*.png")
    QPixmap(10, 10).save(str(stored), "PNG")
    QPixmapCache.clear()
    assert icon_pixmap(ICONS / "home.svg", 40).width() == 40


def test_an_unwritable_cache_still_gives_every_icon_and_says_so_once(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(icons, "_unwritable", [])
    monkeypatch.setattr(icons, "_starting", [True])
    QPixmapCache.clear()
    with caplog.at_level(logging.INFO, logger="kiosk.icons"):
        pixmaps = [icon_pixmap(ICONS / name, 40, "#ff0000") for name in ("home.svg", "back.svg", "globe.svg")]
        assert icons.wait_for_cache()
    assert all(inked(p) == {"#ff0000"} for p in pixmaps)
    said = [r.getMessage() for r in caplog.records if "icon cache" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("icon cache not written"), said
    QPixmapCache.clear()


def test_a_file_that_is_not_an_svg_is_blank_and_not_cached(qtbot: QtBot, cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.svg"
    broken.write_bytes(b"\x00\xff not an svg <svg")
    assert icon_pixmap(broken, 40).isNull()
    assert icons.wait_for_cache()
    assert not list(cache.rglob("*.png"))


def test_the_cache_keeps_to_its_size(qtbot: QtBot, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icons, "CACHE_FILES", 4)
    for side in range(20, 30):
        icon_pixmap(ICONS / "home.svg", side)
    assert icons.wait_for_cache()
    assert 2 <= len(list(cache.rglob("*.png"))) <= 4
    assert not list(cache.rglob("*.part")), "no half-written file is left behind"


def test_an_icon_on_a_coloured_button_is_drawn_in_one_colour(qtbot: QtBot) -> None:
    """The self-check button's tick was the bundled blue on the accent blue: all but invisible."""
    assert inked(icon_pixmap(ICONS / "selfcheck.svg", 64, "#ffffff")) == {"#ffffff", icons.ACCENT}
    assert inked(icon_pixmap(ICONS / "selfcheck.svg", 64, "#ffffff", one_colour=True)) == {"#ffffff"}


@pytest.mark.parametrize("contrast", [False, True], ids=["standard", "high-contrast"])
def test_the_home_screen_draws_button_icons_in_the_buttons_ink_and_tile_icons_as_drawn(
        open_kiosk: Callable[..., KioskApp], contrast: bool) -> None:
    kiosk = open_kiosk()
    if contrast:
        touch_tap(button(kiosk.window, "High contrast"))
    feature = button(kiosk.window, "Side-effect self-check")
    assert inked(feature.icon_image()) == {QColor(kiosk.style.look.button_ink).name()}
    tile = button(kiosk.window, "What is Botox?")  # info.svg: ink and a blue dot, on the tile's own surface
    assert icons.ACCENT in inked(tile.icon_image())


def test_finding_an_icon_on_disk_does_not_grow_the_heap(qtbot: QtBot) -> None:
    """Found by the monkey (+0.7 MiB over 20,000 events): the cache folder and file names, built with
    pathlib at every icon not in memory, grew the heap by 5-10 bytes each time."""
    from kiosk.core.memory import heap_in_use

    if heap_in_use() is None:
        pytest.skip("needs glibc's mallinfo2")

    def look_up(n: int) -> None:
        for i in range(n):
            os.path.join(icons.cache_dir(), f"{i % 500:064x}-{40 + i % 7}.png")

    look_up(1000)
    before = heap_in_use()
    look_up(100_000)
    assert heap_in_use() - before < 100 * 1024, "was +0.9 MiB for 100,000 lookups"  # type: ignore[operator]


def test_once_the_first_frame_is_up_icons_are_drawn_without_the_disk(
        qtbot: QtBot, open_kiosk: Callable[..., KioskApp], cache: Path) -> None:
    """The cache is for start-up: its lookups, running all day, cost the monkey ~0.7 MiB of growth."""
    open_kiosk()
    assert icons.wait_for_cache()
    assert list(cache.rglob("*.png")), "the first frame's icons were kept"
    qtbot.waitUntil(lambda: not icons._starting[0], timeout=5000)  # the first frame's follow-up work
    written = set(cache.rglob("*.png"))
    icon_pixmap(ICONS / "home.svg", 77, "#123456")
    assert icons.wait_for_cache()
    assert set(cache.rglob("*.png")) == written, "nothing more is written once the kiosk is up"


# A hung share: the content folder stops answering. A FIFO with no writer stands in for it: open() on it
# blocks until someone writes, as a read on a hung network mount blocks until the server comes back.

class PaintClock(QObject):
    """When the window last painted anything (every Paint event passes the application's filters)."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def release(pipe: Path) -> None:
    """Open the pipe's write end (if anyone reads it) and close it: a reader stuck on it gets end-of-file."""
    with contextlib.suppress(OSError):  # ENXIO: nobody is reading it
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


def test_a_hung_share_never_freezes_the_screen(qtbot: QtBot, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    icon = share / "first.svg"
    icon.write_text(SVG.format(w=10), encoding="utf-8")
    with_icon = MINIMAL.replace("    title: First topic\n", "    title: First topic\n    icon: first.svg\n")
    content_file = write(share, with_icon)
    content = load(content_file)  # as the kiosk's first read found it, before the share hung
    icon.unlink()
    os.mkfifo(icon)
    # Were the GUI thread stuck on a pipe, this would free it after 10 s: the test then fails on the gap
    # instead of hanging the run.
    rescue = threading.Timer(10, lambda: (release(icon), release(content_file)))
    rescue.start()
    clock = PaintClock()
    app = QApplication.instance()
    app.installEventFilter(clock)
    gaps: list[tuple[str, float]] = []

    def tap(name: str) -> None:
        target = button(window, name)
        tapped = time.perf_counter()
        touch_tap(target)
        qtbot.waitUntil(lambda: clock.painted_at > tapped, timeout=20_000)
        gaps.append((name, round((clock.painted_at - tapped) * 1000, 1)))

    try:
        window = build_kiosk(content_file, loading=lambda: content)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        tap("First topic")  # its screen shows the icon the reader is still stuck on
        tap("Home")
        content_file.unlink()  # now the content file hangs too: the watcher sees the change and checks it
        os.mkfifo(content_file)
        tap("Second topic")
        tap("Home")
        print("tap-to-paint gaps (ms):", gaps)
        assert max(gap for _, gap in gaps) < 100, gaps  # the issue's bound: taps still paint within 100 ms
    finally:
        app.removeEventFilter(clock)
        rescue.cancel()
        release(icon)  # no reader thread stays blocked after the test
        release(content_file)
        qtbot.waitUntil(lambda: not icons._reading, timeout=5000)
        window.close()
