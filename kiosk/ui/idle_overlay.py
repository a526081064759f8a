""""Are you still there?": a calm overlay over whatever the patient was doing, with one big button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.strings import UiText
from kiosk.ui.style import Look, spacing
from kiosk.ui.widgets import WrapButton, label


class IdleOverlay(QWidget):
    """Covers the window; a tap anywhere on it (or its button) extends the session."""

    stay_requested = Signal()

    def __init__(self, parent: QWidget, look: Look, ui: UiText, seconds: int) -> None:
        super().__init__(parent)
        self.setObjectName("IdleOverlay")
        self._ui = ui
        gaps = spacing(look.units)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(gaps["margin_w"] * 3, gaps["margin_h"] * 3, gaps["margin_w"] * 3,
                                 gaps["margin_h"] * 3)
        outer.addStretch(1)
        self.panel = QFrame()
        self.panel.setProperty("role", "idle")
        column = QVBoxLayout(self.panel)
        column.setContentsMargins(gaps["margin_w"], gaps["margin_h"], gaps["margin_w"], gaps["margin_h"])
        column.setSpacing(gaps["gap_h"] * 2)
        self.title = label(ui("idle_title"), "title", align=Qt.AlignmentFlag.AlignCenter)
        self.message = label(ui("idle_body", seconds=seconds), align=Qt.AlignmentFlag.AlignCenter)
        self.stay_button = WrapButton(ui("idle_stay"), look, role="answer")
        self.stay_button.clicked.connect(self.stay_requested)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.stay_button)
        outer.addWidget(self.panel)
        outer.addStretch(1)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)

    def set_seconds(self, seconds: int) -> None:
        self.message.setText(self._ui("idle_body", seconds=seconds))

    def speech(self) -> list[str]:
        return [self.title.text(), self.message.text(), self.stay_button.words()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.stay_requested.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
