"""The pure core stays free of Qt, so it can be tested, audited and reused without a screen."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PURE = ["kiosk/content", "kiosk/selfcheck", "kiosk/session.py", "kiosk/strings.py", "kiosk/colour.py",
        "kiosk/theme.py", "kiosk/check.py", "kiosk/core"]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("place", PURE)
def test_pure_core_does_not_import_qt(place: str) -> None:
    target = ROOT / place
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    for path in files:
        qt = {m for m in imports(path) if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")}
        kiosk_ui = {m for m in imports(path) if m.startswith(("kiosk.ui", "kiosk.app"))}
        assert not qt | kiosk_ui, f"{path.relative_to(ROOT)} imports {sorted(qt | kiosk_ui)}"


def test_the_check_itself_would_notice(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in imports(bad)


def test_yaml_is_only_ever_loaded_safely() -> None:
    for path in (ROOT / "kiosk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.unsafe_load" not in text and "FullLoader" not in text, path


#: Loaded only when first needed: none of them is needed for the first screen a patient sees.
NOT_AT_START = {
    "prometheus_client": "the metrics file is written a minute after start, if at all",
    "multiprocessing": "the reload helper process starts on the first reload",
    "PySide6.QtTextToSpeech": "Read aloud starts after the first frame",
    "textstat": "reading grades are for --check and --report",
    "difflib": "'did you mean' is only for a file with a typo",
    "ctypes": "free memory is given back after a session ends",
    "_hashlib": "OpenSSL (~4 MiB) is needed only to check a staff PIN",
    "yaml": "a child process reads the content file at start-up (kiosk.content.prefetch)",
    "kiosk.content.validate": "a child process checks the content file at start-up",
    "kiosk.ui.body": "the home screen shows no body text; the screens that do are imported once the kiosk is up",
    # PySide6 builds a Qt class, all its enums with it, the first time Python names it: ~12 ms for these.
    "PySide6.QtGui.QTextDocument": "body text is not on the first frame (kiosk.ui.body)",
    "PySide6.QtGui.QTextBlockFormat": "body text is not on the first frame (kiosk.ui.body)",
    "PySide6.QtCore.QUrl": "body text is not on the first frame (kiosk.ui.body)",
    "PySide6.QtGui.QKeySequence": "the blocked key combinations are built at the first key (kiosk.ui.window)",
    "PySide6.QtWidgets.QScroller": "kinetic scrolling is set up once the first frame is painted (kiosk.ui.widgets)",
}
#: Loaded at a kiosk's first start only: what it draws is kept for the next one.
NOT_AT_SECOND_START = {
    "PySide6.QtSvg": "icons drawn at an earlier start are read back from the icon cache (kiosk.ui.icons)",
}


def test_the_first_frame_does_not_wait_for_what_it_does_not_show(tmp_path: Path) -> None:
    """Start-up is measured against a bare window (python -m kiosk.bench); these imports cost ~200 ms.

    Started the way main.py starts it: the content file's reading begins before Qt is imported. In kiosk
    mode (full screen, frameless, on top) twice on one icon cache, as a clinic restarts its kiosk: the
    second start draws no SVG. Then in a window, as staff preview a file (a new size: icons are drawn)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.cli import start_kiosk\n"
        "locked = sys.argv[3] == 'locked'\n"
        "window = start_kiosk(Path(sys.argv[1]), fullscreen=locked, metrics_file=Path(sys.argv[2]))\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "def loaded(name):\n"  # a module imported, or a class PySide6 has built (it is in its module's dict)
        "    module, _, attr = name.rpartition('.')\n"
        "    return name in sys.modules or (module in sys.modules and attr in vars(sys.modules[module]))\n"
        "def painted():\n"  # the whole first frame is painted, and what waits for it has not run yet
        "    print(' '.join(m for m in sys.argv[4:] if loaded(m)), flush=True)\n"
        "    window.close_for_real()\n"
        "    QApplication.instance().exit(0)\n"
        "class FirstPaint(QObject):\n"  # as the benchmark's probe sees the first frame (kiosk.bench.probe)
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint:\n"
        "            watched.removeEventFilter(self)\n"
        "            QTimer.singleShot(0, painted)\n"  # queued before the window's own first_painted
        "        return False\n"
        "spy = FirstPaint()\n"
        "window.installEventFilter(spy)\n"
        "QTimer.singleShot(60_000, lambda: QApplication.instance().exit(2))\n"
        "window.show()\n"
        "sys.exit(QApplication.instance().exec())\n"
    )
    watched = {**NOT_AT_START, **NOT_AT_SECOND_START}
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path)}
    starts = ((1, "locked", set(NOT_AT_SECOND_START)), (2, "locked", set()), (3, "windowed", set(NOT_AT_SECOND_START)))
    for start, mode, allowed in starts:
        out = subprocess.run([sys.executable, "-c", script, str(ROOT / "content.yaml"), os.devnull, mode, *watched],
                             capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
        assert out.returncode == 0, out.stderr
        loaded = set(out.stdout.split()) - allowed
        assert not loaded, f"start {start}: " + "; ".join(
            f"{m} was loaded before the first frame ({watched[m]})" for m in sorted(loaded))
