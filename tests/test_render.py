"""``--render-screens``: every screen of every language and theme as a PNG, and a contact sheet linking them."""

from __future__ import annotations

import contextlib
import io
import itertools
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.content import load
from kiosk.render import INDEX, run_render, shots
from kiosk.render.index import rows_in_order
from kiosk.theme import palette_for
from kiosk.ui.focus import MIN_BAND_PX, ring_colours
from tests.helpers import BUNDLED, MINIMAL, write

SIZE = (1280, 800)
FOLDERS = ["en", "es", "en-contrast", "es-contrast"]

LONG_BODY_EN = "\n\n".join(f"Paragraph {n} of a long leaflet section, with enough words in it to fill a line "
                           "or two on a kiosk screen before the next paragraph starts." for n in range(1, 7))
LONG_BODY_ES = "\n\n".join(f"Párrafo {n} de una sección larga del folleto, con suficientes palabras para llenar "
                           "una o dos líneas de la pantalla antes de que empiece el párrafo siguiente."
                           for n in range(1, 12))
LONG = """\
version: 1
kiosk:
  languages: [en, es]
  title: Long kiosk
  intro: Tap a topic.
  notice: General information only.
  metrics_file: {metrics}
display:  # the layout tests' 15.6-inch panel: offscreen Qt reports 100 dpi, a panel a little too small
  width_mm: 336
  height_mm: 210
sections:
  - id: long
    title: A long section
    body:
      en: |
{en}
      es: |
{es}
  - id: short
    title: A short section
    body: Short.
"""


