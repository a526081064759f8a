"""The content watcher against real files, a real QFileSystemWatcher and a real worker thread.

Every fault staff can cause while the kiosk runs — a half-written save, a deleted or unreadable
file, garbage, a huge file, a symlink switched to a new release — must end in the right signal,
and the newest state of the file must always win. No sleeps: each test waits for a signal (with a
timeout); ``qtbot.wait`` only pauses between the two halves of a two-part write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.content import Content, ContentError, load, loads
from kiosk.services.watcher import ContentWatcher

DEBOUNCE_MS = 60
TIMEOUT_MS = 5000

VALID = """\
version: 1
kiosk:
  title: {title}
  intro: Tap a topic.
  notice: General information only.
sections:
  - id: first
    title: First topic
    body: The first body.
"""

WITH_ICON = VALID + "    icon: icons/first.svg\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="{w}" height="10"/></svg>\n'

Make = Callable[..., ContentWatcher]


def valid(title: str = "Test kiosk") -> str:
    return VALID.format(title=title)


def title(content: object) -> str:
    assert isinstance(content, Content)
    return content.kiosk.title.get("en")


class Recorder:
    """Every signal the watcher emits, in order, as ("loaded", title) / ("failed", error) pairs."""

    def __init__(self, watcher: ContentWatcher) -> None:
        self.events: list[tuple[str, object]] = []
        self.starts = 0
        watcher.loaded.connect(lambda c: self.events.append(("loaded", title(c))))
        watcher.failed.connect(lambda e: self.events.append(("failed", e)))
        watcher.started.connect(self._started)

    def _started(self) -> None:
        self.starts += 1

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


@pytest.fixture
def content_file(tmp_path: Path) -> Path:
    path = tmp_path / "content.yaml"
    path.write_text(valid(), encoding="utf-8")
    return path


@pytest.fixture
def make(qtbot: QtBot) -> Iterator[Make]:
    """Build watchers with a short debounce; at the end close each and destroy it here, on the GUI thread.

    Left to Python, a watcher caught in a reference cycle (a failed assertion's traceback is enough)
    is destroyed by the cyclic garbage collector on whichever thread it runs, possibly the next
    test's loader thread, and a QFileSystemWatcher destroyed off its thread corrupts the heap.
    In the app the watcher has a parent, which does the same.
    """
    made: list[ContentWatcher] = []

    def _make(path: Path, **kwargs: object) -> ContentWatcher:
        kwargs.setdefault("debounce_ms", DEBOUNCE_MS)
        watcher = ContentWatcher(path, **kwargs)  # type: ignore[arg-type]
        made.append(watcher)
        # The watch is put in place by the worker thread: a change made before it is there goes unseen
        # (until the periodic look), so a test's first change waits for it, as staff's first save would.
        qtbot.waitUntil(lambda: watcher.ready or not watcher.busy, timeout=TIMEOUT_MS)
        settle(qtbot, watcher)
        return watcher

    yield _make
    for watcher in made:
        if shiboken6.isValid(watcher):
            watcher.close()
            shiboken6.delete(watcher)


def settle(qtbot: QtBot, watcher: ContentWatcher) -> None:
    """Wait until no debounce is pending and no check is running."""
    qtbot.waitUntil(lambda: not watcher.busy, timeout=TIMEOUT_MS)


def watched(qtbot: QtBot, watcher: ContentWatcher) -> list[str]:
    """What is watched once the worker's answer to the last change is in (the GUI thread never looks)."""
    settle(qtbot, watcher)
    return watcher.watched()


def expect_failure(qtbot: QtBot, watcher: ContentWatcher, change: Callable[[], object]) -> ContentError:
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS) as blocker:
        change()
    error = blocker.args[0]
    assert isinstance(error, ContentError)
    assert watcher.last_error is error
    return error


def expect_load(qtbot: QtBot, watcher: ContentWatcher, change: Callable[[], object]) -> Content:
    with qtbot.waitSignal(watcher.loaded, timeout=TIMEOUT_MS) as blocker:
        change()
    content = blocker.args[0]
    assert isinstance(content, Content)
    assert watcher.last_error is None
    assert watcher.content is content
    return content


