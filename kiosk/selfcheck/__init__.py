"""The side-effect self-check: the flow's structural check and safety audit, and the session.
Outcome levels are the content model's (:mod:`kiosk.model.levels`), offered here too.

Pure Python — nothing here may import Qt (a test enforces it), so the rules that keep
patients safe are tested without a screen and the loader can audit a flow on any thread.
"""

from kiosk.model.levels import LEVEL_IDS, Level
from kiosk.selfcheck.audit import (
    FlowError,
    FlowPath,
    Step,
    all_paths,
    audit_passed,
    check_flow,
    count_paths,
    shortest_paths,
)
from kiosk.selfcheck.engine import SelfCheckSession, SessionFinishedError

__all__ = [
    "LEVEL_IDS",
    "FlowError",
    "FlowPath",
    "Level",
    "SelfCheckSession",
    "SessionFinishedError",
    "Step",
    "all_paths",
    "audit_passed",
    "check_flow",
    "count_paths",
    "shortest_paths",
]
