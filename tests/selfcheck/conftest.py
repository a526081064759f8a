"""Shared fixtures for the self-check tests: small complete content files under ``fixtures/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content import Content, ContentError, loads
from kiosk.model.content import SelfCheck

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def load_fixture() -> Callable[[str], Content]:
    """Load ``fixtures/<name>`` through the real loader, as ``python main.py --check`` would."""

    def load(name: str) -> Content:
        path = FIXTURES / name
        return loads(path.read_bytes(), path)

    return load


@pytest.fixture
def problems_of() -> Callable[[str], list[tuple[int, int, str]]]:
    """The (line, column, message) of every problem the loader reports for ``fixtures/<name>``."""

    def problems(name: str) -> list[tuple[int, int, str]]:
        path = FIXTURES / name
        with pytest.raises(ContentError) as caught:
            loads(path.read_bytes(), path)
        return [(p.mark.line, p.mark.column, p.message) for p in caught.value.problems]

    return problems


@pytest.fixture
def safe_flow(load_fixture: Callable[[str], Content]) -> SelfCheck:
    flow = load_fixture("safe.yaml").selfcheck
    assert flow is not None
    return flow


@pytest.fixture(scope="session")
def bundled() -> Content:
    """The content.yaml shipped with the kiosk."""
    from kiosk.content import load

    return load(REPO / "content.yaml")
