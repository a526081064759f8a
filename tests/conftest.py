"""Tests run headless: the offscreen platform must be chosen before any QApplication exists."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Every kiosk a test builds speaks through Qt's own mock engine unless the test asks for another:
# no sound, no daemon, deterministic timing.
os.environ["KIOSK_SPEECH_ENGINE"] = "mock"
