"""The patient's session: where they are, what they chose, and forgetting it all at once (pure Python: no Qt).

Everything a patient can change lives here, so one :meth:`Session.reset` is all it takes for the next
patient to start fresh (staff corner, idle time-out, a crash recovered): nothing of theirs is kept
anywhere else. The Qt controllers in :mod:`kiosk.control` read it and ask it to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core.panel import TEXT_STEPS
from kiosk.selfcheck.engine import SelfCheckSession

HOME = ("home",)
SELFCHECK_INTRO = ("selfcheck",)
SELFCHECK_FLOW = ("selfcheck", "flow")  # the current question or the outcome, as the engine says
STAFF_PIN = ("staff", "pin")
STAFF_PANEL = ("staff", "panel")
Place = tuple[str, ...]
MAX_HISTORY = 100  # places Back can return through; far more than a visit takes


@dataclass
class Navigator:
    """A history of places: ``("home",)``, ``("section", id)``, ``("selfcheck",)`` …

    Back returns to the previous place; Home forgets the history, so nothing of the last
    visit can be reached again by the next patient. Every step a patient takes is one :meth:`go`,
    Previous and Next between sections too, so Back after Next returns to the section just read
    (a patient who cannot see the screen learns the way by retracing it). :meth:`replace` is for a
    place never to be returned to: the PIN pad once the PIN was right.
    """

    history: list[Place] = field(default_factory=lambda: [HOME])

    @property
    def current(self) -> Place:
        return self.history[-1]

    def go(self, place: Place) -> Place:
        if place == HOME:
            return self.home()
        if place != self.current:
            self.history.append(place)
            if len(self.history) > MAX_HISTORY:  # Next, Next, Next … for an hour: Home stays at the bottom
                del self.history[1]
        return place

    def replace(self, place: Place) -> Place:
        self.history[-1] = place
        return place

    def back(self) -> Place:
        if len(self.history) > 1:
            self.history.pop()
        return self.current

    def home(self) -> Place:
        self.history = [HOME]
        return HOME


@dataclass
class Session:
    """One patient's visit. The defaults come from the content file; :meth:`reset` goes back to them."""

    default_language: str = "en"
    default_high_contrast: bool = False
    nav: Navigator = field(default_factory=Navigator)
    language: str = ""
    text_step: int = 0  # an index into kiosk.core.panel.TEXT_STEPS
    high_contrast: bool = False
    #: The patient's self-check answers: in memory only, dropped on Done, Home, Start over and idle.
    selfcheck: SelfCheckSession | None = None

    def __post_init__(self) -> None:
        self.language = self.language or self.default_language
        self.high_contrast = self.high_contrast or self.default_high_contrast

    def reset(self) -> None:
        """Forget everything the last patient did or chose."""
        self.nav.home()
        self.language = self.default_language
        self.high_contrast = self.default_high_contrast
        self.text_step = 0
        self.selfcheck = None

    def set_defaults(self, language: str, high_contrast: bool, *, apply: bool = False) -> None:
        """A new content file's defaults: used from the next reset on, or now when *apply* (the first file)."""
        self.default_language, self.default_high_contrast = language, high_contrast
        if apply:
            self.language, self.high_contrast = language, high_contrast

    def set_text_step(self, step: int) -> bool:
        """Clamp *step* to the offered sizes; True when the size changed."""
        step = max(0, min(len(TEXT_STEPS) - 1, step))
        changed = step != self.text_step
        self.text_step = step
        return changed

    @property
    def text_scale(self) -> float:
        return TEXT_STEPS[self.text_step]

    @property
    def mid_selfcheck(self) -> bool:
        """The patient is answering the self-check (or reading its outcome): a reload waits for them."""
        return self.selfcheck is not None and self.nav.current[0] == "selfcheck"
