"""The Qt binding this kiosk runs on must survive months of signals.

PySide6 6.12.0 drops a reference to ``True`` on every signal emitted from Python; on
Python 3.11 the interpreter aborts after a few hundred emits. pyproject.toml pins a binding
without the bug; this test fails if a change of pin or Python brings it back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    number = Signal(int)
    text = Signal(str)


@pytest.mark.skipif(sys.version_info >= (3, 12),
                    reason="True is immortal from Python 3.12: its count means nothing and a leak cannot free it")
def test_emitting_from_python_does_not_leak_true() -> None:
    emitter = _Emitter()
    emitter.bare.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.bare.emit()
        emitter.number.emit(1)
        emitter.text.emit("x")
    after = sys.getrefcount(True)
    assert after >= before - 5, f"each Python emit drops a reference to True ({before} → {after})"
