"""``--render-screens DIR``: a PNG of every screen, headless, for staff to preview an edit.

Every screen a patient or staff member can meet is drawn once per *variant*: each language of the
file in the standard theme, then each language in high contrast. Pictures go to one folder per
variant, named the same in every folder, and ``index.html`` beside them is a contact sheet with a
row per screen and a column per variant::

    DIR/en/home.png  DIR/en/section-03-side-effects.png  DIR/en/section-03-side-effects-2.png …
    DIR/es/home.png  …
    DIR/en-contrast/home.png  DIR/es-contrast/home.png  …
    DIR/index.html

A section whose body scrolls gets one picture per page (scrolled by a page less a little overlap).
``home-focused-tile`` is the home screen as a keypad user sees it: keypad mode on, the focus ring on
the first tile (in every variant, so in both themes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import Content, ContentError, load

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QScrollBar

    from kiosk.app import KioskApp

Shot = tuple[str, Callable[["KioskApp"], None]]
INDEX = "index.html"
#: How much of the page before a scrolled-to page still shows at its top, in lines of body text.
OVERLAP_LINES = 2


# -- which screens, and how to reach each one ------------------------------------------------------
def shots(kiosk: KioskApp, *, staff_panel: bool = False, focused: bool = False) -> Iterator[Shot]:
    """Every screen worth a picture, as (file stem, how to get there).

    Each *how to get there* starts from whatever the last one left on screen (the idle overlay is
    taken down first) and keeps the patient's language, text size and contrast, so the layout tests
    can walk these screens at any setting. Lazy: how many pages a long section needs is measured when
    the generator gets there, at the size and settings of that moment.

    *staff_panel* adds the staff panel (``--render-screens`` always draws it). The layout tests leave it
    out: it shows the content file's full path on one line, and a long path (pytest's temporary folders)
    cannot wrap at 1280 px. *focused* adds the home screen with a tile focused by the keypad.
    """
    from kiosk.session import STAFF_PANEL, STAFF_PIN

    content = kiosk.content
    assert content is not None
    yield "home", _fresh(lambda k: k.navigation.home())
    if focused:
        yield "home-focused-tile", _fresh(_focused_tile)
    for n, section in enumerate(content.sections, 1):
        stem = f"section-{n:02d}-{section.id}"
        yield stem, _section_page(section.id, 0)
        for page in range(1, _section_pages(kiosk, section.id)):
            yield f"{stem}-{page + 1}", _section_page(section.id, page)
    flow = content.selfcheck
    if flow is not None:
        from kiosk.selfcheck.audit import routes

        yield "selfcheck-intro", _fresh(lambda k: k.navigation.go(("selfcheck",)))
        found = routes(flow)
        for n, question in enumerate(flow.questions, 1):
            yield f"selfcheck-q{n:02d}-{question.id}", _fresh(lambda k, r=found[question.id]: _walk(k, r))
        for n, outcome in enumerate(flow.outcomes, 1):
            yield f"selfcheck-outcome-{n:02d}-{outcome.id}", _fresh(lambda k, r=found[outcome.id]: _walk(k, r))
    idle_s = content.kiosk.idle_warning_s
    yield "idle-warning", _fresh(lambda k: (k.navigation.home(), k.idle.warn(idle_s)))
    yield "staff-pin", _fresh(lambda k: k.navigation.go(STAFF_PIN))
    if staff_panel:
        yield "staff-panel", _fresh(lambda k: k.navigation.go(STAFF_PANEL))
    yield "updating", _fresh(_updating)


def _fresh(reach: Callable[[KioskApp], object]) -> Callable[[KioskApp], None]:
    """*reach*, after taking down an idle overlay the shot before may have left up."""

    def go(kiosk: KioskApp) -> None:
        kiosk.idle.hide()
        kiosk.keys.reset()  # touch mode: no focus ring but on the shot that asks for one
        reach(kiosk)

    return go


def _focused_tile(kiosk: KioskApp) -> None:
    """Home as a keypad user sees it: keypad mode on and the focus (its ring) on the first tile."""
    kiosk.navigation.home()
    keys = kiosk.keys.navigator
    keys.set_keypad_mode(True)
    tiles = [w for w in keys.screen_chain() if w.property("role") == "tile"]
    if not tiles:
        raise RuntimeError("the home screen has no tile to focus")
    keys.focus_on(tiles[0])


def _walk(kiosk: KioskApp, route: tuple[int, ...]) -> None:
    """Start the self-check and give the answers of *route*; only the screen they lead to is built."""
    from kiosk.session import SELFCHECK_FLOW

    kiosk.navigation.home()
    kiosk.navigation.start_selfcheck()
    run = kiosk.session.selfcheck
    assert run is not None
    for index in route:
        run.answer(index)
    if route:
        kiosk.navigation.show(SELFCHECK_FLOW)


def _updating(kiosk: KioskApp) -> None:
    """The calm "being updated" screen patients see while no valid content exists; then the content back.

    Shown for a place whose screen is never kept (the PIN pad), so the kiosk builds it anew, and with no
    content that is the "being updated" screen. The picture is taken of it; the next shot rebuilds from
    the content. Navigation is not touched.
    """
    from kiosk.session import STAFF_PIN
    from kiosk.ui.screens.updating import UpdatingScreen

    content = kiosk.reload.content
    kiosk.reload.content = None
    try:
        kiosk.navigation.show(STAFF_PIN)
    finally:
        kiosk.reload.content = content
    if not isinstance(kiosk.screen, UpdatingScreen):
        raise RuntimeError(f"the kiosk showed {type(kiosk.screen).__name__} without content, "
                           "not the 'being updated' screen")


def settle() -> None:
    """Let layouts that re-flow finish, and drop replaced screens, as the next frame would."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # no event loop runs here