def same_error_as_loader(error: ContentError, path: Path) -> None:
    """The watcher passes the loader's own report through, word for word."""
    with pytest.raises(ContentError) as direct:
        load(path)
    assert error.lines() == direct.value.lines()


# -- ordinary edits ------------------------------------------------------------------------------
def test_reload_now_loads_the_file_and_watches_it_and_its_folder(qtbot: QtBot, make: Make,
                                                                 content_file: Path) -> None:
    watcher = make(content_file)
    assert str(content_file.resolve()) in watched(qtbot, watcher)
    assert str(content_file.parent) in watched(qtbot, watcher)
    content = expect_load(qtbot, watcher, watcher.reload_now)
    assert title(content) == "Test kiosk"
    assert content.source == content_file


def test_an_edit_in_place_is_loaded(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    content = expect_load(qtbot, watcher, lambda: content_file.write_text(valid("Edited"), encoding="utf-8"))
    assert title(content) == "Edited"


def test_an_atomic_rename_over_the_file_is_loaded_and_the_new_file_is_watched(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))

    def replace(text: str) -> None:
        spare = content_file.with_name(".content.yaml.tmp")
        spare.write_text(text, encoding="utf-8")
        os.replace(spare, content_file)

    assert title(expect_load(qtbot, watcher, lambda: replace(valid("Renamed over")))) == "Renamed over"
    settle(qtbot, watcher)
    assert str(content_file.resolve()) in watched(qtbot, watcher)  # re-added after QFileSystemWatcher dropped it
    # An edit in place of the *new* file proves the watch follows it, not the old inode.
    edited = expect_load(qtbot, watcher, lambda: content_file.write_text(valid("Then edited"), encoding="utf-8"))
    assert title(edited) == "Then edited"


