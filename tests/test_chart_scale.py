"""A trend extended past the data does not stretch the chart's scale beyond readability."""

import pytest

from indicators.charts import within_reach


def test_a_trend_inside_the_range_is_drawn_whole():
    others = [(2016.0, 930.0), (2035.0, 0.0)]
    projected = [(2025.0, 300.0), (2026.0, 250.0), (2035.0, 100.0)]
    assert within_reach(projected, others) == projected


def test_a_runaway_trend_ends_where_it_leaves_the_range():
    # The other lines span 100–200: the chart reaches 50 above and below, so 250 at most.
    others = [(2020.0, 100.0), (2024.0, 200.0)]
    projected = [(2024.0, 200.0), (2025.0, 240.0), (2026.0, 280.0), (2027.0, 320.0)]
    assert within_reach(projected, others) == [
        (2024.0, 200.0),
        (2025.0, 240.0),
        (pytest.approx(2025.25), 250.0),
    ]


def test_a_quantity_never_negative_is_not_drawn_below_zero():
    # Heating oil: 930 m³ at the baseline, 300 m³ in 2025, falling 70 m³ a year.
    others = [(2016.0, 930.0), (2025.0, 300.0), (2035.0, 0.0)]
    projected = [(2025.0 + n, 300.0 - 70.0 * n) for n in range(11)]
    kept = within_reach(projected, others)
    assert kept[-1] == (pytest.approx(2025 + 300 / 70), 0.0)
    assert min(v for _t, v in kept) == 0.0


def test_a_quantity_that_was_negative_may_go_further_below():
    # Net emissions with sinks: −20 at the latest value, the chart goes to −20 − 0.5 × 70.
    others = [(2020.0, 50.0), (2024.0, -20.0)]
    projected = [(2024.0, -20.0), (2025.0, -40.0), (2026.0, -60.0)]
    kept = within_reach(projected, others)
    assert kept == [(2024.0, -20.0), (2025.0, -40.0), (pytest.approx(2025.75), -55.0)]
