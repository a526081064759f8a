"""Advice about a content file that loads: the warnings every load adds, and those ``--check`` adds.

None of this stops a file loading. The loader adds :func:`load_warnings` to
``Content.warnings`` (so ``--check`` prints them as ``warning:`` lines and still exits 0);
:func:`check_warnings` adds the reading grades, and :mod:`kiosk.content.report` shows them to staff:

* **Reading level** — a section whose body reads above school grade 8. English is scored
  with the Flesch–Kincaid grade (``flesch_kincaid_grade``), Spanish with Fernández-Huerta's
  reading ease (``fernandez_huerta``), both from textstat. Fernández-Huerta is a 0–100
  ease score, not a grade; its published table (J. Fernández Huerta, *Medidas sencillas de
  lecturabilidad*, Consigna 214, 1959, as tabulated at
  https://legible.es/blog/lecturabilidad-fernandez-huerta/, the page textstat cites) puts
  60–70 at "normal (para adulto), 7º u 8º grado" and 50–60 at "algo difícil,
  preuniversitario". So **ease below 60 is "above grade 8"**: that boundary is the table's
  own. The grade shown for Spanish is an estimate, interpolated linearly between the
  table's band edges (:data:`FERNANDEZ_HUERTA_GRADES`), so staff compare one kind of number
  across languages. Other languages are not scored.
* **Untranslated text** — with more than one language in ``kiosk.languages``, a text
  written once (a plain string, not ``{en: …, es: …}``) shows the same words in every language.
* **Unused icons** — an ``.svg`` in the ``icons/`` folder beside the content file that no
  section uses.
* **Low contrast** — a text/background pair of either theme (normal and high contrast)
  below 7:1 (WCAG 2.2 success criterion 1.4.6, contrast enhanced).

Pure Python, no Qt. textstat is imported on first use (about 0.4 s, most of it NLTK), and it
caches its counts by text, so a hot reload of an unchanged section costs nearly nothing.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.colour import contrast
from kiosk.core.panel import TEXT_STEPS, TOUCH_MM, panel_fit, smallest_panel
from kiosk.model.content import Content, Display, Text, Theme
from kiosk.model.errors import Mark, Problem
from kiosk.theme import palette_for

READING_GRADE_LIMIT = 8.0
#: Fernández-Huerta reading ease below which Spanish text reads above grade 8 (see the module docstring).
SPANISH_EASE_LIMIT = 60.0
#: (reading ease, school grade) at the edges of Fernández-Huerta's bands, easiest first: each band's
#: harder edge gets the highest grade the table gives it (90–100: 4º; 80–90: 5º; 70–80: 6º; 60–70: 7º–8º;
#: 50–60: preuniversitario, to 12; 30–50: cursos selectivos, ~16; 0–30: universitario, 18). Ease above 100
#: or below 0 holds the end value.
FERNANDEZ_HUERTA_GRADES: tuple[tuple[float, float], ...] = (
    (100.0, 3.0), (90.0, 4.0), (80.0, 5.0), (70.0, 6.0), (60.0, 8.0), (50.0, 12.0), (30.0, 16.0), (0.0, 18.0))
WORDS_PER_MINUTE = 150  # reading aloud, slowly and clearly
CONTRAST_MINIMUM = 7.0  # WCAG 2.2, 1.4.6 Contrast (Enhanced)
THEME_KEYS = ("text", "surface", "background", "accent")  # the theme colours staff set, in Theme's order


# -- reading level --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """How one text reads in one language."""

    words: int
    grade: float | None  # None: no formula for this language
    ease: float | None = None  # Fernández-Huerta reading ease (Spanish only)

    @property
    def minutes(self) -> float:
        """Minutes to read it aloud at :data:`WORDS_PER_MINUTE`."""
        return self.words / WORDS_PER_MINUTE


_EMPHASIS = re.compile(r"\*+")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'’”»)\]]*$")


def plain_words(markdown: str) -> str:
    """The words of a Markdown body as sentences: no ``**``/``*``, no ``- `` list marks.

    Each paragraph and each list item ends with a full stop if it has none, so a list counts
    as short sentences (as it reads) rather than as one long run-on sentence.
    """
    units: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        current: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("- "):
                if current:
                    units.append(" ".join(current))
                current = [line[2:]]
            elif line:
                current.append(line)
        if current:
            units.append(" ".join(current))
    sentences = []
    for unit in units:
        unit = _EMPHASIS.sub("", unit).strip()
        if unit and not _ENDS_SENTENCE.search(unit):
            unit = unit.rstrip(":;, ") + "."
        if unit:
            sentences.append(unit)
    return "\n".join(sentences)


@functools.cache
def _english() -> str:
    """The language textstat is given for English.

    textstat 0.7.13 counts English syllables with NLTK's CMU Pronouncing Dictionary, and when
    that is not installed it *downloads* it (``nltk.download``) on first use: a network call
    from the loader's thread on a kiosk, which may hang or fail. So look first. When it is
    missing, ask for ``en-US``: textstat only consults CMUdict for the language root ``en``
    (it splits on ``_``), and pyphen reads ``en-US`` as its en_US hyphenation rules, which
    count fewer syllables in long words (grades come out lower). Install the dictionary once,
    at set-up, with ``.venv/bin/python -m nltk.downloader -d .venv/nltk_data cmudict``.
    """
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        return "en-US"
    return "en_US"


@functools.cache
def _textstat(lang: str) -> Any:
    """A textstat instance of its own per language (``set_lang`` on the shared one is global state)."""
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    return stats


def _spanish_grade(ease: float) -> float:
    points = FERNANDEZ_HUERTA_GRADES
    if ease >= points[0][0]:
        return points[0][1]
    for (easy, low), (hard, high) in itertools.pairwise(points):
        if ease >= hard:
            return low + (easy - ease) * (high - low) / (easy - hard)
    return points[-1][1]


def reading(text: str, lang: str) -> Reading:
    """Words, reading grade and (Spanish) reading ease of a Markdown *text* written in *lang*."""
    words = plain_words(text)
    root = lang.split("-")[0].lower()
    if root == "en":
        stats = _textstat(_english())
        return Reading(stats.lexicon_count(words), stats.flesch_kincaid_grade(words))
    stats = _textstat(root)
    count = stats.lexicon_count(words)
    if root == "es":
        ease = stats.fernandez_huerta(words)
        return Reading(count, _spanish_grade(ease), ease)
    return Reading(count, None)


def written_languages(text: Text, languages: Sequence[str]) -> tuple[str, ...]:
    """The languages a text is written in: a plain text counts as the default language's."""
    return (languages[0],) if text.is_plain else tuple(lang for lang in languages if lang in text.languages)


