"""Staff tools generated from the declared schema — JSON Schema, the content guide — and the advice a file gets:
reading levels, untranslated text, unused icons, low-contrast colours and ``--report``.

Qt-free on purpose: these run with the pure core only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiosk.colour import contrast
from kiosk.content import Content, ContentError, Mark, load
from kiosk.content import advice as advice_module
from kiosk.content.advice import (
    FERNANDEZ_HUERTA_GRADES,
    check_warnings,
    contrast_warnings,
    plain_words,
    readability_warnings,
    reading,
)
from kiosk.content.guide import REGENERATE as REGENERATE_GUIDE
from kiosk.content.guide import entries, guide
from kiosk.content.jsonschema import REGENERATE as REGENERATE_SCHEMA
from kiosk.content.jsonschema import content_json_schema, schema_text
from kiosk.content.report import report
from kiosk.content.spec import CONTENT
from tests.helpers import MINIMAL

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content.yaml"
SCHEMA_FILE = ROOT / "resources" / "content.schema.json"
GUIDE_FILE = ROOT / "docs" / "content-guide.md"


FLOW = """\
selfcheck:
  title: Check
  intro: Answer one question.
  start: fever
  questions:
    - id: fever
      text: Do you have a fever?
      answers:
        - label: "Yes"
          next: call
        - label: "No"
          next: fine
  outcomes:
    - id: call
      level: call-clinic
      title: Call the clinic
      body: Call us today.
    - id: fine
      level: self-care
      title: All good
      body: No signs now.
"""


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat would fetch NLTK's CMUdict for English if asked the wrong way: a load must never touch the network."""
    import nltk

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"nltk.download{args} was called while scoring text")

    monkeypatch.setattr(nltk, "download", refuse)


def write(tmp_path: Path, text: str, name: str = "content.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120,
                          check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = content_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# -- generated files are up to date ---------------------------------------------------------------

def test_bundled_json_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        f"resources/content.schema.json is stale; regenerate it with: {REGENERATE_SCHEMA}")
    assert json.loads(schema_text()) == content_json_schema()


def test_schema_file_format() -> None:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "$id": ')
    assert "\\u" not in text  # ensure_ascii=False: "…" stays "…"
    schema = json.loads(text)
    assert schema["title"] and schema["description"]


