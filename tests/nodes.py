"""A stand-in for a device such as /dev/null, made in a test's own folder: the real one is never touched."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def special_node(tmp_path: Path, name: str = "null") -> Path:
    """A character device with the null device's numbers when root may make one, else a FIFO: neither is a
    regular file, which is what the kiosk must refuse to replace (issue 23)."""
    node = tmp_path / name
    try:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(node)
    return node
