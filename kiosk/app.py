"""The one place that builds the kiosk's objects and connects their signals.

The window owns a :class:`KioskApp`, which owns every controller, timer, watcher and the speech engine:
closing the window stops them, and deleting it frees them all on the GUI thread. Who does what:

- :mod:`kiosk.session` the patient's session (place, language, text size, contrast, self-check run);
- :mod:`kiosk.control.screens` the screen factory (content + look → screens) and the :class:`Intents`
  a tap can ask for; :mod:`kiosk.control.cache` screens built ahead and kept;
- :mod:`kiosk.control.navigation` intents → places → screens; :mod:`kiosk.control.look` sizes, style, bar;
- :mod:`kiosk.control.reload` a new content file now or when the patient leaves;
- :mod:`kiosk.control.staff` corner → PIN → panel; :mod:`kiosk.control.idle` the idle question;
- :mod:`kiosk.control.speech` Read aloud's engine, started after the first frame;
- :mod:`kiosk.control.alerts` alerts to the front desk: the chime, the call button, the panel's line.
- :mod:`kiosk.control.keys` the keypad: Back by key, speech that follows the focus, keypad mode's end.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content import Content, ContentError
from kiosk.content.offload import load_elsewhere
from kiosk.control.alerts import AlertsController
from kiosk.control.cache import ScreenCache
from kiosk.control.idle import IdleController
from kiosk.control.keys import KeysController
from kiosk.control.look import LookController
from kiosk.control.navigation import Navigation
from kiosk.control.reload import ReloadPolicy
from kiosk.control.screens import Intents, ScreenFactory
from kiosk.control.speech import SpeechController
from kiosk.control.staff import StaffController
from kiosk.core.clock import Clock
from kiosk.core.metrics import Metrics, target_problem
from kiosk.model.levels import LEVEL_IDS
from kiosk.services.watcher import ContentWatcher
from kiosk.session import STAFF_PIN, Session
from kiosk.ui import icons
from kiosk.ui.input import InputWatcher
from kiosk.ui.style import base_font
from kiosk.ui.widgets import Screen, first_frame_painted
from kiosk.ui.window import KeyGuard, KioskWindow

log = logging.getLogger("kiosk")
WINDOWED_SIZE = QSize(1280, 800)
Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class KioskApp(QObject):
    """The kiosk: its window's child, holding the controllers that do the work (public attributes, for
    previews, tools and tests to drive through their public methods and signals)."""

    def __init__(self, window: KioskWindow, content_path: Path, content: Content | None, *, fullscreen: bool,
                 clock: Clock = time.monotonic, speech_engine: str | None = None, watch: bool = True,
                 startup_error: ContentError | None = None, metrics_file: Path | None = None) -> None:
        super().__init__(window)  # the window owns the kiosk: it goes with the window, on the GUI thread
        self.fullscreen = fullscreen
        self._shut_down = False
        window.setFont(base_font())
        self.key_guard = KeyGuard(window) if fullscreen else None
        self.session = session = Session(content.default_language if content else "en",
                                         content.theme.high_contrast if content else False)
        #: Anonymous counters for the clinic's monitoring; written only when a file is configured.
        self.metrics = metrics = Metrics(clock, levels=LEVEL_IDS)
        self.metrics_file = metrics_file or (Path(content.kiosk.metrics_file) if content and
                                             content.kiosk.metrics_file else None)
        if self.metrics_file is not None and (problem := target_problem(self.metrics_file)):
            log.error("metrics file %s %s; no counters are written", self.metrics_file, problem)
            self.metrics_file = None
        self.metrics_timer = QTimer(self)
        self.metrics_timer.setInterval(60_000)
        self.watcher: ContentWatcher | None = None
        if watch:
            self.watcher = ContentWatcher(content_path, current=content, loader=load_elsewhere, parent=self)
        self.reload = reload = ReloadPolicy(
            content_path, content, startup_error=startup_error, busy=lambda: session.mid_selfcheck,
            reload=self.watcher.reload_now if self.watcher else None, parent=self)
        self.speech = speech = SpeechController(speech_engine, wanted=content is None or content.kiosk.speech,
                                                parent=self)
        # Alerts to the front desk (issue 26): the staff panel's line, the bar's and outcomes' button.
        self.alerts = alerts = AlertsController(window, metrics, session, content,
                                                show=lambda place: navigation.show(place), parent=self)
        self.staff = staff = StaffController(clock=clock, parent=self, alerts=lambda: alerts.status)
        self.factory = factory = ScreenFactory()
        self.cache = ScreenCache(window, build=lambda place: navigation.build_ahead(place),
                                 may_prepare=lambda: navigation.may_prepare(), parent=self)
        self.style = look = LookController(
            window, session, factory, self.cache, content=lambda: reload.content, speech_offered=speech.offered,
            speaking=lambda: speech.speaking, marker=lambda: bool(reload.last_errors), parent=self,
            call=alerts.bar_offer)
        settings = content.kiosk if content else None
        self.input = InputWatcher(window, look.units, timeout_s=settings.idle_timeout_s if settings else 90,
                                  warning_s=settings.idle_warning_s if settings else 20, clock=clock)
        self.idle = idle = IdleController(window, factory, look.frame, parent=self)
        self.navigation = navigation = Navigation(
            window, session=session, factory=factory, cache=self.cache, look=look, reload=reload, speech=speech,
            staff=staff, input_watcher=self.input, metrics=metrics, parent=self)
        # What each tap asks for, and who answers it. A new intent ("call a staff member") is a field of
        # Intents, a connect where the factory builds the screen, and one line here.
        factory.intents = Intents(
            open_section=navigation.open_section, step_section=navigation.step_section,
            open_selfcheck=navigation.open_selfcheck, choose_language=navigation.set_language,
            back=navigation.back, home=navigation.home, start_selfcheck=navigation.start_selfcheck,
            answer=navigation.answer, selfcheck_back=navigation.selfcheck_back, start_over=navigation.start_over,
            pin_entered=lambda pin: staff.pin_entered(pin, reload.content), reload_now=reload.reload_now,
            exit_kiosk=self.exit_kiosk, stay=idle.hide, read_aloud=self.read_aloud, repeat=speech.repeat,
            text_smaller=navigation.text_smaller, text_larger=navigation.text_larger,
            toggle_contrast=navigation.toggle_contrast,
            call_staff=alerts.call_staff,
        )
        factory.call_offer = alerts.outcome_offer
        # The keypad (issue 25): keys click the focused button, so they reach the same intents as taps.
        self.keys = KeysController(window, session=session, navigation=navigation, speech=speech, idle=idle,
                                   ui=lambda: look.frame().ui, parent=self)
        self._connect(window)
        if content is not None:
            self._count_content(content)
        if self.metrics_file is not None:
            self.metrics_timer.start()
        self._install_crash_guard()

    def _connect(self, window: KioskWindow) -> None:
        navigation, idle, staff, reload, speech = self.navigation, self.idle, self.staff, self.reload, self.speech
        window.resized.connect(navigation.relayout)
        window.about_to_show.connect(navigation.ensure_screen)
        window.first_painted.connect(self._after_first_frame)
        window.closed.connect(self.shutdown)
        self.input.warning.connect(idle.warn)
        self.input.countdown.connect(idle.count_down)
        self.input.extended.connect(idle.hide)
        self.input.expired.connect(navigation.session_expired)
        self.input.staff_corner.connect(staff.corner)
        self.input.session_started.connect(self.metrics.session_started)
        navigation.resetting.connect(idle.hide)
        navigation.resetting.connect(self.input.reset)
        navigation.resetting.connect(speech.reset)
        navigation.resetting.connect(self.keys.reset)  # keypad mode ends with the session
        self.input.warning.connect(self.keys.idle_warning)  # after idle.warn: the question is up to be said
        staff.pin_requested.connect(navigation.open_staff)
        staff.admitted.connect(navigation.staff_admitted)
        staff.refused.connect(lambda: navigation.show(STAFF_PIN))
        reload.applied.connect(navigation.content_applied)
        reload.applied.connect(self._count_content)
        reload.arrived.connect(navigation.content_arrived)
        reload.failed.connect(self.metrics.reload_failed)
        reload.errors_changed.connect(navigation.errors_changed)
        if self.watcher is not None:
            self.watcher.loaded.connect(reload.content_loaded)
            self.watcher.failed.connect(reload.content_failed)
        speech.speaking_changed.connect(self.style.show_speaking)
        speech.availability_changed.connect(self._speech_availability_changed)
        self.metrics_timer.timeout.connect(self.write_metrics)
        # Alerts (issue 26): content in, outcomes and visits in; the call's state goes out by itself.
        reload.applied.connect(self.alerts.configure)
        navigation.shown.connect(self.alerts.screen_shown)
        navigation.went_home.connect(self.alerts.new_visit)
        navigation.resetting.connect(self.alerts.new_visit)

    # -- what previews, tools and tests read -----------------------------------------------------------------
    @property
    def window(self) -> KioskWindow:
        """The window that owns the kiosk (asked of Qt, not kept: keeping it would make a reference cycle)."""
        window = self.parent()
        assert isinstance(window, KioskWindow)
        return window

    @property
    def content(self) -> Content | None:
        """The content on show (None while no valid file exists)."""
        return self.reload.content

    @property
    def screen(self) -> Screen:
        """The screen on show."""
        return self.navigation.screen

    def spoken_text(self) -> list[str]:
        """What the patient sees, in reading order: the idle question when it is up, else the screen."""
        if self.idle.overlay is not None:
            return self.idle.overlay.speech()
        return self.screen.speech()

    # -- small answers that need several controllers ---------------------------------------------------------
    def read_aloud(self) -> None:
        self.speech.toggle(self.spoken_text(), self.session.language)

    def _speech_availability_changed(self, available: bool) -> None:
        """Read aloud broke (hide it now: it cannot speak) or works again. Back while a patient is using the
        kiosk (the speech engine's retry worked), it waits for the next screen or the session's end rather
        than shifting the bar's buttons under a finger about to tap one of them."""
        if available and self.input.in_session:
            return
        self.style.apply()

    def _count_content(self, content: Content, _first: bool = False) -> None:
        self.metrics.content_loaded(content.sha256, [s.id for s in content.sections])

    def _after_first_frame(self) -> None:
        """Work that need not delay the first frame a patient sees."""
        first_frame_painted()
        content = self.content
        if self.fullscreen and not (content and content.kiosk.show_cursor):
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch kiosk has no pointer to show
        icons.start_up_done()  # the icon cache on disk is for start-up (kiosk.ui.icons)
        if content is not None:
            from kiosk.content.lastgood import remember_later  # not before the first frame: it loads kiosk.logs

            remember_later(content)  # for a restart on a file with a mistake, on a thread of its own
        if self._shut_down:
            return
        self.navigation.prepare_sections()
        self.speech.start()
        self.alerts.start()

    # -- the end ---------------------------------------------------------------------------------------------
    def write_metrics(self) -> None:
        if self.metrics_file is None:
            return
        try:
            self.metrics.write(self.metrics_file)
        except OSError as exc:
            log.warning("cannot write the metrics file %s: %s", self.metrics_file, exc)

    def shutdown(self) -> None:
        """The window closed (or the application quits): last counters, then stop the speech thread, the
        file watcher, the timers and the crash guard, once."""
        if self._shut_down:
            return
        self._shut_down = True
        self.navigation.closed = True
        self.metrics_timer.stop()
        self.write_metrics()
        self.speech.close()
        self.alerts.close()
        if self.watcher is not None:
            self.watcher.close()
        self.input.timer.stop()
        self.cache.stop()
        self._remove_crash_guard()

    def exit_kiosk(self) -> None:
        log.info("kiosk exited from the staff panel")
        self.window.close_for_real()
        app = QApplication.instance()
        if app is not None and self.fullscreen:
            app.quit()

    # -- crash safety ----------------------------------------------------------------------------------------
    def _install_crash_guard(self) -> None:
        """An exception escaping a slot is logged and the kiosk goes home, instead of dying in front of a patient.

        The hook holds the controllers, not the window; :meth:`shutdown` gives the previous hook back."""
        recovering = False
        navigation, look, factory = self.navigation, self.style, self.factory

        def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            nonlocal recovering
            log.error("unexpected error; returning to the home screen", exc_info=(kind, value, tb))
            if not recovering:
                recovering = True
                QTimer.singleShot(0, navigation, recover)

        def recover() -> None:
            nonlocal recovering
            try:
                navigation.reset_session()
            except Exception:  # the home screen itself failed: show the calm message instead
                log.exception("could not rebuild the home screen")
                navigation.window.set_screen(factory.updating(look.frame()))
            finally:
                recovering = False

        self._give_back = partial(_give_back_hook, hook, sys.excepthook)
        sys.excepthook = hook
        self.destroyed.connect(self._give_back)  # a window deleted without being closed

    def _remove_crash_guard(self) -> None:
        self._give_back()


def _give_back_hook(ours: Hook, previous: Hook) -> None:
    """Put back the excepthook the crash guard replaced, unless another has replaced it since."""
    if sys.excepthook is ours:
        sys.excepthook = previous


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
    The window owns the kiosk and everything it made: keep the window referenced while it runs, and
    reach the kiosk with :func:`kiosk_of`.
    """
    path = Path(content_path)
    content, error = load_or_log(path, loading)
    window = KioskWindow(locked=fullscreen)
    kiosk = KioskApp(window, path, content, fullscreen=fullscreen, clock=clock, speech_engine=speech_engine,
                     watch=watch, startup_error=error, metrics_file=metrics_file)
    if fullscreen:
        screen = QGuiApplication.primaryScreen()
        window.setGeometry(screen.geometry())
    else:
        window.resize(WINDOWED_SIZE)
    assert kiosk.parent() is window
    return window


def kiosk_of(window: KioskWindow) -> KioskApp:
    """The kiosk a window built by :func:`build_kiosk` shows: for previews, tools and tests."""
    kiosk = window.findChild(KioskApp)
    if not isinstance(kiosk, KioskApp):
        raise LookupError("this window was not built by build_kiosk()")
    return kiosk
