"""The layers hold: import-linter's contracts in pyproject.toml (core, model, self-check, loading, services,
ui, app; no Qt below the screens), checked here as scripts/run-tests checks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports run on *tree* (a checkout: pyproject.toml and kiosk/), which it imports from first."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], capture_output=True, text=True, timeout=120, cwd=tree)


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_qt_import_in_the_content_loader_breaks_them(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "kiosk" / "content" / "loader.py").open("a", encoding="utf-8") as fh:
        fh.write("\nfrom PySide6.QtCore import QObject  # noqa: E402\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "kiosk.content is not allowed to import PySide6" in result.stdout
    assert "kiosk.content.loader -> PySide6" in result.stdout


def test_yaml_is_only_ever_loaded_safely() -> None:
    for path in (ROOT / "kiosk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.unsafe_load" not in text and "FullLoader" not in text, path
