"""The Qt shell: screens and widgets. No YAML, no flow rules, no file I/O here.

Importing this package loads PySide6 and takes PySide's ``__feature__`` import hook off again.
PySide6 replaces Python's ``import`` statement with its own (``builtins.__feature_import__``) so that
a module may write ``from __feature__ import snake_case, true_property``. The kiosk uses neither
switch, but the hook costs every process that loads Qt: each ``import`` statement runs two Python
functions (3 µs instead of 0.3), and each module named in one is read back from its source file once,
with ``inspect.getsource``, to see whether it mentions PySide6, and that source then stays in
``linecache``: 76 modules, ~23 ms before the first frame and ~2.5 MiB for as long as the kiosk runs
(measured 2026-11-27; napari/napari#8584 reports the same). PySide keeps the import function it
wrapped as ``builtins.__orig_import__`` (its lazy loader for star imports, itself a wrapper of Python's
own); that is put back, only if the hook is still PySide's, so another tool's hook is never removed.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401 - loading it is what installs the hook taken off below


def _without_feature_hook() -> None:
    feature_import = getattr(builtins, "__feature_import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if feature_import is not None and wrapped is not None and builtins.__import__ is feature_import:
        builtins.__import__ = wrapped


_without_feature_hook()
