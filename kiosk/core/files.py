"""Files the kiosk writes for itself (icon cache, last good content): whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path


def write_whole(target: Path, write: Callable[[Path], None]) -> None:
    """Have *write* fill a temporary file beside *target*, then rename it over *target*.

    A kiosk stopped or a disk filled mid-write leaves the old file or none, never half of one; the
    temporary file is removed when *write* or the rename fails, and the OSError goes to the caller."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(partial)
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):  # nothing was written, or it cannot be removed either
            partial.unlink()
        raise
