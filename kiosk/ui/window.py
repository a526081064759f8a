"""The kiosk's one top-level window: a stack of screens, locked down in kiosk mode."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4}
BLOCKED_SEQUENCES = (QKeySequence("Ctrl+Q"), QKeySequence("Ctrl+W"), QKeySequence("Alt+F4"))


class KioskWindow(QWidget):
    resized = Signal()

    def __init__(self, *, locked: bool) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Kiosk")
        self.locked = locked
        self._allow_close = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

    def set_screen(self, screen: QWidget) -> None:
        """Show *screen* and destroy the one before, so nothing of it lingers in the window."""
        old = self.stack.currentWidget()
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        if old is not None:
            self.stack.removeWidget(old)
            old.hide()
            old.deleteLater()

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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.resized.emit()


class KeyGuard(QObject):
    """Swallows the keys that would close or leave the kiosk (Escape, Alt+F4, Ctrl+Q, Ctrl+W)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            if event.key() in BLOCKED_KEYS:
                return True
            combo = QKeySequence(event.keyCombination())
            if any(combo.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for seq in BLOCKED_SEQUENCES):
                return True
        return False
