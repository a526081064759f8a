"""A copy of the last content file that loaded, so a restart with a broken file still shows the leaflet.

The running kiosk keeps its last good content in memory when staff save a file with a mistake. A restart
(a power cut, the nightly reboot, the service manager after a crash) used to lose it: the kiosk came up
on the "being updated" screen until someone fixed the file. Now every file that loads is also kept,
byte for byte, under ``$XDG_STATE_HOME/kiosk/last-good/``, one copy per content file path; a start on a
file that cannot be used loads that copy instead, through the same validator, as if it were the file
itself (its icons resolve beside the real file). The errors still go to the log and the staff panel.

Only bytes whose SHA-256 is the loaded content's are written (the file may change between the load and
the copy), whole, synced, or not at all (:func:`kiosk.core.files.write_whole`). The kiosk's window
calls :func:`remember_later`, which does it on a thread of its own.
The file holds what staff wrote, never anything of a patient's.
"""

from __future__ import annotations

import logging
import os
import threading
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.files import write_whole
from kiosk.logs import state_dir

if TYPE_CHECKING:
    from kiosk.model.content import Content

log = logging.getLogger("kiosk.content")
#: The loader's limit (kiosk.content.loader.MAX_BYTES; a test keeps them equal), repeated here so that
#: keeping a copy after every load does not import PyYAML into the window process.
MAX_BYTES = 5 * 1024 * 1024
#: Copies kept at most, the most recently written: one per content file a kiosk has shown.
COPIES = 8


def copy_path(content_path: Path) -> Path:
    """Where the last good copy of *content_path* is kept: named by the file's absolute path."""
    key = sha256(str(Path(content_path).absolute()).encode("utf-8")).hexdigest()[:16]
    return state_dir() / "last-good" / f"{key}.yaml"


def remember(content: Content) -> bool:
    """Keep the bytes *content* was loaded from; False when they changed since or cannot be written."""
    if content.source is None:
        return False
    kept = copy_path(content.source)
    try:
        with Path(content.source).open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if sha256(data).hexdigest() != content.sha256:
            return False  # saved again since it was loaded: that version is checked on its own reload
        if kept.is_file() and kept.stat().st_size == len(data) and kept.read_bytes() == data:
            os.utime(kept)  # still in use: not among the oldest when copies are trimmed
            return True
        write_whole(kept, lambda partial: partial.write_bytes(data))
        copies = sorted(kept.parent.glob("*.yaml"), key=lambda p: p.stat().st_mtime_ns)
        for old in copies[:-COPIES]:  # content files no longer used (a benchmark's, a moved file's)
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("last good copy of the content file not kept (%s)", exc)
        return False
    return True


def remember_later(content: Content) -> threading.Thread:
    """:func:`remember` on a daemon thread: it reads the content file again, which may sit on a share
    that hangs, and the GUI thread must never wait for that (issue 23). Left behind at exit if stuck."""
    thread = threading.Thread(target=remember, args=(content,), name="last good copy", daemon=True)
    thread.start()
    return thread


def recall(content_path: Path) -> Content | None:
    """The last good copy of *content_path*, loaded and checked again; None if there is none usable."""
    from kiosk.content.loader import loads
    from kiosk.model.errors import ContentError

    kept = copy_path(content_path)
    try:
        with kept.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        return loads(data, content_path)
    except FileNotFoundError:
        return None
    except (OSError, ContentError) as exc:  # e.g. an icon it names was deleted since
        log.warning("the last good copy %s cannot be used either: %s", kept, exc)
        return None
