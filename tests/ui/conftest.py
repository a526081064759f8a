"""Fixtures for driving the real kiosk window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp, build_kiosk, kiosk_of
from kiosk.ui.window import KioskWindow
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


Keep = Callable[[KioskWindow], KioskApp]


@pytest.fixture
def keep(qtbot: QtBot) -> Iterator[Keep]:
    """Hold each kiosk window the test builds until the test ends, and hand back its kiosk.

    The window owns its kiosk and qtbot keeps only a weak reference to it, so a window built in a helper
    would be deleted as the helper returned. At the end each is closed (its kiosk stops its watcher,
    timers, speech thread and crash guard), then let go: deleted there and then, on the GUI thread.
    """
    windows: list[KioskWindow] = []

    def _keep(window: KioskWindow) -> KioskApp:
        qtbot.addWidget(window)
        windows.append(window)
        return kiosk_of(window)

    yield _keep
    for window in windows:
        window.close_for_real()
    windows.clear()


@pytest.fixture
def open_kiosk(qtbot: QtBot, keep: Keep) -> Iterator[Callable[..., KioskApp]]:
    """Build the real kiosk window on a content file, show it at a size, and hand back its controller."""

    def _open(path: Path = BUNDLED, size: tuple[int, int] = (1920, 1080)) -> KioskApp:
        window = build_kiosk(path)
        kiosk = keep(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return kiosk

    yield _open