def _body_bar(kiosk: KioskApp) -> QScrollBar | None:
    body = getattr(kiosk.screen, "body", None)
    return None if body is None else body.verticalScrollBar()


def _page_step(kiosk: KioskApp) -> int:
    """One page of a section's body, less :data:`OVERLAP_LINES` lines that show again for continuity."""
    body = kiosk.screen.body  # type: ignore[attr-defined]  # a section screen's
    bar = body.verticalScrollBar()
    overlap = min(body.fontMetrics().lineSpacing() * OVERLAP_LINES, bar.pageStep() // 4)
    return max(1, bar.pageStep() - overlap)


def _section_pages(kiosk: KioskApp, section_id: str) -> int:
    """How many pictures the section's body needs at the kiosk's current size and settings."""
    _section_page(section_id, 0)(kiosk)
    settle()
    bar = _body_bar(kiosk)
    if bar is None or bar.maximum() <= 0:
        return 1
    return 1 + -(-bar.maximum() // _page_step(kiosk))


def _section_page(section_id: str, page: int) -> Callable[[KioskApp], None]:
    def reach(kiosk: KioskApp) -> None:
        kiosk.navigation.go(("section", section_id))
        if page:
            settle()  # the scroll range exists once the body is laid out
            bar = _body_bar(kiosk)
            if bar is not None:
                bar.setValue(min(page * _page_step(kiosk), bar.maximum()))

    return _fresh(reach)


# -- variants: languages × themes ----------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    language: str
    high_contrast: bool

    @property
    def folder(self) -> str:
        return f"{self.language}-contrast" if self.high_contrast else self.language

    def caption(self, names: Callable[[str], str]) -> str:
        theme = "high contrast" if self.high_contrast else "standard"
        return f"{names(self.language)} ({self.language}), {theme}"


def variants(content: Content) -> list[Variant]:
    """Every language in the standard theme, then every language in high contrast."""
    return [Variant(lang, contrast) for contrast in (False, True) for lang in content.kiosk.languages]


def enter(kiosk: KioskApp, variant: Variant) -> None:
    """A fresh patient session in *variant*'s language and theme: nothing of the last shot remains."""
    kiosk.navigation.reset_session()
    # What set_language() and toggle_contrast() do, less their rebuild of the home screen: the shot's
    # own navigation builds its screen (and the bar, and the style) in this language and theme.
    kiosk.session.language = variant.language
    kiosk.session.high_contrast = variant.high_contrast


# -- the run ----------------------------------------------------------------------------------------------
def run_render(content_path: Path, out_dir: Path, width: int, height: int) -> int:
    """Write every screen of every variant to *out_dir*, then ``index.html``; print each path written.

    Exit status: 0 written, 1 the content file has errors, 2 it (or *out_dir*) cannot be read or written.
    """
    try:
        content = load(content_path)
    except ContentError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2 if exc.unreadable else 1
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk, kiosk_of
    from kiosk.control.screens import language_name

    app = QApplication.instance() or QApplication([])
    window = build_kiosk(content_path, speech_engine="preview", watch=False)
    kiosk = kiosk_of(window)
    quiet(kiosk, app)
    # A screen that needs more room is squeezed, as on the panel, instead of growing the picture.
    window.setFixedSize(width, height)
    window.show()
    written: dict[Variant, list[str]] = {}
    try:
        for variant in variants(content):
            folder = out_dir / variant.folder
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                print(f"kiosk: cannot write to {folder}: {exc.strerror or exc}", file=sys.stderr)
                return 2
            stems = written.setdefault(variant, [])
            enter(kiosk, variant)
            for stem, reach in shots(kiosk, staff_panel=True, focused=True):
                enter(kiosk, variant)
                reach(kiosk)
                settle()
                path = folder / f"{stem}.png"
                _warn_if_cut_off(window, path)
                if not window.grab().save(str(path)):
                    print(f"kiosk: could not write {path}", file=sys.stderr)
                    return 2
                stems.append(stem)
                print(path, flush=True)
            _drop_stale(folder, stems)
    finally:
        window.close()  # the kiosk gives back the excepthook its crash guard replaced
        window.deleteLater()
        settle()
    index = out_dir / INDEX
    from kiosk.render.index import contact_sheet

    page = contact_sheet(content, written, size=(width, height),
                         names=lambda lang: language_name(lang, content.ui_text))
    try:
        index.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"kiosk: could not write {index}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(index)
    return 0


def _warn_if_cut_off(window: object, path: Path) -> None:
    """Tell staff when a screen needs more room than the panel has: the picture shows it squeezed, as the
    kiosk would."""
    need = window.layout().totalMinimumSize()  # type: ignore[attr-defined]
    have = window.size()  # type: ignore[attr-defined]
    if need.height() > have.height() or need.width() > have.width():
        print(f"kiosk: {path}: this screen needs {need.width()}x{need.height()} px and the panel has "
              f"{have.width()}x{have.height()}; part of it is squeezed or cut off", file=sys.stderr)


def quiet(kiosk: KioskApp, app: QApplication) -> None:
    """A preview is not a kiosk in use: it counts no visits (the clinic's metrics file stays as the real
    kiosk wrote it) and watches no touches (no idle timer runs out in the middle of a picture)."""
    kiosk.metrics_file = None
    kiosk.metrics_timer.stop()
    app.removeEventFilter(kiosk.input)
    kiosk.input.blockSignals(True)  # its timer still runs (every session reset restarts it) but says nothing


def _drop_stale(folder: Path, stems: Sequence[str]) -> None:
    """Remove pictures an earlier render left in *folder* that this one did not draw (a page no longer
    needed, a section renamed), so the folder shows the file as it is now."""
    keep = {f"{stem}.png" for stem in stems}
    for old in folder.glob("*.png"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
