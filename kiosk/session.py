"""Where the patient is and how they got there (pure Python: no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