def test_schema_flag_prints_the_same_json() -> None:
    result = run("--schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == schema_text()


def test_bundled_guide_is_up_to_date() -> None:
    assert GUIDE_FILE.read_text(encoding="utf-8") == guide(), (
        f"docs/content-guide.md is stale; regenerate it with: {REGENERATE_GUIDE}")


def test_guide_module_prints_the_guide() -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk.content.guide"], capture_output=True, cwd=ROOT,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == guide()


def test_guide_documents_every_key_with_type_and_requirement() -> None:
    text = guide()
    paths = [entry.dotted for entry in entries()]
    assert {"version", "kiosk.title", "sections[].title", "selfcheck.questions[].answers[].label",
            "selfcheck.outcomes[].level", "theme.accent", "ui_text"} <= set(paths)
    for entry in entries():
        heading = f"`{entry.dotted}`\n"
        assert heading in text, entry.dotted
        after = text.split(heading, 1)[1].split("\n#", 1)[0]
        assert f"- **Type:** {entry.field.type.kind}" in after
        assert "- **Required**" in after or "- **Optional" in after
    assert "```yaml\nsections:\n  - title: What is Botox?\n```" in text
    assert "- **Optional.** If left out: `90`" in text  # idle_timeout_s
    assert "scripts/run-kiosk --check" in text and "es: ¿Qué es el bótox?" in text


def test_guide_examples_fit_the_schema_where_they_stand() -> None:
    """Every YAML snippet in the guide is nested correctly: it validates once "required" and "at least" are waived."""

    def waive(node: object) -> object:
        if isinstance(node, dict):
            return {k: waive(v) for k, v in node.items() if k not in ("required", "minItems")}
        if isinstance(node, list):
            return [waive(v) for v in node]
        return node

    partial = jsonschema.Draft202012Validator(waive(content_json_schema()))
    keys = guide().split("\n## Every key\n", 1)[1]  # the introduction's snippets are single keys, out of place
    blocks = re.findall(r"```yaml\n(.*?)```", keys, flags=re.S)
    assert len(blocks) > 40
    for block in blocks:
        data = yaml.safe_load(textwrap.dedent(block))
        assert isinstance(data, dict), block
        if "pin_hash" in block:
            continue  # its example ("…") stands for the digits on purpose
        assert [e.message for e in partial.iter_errors(data)] == [], block


def test_content_file_points_editors_at_the_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=resources/content.schema.json"


# -- the JSON Schema and the loader agree ------------------------------------------------------------

def test_bundled_content_fits_the_json_schema(validator: jsonschema.Draft202012Validator) -> None:
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


BROKEN = {
    "unknown key": MINIMAL.replace("    title: First topic", "    titel: First topic"),
    "wrong type": MINIMAL.replace("  title: Test kiosk", "  title: [Test, kiosk]"),
    "number out of range": MINIMAL.replace("  notice:", "  idle_timeout_s: 5\n  notice:"),
    "missing required key": MINIMAL.replace("    body: Second body.\n", ""),
    "bad level": MINIMAL + FLOW.replace("level: call-clinic", "level: severe"),
    "empty text": MINIMAL.replace("  intro: Tap a topic.", '  intro: ""'),
    "bad colour": MINIMAL + 'theme:\n  accent: "blue"\n',
    "bad webhook": MINIMAL + "alerts:\n  webhooks: [ftp://ntfy.example.org/desk]\n",
    "bad alert format": MINIMAL + "alerts:\n  format: slak\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_files_fail_both_the_json_schema_and_check(case: str, tmp_path: Path,
                                                          validator: jsonschema.Draft202012Validator) -> None:
    text = BROKEN[case]
    assert list(validator.iter_errors(yaml.safe_load(text))), f"the JSON Schema accepts a file with a {case}"
    result = run("--check", "--content", write(tmp_path, text))
    assert result.returncode == 1, result.stdout + result.stderr
    assert ": error: " in result.stdout


VALID = {
    "minimal": MINIMAL,
    "with a self-check": MINIMAL + FLOW,
    # The loader reads any plain scalar as words; the JSON Schema must not flag what the kiosk accepts.
    "unquoted yes and no as text": MINIMAL + FLOW.replace('"Yes"', "Yes").replace('"No"', "No"),
    "emergency number as a number": MINIMAL.replace("  notice:", "  emergency_number: 112\n  notice:"),
    "texts per language": MINIMAL.replace("  title: Test kiosk", "  languages: [en, es]\n"
                                          "  title: {en: Test kiosk, es: Quiosco}"),
    "alerts": MINIMAL + "alerts:\n  webhooks: [https://ntfy.example.org/desk, http://192.168.1.5/hook]\n"
                        "  format: ntfy\n  volume: 1\n  chime: false\n",
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid_files_pass_both(case: str, tmp_path: Path, validator: jsonschema.Draft202012Validator) -> None:
    text = VALID[case]
    assert [e.message for e in validator.iter_errors(yaml.safe_load(text))] == []
    try:
        load(write(tmp_path, text))
    except ContentError as exc:  # pragma: no cover - the message is the point
        pytest.fail(exc.report())


# -- reading level ------------------------------------------------------------------------------------

HARD_EN = ("Botulinum toxin administration necessitates comprehensive understanding of pharmacological "
           "contraindications, particularly regarding neuromuscular transmission disorders and concomitant "
           "aminoglycoside antibiotic therapy.")
HARD_ES = ("La administración de toxina botulínica requiere una comprensión exhaustiva de las contraindicaciones "
           "farmacológicas, particularmente en relación con los trastornos de la transmisión neuromuscular y la "
           "terapia antibiótica concomitante con aminoglucósidos.")


def bilingual(body_en: str, body_es: str) -> str:
    return f"""\
version: 1
kiosk:
  languages: [en, es]
  title: {{en: Test, es: Prueba}}
  intro: {{en: Tap a topic., es: Toque un tema.}}
  notice: {{en: General information only., es: Solo información general.}}
sections:
  - id: easy
    title: {{en: Easy, es: Fácil}}
    body: {{en: We can help you. Ask us at the desk., es: Le damos la mano. Pida más en la mesa.}}
  - id: hard
    title: {{en: Hard, es: Difícil}}
    body:
      en: {body_en}
      es: {body_es}
"""


def test_a_hard_section_warns_in_each_language(tmp_path: Path) -> None:
    content = load(write(tmp_path, bilingual(HARD_EN, HARD_ES)))
    assert content.warnings == ()  # reading grades cost textstat's import: only --check scores them
    found = [(w.mark, w.message) for w in check_warnings(content)]
    assert len(found) == 2, found
    (mark_en, en), (mark_es, es) = found
    assert mark_en == mark_es == Mark(14, 7)  # the hard section's body
    match = re.fullmatch(r"section 'hard' \(en\) reads at grade (\d+\.\d); aim for 8 or lower "
                         r"\(short sentences, everyday words\)", en)
    assert match and float(match[1]) > 12, en
    match = re.fullmatch(r"section 'hard' \(es\) reads at grade (\d+\.\d) \(Fernández-Huerta reading ease "
                         r"(-?\d+\.\d)\); aim for 8 or lower \(short sentences, everyday words\)", es)
    assert match and float(match[1]) > 8 and float(match[2]) < 60, es
    assert all(w.severity == "warning" for w in content.warnings)


def test_easy_sections_do_not_warn(tmp_path: Path) -> None:
    content = load(write(tmp_path, bilingual("Call us if it gets worse.", "Llame si se siente peor.")))
    assert content.warnings == ()


def test_check_prints_warnings_and_still_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, bilingual(HARD_EN, HARD_ES))
    result = run("--check", "--content", path)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:14:7: warning: section 'hard' (en) reads at grade ")
    assert lines[1].startswith(f"{path}:14:7: warning: section 'hard' (es) reads at grade ")
    assert lines[-1] == f"{path}: valid: 2 sections, 2 warnings"


def test_markdown_is_stripped_and_list_items_are_sentences() -> None:
    body = "Some **bold** and *italic* words:\n\n- first item\n  goes on\n- second item.\n"
    assert plain_words(body) == "Some bold and italic words.\nfirst item goes on.\nsecond item."


def test_spanish_grade_follows_the_fernandez_huerta_table() -> None:
    grade = advice_module._spanish_grade
    assert grade(60.0) == 8.0  # the warning threshold: ease 60 is grade 8
    assert grade(59.9) > 8.0 > grade(60.1)
    assert grade(50.72) == pytest.approx(11.712)
    assert grade(150.0) == 3.0 and grade(-20.0) == 18.0
    eases = [ease for ease, _ in FERNANDEZ_HUERTA_GRADES]
    assert eases == sorted(eases, reverse=True)
    assert [grade(e) for e in eases] == [g for _, g in FERNANDEZ_HUERTA_GRADES]


def test_english_never_downloads_a_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NLTK's CMUdict, English is scored with pyphen's rules instead of fetching the dictionary."""
    import nltk

    def missing(name: str) -> None:
        raise LookupError(name)

    monkeypatch.setattr(nltk.data, "find", missing)
    advice_module._english.cache_clear()
    try:
        assert advice_module._english() == "en-US"
        found = reading(HARD_EN, "en")  # the autouse fixture fails the test if this downloads anything
        assert found.words == 19 and found.grade is not None and found.grade > 12
    finally:
        advice_module._english.cache_clear()


def test_languages_without_a_formula_are_not_scored() -> None:
    assert reading(HARD_EN, "fr").grade is None
    assert reading(HARD_EN, "fr").words == 19


# -- translations, icons, contrast -------------------------------------------------------------------

def test_a_plain_text_in_a_bilingual_file_warns(tmp_path: Path) -> None:
    text = bilingual("Call us if it gets worse.", "Llame si se siente peor.").replace(
        "  notice:", "  clinic: Riverside Clinic\n  notice:")
    content = load(write(tmp_path, text))
    assert [(w.mark, w.message) for w in content.warnings] == [
        (Mark(6, 11), "'Riverside Clinic' is written once, so it reads the same in en and es; to translate it, "
                      "write it as {en: …, es: …}")]


def test_plain_text_is_fine_with_one_language(tmp_path: Path) -> None:
    assert load(write(tmp_path, MINIMAL)).warnings == ()


def test_ids_and_numbers_are_not_texts(tmp_path: Path) -> None:
    text = bilingual("Call us if it gets worse.", "Llame si se siente peor.").replace(
        "  notice:", '  emergency_number: "112"\n  notice:')
    assert load(write(tmp_path, text)).warnings == ()


def test_an_unused_icon_warns(tmp_path: Path) -> None:
    icons = tmp_path / "icons"
    icons.mkdir()
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    for name in ("used.svg", "unused.svg", "old.svg"):
        (icons / name).write_text(svg, encoding="utf-8")
    (icons / "notes.txt").write_text("not an icon", encoding="utf-8")
    text = MINIMAL.replace("    title: First topic\n", "    title: First topic\n    icon: icons/used.svg\n")
    content = load(write(tmp_path, text))
    assert [(w.mark, w.message) for w in content.warnings] == [
        (Mark(1, 1), "the icon 'icons/old.svg' is not used by any section; give it to a section or delete it"),
        (Mark(1, 1), "the icon 'icons/unused.svg' is not used by any section; give it to a section or delete it"),
    ]


def test_no_icons_folder_no_warning(tmp_path: Path) -> None:
    assert load(write(tmp_path, MINIMAL)).warnings == ()


def test_a_low_contrast_staff_colour_warns_with_its_ratio(tmp_path: Path) -> None:
    text = MINIMAL + 'theme:\n  accent: "#767676"\n'
    content = load(write(tmp_path, text))
    assert contrast("#ffffff", "#767676") == pytest.approx(4.54, abs=0.005)
    assert [(w.mark, w.message) for w in content.warnings] == [
        (Mark(15, 11), "theme: 'button text on accent' has a contrast of 4.5:1; it needs at least 7:1 (WCAG 1.4.6)")]


def test_contrast_is_rounded_down_never_up(tmp_path: Path) -> None:
    """6.994:1 fails, so it must not print as "7.0:1"."""
    text = MINIMAL + 'theme:\n  text: "#585858"\n  background: "#fdfdfd"\n'
    content = load(write(tmp_path, text))
    ratio = contrast("#585858", "#fdfdfd")
    assert 6.99 < ratio < 7.0
    messages = [w.message for w in content.warnings]
    assert messages == ["theme: 'text on background' has a contrast of 6.9:1; it needs at least 7:1 (WCAG 1.4.6)"]
    assert content.warnings[0].mark == Mark(15, 9)  # the foreground the staff chose


def test_a_screen_smaller_than_the_layout_needs_warns_at_its_width(tmp_path: Path) -> None:
    content = load(write(tmp_path, MINIMAL + "display:\n  width_mm: 222\n  height_mm: 125\n"))
    assert [(w.mark, w.message) for w in content.warnings] == [
        (Mark(15, 13), "display: a 222 x 125 mm screen is smaller than the 336 x 210 mm every screen is laid out "
                       "for at the largest text size; the kiosk will draw everything at 56 % of its size (touch "
                       "targets about 8 mm instead of 15 mm). A larger screen is better for patients with poor "
                       "eyesight or unsteady hands")]
    big = load(write(tmp_path, MINIMAL + "display:\n  width_mm: 336\n  height_mm: 210\n"))
    assert big.warnings == ()
    far = load(write(tmp_path, MINIMAL + "display:\n  width_mm: 336\n  height_mm: 210\n"
                                         "  viewing_distance_mm: 1000\n"))
    assert "smaller than the 672 x 420 mm" in far.warnings[0].message


def test_default_themes_pass() -> None:
    from kiosk.model.content import Theme

    assert contrast_warnings(Theme()) == []


# -- --report ---------------------------------------------------------------------------------------------

REPORT_FIXTURE = f"""\
version: 1
kiosk:
  languages: [en, es]
  title: {{en: Test kiosk, es: Quiosco de prueba}}
  intro: {{en: Tap a topic., es: Toque un tema.}}
  notice: {{en: General information only., es: Solo información general.}}
sections:
  - id: help
    title: {{en: Help, es: Ayuda}}
    body:
      en: {("We can help you. " * 45).strip()}
      es: {("La enfermera le explicará el tratamiento. " * 10).strip()}
  - id: note
    title: {{en: Note, es: Nota}}
    body: Ask us.
selfcheck:
  title: {{en: Check, es: Revisión}}
  intro: {{en: Answer two questions., es: Responda dos preguntas.}}
  start: fever
  questions:
    - id: fever
      text: {{en: Do you have a fever?, es: ¿Tiene fiebre?}}
      answers:
        - label: {{en: "Yes", es: "Sí"}}
          severity: call-clinic
          next: call
        - label: {{en: "No", es: "No"}}
          next: red
    - id: red
      text: {{en: Is the spot red?, es: ¿Está roja la zona?}}
      answers:
        - label: {{en: "Yes", es: "Sí"}}
          next: mild
        - label: {{en: "No", es: "No"}}
          next: fine
  outcomes:
    - id: call
      level: call-clinic
      title: {{en: Call the clinic, es: Llame a la clínica}}
      body: {{en: Call us today., es: Llámenos hoy.}}
    - id: mild
      level: self-care
      title: {{en: This is common, es: Esto es común}}
      body: {{en: It goes away., es: Se quita sola.}}
    - id: fine
      level: self-care
      title: {{en: All good, es: Todo bien}}
      body: {{en: No signs now., es: Sin señales.}}
"""

# Worked by hand:
#  help/en: 45 × "We can help you." = 180 one-syllable words in 45 sentences:
#           Flesch–Kincaid 0.39 × 4 + 11.8 × 1 − 15.59 = −2.23; 180 / 150 = 1.2 minutes.
#  help/es: 10 × "La enfermera le explicará el tratamiento." = 60 words, 15 syllables per sentence
#           (la, en-fer-me-ra, le, ex-pli-ca-rá, el, tra-ta-mien-to): Fernández-Huerta
#           206.84 − 60 × 2.5 − 1.02 × 6 = 50.72, grade 8 + (60 − 50.72) × 4 / 10 = 11.712; 0.4 minutes.
#  note:    plain, so scored once in the default language: 2 words, one sentence: 0.39 × 2 + 11.8 − 15.59 = −3.01.
EXPECTED_REPORT = """\
Content report: {path}

Sections
  section  language  words  reading grade  reading ease  minutes aloud
  -------  --------  -----  -------------  ------------  -------------
  help     en          180           -2.2             —            1.2
  help     es           60           11.7          50.7            0.4
  note     en            2           -3.0             —            0.0

  Reading grade: Flesch–Kincaid for English; for Spanish an estimate from the Fernández-Huerta reading
  ease (below 60 reads above grade 8). Aim for grade 8 or lower.
  Minutes aloud: words / 150 words a minute.

Self-check
  questions     2
  outcomes      3
  paths         3
  safety audit  passed (every path honours every answer's severity)

  Shortest path to each level (en)
  level        answers  path
  -----------  -------  ------------------
  self-care          2  fever=No → red=Yes
  call-clinic        1  fever=Yes

2 warnings: scripts/run-kiosk --check lists them.
"""


@pytest.fixture
def report_content(tmp_path: Path) -> Content:
    return load(write(tmp_path, REPORT_FIXTURE))


def test_report_figures_are_exact(report_content: Content) -> None:
    assert report(report_content) == EXPECTED_REPORT.format(path=report_content.source)
    found = reading(report_content.sections[0].body.get("es"), "es")
    assert (found.words, found.ease) == (60, pytest.approx(50.72))
    assert found.grade == pytest.approx(11.712)


def test_report_fixture_warnings(report_content: Content) -> None:
    assert [w.message for w in check_warnings(report_content)] == [
        "section 'help' (es) reads at grade 11.7 (Fernández-Huerta reading ease 50.7); aim for 8 or lower "
        "(short sentences, everyday words)",
        "'Ask us.' is written once, so it reads the same in en and es; to translate it, write it as {en: …, es: …}",
    ]


def test_report_flag(report_content: Content) -> None:
    result = run("--report", "--content", report_content.source)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_REPORT.format(path=report_content.source)


def test_report_flag_on_a_broken_file(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN["unknown key"])
    result = run("--report", "--content", path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"{path}: fix these errors first (scripts/run-kiosk --check)"


def test_report_on_the_bundled_file() -> None:
    text = report(load(BUNDLED))
    assert "  paths         17\n" in text
    assert "  emergency          1  breathing=Yes\n" in text
    assert "passed (every path honours every answer's severity)" in text


def test_report_without_a_selfcheck(tmp_path: Path) -> None:
    assert "Self-check: none\n" in report(load(write(tmp_path, MINIMAL)))


def test_readability_only_scores_sections(tmp_path: Path) -> None:
    """Outcome and question texts are short by design; the reading-level warning is about sections."""
    content = load(write(tmp_path, MINIMAL + FLOW.replace("Call us today.", HARD_EN)))
    assert readability_warnings(content) == []


def test_every_declared_key_is_in_the_json_schema() -> None:
    schema = content_json_schema()

    def walk(node: dict, path: str) -> set[str]:
        found = set()
        for key, prop in node.get("properties", {}).items():
            here = f"{path}.{key}" if path else key
            found.add(here)
            inner = prop.get("items", prop)
            found |= walk(inner, here + ("[]" if "items" in prop else ""))
        return found

    assert walk(schema, "") == {entry.dotted for entry in entries(CONTENT)}