def shown_grade(value: float) -> float:
    """*value* as staff read it: to one decimal place."""
    return round(value, 1) + 0.0  # + 0.0: never print -0.0


def readability_warnings(content: Content) -> list[Problem]:
    """A warning for each section and language whose body reads above grade 8."""
    out = []
    for section in content.sections:
        for lang in written_languages(section.body, content.kiosk.languages):
            try:
                found = reading(section.body.get(lang), lang)
            except ImportError:
                return [Problem(Mark(), "reading levels were not measured: the textstat package is missing "
                                        "(run scripts/bootstrap.sh)", "warning")]
            except Exception as exc:  # advice only: never let it stop a good file loading
                out.append(Problem(section.body.mark, f"the reading level of section '{section.id}' ({lang}) could "
                                                      f"not be measured: {exc}", "warning"))
                continue
            if found.grade is None or shown_grade(found.grade) <= READING_GRADE_LIMIT:
                continue
            ease = "" if found.ease is None else f" (Fernández-Huerta reading ease {found.ease:.1f})"
            out.append(Problem(section.body.mark,
                               f"section '{section.id}' ({lang}) reads at grade {shown_grade(found.grade):.1f}{ease}; "
                               f"aim for {READING_GRADE_LIMIT:g} or lower (short sentences, everyday words)",
                               "warning"))
    return out


# -- translations, icons, contrast ------------------------------------------------------------------

def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def translation_warnings(texts: Iterable[Text], languages: Sequence[str]) -> list[Problem]:
    """With several languages, each patient-facing text written once is shown untranslated in all of them."""
    if len(languages) < 2:
        return []
    as_map = "{" + ", ".join(f"{lang}: …" for lang in languages) + "}"
    return [Problem(text.mark, f"'{_short(text.get(languages[0]))}' is written once, so it reads the same in "
                               f"{_and(languages)}; to translate it, write it as {as_map}", "warning")
            for text in texts if text.is_plain]


