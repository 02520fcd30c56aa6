"""The on-track verdict: documented rules, edge cases, and properties over random data."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.verdicts import (
    RateKind,
    VerdictKind,
    band,
    decimal_year,
    default_rate_kind,
    judge,
    meets,
)


def yearly(*pairs):
    return [(date(year, 12, 31), value) for year, value in pairs]


def emissions(values, target=(2035, 100.0), baseline=(2015, 500.0)):
    return judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=baseline,
        targets=[target],
        values=yearly(*values),
    )


def test_decimal_year_puts_year_end_on_the_whole_year():
    assert decimal_year(date(2020, 12, 31)) == 2020
    assert 2019 < decimal_year(date(2020, 1, 1)) < 2019.01
    assert decimal_year(date(2021, 6, 30)) == pytest.approx(2020.5, abs=0.01)


def test_on_track_when_the_actual_rate_beats_the_required_rate():
    verdict = emissions([(2020, 300.0)])
    assert verdict.kind is VerdictKind.ON_TRACK
    assert verdict.rate_kind is RateKind.COMPOUND
    # 500 → 100 in 20 years needs −7.7 %/yr; 500 → 300 in 5 years achieved −9.7 %/yr.
    assert verdict.required_rate == pytest.approx(-0.0773, abs=1e-4)
    assert verdict.actual_rate == pytest.approx(-0.0971, abs=1e-4)


def test_limited_progress_when_improving_far_behind_the_required_rate():
    verdict = emissions([(2020, 450.0)])
    assert verdict.kind is VerdictKind.LIMITED_PROGRESS
    assert verdict.ratio == pytest.approx(0.0208 / 0.0773, abs=1e-3)
    assert verdict.actual_rate == pytest.approx(-0.0208, abs=1e-4)
    assert verdict.required_rate == pytest.approx(-0.0773, abs=1e-4)


def test_wrong_direction_when_getting_worse():
    assert emissions([(2020, 520.0)]).kind is VerdictKind.WRONG_DIRECTION


def test_standing_still_is_limited_progress_at_zero():
    # Statistics Canada's bands: 0 <= R < 0.6 is limited progress; only R < 0 is the
    # wrong way.
    verdict = emissions([(2020, 500.0)])
    assert verdict.kind is VerdictKind.LIMITED_PROGRESS
    assert verdict.ratio == 0


def test_target_already_met():
    verdict = emissions([(2019, 90.0)])
    assert verdict.kind is VerdictKind.ACHIEVED


def test_no_values_is_not_enough_data():
    assert emissions([]).kind is VerdictKind.NOT_ENOUGH_DATA


def test_only_a_baseline_value_is_not_enough_data():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=None,
        targets=[(2030, 1.0)],
        values=yearly((2020, 5.0)),
    )
    assert verdict.kind is VerdictKind.NOT_ENOUGH_DATA
    assert verdict.baseline.value == 5.0


def test_one_value_after_the_baseline_is_enough():
    assert emissions([(2016, 480.0)]).kind is not VerdictKind.NOT_ENOUGH_DATA


def test_without_baseline_the_first_value_is_the_baseline():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=None,
        targets=[(2030, 50.0)],
        values=yearly((2015, 100.0), (2020, 60.0)),
    )
    assert verdict.baseline.time == 2015 and verdict.latest.value == 60.0
    assert verdict.kind is VerdictKind.ON_TRACK


def test_no_target_is_not_enough_data():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2015, 10.0),
        targets=[],
        values=yearly((2020, 5.0)),
    )
    assert verdict.kind is VerdictKind.NOT_ENOUGH_DATA


def test_baseline_equal_to_target():
    # Keep the level: staying put meets the target, sliding is the wrong way.
    kept = judge(
        rate_kind="linear",
        decrease_is_better=False,
        baseline=(2015, 40.0),
        targets=[(2030, 40.0)],
        values=yearly((2020, 40.0)),
    )
    slid = judge(
        rate_kind="linear",
        decrease_is_better=False,
        baseline=(2015, 40.0),
        targets=[(2030, 40.0)],
        values=yearly((2020, 38.0)),
    )
    assert kept.kind is VerdictKind.ACHIEVED
    assert slid.kind is VerdictKind.WRONG_DIRECTION
    assert slid.required_rate == 0


def test_percent_units_use_percentage_points():
    # Protected city forest: 2.2 % reached, 5 % the goal.
    verdict = judge(
        rate_kind="linear",
        decrease_is_better=False,
        baseline=(2015, 1.0),
        targets=[(2030, 5.0)],
        values=yearly((2021, 2.2)),
    )
    assert verdict.rate_kind is RateKind.LINEAR
    assert verdict.required_rate == pytest.approx(4 / 15)
    assert verdict.actual_rate == pytest.approx(1.2 / 6)
    assert verdict.kind is VerdictKind.ACCELERATION_NEEDED  # R = 0.2 / 0.2667 = 0.75


def test_a_zero_target_uses_a_linear_rate():
    # City buildings' heating oil: 930 m³ in 2016, 465 m³ in 2022, none by 2035.
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2016, 930.0),
        targets=[(2035, 0.0)],
        values=yearly((2022, 465.0)),
    )
    assert verdict.rate_kind is RateKind.LINEAR
    assert verdict.required_rate == pytest.approx(-930 / 19)
    assert verdict.actual_rate == pytest.approx(-465 / 6)
    assert verdict.kind is VerdictKind.ON_TRACK


def test_the_next_target_is_judged_and_then_the_last():
    targets = [(2025, 300.0), (2035, 100.0)]
    early = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2015, 500.0),
        targets=targets,
        values=yearly((2020, 420.0)),
    )
    assert early.target.time == 2025
    late = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2015, 500.0),
        targets=targets,
        values=yearly((2040, 150.0)),
    )
    assert late.target.time == 2035


def test_an_increase_indicator_is_judged_the_other_way():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=False,
        baseline=(2018, 100.0),
        targets=[(2030, 1000.0)],
        values=yearly((2022, 400.0)),
    )
    assert verdict.kind is VerdictKind.ON_TRACK
    assert verdict.actual_rate > 0


def test_projection_and_required_path_meet_the_baseline():
    verdict = emissions([(2020, 400.0)])
    assert verdict.projected_value(2015) == pytest.approx(500)
    assert verdict.required_value(2035) == pytest.approx(100)
    assert verdict.projected_value(2020) == pytest.approx(400)


def test_two_values_in_one_year_are_one_period_and_do_not_overflow():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=False,
        baseline=None,
        targets=[(2030, 1e12)],
        values=[(date(2024, 1, 1), 1e-6), (date(2024, 1, 2), 1e9)],
    )
    assert verdict.kind is VerdictKind.NOT_ENOUGH_DATA
    assert verdict.baseline.value == 1e9  # the later-dated value of 2024 counts


def test_monthly_values_over_a_few_months_do_not_overflow():
    verdict = judge(
        rate_kind="compound",
        decrease_is_better=False,
        baseline=None,
        targets=[(2030, 1e12)],
        values=[(date(2024, 1, 1), 1e-6), (date(2024, 2, 2), 1e9)],
        monthly=True,
    )
    assert verdict.kind is VerdictKind.ON_TRACK


# --- properties ------------------------------------------------------------

values_ = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
units = st.sampled_from(["kt CO2e", "%", "m³", "kpl"])


@settings(max_examples=400, deadline=None)
@given(
    unit=units,
    decrease=st.booleans(),
    base_year=st.integers(2000, 2020),
    base_value=values_,
    gaps=st.lists(st.integers(1, 5), min_size=0, max_size=6),
    series=st.lists(values_, min_size=6, max_size=6),
    target_offset=st.integers(1, 30),
    target_value=values_,
)
def test_the_verdict_never_contradicts_the_numbers(
    unit, decrease, base_year, base_value, gaps, series, target_offset, target_value
):
    years, year = [], base_year
    for gap in gaps:
        year += gap
        years.append(year)
    points = list(zip(years, series, strict=False))
    target_year = base_year + target_offset
    verdict = judge(
        rate_kind=default_rate_kind(unit),
        decrease_is_better=decrease,
        baseline=(base_year, base_value),
        targets=[(target_year, target_value)],
        values=yearly(*points),
    )
    if not points:
        assert verdict.kind is VerdictKind.NOT_ENOUGH_DATA
        return
    latest_year, latest = points[-1]
    reached = latest
    if target_year <= latest_year:
        # The data has reached the target's year: judged by the value for that year.
        before = [value for year, value in points if year <= target_year]
        reached = before[-1] if before else points[0][1]
    met = meets(reached, target_value, decrease_is_better=decrease)
    not_worse = latest <= base_value if decrease else latest >= base_value
    kind = verdict.kind
    if target_year <= latest_year:
        assert kind is (VerdictKind.ACHIEVED if met else VerdictKind.MISSED)
        return
    assert (kind is VerdictKind.ACHIEVED) == met
    if kind is VerdictKind.WRONG_DIRECTION:
        assert not (latest < base_value if decrease else latest > base_value)
    if kind in (
        VerdictKind.ON_TRACK,
        VerdictKind.ACCELERATION_NEEDED,
        VerdictKind.LIMITED_PROGRESS,
    ):
        assert verdict.ratio is not None
        # R is banded after rounding to six decimals: a change too small to show is none.
        assert not_worse or verdict.ratio == 0
        assert kind is band(verdict.ratio)


def test_a_runaway_projection_saturates_instead_of_crashing():
    from indicators.charts import indicator_figure

    verdict = judge(
        rate_kind="compound",
        decrease_is_better=False,
        baseline=(2000, 1e-9),
        targets=[(2022, 102703.0)],
        values=yearly((2001, 102702.0)),
    )
    assert verdict.projected_value(2022) == float("inf")
    figure = indicator_figure(unit="kt", decimals=1, verdict=verdict, values=[(2001.0, 102702.0)])
    projection = [t for t in figure["data"] if t["name"] == "Trend projected"]
    assert all(abs(y) < float("inf") for trace in projection for y in trace["y"])


@pytest.mark.parametrize(("low", "high"), [(0, 552.6), (0, 1.0), (0, 0.03), (-5, 7), (100, 100)])
def test_svg_ticks_cover_every_value(low, high):
    from indicators.svg import nice_ticks

    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high


def test_svg_chart_keeps_every_point_inside_the_picture():
    import re

    from indicators.charts import Series
    from indicators.svg import line_chart

    svg = line_chart(
        [Series("actual", "Nykyinen trendi jatkettuna", [(2005.0, 552.6), (2024.0, 318.9)])],
        labelledby="x",
        unit="kt",
    )
    for cy in re.findall(r'cy="([\d.-]+)"', svg):
        assert 0 <= float(cy) <= 300
