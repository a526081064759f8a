"""The content helper process: same results as loading here, and it never outlives the kiosk."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import ContentError, load
from kiosk.content.offload import load_elsewhere
from tests.helpers import BUNDLED, ROOT

KIOSK_LIKE = """
import sys, threading
from pathlib import Path
from kiosk.content.offload import load_elsewhere
content = load_elsewhere(Path(sys.argv[1]))  # starts the helper, as the kiosk's first reload does
print(len(content.sections), flush=True)
threading.Event().wait()  # then runs on, until killed
"""


def test_the_helper_gives_what_load_gives(tmp_path: Path) -> None:
    assert load_elsewhere(BUNDLED) == load(BUNDLED)
    with pytest.raises(ContentError) as far:
        load_elsewhere(tmp_path / "missing.yaml")
    with pytest.raises(ContentError) as near:
        load(tmp_path / "missing.yaml")
    assert far.value.lines() == near.value.lines()


def descendants(pid: int) -> set[int]:
    """Every process whose parent chain leads to *pid*, read from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_gone(pids: set[int], timeout_s: float) -> set[int]:
    """Wait (on pidfds, no sleeping) until each process has exited; those still running at the end."""
    left = set()
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            if not select.select([fd], [], [], timeout_s)[0]:
                left.add(pid)
        finally:
            os.close(fd)
    return left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, waits on pidfds")
def test_kill_9_of_the_kiosk_leaves_no_process_behind() -> None:
    """Issue 23: the pool worker and multiprocessing's resource_tracker kept running with parent 1."""
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK_LIKE, str(BUNDLED)], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    helpers: set[int] = set()
    try:
        assert kiosk.stdout is not None and kiosk.stdout.readline().strip() == str(len(load(BUNDLED).sections))
        helpers = descendants(kiosk.pid)
        assert helpers, "the helper process is running"
        names = {Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in helpers}
        assert not any("resource_tracker" in name for name in names), names
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=30)
        left = wait_gone(helpers, timeout_s=10)
        assert not left, f"still running after kill -9 of their parent: {left}"
    finally:
        kiosk.kill()
        kiosk.wait()
        if kiosk.stdout is not None:
            kiosk.stdout.close()
        for pid in wait_gone(helpers, timeout_s=0):  # a failed run leaves nothing behind either
            os.kill(pid, signal.SIGKILL)
