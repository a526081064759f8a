"""Buttons for a finger: one whose words wrap instead of being cut off, and the bar that lays them out."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.icons import follow, icon_pixmap
from kiosk.ui.style import Look, base_font, font_sizes, spacing

__all__ = ["NavBar", "WrapButton", "runs_right_to_left"]

_LEFT, _RIGHT = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight


def runs_right_to_left(text: str) -> bool:
    """Whether *text* runs right to left, as Qt's ``QString::isRightToLeft`` decides (PySide6 has Python
    strings, without it): by its first letter that has a direction of its own. A QLabel aligns plain text
    by it, and so does :class:`WrapButton`."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _text_flags(align: Qt.AlignmentFlag, text: str) -> int:
    """``QPainter.drawText``'s flags for *text*: *align* across, centred from top to bottom, word wrap;
    left and right swapped for words that run right to left, as a QLabel does."""
    if runs_right_to_left(text) and bool(align & _LEFT) != bool(align & _RIGHT):
        align = (align & ~(_LEFT | _RIGHT)) | (_RIGHT if align & _LEFT else _LEFT)
    return (align | Qt.AlignmentFlag.AlignVCenter).value | Qt.TextFlag.TextWordWrap.value


class WrapButton(QPushButton):
    """A push button whose words wrap onto more lines instead of being cut off.

    The button paints its own words and icon: the words with Qt's plain-text line breaking, as a
    word-wrapping QLabel paints them (``QPainter.drawText`` with ``TextWordWrap``), and it takes its
    size from them as such a label would, so a long Spanish label at the largest text step makes the
    button taller rather than clipped. No labels inside: for the first frame's 14 buttons they were 28
    more widgets to build, style and lay out (docs/performance.md). Words and icon take their colour
    from the style sheet's rules for the button (muted when it is disabled), and their font from the
    button's role. The visible words are the accessible name. *align* places them across the button;
    they are always centred from top to bottom. Right to left, the icon moves to the right end, as a
    layout mirrors; left and right alignment follow the words' own direction, as in a QLabel.
    """

    def __init__(self, text: str, look: Look, *, role: str = "nav", icon: Path | None = None,
                 icon_mm: float = 12.0, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        units = look.units
        self.setProperty("role", role)
        self._words = text
        self.setAccessibleName(text)
        self._look = look
        # Worked out from the words and font (layouts ask often), forgotten when either changes.
        self._sizes: dict[int, QSize] = {}  # the words' size at a width
        self._longest: int | None = None  # px of the longest word
        # Its font, set here rather than by the style sheet, so that its size is known before it is polished.
        font = base_font()
        font.setPixelSize(font_sizes(units)["tool" if role == "tool" else "button"])
        font.setBold(True)
        self.setFont(font)
        self._margin_w, self._margin_h, self._spacing = units.w(3), units.h(2), units.w(3)
        self._align = align
        self._flags = _text_flags(align, text)
        self._icon = icon
        self._icon_side = units.h(icon_mm) if icon is not None else 0
        self._beside = self._icon_side + self._spacing if icon is not None else 0  # the words' room given up
        self._pixmap: QPixmap | None = None
        # Keys may focus it (kiosk.ui.keys), a tap never does: a touch user never sees a focus ring.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._draw_icon()
        follow(self, icon, self._draw_icon)  # a content icon read later (a slow share), or changed
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _draw_icon(self) -> None:
        """In the button's words' colour: on the accent fill, on a tile, or muted when it is disabled."""
        if self._icon is None:
            return
        on_accent = self.property("role") != "tile"  # every other button is filled with the accent colour
        if not self.isEnabled():
            ink = self._look.palette.muted
        else:
            ink = self._look.button_ink if on_accent else self._look.ink
        self._pixmap = icon_pixmap(self._icon, self._icon_side, ink, one_colour=on_accent or not self.isEnabled())
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.EnabledChange:
            self._draw_icon()
        elif kind == QEvent.Type.FontChange:
            self._forget_sizes()

    def _forget_sizes(self) -> None:
        self._sizes.clear()
        self._longest = None

    def words(self) -> str:
        return self._words

    def set_words(self, text: str) -> None:
        self._words = text
        self._flags = _text_flags(self._align, text)
        self.setAccessibleName(text)
        self._forget_sizes()
        self.updateGeometry()
        self.update()

    def icon_image(self) -> QPixmap | None:
        """The icon as drawn for the button's state (None without one)."""
        return self._pixmap

    def icon_rect(self) -> QRect:
        """Where the icon is painted: at the start of the row (the right end, right to left), centred
        from top to bottom; empty without an icon."""
        if self._icon is None:
            return QRect()
        side, inner = self._icon_side, self._inner()
        x = inner.right() + 1 - side if self.isRightToLeft() else inner.left()
        return QRect(x, inner.top() + (inner.height() - side) // 2, side, side)

    def words_rect(self) -> QRect:
        """Where the words are painted: inside the margins, beside the icon."""
        inner = self._inner()
        return inner.adjusted(0, 0, -self._beside, 0) if self.isRightToLeft() else inner.adjusted(self._beside, 0, 0, 0)

    def _inner(self) -> QRect:
        return self.rect().adjusted(self._margin_w, self._margin_h, -self._margin_w, -self._margin_h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)  # the fill and border from the style sheet; the button has no text of Qt's
        painter = QPainter(self)
        if self._pixmap is not None:
            painter.drawPixmap(self.icon_rect().topLeft(), self._pixmap)
        # The painter starts with the button's font and its palette's button-text colour for the button's
        # state, which the style sheet gives (muted when disabled).
        painter.drawText(self.words_rect(), self._flags, self._words)
        painter.end()

    def _text_size(self, width: int) -> QSize:
        """The words' size wrapped into *width* px, as QLabel measures plain text."""
        found = self._sizes.get(width)
        if found is None:
            if len(self._sizes) > 16:  # widths come and go as the window is resized: keep a few
                self._sizes.clear()
            found = self._sizes[width] = self.fontMetrics().boundingRect(0, 0, width, 2000, self._flags,
                                                                         self._words).size()
        return found

    def _around(self, text: QSize) -> QSize:
        """The button's size around words of size *text*: margins, and the icon beside them."""
        return QSize(2 * self._margin_w + self._beside + text.width(),
                     2 * self._margin_h + max(text.height(), self._icon_side))

    def _longest_word(self) -> int:
        if self._longest is None:
            metrics = self.fontMetrics()
            self._longest = max((metrics.horizontalAdvance(w) for w in self._words.split()), default=0)
        return self._longest

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        text = self._text_size(max(1, width - 2 * self._margin_w - self._beside))
        return max(self.minimumHeight(), self._around(text).height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Wide enough for a few lines at most, as a word-wrapping QLabel chooses its width."""
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 80
        text = self._text_size(width)
        if text.height() < 4 * metrics.lineSpacing() and text.width() > width // 2:
            text = self._text_size(width // 2)
        if text.height() < 2 * metrics.lineSpacing() and text.width() > width // 4:
            text = self._text_size(width // 4)
        return self._around(text).expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Never narrower than the longest word (words wrap between them, never inside one); one line tall."""
        widest = self._longest_word() + 2  # a pixel to spare either side of it
        return self._around(QSize(widest, self._text_size(2000).height())).expandedTo(self.minimumSize())


class NavBar(QWidget):
    """The bottom bar: equal buttons with at least 3 mm between them, on one row when they fit,
    else on as few rows as the longest word allows (large text, long translations, portrait)."""

    def __init__(self, buttons: Sequence[QPushButton], look: Look, width: int = 0) -> None:
        super().__init__()
        self.gaps = spacing(look.units)
        self.buttons = list(buttons)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(self.gaps["gap_h"])
        self._columns = 0
        width = width or look.width - 2 * self.gaps["margin_w"]  # a bottom bar spans the screen's margins
        self._arrange(self.columns_for(width) if width > 0 else len(self.buttons))

    def _arrange(self, columns: int) -> None:
        """Put the buttons on rows of *columns*; rows are rebuilt, so no empty cell keeps any width."""
        if columns == self._columns:
            return
        self._columns = columns
        while self.column.count():
            row = self.column.takeAt(0)
            layout = row.layout() if row is not None else None
            if layout is not None:
                while layout.count():
                    layout.takeAt(0)
                layout.deleteLater()
        for start in range(0, len(self.buttons), columns):
            row = QHBoxLayout()
            row.setSpacing(self.gaps["gap_w"])
            for button in self.buttons[start:start + columns]:
                row.addWidget(button, 1)
            for _ in range(columns - len(self.buttons[start:start + columns])):
                row.addStretch(1)  # a short last row keeps the same button width as the rows above
            self.column.addLayout(row)
        self.column.invalidate()
        self.updateGeometry()

    def columns_for(self, width: int) -> int:
        widest = max((b.minimumSizeHint().width() for b in self.buttons), default=0)
        gap = self.gaps["gap_w"]
        for columns in range(len(self.buttons), 1, -1):
            if columns * widest + (columns - 1) * gap <= width:
                return columns
        return 1

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        # Only a new width can change how many fit; re-flowing on anything else would move buttons under a finger.
        if event.size().width() != event.oldSize().width():
            self._arrange(self.columns_for(event.size().width()))
        super().resizeEvent(event)
