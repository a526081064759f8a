"""Geometry checks a person would make by eye: big enough targets, nothing overlapping, no cut-off words."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QScrollArea, QTextEdit, QWidget

from kiosk.core.panel import GAP_MM, PRIMARY_MM, TOUCH_MM
from kiosk.ui.units import Units
from kiosk.ui.widgets import WrapButton

PRIMARY_ROLES = {"nav", "answer", "tile", "feature"}


def visible_rect(widget: QWidget) -> QRect:
    """The part of *widget* a patient can see, in window coordinates (empty when scrolled away or hidden)."""
    if not widget.isVisible():
        return QRect()
    region = widget.visibleRegion().boundingRect()
    if region.isEmpty():
        return QRect()
    return QRect(widget.mapTo(widget.window(), region.topLeft()), region.size())


def leaves(root: QWidget) -> list[QWidget]:
    """What a patient sees as separate things: buttons, labels outside buttons, text views."""
    out: list[QWidget] = []
    for widget in dict.fromkeys(root.findChildren(QWidget)):  # a re-parented child can be listed twice
        shown = isinstance(widget, QPushButton | QAbstractScrollArea | QLabel)
        if shown and not _inside_button(widget) and not visible_rect(widget).isEmpty():
            out.append(widget)
    return out


def _inside_button(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QPushButton):
            return True
        parent = parent.parentWidget()
    return False


def _is_ancestor(a: QWidget, b: QWidget) -> bool:
    return a.isAncestorOf(b) or b.isAncestorOf(a)


def overlaps(root: QWidget) -> list[str]:
    items = [(w, visible_rect(w)) for w in leaves(root)]
    found = []
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1:]:
            if _is_ancestor(a, b):
                continue
            if ra.intersects(rb):
                found.append(f"{describe(a)} {ra.getRect()} overlaps {describe(b)} {rb.getRect()}")
    return found


def cut_text(root: QWidget) -> list[str]:
    """Labels and buttons whose words do not fit their rectangle."""
    found = []
    for lab in root.findChildren(QLabel):
        if not lab.isVisible() or not lab.text() or (lab.pixmap() is not None and not lab.pixmap().isNull()):
            continue
        rect = lab.contentsRect()
        metrics = lab.fontMetrics()
        words = re.split(r"[\s\u200b]+", lab.text())  # a zero-width space is a place to wrap too
        longest = max(words, key=metrics.horizontalAdvance, default="")
        if metrics.horizontalAdvance(longest) > rect.width():
            found.append(f"{describe(lab)}: the word {longest!r} is wider than its {rect.width()} px")
        needed = lab.heightForWidth(rect.width()) if lab.wordWrap() else metrics.height()
        if lab.wordWrap() and needed > rect.height():
            found.append(f"{describe(lab)}: needs {needed} px of height, has {rect.height()} px")
        if not lab.wordWrap() and metrics.horizontalAdvance(lab.text()) > rect.width():
            found.append(f"{describe(lab)}: needs {metrics.horizontalAdvance(lab.text())} px, has {rect.width()}")
    for button in root.findChildren(WrapButton):  # a button paints its own words and icon
        if not button.isVisible() or not button.words():
            continue
        rect, metrics = button.words_rect(), button.fontMetrics()
        words = re.split(r"[\s\u200b]+", button.words())
        longest = max(words, key=metrics.horizontalAdvance, default="")
        if metrics.horizontalAdvance(longest) > rect.width():
            found.append(f"{describe(button)}: the word {longest!r} is wider than its {rect.width()} px")
        needed = metrics.boundingRect(QRect(0, 0, max(1, rect.width()), 100_000), Qt.TextFlag.TextWordWrap,
                                      button.words()).height()
        if needed > rect.height():
            found.append(f"{describe(button)}: its words need {needed} px of height, have {rect.height()} px")
        if not button.rect().contains(button.icon_rect()) and not button.icon_rect().isEmpty():
            found.append(f"{describe(button)}: its icon sticks out of it")
    return found


def hidden_text(root: QWidget) -> list[str]:
    """Text views that cannot scroll (the page around them does) but are shorter than their words: the
    lines below the edge are simply never seen."""
    found = []
    for view in root.findChildren(QTextEdit):
        if not view.isVisible() or view.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            continue
        needed = view.document().size().height()
        shown = view.viewport().height()
        if needed > shown + 1:
            found.append(f"{describe(view)}: its text needs {needed:.0f} px of height, shows {shown} px")
    return found


def blank_pages(root: QWidget) -> list[str]:
    """Scrolling pages taller than what is on them: "More below" over nothing, and blank space to swipe to."""
    found = []
    for area in root.findChildren(QScrollArea):
        page = area.widget()
        layout = page.layout() if page is not None else None
        if layout is None or not area.isVisible() or not area.widgetResizable() or not layout.hasHeightForWidth():
            continue
        needed = max(area.viewport().height(), layout.totalHeightForWidth(page.width()))
        if page.height() > needed + 1:
            found.append(f"{describe(area)}: its page is {page.height()} px tall, what is on it needs {needed} px")
    return found


def small_targets(root: QWidget, units: Units) -> list[str]:
    found = []
    buttons = [b for b in dict.fromkeys(root.findChildren(QPushButton)) if b.isVisible()]
    for b in buttons:
        width_mm, height_mm = units.to_mm_w(b.width()), units.to_mm_h(b.height())
        need = PRIMARY_MM if b.property("role") in PRIMARY_ROLES else TOUCH_MM
        if width_mm < TOUCH_MM - 0.01 or height_mm < need - 0.01:
            found.append(f"{describe(b)} is {width_mm:.1f} x {height_mm:.1f} mm (needs {TOUCH_MM:g} x {need:g})")
    # Gaps are judged on what shows: a button half scrolled out of its area is clipped, not overlapping.
    rects = [(b, visible_rect(b)) for b in buttons if not visible_rect(b).isEmpty()]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            gap_x = max(rb.left() - ra.right() - 1, ra.left() - rb.right() - 1)
            gap_y = max(rb.top() - ra.bottom() - 1, ra.top() - rb.bottom() - 1)
            gap_mm = max(units.to_mm_w(gap_x), units.to_mm_h(gap_y))
            if gap_mm < GAP_MM - 0.05:
                found.append(f"{describe(a)} and {describe(b)} are {gap_mm:.1f} mm apart (needs {GAP_MM:g})")
    return found


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or (widget.text() if isinstance(widget, QLabel) else "")
    if not name and isinstance(widget, QTextEdit):
        name = widget.document().toPlainText()
    return f"{type(widget).__name__}({name[:40]!r})"


def layout_problems(root: QWidget, units: Units) -> list[str]:
    return overlaps(root) + cut_text(root) + hidden_text(root) + blank_pages(root) + small_targets(root, units)