def long_content(tmp_path: Path) -> Path:
    def block(text: str) -> str:
        return "\n".join(" " * 8 + line if line else "" for line in text.splitlines())

    text = LONG.format(metrics=tmp_path / "metrics.prom", en=block(LONG_BODY_EN), es=block(LONG_BODY_ES))
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def render(content: Path, out: Path, size: tuple[int, int] = SIZE) -> tuple[int, list[str]]:
    """run_render in this process (a second Qt process would cost seconds): its exit status and printed lines."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = run_render(content, out, *size)
    return code, printed.getvalue().splitlines()


def expected_stems(path: Path) -> list[str]:
    """The screens the brief names, worked out from the file itself, not from the renderer."""
    content = load(path)
    stems = ["home", "home-focused-tile", *(f"section-{n:02d}-{s.id}" for n, s in enumerate(content.sections, 1))]
    flow = content.selfcheck
    assert flow is not None
    stems.append("selfcheck-intro")
    stems += [f"selfcheck-q{n:02d}-{q.id}" for n, q in enumerate(flow.questions, 1)]
    stems += [f"selfcheck-outcome-{n:02d}-{o.id}" for n, o in enumerate(flow.outcomes, 1)]
    return [*stems, "idle-warning", "staff-pin", "staff-panel", "updating"]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self.rows: list[int] = []  # cells per table row
        self._open_a: str | None = None
        self.thumbnails: list[tuple[str, str]] = []  # (link, image inside it)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "a":
            self._open_a = found.get("href")
            self.hrefs.append(found["href"] or "")
        elif tag == "img":
            self.srcs.append(found["src"] or "")
            if self._open_a is not None:
                self.thumbnails.append((self._open_a, found["src"] or ""))
        elif tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th") and self.rows:
            self.rows[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open_a = None


def links(index: Path) -> Links:
    parser = Links()
    parser.feed(index.read_text(encoding="utf-8"))
    return parser


def colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}


@pytest.fixture(scope="module")
def bundled(qapp, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("shots")
    code, printed = render(BUNDLED, out)
    assert code == 0
    return out, printed


def test_every_screen_is_drawn_in_every_language_and_theme(bundled: tuple[Path, list[str]]) -> None:
    out, printed = bundled
    stems = expected_stems(BUNDLED)
    assert len(stems) == 2 + 7 + 1 + 8 + 7 + 4
    assert printed[-1] == str(out / INDEX)  # every PNG, one a line, then the index
    pngs = [Path(line) for line in printed[:-1]]
    expected = [out / folder / f"{stem}.png" for folder in FOLDERS for stem in stems]
    assert set(expected) <= set(pngs)
    for extra in set(pngs) - set(expected):  # only further pages of a section that scrolls
        base, _, page = extra.stem.rpartition("-")
        assert page.isdigit() and extra.with_name(f"{base}.png") in expected and base.startswith("section-"), extra
    for path in pngs:
        image = QImage(str(path))
        assert (image.width(), image.height()) == SIZE, path
        assert len(colours(image)) > 3, f"{path} looks blank"


def test_the_contact_sheet_links_every_picture_and_nothing_else(bundled: tuple[Path, list[str]]) -> None:
    out, printed = bundled
    pngs = {Path(line).relative_to(out).as_posix() for line in printed if line.endswith(".png")}
    found = links(out / INDEX)
    assert set(found.hrefs) == set(found.srcs) == pngs
    assert len(found.thumbnails) == len(pngs)
    assert all(link == image for link, image in found.thumbnails)  # each thumbnail opens its own picture
    assert all((out / link).is_file() for link in found.hrefs)
    assert "script" not in found.tags
    rows = found.rows
    assert rows[0] == 1 + len(FOLDERS)  # the header: Screen, then a column per variant
    screens = {Path(line).stem for line in printed if line.endswith(".png")}
    assert rows[1:] == [1 + len(FOLDERS)] * len(screens)  # one row per screen
    text = (out / INDEX).read_text(encoding="utf-8")
    assert "English (en), high contrast" in text and "Español (es), standard" in text
    assert "Question 1: Since your injection" in text  # a caption a person can read, not only the file name


def test_high_contrast_pictures_really_are_high_contrast(bundled: tuple[Path, list[str]]) -> None:
    out, _ = bundled
    for language in ("en", "es"):
        standard = QImage(str(out / language / "home.png"))
        contrast = QImage(str(out / f"{language}-contrast" / "home.png"))
        corner = (2, SIZE[1] - 2)  # the screen's margin: background only
        assert QColor(standard.pixel(*corner)).name() == "#f4f6f8"
        assert QColor(contrast.pixel(*corner)).name() == "#000000"
    for stem in expected_stems(BUNDLED):
        standard, contrast = QImage(str(out / "en" / f"{stem}.png")), QImage(str(out / "en-contrast" / f"{stem}.png"))
        assert standard != contrast, f"{stem}: high contrast drew the same picture"


def test_a_focused_tile_shows_its_whole_ring_in_both_themes(bundled: tuple[Path, list[str]]) -> None:
    """home-focused-tile differs from home only by the keypad's ring: both its bands, on all four sides of
    one tile, in the ring's colours for that theme."""
    out, _ = bundled
    theme = load(BUNDLED).theme
    for folder, high_contrast in (("en", False), ("en-contrast", True)):
        ring = ring_colours(palette_for(theme, high_contrast), "tile")
        plain, focused = QImage(str(out / folder / "home.png")), QImage(str(out / folder / "home-focused-tile.png"))
        changed = [(x, y) for x in range(plain.width()) for y in range(plain.height())
                   if plain.pixel(x, y) != focused.pixel(x, y)]
        assert changed, f"{folder}: no ring drawn"
        xs, ys = [x for x, _ in changed], [y for _, y in changed]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        assert right - left > 100 and bottom - top > 40  # a tile's outline, not a speck
        middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
        for x, y, step in ((middle_x, top, (0, 1)), (middle_x, bottom, (0, -1)),
                           (left, middle_y, (1, 0)), (right, middle_y, (-1, 0))):  # each side, from outside in
            bands = [QColor(focused.pixel(x + step[0] * i, y + step[1] * i)).name() for i in range(2 * MIN_BAND_PX)]
            assert bands[:MIN_BAND_PX] == [ring.outer] * MIN_BAND_PX, (folder, x, y, bands)
            assert ring.inner in bands[MIN_BAND_PX:], (folder, x, y, bands)
        in_ring = [c for c in changed if QColor(focused.pixel(*c)).name() in (ring.outer, ring.inner)]
        assert len(in_ring) > 0.9 * len(changed)  # the rest: the rounded corners' smoothed edge


def test_each_language_is_drawn_in_its_own_words(bundled: tuple[Path, list[str]]) -> None:
    out, _ = bundled
    for stem in ("home", "section-01-what-is-botox", "selfcheck-q01-breathing", "idle-warning", "updating"):
        assert QImage(str(out / "en" / f"{stem}.png")) != QImage(str(out / "es" / f"{stem}.png")), stem


