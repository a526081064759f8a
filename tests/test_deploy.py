"""The deployment files say what the README says they do."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

from tests.helpers import ROOT

DEPLOY = ROOT / "deploy"


def test_the_user_unit_restarts_the_kiosk_always() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(DEPLOY / "kiosk.service")
    assert unit["Service"]["Restart"] == "always"
    assert "cage-kiosk.sh" in unit["Service"]["ExecStart"]
    assert unit["Install"]["WantedBy"] == "default.target"


def test_cage_runs_the_kiosk_without_terminal_switching() -> None:
    script = DEPLOY / "cage-kiosk.sh"
    assert os.access(script, os.X_OK)
    command = next(line for line in script.read_text().splitlines() if line.startswith("exec cage"))
    assert " -s" not in command  # -s would allow switching virtual terminals
    assert "main.py" in command and "--content" in command


def test_the_autostart_entry_starts_main_py() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DEPLOY / "kiosk.desktop")
    assert entry["Desktop Entry"]["Type"] == "Application"
    assert "main.py" in entry["Desktop Entry"]["Exec"]


FAKE_PYTHON = """#!/bin/sh
# Stands in for .venv/bin/python: pip talks the way setuptools and pip do on a first install.
case "$*" in
  *"pip install"*)
    echo "  Editable installation of the project (setuptools banner)"
    echo "WARNING: Running pip as the 'root' user can result in broken permissions" >&2
    [ -n "${FAIL_PIP:-}" ] && { echo "ERROR: No matching distribution found" >&2; exit 1; }
    exit 0 ;;
esac
exit 0
"""


def bootstrap_in(tmp_path: Path, fail: bool) -> subprocess.CompletedProcess[str]:
    """scripts/bootstrap.sh on a copy of the project whose .venv/bin/python is a stand-in (no download);
    no dpkg-query on PATH, so no Debian package is looked at or installed."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", project / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    python = project / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("sh", "bash", "cat", "cut", "sha256sum", "dirname", "id"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(tools), "PYTHON": str(python), "HOME": str(tmp_path), **({"FAIL_PIP": "1"} if fail else {})}
    return subprocess.run([str(tools / "bash"), str(project / "scripts" / "bootstrap.sh"), "test"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_bootstrap_keeps_pips_noise_off_a_first_time_users_screen(tmp_path: Path) -> None:
    result = bootstrap_in(tmp_path, fail=False)
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr
    assert "Editable installation" not in shown and "WARNING" not in shown
    assert "Installing Python packages into .venv" in result.stdout
    assert "Editable installation" in (tmp_path / "project" / ".venv" / "pip-install.log").read_text()


def test_bootstrap_shows_pips_output_when_pip_fails(tmp_path: Path) -> None:
    result = bootstrap_in(tmp_path, fail=True)
    assert result.returncode == 1
    assert "ERROR: No matching distribution found" in result.stderr
    assert "installing the Python packages failed" in result.stderr
    assert not list((tmp_path / "project" / ".venv").glob(".installed-*"))  # tried again next time


def test_the_unit_restarts_a_frozen_or_runaway_kiosk() -> None:
    """Type=notify + WatchdogSec: the kiosk's event loop pings (kiosk/services/watchdog.py); MemoryMax caps it."""
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(DEPLOY / "kiosk.service")
    service = unit["Service"]
    assert service["Type"] == "notify"
    # cage is the main process and the kiosk its child: "main" would drop every message the kiosk sends
    assert service["NotifyAccess"] == "all"
    assert 0 < int(service["WatchdogSec"]) <= 30
    assert service["MemoryMax"].endswith(("M", "G"))
    assert service["Restart"] == "always"
    script = (DEPLOY / "cage-kiosk.sh").read_text()
    assert "unset WATCHDOG_PID" in script.split("exec cage")[0]