def unused_icon_warnings(content: Content, folder: Path) -> list[Problem]:
    """Each ``icons/*.svg`` beside the content file that no section uses."""
    icons = folder / "icons"
    if not icons.is_dir():
        return []
    used = {section.icon.resolve() for section in content.sections if section.icon is not None}
    return [Problem(Mark(), f"the icon 'icons/{svg.name}' is not used by any section; give it to a section "
                            "or delete it", "warning")
            for svg in sorted(icons.glob("*.svg")) if svg.resolve() not in used]


def contrast_warnings(theme: Theme) -> list[Problem]:
    """Each text/background pair of the normal and the high-contrast theme below 7:1, at the theme key to change."""

    out = []
    seen: set[tuple[str, str, str]] = set()
    for high_contrast in (False, True):
        where = "theme (high contrast)" if high_contrast else "theme"
        for name, (fg, bg) in palette_for(theme, high_contrast).pairs().items():
            ratio = contrast(fg, bg)
            if ratio >= CONTRAST_MINIMUM or (name, fg, bg) in seen:
                continue
            seen.add((name, fg, bg))
            # Point at the colour staff wrote: the foreground's key first, else the background's.
            keys = [] if high_contrast else [k for colour in (fg, bg) for k in THEME_KEYS
                                             if getattr(theme, k) == colour and k in theme.marks]
            mark = theme.marks[keys[0]] if keys else Mark()
            shown = math.floor(ratio * 10) / 10  # rounded down: 6.96 must not print as 7.0
            out.append(Problem(mark, f"{where}: '{name}' has a contrast of {shown:.1f}:1; it needs at least "
                                     f"{CONTRAST_MINIMUM:g}:1 (WCAG 1.4.6)", "warning"))
    return out


def display_warnings(display: Display) -> list[Problem]:
    """A panel smaller than the screens are laid out for: everything, or the larger text sizes, will be
    drawn smaller (kiosk.core.panel)."""
    if not display.width_mm or not display.height_mm:
        return []
    fits = [panel_fit(display.width_mm, display.height_mm, display.viewing_distance_mm, s) for s in TEXT_STEPS]
    if fits[-1] >= 1.0:
        return []
    long_side, short_side = smallest_panel(display.viewing_distance_mm)
    if fits[0] == fits[-1]:
        drawn = f"everything at {math.floor(fits[0] * 100)} % of its size"
    elif fits[0] >= 1.0:
        drawn = f"everything at full size, but at {math.floor(fits[-1] * 100)} % when a patient picks the largest text"
    else:
        drawn = (f"everything at {math.floor(fits[0] * 100)} % of its size, {math.floor(fits[-1] * 100)} % with the "
                 f"largest text")
    mark = display.marks.get("width_mm", Mark())
    return [Problem(mark, f"display: a {display.width_mm:g} x {display.height_mm:g} mm screen is smaller than the "
                          f"{long_side:g} x {short_side:g} mm every screen is laid out for at the largest text "
                          f"size; the kiosk will draw {drawn} (touch targets about {TOUCH_MM * fits[-1]:.0f} mm "
                          f"instead of {TOUCH_MM:g} mm). A larger screen is better for patients with poor eyesight "
                          f"or unsteady hands", "warning")]


def load_warnings(content: Content, texts: Iterable[Text], folder: Path) -> list[Problem]:
    """The cheap warnings, on every load (the kiosk's too); *texts* are all the file's texts.

    Reading grades are left to :func:`check_warnings`: scoring them imports textstat and NLTK
    (0.3 s to 3 s), which would delay the first frame a patient sees and every hot reload.
    """
    found = [
        *translation_warnings(texts, content.kiosk.languages),
        *contrast_warnings(content.theme),
        *unused_icon_warnings(content, folder),
        *display_warnings(content.display),
    ]
    return sorted(found, key=lambda p: p.mark)


def check_warnings(content: Content) -> list[Problem]:
    """What ``--check`` adds to the load's warnings: the reading grade of every section."""
    return sorted([*content.warnings, *readability_warnings(content)], key=lambda p: p.mark)
