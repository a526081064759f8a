"""Hypothesis strategies: valid content (sections, languages, Markdown, unicode, self-checks that pass the
safety audit), and damaged copies of the bundled file or of generated content.

Hypothesis is a test dependency, so it is imported only when a strategy is asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.content.spec import LEVELS
from kiosk.core.pin import weak_hash_pin
from kiosk.model.levels import Level
from kiosk.strings import KEYS as UI_KEYS
from tools.fuzz.mutators import MUTATORS, mutate
from tools.fuzz.source import ROOT, bundled_bytes, dump

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

ICON_NAMES = tuple(sorted(p.name for p in (ROOT / "resources" / "icons").glob("*.svg")))

FUZZ_PIN = "97531"
FUZZ_PIN_HASH = weak_hash_pin(FUZZ_PIN, 1000, salt=b"kiosk fuzz salt.")
"""A cheap hash (1,000 rounds) for generated content, so a monkey on it can open staff mode in microseconds."""


WORDS = ("Botox", "acné", "señal", "inyección", "медицина", "医生", "مرحبا", "שלום", "🙂", "👩‍⚕️", "e\u0301",
         "ﬁ", "Straße", "İstanbul", "x" * 80, "**bold**", "*it*", "`code`", "<b>html</b>", "[link](http://example.com)",
         "![img](nope.png)", "&amp;", "%s", "{0}", "{seconds}", "\\", "\u200b", "\u00a0", "…", "—", "Ω", "\u202e",
         "yes", "no", "null", "~", "- ", "#", ":", "---", "'", '"', "|", ">", "911", "1.5", "true")
LANGS = ("en", "es", "fr", "de", "ar", "zh", "fi", "no", "on", "yes", "nan", "off", "en-US", "es-MX", "pt-BR", "haw")
PLACEHOLDERS = {"question_progress": "{n}", "emergency_left_clinic": "{number}", "idle_body": "{seconds}",
                "pin_locked": "{seconds}"}


@functools.cache
def _st() -> Any:
    try:
        from hypothesis import strategies as st
    except ImportError as exc:  # pragma: no cover - hypothesis is a test dependency
        raise SystemExit("tools.fuzz needs Hypothesis: pip install -e '.[test]'") from exc
    return st


@functools.cache
def words() -> SearchStrategy[str]:
    """A short non-blank text: real words in several scripts, YAML-looking bits, and arbitrary characters."""
    st = _st()
    any_chars = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
    return (st.lists(st.one_of(st.sampled_from(WORDS), any_chars), min_size=1, max_size=8)
            .map(" ".join).filter(lambda s: bool(s.strip())))


@functools.cache
def markdown() -> SearchStrategy[str]:
    """A Markdown body: paragraphs, emphasis, lists (nested too), headings, quotes, code, rules, tables."""
    st = _st()
    w = words()
    block = st.one_of(
        w,
        st.lists(w, min_size=2, max_size=5).map(" ".join),
        st.lists(w, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items)),
        st.lists(w, min_size=1, max_size=3).map(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
        w.map(lambda s: f"# {s}"), w.map(lambda s: f"> {s}"), w.map(lambda s: f"**{s}**"),
        w.map(lambda s: f"```\n{s}\n```"), st.just("---"), st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
        st.just("- a\n  - b\n    - c\n      - d"), st.just("word " * 200),
    )
    return st.lists(block, min_size=1, max_size=5).map("\n\n".join).filter(lambda s: bool(s.strip()))


@functools.cache
def section_ids() -> SearchStrategy[str]:
    return _st().from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@functools.cache
def languages() -> SearchStrategy[list[str]]:
    st = _st()
    lang = st.one_of(st.sampled_from(LANGS), st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True))
    return st.one_of(st.just(["en"]), st.lists(lang, min_size=1, max_size=3, unique=True))


@functools.cache
def valid_documents() -> SearchStrategy[dict[str, Any]]:
    """A valid content file as a Python mapping, ready for :func:`dump`."""
    return _document()


def _document() -> SearchStrategy[dict[str, Any]]:
    st = _st()

    @st.composite
    def document(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, Any]:
        langs: list[str] = draw(languages())

        def text(markdown_text: bool = False) -> Any:
            kind = markdown() if markdown_text else words()
            if draw(st.booleans()):
                return draw(kind)
            return {lang: draw(kind) for lang in draw(st.permutations(langs))}

        kiosk: dict[str, Any] = {"title": text(), "intro": text(), "notice": text()}
        if draw(st.booleans()):
            kiosk["clinic"] = text()
        if langs != ["en"] or draw(st.booleans()):
            kiosk["languages"] = langs
        if draw(st.booleans()):
            kiosk["emergency_number"] = draw(st.from_regex(r"[0-9+ ()-]{2,20}", fullmatch=True)
                                             .filter(lambda s: bool(s.strip())))
        if draw(st.booleans()):
            kiosk["idle_timeout_s"] = draw(st.integers(20, 3600))
            kiosk["idle_warning_s"] = draw(st.integers(20, 600))
        if draw(st.booleans()):
            kiosk["speech"] = draw(st.booleans())
        doc: dict[str, Any] = {"version": 1, "kiosk": kiosk}
        if draw(st.booleans()):
            display: dict[str, Any] = {}
            if draw(st.booleans()):
                display["width_mm"] = draw(st.one_of(st.integers(50, 5000), st.floats(50, 5000)))
                display["height_mm"] = draw(st.one_of(st.integers(50, 5000), st.floats(50, 5000)))
            if draw(st.booleans()):
                display["viewing_distance_mm"] = draw(st.integers(200, 3000))
            doc["display"] = display or {"viewing_distance_mm": 500}
        ids = draw(st.lists(section_ids(), min_size=1, max_size=6, unique=True))
        sections = []
        for sid in ids:
            section: dict[str, Any] = {"id": sid, "title": text(), "body": text(markdown_text=True)}
            if draw(st.booleans()):
                section["icon"] = "icons/" + draw(st.sampled_from(ICON_NAMES))
            sections.append(section)
        doc["sections"] = sections
        if draw(st.booleans()):
            doc["selfcheck"] = draw(selfcheck(langs, text))
        if draw(st.booleans()):
            doc["staff"] = {"pin_hash": FUZZ_PIN_HASH}
        if draw(st.booleans()):
            doc["theme"] = {"high_contrast": draw(st.booleans())}
            if draw(st.booleans()):
                doc["theme"]["accent"] = draw(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True))
        if draw(st.booleans()):
            doc["ui_text"] = draw(ui_text(langs))
        return doc

    return document()


def selfcheck(langs: list[str], text: Callable[..., Any]) -> SearchStrategy[dict[str, Any]]:
    """A self-check flow that passes the audit: a DAG from the first question, every node reachable, and each
    answer's severity no more serious than the mildest outcome reachable through it."""
    st = _st()

    @st.composite
    def flow(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, Any]:
        n_q = draw(st.integers(1, 5))
        n_o = draw(st.integers(1, 4))
        ids = draw(st.lists(section_ids(), min_size=n_q + n_o, max_size=n_q + n_o, unique=True))
        qids, oids = ids[:n_q], ids[n_q:]
        level = {o: draw(st.sampled_from(LEVELS)) for o in oids}
        # A spanning tree first (each node hangs under an earlier question), so everything is reachable
        # and every edge points forward, so nothing goes round in a circle.
        targets: dict[str, list[str]] = {q: [] for q in qids}
        for k in range(1, n_q):
            targets[qids[draw(st.integers(0, k - 1))]].append(qids[k])
        for o in oids:
            targets[qids[draw(st.integers(0, n_q - 1))]].append(o)
        for k, q in enumerate(qids):
            later = qids[k + 1:] + oids
            extra = draw(st.integers(max(0, 2 - len(targets[q])), 3))
            targets[q] += [draw(st.sampled_from(later)) for _ in range(extra)]
            targets[q] = draw(st.permutations(targets[q]))
        mildest: dict[str, Level] = {o: Level.from_id(level[o]) for o in oids}
        for q in reversed(qids):
            mildest[q] = min(mildest[t] for t in targets[q])
        questions = []
        for q in qids:
            answers = []
            for t in targets[q]:
                answer: dict[str, Any] = {"label": text(), "next": t}
                if draw(st.booleans()):
                    answer["severity"] = draw(st.sampled_from([lv.id for lv in Level if lv <= mildest[t]]))
                answers.append(answer)
            question: dict[str, Any] = {"id": q, "text": text(), "answers": answers}
            if draw(st.booleans()):
                question["help"] = text()
            questions.append(question)
        outcomes = [{"id": o, "level": level[o], "title": text(), "body": text(True)} for o in oids]
        return {"title": text(), "intro": text(True), "start": qids[0], "questions": questions, "outcomes": outcomes}

    return flow()


