"""The pure core stays free of Qt, so it can be tested, audited and reused without a screen."""

from __future__ import annotations

import ast
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
