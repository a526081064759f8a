"""kiosk/content/lastgood.py: the last content file that loaded, kept for a restart on a broken one."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from kiosk.content import load
from kiosk.content import loader as content_loader
from kiosk.content.lastgood import COPIES, MAX_BYTES, copy_path, recall, remember, remember_later
from tests.helpers import MINIMAL, write


@pytest.fixture(autouse=True)
def _own_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def test_a_loaded_file_is_kept_byte_for_byte_and_comes_back_checked(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    content = load(path)
    assert remember(content)
    assert copy_path(path).read_bytes() == path.read_bytes()
    path.write_text("sections: [", encoding="utf-8")  # then staff save a mistake
    again = recall(path)
    assert again is not None
    assert [s.title.get("en") for s in again.sections] == ["First topic", "Second topic"]
    assert again.sha256 == content.sha256 and again.source == path  # shown as the file it was


def test_a_file_saved_again_after_its_load_is_not_kept_in_its_place(tmp_path: Path) -> None:
    """Only bytes that passed the checks are kept: a save between the load and the copy is not."""
    path = write(tmp_path, MINIMAL)
    content = load(path)
    path.write_text("sections: [", encoding="utf-8")
    assert not remember(content)
    assert not copy_path(path).exists()


def test_each_content_file_has_its_own_copy(tmp_path: Path) -> None:
    one = write(tmp_path, MINIMAL, "one.yaml")
    two = write(tmp_path, MINIMAL.replace("Test kiosk", "Other kiosk"), "two.yaml")
    assert remember(load(one)) and remember(load(two))
    assert copy_path(one) != copy_path(two)
    assert recall(one).kiosk.title.get("en") == "Test kiosk"  # type: ignore[union-attr]
    assert recall(two).kiosk.title.get("en") == "Other kiosk"  # type: ignore[union-attr]


def test_copies_of_files_no_longer_shown_are_not_kept_for_ever(tmp_path: Path) -> None:
    """Each benchmark or moved file would otherwise leave one behind; the one in use is kept."""
    in_use = write(tmp_path, MINIMAL, "in-use.yaml")
    assert remember(load(in_use))
    others = [write(tmp_path, MINIMAL, f"other-{n}.yaml") for n in range(COPIES + 2)]
    for n, other in enumerate(others):
        assert remember(load(other))
        if n == COPIES // 2:
            assert remember(load(in_use))  # shown again (a reload): it counts as recent
    assert len(list(copy_path(in_use).parent.glob("*.yaml"))) == COPIES
    assert recall(in_use) is not None
    assert recall(others[0]) is None and recall(others[-1]) is not None


def test_no_copy_and_an_unusable_copy_both_give_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, MINIMAL)
    assert recall(path) is None
    copy_path(path).parent.mkdir(parents=True, exist_ok=True)
    copy_path(path).write_text("version: 1\nsections: [", encoding="utf-8")  # damaged on disk
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        assert recall(path) is None
    assert "cannot be used either" in caplog.text


def test_an_unwritable_state_folder_only_means_no_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # a file where the folder should be: cannot mkdir
    path = write(tmp_path, MINIMAL)
    assert not remember(load(path))
    assert recall(path) is None


def test_the_copy_reads_no_more_than_the_loader_would() -> None:
    assert MAX_BYTES == content_loader.MAX_BYTES


def test_remember_later_keeps_the_copy_on_a_thread_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    content = load(path)
    thread = remember_later(content)
    assert thread.daemon and thread is not threading.current_thread()
    thread.join(timeout=30)
    assert copy_path(path).read_bytes() == path.read_bytes()
