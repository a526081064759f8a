"""Sizes, colours and the strip across the top: worked out again whenever the window, the content's
display block, the text size, the contrast or the language changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QSizeF
from PySide6.QtGui import QGuiApplication

from kiosk.content import Content
from kiosk.control.cache import ScreenCache
from kiosk.control.part import WindowPart
from kiosk.control.screens import CallOffer, Frame, ScreenFactory, no_call
from kiosk.model.content import Display, Theme
from kiosk.session import Session
from kiosk.theme import palette_for
from kiosk.ui.style import Look, stylesheet
from kiosk.ui.units import Units
from kiosk.ui.window import KioskWindow


class LookController(WindowPart):
    """Owns the units (millimetres → pixels), the style sheet and the access bar.

    *content* gives the content on show (or None); *speech_offered* and *speaking* say what the bar's
    Read aloud shows; *marker* whether staff have a problem to see (the bar's discreet marker); *call*
    whether the bar offers "Call a staff member" and the state of this visit's call (kiosk.control.alerts)."""

    def __init__(self, window: KioskWindow, session: Session, factory: ScreenFactory, cache: ScreenCache, *,
                 content: Callable[[], Content | None], speech_offered: Callable[[str], bool],
                 speaking: Callable[[], bool], marker: Callable[[], bool], parent: QObject,
                 call: Callable[[], CallOffer] = no_call) -> None:
        super().__init__(window, parent)
        self.session = session
        self.factory = factory
        self.cache = cache
        self._content = content
        self._speech_offered = speech_offered
        self._speaking = speaking
        self._marker = marker
        self._call = call
        self._style_key: Look | None = None
        self._bar_key: tuple[object, ...] | None = None
        self.units = self.measure()

    # -- sizes --------------------------------------------------------------------------------------------
    def measure(self) -> Units:
        """The sizes for the window as it is now, the content's display: block and the patient's text step."""
        content = self._content()
        display = content.display if content else Display()
        window = self.window
        size = window.size()
        screen = window.screen() or QGuiApplication.primaryScreen()
        reported = None
        if screen is not None and screen.size().width() > 0:
            scale = screen.physicalSize().width() / screen.size().width()
            reported = QSizeF(size.width() * scale, size.height() * scale)
        return Units.for_screen(size, display, reported, self.session.text_scale)

    def update_units(self) -> bool:
        """Work the sizes out again; every change of sizes goes through here. True when they changed
        (the owner also gives them to the input watcher: the staff corner is measured in millimetres)."""
        units = self.measure()
        changed = units != self.units
        self.units = units
        return changed

    @property
    def look(self) -> Look:
        content = self._content()
        theme = content.theme if content else Theme()
        return Look(self.units, palette_for(theme, self.session.high_contrast), self.window.width())

    def frame(self) -> Frame:
        """What the next screen is drawn with."""
        return Frame(self._content(), self.look, self.session.language)

    # -- style and bar ----------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Bring the window's direction, style sheet and bar up to date, and drop kept screens built for
        another look or language."""
        window = self.window
        language = self.session.language
        direction = QLocale(language).textDirection()  # Arabic, Hebrew … lay out right to left
        if direction != window.layoutDirection():
            window.setLayoutDirection(direction)
        look = self.look
        if look != self._style_key:
            self._style_key = look
            window.setStyleSheet(stylesheet(look.units, look.palette))
        self.cache.validate((look, language))
        bar_key = self._bar_state(look)
        if bar_key != self._bar_key:
            self._bar_key = bar_key
            window.set_bar(self._build_bar(look))

    def renew_bar(self) -> None:
        """A fresh bar at the next :meth:`apply`: nothing of the last patient's read-aloud (Repeat) survives."""
        self._bar_key = None

    def _bar_state(self, look: Look) -> tuple[object, ...]:
        """Everything the bar shows but whether it is speaking (set_speaking follows that in place).
        A reload that changes none of it keeps the bar: rebuilding it cost ~20 ms of the swap."""
        content = self._content()
        language = self.session.language
        words = content.ui_text.get(language, {}) if content else {}
        return (look, language, tuple(sorted(words.items())), self.session.text_step, self.session.high_contrast,
                self._speech_offered(language), self._marker(), self._call()[0])  # the call's state: in place

    def _build_bar(self, look: Look) -> QObject:
        session = self.session
        frame = Frame(self._content(), look, session.language)
        return self.factory.bar(frame, text_step=session.text_step, high_contrast=session.high_contrast,
                                speech=self._speech_offered(session.language), speaking=self._speaking(),
                                marker=self._marker(), width=self.window.width(), call=self._call())

    def show_speaking(self, speaking: bool) -> None:
        """The bar's Read aloud button follows the speaker: Stop while it speaks; Repeat once it has."""
        bar = self.window.bar
        if bar is None:
            return
        bar.set_speaking(speaking, self.frame().ui)  # type: ignore[attr-defined]
        if speaking:
            bar.repeat_button.setEnabled(True)  # type: ignore[attr-defined]
