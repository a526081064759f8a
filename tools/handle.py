"""The one place where the tools reach into the running kiosk.

The monkey, the benchmark and their tests need more than a finger has: the navigator's place (to
check the screen agrees with it), the idle policy (to know when a tap is swallowed by design), a
way to hand the kiosk a reloaded content file, and so on. Today all of it lives on ``KioskApp``,
reached through ``window.kiosk`` (kiosk/app.py). Issue 24 splits that object into controllers and
takes ``window.kiosk`` away; every such access is gathered here, so following the split is a
change to this file and no other.

Nothing here decides anything: each method reads or does one thing, named for what the tools want.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QWidget

    from kiosk.content import Content, ContentError
    from kiosk.core.clock import Clock
    from kiosk.core.idle import IdleState
    from kiosk.services.speech import Speaker
    from kiosk.session import Place
    from kiosk.ui.idle_overlay import IdleOverlay
    from kiosk.ui.units import Units


class KioskHandle:
    """The kiosk behind *window* (a window built by ``build_kiosk`` or ``start_kiosk``)."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        from kiosk.app import kiosk_of

        self._kiosk: Any = kiosk_of(window)  # type: ignore[arg-type]

    @classmethod
    def build(cls, content: Path | str, *, clock: Clock | None = None, speech_engine: str | None = None,
              watch: bool = True) -> KioskHandle:
        """Build the kiosk on *content* as ``main.py --windowed`` does (not shown)."""
        from kiosk.app import build_kiosk

        options: dict[str, Any] = {"speech_engine": speech_engine, "watch": watch}
        if clock is not None:
            options["clock"] = clock
        return cls(build_kiosk(content, **options))

    # -- what is on the screen ------------------------------------------------------------------------
    def screen(self) -> QWidget | None:
        """The screen the window shows now."""
        return self.window.screen_widget  # type: ignore[attr-defined]

    def stack(self) -> QStackedWidget:
        """The widget that holds the screens (built ahead ones too)."""
        return self.window.stack  # type: ignore[attr-defined]

    def access_bar(self) -> QWidget | None:
        """The bar with Read aloud, A−/A+ and contrast, when the screen has one."""
        return self.window.bar  # type: ignore[attr-defined]

    def overlay(self) -> IdleOverlay | None:
        """The "Are you still there?" overlay while it is up."""
        return self._kiosk.idle.overlay

    def place(self) -> Place:
        """Where the navigator says the patient is (``kiosk.session.HOME``, ``("section", id)`` …)."""
        return self._kiosk.session.nav.current

    def content(self) -> Content | None:
        """The content shown, or None while the kiosk waits for a valid file."""
        return self._kiosk.content

    def pending_content(self) -> Content | None:
        """A reloaded content file kept back until the patient leaves."""
        return self._kiosk.reload.pending

    def in_selfcheck(self) -> bool:
        """Whether a self-check run is under way."""
        return self._kiosk.session.selfcheck is not None

    def sections_prepared(self) -> bool:
        """Every section screen is built ahead, as between patients."""
        return bool(self._kiosk.navigation.sections_prepared)

    def units(self) -> Units:
        """Millimetres to pixels on the window, for the content's display."""
        return self._kiosk.style.units

    # -- touch and idle time --------------------------------------------------------------------------
    def touch_units(self) -> Units:
        """The millimetres the input watcher measures the staff corner with."""
        return self._kiosk.input.units

    def idle_state(self, now: float) -> IdleState:
        """Active, warning or expired at clock time *now*, changing nothing."""
        return self._kiosk.input.idle.state_at(now)

    def idle_deadline(self) -> float:
        """The clock time at which the idle state next changes."""
        return float(self._kiosk.input.idle.next_deadline())

    def swallowing_touch(self) -> bool:
        """Whether the finger now down only answers the idle warning or ends a session (it taps nothing)."""
        return bool(self._kiosk.input.swallowing)

    def poll_idle(self) -> None:
        """What the idle timer does when it fires: warn, or end the session."""
        self._kiosk.input.poll()

    # -- read aloud -----------------------------------------------------------------------------------
    def speech_wanted(self) -> bool:
        """Whether the content asks for Read aloud (it starts after the first frame)."""
        return bool(self._kiosk.speech.wanted)

    def speaker(self) -> Speaker | None:
        """The Read aloud engine, once started."""
        return self._kiosk.speech.speaker

    # -- doing ----------------------------------------------------------------------------------------
    def go_home(self) -> None:
        """What Home does: the self-check run ends, the home screen shows."""
        self._kiosk.navigation.home()

    def reset_session(self) -> None:
        """End the patient's session, as the idle timeout does."""
        self._kiosk.navigation.reset_session()

    def start_selfcheck(self) -> None:
        """What the self-check's Start button does."""
        self._kiosk.navigation.start_selfcheck()

    def apply_content(self, content: Content) -> None:
        """A valid content file arrives, as from the file watcher (kept back during a self-check)."""
        self._kiosk.reload.content_loaded(content)

    def refuse_content(self, error: ContentError) -> None:
        """A broken content file arrives, as from the file watcher: the kiosk keeps what it had."""
        self._kiosk.reload.content_failed(error)

    def set_content_path(self, path: Path) -> None:
        """The file staff's Reload now reads from here on."""
        self._kiosk.reload.content_path = path

    def on_reloaded(self, slot: Callable[[Content], None]) -> None:
        """Call *slot* each time the file watcher delivers a valid new content (the kiosk must watch)."""
        self._kiosk.watcher.loaded.connect(slot)

    def shutdown(self) -> None:
        """What the kiosk does when the application quits (stops Read aloud, writes metrics)."""
        self._kiosk.shutdown()
