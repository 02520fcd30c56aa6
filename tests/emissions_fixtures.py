"""The crafted emissions indicator with three estimated actions, for the emissions tests."""

from __future__ import annotations

from datetime import date

import pytest

from emissions.models import ImpactEstimate
from indicators.choices import RateKind
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.choices import ActionStatus as S
from programmes.models import Action
from programmes.writes import one_write


@pytest.fixture
def crafted(small_programme):
    """Area emissions with two sectors, measured linearly so the numbers are easy by hand."""
    with one_write():
        return _crafted(small_programme)


def _crafted(small_programme):
    total = Indicator.objects.create(
        name="Päästöt",
        unit="kt CO2e",
        rate_kind=RateKind.LINEAR,
        baseline_year=2010,
        baseline_value=200,
    )
    total.goals.add(small_programme.main_goal)
    IndicatorTarget.objects.create(indicator=total, year=2030, value=50)
    IndicatorValue.objects.create(indicator=total, date=date(2020, 12, 31), value=150)
    heat = Indicator.objects.create(name="Lämmitys", unit="kt CO2e", component_of=total, order=1)
    road = Indicator.objects.create(name="Tieliikenne", unit="kt CO2e", component_of=total, order=2)
    # The sectors measure the main goal too, as the demo's do: the overview finds them.
    heat.goals.add(small_programme.main_goal)
    road.goals.add(small_programme.main_goal)
    IndicatorValue.objects.create(indicator=heat, date=date(2020, 12, 31), value=90)
    IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=60)
    small_programme.main_goal.headline_indicator = total
    small_programme.main_goal.save()

    def action(identifier, status, completion):
        made = Action.objects.create(
            goal=small_programme.focus_area, identifier=identifier, name=f"Toimi {identifier}"
        )
        Action.objects.filter(pk=made.pk).update(status=status, completion_percent=completion)
        return made

    a = action("A", S.COMPLETED, 100)
    b = action("B", S.IN_PROGRESS, 40)
    c = action("C", S.POSTPONED, 0)
    common = dict(method="Arvio.", estimated_by="Kaisa", estimated_on=date(2024, 1, 1))
    ImpactEstimate.objects.create(
        action=a, sector=heat, annual_reduction=20, low=10, high=30,
        start_year=2018, full_effect_year=2022, **common,
    )  # fmt: skip
    ImpactEstimate.objects.create(
        action=b, sector=road, annual_reduction=25, low=20, high=40,
        start_year=2021, full_effect_year=2025, **common,
    )  # fmt: skip
    ImpactEstimate.objects.create(
        action=c, sector=heat, annual_reduction=10, low=5, high=12,
        start_year=2024, full_effect_year=2028, **common,
    )  # fmt: skip
    return {"programme": small_programme.programme, "a": a, "b": b, "c": c, "heat": heat,
            "road": road}  # fmt: skip
