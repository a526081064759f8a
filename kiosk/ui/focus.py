"""Where the keypad's focus may go, in what order, and the ring that shows it.

A patient who cannot see the screen moves through its controls with a keypad (EN 301 549 5.1.6.1);
a sighted one using the keypad must see where the focus is (WCAG 2.4.7, 2.4.13). Touch users never
see the ring: it is shown only while the kiosk is in keypad mode (:mod:`kiosk.ui.keys`).

Why the ring is painted here and not by a style sheet ``:focus`` border: a ring must keep 3:1 against
the control *and* the page around it, and no single colour can do that for the default theme's dark
blue buttons (relative luminance 0.065) on its light page (0.91): 3:1 against the button needs a
luminance of at least 0.30, 3:1 against the page at most 0.27. So the ring has two bands (WCAG
technique C40): an outer band in the focus colour against the page, an inner band in the control's own
ink against its fill. A style sheet border has one colour, so the ring is a small widget laid over the
focused control; it takes no input, so taps reach the control under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from kiosk.colour import contrast
from kiosk.theme import Palette

#: Each band of the ring, at least this many pixels (WCAG 2.4.13 asks 2 CSS px; the issue asks 3).
MIN_BAND_PX = 3
BAND_MM = 1.2  # each band on the panel: 3 px of a 1920 px, 24" panel was found too thin to spot at a glance
#: WCAG 2.4.13 (and 1.4.11): the ring against what is next to it.
MIN_RING_CONTRAST = 3.0


@dataclass(frozen=True)
class RingColours:
    """The two bands of the ring, and what each stands against."""

    outer: str  # against the page
    inner: str  # against the control's fill
    fill: str


def filled_with_accent(role: str) -> bool:
    """Every button but a tile is filled with the accent colour (kiosk.ui.style's rules)."""
    return role != "tile"


def ring_colours(palette: Palette, role: str) -> RingColours:
    """The ring for a button of *role* on *palette*'s page: the focus colour outside when it keeps 3:1
    against the page and the panels on it (else the text colour, which keeps 7:1), and the control's
    own ink inside, which keeps 7:1 against its fill."""
    pages = (palette.background, palette.surface)
    outer = palette.focus
    if min(contrast(outer, page) for page in pages) < MIN_RING_CONTRAST:
        outer = palette.text
    if filled_with_accent(role):
        return RingColours(outer=outer, inner=palette.on_accent, fill=palette.accent)
    return RingColours(outer=outer, inner=palette.text, fill=palette.surface)


def can_focus(widget: QWidget) -> bool:
    """A control the keypad may land on: shown, enabled, and one that takes keyboard focus."""
    return (widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value))


def reading_order(root: QWidget) -> list[QWidget]:
    """*root*'s buttons that can take the focus, as a reader meets them: row by row from the top, and
    along each row in the direction the words run. Buttons belong to one row when each one's middle
    lies within the first one's height (buttons of a row may differ in height by a wrapped line)."""
    found = [w for w in root.findChildren(QAbstractButton) if can_focus(w)]
    window = root.window()
    placed = []
    for widget in found:
        top_left = widget.mapTo(window, widget.rect().topLeft())
        placed.append((top_left.y(), top_left.x(), widget.height(), widget))
    placed.sort(key=lambda p: (p[0], p[1]))
    rows: list[list[tuple[int, int, int, QWidget]]] = []
    for item in placed:
        if rows and item[0] + item[2] // 2 < rows[-1][0][0] + rows[-1][0][2]:
            rows[-1].append(item)
        else:
            rows.append([item])
    backwards = window.isRightToLeft()
    return [item[3] for row in rows for item in sorted(row, key=lambda p: p[1], reverse=backwards)]


def in_groups(groups: Sequence[Sequence[QWidget]]) -> list[list[QWidget]]:
    """*groups* with what cannot take the focus now left out, and groups left empty dropped."""
    kept = [[w for w in group if can_focus(w)] for group in groups]
    return [group for group in kept if group]


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around *widget* until it shows, as a finger would."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, widget.height() // 4)
        parent = parent.parentWidget()


class FocusRing(QWidget):
    """The two-band ring, laid over the focused control and following its size."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("FocusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colours = RingColours("#000000", "#ffffff", "#ffffff")
        self.band = MIN_BAND_PX
        self.radius = 0
        self._target: QWidget | None = None
        self._follower = _Follower(self)
        self.hide()

    @property
    def target(self) -> QWidget | None:
        return self._target

    def attach(self, target: QWidget, colours: RingColours, band: int, radius: int) -> None:
        """Draw the ring on *target* (a child of it, so that grabbing the control shows its ring)."""
        if self._target is not None and self._target is not target:
            self._target.removeEventFilter(self._follower)
        self._target = target
        self.colours, self.band, self.radius = colours, max(MIN_BAND_PX, band), radius
        if self.parentWidget() is not target:
            self.setParent(target)
            target.installEventFilter(self._follower)
        self.setGeometry(target.rect())
        self.show()
        self.raise_()
        self.update()

    def detach(self) -> None:
        if self._target is not None:
            self._target.removeEventFilter(self._follower)
        self._target = None
        self.hide()
        self.setParent(None)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        outer = QRectF(self.rect())
        middle = outer.adjusted(self.band, self.band, -self.band, -self.band)
        inner = middle.adjusted(self.band, self.band, -self.band, -self.band)
        radius = float(self.radius)
        for colour, edge, hole in ((self.colours.outer, outer, middle), (self.colours.inner, middle, inner)):
            path = QPainterPath()
            path.addRoundedRect(edge, radius, radius)
            cut = QPainterPath()
            cut.addRoundedRect(hole, max(0.0, radius - self.band), max(0.0, radius - self.band))
            painter.fillPath(path.subtracted(cut), QColor(colour))
            radius = max(0.0, radius - self.band)
        painter.end()


class _Follower(QObject):
    """Keeps the ring the size of its control, and drops it with the control."""

    def __init__(self, ring: FocusRing) -> None:
        super().__init__(ring)
        self.ring = ring

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.ring.target and event.type() == QEvent.Type.Resize:
            self.ring.setGeometry(self.ring.target.rect())
        return False
