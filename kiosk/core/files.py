"""Files the kiosk writes for itself (icon cache, last good content, metrics): whole or not at all.

One helper for all of them, because each step matters and is easy to forget:

* the new bytes go to a temporary file beside the target (same file system, so the rename is atomic);
* that file is ``fsync``-ed before the rename: without it a power cut soon after can leave the *new*
  name pointing at an empty file (ext4 and XFS may commit the rename before the data);
* the folder is ``fsync``-ed after the rename, so the rename itself survives a power cut;
* a target that exists and is not a regular file (``/dev/null``, a FIFO, a socket, a folder) is never
  replaced: renaming over ``/dev/null`` as root turned the machine's null device into a plain file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path


class NotRegularFileError(OSError):
    """The target exists and is a device, pipe, socket or folder: the kiosk never replaces one."""

    def __str__(self) -> str:
        return f"{self.filename} is {self.strerror}"


def kind_of(mode: int) -> str:
    """A short name for what a non-regular file is, for messages staff read."""
    for test, name in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def refuse_special(target: Path) -> None:
    """Raise :class:`NotRegularFileError` if *target* exists (following symlinks) and is not a regular file."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(errno.EEXIST, f"{kind_of(mode)}, not a regular file; the kiosk never replaces one",
                              str(target))


def write_whole(target: Path, write: Callable[[Path], None], *, make_folder: bool = True) -> None:
    """Have *write* fill a temporary file beside *target*, then make it *target*, durably.

    A kiosk stopped, a power cut or a disk filled mid-write leaves the old file or the new one, never
    half of one or an empty one; the temporary file is removed when *write* or the rename fails, and the
    OSError goes to the caller. With ``make_folder=False`` a missing folder is an error (FileNotFoundError)
    instead of being made: for a target outside the kiosk's own folders.
    """
    target = Path(target)
    refuse_special(target)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        write(partial)
        _fsync_path(partial, os.O_RDONLY)  # *write* may be Qt's (a pixmap's save): sync what it left
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):  # nothing was written, or it cannot be removed either
            partial.unlink()
        raise
    try:
        _fsync_path(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # a file system that cannot sync a folder
            raise


def _fsync_path(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
