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
which nothing is left to watch. Only a file that looks different is checked again.

A hung share never freezes the screen: every file-system call (the look, the check, working out which
paths to watch and whether they exist) runs on the watcher's own daemon thread (kiosk.services.worker,
the calls themselves in kiosk.services.checks), and the GUI thread only acts on the answers. The one
call left on the GUI thread is QFileSystemWatcher's own ``addPaths`` (Qt offers no other thread for
it without an event loop there), and it is only ever given paths the worker found a moment before:
a share that stops answering stops the answers first.

Only the newest request is ever delivered: each check carries a generation number, and a result
whose generation is no longer the newest is dropped (a check that is already stale when the worker
reaches it is skipped). Nothing here raises into a Qt slot: a fault in the worker becomes a
``failed`` with a plain message. Only file paths and the loader's problem reports are logged;
the watcher never sees anything a patient typed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import Content, ContentError
from kiosk.services.checks import (
    Loader,
    Outcome,
    Stamp,
    Watch,
    check,
    file_sha256,
    icons_of,
    load_default,
    stamp_of,
    watch,
)
from kiosk.services.worker import FileWorker

log = logging.getLogger("kiosk.reloader")

CLOSE_WAIT_MS = 100
"""How long :meth:`ContentWatcher.close` waits for a running check; its result would be dropped anyway,
and a stop must take under a second. A check still running is left to finish on its daemon thread."""
POLL_MS = 60_000
"""How often the file and its icons are looked at for changes no notification reported (see above)."""


class _Latest:
    """The newest generation, shared with the worker so a job queued behind a newer one can skip itself.

    A plain int attribute: reads and writes of it are atomic under the GIL, and the worker only reads.
    """

    def __init__(self) -> None:
        self.value = 0


class _Relay(QObject):
    """Carries the worker's answers to the GUI thread.

    It lives in the GUI thread, so a worker's ``emit`` becomes a queued call that the GUI thread's
    event loop runs: the watcher's state is only ever touched on the GUI thread.
    """

    done = Signal(int, object)  # generation, Outcome | None (None: skipped because it was stale)
    looked = Signal(object)  # the stamp a periodic look found
    watch_found = Signal(object)  # a Watch: what to watch now
    verified = Signal(object)  # (SHA-256 or None, changed since the first look) once the first watch is in