def test_a_long_section_is_drawn_page_by_page(qapp, tmp_path: Path) -> None:
    path = long_content(tmp_path)
    out = tmp_path / "shots"
    stale = out / "en" / "section-09-gone.png"  # left by an earlier render of an older file
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    (out / "notes.txt").write_text("staff notes", encoding="utf-8")
    code, printed = render(path, out)
    assert code == 0
    pages = {folder: [Path(p).stem for p in printed if f"/{folder}/section-01-long" in p] for folder in FOLDERS}
    assert len(pages["en"]) >= 3, pages
    assert len(pages["es"]) > len(pages["en"])  # the longer translation needs more pages
    assert pages["en"][:2] == ["section-01-long", "section-01-long-2"]
    for folder in FOLDERS:
        images = [QImage(str(out / folder / f"{stem}.png")) for stem in pages[folder]]
        for earlier, later in itertools.pairwise(images):
            assert earlier != later, f"{folder}: a page repeats the one before it"
    assert (out / "en" / "section-02-short.png").is_file()
    assert not (out / "en" / "section-02-short-2.png").exists()  # a body that fits is one picture
    assert not stale.exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "staff notes"  # only its own pictures are replaced
    # The contact sheet keeps each page after the one before, and marks the pages English does not need.
    found = links(out / INDEX)
    assert set(found.hrefs) == {Path(p).relative_to(out).as_posix() for p in printed if p.endswith(".png")}
    text = (out / INDEX).read_text(encoding="utf-8")
    last_es = pages["es"][-1]
    assert text.index(f"<code>{pages['es'][-2]}</code>") < text.index(f"<code>{last_es}</code>") \
        < text.index("<code>section-02-short</code>")
    assert "not in this variant" in text
    # A preview is nobody's visit: the clinic's usage counters are not written.
    assert not (tmp_path / "metrics.prom").exists()


def test_the_last_page_shows_the_end_of_the_section(qapp, tmp_path: Path) -> None:
    from kiosk.app import build_kiosk, kiosk_of

    window = build_kiosk(long_content(tmp_path), speech_engine="preview", watch=False)
    window.resize(*SIZE)
    window.show()
    kiosk = kiosk_of(window)
    try:
        seen = []
        for name, reach in shots(kiosk):
            reach(kiosk)
            if name.startswith("section-01-long"):
                bar = kiosk.screen.body.verticalScrollBar()
                seen.append((bar.value(), bar.maximum(), bar.pageStep()))
        values = [value for value, _, _ in seen]
        assert values[0] == 0 and values == sorted(values) and len(set(values)) == len(values)
        assert values[-1] == seen[-1][1] > 0  # the last picture reaches the end
        for (before, _, page), (after, _, _) in itertools.pairwise(seen):
            assert 0 < after - before < page  # each page overlaps the one before a little, and skips nothing
    finally:
        window.close()


def test_screens_do_not_leak_into_the_next_one(qapp, tmp_path: Path) -> None:
    """The layout tests walk shots() without a session reset between them: each shot must stand alone."""
    from kiosk.app import build_kiosk, kiosk_of
    from kiosk.ui.screens.home import HomeScreen
    from kiosk.ui.screens.staff import PinPadScreen
    from kiosk.ui.screens.updating import UpdatingScreen

    window = build_kiosk(write(tmp_path, MINIMAL), speech_engine="preview", watch=False)
    window.resize(*SIZE)
    window.show()
    kiosk = kiosk_of(window)
    try:
        reach = dict(shots(kiosk, staff_panel=True))
        assert list(reach) == ["home", "section-01-first", "section-02-second", "idle-warning", "staff-pin",
                               "staff-panel", "updating"]
        content = kiosk.content
        reach["updating"](kiosk)
        assert isinstance(kiosk.screen, UpdatingScreen)
        assert kiosk.content is content  # shown, then given back
        reach["idle-warning"](kiosk)
        assert kiosk.idle.overlay is not None and kiosk.idle.overlay.isVisible()
        reach["staff-pin"](kiosk)
        assert kiosk.idle.overlay is None and isinstance(kiosk.screen, PinPadScreen)
        reach["home"](kiosk)
        assert isinstance(kiosk.screen, HomeScreen)
    finally:
        window.close()


def test_rows_keep_each_variants_order() -> None:
    assert rows_in_order([["home", "s-1", "s-2", "q"], ["home", "s-1", "s-2", "s-2-2", "s-2-3", "q"],
                          ["home", "s-1", "s-1-2", "s-2", "q"]]) == [
        "home", "s-1", "s-1-2", "s-2", "s-2-2", "s-2-3", "q"]


def test_an_unreadable_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_render(tmp_path / "missing.yaml", tmp_path / "out", *SIZE) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
