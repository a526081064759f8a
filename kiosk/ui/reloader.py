"""Watch the content file and reload it, off the GUI thread, whenever staff change it.

Staff edit the content file while the kiosk runs. This watcher notices the change, waits for
the burst of notifications an editor's save makes to settle, checks the file on a worker thread
(a 5 MB file takes seconds to parse; the screen must keep responding to the patient meanwhile),
and reports either ``loaded(Content)`` or ``failed(ContentError)``. The app swaps the new content
in only on ``loaded``; on ``failed`` it keeps showing what it had.

Editors save in ways that break a naive file watch, so the watcher also watches:

* the file's folder: "write a new file, rename it over the old one" (most editors, ``os.replace``)
  makes QFileSystemWatcher drop the old file; the folder sees the rename and the file is re-added;
* the real file behind a symlink, and the folders of every link on the way: switching
  ``content.yaml → v2/content.yaml`` changes only the link's folder, so every change re-resolves;
* the icon files the current content uses, and their folders, so a replaced icon is redrawn.

And it looks at the file once a minute as well, because some changes send no notification at all:
a file share (NFS, SMB) changed by another machine (inotify only sees this machine's own writes),
and a content folder deleted and made again (a deployment that replaces the whole folder), after
which nothing is left to watch. The look is a ``stat`` on the pool thread (a share that hangs must
not hang the screen); only a file that looks different is checked again.

Only the newest request is ever delivered: each check carries a generation number, and a result
whose generation is no longer the newest is dropped (a check that is already stale when the pool
reaches it is skipped). Nothing here raises into a Qt slot: a fault in the worker becomes a
``failed`` with a plain message. Only file paths and the loader's problem reports are logged;
the watcher never sees anything a patient typed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.content import Content, ContentError, Mark, Problem

log = logging.getLogger("kiosk.reloader")

Loader = Callable[[Path], Content]
MAX_LINK_HOPS = 40
"""Symlinks followed when looking for the folders to watch (the kernel's own limit is 40)."""
CLOSE_WAIT_MS = 10_000
"""How long :meth:`ContentWatcher.close` waits for a running check (reading is capped at 5 MB)."""
POLL_MS = 60_000
"""How often the file and its icons are looked at for changes no notification reported (see above)."""


Stamp = tuple[object, ...]


@dataclass(frozen=True)
class _Outcome:
    """What one check found: a usable content (with its signature), or the reason it cannot be used."""

    content: Content | None = None
    error: ContentError | None = None
    #: The content's SHA-256 and the state of its icons: equal signatures mean nothing visible changed.
    signature: tuple[object, ...] = ()
    #: What ``stat`` said of the file and the icons just before the check read them.
    stamp: Stamp = ()


class _Latest:
    """The newest generation, shared with the worker so a job queued behind a newer one can skip itself.

    A plain int attribute: reads and writes of it are atomic under the GIL, and the worker only reads.
    """

    def __init__(self) -> None:
        self.value = 0


class _Relay(QObject):
    """Carries a finished check from the worker thread to the GUI thread.

    It lives in the GUI thread, so a worker's ``emit`` becomes a queued call that the GUI thread's
    event loop runs: the watcher's state is only ever touched on the GUI thread.
    """

    done = Signal(int, object)  # generation, _Outcome | None (None: skipped because it was stale)
    looked = Signal(object)  # the _stamp a periodic look found


def _stamp(paths: Iterable[Path]) -> Stamp:
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


class _LookJob(QRunnable):
    """One periodic look at the file and its icons, on the pool thread."""

    def __init__(self, paths: list[Path], relay: _Relay) -> None:
        super().__init__()
        self.paths = paths
        self.relay = relay

    def run(self) -> None:
        stamp: Stamp = ()
        try:
            stamp = _stamp(self.paths)
        finally:
            with contextlib.suppress(RuntimeError):  # "Internal C++ object already deleted"
                self.relay.looked.emit(stamp)


class _LoadJob(QRunnable):
    """One check of the content file, run on the watcher's pool thread."""

    def __init__(self, path: Path, loader: Loader, generation: int, latest: _Latest, relay: _Relay,
                 icons: list[Path]) -> None:
        super().__init__()
        self.path = path
        self.loader = loader
        self.generation = generation
        self.latest = latest
        self.relay = relay
        self.icons = icons

    def run(self) -> None:
        outcome: _Outcome | None = None
        try:
            if self.latest.value == self.generation:  # a newer change arrived while we waited: skip
                stamp = _stamp([self.path, *self.icons])  # before reading: a change meanwhile shows next look
                outcome = replace(_check(self.path, self.loader), stamp=stamp)
        finally:  # always report back, so the watcher knows this job is over
            # The pool's destructor waits for us before the relay goes, so this is belt and braces.
            with contextlib.suppress(RuntimeError):  # "Internal C++ object already deleted"
                self.relay.done.emit(self.generation, outcome)


def _load(path: Path) -> Content:
    from kiosk.content import load  # not at import: the window process gets its first content from a child

    return load(path)


def _check(path: Path, loader: Loader) -> _Outcome:
    """Run *loader* on *path*, turning every failure into a ContentError. Runs on the worker thread."""
    try:
        special = _special_file(path)
        if special:
            return _Outcome(error=ContentError(path, [Problem(Mark(), special)], unreadable=True))
        content = loader(path)
        return _Outcome(content=content, signature=_signature(content))
    except ContentError as exc:
        # Without its traceback: the frames would keep the file's bytes (up to 5 MB) alive for as long
        # as last_error is kept, and tie this worker's frames to objects the GUI thread owns.
        return _Outcome(error=exc.with_traceback(None))
    except Exception as exc:  # a fault in the kiosk, not in the file: report it, never raise into Qt
        log.error("unexpected error while checking the content file %s", path, exc_info=exc)
        message = (f"the kiosk could not check this file ({type(exc).__name__}: {exc}); "
                   "this is a fault in the kiosk, not in the file")
        return _Outcome(error=ContentError(path, [Problem(Mark(), message)]))


def _special_file(path: Path) -> str | None:
    """Why *path* must not be opened at all, or None.

    Opening a FIFO blocks until someone writes to it, which would hang the pool thread forever (and
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


def _signature(content: Content) -> tuple[object, ...]:
    """The content's bytes hash and each icon's identity: the icons can change while the YAML does not."""
    return (content.sha256, _stamp(_icons(content)))


def _icons(content: Content | None) -> list[Path]:
    if content is None:
        return []
    return sorted({s.icon for s in content.sections if s.icon is not None})


class ContentWatcher(QObject):
    """Reloads the content file when it changes and reports whether the new version can be used.

    Signals (always emitted on the GUI thread):

    * ``started()`` — a check of the file has begun (staff screens can show "checking…");
    * ``loaded(Content)`` — the file is valid and differs from the last delivered content (its
      bytes or its icons changed), or staff pressed "Reload now";
    * ``failed(ContentError)`` — the file cannot be used; the app keeps its current content. The
      same problems are reported once, not again on every unrelated change in the folder, unless
      staff press "Reload now".

    Give it a parent (the app's controller): then Qt destroys it, on the GUI thread. A watcher that
    Python owns is destroyed whenever its last reference goes, and when that reference sits in a
    reference cycle, the cyclic garbage collector may run on *any* thread, including this watcher's
    own worker while it parses. A QFileSystemWatcher (and the QSocketNotifier inside it) destroyed
    off the GUI thread leaves a dangling pointer in the GUI thread's event dispatcher: heap
    corruption, seen in testing as "malloc(): mismatching next->prev_size".

    ``current`` is the content the app is already showing (it did its first load itself): its icons
    are watched from the start, and saving the file unchanged does not emit ``loaded`` again.
    ``loader`` defaults to :func:`kiosk.content.load`; the app passes one that parses in a helper process.
    """

    started = Signal()
    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, path: Path | str, *, debounce_ms: int = 300, current: Content | None = None,
                 loader: Loader | None = None, poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(path).absolute()  # absolute but not resolved: the link itself must be watched
        self._loader = loader or _load
        self._generation = 0
        self._latest = _Latest()
        self._pending: set[int] = set()
        self._force = False
        self._closed = False
        self._content = current
        self._error: ContentError | None = None
        self._signature: tuple[object, ...] | None = _signature(current) if current is not None else None
        self._icons: list[Path] = _icons(current)

        # Every QObject here is a Qt child, destroyed with the watcher on the GUI thread. The pool comes
        # first: children die in creation order, so its destructor waits for a running check before
        # the relay that check reports through is destroyed. One thread: checks run one after
        # another, and a queued stale one skips itself.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        # Emitted on the pool's thread for this watcher, which lives on the GUI thread: Qt queues each call.
        self._relay.done.connect(self._deliver)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, debounce_ms))
        self._timer.timeout.connect(self._begin)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._rewatch()
        # The periodic look: what each look finds is compared with the file as the last check read it,
        # or with the file as it is now when the app gives the content it read (a few stats here, on the
        # GUI thread like the watch set above: a look on the pool would start its thread before the first
        # frame), or else with what the first look finds.
        self._stamp: Stamp | None = _stamp([self._path, *self._icons]) if current is not None else None
        self._looking = False
        self._relay.looked.connect(self._looked)
        self._poll = QTimer(self)
        self._poll.setInterval(max(1, poll_ms))
        self._poll.timeout.connect(self._look)
        self._poll.start()

    # -- public -----------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._path

    @property
    def content(self) -> Content | None:
        """The last content delivered by ``loaded`` (or given as ``current``)."""
        return self._content

    @property
    def last_error(self) -> ContentError | None:
        """Why the newest check failed, or None when it succeeded (or nothing was checked yet)."""
        return self._error

    @property
    def busy(self) -> bool:
        """A change is waiting out its debounce, or a check is running."""
        return self._timer.isActive() or bool(self._pending)

    def watched(self) -> list[str]:
        """Every path watched now (files and folders): for diagnostics and tests."""
        return sorted(self._watcher.files() + self._watcher.directories())

    def reload_now(self) -> None:
        """Staff's "Reload now": check the file at once, and report the result even if nothing changed."""
        if self._closed:
            return
        self._begin(force=True)

    def watch_icons(self, paths: Iterable[Path]) -> None:
        """Watch these icon files (replacing the previous set); ``loaded`` replaces them again."""
        self._icons = sorted({Path(p) for p in paths})
        self._rewatch()

    def close(self) -> None:
        """Stop watching and wait for a running check; no signal is emitted afterwards."""
        self._closed = True
        self._timer.stop()
        self._poll.stop()
        self._generation += 1  # anything still in flight is now stale
        self._latest.value = self._generation
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        if not self._pool.waitForDone(CLOSE_WAIT_MS):
            log.error("a check of %s is still running after %d ms; leaving it behind", self._path, CLOSE_WAIT_MS)

    # -- watching ---------------------------------------------------------------------------------
    def _changed(self, _path: str) -> None:
        """Any notification: re-add what a rename dropped, and (re)start the debounce."""
        if self._closed:
            return
        self._rewatch()
        self._timer.start()

    def _rewatch(self) -> None:
        """Make the watched set match :meth:`_wanted`: add what exists and is missing, drop the rest."""
        try:
            files, folders = self._wanted()
        except OSError as exc:  # e.g. a symlink loop: keep what we have, the check will explain it
            log.warning("cannot work out which paths to watch for %s: %s", self._path, exc)
            return
        wanted = files | folders
        have = set(self._watcher.files()) | set(self._watcher.directories())
        drop = sorted(have - wanted)
        if drop:
            self._watcher.removePaths(drop)
        add = sorted(p for p in wanted - have if os.path.exists(p))
        if add:
            self._watcher.addPaths(add)

    def _wanted(self) -> tuple[set[str], set[str]]:
        """The files and folders to watch, worked out afresh because any change can move a symlink."""
        files: set[str] = set()
        folders: set[str] = set()
        for ancestor in self._path.parents:  # a folder that is a link ('current' → 'releases/v2')
            if ancestor.is_symlink():
                folders.add(str(ancestor.parent))
        hop = self._path
        for _ in range(MAX_LINK_HOPS):  # the folder of each link in a chain sees that link switched
            folders.add(str(hop.parent))
            if not hop.is_symlink():
                break
            hop = hop.parent / os.readlink(hop)
        real = Path(os.path.realpath(self._path))
        files.add(str(real))  # the real file, never the link: inotify would follow it to the same inode
        folders.add(str(real.parent))
        for icon in self._icons:
            files.add(str(icon))
            folders.add(str(icon.parent))  # an icon renamed over, or a missing one put back
        return files, folders

    # -- checking ---------------------------------------------------------------------------------
    def _begin(self, force: bool = False) -> None:
        """Start a check on the pool thread. The GUI thread returns at once."""
        self._timer.stop()
        self._rewatch()
        self._generation += 1
        self._latest.value = self._generation
        self._force = self._force or force  # a later change must not swallow staff's "Reload now"
        self._pending.add(self._generation)
        self.started.emit()
        self._pool.start(_LoadJob(self._path, self._loader, self._generation, self._latest, self._relay,
                                  list(self._icons)))

    def _look(self) -> None:
        """Queue a look at the file and icons on the pool thread, unless one is still on its way."""
        if self._closed or self._looking:
            return
        self._looking = True
        self._pool.start(_LookJob([self._path, *self._icons], self._relay))

    def _looked(self, stamp: Stamp) -> None:
        """Back on the GUI thread: a file that looks different from when it was last read is checked."""
        self._looking = False
        if self._closed or not stamp:
            return
        if self._stamp is None:  # the first look, before any check and with no content given
            self._stamp = stamp
        elif stamp != self._stamp and not self.busy:
            log.info("content file %s changed without a notification; checking it", self._path)
            self._stamp = stamp
            self._changed("")

    def _deliver(self, generation: int, outcome: _Outcome | None) -> None:
        """Back on the GUI thread: keep the newest result only, and report it if it is news."""
        self._pending.discard(generation)
        if self._closed or outcome is None or generation != self._generation:
            return  # stale: a newer check is on its way
        self._stamp = outcome.stamp  # the file as this check read it: the next look compares with it
        force, self._force = self._force, False
        if outcome.error is not None:
            self._fail(outcome.error, force)
        elif outcome.content is not None:
            self._load(outcome.content, outcome.signature, force)
        self._rewatch()

    def _load(self, content: Content, signature: tuple[object, ...], force: bool) -> None:
        unchanged = self._error is None and signature == self._signature
        self._error = None
        self._content = content
        self._signature = signature
        self._icons = _icons(content)
        if unchanged and not force:
            return
        log.info("content reloaded from %s", self._path)
        self.loaded.emit(content)

    def _fail(self, error: ContentError, force: bool) -> None:
        repeated = self._error is not None and error.lines() == self._error.lines()
        self._error = error
        if repeated and not force:
            return
        log.warning("content file %s cannot be used; keeping the current content:\n%s", self._path, error.report())
        self.failed.emit(error)
