"""``--render-screens DIR``: a PNG of every screen, headless, for staff to preview an edit."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.content import ContentError, load

Shot = tuple[str, Callable[[object], None]]


def shots(kiosk: object) -> Iterator[Shot]:
    """Every screen worth a picture, as (file stem, how to get there)."""
    from kiosk.app import KioskApp

    assert isinstance(kiosk, KioskApp)
    content = kiosk.content
    assert content is not None
    yield "home", lambda k: k.home()  # type: ignore[attr-defined]
    for n, section in enumerate(content.sections, 1):
        yield f"section-{n:02d}-{section.id}", lambda k, sid=section.id: k.go(("section", sid))  # type: ignore[attr-defined]
    flow = content.selfcheck
    if flow is not None:
        from kiosk.selfcheck.audit import routes

        yield "selfcheck-intro", lambda k: k.go(("selfcheck",))  # type: ignore[attr-defined]
        found = routes(flow)
        for n, question in enumerate(flow.questions, 1):
            yield f"selfcheck-q{n:02d}-{question.id}", lambda k, r=found[question.id]: _walk(k, r)
        for n, outcome in enumerate(flow.outcomes, 1):
            yield f"selfcheck-outcome-{n:02d}-{outcome.id}", lambda k, r=found[outcome.id]: _walk(k, r)


def _walk(kiosk: object, route: tuple[int, ...]) -> None:
    """Start the self-check and give the answers of *route*, as a patient would."""
    from kiosk.app import KioskApp

    assert isinstance(kiosk, KioskApp)
    kiosk.home()
    kiosk.start_selfcheck()
    for index in route:
        kiosk._answer(index)


def run_render(content_path: Path, out_dir: Path, width: int, height: int) -> int:
    try:
        load(content_path)
    except ContentError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2 if exc.unreadable else 1
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk

    app = QApplication.instance() or QApplication([])
    window = build_kiosk(content_path, speech_engine="preview", watch=False)
    window.resize(width, height)
    window.show()
    kiosk = window.kiosk  # type: ignore[attr-defined]
    out_dir.mkdir(parents=True, exist_ok=True)
    for stem, reach in shots(kiosk):
        reach(kiosk)
        app.processEvents()
        path = out_dir / f"{stem}.png"
        if not window.grab().save(str(path)):
            print(f"kiosk: could not write {path}", file=sys.stderr)
            return 2
        print(path)
    window.close()
    return 0
