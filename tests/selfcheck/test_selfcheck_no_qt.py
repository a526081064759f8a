"""kiosk.selfcheck is pure Python: no Qt, so its safety rules run and are tested anywhere."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kiosk.selfcheck

PACKAGE = Path(kiosk.selfcheck.__file__).parent
QT = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "qtpy")


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = []
    for node in ast.walk(tree):  # walk, not body: imports inside functions count too
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant):
            names.append(str(node.args[0].value))
    return names


def test_the_scan_sees_the_package() -> None:
    files = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert {"__init__.py", "audit.py", "engine.py", "levels.py"} <= set(files)
    assert "kiosk.selfcheck.audit" in _imported_modules(PACKAGE / "__init__.py")


def test_no_source_file_imports_qt() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] in QT
    ]
    assert offenders == []


def test_importing_the_package_loads_no_qt() -> None:
    """Catches Qt arriving indirectly, through something kiosk.selfcheck imports."""
    code = ("import sys, kiosk.selfcheck, kiosk.selfcheck.engine, kiosk.selfcheck.audit; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parents[1])
    assert result.stdout.strip() == "[]"
