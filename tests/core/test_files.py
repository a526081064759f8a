"""kiosk/core/files.py: the kiosk's own files are written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.files import write_whole


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
