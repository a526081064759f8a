"""The screen cache: leaflet screens built ahead of the first tap, kept between visits, dropped when stale."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.control.part import WindowPart
from kiosk.session import Place
from kiosk.ui.widgets import Screen
from kiosk.ui.window import KioskWindow

KEPT = ("home", "section")  # places whose screens are kept between visits


class ScreenCache(WindowPart):
    """Home and section screens hold nothing of a patient's, so they are built once and kept:
    building a screen costs tens of milliseconds, switching to a kept one a few.

    Kept screens belong to one *key* (the look and the language they were built for): another key drops
    them all (:meth:`validate`), as does a new content file (:meth:`forget`).
    """

    def __init__(self, window: KioskWindow, *, build: Callable[[Place], Screen], may_prepare: Callable[[], bool],
                 parent: QObject) -> None:
        super().__init__(window, parent)
        self._build = build
        self._may_prepare = may_prepare
        self._kept: dict[Place, Screen] = {}
        self._key: Hashable = None
        #: Leaflet screens still to build ahead of the first tap, one per event-loop turn, while nobody is there.
        self._to_prepare: list[Place] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._prepare_next)

    @staticmethod
    def keeps(place: Place) -> bool:
        return place[0] in KEPT

    def get(self, place: Place) -> Screen | None:
        return self._kept.get(place)

    def put(self, place: Place, screen: Screen) -> None:
        self._kept[place] = screen

    def is_kept(self, widget: QWidget) -> bool:
        """For :meth:`KioskWindow.set_screen`: a kept screen is hidden, not destroyed, when another goes up."""
        return any(widget is screen for screen in self._kept.values())

    @property
    def places(self) -> list[Place]:
        """The places whose screens are kept now (built ahead or visited)."""
        return list(self._kept)

    def validate(self, key: Hashable) -> None:
        """Drop the kept screens unless they were built for *key* (the look and the language)."""
        if key != self._key:
            self._key = key
            self.forget()

    def forget(self) -> None:
        """Drop the kept leaflet screens: language, size, contrast or content changed."""
        kept, self._kept = self._kept, {}
        for screen in kept.values():
            self.window.discard(screen, gradually=True)  # leaflet screens: nothing of a patient's in them

    def discard(self, screen: QWidget) -> None:
        """Take a screen that was built but never shown out of the window, unless it is kept."""
        if not self.is_kept(screen):
            self.window.discard(screen)

    # -- building ahead ----------------------------------------------------------------------------
    def prepare(self, places: Iterable[Place]) -> None:
        """Build *places* before anyone taps a tile: a first visit cost 50–90 ms, a kept screen a switch
        and a paint. One screen per event-loop turn, and only while *may_prepare* says nobody is using
        the kiosk: a tap stops it, and the screens not built yet are built when first opened, as before."""
        self._to_prepare = list(places)
        self._timer.start()

    @property
    def preparing(self) -> bool:
        """Screens are still waiting to be built ahead."""
        return bool(self._to_prepare)

    def prepared(self, places: Iterable[Place]) -> bool:
        return all(place in self._kept for place in places)

    def stop(self) -> None:
        self._to_prepare = []
        self._timer.stop()

    def _prepare_next(self) -> None:
        while self._to_prepare:
            if not self._may_prepare():
                break
            place = self._to_prepare.pop(0)
            if place in self._kept:
                continue
            screen = self._build(place)  # validates the key first: kept screens belong to the look on screen
            self._kept[place] = screen
            self.window.prepare(screen)
            return  # one per turn: a tap waits for one screen at most
        self.stop()
