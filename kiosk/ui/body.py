"""Body text: the leaflet's Markdown in a read-only view, scrolling on its own or at its full height.

A section's page and an outcome's explanation show it; the home screen shows none.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QUrl
from PySide6.QtGui import QResizeEvent, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

from kiosk.ui.scrolling import disable_kinetic_scrolling, enable_kinetic_scrolling, unstyle_viewport, viewport
from kiosk.ui.units import Units

__all__ = ["BodyView", "FlowingBody"]


class BodyView(QTextBrowser):
    """Markdown body text: paragraphs, bold, italic and lists; no HTML, no images, no links followed."""

    def __init__(self, markdown: str, units: Units, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setMarkdown(
            markdown,
            QTextDocument.MarkdownFeature.MarkdownNoHTML | QTextDocument.MarkdownFeature.MarkdownDialectCommonMark,
        )
        self._space_blocks(units.h(2.5))
        self.setTextCursor(QTextCursor(self.document()))  # open at the top, not where the last edit left it
        enable_kinetic_scrolling(self)

    def _space_blocks(self, gap_px: int) -> None:
        """Air between paragraphs and a 1.3 line height: older eyes lose their place in dense text."""
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(gap_px)
        fmt.setLineHeight(130, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.mergeBlockFormat(fmt)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        unstyle_viewport(self, event)
        return handled

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt API
        """Images and other resources are never fetched, from disk or anywhere else."""
        return None

    def plain_text(self) -> str:
        return self.document().toPlainText()


class FlowingBody(BodyView):
    """Markdown text at the full height of its words, for pages that scroll as a whole (outcome, intro)."""

    def __init__(self, markdown: str, units: Units, parent: QWidget | None = None) -> None:
        super().__init__(markdown, units, parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view = viewport(self)  # asked for on every layout pass (heightForWidth)
        disable_kinetic_scrolling(self)  # the page around it scrolls, not this view
        self._view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    _measure: QTextDocument | None = None
    _view: QWidget | None = None

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        # One measuring copy of the text, owned by this view: a clone per call was never freed.
        doc = self._measure
        if doc is None:
            doc = self._measure = self.document().clone(self)
        font = self.document().defaultFont()
        if doc.defaultFont() != font:  # the style sheet's font arrives after the copy was made
            doc.setDefaultFont(font)
        view = self._view or viewport(self)  # (None only while Qt lays out during __init__)
        chrome_w = self.width() - view.width() if self.width() > 0 else 0
        doc.setTextWidth(max(1, width - max(chrome_w, 2 * self.frameWidth())))
        chrome_h = self.height() - view.height() if self.height() > 0 else 2 * self.frameWidth()
        return int(doc.size().height()) + chrome_h + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(100, self.heightForWidth(max(self.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()
