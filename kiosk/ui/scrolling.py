"""Scrolling for a finger: scroll areas that flick, their viewports, and the "More below" cue."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QWidget,
)

from kiosk.ui.first_frame import painted, when_painted

__all__ = ["ScrollArea", "ScrollCue", "disable_kinetic_scrolling", "enable_kinetic_scrolling", "scroll_area",
           "unstyle_viewport", "viewport"]


def viewport(area: QAbstractScrollArea) -> QWidget:
    """*area*'s viewport, found by the name Qt gives it.

    Qt makes the viewport itself, so PySide6 has no Python object for it yet, and ``area.viewport()``
    then looks through every QWidget class to find its type, building the ~70 QtWidgets classes not
    built yet: ~30 ms and some MiB on first use, measured. ``findChild`` needs no such search.
    """
    found = area.findChild(QWidget, "qt_scrollarea_viewport")  # Qt looks at direct children first
    return found if found is not None else area.viewport()


#: Viewports to grab for flicks once the first frame is painted (see kiosk.ui.first_frame).
_pending: list[QWidget] = []


def enable_kinetic_scrolling(area: QAbstractScrollArea) -> None:
    """Flick to scroll with a finger. A target takes one gesture type only, and a kiosk is touched:
    staff previewing with a mouse on a desktop scroll with the wheel instead. Before the first frame
    the grab waits for it (:mod:`kiosk.ui.first_frame`: Qt's first QScroller costs ~85 ms)."""
    view = viewport(area)
    if painted():
        _grab(view)
    else:
        _pending.append(view)
        when_painted(_grab_pending)


def disable_kinetic_scrolling(area: QAbstractScrollArea) -> None:
    """Undo :func:`enable_kinetic_scrolling`, waiting or done, for a view that the page around it scrolls."""
    view = viewport(area)
    if view in _pending:
        _pending.remove(view)
    else:
        QScroller.ungrabGesture(view)


def _grab_pending() -> None:
    views = _pending[:]
    _pending.clear()
    for view in views:
        try:
            _grab(view)
        except RuntimeError:  # that screen is already gone
            continue


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
    global _flick_anchor, _flick_type
    if _flick_anchor is None or _flick_type is None or not shiboken6.isValid(_flick_anchor):
        _flick_anchor = QObject()  # its QScroller owns the registration
        _flick_anchor.setObjectName("kiosk_flick_gesture")
        _flick_type = QScroller.grabGesture(_flick_anchor, QScroller.ScrollerGestureType.TouchGesture)
    return _flick_type


def _grab(view: QWidget) -> None:
    # Qt makes a press within the double-click interval of the last one (anywhere on the window) a
    # double click, and widgets get only the MouseButtonDblClick, not the press. A button would take
    # that as a press, but when the finger lands on a list that can scroll, its flick gesture has
    # already seen the touch and swallows double clicks while the finger is down: a quick second tap
    # was lost. Nothing on the kiosk answers a double click, so there are none: every press is a press,
    # from a finger or a mouse.
    QApplication.setDoubleClickInterval(0)
    scroller = QScroller.scroller(view)  # before the grab: a flick gesture binds to its target's scroller
    view.grabGesture(_flick_gesture())
    view.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    properties = scroller.scrollerProperties()
    # Hand a press to the button under the finger at once: the default delay made quick taps in a row
    # (a PIN, an answer right after another) land while the scroller was still deciding, and get lost.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)


_RESTYLED = (QEvent.Type.Polish, QEvent.Type.StyleChange)


def unstyle_viewport(area: QAbstractScrollArea, event: QEvent) -> None:
    """Keep Qt's style sheet code from painting a scroll area's viewport itself.

    When a style sheet gives a scroll area a background, Qt marks its viewport "styled background".
    Every paint of that viewport then adds an entry for it to the style sheet's render cache, but Qt
    never removes it: a viewport counts as not stylable, so Qt does not watch for its deletion. Each
    screen rebuilt leaked about 0.7 KiB of Qt memory, +7 MiB over the 20,000-event monkey. The area
    under the viewport already paints that background, so the viewport draws nothing of its own.
    Qt sets the mark again whenever the area is (re)polished, so this runs after each of those.
    """
    if event.type() in _RESTYLED:
        viewport(area).setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)


class ScrollArea(QScrollArea):
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        unstyle_viewport(self, event)
        return handled


def scroll_area(content: QWidget, *, kinetic: bool = True) -> QScrollArea:
    """*content* in a frameless area that scrolls up and down (by flicks, when *kinetic*)."""
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
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if kinetic:
        enable_kinetic_scrolling(area)
    return area


class ScrollCue(QLabel):
    """"More below" under a scrolling view, shown while there is more to read."""

    def __init__(self, text: str, view: QAbstractScrollArea) -> None:
        super().__init__(text)
        self.setProperty("role", "cue")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
