"""Listening for what must never happen while the monkey drives: exceptions, error logs, Qt and Python warnings.

Exceptions come three ways: through ``sys.excepthook`` (a slot that raised; the kiosk's own crash guard
is kept behind our wrapper), as ERROR records on the ``kiosk`` logger (what the crash guard logs), and
raised into the driver (counted by the runner). Each is counted once. Only the offscreen plugin's
"This plugin does not support …" is ignored among Qt's messages, and QtMultimedia's one-off PipeWire
notice while the window is being built.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from tools.monkey.report import Recorder

IGNORED_QT = re.compile(r"^This plugin does not support ")
"""The offscreen platform plugin's notices (propagateSizeHints, raise …): not the kiosk's doing."""
STARTUP_QT = re.compile(r"^Couldn't (load|resolve) pipewire")
"""QtMultimedia (loaded with QtTextToSpeech) says this once per process on machines without PipeWire."""


class _ErrorRecords(logging.Handler):
    def __init__(self, on_record: Callable[[logging.LogRecord], None]) -> None:
        super().__init__(logging.ERROR)
        self.on_record = on_record

    def emit(self, record: logging.LogRecord) -> None:
        self.on_record(record)


class Capture:
    """Turns exceptions, error logs and warnings into failures on *recorder*.

    :meth:`listen` before the kiosk is built, :meth:`wrap_crash_guard` once it is (the kiosk installs its
    crash guard as ``sys.excepthook``), :meth:`stop` at the end: everything is put back as it was.
    """

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self._saved_hook: Callable[..., Any] | None = None
        self._app_hook: Callable[..., Any] | None = None
        self._previous_qt_handler: Any = False  # False: ours is not installed; None: Qt's default was
        self._saved_showwarning: Any = None
        self._log_handler = _ErrorRecords(self._on_error_record)

    def listen(self) -> None:
        self._previous_qt_handler = qInstallMessageHandler(self._on_qt_message)
        self._saved_showwarning = warnings.showwarning
        warnings.showwarning = self._on_python_warning
        logging.getLogger("kiosk").addHandler(self._log_handler)
        self._saved_hook = sys.excepthook

    def wrap_crash_guard(self) -> None:
        """Count exceptions that reach ``sys.excepthook``, then hand them to the kiosk's crash guard."""
        self._app_hook = sys.excepthook  # the app's crash guard, installed by the kiosk
        sys.excepthook = self._on_exception

    def stop(self) -> None:
        if self._saved_hook is not None:
            sys.excepthook = self._saved_hook  # also takes out the dead kiosk's crash guard
        self._saved_hook = self._app_hook = None
        logging.getLogger("kiosk").removeHandler(self._log_handler)
        if self._saved_showwarning is not None:
            warnings.showwarning = self._saved_showwarning
            self._saved_showwarning = None
        if self.recorder.phase != "closed" and self._previous_qt_handler is not False:
            qInstallMessageHandler(self._previous_qt_handler)

    def _on_exception(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        detail = "".join(traceback.format_exception(kind, value, tb))
        self.recorder.exception(value, f"{kind.__name__}: {value}", detail)
        if self._app_hook is not None:
            self._app_hook(kind, value, tb)

    def _on_error_record(self, record: logging.LogRecord) -> None:
        recorder = self.recorder
        if record.exc_info and record.exc_info[1] is not None:
            if recorder.counted(record.exc_info[1]):
                return  # the crash guard logging what the excepthook wrapper already counted
            detail = "".join(traceback.format_exception(*record.exc_info))
            recorder.exception(record.exc_info[1], f"{record.name}: {record.getMessage()}", detail)
        elif recorder.phase == "startup":  # e.g. "content file cannot be used" when starting from a broken file
            recorder.report.startup_messages.append(f"{record.name} {record.levelname}: {record.getMessage()[:120]}")
        else:
            recorder.fail("error log", f"{record.name}: {record.getMessage()}")

    def _on_qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg and mode != QtMsgType.QtInfoMsg and not IGNORED_QT.search(message):
            if self.recorder.phase == "startup" and STARTUP_QT.search(message):
                self.recorder.report.startup_messages.append(f"{context.category}: {message}")
            else:
                where = f" ({context.file}:{context.line}, {context.function})" if context.file else ""
                self.recorder.fail("qt warning", f"{mode.name} [{context.category}] {message}{where}")
        if self._previous_qt_handler:
            self._previous_qt_handler(mode, context, message)

    def _on_python_warning(self, message: Warning | str, category: type[Warning], filename: str, lineno: int,
                           file: Any = None, line: str | None = None) -> None:
        self.recorder.fail("python warning", f"{category.__name__}: {message} ({filename}:{lineno})")