def test_saving_the_same_bytes_again_emits_nothing_but_reload_now_always_reports(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    record = Recorder(watcher)
    with qtbot.waitSignal(watcher.started, timeout=TIMEOUT_MS):
        content_file.write_text(valid(), encoding="utf-8")
    settle(qtbot, watcher)
    assert record.events == []  # nothing visible changed: the patient's screen is left alone
    expect_load(qtbot, watcher, watcher.reload_now)
    assert record.kinds == ["loaded"]


# -- faults --------------------------------------------------------------------------------------
def test_a_file_written_in_two_halves_with_a_long_pause_fails_then_loads(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    record = Recorder(watcher)
    text = valid("Two halves")
    half = text.index("sections:")  # the first half lacks 'sections': invalid on its own
    with content_file.open("w", encoding="utf-8") as fh:
        fh.write(text[:half])
        fh.flush()
        error = expect_failure(qtbot, watcher, lambda: None)  # the pause: the first half is checked
        assert any("sections" in line for line in error.lines())

        def second_half() -> None:
            fh.write(text[half:])
            fh.flush()

        content = expect_load(qtbot, watcher, second_half)
    assert title(content) == "Two halves"
    settle(qtbot, watcher)
    assert record.kinds == ["failed", "loaded"]
    assert watcher.last_error is None


def test_a_file_written_in_two_halves_with_a_short_pause_ends_loaded(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file), debounce_ms=300)
    record = Recorder(watcher)
    text = valid("Quick halves")
    half = len(text) // 2
    with qtbot.waitSignal(watcher.loaded, timeout=TIMEOUT_MS), content_file.open("w", encoding="utf-8") as fh:
        fh.write(text[:half])
        fh.flush()
        qtbot.wait(30)  # well inside the debounce: the two halves make one reload
        fh.write(text[half:])
    settle(qtbot, watcher)
    assert record.kinds[-1] == "loaded"  # whatever a slow machine did in between, the last state wins
    assert record.events[-1] == ("loaded", "Quick halves")
    assert watcher.last_error is None


def test_a_deleted_file_fails_as_unreadable_and_loads_when_it_comes_back(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    error = expect_failure(qtbot, watcher, content_file.unlink)
    assert error.unreadable
    assert "does not exist" in error.report()
    assert str(content_file.resolve()) not in watched(qtbot, watcher)
    assert str(content_file.parent) in watched(qtbot, watcher)  # how it will see the file come back
    back = expect_load(qtbot, watcher, lambda: content_file.write_text(valid("Back again"), encoding="utf-8"))
    assert title(back) == "Back again"
    assert str(content_file.resolve()) in watched(qtbot, watcher)


def test_a_folder_in_place_of_the_file_fails_as_unreadable_and_recovers(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    """Unreadable even for root, who can read a chmod 000 file: open() on a folder always fails."""
    watcher = make(content_file, current=load(content_file))

    def swap_for_folder() -> None:
        content_file.unlink()
        content_file.mkdir()

    error = expect_failure(qtbot, watcher, swap_for_folder)
    assert error.unreadable
    assert "folder" in error.report()
    same_error_as_loader(error, content_file)

    def swap_back() -> None:
        content_file.rmdir()
        content_file.write_text(valid("A file again"), encoding="utf-8")

    assert title(expect_load(qtbot, watcher, swap_back)) == "A file again"


def chmod_stops_reading() -> bool:
    """Whether mode 000 stops this process reading a file: not for root (CAP_DAC_OVERRIDE)."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x", encoding="utf-8")
        probe.chmod(0)
        try:
            probe.read_bytes()
        except PermissionError:
            return True
        return False


@pytest.mark.skipif(not chmod_stops_reading(), reason="root (euid 0) reads a chmod 000 file; the folder test covers it")
def test_a_file_without_read_permission_fails_as_unreadable(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    try:
        error = expect_failure(qtbot, watcher, lambda: content_file.chmod(0))
        assert error.unreadable
        assert "cannot be read" in error.report()
        restored = expect_load(qtbot, watcher, lambda: content_file.chmod(0o644))
        assert title(restored) == "Test kiosk"
    finally:
        content_file.chmod(0o644)


def test_a_pipe_in_place_of_the_file_fails_without_hanging_the_worker(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    """open() on a FIFO blocks until a writer comes; the watcher must not open it at all."""
    watcher = make(content_file, current=load(content_file))

    def swap_for_pipe() -> None:
        content_file.unlink()
        os.mkfifo(content_file)

    error = expect_failure(qtbot, watcher, swap_for_pipe)
    assert error.unreadable
    assert "not an ordinary file" in error.report()

    def swap_back() -> None:
        content_file.unlink()
        content_file.write_text(valid("After the pipe"), encoding="utf-8")

    assert title(expect_load(qtbot, watcher, swap_back)) == "After the pipe"  # the pool thread is free


def test_garbage_bytes_fail_with_the_loaders_message(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    error = expect_failure(qtbot, watcher, lambda: content_file.write_bytes(bytes(range(256)) * 8))
    assert not error.unreadable
    assert "not UTF-8" in error.report()
    same_error_as_loader(error, content_file)


def test_a_truncated_file_fails_with_the_loaders_message(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    cut = valid()[: valid().index("    title: First topic")]  # a section with an id and nothing else
    error = expect_failure(qtbot, watcher, lambda: content_file.write_text(cut, encoding="utf-8"))
    same_error_as_loader(error, content_file)


def test_a_ten_megabyte_file_fails_with_the_loaders_message(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    huge = valid() + "# padding\n" * (1024 * 1024)  # ~10 MB of comments: valid YAML, far too big
    error = expect_failure(qtbot, watcher, lambda: content_file.write_text(huge, encoding="utf-8"))
    assert "larger than 5 MB" in error.report()
    same_error_as_loader(error, content_file)


def test_the_same_problem_is_reported_once_until_staff_ask(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    record = Recorder(watcher)
    expect_failure(qtbot, watcher, lambda: content_file.write_text("version: 1\n", encoding="utf-8"))
    with qtbot.waitSignal(watcher.started, timeout=TIMEOUT_MS):
        (content_file.parent / "unrelated.txt").write_text("an editor's backup file\n", encoding="utf-8")
    settle(qtbot, watcher)
    assert record.kinds == ["failed"]  # not logged again for every file that appears in the folder
    expect_failure(qtbot, watcher, watcher.reload_now)
    assert record.kinds == ["failed", "failed"]


def test_an_unexpected_exception_in_the_worker_becomes_failed(qtbot: QtBot, make: Make, content_file: Path) -> None:
    def broken(path: Path) -> Content:
        raise RuntimeError("boom")

    watcher = make(content_file, loader=broken)
    error = expect_failure(qtbot, watcher, watcher.reload_now)
    assert "RuntimeError: boom" in error.report()
    assert "fault in the kiosk" in error.report()


# -- symlinks ------------------------------------------------------------------------------------
def test_a_symlink_switched_to_another_target_is_loaded(qtbot: QtBot, make: Make, tmp_path: Path) -> None:
    """Releases live in their own folders; only the link's folder sees the switch."""
    releases = {}
    for name in ("v1", "v2"):
        (tmp_path / name).mkdir()
        releases[name] = tmp_path / name / "content.yaml"
        releases[name].write_text(valid(f"Release {name}"), encoding="utf-8")
    (tmp_path / "live").mkdir()
    link = tmp_path / "live" / "content.yaml"
    link.symlink_to(releases["v1"])
    watcher = make(link, current=load(link))
    assert str(releases["v1"].resolve()) in watched(qtbot, watcher)  # the real file, edited in place, is seen too

    def switch() -> None:  # what `ln -sfn` does atomically: a new link renamed over the old one
        spare = link.with_name(".content.yaml.new")
        spare.symlink_to(releases["v2"])
        os.replace(spare, link)

    assert title(expect_load(qtbot, watcher, switch)) == "Release v2"
    assert str(releases["v2"].resolve()) in watched(qtbot, watcher)
    assert str(releases["v1"].resolve()) not in watched(qtbot, watcher)
    # The new target, edited in place in its own folder, is picked up through its own watch.
    edited = expect_load(qtbot, watcher, lambda: releases["v2"].write_text(valid("v2 fixed"), encoding="utf-8"))
    assert title(edited) == "v2 fixed"


def test_a_symlinked_folder_switched_to_another_release_is_loaded(qtbot: QtBot, make: Make, tmp_path: Path) -> None:
    for name in ("v1", "v2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "content.yaml").write_text(valid(f"Folder {name}"), encoding="utf-8")
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "v1", target_is_directory=True)
    watcher = make(current / "content.yaml", current=load(current / "content.yaml"))

    def switch() -> None:
        spare = tmp_path / ".current.new"
        spare.symlink_to(tmp_path / "v2", target_is_directory=True)
        os.replace(spare, current)

    assert title(expect_load(qtbot, watcher, switch)) == "Folder v2"


# -- icons ---------------------------------------------------------------------------------------
def test_icons_in_use_are_watched(qtbot: QtBot, make: Make, tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    icon = tmp_path / "icons" / "first.svg"
    icon.write_text(SVG.format(w=5), encoding="utf-8")
    path = tmp_path / "content.yaml"
    path.write_text(WITH_ICON.format(title="With icon"), encoding="utf-8")
    watcher = make(path, current=load(path))
    assert str(icon.resolve()) in watched(qtbot, watcher)
    redrawn = expect_load(qtbot, watcher, lambda: icon.write_text(SVG.format(w=9), encoding="utf-8"))
    assert redrawn.sections[0].icon == icon  # same YAML, new picture: the app redraws

    error = expect_failure(qtbot, watcher, icon.unlink)
    assert "icons/first.svg" in error.report()
    assert title(expect_load(qtbot, watcher, lambda: icon.write_text(SVG.format(w=3), encoding="utf-8"))) \
        == "With icon"


def test_watch_icons_replaces_the_icon_set(qtbot: QtBot, make: Make, content_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for icon in (a, b):
        icon.write_text(SVG.format(w=1), encoding="utf-8")
    watcher = make(content_file)
    watcher.watch_icons([a])
    settle(qtbot, watcher)
    assert str(a) in watched(qtbot, watcher)
    watcher.watch_icons([b])
    settle(qtbot, watcher)
    assert str(b) in watched(qtbot, watcher) and str(a) not in watched(qtbot, watcher)


# -- debounce, staleness, threads ----------------------------------------------------------------
def test_a_burst_of_five_writes_makes_one_reload(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file), debounce_ms=300)
    record = Recorder(watcher)
    notices: list[str] = []
    watcher._watcher.fileChanged.connect(notices.append)
    with qtbot.waitSignal(watcher.loaded, timeout=TIMEOUT_MS):
        for n in range(1, 6):
            content_file.write_text(valid(f"Write {n}"), encoding="utf-8")
            qtbot.waitUntil(lambda n=n: len(notices) >= n, timeout=TIMEOUT_MS)  # each write was noticed
    settle(qtbot, watcher)
    assert len(notices) >= 5
    assert record.starts == 1
    assert record.events == [("loaded", "Write 5")]


def test_a_stale_result_is_dropped_and_a_queued_stale_check_is_skipped(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    """The file's state is played by a variable, so no file event can start a fourth check."""
    release = threading.Event()
    state = {"title": "First"}
    checked: list[str] = []

    def slow_first(path: Path) -> Content:
        now = state["title"]
        checked.append(now)
        if len(checked) == 1:
            assert release.wait(TIMEOUT_MS / 1000)  # the first check is still parsing…
        return loads(valid(now).encode(), path)

    watcher = make(content_file, loader=slow_first)
    record = Recorder(watcher)
    watcher.reload_now()  # generation 1: "First", held in the worker
    qtbot.waitUntil(lambda: checked == ["First"], timeout=TIMEOUT_MS)
    state["title"] = "Second"
    watcher.reload_now()  # generation 2: queued behind 1, stale before it starts
    state["title"] = "Third"
    with qtbot.waitSignal(watcher.loaded, timeout=TIMEOUT_MS):
        watcher.reload_now()  # generation 3: the newest
        release.set()
    settle(qtbot, watcher)
    assert checked == ["First", "Third"]  # generation 2 never parsed
    assert record.events == [("loaded", "Third")]  # generation 1's result was dropped


def test_parsing_runs_off_the_gui_thread_and_the_gui_keeps_running(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    big = valid("Big") + "".join(
        f"  - id: s{i}\n    title: Topic {i}\n    body: {'Words of the body. ' * 20}\n" for i in range(2500))
    content_file.write_text(big, encoding="utf-8")
    assert content_file.stat().st_size > 1_000_000
    release = threading.Event()
    threads: list[int] = []

    def recording(path: Path) -> Content:
        threads.append(threading.get_ident())
        assert release.wait(TIMEOUT_MS / 1000)  # hold the worker until the GUI has proved it is free
        return load(path)

    watcher = make(content_file, loader=recording)
    ticks: list[int] = []
    ticker = QTimer(watcher)  # a child: destroyed with the watcher, on the GUI thread
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start()
    with qtbot.waitSignal(watcher.loaded, timeout=TIMEOUT_MS) as blocker:
        watcher.reload_now()  # returns at once, while the worker is still holding
        assert watcher.busy
        qtbot.waitUntil(lambda: len(ticks) >= 3 and bool(threads), timeout=TIMEOUT_MS)
        release.set()
    ticker.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(blocker.args[0].sections) == 2501


# -- changes no notification reports -------------------------------------------------------------
def test_a_content_folder_deleted_and_made_again_is_found_by_the_periodic_look(
        qtbot: QtBot, make: Make, tmp_path: Path) -> None:
    """A deployment that replaces the whole folder leaves nothing to watch: inotify reports the deletion,
    then nothing more (as for a file share changed by another machine). The look once a minute finds it."""
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "content.yaml"
    path.write_text(valid(), encoding="utf-8")
    watcher = make(path, current=load(path), poll_ms=100)
    error = expect_failure(qtbot, watcher, lambda: shutil.rmtree(folder))
    settle(qtbot, watcher)
    assert error.unreadable and watched(qtbot, watcher) == []  # nothing left that could notify

    def deploy_again() -> None:
        folder.mkdir()
        path.write_text(valid("Deployed again"), encoding="utf-8")

    assert title(expect_load(qtbot, watcher, deploy_again)) == "Deployed again"
    settle(qtbot, watcher)
    assert str(folder) in watched(qtbot, watcher)  # and watched again from then on
    assert title(expect_load(qtbot, watcher, lambda: path.write_text(valid("Edited"), encoding="utf-8"))) == "Edited"


def test_the_periodic_look_checks_nothing_while_the_file_is_unchanged(
        qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file), poll_ms=20)
    record = Recorder(watcher)
    qtbot.wait(400)  # some twenty looks
    assert record.starts == 0 and record.events == []  # no parse unless the file looks different
    expect_load(qtbot, watcher, lambda: content_file.write_text(valid("Edited"), encoding="utf-8"))
    settle(qtbot, watcher)
    record.starts = 0
    qtbot.wait(400)
    assert record.starts == 0  # the looks compare with the file as that check read it: no second parse


def test_close_stops_everything(qtbot: QtBot, make: Make, content_file: Path) -> None:
    watcher = make(content_file, current=load(content_file))
    record = Recorder(watcher)
    watcher.close()
    assert watched(qtbot, watcher) == []  # nothing left that could notify
    watcher.reload_now()  # a check would announce itself synchronously with started()
    assert record.starts == 0
    assert not watcher.busy


def test_the_gui_thread_never_touches_the_file_system(qtbot: QtBot, make: Make, content_file: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A hung share blocks whichever thread asks it: every stat, link read and open goes to the worker.
    (QFileSystemWatcher's own addPaths is C++ and not seen here; it only gets paths the worker just found.)"""
    gui = threading.main_thread()
    on_gui: list[str] = []

    def spy(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            if threading.current_thread() is gui:
                on_gui.append(f"{name}{args[:1]}")
            return real(*args, **kwargs)
        return call

    current = load(content_file)  # the app's own first read, before the watcher
    for name in ("stat", "lstat", "readlink", "open"):
        monkeypatch.setattr(os, name, spy(f"os.{name}", getattr(os, name)))
    monkeypatch.setattr("builtins.open", spy("open", open))
    watcher = make(content_file, current=current, poll_ms=50)
    assert title(expect_load(qtbot, watcher, lambda: content_file.write_text(valid("Edited"), encoding="utf-8"))) \
        == "Edited"
    spare = content_file.with_name(".spare")
    with monkeypatch.context() as m:  # the test's own writes are not the watcher's
        m.setattr("builtins.open", open)
        spare.write_text(valid("Renamed"), encoding="utf-8")
    assert title(expect_load(qtbot, watcher, lambda: os.replace(spare, content_file))) == "Renamed"
    assert title(expect_load(qtbot, watcher, watcher.reload_now)) == "Renamed"
    qtbot.waitUntil(lambda: watcher._stamp is not None, timeout=TIMEOUT_MS)  # a periodic look has come back
    watcher.close()
    gui_calls = [call for call in on_gui if str(content_file.parent) in call]
    assert gui_calls == [], gui_calls


def test_a_watcher_deleted_without_close_ends_its_thread(qtbot: QtBot, make: Make, content_file: Path) -> None:
    """A kiosk window deleted without being closed deletes its watcher with it: the worker thread goes too."""
    watcher = make(content_file)
    name = f"content watcher {content_file.name}"
    ours = [t for t in threading.enumerate() if t.name == name and t.is_alive()]
    assert ours, "the watcher's worker thread has started"
    shiboken6.delete(watcher)  # no close(): the parent window's deletion does this in the app
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in ours), timeout=TIMEOUT_MS)
