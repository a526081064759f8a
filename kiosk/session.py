"""Where the patient is and how they got there (pure Python: no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

HOME = ("home",)
SELFCHECK_INTRO = ("selfcheck",)
SELFCHECK_FLOW = ("selfcheck", "flow")  # the current question or the outcome, as the engine says
STAFF_PIN = ("staff", "pin")
STAFF_PANEL = ("staff", "panel")
Place = tuple[str, ...]


@dataclass
class Navigator:
    """A history of places: ``("home",)``, ``("section", id)``, ``("selfcheck",)`` …

    Back returns to the previous place; Home forgets the history, so nothing of the last
    visit can be reached again by the next patient.
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
