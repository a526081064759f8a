"""The loader: every class of staff mistake gives a compiler-style message at the exact line and column."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import pytest
import yaml

from kiosk.content import ContentError, Mark, load, loads
from kiosk.content.loader import MAX_BYTES
from tests.helpers import BUNDLED, MINIMAL, write


def problems(text: str | bytes, tmp_path: Path) -> list[tuple[int, int, str]]:
    path = tmp_path / "content.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(ContentError) as info:
        load(path)
    return [(p.mark.line, p.mark.column, p.message) for p in info.value.problems]


def test_bundled_content_loads_without_problems() -> None:
    content = load(BUNDLED)
    assert content.warnings == ()
    assert [s.id for s in content.sections] == [
        "what-is-botox", "how-it-works", "benefits", "side-effects", "how-long", "is-it-safe", "in-short"]
    assert all(s.icon is not None and s.icon.is_file() for s in content.sections)


def test_bundled_sections_are_the_leaflets_headings_and_words() -> None:
    leaflet = (Path(__file__).resolve().parents[3] / "shared" / "seed" / "leaflet.txt")
    if not leaflet.exists():
        pytest.skip(f"the source leaflet is not beside this checkout ({leaflet})")
    text = leaflet.read_text()
    content = load(BUNDLED)
    for section in content.sections[:-1]:
        assert section.title.get("en") in text
    words = " ".join(text.split())
    # every sentence of every body is the leaflet's, once Markdown emphasis and list marks are removed
    for section in content.sections:
        body = " ".join(section.body.get("en").replace("**", "").replace("\n- ", " ").split())
        for sentence in body.replace("- ", "").split(". "):
            assert sentence.rstrip(".") in words, sentence


def test_minimal_file_loads(tmp_path: Path) -> None:
    content = load(write(tmp_path, MINIMAL))
    assert content.kiosk.title.get("en") == "Test kiosk"
    assert content.display.viewing_distance_mm == 500
    assert content.kiosk.emergency_number == "911"


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = MINIMAL.replace("  intro: Tap a topic.", "  intro: [Tap a topic.")
    (line, column, message), = problems(text, tmp_path)
    assert (line, column) == (5, 9)
    assert message == "this is not valid YAML (while parsing a flow sequence): did not find expected ',' or ']'"


def test_tab_indentation(tmp_path: Path) -> None:
    text = MINIMAL.replace("  intro: Tap", "\tintro: Tap")
    assert problems(text, tmp_path) == [(4, 1, "a tab is used for indenting; YAML needs spaces")]


def test_wrong_types(tmp_path: Path) -> None:
    text = MINIMAL.replace("  title: Test kiosk", "  title: [Test, kiosk]") + "display:\n  width_mm: wide\n"
    assert problems(text, tmp_path) == [
        (3, 10, "'title' in 'kiosk' should be text, not a list"),
        (15, 13, "'width_mm' in 'display' should be a number, not the text 'wide'"),
    ]


def test_sections_not_a_list(tmp_path: Path) -> None:
    text = MINIMAL.split("sections:")[0] + "sections: all of them\n"
    assert problems(text, tmp_path) == [
        (6, 11, "'sections' should be a list (lines starting with '- '), not the text 'all of them'")]


def test_missing_required_key(tmp_path: Path) -> None:
    text = MINIMAL.replace("    body: Second body.\n", "")
    assert problems(text, tmp_path) == [
        (11, 5, "section 'second' is missing 'body' (the text. markdown: paragraphs, **bold**, *italic* and "
                "\"- \" lists)")]


def test_unknown_key_did_you_mean(tmp_path: Path) -> None:
    text = MINIMAL.replace("    title: First topic", "    titel: First topic")
    found = problems(text, tmp_path)
    assert (8, 5, "unknown key 'titel' in section 'first' (did you mean 'title'?)") in found


def test_duplicate_section_ids(tmp_path: Path) -> None:
    text = MINIMAL.replace("id: second", "id: first")
    assert problems(text, tmp_path) == [
        (11, 9, "the section id 'first' is used twice (first on line 7); each must be unique")]


def test_bad_id_format(tmp_path: Path) -> None:
    text = MINIMAL.replace("id: second", "id: Second Topic")
    assert problems(text, tmp_path) == [
        (11, 9, "'id' in section 'Second Topic' is 'Second Topic'; it should be lowercase letters, digits and "
                "dashes, like `side-effects`")]


def test_empty_sections_list(tmp_path: Path) -> None:
    text = MINIMAL.split("sections:")[0] + "sections: []\n"
    assert problems(text, tmp_path) == [(6, 11, "'sections' is empty; it needs at least 1")]


def test_missing_icon_file(tmp_path: Path) -> None:
    text = MINIMAL.replace("    title: First topic\n", "    title: First topic\n    icon: icons/nothing.svg\n")
    assert problems(text, tmp_path) == [
        (9, 11, "the icon 'icons/nothing.svg' of section 'first' was not found beside the content file or in "
                "resources/")]


def test_icon_beside_the_content_file_wins(tmp_path: Path) -> None:
    (tmp_path / "mine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    text = MINIMAL.replace("    title: First topic\n", "    title: First topic\n    icon: mine.svg\n")
    assert load(write(tmp_path, text)).sections[0].icon == (tmp_path / "mine.svg").resolve()


def test_non_utf8_bytes(tmp_path: Path) -> None:
    data = MINIMAL.replace("Tap a topic.", "Tap a t\xf6pic.").encode("latin-1")
    assert problems(data, tmp_path) == [
        (4, 17, "byte 0xf6 is not UTF-8 text; save the file with the UTF-8 encoding")]


def test_empty_file(tmp_path: Path) -> None:
    assert problems("", tmp_path) == [(1, 1, "the file is empty; it needs 'version', 'kiosk' and 'sections'")]
    assert problems("# only a comment\n", tmp_path) == [
        (1, 1, "the file is empty; it needs 'version', 'kiosk' and 'sections'")]


def test_file_over_five_megabytes(tmp_path: Path) -> None:
    text = MINIMAL + "# " + "x" * MAX_BYTES + "\n"
    assert problems(text, tmp_path) == [
        (1, 1, "the file is larger than 5 MB; a content file should be far smaller")]


def test_unsafe_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "was-run"
    text = MINIMAL.replace("  intro: Tap a topic.",
                           f"  intro: !!python/object/apply:os.system ['touch {marker}']")
    assert problems(text, tmp_path) == [
        (4, 10, "the YAML tag '!!python/object/apply:os.system' is not allowed; a content file holds only text, "
                "numbers, true/false, lists and keys (nothing is ever run)")]
    assert not marker.exists()


def test_duplicate_mapping_keys(tmp_path: Path) -> None:
    text = MINIMAL.replace("  intro: Tap a topic.\n", "  intro: Tap a topic.\n  intro: Another.\n")
    assert problems(text, tmp_path) == [
        (5, 3, "duplicate key 'intro' in 'kiosk' (first written on line 4); only one may stay")]


def test_aliases_are_refused_without_expanding_them(tmp_path: Path) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    found = problems(MINIMAL + laughs, tmp_path)
    assert any("anchors and aliases" in m for _, _, m in found)


def test_every_problem_is_collected(tmp_path: Path) -> None:
    text = MINIMAL.replace("  title: Test kiosk", "  titel: Test kiosk").replace("id: second", "id: Bad")
    assert len(problems(text, tmp_path)) == 3  # unknown key, missing title, bad id


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load(tmp_path / "nope.yaml")
    assert info.value.unreadable
    assert info.value.problems[0].message == "the file does not exist"


def test_yes_means_the_word_not_true() -> None:
    content = loads(MINIMAL.replace("title: First topic", "title: Yes").encode())
    assert content.sections[0].title.get("en") == "Yes"


def test_messages_read_like_a_compiler(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("    title: First topic", "    titel: First topic"))
    with pytest.raises(ContentError) as info:
        load(path)
    assert f"{path}:8:5: error: unknown key 'titel' in section 'first' (did you mean 'title'?)" in info.value.lines()
    assert info.value.problems[0].mark == Mark(7, 5)


def test_a_load_keeps_nothing_of_the_file_it_read() -> None:
    """Found by the 20,000-event monkey: a shared YAML constructor remembered every number node it built,
    so each reload kept part of the old file's node tree alive for good."""
    for _ in range(3):
        load(BUNDLED)
    gc.collect()
    assert sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node)) == 0


def test_the_content_hash_is_the_sha256_of_the_files_bytes() -> None:
    """Metrics and the reload check identify a file by this hash; it is computed without loading OpenSSL."""
    assert load(BUNDLED).sha256 == hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
