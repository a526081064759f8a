"""Start-up reads the content file in a forked child while Qt loads: same content, same errors, never lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load
from kiosk.content import prefetch as prefetch_module
from kiosk.content.prefetch import prefetch
from tests.helpers import BUNDLED, ROOT, write

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked")

#: Runs in a fresh interpreter, as kiosk.cli starts: prefetch before anything else is imported.
SCRIPT = """\
import os, sys
from kiosk.content.prefetch import prefetch
parent = os.getpid()
if sys.argv[2] == "kill-child":  # as if the child were killed (out of memory, a crash) while it reads
    import kiosk.content.prefetch as module
    real = module._load_here
    def dying(path):
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return real(path)
    module._load_here = dying
loading = prefetch(sys.argv[1])
try:
    content, lines = loading(), None
    outcome = "loaded"
except Exception as exc:
    content, lines, outcome = None, getattr(exc, "lines", list)(), f"raised {type(exc).__name__}"
yaml_here = "yaml" in sys.modules
from kiosk.content import ContentError, load
try:
    same = load(sys.argv[1]) == content
except ContentError as exc:  # every problem, at the same lines and columns
    same = lines == exc.lines() and len(lines) > 0
print(outcome, "yaml-in-window-process" if yaml_here else "yaml-elsewhere", "same" if same else "DIFFERENT")
"""


def run(path: Path, mode: str = "normal") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(path), mode], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)


def test_the_child_reads_the_file_and_the_window_process_never_loads_yaml() -> None:
    out = run(BUNDLED)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["loaded", "yaml-elsewhere", "same"]


UNUSABLE = ["version: 1\nkiosk: [unclosed\n", "version: 1\nkiosk:\n  title: 5\n  colour: red\n", None]


@pytest.mark.parametrize("text", UNUSABLE, ids=["broken-yaml", "wrong-type-and-unknown-key", "missing-file"])
def test_a_file_that_cannot_be_used_raises_the_same_error_as_loading_here(tmp_path: Path, text: str | None) -> None:
    path = write(tmp_path, text) if text is not None else tmp_path / "nowhere.yaml"
    out = run(path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["raised", "ContentError", "yaml-elsewhere", "same"]


def test_a_child_that_dies_is_replaced_by_loading_here() -> None:
    out = run(BUNDLED, "kill-child")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["loaded", "yaml-in-window-process", "same"]
    assert "the process reading the content file failed" in out.stderr


def test_nothing_forks_once_qt_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt starts threads of its own; a fork then could copy a lock one of them holds."""
    assert "PySide6.QtCore" in sys.modules  # pytest-qt loaded it
    where: list[int] = []
    real = prefetch_module._load_here
    monkeypatch.setattr(prefetch_module, "_load_here", lambda path: (where.append(os.getpid()), real(path))[1])
    content = prefetch(BUNDLED)()
    assert where == [os.getpid()]
    assert content == load(BUNDLED)
