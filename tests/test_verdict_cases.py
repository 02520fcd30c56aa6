"""Verdicts computed by hand, case by case, against the rules on /rules/ (indicators.verdicts).

Each expected number below was worked out with a calculator from the rule, not by
running the code: a compound rate is (end / start) ** (1 / years) - 1, a linear rate
(end - start) / years, and R = actual ÷ required, both signed so that progress is
positive.
"""

from datetime import date

import pytest
from django.utils import translation

from indicators.formatting import number, rate_text, signed
from indicators.verdicts import VerdictKind, judge

A = pytest.approx


def yearly(*pairs):
    return [(date(year, 12, 31), value) for year, value in pairs]


def emissions(*values, targets=((2035, 100.0),), baseline=(2015, 500.0)):
    """A decrease is better, compound rates: area emissions, 500 kt in 2015."""
    return judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=baseline,
        targets=targets,
        values=yearly(*values),
    )


def share(*values, targets=((2030, 100.0),), baseline=(2010, 0.0), kind="linear"):
    """An increase is better, linear rates: a share in per cent."""
    return judge(
        rate_kind=kind,
        decrease_is_better=False,
        baseline=baseline,
        targets=targets,
        values=yearly(*values),
    )


# --- a decrease is better ------------------------------------------------------------


def test_1_on_track():
    v = emissions((2020, 300.0))
    assert v.kind is VerdictKind.ON_TRACK
    assert v.required_rate == A(-0.0773192, abs=1e-6)  # 500 → 100 in 20 years
    assert v.actual_rate == A(-0.0971195, abs=1e-6)  # 500 → 300 in 5 years
    assert v.ratio == A(1.256086, abs=1e-6)


def test_2_progress_acceleration_needed():
    v = emissions((2020, 363.4))
    assert v.kind is VerdictKind.ACCELERATION_NEEDED
    assert v.actual_rate == A(-0.0618269, abs=1e-6)
    assert v.ratio == A(0.799632, abs=1e-6)


def test_3_limited_progress():
    v = emissions((2020, 450.0))
    assert v.kind is VerdictKind.LIMITED_PROGRESS
    assert v.actual_rate == A(-0.0208516, abs=1e-6)
    assert v.ratio == A(0.269683, abs=1e-6)


def test_4_moving_the_wrong_way():
    v = emissions((2020, 520.0))
    assert v.kind is VerdictKind.WRONG_DIRECTION
    assert v.actual_rate == A(0.0078750, abs=1e-6)
    assert v.ratio < 0


def test_5_achieved_before_the_target_year():
    v = emissions((2030, 90.0))
    assert v.kind is VerdictKind.ACHIEVED
    assert v.ahead[0].year_at_pace == 2030  # already met


def test_6_rates_needed_from_the_latest_value_and_the_year_at_this_pace():
    v = emissions((2020, 300.0))
    (ahead,) = v.ahead
    assert ahead.needed_rate == A(-0.0706230, abs=1e-6)  # 300 → 100 in 15 years
    assert ahead.year_at_pace == 2031  # 300 at −9.71\u00a0%/yr reaches 100 in 2030.75


def test_7_the_gap_to_the_required_path():
    v = emissions((2020, 363.4))
    difference, percent = v.gap()
    # The path stands at 500 · 0.2^(5/20) = 334.370 in 2020.
    assert difference == A(29.0298, abs=1e-4)
    assert percent == A(8.6819, abs=1e-4)
    assert v.ahead[0].year_at_pace == 2041  # 2040.22: later than 2035


def test_8_exactly_on_a_compound_path_is_on_track():
    v = emissions((2025, 223.60679774997897))  # 500 · 0.2^(10/20)
    assert v.kind is VerdictKind.ON_TRACK
    assert v.ratio == 1
    difference, _percent = v.gap()
    assert difference == A(0, abs=1e-9)


def test_9_a_target_missed_in_its_year():
    v = emissions((2024, 540.0), (2025, 520.0), targets=[(2025, 500.0)], baseline=(2020, 600.0))
    assert v.kind is VerdictKind.MISSED
    ((missed),) = v.missed
    assert (missed.target.label, missed.target.value) == ("2025", 500.0)
    assert (missed.reached.label, missed.reached.value) == ("2025", 520.0)


