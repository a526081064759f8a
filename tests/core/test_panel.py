"""How much a panel smaller than the layout needs shrinks everything."""

from __future__ import annotations

import pytest

from kiosk.core.panel import SHRUNK_MARGIN, SMALLEST_PANEL_MM, TEXT_STEPS, panel_fit, smallest_panel


@pytest.mark.parametrize("mm", [(336, 210), (527, 296), (296, 527), (1000, 600), (210, 373)])
def test_a_panel_big_enough_either_way_up_is_drawn_at_full_size(mm: tuple[float, float]) -> None:
    assert panel_fit(*mm) == 1.0


def test_a_smaller_panel_is_shrunk_by_its_tightest_side_with_a_margin_for_rounding() -> None:
    assert panel_fit(222, 125) == pytest.approx(min(222 / 336, 125 / 210) * SHRUNK_MARGIN)
    assert panel_fit(125, 222) == panel_fit(222, 125)  # the same glass turned upright
    assert panel_fit(280, 210) == pytest.approx(280 / 336 * SHRUNK_MARGIN)  # 4:3: too narrow, tall enough


def test_text_sized_for_a_farther_reader_needs_a_bigger_panel() -> None:
    assert smallest_panel(500) == SMALLEST_PANEL_MM
    assert smallest_panel(300) == SMALLEST_PANEL_MM  # targets stay 15 mm however near the reader
    assert smallest_panel(1000) == (672, 420)
    assert panel_fit(527, 296, 1000) == pytest.approx(296 / 420 * SHRUNK_MARGIN)


def test_sizes_that_say_nothing_shrink_nothing() -> None:
    assert panel_fit(0, 0) == 1.0


def test_only_the_text_sizes_that_need_it_are_shrunk() -> None:
    """Read from 1,000 mm, text is twice the size: a 24-inch panel holds the default size, not the largest."""
    assert panel_fit(527, 296, 1000, TEXT_STEPS[0]) == 1.0
    assert panel_fit(527, 296, 1000, TEXT_STEPS[-1]) == pytest.approx(296 / 420 * SHRUNK_MARGIN)
    assert panel_fit(222, 125, 500, TEXT_STEPS[0]) == panel_fit(222, 125, 500, TEXT_STEPS[-1])  # targets bind