def _load_job(path: Path, loader: Loader, generation: int, latest: _Latest, icons: list[Path]) -> Outcome | None:
    if latest.value != generation:  # a newer change arrived while this one waited: skip it
        return None
    return check(path, loader, icons)


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
        self._loader = loader or load_default
        self._generation = 0
        self._latest = _Latest()
        self._pending: set[int] = set()
        self._force = False
        self._closed = False
        self._content = current
        self._error: ContentError | None = None
        # The current content's signature and the file's stamp need a look at the file system: the first
        # watch job brings them (until then an unchanged reload is reported once more, which is harmless).
        self._signature: tuple[object, ...] | None = None
        self._baseline = True  # until the first watch is in place (see _watch_found)
        self._icons: list[Path] = icons_of(current)

        # Every QObject here is a Qt child, destroyed with the watcher on the GUI thread. The worker is a
        # daemon thread, not a Qt object: one thread, so checks run one after another and a queued stale one
        # skips itself; after close() it delivers nothing, so the relay may go whenever Qt destroys it.
        self._worker = FileWorker(f"content watcher {self._path.name}")
        # A watcher deleted with its window but never closed still ends its thread (close() does it too).
        self.destroyed.connect(self._worker.close)
        self._relay = _Relay(self)
        # Emitted on the worker's thread for this watcher, which lives on the GUI thread: Qt queues each call.
        self._relay.done.connect(self._deliver)
        self._relay.watch_found.connect(self._watch_found)
        self._relay.verified.connect(self._verified)
        self._verifying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, debounce_ms))
        self._timer.timeout.connect(self._begin)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._rewatching = False  # a watch job is on its way
        self._rewatch_again = False  # and another was asked for meanwhile
        self._ready = False
        self._rewatch()
        # The periodic look: what each look finds is compared with the file as the last check read it,
        # or with the file as the first watch job found it when the app gives the content it read, or
        # else with what the first look finds.
        self._stamp: Stamp | None = None
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
    def ready(self) -> bool:
        """The first watch is in place: from now on a change to the file is noticed."""
        return self._ready

    @property
    def busy(self) -> bool:
        """A change is waiting out its debounce, a check is running, or the watched set is being updated."""
        return self._checking or self._rewatching or self._verifying

    @property
    def _checking(self) -> bool:
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
        """Stop watching; no signal is emitted afterwards, and a check still running is left behind."""
        self._closed = True
        self._timer.stop()
        self._poll.stop()
        self._generation += 1  # anything still in flight is now stale
        self._latest.value = self._generation
        self._pending.clear()
        self._rewatching = self._rewatch_again = self._looking = self._verifying = False
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)  # inotify_rm_watch: no path lookup, never blocks on a share
        if not self._worker.close(CLOSE_WAIT_MS / 1000):
            log.info("a check of %s is still running after %d ms; leaving it behind", self._path, CLOSE_WAIT_MS)

    # -- watching ---------------------------------------------------------------------------------
    def _changed(self, _path: str) -> None:
        """Any notification: re-add what a rename dropped, and (re)start the debounce."""
        if self._closed:
            return
        self._rewatch()
        self._timer.start()

    def _rewatch(self) -> None:
        """Ask the worker which paths to watch now (at most one such job on its way at a time)."""
        if self._closed:
            return
        if self._rewatching:
            self._rewatch_again = True
            return
        self._rewatching = True
        path, icons, baseline = self._path, list(self._icons), self._baseline
        self._worker.submit(lambda: watch(path, icons, with_icons_stamp=baseline), self._relay.watch_found.emit)

    def _watch_found(self, found: Watch | None) -> None:
        """Back on the GUI thread: make the watched set match what the worker found."""
        self._rewatching = False
        if self._closed:
            return
        if found is not None:
            first = self._baseline and found.icons_stamp is not None
            if first and found.icons_stamp is not None:
                self._baseline = False
                if self._content is not None:
                    self._signature = (self._content.sha256, found.icons_stamp)
                    if self._stamp is None:
                        self._stamp = found.stamp
            wanted = found.files | found.folders
            have = set(self._watcher.files()) | set(self._watcher.directories())
            drop = sorted(have - wanted)
            if drop:
                self._watcher.removePaths(drop)
            add = sorted(wanted - have)
            if add:
                self._watcher.addPaths(add)  # each one was found by the worker a moment ago
            self._ready = True
            if first:  # a save between the app's own read and this watch went unnoticed: look again
                self._verifying = True
                path, relay, before = self._path, self._relay, found.stamp
                self._worker.submit(lambda: (file_sha256(path), stamp_of([path]) != before[:1]), relay.verified.emit)
        if self._rewatch_again:
            self._rewatch_again = False
            self._rewatch()

    def _verified(self, found: tuple[str | None, bool] | None) -> None:
        """The file's SHA-256 and whether it changed since the first watch job looked, once watched."""
        self._verifying = False
        if self._closed or found is None:
            return
        digest, moved = found
        if self._content is not None:
            if digest == self._content.sha256:
                return  # None (gone, unreadable, a pipe) differs too: the check says why
        elif not moved:  # started on a file it could not use: only a change since is news
            return
        log.info("content file %s changed before it was watched; checking it", self._path)
        self._changed("")

    # -- checking ---------------------------------------------------------------------------------
    def _begin(self, force: bool = False) -> None:
        """Start a check on the worker thread. The GUI thread returns at once."""
        self._timer.stop()
        self._rewatch()
        self._generation += 1
        self._latest.value = self._generation
        self._force = self._force or force  # a later change must not swallow staff's "Reload now"
        generation = self._generation
        self._pending.add(generation)
        self.started.emit()
        # The jobs hold the relay (a Qt child of this watcher), never the watcher itself: the last reference
        # to a Python-owned watcher must not be dropped on the worker thread.
        path, loader, latest, icons, relay = self._path, self._loader, self._latest, list(self._icons), self._relay
        self._worker.submit(lambda: _load_job(path, loader, generation, latest, icons),
                            lambda outcome: relay.done.emit(generation, outcome))

    def _look(self) -> None:
        """Queue a look at the file and icons on the worker thread, unless one is still on its way."""
        if self._closed or self._looking:
            return
        self._looking = True
        paths = [self._path, *self._icons]
        self._worker.submit(lambda: stamp_of(paths), self._relay.looked.emit)

    def _looked(self, stamp: Stamp) -> None:
        """Back on the GUI thread: a file that looks different from when it was last read is checked."""
        self._looking = False
        if self._closed or not stamp:
            return
        if self._stamp is None:  # the first look, before any check and with no content given
            self._stamp = stamp
        elif stamp != self._stamp and not self._checking:
            log.info("content file %s changed without a notification; checking it", self._path)
            self._stamp = stamp
            self._changed("")

    def _deliver(self, generation: int, outcome: Outcome | None) -> None:
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
        self._icons = icons_of(content)
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