def ui_text(langs: list[str]) -> SearchStrategy[dict[str, dict[str, str]]]:
    """Overrides of built-in words; a key with a placeholder keeps that placeholder or has none (no stray braces)."""
    st = _st()
    plain = words().map(lambda s: s.replace("{", "(").replace("}", ")"))

    @st.composite
    def overrides(draw: Callable[[SearchStrategy[Any]], Any]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for lang in draw(st.lists(st.sampled_from([*langs, "en", "es"]), min_size=1, max_size=2, unique=True)):
            chosen = draw(st.lists(st.sampled_from(UI_KEYS), min_size=1, max_size=6, unique=True))
            out[lang] = {}
            for key in chosen:
                value = draw(plain)
                if key in PLACEHOLDERS and draw(st.booleans()):
                    value += " " + PLACEHOLDERS[key]
                out[lang][key] = value
        return out

    return overrides()


@dataclass(frozen=True)
class Mutant:
    """One damaged file: *base* (the bundled file, or generated bytes) through mutator *name* with *seed*."""

    name: str
    seed: int
    base: bytes = field(default=b"", repr=False)
    base_label: str = "bundled"

    @functools.cached_property
    def data(self) -> bytes:
        return mutate(self.base or bundled_bytes(), self.name, self.seed)

    def __repr__(self) -> str:
        return f"Mutant({self.base_label}:{self.name}:{self.seed})"


@functools.cache
def mutants() -> SearchStrategy[Mutant]:
    """Damaged copies of the bundled content.yaml."""
    st = _st()
    return st.builds(Mutant, name=st.sampled_from(sorted(MUTATORS)), seed=st.integers(0, 2**32 - 1))


@functools.cache
def generated_mutants() -> SearchStrategy[Mutant]:
    """Damaged copies of generated valid content."""
    st = _st()
    return st.builds(Mutant, name=st.sampled_from(sorted(MUTATORS)), seed=st.integers(0, 2**32 - 1),
                     base=valid_documents().map(dump), base_label=st.just("generated"))


@functools.cache
def cases() -> SearchStrategy[tuple[str, bytes, str]]:
    """(source, bytes, how to reproduce) for the command line: valid, mutated bundled, mutated generated."""
    st = _st()
    valid = valid_documents().map(lambda doc: ("valid", dump(doc), "generated valid content"))
    bundled = mutants().map(lambda m: ("mutant", m.data, repr(m)))
    generated = generated_mutants().map(lambda m: ("mutant", m.data, repr(m)))
    return st.sampled_from([1, 1, 1, 1, 0, 2]).flatmap(lambda k: (valid, bundled, generated)[k])
