"""In kiosk mode the window cannot be closed or left with the keyboard, and it covers the whole screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import build_kiosk
from kiosk.ui.window import KioskWindow
from tests.helpers import BUNDLED
from tests.ui.conftest import Keep

KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
]


@pytest.fixture
def locked_window(qtbot: QtBot, keep: Keep) -> Iterator[KioskWindow]:
    window = build_kiosk(BUNDLED, fullscreen=True)
    keep(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    QGuiApplication.restoreOverrideCursor()
    window.close_for_real()  # type: ignore[attr-defined]


def test_kiosk_mode_covers_the_primary_screen_frameless_and_on_top(locked_window: KioskWindow, qtbot: QtBot) -> None:
    assert locked_window.isFullScreen()
    assert locked_window.geometry() == QGuiApplication.primaryScreen().geometry()
    flags = locked_window.windowHandle().flags()  # what the window system is told (see KioskWindow)
    assert flags & Qt.WindowType.FramelessWindowHint and flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Window
    qtbot.waitUntil(lambda: QGuiApplication.overrideCursor() is not None)  # once the first frame is painted
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor


class KeysSeen(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self.keys.append(event.key())
        return False


@pytest.mark.parametrize(("key", "modifier"), KEYS, ids=["Escape", "Alt+F4", "Ctrl+Q", "Ctrl+W"])
def test_keys_that_would_leave_never_reach_the_kiosk(locked_window: KioskWindow, qtbot: QtBot, key: Qt.Key,
                                                     modifier: Qt.KeyboardModifier) -> None:
    """Keys arrive at the window the way a keyboard sends them; the guard stops these before any widget."""
    seen = KeysSeen()
    locked_window.setFocus()
    locked_window.installEventFilter(seen)
    QTest.keyClick(locked_window.windowHandle(), key, modifier)
    qtbot.wait(20)
    assert locked_window.isVisible() and locked_window.isFullScreen()
    assert key not in seen.keys  # (a modifier on its own, Ctrl or Alt, may pass)
    QTest.keyClick(locked_window.windowHandle(), Qt.Key.Key_A)  # any other key still gets through
    assert seen.keys[-1] == Qt.Key.Key_A


def test_a_close_request_is_refused(locked_window: KioskWindow, qtbot: QtBot) -> None:
    assert not locked_window.close()
    qtbot.wait(20)
    assert locked_window.isVisible()


def test_it_takes_the_screen_back_when_it_loses_full_screen(locked_window: KioskWindow, qtbot: QtBot) -> None:
    locked_window.showNormal()
    qtbot.waitUntil(locked_window.isFullScreen, timeout=2000)


def test_windowed_mode_is_an_ordinary_window(qtbot: QtBot, keep: Keep) -> None:
    window = build_kiosk(BUNDLED)
    keep(window)
    window.show()
    assert not window.isFullScreen()
    assert (window.width(), window.height()) == (1280, 800)
    assert QGuiApplication.overrideCursor() is None
    assert window.close()


def test_a_new_native_window_is_frameless_and_on_top_too(locked_window: KioskWindow, qtbot: QtBot) -> None:
    """The flags go to each native window Qt makes for the kiosk: Qt makes a new one after destroying it."""
    first = locked_window.windowHandle()
    locked_window.destroy()
    locked_window.show()
    qtbot.waitExposed(locked_window)
    flags = locked_window.windowHandle().flags()
    assert locked_window.windowHandle() is not first
    assert flags & Qt.WindowType.FramelessWindowHint and flags & Qt.WindowType.WindowStaysOnTopHint
