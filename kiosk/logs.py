"""Where the kiosk writes its log: a rotating file in the user's state directory.

What goes in: start-up, reloads, content errors, staff entries, crashes. What never goes
in: anything a patient tapped or answered, and PINs. Nothing in the code logs those, and
the self-check engine's repr hides its answers in case a traceback ever prints it.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kiosk"


def setup_logging(*, to_stderr: bool = True) -> Path | None:
    """Log to ``$XDG_STATE_HOME/kiosk/kiosk.log`` (1 MB x 5 files) and to stderr; returns the file's path."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    formatter = logging.Formatter(FORMAT)
    path: Path | None = state_dir() / "kiosk.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(formatter)
        root.addHandler(handler)
    except OSError as exc:  # a read-only home must not stop the kiosk
        path = None
        logging.getLogger("kiosk").warning("cannot write the log file: %s", exc)
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    return path
