"""kiosk/core/files.py: the kiosk's own files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.core.files import NotRegularFileError, write_whole
from tests.nodes import special_node


def test_a_file_is_replaced_whole_and_its_folder_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "file.bin"
    write_whole(target, lambda partial: partial.write_bytes(b"first"))
    write_whole(target, lambda partial: partial.write_bytes(b"second"))
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def disk_full(partial: Path) -> None:
        partial.write_bytes(b"ha")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_whole(target, disk_full)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut after an unsynced rename can leave the new name on an empty file (issue 23)."""
    target = tmp_path / "file.bin"
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append(("replace", str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_whole(target, lambda partial: partial.write_bytes(b"data"))
    assert [kind for kind, _ in events] == ["fsync", "replace", "fsync"]
    assert events[0][1].endswith(".part")  # the new bytes, under their temporary name
    assert events[1][1] == str(target)
    assert events[2][1] == str(tmp_path)  # the folder, so the rename itself is on disk
    assert target.read_bytes() == b"data"




def test_a_device_or_pipe_is_never_replaced(tmp_path: Path) -> None:
    node = special_node(tmp_path)
    kind = stat.S_IFMT(node.lstat().st_mode)
    with pytest.raises(NotRegularFileError, match="not a regular file"):
        write_whole(node, lambda partial: partial.write_bytes(b"data"))
    assert stat.S_IFMT(node.lstat().st_mode) == kind  # still the node it was
    assert sorted(p.name for p in tmp_path.iterdir()) == [node.name]  # nothing written beside it


def test_a_symlink_to_a_device_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(special_node(tmp_path))
    with pytest.raises(NotRegularFileError):
        write_whole(link, lambda partial: partial.write_bytes(b"data"))
    assert link.is_symlink()


def test_without_make_folder_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_whole(tmp_path / "missing" / "file", lambda partial: partial.write_bytes(b"x"), make_folder=False)
    assert list(tmp_path.iterdir()) == []
