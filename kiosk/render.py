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
    window = build_kiosk(content_path)
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
