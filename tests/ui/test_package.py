"""kiosk/ui/__init__.py: loading the Qt shell takes PySide's ``__feature__`` import hook off again."""

from __future__ import annotations

import builtins
import os
import re
import subprocess
import sys
from pathlib import Path

import kiosk.ui

ROOT = Path(__file__).resolve().parents[2]


def test_a_started_kiosk_has_not_read_its_own_sources_back(tmp_path: Path) -> None:
    """With PySide's hook in place, every module imported after Qt was read back with inspect.getsource
    (76 modules, ~23 ms before the first frame) and kept in linecache (~2.5 MiB)."""
    script = (
        "import builtins, linecache, sys\n"
        "from pathlib import Path\n"
        "from kiosk.cli import start_kiosk\n"
        "window = start_kiosk(Path(sys.argv[1]), fullscreen=False, metrics_file=Path(sys.argv[2]))\n"
        "window.show()\n"
        "window.repaint()\n"
        "print(builtins.__import__.__name__)\n"
        "print(' '.join(f for f in linecache.cache if '/kiosk/' in f))\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script, str(ROOT / "content.yaml"), str(tmp_path / "kiosk.prom")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr
    import_function, read_back = out.stdout.split("\n")[:2]
    assert import_function != "__feature_import__"
    # `import kiosk.ui` itself still passes through the hook, which then reads the package it returns
    read_back_files = {Path(f).relative_to(ROOT).as_posix() for f in read_back.split()}
    assert read_back_files <= {"kiosk/__init__.py"}, f"PySide read these back from source: {read_back}"


def test_another_tools_import_hook_is_left_in_place(monkeypatch) -> None:
    def someone_elses_hook(*args, **kwargs):  # a profiler's or a debugger's, say
        return builtins.__orig_import__(*args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", someone_elses_hook)
    kiosk.ui._without_feature_hook()
    assert builtins.__import__ is someone_elses_hook


def test_pyside_hook_is_taken_off_when_it_is_there(monkeypatch) -> None:
    monkeypatch.setattr(builtins, "__import__", builtins.__feature_import__)
    kiosk.ui._without_feature_hook()
    assert builtins.__import__ is builtins.__orig_import__
    import json  # noqa: F401 - the import statement still works through what was put back


def test_no_kiosk_module_asks_for_a_pyside_feature() -> None:
    """``from __feature__ import ...`` is what the hook was for: nothing here may rely on it."""
    statement = re.compile(r"^\s*(from __feature__ import|import __feature__)", re.MULTILINE)
    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "kiosk").rglob("*.py")
             if statement.search(p.read_text(encoding="utf-8"))]
    assert users == []
