"""The impact rules (emissions.impact): ramps, realisation, the programme's path, coverage."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emissions import impact
from emissions.gap import GapView
from emissions.impact import Estimate, Scenario
from programmes.choices import ActionStatus

S = ActionStatus


def estimate(key=1, *, action=None, sector="heat", mid=10.0, low=None, high=None, start=2020,
             full=2025, status=S.COMPLETED, completion=0, late=False) -> Estimate:  # fmt: skip
    return Estimate(
        key=key,
        action=key if action is None else action,
        sector=sector,
        reduction=mid,
        low=mid if low is None else low,
        high=mid if high is None else high,
        start_year=start,
        full_effect_year=full,
        status=status,
        completion_percent=completion,
        late=late,
    )


# -- ramps ----------------------------------------------------------------------------


def test_ramp_is_nothing_before_the_start_linear_between_and_full_after():
    assert impact.ramp(2019, 2020, 2024) == 0
    assert impact.ramp(2020, 2020, 2024) == 0
    assert impact.ramp(2021, 2020, 2024) == 0.25
    assert impact.ramp(2023, 2020, 2024) == 0.75
    assert impact.ramp(2024, 2020, 2024) == 1
    assert impact.ramp(2040, 2020, 2024) == 1


def test_a_measure_starting_and_in_full_effect_the_same_year_is_full_from_that_year():
    assert impact.ramp(2022, 2023, 2023) == 0
    assert impact.ramp(2023, 2023, 2023) == 1


@given(
    start=st.integers(1990, 2050),
    length=st.integers(0, 30),
    year=st.integers(1980, 2100),
)
def test_ramp_stays_between_nothing_and_full_and_never_falls(start, length, year):
    full = start + length
    share = impact.ramp(year, start, full)
    assert 0 <= share <= 1
    assert impact.ramp(year + 1, start, full) >= share
    if year < start:
        assert share == 0
    if year >= full:
        assert share == 1


# -- realisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "completion", "realised", "planned"),
    [
        (S.COMPLETED, 0, 1.0, 1.0),
        (S.CONTINUOUS, 30, 1.0, 1.0),
        (S.IN_PROGRESS, 40, 0.4, 1.0),
        (S.IN_PROGRESS, 0, 0.0, 1.0),
        (S.NOT_STARTED, 50, 0.0, 1.0),
        (S.POSTPONED, 70, 0.0, 1.0),
        (S.CANCELLED, 100, 0.0, 0.0),
    ],
)
def test_realisation_follows_the_status(status, completion, realised, planned):
    assert impact.realised_share(status, completion) == realised
    assert impact.planned_share(status) == planned


def test_postponed_counts_in_the_planned_path_only_and_cancelled_in_neither():
    postponed = estimate(1, status=S.POSTPONED, start=2020, full=2020)
    cancelled = estimate(2, status=S.CANCELLED, start=2020, full=2020)
    path = impact.programme_path(
        [postponed, cancelled], base_year=2019, base_value=100, end_year=2021
    )
    assert path.at(2021).realised_path.mid == 100
    assert path.at(2021).planned_path.mid == 90


def test_what_was_in_effect_in_the_latest_year_is_not_counted_again():
    # Half in effect in 2022 (the measured value holds it), full from 2024: 5 more.
    half_way = estimate(mid=10, start=2020, full=2024)
    path = impact.programme_path([half_way], base_year=2022, base_value=300, end_year=2030)
    assert path.at(2022).planned_path.mid == 300
    assert path.at(2023).planned_path.mid == pytest.approx(297.5)
    assert path.at(2024).planned_path.mid == pytest.approx(295)
    assert path.at(2030).planned_path.mid == pytest.approx(295)


def test_a_measure_in_full_effect_before_the_latest_year_moves_nothing():
    done = estimate(mid=10, start=2015, full=2018)
    path = impact.programme_path([done], base_year=2022, base_value=300, end_year=2030)
    assert {year.planned_path.mid for year in path.years} == {300}


def test_a_measure_starting_after_the_target_year_counts_nothing_by_then():
    late = estimate(mid=10, start=2031, full=2033)
    path = impact.programme_path([late], base_year=2022, base_value=300, end_year=2030)
    assert path.at(2030).planned.total.mid == 0


def test_in_progress_counts_its_completion_share_in_the_realised_path():
    half_done = estimate(mid=20, status=S.IN_PROGRESS, completion=25, start=2023, full=2023)
    path = impact.programme_path([half_done], base_year=2022, base_value=100, end_year=2025)
    assert path.at(2025).realised.total.mid == pytest.approx(5)
    assert path.at(2025).planned.total.mid == pytest.approx(20)


def test_an_estimate_with_its_range_out_of_order_is_refused():
    with pytest.raises(ValueError):
        estimate(mid=10, low=12, high=15)
    with pytest.raises(ValueError):
        estimate(start=2030, full=2025)


# -- scenarios ------------------------------------------------------------------------


def test_switching_an_action_off_removes_exactly_its_reduction():
    one = estimate(1, mid=10, start=2023, full=2023, status=S.IN_PROGRESS, completion=50)
    two = estimate(2, mid=4, start=2023, full=2023)
    both = impact.programme_path([one, two], base_year=2022, base_value=100, end_year=2030)
    without = impact.programme_path(
        [one, two], base_year=2022, base_value=100, end_year=2030, scenario=Scenario(off={1})
    )
    realised_one = impact.new_effect(one, 2030, 2022, "realised").mid
    assert realised_one == 5
    assert without.at(2030).realised_path.mid - both.at(2030).realised_path.mid == realised_one


def test_late_and_not_started_actions_can_be_switched_off_together():
    late = estimate(1, late=True, status=S.IN_PROGRESS, completion=50, start=2023, full=2023)
    waiting = estimate(2, status=S.NOT_STARTED, start=2023, full=2023)
    postponed = estimate(3, status=S.POSTPONED, start=2023, full=2023)
    scenario = Scenario(late_off=True, not_started_off=True)
    path = impact.programme_path(
        [late, waiting, postponed], base_year=2022, base_value=100, end_year=2024, scenario=scenario
    )
    # Only the postponed one is left, planned but not realised.
    assert path.at(2024).planned.total.mid == 10
    assert path.at(2024).realised.total.mid == 0


def test_a_scale_factor_scales_the_estimate_and_its_range():
    wide = estimate(1, mid=10, low=4, high=20, start=2023, full=2023)
    path = impact.programme_path(
        [wide], base_year=2022, base_value=100, end_year=2024, scenario=Scenario(scale={1: 1.5})
    )
    assert path.at(2024).planned.total == impact.Band(6, 15, 30)
    with pytest.raises(ValueError):
        Scenario(scale={1: 2.5}).factor(wide)


# -- properties of the path -----------------------------------------------------------

statuses = st.sampled_from(list(ActionStatus))


@st.composite
def estimates(draw):
    count = draw(st.integers(0, 8))
    result = []
    for key in range(count):
        mid = draw(st.floats(0, 50, allow_nan=False))
        low = draw(st.floats(0, 1)) * mid
        high = mid + draw(st.floats(0, 30, allow_nan=False))
        start = draw(st.integers(2015, 2035))
        result.append(
            Estimate(
                key=key,
                action=draw(st.integers(0, 4)),
                sector=draw(st.sampled_from(["heat", "power", "road", "farm"])),
                reduction=mid,
                low=low,
                high=high,
                start_year=start,
                full_effect_year=start + draw(st.integers(0, 10)),
                status=draw(statuses),
                completion_percent=draw(st.integers(0, 100)),
                late=draw(st.booleans()),
            )
        )
    return result


scenarios = st.builds(
    Scenario,
    off=st.frozensets(st.integers(0, 4), max_size=3),
    late_off=st.booleans(),
    not_started_off=st.booleans(),
    scale=st.dictionaries(st.integers(0, 4), st.floats(0, 2, allow_nan=False), max_size=3),
)


@settings(max_examples=200)
@given(given_estimates=estimates(), scenario=scenarios, base_year=st.integers(2018, 2026))
def test_bands_are_ordered_and_sectors_add_up_to_the_total(given_estimates, scenario, base_year):
    path = impact.programme_path(
        given_estimates,
        base_year=base_year,
        base_value=400.0,
        end_year=2035,
        scenario=scenario,
        sectors=["heat", "power", "road", "farm"],
    )
    previous_planned = 0.0
    for year in path.years:
        for kind in (year.realised, year.planned):
            assert kind.total.low <= kind.total.mid + 1e-9
            assert kind.total.mid <= kind.total.high + 1e-9
            assert math.isclose(
                sum(b.mid for b in kind.by_sector.values()), kind.total.mid, abs_tol=1e-9
            )
            assert math.isclose(
                sum(b.high for b in kind.by_sector.values()), kind.total.high, abs_tol=1e-9
            )
        for band in (year.realised_path, year.planned_path):
            assert band.low <= band.mid + 1e-9 <= band.high + 2e-9
        # Realised never exceeds planned, and planned reductions never shrink over time.
        assert year.realised.total.mid <= year.planned.total.mid + 1e-9
        assert year.planned.total.mid >= previous_planned - 1e-9
        previous_planned = year.planned.total.mid
    assert path.years[0].planned.total.mid == 0


@given(given_estimates=estimates(), scenario=scenarios)
def test_cancelled_actions_never_move_either_path(given_estimates, scenario):
    cancelled = [e for e in given_estimates if e.status == S.CANCELLED]
    path = impact.programme_path(
        cancelled, base_year=2022, base_value=100, end_year=2035, scenario=scenario
    )
    assert all(y.planned_path.mid == 100 and y.realised_path.mid == 100 for y in path.years)


@given(
    given_estimates=estimates(),
    shares=st.dictionaries(
        st.sampled_from(["heat", "power", "road", "farm"]), st.floats(1, 200), min_size=1
    ),
    gap=st.floats(-50, 300),
)
def test_uncovered_by_sector_adds_up_to_the_gap_minus_the_planned_reduction(
    given_estimates, shares, gap
):
    path = impact.programme_path(given_estimates, base_year=2022, base_value=400, end_year=2035)
    result = impact.coverage(
        path, target_year=2035, target_value=100, trend_value=100 + gap, latest_by_sector=shares
    )
    total_uncovered = sum(sector.uncovered for sector in result.by_sector)
    assert math.isclose(total_uncovered, max(gap, 0) - result.planned.mid, abs_tol=1e-6)
    assert result.uncovered >= 0


# -- hand-computed: a crafted indicator with three actions ----------------------------


def test_gap_coverage_and_uncovered_by_hand(crafted, coordinator):
    view = GapView.build(crafted["programme"], coordinator, date(2026, 3, 1))
    result = view.coverage
    # Trend: linear from the baseline 2010: 200 to 2020: 150 is −5 a year; extended to
    # 2030 it stands at 200 − 5 × 20 = 100. The target is 50, so the gap is 50.
    assert result.target_year == 2030
    assert result.trend_value == pytest.approx(100)
    assert result.gap == pytest.approx(50)
    # The latest value is for 2020.
    # A (completed, heating 20, 2018→2022): half in effect in 2020, full by 2030:
    #   new effect 20 × (1 − 0.5) = 10, realised and planned (share 1). Low 5, high 15.
    # B (in progress 40 %, road 25, 2021→2025): nothing in 2020, full by 2030:
    #   planned 25 (low 20, high 40), realised 25 × 0.4 = 10.
    # C (postponed, heating 10, 2024→2028): planned 10 (low 5, high 12), realised 0.
    # Realised: 10 + 10 = 20 (40 % of 50). Planned: 10 + 25 + 10 = 45 (90 %).
    assert result.realised.mid == pytest.approx(20)
    assert result.planned.mid == pytest.approx(45)
    assert result.realised_percent == pytest.approx(40)
    assert result.planned_percent == pytest.approx(90)
    # Planned band: low 5 + 20 + 5 = 30, high 15 + 40 + 12 = 67.
    assert result.planned.low == pytest.approx(30)
    assert result.planned.high == pytest.approx(67)
    # Uncovered: 50 − 45 = 5 (10 %).
    assert result.uncovered == pytest.approx(5)
    assert result.uncovered_percent == pytest.approx(10)
    # By sector, the gap shared by the 2020 values 90 : 60, i.e. 60 % and 40 %:
    # heating is given 30 and plans 10 + 10 = 20, leaving 10; road transport is given 20
    # and plans 25, 5 more than its share (−5). 10 − 5 = 5, the total uncovered.
    by_sector = {row.sector: row for row in result.by_sector}
    heat, road = by_sector[crafted["heat"].pk], by_sector[crafted["road"].pk]
    assert heat.gap_share == pytest.approx(30)
    assert heat.planned == pytest.approx(20)
    assert heat.uncovered == pytest.approx(10)
    assert road.gap_share == pytest.approx(20)
    assert road.uncovered == pytest.approx(-5)
    # The path follows the trend: in 2030 the planned path is 100 − 45 = 55, exactly the
    # uncovered 5 above the target of 50; the realised path 100 − 20 = 80. In 2025 the
    # trend stands at 125; A adds 20 × (1 − 0.5) = 10 beyond 2020 and B 25 in full, C
    # 10 × 1/4 = 2.5: planned 125 − 37.5 = 87.5.
    assert view.path.at(2030).planned_path.mid == pytest.approx(55)
    assert view.path.at(2030).planned_path.mid - 50 == pytest.approx(result.uncovered)
    assert view.path.at(2030).realised_path.mid == pytest.approx(80)
    assert view.path.at(2025).planned_path.mid == pytest.approx(87.5)
    assert view.path.at(2020).planned_path.mid == pytest.approx(150)


def test_switching_b_off_moves_the_realised_path_by_its_realised_impact(crafted, coordinator):
    default = GapView.build(crafted["programme"], coordinator, date(2026, 3, 1))
    off = GapView.build(
        crafted["programme"], coordinator, date(2026, 3, 1), Scenario(off={crafted["b"].pk})
    )
    # B's realised impact by 2030 is 25 × 0.4 = 10, its planned 25.
    assert off.path.at(2030).realised_path.mid - default.path.at(2030).realised_path.mid == (
        pytest.approx(10)
    )
    assert off.path.at(2030).planned_path.mid - default.path.at(2030).planned_path.mid == (
        pytest.approx(25)
    )


def test_goal_actions_without_an_estimate_are_counted(crafted, coordinator):
    view = GapView.build(crafted["programme"], coordinator, date(2026, 3, 1))
    # The fixture's own action and A, B, C serve the main goal; only A, B and C are estimated.
    assert view.goal_action_count == 4
    assert view.goal_actions_without_estimate == 1
