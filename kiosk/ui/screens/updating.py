"""The calm screen patients see when there is no valid content at all (never a traceback)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.strings import UiText
from kiosk.ui.style import Look
from kiosk.ui.widgets import Screen, label


class UpdatingScreen(Screen):
    def __init__(self, look: Look, ui: UiText) -> None:
        super().__init__(look)
        self.setObjectName("UpdatingScreen")
        self.message = label(ui("updating"), "heading", align=Qt.AlignmentFlag.AlignCenter)
        self.column.addStretch(1)
        self.column.addWidget(self.message)
        self.column.addStretch(1)

    def speech(self) -> list[str]:
        return [self.message.text()]
