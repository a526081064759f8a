"""Fixtures for driving the real kiosk window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk
from tests.helpers import BUNDLED

# Physical panels for the three resolutions the brief names: a 15.6" laptop-size panel, a 24" monitor,
# and the same 24" monitor turned to portrait.
PANELS = {
    (1280, 800): (336, 210),
    (1920, 1080): (527, 296),
    (1080, 1920): (296, 527),
}


def with_display(tmp_path: Path, size: tuple[int, int], source: Path = BUNDLED,
                 panel_mm: tuple[float, float] | None = None) -> Path:
    """A copy of *source* (beside its icons) whose display: block describes the panel of *size* (or
    one of *panel_mm*)."""
    width_mm, height_mm = panel_mm or PANELS[size]
    text = source.read_text(encoding="utf-8")
    head, _, rest = text.partition("display:\n")
    rest = rest.split("\n\n", 1)[1] if rest else ""
    path = tmp_path / "content.yaml"
    path.write_text(f"{head}display:\n  width_mm: {width_mm}\n  height_mm: {height_mm}\n"
                    f"  viewing_distance_mm: 500\n\n{rest}", encoding="utf-8")
    for icon in ("icons",):
        link = tmp_path / icon
        if not link.exists() and (source.parent / icon).exists():
            link.symlink_to(source.parent / icon)
    return path


@pytest.fixture
def open_kiosk(qtbot: QtBot) -> Iterator[Callable[..., KioskApp]]:
    """Build the real kiosk window on a content file, show it at a size, and hand back its controller."""

    def _open(path: Path = BUNDLED, size: tuple[int, int] = (1920, 1080)) -> KioskApp:
        window = build_kiosk(path)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        kiosk = window.kiosk  # type: ignore[attr-defined]
        assert isinstance(kiosk, KioskApp)
        return kiosk

    yield _open
