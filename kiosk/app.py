"""The one place that builds objects and connects signals: content → screens, taps → navigation."""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QSize, QSizeF, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.content import Content, ContentError
from kiosk.content.model import Display, Text, Theme
from kiosk.content.offload import load_elsewhere
from kiosk.core import memory
from kiosk.core.clock import Clock
from kiosk.core.metrics import Metrics
from kiosk.core.panel import TEXT_STEPS
from kiosk.core.pin import DEFAULT_PIN, AttemptResult, PinLock, is_default
from kiosk.selfcheck.engine import SelfCheckSession
from kiosk.services.frontdesk import FrontDesk
from kiosk.session import HOME, SELFCHECK_FLOW, SELFCHECK_INTRO, STAFF_PANEL, STAFF_PIN, Navigator, Place
from kiosk.strings import BUILTIN, UiText
from kiosk.theme import palette_for
from kiosk.ui import icons
from kiosk.ui.accessbar import AccessBar
from kiosk.ui.by_name import right_to_left, set_by_name
from kiosk.ui.input import InputWatcher
from kiosk.ui.reloader import ContentWatcher
from kiosk.ui.screens.home import HomeScreen, Tile
from kiosk.ui.screens.staff import PinPadScreen, StaffPanelScreen
from kiosk.ui.screens.updating import UpdatingScreen
from kiosk.ui.style import Look, base_font, stylesheet
from kiosk.ui.units import Units
from kiosk.ui.widgets import Screen, first_frame_painted
from kiosk.ui.window import KeyGuard, KioskWindow

if TYPE_CHECKING:
    # Imported where they are first built, once the kiosk is up: none is on the first frame, and the body
    # text they show needs Qt's text document classes, which PySide6 builds (enums and all) when first
    # named: ~12 ms of start-up (see kiosk.ui.body).
    from kiosk.ui.idle_overlay import IdleOverlay
    from kiosk.ui.screens.section import SectionScreen
    from kiosk.ui.screens.selfcheck import OutcomeScreen, QuestionScreen, SelfCheckIntroScreen
    from kiosk.ui.speech import Speaker

log = logging.getLogger("kiosk")
KEPT = ("home", "section")  # places whose screens are kept between visits
PREVIEW_ENGINE = "preview"
WINDOWED_SIZE = QSize(1280, 800)
RELEASE_AFTER_MS = 1000  # after a session ends, when its screens have been deleted


