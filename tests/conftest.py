"""Tests run headless: the offscreen platform must be chosen before any QApplication exists."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Every kiosk a test builds speaks through Qt's own mock engine unless the test asks for another:
# no sound, no daemon, deterministic timing.
os.environ["KIOSK_SPEECH_ENGINE"] = "mock"


@pytest.fixture(autouse=True, scope="session")
def _icon_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Icons drawn and content files kept by the tests go to the run's own folders, not the user's
    ~/.cache and ~/.local/state."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Whatever cycles a test left are freed here, on the GUI thread.

    A kiosk leaves none (its window owns it: tests/test_lifecycle.py checks it), but a test's own lambdas
    and widgets may. Left to Python's cyclic collector they are freed by whichever thread next allocates
    enough, such as a reload worker: a Qt object torn down from the wrong thread once made Qt spin on a
    dead socket notifier and fill gigabytes.
    """
    yield
    gc.collect()
