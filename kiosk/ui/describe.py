"""What keypad mode says: a new screen, the focused control with its place, and the keys' help.

Pure Python (no Qt), so the words can be checked on their own; the words themselves are
:class:`~kiosk.strings.UiText` keys, in every language the kiosk speaks. A screen is read by itself
when it appears: its heading (the whole text of an outcome, the emergency number with it), then how
many choices it offers. Each move says the control and its place in its group, "Yes, 1 of 3", so a
patient who cannot see the screen knows where they are. Nothing said here is logged.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.strings import UiText

ENDS_A_SENTENCE = (".", "?", "!", ":", "…", "。")


def sentence(text: str) -> str:
    """*text* as a sentence: a full stop added when it has no closing mark, so a voice pauses after it."""
    words = " ".join(text.split())
    return words if not words or words.endswith(ENDS_A_SENTENCE) else words + "."


def choices_words(count: int, ui: UiText) -> str:
    return ui("choices_one") if count == 1 else ui("choices_many", n=count)


def describe_screen(heading: Sequence[str], choices: int, ui: UiText) -> list[str]:
    """The parts said when a screen appears: each line of its heading as a sentence, then how many
    choices it offers (nothing for a screen with none)."""
    parts = [sentence(line) for line in heading if line.strip()]
    if choices > 0:
        parts.append(choices_words(choices, ui))
    return parts


def describe_item(name: str, place: int, count: int, ui: UiText, *, checked: bool | None = None) -> str:
    """A focused control and its place: "Yes, 1 of 3"; "High contrast, off, 5 of 5" for a switch;
    "What is Botox? 2 of 8" (no comma after a question mark)."""
    words = " ".join(name.split())
    if checked is not None:
        words = f"{words}, {ui('state_on' if checked else 'state_off')}"
    where = ui("item_place", n=place, count=count)
    if not words:
        return where
    return f"{words} {where}" if words.endswith(ENDS_A_SENTENCE) else f"{words}, {where}"


def describe_help(ui: UiText) -> str:
    """Which keys do what, for the Help key."""
    return ui("keys_help")
