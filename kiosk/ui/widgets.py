"""Building blocks shared by the screens: a button whose words wrap, the body text view, the nav bar."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.by_name import runs_right_to_left, set_by_name, text_flags
from kiosk.ui.icons import ICONS, icon_pixmap
from kiosk.ui.style import Look, base_font, font_sizes, spacing

if TYPE_CHECKING:  # named at run time only after the first frame (kiosk.ui.by_name)
    from PySide6.QtCore import Qt

__all__ = ["ICONS", "NavBar", "Screen", "ScrollCue", "WrapButton", "label", "scroll_area"]


def label(text: str, role: str = "", *, wrap: bool = True, align: str = "") -> QLabel:
    """A label that wraps and never elides, so longer translations and A+ grow it instead of cutting it.

    *align* is Qt.AlignmentFlag keys, "AlignHCenter|AlignVCenter" (:mod:`kiosk.ui.by_name`). Its
    words are plain text: a staff file's "<" is shown, never read as markup.
    """
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    set_by_name(widget, textFormat="PlainText")
    if role:
        widget.setProperty("role", role)
    if align:
        set_by_name(widget, alignment=align)
    policy = widget.sizePolicy()
    policy.setHeightForWidth(wrap)
    policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
    widget.setSizePolicy(policy)
    return widget


class WrapButton(QPushButton):
    """A push button whose words wrap onto more lines instead of being cut off.

    The button paints its own words and icon: the words with Qt's plain-text line breaking, as a
    word-wrapping QLabel paints them (``QPainter.drawText`` with ``TextWordWrap``), and it takes its
    size from them as such a label would, so a long Spanish label at the largest text step makes the
    button taller rather than clipped. No labels inside: for the first frame's 14 buttons they were 28
    more widgets to build, style and lay out (docs/performance.md). Words and
    icon take their colour from the style sheet's rules for the button (muted when it is disabled), and
    their font from the button's role.
    The visible words are the accessible name. *align* places them across the button (Qt.AlignmentFlag
    keys); they are always centred from top to bottom. Right to left, the icon moves to the right end,
    as a layout mirrors; left and right alignment follow the words' own direction, as in a QLabel.
    """

    def __init__(self, text: str, look: Look, *, role: str = "nav", icon: Path | None = None,
                 icon_mm: float = 12.0, align: str = "AlignHCenter", parent: QWidget | None = None) -> None:
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
        self._align = f"{align}|AlignVCenter"
        self._flags = text_flags(self._align, wrap=True, mirrored=runs_right_to_left(text))
        self._icon = icon
        self._icon_side = units.h(icon_mm) if icon is not None else 0
        self._beside = self._icon_side + self._spacing if icon is not None else 0  # the words' room given up
        self._pixmap: QPixmap | None = None
        # Keys may focus it (kiosk.ui.keys), a tap never does: a touch user never sees a focus ring.
        set_by_name(self, focusPolicy="TabFocus")
        self._draw_icon()
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
        self._flags = text_flags(self._align, wrap=True, mirrored=runs_right_to_left(text))
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
        # state, which the style sheet gives (muted when disabled). Not QPainter.setPen(colour), nor
        # self.style(): choosing among setPen's overloads builds Qt's namespace, and naming QStyle builds
        # its 14 enums (kiosk.ui.by_name).
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


def viewport(area: QAbstractScrollArea) -> QWidget:
    """*area*'s viewport, found by the name Qt gives it.

    Qt makes the viewport itself, so PySide6 has no Python object for it yet, and ``area.viewport()``
    then looks through every QWidget class to find its type, building the ~70 QtWidgets classes not
    built yet: ~30 ms and some MiB on first use, measured, before the first frame. ``findChild``
    needs no such search.
    """
    found = area.findChild(QWidget, "qt_scrollarea_viewport")  # Qt looks at direct children first
    return found if found is not None else area.viewport()


#: Viewports to grab for flicks and scroll areas to unstyle once the first frame is painted (None since).
_pending_scrollers: list[QWidget] | None = []
_pending_unstyled: list[QAbstractScrollArea] = []


def enable_kinetic_scrolling(area: QAbstractScrollArea) -> None:
    """Flick to scroll with a finger. A target takes one gesture type only, and a kiosk is touched:
    staff previewing with a mouse on a desktop scroll with the wheel instead.

    Qt's first QScroller costs about 85 ms to set up, so before the first frame is painted the
    grab is only noted, and :func:`first_frame_painted` does it once the patient sees a screen. For
    the same reason QScroller's classes are named only in the functions that use them (PySide6 builds
    a class, enums and all, when it is first named: ~8 M instructions for these two).
    """
    if _pending_scrollers is None:
        _grab(viewport(area))
    else:
        _pending_scrollers.append(viewport(area))


_flick_anchor: QObject | None = None
_flick_type: Qt.GestureType | None = None


def _flick_gesture() -> Qt.GestureType:
    """The one touch-flick gesture type every scroll area grabs.

    ``QScroller.grabGesture(widget)`` registers a new recognizer, with a new gesture type number, on
    every call, and PySide6 keeps a new enum class (~2.5 KiB, never freed) for every number it has not
    seen: a screen built with a scroll area leaked that much, a few MiB a day on a busy kiosk (found by
    the 20,000-event monkey). Qt's flick recognizer is not tied to one widget -- each gesture drives its
    own target's QScroller -- so it is registered once, on an object that lives as long as the
    application, and each viewport grabs that same type.
    """
    from PySide6.QtWidgets import QScroller  # not before the first frame, as enable_kinetic_scrolling says

    global _flick_anchor, _flick_type
    if _flick_anchor is None or _flick_type is None or not shiboken6.isValid(_flick_anchor):
        _flick_anchor = QObject()  # its QScroller owns the registration
        _flick_anchor.setObjectName("kiosk_flick_gesture")
        _flick_type = QScroller.grabGesture(_flick_anchor, QScroller.ScrollerGestureType.TouchGesture)
    return _flick_type


def _grab(viewport: QWidget) -> None:
    # Qt makes a press within the double-click interval of the last one (anywhere on the window) a
    # double click, and widgets get only the MouseButtonDblClick, not the press. A button would take
    # that as a press, but when the finger lands on a list that can scroll, its flick gesture has
    # already seen the touch and swallows double clicks while the finger is down: a quick second tap
    # was lost. Nothing on the kiosk answers a double click, so there are none: every press is a press,
    # from a finger or a mouse.
    from PySide6.QtCore import Qt  # only after the first frame (kiosk.ui.by_name), as QScroller's classes
    from PySide6.QtWidgets import QScroller, QScrollerProperties

    QApplication.setDoubleClickInterval(0)
    scroller = QScroller.scroller(viewport)  # before the grab: a flick gesture binds to its target's scroller
    viewport.grabGesture(_flick_gesture())
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    properties = scroller.scrollerProperties()
    # Hand a press to the button under the finger at once: the default delay made quick taps in a row
    # (a PIN, an answer right after another) land while the scroller was still deciding, and get lost.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)


def first_frame_painted() -> None:
    """Grab the gestures and unstyle the viewports noted before the first frame (call once it is painted)."""
    global _pending_scrollers
    pending, _pending_scrollers = _pending_scrollers or [], None
    unstyled = _pending_unstyled[:]
    _pending_unstyled.clear()
    for viewport in pending:
        try:
            _grab(viewport)
        except RuntimeError:  # that screen is already gone
            continue
    for area in unstyled:
        try:
            _unstyle(area)
        except RuntimeError:
            continue


_RESTYLED = (QEvent.Type.Polish, QEvent.Type.StyleChange)


def unstyle_viewport(area: QAbstractScrollArea, event: QEvent) -> None:
    """Keep Qt's style sheet code from painting a scroll area's viewport itself.

    When a style sheet gives a scroll area a background, Qt marks its viewport "styled background".
    Every paint of that viewport then adds an entry for it to the style sheet's render cache, but Qt
    never removes it: a viewport counts as not stylable, so Qt does not watch for its deletion. Each
    screen rebuilt leaked about 0.7 KiB of Qt memory, +7 MiB over the 20,000-event monkey. The area
    under the viewport already paints that background, so the viewport draws nothing of its own.
    Qt sets the mark again whenever the area is (re)polished, so this runs after each of those. Before
    the first frame it is only noted, as kinetic scrolling is: the first frame's viewports leak once.
    """
    if event.type() not in _RESTYLED:
        return
    if _pending_scrollers is None:
        _unstyle(area)
    else:
        _pending_unstyled.append(area)


def _unstyle(area: QAbstractScrollArea) -> None:
    from PySide6.QtCore import Qt  # only after the first frame (kiosk.ui.by_name)

    viewport(area).setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)


class ScrollArea(QScrollArea):
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        unstyle_viewport(self, event)
        return handled


def disable_kinetic_scrolling(area: QAbstractScrollArea) -> None:
    """Undo :func:`enable_kinetic_scrolling`, noted or done, for a view that the page around it scrolls."""
    view = viewport(area)
    if _pending_scrollers is not None and view in _pending_scrollers:
        _pending_scrollers.remove(view)
    else:
        from PySide6.QtWidgets import QScroller

        QScroller.ungrabGesture(view)


class ScrollCue(QLabel):
    """"More below" under a scrolling view, shown while there is more to read."""

    def __init__(self, text: str, view: QAbstractScrollArea) -> None:
        super().__init__(text)
        self.setProperty("role", "cue")
        self.setWordWrap(True)
        set_by_name(self, alignment="AlignCenter")
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._bar = view.verticalScrollBar()
        self._bar.rangeChanged.connect(self.refresh)
        self._bar.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.setVisible(self._bar.value() < self._bar.maximum())


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




class Screen(QFrame):
    """Base of every patient screen: a title area, a middle, a bottom bar, and what Read aloud says."""

    home_requested = Signal()

    def __init__(self, look: Look) -> None:
        super().__init__()
        self.setProperty("role", "screen")
        self.look = look
        self.units = units = look.units
        gaps = spacing(units)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(gaps["margin_w"], gaps["margin_h"], gaps["margin_w"], gaps["margin_h"])
        self.column.setSpacing(gaps["gap_h"])

    def speech(self) -> list[str]:
        """What Read aloud says on this screen, in reading order."""
        return []

    def reset_scroll(self) -> None:
        for area in self.findChildren(QAbstractScrollArea):  # scrolling pages and body text alike
            area.verticalScrollBar().setValue(0)


def scroll_area(content: QWidget, *, kinetic: bool = True) -> QScrollArea:
    area = ScrollArea()
    layout = content.layout()
    if layout is not None and layout.hasHeightForWidth():
        # Make the page as tall as its words at the area's width. Qt's scroll area takes the larger of that
        # and the page's minimum, the sum of each wrapped label's height at a narrow width: an outcome page
        # was 154 px taller than its words, with "More below" over nothing. A page whose minimum is ignored
        # is sized by its height for width alone.
        policy = content.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
        content.setSizePolicy(policy)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    set_by_name(area, horizontalScrollBarPolicy="ScrollBarAlwaysOff")
    if kinetic:
        enable_kinetic_scrolling(area)
    return area
