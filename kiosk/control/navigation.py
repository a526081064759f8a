"""Navigation: turns the patient's intents into places, and puts each place's screen up.

Where the patient is lives in :class:`kiosk.session.Session`; which screen shows a place is decided
here (:meth:`Navigation.build`), the screen itself is made by the factory, and leaflet screens come from
the cache when they were built before. Keyboard navigation, when it comes, is one more way in: a key
that activates a focused button emits the button's own signal, so it arrives here as the same intent
(:attr:`Navigation.shown` hands it each screen as it goes up, to focus its first button).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.content import Content
from kiosk.control.cache import ScreenCache
from kiosk.control.look import LookController
from kiosk.control.part import WindowPart
from kiosk.control.reload import ReloadPolicy
from kiosk.control.screens import ScreenFactory
from kiosk.control.speech import SpeechController
from kiosk.control.staff import StaffController
from kiosk.control.swap import HomeSwap
from kiosk.core import memory
from kiosk.core.metrics import Metrics
from kiosk.selfcheck.engine import SelfCheckSession
from kiosk.session import HOME, SELFCHECK_FLOW, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN, Place, Session
from kiosk.ui.input import InputWatcher
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.widgets import Screen
from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk")
RELEASE_AFTER_MS = 1000  # after a session ends, when its screens have been deleted


class Navigation(WindowPart):
    """Shows places, answers the patient's intents, and ends sessions.

    ``resetting`` is emitted as a session ends, before the home screen is built: whoever holds something
    of the patient's (the idle question, the input watcher, the speech engine) drops it then."""

    resetting = Signal()
    shown = Signal(QWidget)  # a screen went up (the focus hook for key navigation)
    went_home = Signal()  # the patient chose Home (or Done): a visit ended without the session's reset

    _showing = False  # a screen is being put up (a class default: Qt may resize the window during __init__)

    def __init__(self, window: KioskWindow, *, session: Session, factory: ScreenFactory, cache: ScreenCache,
                 look: LookController, reload: ReloadPolicy, speech: SpeechController, staff: StaffController,
                 input_watcher: InputWatcher, metrics: Metrics, parent: QObject) -> None:
        super().__init__(window, parent)
        self.session = session
        self.factory = factory
        self.cache = cache
        self.look = look
        self.reload = reload
        self.speech = speech
        self.staff = staff
        self.input = input_watcher
        self.metrics = metrics
        self.closed = False
        #: A reloaded file's home screen, put up over a few event-loop turns.
        self.home_swap = HomeSwap(window, build=lambda: self.build_ahead(HOME), put_up=self._put_up_new_home,
                                  going_on=lambda: not self.closed, discard=cache.discard, parent=self)
        # A resize that comes while a screen is being put up waits until it is up (see relayout).
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self.relayout)

    @property
    def content(self) -> Content | None:
        return self.reload.content

    @property
    def screen(self) -> Screen:
        widget = self.window.screen_widget
        assert isinstance(widget, Screen)
        return widget

    # -- putting screens up -----------------------------------------------------------------------------
    def show(self, place: Place) -> None:
        self._showing = True
        try:
            self._show(place)
        finally:
            self._showing = False

    def _show(self, place: Place) -> None:
        self.speech.stop()  # EN 301 549 5.1.3.5: speech stops when the screen changes
        self.look.apply()
        screen = self.cache.get(place) if self.content is not None else None
        if screen is None:
            screen = self.build(place)
            if self.cache.keeps(place) and self.content is not None:
                self.cache.put(place, screen)
        else:
            screen.reset_scroll()
        self.window.set_screen(screen, keep=self.cache.is_kept)
        self.shown.emit(screen)

    def build(self, place: Place) -> Screen:
        """The screen for *place*, built now (the cache is the caller's business)."""
        frame = self.look.frame()
        content, run = self.content, self.session.selfcheck
        if content is None:
            return self.factory.updating(frame)
        if place[0] == "section":
            return self.factory.section(frame, place[1])
        if place == SELFCHECK_INTRO and content.selfcheck is not None:
            return self.factory.selfcheck_intro(frame)
        if place == SELFCHECK_FLOW and run is not None:
            return self.factory.selfcheck_step(frame, run)
        if place == STAFF_PIN:
            message, locked = self.staff.pin_pad_state(lambda seconds: frame.ui("pin_locked", seconds=seconds))
            return self.factory.pin_pad(frame, message=message, locked=locked)
        if place == STAFF_PANEL:
            facts = self.staff.facts(self.reload.content_path, self.reload.loaded_at, self.speech.status())
            return self.factory.staff_panel(frame, facts=facts, errors=self.reload.last_errors,
                                            warnings=self.staff.warnings(content, self.look.units))
        return self.factory.home(frame)

    def refresh(self) -> None:
        """Show the current place again after a language, size, contrast or content change; the bar is
        rebuilt when anything it shows changed."""
        self.show(self.session.nav.current)

    def ensure_screen(self) -> None:
        """Build the first screen when the window is about to appear, at its real size, once."""
        if self.window.screen_widget is None:
            self.update_units()  # the real size, now that the window has it
            self.show(self.session.nav.current)

    def update_units(self) -> bool:
        """Sizes again, for the screens and for the staff corner (measured in the same millimetres)."""
        changed = self.look.update_units()
        self.input.units = self.look.units
        return changed

    def relayout(self) -> None:
        if self.window.screen_widget is None:
            return  # nothing built yet: the first screen is built at its real size when shown
        if self._showing:
            # Found by the monkey: a resize while a screen was being put up rebuilt the screen from inside
            # its own show, and PySide6 kept the Python side of the one thrown away for good.
            self._relayout_timer.start()
            return
        if self.update_units():
            self.show(self.session.nav.current)

    # -- the patient's intents ------------------------------------------------------------------------------
    def go(self, place: Place) -> None:
        if place[0] == "section" and (self.content is None or not self.content.has_section(place[1])):
            self.home()  # a tile of a home screen being replaced by a new file that no longer has its section
            return
        self._count(place)
        self.show(self.session.nav.go(place))

    def open_section(self, section_id: str) -> None:
        self.go(("section", section_id))

    def step_section(self, section_id: str) -> None:
        """Previous / Next between sections: a step like any other, so Back returns to the section just read."""
        self.go(("section", section_id))

    def open_selfcheck(self) -> None:
        self.go(SELFCHECK_INTRO)

    def back(self) -> None:
        self.show(self.session.nav.back())

    def home(self) -> None:
        self.went_home.emit()
        self.session.selfcheck = None
        self.reload.apply_pending()
        self.show(self.session.nav.home())

    def set_language(self, language: str) -> None:
        self.session.language = language
        self.refresh()

    def text_larger(self) -> None:
        self._set_text_step(self.session.text_step + 1)

    def text_smaller(self) -> None:
        self._set_text_step(self.session.text_step - 1)

    def _set_text_step(self, step: int) -> None:
        if self.session.set_text_step(step):
            self.update_units()
            self.refresh()

    def toggle_contrast(self) -> None:
        self.session.high_contrast = not self.session.high_contrast
        self.refresh()

    def _count(self, place: Place) -> None:
        if place[0] == "section":
            self.metrics.section_opened(place[1])

    def reset_session(self) -> None:
        """Forget everything the last patient did or chose: the next one starts fresh."""
        self.resetting.emit()
        self.session.selfcheck = None
        self.reload.apply_pending()
        self.session.reset()
        self.update_units()
        self.look.renew_bar()  # a fresh bar: nothing of the last patient's read-aloud (Repeat) survives
        self.refresh()

    def session_expired(self) -> None:
        """Nobody touched the screen for the idle time-out: the next patient starts fresh."""
        log.info("session ended after %s s without a touch", self.input.idle.timeout_s + self.input.idle.warning_s)
        self.reset_session()
        self.prepare_sections()
        # Nobody is at the screen: once the last patient's screens are deleted, give their memory back.
        QTimer.singleShot(RELEASE_AFTER_MS, memory.release_free_memory)

    def open_staff(self) -> None:
        """The staff corner: the last patient's session is wiped before the PIN pad goes up."""
        self.reset_session()
        self.go(STAFF_PIN)

    def staff_admitted(self) -> None:
        self.show(self.session.nav.replace(STAFF_PANEL))

    # -- the self-check -----------------------------------------------------------------------------------
    def start_selfcheck(self) -> None:
        self.reload.apply_pending()
        if self.content is None or self.content.selfcheck is None:  # the new file has no self-check
            self.home()
            return
        self.session.selfcheck = SelfCheckSession(self.content.selfcheck)
        self.go(SELFCHECK_FLOW)

    def answer(self, index: int) -> None:
        run = self.session.selfcheck
        assert run is not None
        run.answer(index)
        if run.outcome is not None:
            self.metrics.selfcheck_finished(run.outcome.level)  # the level only, never the answers
        self.show(SELFCHECK_FLOW)

    def selfcheck_back(self) -> None:
        run = self.session.selfcheck
        assert run is not None
        if run.back():
            self.show(SELFCHECK_FLOW)
        else:
            self.session.selfcheck = None
            self.reload.apply_pending()  # nobody is mid-flow any more: a reload that waited applies now
            self.back()

    def start_over(self) -> None:
        assert self.session.selfcheck is not None
        self.session.selfcheck.restart()
        self.show(SELFCHECK_FLOW)

    # -- a new content file -------------------------------------------------------------------------------
    def content_applied(self, content: Content, first: bool) -> None:
        """The content on show changed (now, or as a patient left the self-check)."""
        self.cache.forget()
        self.session.set_defaults(content.default_language, content.theme.high_contrast, apply=first)
        self.update_units()  # its display: block may give the screen another size in millimetres
        self.input.configure(self.look.units, timeout_s=content.kiosk.idle_timeout_s,
                             warning_s=content.kiosk.idle_warning_s)

    def content_arrived(self) -> None:
        """A reload was applied at once: the screen on show follows it."""
        content = self.content
        assert content is not None
        nav = self.session.nav
        place = nav.current
        if (place[0] == "section" and not content.has_section(place[1])) or place[0] == "selfcheck":
            place = nav.home()
        self.update_units()  # a new display: block changes how many pixels the staff corner spans
        if place == nav.current == HOME and isinstance(self.window.screen_widget, HomeScreen):
            self.home_swap.start()
            return
        self.refresh() if place == nav.current else self.show(place)
        self.prepare_sections()  # between patients only: it checks

    def errors_changed(self) -> None:
        """The bar's marker follows; the staff panel, if up, shows the new problems."""
        self.look.apply()
        if self.session.nav.current[0] == "staff":
            self.show(self.session.nav.current)

    @property
    def swapping(self) -> bool:
        """A reloaded file's home screen is being built and will replace the one on screen."""
        return self.home_swap.swapping

    def _put_up_new_home(self, screen: Screen) -> None:
        self.speech.stop()  # EN 301 549 5.1.3.5: speech stops when the screen changes
        self.cache.put(HOME, screen)
        self.window.set_screen(screen, keep=self.cache.is_kept)
        self.shown.emit(screen)
        self.prepare_sections()  # between patients only: it checks

    # -- screens built ahead --------------------------------------------------------------------------------
    def _section_places(self) -> list[Place]:
        return [("section", s.id) for s in self.content.sections] if self.content is not None else []

    def prepare_sections(self) -> None:
        """Build the section screens before anyone taps a tile, while nobody is using the kiosk (after
        start-up, a session's end, a reload between patients); see :meth:`ScreenCache.prepare`."""
        if self.content is None or self.input.in_session:
            return
        self.cache.prepare(self._section_places())

    @property
    def sections_prepared(self) -> bool:
        """Every section screen of the current look is built (or there is nothing to build)."""
        return self.cache.prepared(self._section_places())

    def may_prepare(self) -> bool:
        return (not self.closed and self.content is not None and not self.input.in_session
                and self.session.nav.current[0] == "home")

    def build_ahead(self, place: Place) -> Screen:
        """For the cache: the kept screens must belong to the look on screen, else they are dropped."""
        self.look.apply()
        return self.build(place)