def test_10_a_missed_interim_target_stays_and_the_next_one_is_judged():
    v = emissions(
        (2024, 540.0),
        (2025, 520.0),
        targets=[(2025, 500.0), (2030, 400.0)],
        baseline=(2020, 600.0),
    )
    assert [j.target.year for j in v.missed] == [2025]
    assert v.target.year == 2030
    assert v.required_rate == A(-0.0397355, abs=1e-6)  # 600 → 400 in 10 years
    assert v.actual_rate == A(-0.0282145, abs=1e-6)  # 600 → 520 in 5 years
    assert v.ratio == A(0.710058, abs=1e-6)
    assert v.kind is VerdictKind.ACCELERATION_NEEDED


def test_11_a_target_in_the_same_year_as_the_latest_value_is_judged():
    v = emissions((2024, 470.0), targets=[(2024, 480.0), (2035, 100.0)])
    assert [(j.target.year, j.achieved) for j in v.judged] == [(2024, True)]
    assert v.target.year == 2035


def test_12_a_past_target_met_in_its_year_stays_achieved():
    v = emissions((2020, 440.0), (2022, 460.0), targets=[(2020, 450.0)])
    assert v.kind is VerdictKind.ACHIEVED
    assert v.judged[0].reached.value == 440.0


def test_13_baseline_equal_to_target():
    kept = emissions((2020, 38.0), targets=[(2030, 40.0)], baseline=(2015, 40.0))
    slid = emissions((2020, 42.0), targets=[(2030, 40.0)], baseline=(2015, 40.0))
    assert kept.kind is VerdictKind.ACHIEVED
    assert slid.kind is VerdictKind.WRONG_DIRECTION
    assert slid.required_rate == 0


def test_14_a_single_value():
    alone = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=None,
        targets=[(2035, 100.0)],
        values=yearly((2020, 300.0)),
    )
    assert alone.kind is VerdictKind.NOT_ENOUGH_DATA  # it is its own baseline
    assert emissions((2020, 300.0)).kind is VerdictKind.ON_TRACK  # beside a baseline


def test_15_unsorted_dates_and_no_baseline():
    v = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=None,
        targets=[(2035, 100.0)],
        values=yearly((2020, 300.0), (2015, 500.0), (2018, 420.0)),
    )
    assert (v.baseline.label, v.latest.label) == ("2015", "2020")
    assert v.ratio == A(1.256086, abs=1e-6)


def test_16_a_zero_target_is_measured_linearly():
    # Heating oil in city buildings: 930 m³ (2016), 465 m³ (2022), none by 2035.
    v = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2016, 930.0),
        targets=[(2035, 0.0)],
        values=yearly((2022, 465.0)),
    )
    assert v.rate_kind == "linear"
    assert v.required_rate == A(-48.947368, abs=1e-6)
    assert v.actual_rate == A(-77.5)
    assert v.ratio == A(1.583333, abs=1e-6)
    assert v.kind is VerdictKind.ON_TRACK


# --- an increase is better --------------------------------------------------------


def test_17_exactly_on_a_linear_path_with_float_data_is_on_track():
    # 1.4 % in 2010 → 17.4 % in 2020, target 33.4 % in 2030: binary floats are not exact.
    v = share((2020, 17.4), targets=[(2030, 33.4)], baseline=(2010, 1.4))
    assert v.kind is VerdictKind.ON_TRACK
    assert v.ratio == 1


def test_18_exactly_on_a_linear_path_with_integer_data_is_on_track():
    v = share((2020, 30), targets=[(2030, 50)], baseline=(2010, 10))
    assert v.kind is VerdictKind.ON_TRACK
    assert v.ratio == 1


