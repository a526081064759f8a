"""The deployment files say what the README says they do."""

from __future__ import annotations

import configparser
import os

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