class KioskApp(QObject):
    """Owns the content, the window and the patient's session; turns screen intents into navigation."""

    _showing = False  # a screen is being put up (a class default: Qt may resize the window during __init__)

    def __init__(self, content_path: Path, content: Content | None, *, fullscreen: bool,
                 clock: Clock = time.monotonic, speech_engine: str | None = None, watch: bool = True,
                 startup_error: ContentError | None = None, metrics_file: Path | None = None) -> None:
        super().__init__()
        self.content_path = content_path
        self.content = content
        self.fullscreen = fullscreen
        self.clock = clock
        self.started_at = clock()
        self.loaded_at = time.time() if content else None  # wall clock, for the staff panel
        #: The content file's last problems (file:line:col lines), for the staff panel; empty when it is fine.
        self.last_errors: list[str] = []
        self.last_errors = startup_error.lines() if startup_error else []
        self.pin_lock = PinLock(clock=clock)
        self.overlay: IdleOverlay | None = None
        #: A valid new content file that arrived while a patient was mid-self-check: applied when they go home.
        self.pending: Content | None = None
        self._shut_down = False
        self._pin_message = ""  # what the PIN pad says after a wrong PIN; survives a rebuild of the pad
        self.window = KioskWindow(locked=fullscreen)
        self.window.setFont(base_font())
        self.window.kiosk = self  # type: ignore[attr-defined]  # the window keeps its controller alive
        self.key_guard = KeyGuard(self.window) if fullscreen else None
        self.nav = Navigator()
        #: The patient's self-check answers: in memory only, dropped on Done, Home, Start over and idle.
        self.selfcheck: SelfCheckSession | None = None
        self.text_step = 0
        self.language = content.default_language if content else "en"
        self.high_contrast = content.theme.high_contrast if content else False
        self.units = self._units()
        self._style_key: Look | None = None
        #: Home and section screens hold nothing of a patient's, so they are built once and kept:
        #: building a screen costs tens of milliseconds, switching to a kept one a few.
        self._kept: dict[Place, Screen] = {}
        #: A reloaded file's home screen being put up over a few event-loop turns (_swap_home_in_turns).
        self._swap: object | None = None
        self._swap_screen: Screen | None = None
        self._bar_key: tuple[object, ...] | None = None
        self.window.resized.connect(self._relayout)
        self.window.about_to_show.connect(self._ensure_screen)
        self.window.first_painted.connect(self._after_first_frame)
        #: Leaflet screens still to build ahead of the first tap, one per event-loop turn, while nobody is there.
        self._to_prepare: list[Place] = []
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setInterval(0)
        self._prepare_timer.timeout.connect(self._prepare_next)
        # A resize that comes while a screen is being put up waits until it is up (see _relayout).
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self._relayout)
        self.window.closed.connect(self.shutdown)
        self._install_crash_guard()
        settings = content.kiosk if content else None
        self.input = InputWatcher(self.window, self.units, timeout_s=settings.idle_timeout_s if settings else 90,
                                  warning_s=settings.idle_warning_s if settings else 20, clock=clock)
        self.input.warning.connect(self._idle_warning)
        self.input.countdown.connect(lambda s: self.overlay.set_seconds(s) if self.overlay else None)
        self.input.extended.connect(self._hide_overlay)
        self.input.expired.connect(self._idle_expired)
        self.input.staff_corner.connect(self._staff_corner)
        #: Anonymous counters for the clinic's monitoring; written only when a file is configured.
        self.metrics = Metrics(clock)
        self.metrics_file = metrics_file or (Path(content.kiosk.metrics_file) if content and
                                             content.kiosk.metrics_file else None)
        if content is not None:
            self.metrics.content_loaded(content.sha256, [s.id for s in content.sections])
        self.input.session_started.connect(self.metrics.session_started)
        self.metrics_timer = QTimer(self)
        self.metrics_timer.setInterval(60_000)
        self.metrics_timer.timeout.connect(self.write_metrics)
        if self.metrics_file is not None:
            self.metrics_timer.start()
        # -- issue 26, alerts to the front desk: a small block for the split's controllers to take over --------
        self.front_desk = FrontDesk(self.metrics, parent=self)
        self.front_desk.configure(content)
        self.front_desk.status_changed.connect(self._alerts_status_changed)
        # -- end of issue 26's block --------------------------------------------------------------------------
        self.watcher: ContentWatcher | None = None
        if watch:
            self.watcher = ContentWatcher(content_path, current=content, loader=load_elsewhere, parent=self)
            self.watcher.loaded.connect(self.content_loaded)
            self.watcher.failed.connect(self.content_failed)
        #: Read aloud, started after the first frame (QtTextToSpeech and its engine need not delay it).
        self.speaker: Speaker | None = None
        self._speech_engine = speech_engine or os.environ.get("KIOSK_SPEECH_ENGINE") or None
        #: Previews draw the Read aloud button as patients would see it, without starting an engine.
        self.preview_speech = self._speech_engine == PREVIEW_ENGINE
        self.speech_wanted = (content is None or content.kiosk.speech) and not self.preview_speech

    # -- what is shown ------------------------------------------------------------------------
    @property
    def ui(self) -> UiText:
        return UiText(self.language, self.content.ui_text if self.content else None)

    def text(self, text: Text | None) -> str:
        if text is None:
            return ""
        return text.get(self.language, self.content.default_language if self.content else None)

    @property
    def screen(self) -> Screen:
        widget = self.window.screen_widget
        assert isinstance(widget, Screen)
        return widget

    def show(self, place: Place) -> None:
        self._showing = True
        try:
            self._show(place)
        finally:
            self._showing = False

    def _show(self, place: Place) -> None:
        if self.speaker is not None:
            self.speaker.stop()  # EN 301 549 5.1.3.5: speech stops when the screen changes
        self._apply_style()
        screen = self._kept.get(place) if self.content is not None else None
        if screen is None:
            screen = self._build(place)
            if place[0] in KEPT and self.content is not None:
                self._kept[place] = screen
        else:
            screen.reset_scroll()
        kept = set(map(id, self._kept.values()))
        self.window.set_screen(screen, keep=lambda w: id(w) in kept)

    def _forget_kept(self) -> None:
        """Drop the kept leaflet screens: language, size, contrast or content changed."""
        kept, self._kept = self._kept, {}
        for screen in kept.values():
            self.window.discard(screen, gradually=True)  # leaflet screens: nothing of a patient's in them

    def refresh(self) -> None:
        """Show the current place again after a language, size, contrast or content change; the bar is
        rebuilt when anything it shows changed."""
        self.show(self.nav.current)

    # -- patient settings: they reset with the session ---------------------------------------
    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh()

    def text_larger(self) -> None:
        self._set_text_step(self.text_step + 1)

    def text_smaller(self) -> None:
        self._set_text_step(self.text_step - 1)

    def _set_text_step(self, step: int) -> None:
        step = max(0, min(len(TEXT_STEPS) - 1, step))
        if step != self.text_step:
            self.text_step = step
            self._update_units()
            self.refresh()

    def toggle_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self.refresh()

    def reset_session(self) -> None:
        """Forget everything the last patient did or chose: the next one starts fresh."""
        self._hide_overlay()
        self.input.reset()
        self.selfcheck = None
        self.front_desk.new_visit()  # issue 26
        if self.speaker is not None:
            self.speaker.reset()
        self._apply_pending()
        self.nav.home()
        self.language = self.content.default_language if self.content else "en"
        self.high_contrast = self.content.theme.high_contrast if self.content else False
        self.text_step = 0
        self._update_units()
        self._bar_key = None  # a fresh bar: nothing of the last patient's read-aloud (Repeat) survives
        self.refresh()

    def go(self, place: Place) -> None:
        if place[0] == "section" and (self.content is None or not self.content.has_section(place[1])):
            self.home()  # a tile of a home screen being replaced by a new file that no longer has its section
            return
        self._count(place)
        self.show(self.nav.go(place))

    def _count(self, place: Place) -> None:
        if place[0] == "section":
            self.metrics.section_opened(place[1])

    def back(self) -> None:
        self.show(self.nav.back())

    def home(self) -> None:
        self.selfcheck = None
        self.front_desk.new_visit()  # issue 26
        self._apply_pending()
        self.show(self.nav.home())

    def _build(self, place: Place) -> Screen:
        if self.content is None:
            return UpdatingScreen(self.look, self.ui)
        if place[0] == "section":
            return self._section_screen(place[1])
        if place == SELFCHECK_INTRO and self.content.selfcheck is not None:
            return self._selfcheck_intro()
        if place == SELFCHECK_FLOW and self.selfcheck is not None:
            return self._question_screen() if self.selfcheck.current is not None else self._outcome_screen()
        if place == STAFF_PIN:
            return self._pin_screen()
        if place == STAFF_PANEL:
            return self._staff_panel()
        return self._home_screen()

    def _home_screen(self) -> HomeScreen:
        assert self.content is not None
        c = self.content
        others = [lang for lang in c.kiosk.languages if lang != self.language]
        other = (others[0], language_name(others[0], c.ui_text)) if others else None
        screen = HomeScreen(
            self.look, self.ui, title=self.text(c.kiosk.title), clinic=self.text(c.kiosk.clinic) or None,
            intro=self.text(c.kiosk.intro), notice=self.text(c.kiosk.notice),
            tiles=[Tile(s.id, self.text(s.title), s.icon) for s in c.sections],
            selfcheck_title=self.text(c.selfcheck.title) if c.selfcheck else None, other_language=other,
        )
        screen.section_chosen.connect(lambda sid: self.go(("section", sid)))
        screen.selfcheck_chosen.connect(lambda: self.go(SELFCHECK_INTRO))
        screen.language_chosen.connect(self.set_language)
        return screen

    def _section_screen(self, section_id: str) -> SectionScreen:
        from kiosk.ui.screens.section import SectionScreen  # not before the first frame: see TYPE_CHECKING above

        assert self.content is not None
        ids = [s.id for s in self.content.sections]
        index = ids.index(section_id)
        section = self.content.sections[index]
        screen = SectionScreen(self.look, self.ui, title=self.text(section.title), body=self.text(section.body),
                               icon=section.icon, has_previous=index > 0, has_next=index < len(ids) - 1)
        screen.back_requested.connect(self.back)
        screen.home_requested.connect(self.home)
        screen.previous_requested.connect(lambda: self._replace(("section", ids[index - 1])))
        screen.next_requested.connect(lambda: self._replace(("section", ids[index + 1])))
        return screen

    # -- the self-check ------------------------------------------------------------------------
    def _selfcheck_intro(self) -> SelfCheckIntroScreen:
        from kiosk.ui.screens.selfcheck import SelfCheckIntroScreen

        assert self.content is not None and self.content.selfcheck is not None
        flow = self.content.selfcheck
        screen = SelfCheckIntroScreen(self.look, self.ui, title=self.text(flow.title), intro=self.text(flow.intro))
        screen.start_requested.connect(self.start_selfcheck)
        screen.home_requested.connect(self.home)
        return screen

    def start_selfcheck(self) -> None:
        self._apply_pending()
        if self.content is None or self.content.selfcheck is None:  # the new file has no self-check
            self.home()
            return
        self.selfcheck = SelfCheckSession(self.content.selfcheck)
        self.go(SELFCHECK_FLOW)

    def _question_screen(self) -> QuestionScreen:
        from kiosk.ui.screens.selfcheck import QuestionScreen

        assert self.selfcheck is not None and self.selfcheck.current is not None
        question = self.selfcheck.current
        screen = QuestionScreen(
            self.look, self.ui, progress=self.ui("question_progress", n=self.selfcheck.question_number),
            question=self.text(question.text), help_text=self.text(question.help) or None,
            answers=[self.text(a.label) for a in question.answers],
        )
        screen.answer_chosen.connect(self._answer)
        screen.back_requested.connect(self._selfcheck_back)
        screen.start_over_requested.connect(self._start_over)
        screen.home_requested.connect(self.home)
        return screen

    def _outcome_screen(self) -> OutcomeScreen:
        from kiosk.ui.screens.selfcheck import OutcomeScreen

        assert self.content is not None and self.selfcheck is not None and self.selfcheck.outcome is not None
        outcome = self.selfcheck.outcome
        screen = OutcomeScreen(self.look, self.ui, level=outcome.level, title=self.text(outcome.title),
                               body=self.text(outcome.body), emergency_number=self.content.kiosk.emergency_number,
                               call_staff=self.front_desk.call_on_outcome(outcome.level),  # issue 26
                               staff_called=self.front_desk.called)
        screen.done_requested.connect(self.home)
        screen.staff_called.connect(partial(self.front_desk.staff_called, outcome.level, outcome.id))  # issue 26
        return screen

    def _answer(self, index: int) -> None:
        assert self.selfcheck is not None
        self.selfcheck.answer(index)
        if self.selfcheck.outcome is not None:
            self.metrics.selfcheck_finished(self.selfcheck.outcome.level)  # the level only, never the answers
        self.show(SELFCHECK_FLOW)
        if self.selfcheck.outcome is not None:  # issue 26: chime and alert once the outcome is on the screen
            self.front_desk.outcome_opened(self.selfcheck.outcome.level, self.selfcheck.outcome.id)

    def _selfcheck_back(self) -> None:
        assert self.selfcheck is not None
        if self.selfcheck.back():
            self.show(SELFCHECK_FLOW)
        else:
            self.selfcheck = None
            self._apply_pending()  # nobody is mid-flow any more: a reload that waited applies now
            self.back()

    def _start_over(self) -> None:
        assert self.selfcheck is not None
        self.selfcheck.restart()
        self.show(SELFCHECK_FLOW)

    # -- read aloud ------------------------------------------------------------------------------
    def speech(self) -> list[str]:
        """What the patient sees, in reading order: the idle question when it is up, else the screen."""
        if self.overlay is not None:
            return self.overlay.speech()
        return self.screen.speech()

    def read_aloud(self) -> None:
        if self.speaker is not None:
            self.speaker.toggle(self.speech(), self.language)

    def _speaking_changed(self, speaking: bool) -> None:
        if self.window.bar is not None:
            self.window.bar.set_speaking(speaking, self.ui)  # type: ignore[attr-defined]
        if speaking and self.window.bar is not None:
            self.window.bar.repeat_button.setEnabled(True)  # type: ignore[attr-defined]

    def _refresh_bar(self) -> None:
        self._apply_style()

    def _speech_availability_changed(self, available: bool, _reason: str) -> None:
        """Read aloud broke (hide it now: it cannot speak) or works again. Back while a patient is using the
        kiosk (the speech engine's retry worked), it waits for the next screen or the session's end rather
        than shifting the bar's buttons under a finger about to tap one of them."""
        if available and self.input.in_session:
            return
        self._refresh_bar()

    # -- hot reload --------------------------------------------------------------------------------
    def content_loaded(self, content: Content) -> None:
        """A valid new file: swap it in now, or when the patient in the self-check next goes home."""
        log.info("content reloaded from %s", self.content_path)
        self.last_errors = []
        if self.selfcheck is not None and self.nav.current[0] == "selfcheck":
            self.pending = content
            self._refresh_bar()  # the marker goes; the patient's flow stays as it is
            return
        self.pending = content
        self._apply_pending()
        place = self.nav.current
        if place[0] == "section" and not content.has_section(place[1]):
            place = self.nav.home()
        if place[0] == "selfcheck":
            place = self.nav.home()
        self._update_units()  # a new display: block changes how many pixels the staff corner spans
        if place == self.nav.current == HOME and isinstance(self.window.screen_widget, HomeScreen):
            self._swap_home_in_turns()
            return
        self.refresh() if place == self.nav.current else self.show(place)
        self.prepare_sections()  # between patients only: it checks

    @property
    def swapping(self) -> bool:
        """A reloaded file's home screen is being built and will replace the one on screen."""
        return self._swap is not None

    def _swap_home_in_turns(self) -> None:
        """Put up the new home screen over three event-loop turns: build it, lay it out, switch to it.

        Done at once it held the GUI thread for 45-50 ms plus the paint (20 tiles of a 1 MB file), and the
        frame gap during a reload reached 100 ms on a busy machine. Meanwhile the old home screen stays
        on show and works: a tap on one of its tiles opens that section from the new file, or home if
        the file no longer has it, and anything that puts up another screen drops this one."""
        if self._swap is not None:
            self._drop_swap(self._swap)  # a newer file came before the last one's screen went up
        token = object()
        self._swap = token
        on_show = self.window.screen_widget
        steps = iter([lambda: self._build_swap(token), lambda: self._lay_out_swap(token),
                      lambda: self._finish_swap(token, on_show)])

        def next_step() -> None:
            step = next(steps, None)
            if step is not None and step():
                QTimer.singleShot(0, next_step)

        next_step()

    def _build_swap(self, token: object) -> bool:
        if self._swap is not token or self._shut_down:
            return self._drop_swap(token)
        self._apply_style()
        self._swap_screen = self._build(HOME)
        return True

    def _lay_out_swap(self, token: object) -> bool:
        if self._swap is not token or self._shut_down:
            return self._drop_swap(token)
        self.window.prepare(self._swap_screen)
        return True

    def _finish_swap(self, token: object, on_show: QWidget | None) -> bool:
        if self._swap is not token or self._shut_down or self.window.screen_widget is not on_show:
            return self._drop_swap(token)  # another screen went up meanwhile: it is already the new file's
        screen, self._swap, self._swap_screen = self._swap_screen, None, None
        if self.speaker is not None:
            self.speaker.stop()  # EN 301 549 5.1.3.5: speech stops when the screen changes
        self._kept[HOME] = screen
        kept = set(map(id, self._kept.values()))
        self.window.set_screen(screen, keep=lambda w: id(w) in kept)
        self.prepare_sections()  # between patients only: it checks
        return False

    def _drop_swap(self, token: object) -> bool:
        if self._swap is token:
            self._swap = None
            if self._swap_screen is not None and self._kept.get(HOME) is not self._swap_screen:
                self.window.discard(self._swap_screen)
            self._swap_screen = None
        return False

    def _apply_pending(self) -> None:
        if self.pending is None:
            return
        content, self.pending = self.pending, None
        first = self.content is None
        self.content = content
        from kiosk.content.lastgood import remember

        QTimer.singleShot(0, partial(remember, content))  # kept for a restart, after this turn's screen work
        self._forget_kept()
        self.loaded_at = time.time()
        self.metrics.content_loaded(content.sha256, [s.id for s in content.sections])
        self.front_desk.configure(content)  # issue 26
        self._update_units()  # its display: block may give the screen another size in millimetres
        self.input.configure(self.units, timeout_s=content.kiosk.idle_timeout_s,
                             warning_s=content.kiosk.idle_warning_s)
        if first:
            self.language = content.default_language
            self.high_contrast = content.theme.high_contrast

    def content_failed(self, error: ContentError) -> None:
        """Keep what patients see; tell staff (log, panel, the discreet marker)."""
        self.last_errors = error.lines()
        self.metrics.reload_failed()
        log.warning("content file %s cannot be used; the kiosk keeps the last good content:\n%s",
                    self.content_path, error.report())
        self._refresh_bar()
        if self.nav.current[0] == "staff":
            self.show(self.nav.current)

    # -- idle ------------------------------------------------------------------------------------
    def _idle_warning(self, seconds: int) -> None:
        from kiosk.ui.idle_overlay import IdleOverlay

        self._hide_overlay()
        self.overlay = IdleOverlay(self.window, self.look, self.ui, seconds)
        self.overlay.stay_requested.connect(self._hide_overlay)
        self.overlay.show()
        self.overlay.raise_()

    def _hide_overlay(self) -> None:
        if self.overlay is not None:
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None

    def _idle_expired(self) -> None:
        log.info("session ended after %s s without a touch", self.input.idle.timeout_s + self.input.idle.warning_s)
        self.reset_session()
        self.prepare_sections()
        # Nobody is at the screen: once the last patient's screens are deleted, give their memory back.
        QTimer.singleShot(RELEASE_AFTER_MS, memory.release_free_memory)

    # -- staff mode --------------------------------------------------------------------------------
    def _staff_corner(self) -> None:
        """Staff take over: whatever a patient left (answers, language, text size) is wiped first."""
        self.reset_session()
        self._pin_message = ""
        self.go(STAFF_PIN)

    def _pin_screen(self) -> PinPadScreen:
        message = self._pin_message
        locked = self.pin_lock.locked()
        if locked:
            message = self.ui("pin_locked", seconds=self.pin_lock.seconds_left())
        screen = PinPadScreen(self.look, UiText("en"), message=message, locked=locked)
        screen.pin_entered.connect(self._pin_entered)
        screen.cancel_requested.connect(self.home)
        return screen

    def _pin_entered(self, pin: str) -> None:
        encoded = self.content.staff.pin_hash if self.content else None
        result = self.pin_lock.attempt(pin, encoded)
        if result is AttemptResult.OK:
            log.info("staff mode entered")
            self.nav.replace(STAFF_PANEL)
            self.show(STAFF_PANEL)
            return
        log.info("staff PIN refused (%s)", result.name.lower())
        self._pin_message = "" if result is AttemptResult.LOCKED else (
            f"Wrong PIN. {self.pin_lock.tries_left} tries left.")
        self.show(STAFF_PIN)

    def _staff_panel(self) -> StaffPanelScreen:
        content = self.content
        uptime = int(self.clock() - self.started_at)
        facts = [
            ("Content file", str(self.content_path)),
            ("Loaded", time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(self.loaded_at))
                       if self.loaded_at is not None else "nothing valid yet"),
            ("Version", f"kiosk {__version__}"),
            ("Uptime", f"{uptime // 3600}:{uptime // 60 % 60:02d}:{uptime % 60:02d}"),
            ("Read aloud", self._speech_status()),
            ("Alerts", self.front_desk.status),  # issue 26
        ]
        warnings = []
        if content is not None and content.staff.pin_hash and is_default(content.staff.pin_hash):
            warnings.append(f"the staff PIN is still the default ({DEFAULT_PIN}); set your own with "
                            "python main.py --hash-pin")
        if content is not None and not content.staff.pin_hash:
            warnings.append("no staff PIN is set: staff mode cannot be entered after a restart")
        if self.units.fit < 1:
            warnings.append(f"this screen is smaller than the kiosk is laid out for, so everything is drawn at "
                            f"{math.floor(self.units.fit * 100)} % of its size (python main.py --check says more)")
        screen = StaffPanelScreen(self.look, facts=facts, errors=self.last_errors, warnings=warnings)
        screen.reload_requested.connect(self.reload_now)
        screen.exit_requested.connect(self.exit_kiosk)
        screen.leave_requested.connect(self.home)
        return screen

    # -- issue 26: alerts to the front desk ---------------------------------------------------------------
    def _alerts_status_changed(self, _status: str) -> None:
        if self.nav.current == STAFF_PANEL:
            self.show(STAFF_PANEL)  # the panel's Alerts line follows deliveries while staff look at it

    def _call_staff_from_bar(self) -> None:
        outcome = self.selfcheck.outcome if self.selfcheck is not None else None
        on_outcome = outcome is not None and self.nav.current == SELFCHECK_FLOW
        self.front_desk.staff_called(outcome.level if on_outcome and outcome else None,
                                     outcome.id if on_outcome and outcome else None)

    def reload_now(self) -> None:
        """Staff's Reload now: read the file again (hot reload does this by itself on every save)."""
        log.info("reload requested from the staff panel")
        if self.watcher is not None:
            self.watcher.reload_now()
            return
        from kiosk.content import load

        try:
            self.content_loaded(load(self.content_path))
        except ContentError as exc:
            self.content_failed(exc)

    def _speech_status(self) -> str:
        if self.preview_speech:
            return "not started (a preview)"
        if not self.speech_wanted:
            return "turned off (kiosk.speech: false)"
        if self.speaker is None:
            return "starting…"
        if self.speaker.available:
            return f"ready ({', '.join(sorted(self.speaker.languages)) or 'no languages'})"
        return self.speaker.unavailable_reason or "starting…"

    def write_metrics(self) -> None:
        if self.metrics_file is None:
            return
        try:
            self.metrics.write(self.metrics_file)
        except OSError as exc:
            log.warning("cannot write the metrics file %s: %s", self.metrics_file, exc)

    def shutdown(self) -> None:
        """The window closed: stop the speech thread, the file watcher and the input filter."""
        if self._shut_down:
            return
        self._shut_down = True
        self.metrics_timer.stop()
        self.write_metrics()
        if self.speaker is not None:
            self.speaker.close()
        if self.watcher is not None:
            self.watcher.close()
        self.front_desk.close()  # issue 26
        self.input.timer.stop()

    def exit_kiosk(self) -> None:
        log.info("kiosk exited from the staff panel")
        self.window.close_for_real()
        app = QApplication.instance()
        if app is not None and self.fullscreen:
            app.quit()

    # -- crash safety ----------------------------------------------------------------------------
    def _install_crash_guard(self) -> None:
        """An exception escaping a slot is logged and the kiosk goes home, instead of dying in front of a patient."""
        recovering = False

        def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            nonlocal recovering
            log.error("unexpected error; returning to the home screen", exc_info=(kind, value, tb))
            if not recovering:
                recovering = True
                QTimer.singleShot(0, recover)

        def recover() -> None:
            nonlocal recovering
            try:
                self.reset_session()
            except Exception:  # the home screen itself failed: show the calm message instead
                log.exception("could not rebuild the home screen")
                self.window.set_screen(UpdatingScreen(self.look, self.ui))
            finally:
                recovering = False

        sys.excepthook = hook

    # -- size and style -----------------------------------------------------------------------
    def _replace(self, place: Place) -> None:
        self._count(place)
        self.show(self.nav.replace(place))

    def _update_units(self) -> bool:
        """Work the sizes out again (window size, the content's display block, the text step) and measure
        the staff corner with the same millimetres: every change of sizes goes through here. True when
        they changed."""
        units = self._units()
        changed = units != self.units
        self.units = self.input.units = units
        return changed

    def _units(self) -> Units:
        display = self.content.display if self.content else Display()
        size = self.window.size()
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        reported = None
        if screen is not None and screen.size().width() > 0:
            scale = screen.physicalSize().width() / screen.size().width()
            reported = QSizeF(size.width() * scale, size.height() * scale)
        return Units.for_screen(size, display, reported, TEXT_STEPS[self.text_step])

    @property
    def look(self) -> Look:
        theme = self.content.theme if self.content else Theme()
        return Look(self.units, palette_for(theme, self.high_contrast), self.window.width())

    def _apply_style(self) -> None:
        rtl = right_to_left(self.language)
        if rtl != self.window.isRightToLeft():  # Arabic, Hebrew … lay out right to left
            set_by_name(self.window, layoutDirection="RightToLeft" if rtl else "LeftToRight")
        look = self.look
        if look != self._style_key:
            self._style_key = look
            self._forget_kept()
            self.window.setStyleSheet(stylesheet(look.units, look.palette))
        bar_key = self._bar_state(look)
        if (look, self.language) != getattr(self, "_kept_key", None):
            self._kept_key = (look, self.language)
            self._forget_kept()
        if bar_key != self._bar_key:
            self._bar_key = bar_key
            self.window.set_bar(self._build_bar())

    def _speech_offered(self) -> bool:
        speaker = self.speaker
        return self.preview_speech or (speaker is not None and speaker.available and speaker.supports(self.language))

    def _bar_state(self, look: Look) -> tuple[object, ...]:
        """Everything the bar shows but whether it is speaking (set_speaking follows that in place).
        A reload that changes none of it keeps the bar: rebuilding it cost ~20 ms of the swap."""
        words = self.content.ui_text.get(self.language, {}) if self.content else {}
        return (look, self.language, tuple(sorted(words.items())), self.text_step, self.high_contrast,
                self._speech_offered(), bool(self.last_errors), self.front_desk.in_bar, self.front_desk.called)

    def _build_bar(self) -> AccessBar:
        speaker = self.speaker
        bar = AccessBar(self.look, self.ui, text_step=self.text_step, high_contrast=self.high_contrast,
                        speech=self._speech_offered(),
                        speaking=speaker is not None and speaker.speaking, marker=bool(self.last_errors),
                        width=self.window.width(), call_staff=self.front_desk.in_bar,  # issue 26
                        staff_called=self.front_desk.called)
        bar.call_staff_requested.connect(self._call_staff_from_bar)  # issue 26
        bar.read_aloud_requested.connect(self.read_aloud)
        bar.repeat_requested.connect(lambda: self.speaker.repeat() if self.speaker else None)
        bar.smaller_requested.connect(self.text_smaller)
        bar.larger_requested.connect(self.text_larger)
        bar.contrast_toggled.connect(self.toggle_contrast)
        return bar

    def _ensure_screen(self) -> None:
        """Build the first screen when the window is about to appear, at its real size, once."""
        if self.window.screen_widget is None:
            self._update_units()  # the real size, now that the window has it
            self.show(self.nav.current)

    def _after_first_frame(self) -> None:
        """Work that need not delay the first frame a patient sees."""
        first_frame_painted()
        if self.fullscreen and not (self.content and self.content.kiosk.show_cursor):
            from PySide6.QtCore import Qt  # not before the first frame (kiosk.ui.by_name)

            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch kiosk has no pointer to show
        icons.start_up_done()  # the icon cache on disk is for start-up (kiosk.ui.icons)
        if self.content is not None:
            from kiosk.content.lastgood import remember  # not before the first frame: it loads kiosk.logs

            remember(self.content)  # for a restart on a file with a mistake (kiosk.content.lastgood)
        if self._shut_down:
            return
        self.front_desk.start_chime()  # issue 26: Qt Multimedia, only for an alerts: block that wants the chime
        self.prepare_sections()
        if not self.speech_wanted or self.speaker is not None:
            return
        from kiosk.ui.speech import Speaker  # QtTextToSpeech loads QtMultimedia: ~20 ms, ~5 MiB

        self.speaker = Speaker(self._speech_engine, parent=self)
        self.speaker.availability_changed.connect(self._speech_availability_changed)
        self.speaker.speaking_changed.connect(self._speaking_changed)
        self.speaker.warm_up()

    def prepare_sections(self) -> None:
        """Build the section screens before anyone taps a tile: a first visit cost 50–90 ms, a kept
        screen a switch and a paint. One screen per event-loop turn, and only while nobody is using the
        kiosk (after start-up, a session's end, a reload between patients): a tap stops it, and the
        sections not built yet are built when first opened, as before."""
        if self.content is None or self.input.in_session:
            return
        self._to_prepare = [("section", s.id) for s in self.content.sections]
        self._prepare_timer.start()

    @property
    def sections_prepared(self) -> bool:
        """Every section screen of the current look is built (or there is nothing to build)."""
        return self.content is None or all(("section", s.id) in self._kept for s in self.content.sections)

    def _prepare_next(self) -> None:
        while self._to_prepare:
            if self._shut_down or self.content is None or self.input.in_session or self.nav.current[0] != "home":
                break
            place = self._to_prepare.pop(0)
            if place in self._kept:
                continue
            self._apply_style()  # the kept screens must belong to the look on screen, else they are dropped
            screen = self._build(place)
            self._kept[place] = screen
            self.window.prepare(screen)
            return  # one per turn: a tap waits for one screen at most
        self._to_prepare = []
        self._prepare_timer.stop()

    def _relayout(self) -> None:
        if self.window.screen_widget is None:
            return  # nothing built yet: the first screen is built at its real size when shown
        if self._showing:
            # Found by the monkey: a resize while a screen was being put up rebuilt the screen from inside
            # its own show, and PySide6 kept the Python side of the one thrown away for good.
            self._relayout_timer.start()
            return
        if self._update_units():
            self.show(self.nav.current)