@pytest.mark.parametrize(
    ("latest", "kind", "ratio"),
    [
        (47.5, VerdictKind.ON_TRACK, 0.95),  # 4.75 a year of the 5 needed
        (47.4, VerdictKind.ACCELERATION_NEEDED, 0.948),
        (30.0, VerdictKind.ACCELERATION_NEEDED, 0.6),
        (29.9, VerdictKind.LIMITED_PROGRESS, 0.598),
        (0.0, VerdictKind.LIMITED_PROGRESS, 0.0),  # standing still
        (-0.1, VerdictKind.WRONG_DIRECTION, -0.002),  # crossing zero the wrong way
    ],
)
def test_19_statistics_canadas_band_boundaries(latest, kind, ratio):
    v = share((2020, latest))
    assert v.ratio == A(ratio, abs=1e-9)
    assert v.kind is kind


def test_20_a_target_missed_when_an_increase_is_better():
    v = share((2025, 420.0), targets=[(2025, 500.0)], baseline=(2020, 300.0))
    assert v.kind is VerdictKind.MISSED
    assert (v.missed[0].target.value, v.missed[0].reached.value) == (500.0, 420.0)


def test_21_the_rate_kind_is_the_indicators_choice_not_its_units():
    # "% asukkaista": 20 → 28 in 5 years, 50 by 2030.
    linear = share((2020, 28.0), targets=[(2030, 50.0)], baseline=(2015, 20.0))
    compound = share((2020, 28.0), targets=[(2030, 50.0)], baseline=(2015, 20.0), kind="compound")
    assert (linear.required_rate, linear.actual_rate) == (A(2.0), A(1.6))
    assert linear.ratio == A(0.8)
    assert linear.kind is VerdictKind.ACCELERATION_NEEDED
    assert compound.ratio == A(1.105095, abs=1e-6)
    assert compound.kind is VerdictKind.ON_TRACK


def test_22_an_increase_never_reaching_the_target_at_this_pace():
    v = share((2020, -5.0))
    assert v.kind is VerdictKind.WRONG_DIRECTION
    assert v.ahead[0].year_at_pace is None
    assert v.ahead[0].needed_rate == A(10.5)  # −5 → 100 in 10 years


# --- periods and labels -------------------------------------------------------------


def test_23_monthly_values_stand_at_their_months_end():
    v = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=None,
        targets=[(2026, 60.0)],
        values=[(date(2025, 6, 30), 90.0), (date(2025, 1, 31), 100.0)],
        monthly=True,
    )
    assert v.required_rate == A(-0.2339576, abs=1e-6)  # 100 → 60 in 1 11/12 years
    assert v.actual_rate == A(-0.2234275, abs=1e-6)  # 100 → 90 in 5/12 of a year
    assert v.kind is VerdictKind.ON_TRACK  # R = 0.955
    with translation.override("fi"):
        assert v.latest.label == "kesäkuu 2025"
    with translation.override("en"):
        assert v.latest.label == "June 2025"


@pytest.mark.parametrize("day", [date(2026, 10, 31), date(2026, 3, 1), date(2026, 12, 31)])
def test_24_a_yearly_value_is_labelled_with_its_own_year(day):
    v = judge(
        rate_kind="compound",
        decrease_is_better=True,
        baseline=(2020, 500.0),
        targets=[(2035, 100.0)],
        values=[(day, 400.0)],
    )
    assert v.latest.label == "2026"
    assert v.latest.time == 2026


def test_25_the_required_path_ends_exactly_at_each_target():
    v = emissions((2020, 300.0), targets=[(2030, 200.0), (2035, 100.0)])
    assert v.required_value(2030) == 200.0
    assert v.required_value(2035) == 100.0
    assert [p.value for p in v.required_path()] == [500.0, 200.0, 100.0]


# --- numbers shown are rounded, never cut off ------------------------------------------


def test_26_numbers_are_rounded_not_truncated():
    with translation.override("fi"):
        assert signed(-3.18, 1) == "\u22123,2"
        assert signed(-3.14, 1) == "\u22123,1"
        assert number(99.96, 1) == "100,0"
        assert number(2.675, 2) == "2,68"
        assert number(1234.55, 1) == "1\u00a0234,6"
        assert signed(-0.04, 1) == "0,0"

        class Unit:
            unit = "kt CO2e"
            decimals = 1

        assert rate_text(-0.0318, "compound", Unit) == "\u22123,2\u00a0%/v"
