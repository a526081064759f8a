"""What the content watcher asks of the file system, run on its worker thread (kiosk.services.worker).

Each function here may block for as long as the share the content sits on does; none of them is ever
called on the GUI thread. They return plain values (an :class:`Outcome`, a stamp, a watch list) that the
watcher, back on the GUI thread, acts on. Nothing here raises: a fault in the loader becomes an
``Outcome`` with a ``ContentError`` that says so.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.content import Content, ContentError, Mark, Problem

log = logging.getLogger("kiosk.reloader")

Loader = Callable[[Path], Content]
Stamp = tuple[object, ...]
MAX_LINK_HOPS = 40
MAX_BYTES = 5 * 1024 * 1024 + 1
"""Read at most this much to hash the file (the loader refuses anything larger anyway)."""
"""Symlinks followed when looking for the folders to watch (the kernel's own limit is 40)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one check found: a usable content (with its signature), or the reason it cannot be used."""

    content: Content | None = None
    error: ContentError | None = None
    #: The content's SHA-256 and the state of its icons: equal signatures mean nothing visible changed.
    signature: tuple[object, ...] = ()
    #: What ``stat`` said of the file and the icons just before the check read them.
    stamp: Stamp = ()


@dataclasses.dataclass(frozen=True)
class Watch:
    """The paths to watch, as one look at the file system found them (only those that exist)."""

    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()
    #: The file and its icons as ``stat`` saw them in the same look (see :func:`stamp_of`).
    stamp: Stamp = ()
    #: The icons' part of a content's signature, when the watcher asked for it (its first look).
    icons_stamp: Stamp | None = None


def stamp_of(paths: Iterable[Path]) -> Stamp:
    """What ``stat`` says of each path: any edit, replacement or deletion changes it. For the periodic look
    (the content file, then its icons) and for the icons' part of a content's signature."""
    found: list[object] = []
    for path in paths:
        try:
            st = os.stat(path)  # follows symlinks: a switched link changes it too
            found.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError as exc:
            found.append(type(exc).__name__)
    return tuple(found)


def load_default(path: Path) -> Content:
    from kiosk.content import load  # not at import: the window process gets its first content from a child

    return load(path)


def check(path: Path, loader: Loader, icons: list[Path]) -> Outcome:
    """Stat the file and *icons* (so a change meanwhile shows at the next look), then run *loader* on it."""
    stamp = stamp_of([path, *icons])
    return dataclasses.replace(_check(path, loader), stamp=stamp)


def _check(path: Path, loader: Loader) -> Outcome:
    try:
        special = special_file(path)
        if special:
            return Outcome(error=ContentError(path, [Problem(Mark(), special)], unreadable=True))
        content = loader(path)
        return Outcome(content=content, signature=signature_of(content))
    except ContentError as exc:
        # Without its traceback: the frames would keep the file's bytes (up to 5 MB) alive for as long
        # as last_error is kept, and tie this worker's frames to objects the GUI thread owns.
        return Outcome(error=exc.with_traceback(None))
    except Exception as exc:  # a fault in the kiosk, not in the file: report it, never raise into Qt
        log.error("unexpected error while checking the content file %s", path, exc_info=exc)
        message = (f"the kiosk could not check this file ({type(exc).__name__}: {exc}); "
                   "this is a fault in the kiosk, not in the file")
        return Outcome(error=ContentError(path, [Problem(Mark(), message)]))


def special_file(path: Path) -> str | None:
    """Why *path* must not be opened at all, or None.

    Opening a FIFO blocks until someone writes to it, which would hang the worker forever (and
    every check after it); a device could be endless. Folders and missing files are left to the
    loader, which already explains them.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "this is not an ordinary file (a pipe, socket or device); save the content as a normal file"


def signature_of(content: Content) -> tuple[object, ...]:
    """The content's bytes hash and each icon's identity: the icons can change while the YAML does not."""
    return (content.sha256, stamp_of(icons_of(content)))


def icons_of(content: Content | None) -> list[Path]:
    if content is None:
        return []
    return sorted({s.icon for s in content.sections if s.icon is not None})


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of the file's bytes as :attr:`Content.sha256` has it; None if it is special or unreadable."""
    from hashlib import sha256

    if special_file(path):
        return None
    try:
        with path.open("rb") as fh:
            return sha256(fh.read(MAX_BYTES + 1)).hexdigest()
    except OSError:
        return None


def watch(path: Path, icons: list[Path], *, with_icons_stamp: bool = False) -> Watch:
    """The files and folders to watch, worked out afresh because any change can move a symlink; only
    those that exist now (QFileSystemWatcher refuses the others). ``Watch()`` if the links loop."""
    try:
        files, folders = _wanted(path, icons)
    except OSError as exc:  # e.g. a symlink loop: keep what we have, the check will explain it
        log.warning("cannot work out which paths to watch for %s: %s", path, exc)
        return Watch(stamp=stamp_of([path, *icons]))
    return Watch(files=frozenset(p for p in files if os.path.exists(p)),
                 folders=frozenset(p for p in folders if os.path.exists(p)),
                 stamp=stamp_of([path, *icons]),
                 icons_stamp=stamp_of(icons) if with_icons_stamp else None)


def _wanted(path: Path, icons: list[Path]) -> tuple[set[str], set[str]]:
    files: set[str] = set()
    folders: set[str] = set()
    for ancestor in path.parents:  # a folder that is a link ('current' → 'releases/v2')
        if ancestor.is_symlink():
            folders.add(str(ancestor.parent))
    hop = path
    for _ in range(MAX_LINK_HOPS):  # the folder of each link in a chain sees that link switched
        folders.add(str(hop.parent))
        if not hop.is_symlink():
            break
        hop = hop.parent / os.readlink(hop)
    real = Path(os.path.realpath(path))
    files.add(str(real))  # the real file, never the link: inotify would follow it to the same inode
    folders.add(str(real.parent))
    for icon in icons:
        files.add(str(icon))
        folders.add(str(icon.parent))  # an icon renamed over, or a missing one put back
    return files, folders