def language_name(language: str, overrides: Mapping[str, Mapping[str, str]]) -> str:
    """A language's own name for the language button: the content's words, ours, else Qt's (CLDR)."""
    own = overrides.get(language, {}).get("language_name") or BUILTIN.get(language, {}).get("language_name")
    if own:
        return own
    native = QLocale(language).nativeLanguageName()
    return native[:1].upper() + native[1:] if native else language


def load_or_log(path: Path, loading: Callable[[], Content] | None = None,
                ) -> tuple[Content | None, ContentError | None]:
    """Load *path* (or take what *loading*, started earlier by :func:`kiosk.content.prefetch.prefetch`, gives)."""
    if loading is None:
        from kiosk.content import load

        loading = partial(load, path)
    try:
        return loading(), None
    except ContentError as exc:
        from kiosk.content.lastgood import copy_path, recall

        kept = recall(path)
        if kept is not None:
            log.error("content file cannot be used; showing the last good copy of it (%s) until it is fixed:\n%s",
                      copy_path(path), exc.report())
            return kept, exc
        log.error("content file cannot be used; showing the 'being updated' screen:\n%s", exc.report())
        return None, exc


def build_kiosk(content_path: Path | str, *, fullscreen: bool = False, clock: Clock = time.monotonic,
                speech_engine: str | None = None, watch: bool = True,
                metrics_file: Path | None = None, loading: Callable[[], Content] | None = None) -> KioskWindow:
    """Build the kiosk's window, not shown. Errors in the content file are logged, never raised.

    *clock* (monotonic seconds) drives the idle timeout and the PIN lockout; tests pass a fake one.
    *speech_engine* picks the QTextToSpeech engine (default: the platform's; tests use Qt's ``mock``).
    *watch* follows the content file for hot reload (previews that render and quit skip it).
    *loading* gives the content file's first load, started before Qt (:mod:`kiosk.content.prefetch`).
    """
    path = Path(content_path)
    content, error = load_or_log(path, loading)
    kiosk = KioskApp(path, content, fullscreen=fullscreen, clock=clock, speech_engine=speech_engine, watch=watch,
                     startup_error=error, metrics_file=metrics_file)
    window = kiosk.window
    if fullscreen:
        screen = QGuiApplication.primaryScreen()
        window.setGeometry(screen.geometry())
    else:
        window.resize(WINDOWED_SIZE)
    return window
