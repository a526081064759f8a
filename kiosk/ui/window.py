"""The kiosk's one top-level window: a stack of screens, locked down in kiosk mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow

BLOCKED_KEYS = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_F4})  # with any modifiers
BLOCKED_SEQUENCES = ("Ctrl+Q", "Ctrl+W", "Alt+F4")
LOCKED_FLAGS = Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint


class KioskWindow(QWidget):
    resized = Signal()
    about_to_show = Signal()
    first_painted = Signal()
    closed = Signal()

    locked = False  # class defaults: Qt sends changeEvent while __init__ is still running
    _allow_close = False
    _painted = False

    def __init__(self, *, locked: bool) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Kiosk")
        self.locked = locked
        self._allow_close = False
        if locked:
            self.setWindowFlags(LOCKED_FLAGS)  # no frame, above other windows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is the display: a screen built for other units (a kept one, before the resize that
        # rebuilds it) must not make the window grow past it, as Qt's default constraint would.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.bar: QWidget | None = None
        self.bar_stack = QStackedWidget()  # one strip at a time, replaced like screens are
        # Replaced strips and screens wait here, never shown, until Qt deletes them: a signal still on its
        # way to an old one must find it alive, and nothing must make it reappear meanwhile.
        self._retired = QWidget(self)
        self._retired.hide()
        self._to_delete: list[QWidget] = []  # see discard(gradually=True)
        self._deleter = QTimer(self)
        self._deleter.setInterval(0)
        self._deleter.timeout.connect(self._delete_one)
        layout.addWidget(self.bar_stack, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

    def set_bar(self, bar: QWidget) -> None:
        """Replace the strip across the top (Read aloud, text size, contrast)."""
        old, self.bar = self.bar, bar
        self.bar_stack.addWidget(bar)
        self.bar_stack.setCurrentWidget(bar)
        if old is not None:
            self.bar_stack.removeWidget(old)
            old.setParent(self._retired)
            old.deleteLater()

    def set_screen(self, screen: QWidget, keep: Callable[[QWidget], bool] = lambda _w: False) -> None:
        """Show *screen* and destroy the one before, so nothing of it lingers in the window, unless
        *keep* says it is a screen worth keeping (leaflet screens hold nothing of the patient's)."""
        old = self.stack.currentWidget()
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        if old is not None and old is not screen and not keep(old):
            self.discard(old)

    def prepare(self, screen: QWidget) -> None:
        """Take *screen* into the window without showing it: styled and laid out at the window's size,
        so that showing it later costs a switch and a paint."""
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)
        screen.ensurePolished()
        screen.resize(self.stack.size())
        layout = screen.layout()
        if layout is not None:
            layout.activate()

    def discard(self, screen: QWidget, *, gradually: bool = False) -> None:
        """Take a kept screen out of the window for good.

        *gradually* is for many screens at once (a new file, size or language drops every kept leaflet
        screen): they are deleted one per event-loop turn, since destroying twenty long documents in one
        go held the GUI thread for ~50 ms. Screens that held a patient's answers are not given this way."""
        if screen is self.stack.currentWidget():
            return
        self.stack.removeWidget(screen)
        screen.hide()
        if gradually:
            self._to_delete.append(screen)
            self._deleter.start()
        else:
            screen.deleteLater()

    def _delete_one(self) -> None:
        if self._to_delete:
            self._to_delete.pop(0).deleteLater()
        if not self._to_delete:
            self._deleter.stop()

    @property
    def screen_widget(self) -> QWidget | None:
        return self.stack.currentWidget()

    def close_for_real(self) -> None:
        """Staff's Exit kiosk: the only way out in kiosk mode."""
        self._allow_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.locked and not self._allow_close:
            event.ignore()
            return
        super().closeEvent(event)
        self.closed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.resized.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self.about_to_show.emit()
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.first_painted.emit)  # not if the window went meanwhile

    def show(self) -> None:
        if self.locked:
            self.cover_screen()
        else:
            super().show()

    def cover_screen(self) -> None:
        """Full screen on the primary screen. With no window manager (cage, Xvfb) showFullScreen()
        alone keeps the natural size, so the geometry is set to the screen's as well."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if (self.locked and not self._allow_close and event.type() == QEvent.Type.WindowStateChange
                and not self.isFullScreen()):
            QTimer.singleShot(0, self, self.cover_screen)  # minimised or un-maximised somehow: take the screen back


class WindowInput(QObject):
    """Sees each input event of one top-level window once, before any widget does.

    Mouse, touch and key events reach a window's QWindow first, which hands them on to the widget
    under the finger. Filtering there rather than on the whole application matters in PySide6: an
    application filter sees every event of every object, and the first time an object of one of Qt's
    private classes (a scroll area's scroll-bar holder, the file watcher's engine) reaches a Python
    filter, PySide6 builds every class and enum it has: about 90 ms and 7 MiB, measured. The QWindow
    is made when the window is first shown and again if Qt ever replaces it, so this follows it.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._handle: QWindow | None = None
        window.installEventFilter(self)
        self._follow()

    @property
    def window(self) -> QWidget:
        """The window watched: its child, asked of Qt rather than kept (that would be a reference cycle)."""
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def _follow(self) -> None:
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._handle:
            handle.installEventFilter(self)
            self._handle = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._handle:
            return self.input_event(event)
        if watched is self.window and event.type() in (QEvent.Type.Show, QEvent.Type.WinIdChange):
            self._follow()
        return False

    def input_event(self, event: QEvent) -> bool:
        """Return True to stop *event* before any widget sees it."""
        raise NotImplementedError


class KeyGuard(WindowInput):
    """Swallows the keys that would close or leave the kiosk (Escape, Alt+F4, Ctrl+Q, Ctrl+W)."""

    def input_event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            if event.key() in BLOCKED_KEYS:
                return True

            combo = QKeySequence(event.keyCombination())
            exact = QKeySequence.SequenceMatch.ExactMatch
            if any(combo.matches(QKeySequence(seq)) == exact for seq in BLOCKED_SEQUENCES):
                return True
        return False
