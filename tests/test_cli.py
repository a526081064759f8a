"""``--check`` and ``--render-screens`` as staff and deploy scripts run them: real processes, real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers import BUNDLED, MINIMAL, ROOT, write
from tests.nodes import special_node


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_check_accepts_the_bundled_file() -> None:
    result = run("--check", "--content", BUNDLED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(safety audit passed)" in result.stdout.splitlines()[-1]  # then ", N warnings" (reading levels)
    assert "Traceback" not in result.stderr


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("    title: First topic", "    titel: First topic")
                 .replace("id: second", "id: first"))
    result = run("--check", "--content", path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}:7:5: error: section 'first' is missing 'title' (the heading, shown on the tile and the section)",
        f"{path}:8:5: error: unknown key 'titel' in section 'first' (did you mean 'title'?)",
        f"{path}:11:9: error: the section id 'first' is used twice (first on line 7); each must be unique",
        f"{path}: 3 errors; a running kiosk ignores this file until they are fixed",
    ]


def test_check_exits_2_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    result = run("--check", "--content", tmp_path / "missing.yaml")
    assert result.returncode == 2
    assert result.stdout.startswith(f"{tmp_path / 'missing.yaml'}:1:1: error: the file does not exist")


def test_check_refuses_garbage_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    result = run("--check", "--content", path)
    assert result.returncode == 1
    assert "error:" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("kiosk ")


def test_render_screens_writes_real_pictures(tmp_path: Path) -> None:
    # A small file keeps this real process quick; tests/test_render.py draws every screen of the bundled one.
    out = tmp_path / "shots"
    result = run("--render-screens", out, "--content", write(tmp_path, MINIMAL), "--size", "1280x800")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == str(out / "index.html") and (out / "index.html").is_file()
    written = [Path(line) for line in lines[:-1]]
    assert out / "en" / "home.png" in written and out / "en-contrast" / "home.png" in written
    assert {p.stem for p in written} >= {"home", "section-01-first", "section-02-second", "idle-warning",
                                         "staff-pin", "staff-panel", "updating"}
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 23)}
        assert len(colours) > 3, f"{path} looks blank"


def test_render_screens_refuses_a_bad_file(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("version: 1", "version: 2"))
    result = run("--render-screens", tmp_path / "out", "--content", path)
    assert result.returncode == 1
    assert f"{path}:1:10: error: 'version' is 2; it should be from 1 to 1" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_metrics_file_that_is_a_device_is_refused_at_start_and_stays_a_device(tmp_path: Path) -> None:
    """Run as root, the kiosk once renamed a file over /dev/null (issue 23); a node made here stands in."""
    node = special_node(tmp_path)
    kind = stat.S_IFMT(node.lstat().st_mode)
    result = run("--metrics-file", node, "--content", BUNDLED)
    assert result.returncode == 2
    assert f"argument --metrics-file: {node} is a " in result.stderr
    assert "not a regular file; the kiosk never replaces one" in result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_IFMT(node.lstat().st_mode) == kind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_metrics_file_in_a_missing_folder_is_refused_at_start(tmp_path: Path) -> None:
    result = run("--metrics-file", tmp_path / "gone" / "kiosk.prom", "--content", BUNDLED)
    assert result.returncode == 2
    assert f"its folder {tmp_path / 'gone'} does not exist" in result.stderr
    assert not (tmp_path / "gone").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="DISPLAY handling is for Linux kiosks")
def test_running_without_a_display_explains_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert result.returncode == 3
    assert "no display found" in result.stderr


GC_SCRIPT = """
import gc, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk.cli import start_kiosk
window = start_kiosk(Path(sys.argv[1]), fullscreen=False)
during = gc.isenabled()
painted = []
window.first_painted.connect(lambda: painted.append(True))
window.show()
deadline = time.monotonic() + 30
while not painted and time.monotonic() < deadline:
    QApplication.processEvents()
print(during, bool(painted), gc.isenabled())
from kiosk.app import kiosk_of
kiosk_of(window).shutdown()
"""


@pytest.mark.parametrize("content", ["bundled", "broken"])
def test_the_collector_rests_while_the_kiosk_starts_and_runs_from_its_first_frame(tmp_path: Path, content: str) -> None:
    path = BUNDLED if content == "bundled" else write(tmp_path, "kiosk: [unclosed\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", GC_SCRIPT, str(path)], capture_output=True, text=True,
                            env=env, timeout=120, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"], "off during start-up, on after the first frame"
