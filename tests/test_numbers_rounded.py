"""Every number shown is rounded, never cut off (Django's number_format cuts floats)."""

from datetime import date

import pytest

from indicators.models import Indicator, IndicatorTarget, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def falling(small_programme):
    """−3.18 % a year: 100 in 2015, 85.079 in 2020 (100 · 0.9682⁵ = 85.0790)."""
    indicator = Indicator.objects.create(
        name="Päästöt", unit="kt CO2e", decimals=1, baseline_year=2015, baseline_value=100
    )
    indicator.goals.add(small_programme.focus_area)
    IndicatorTarget.objects.create(indicator=indicator, year=2035, value=40)
    IndicatorValue.objects.create(indicator=indicator, date=date(2020, 12, 31), value=85.079)
    return indicator


def test_the_achieved_rate_is_rounded_on_the_indicator_page(client, falling):
    assert falling.verdict.actual_rate == pytest.approx(-0.0318, abs=1e-5)
    page = client.get(f"/indicators/{falling.pk}/").text
    assert "\u22123,2\u00a0%/v" in page or "\u22123,2\u00a0%/v" in page
    assert "\u22123,1" not in page


def test_values_are_rounded_on_the_indicator_list(client, falling):
    IndicatorValue.objects.create(indicator=falling, date=date(2021, 12, 31), value=79.96)
    page = client.get("/indicators/").text
    assert "80,0\u00a0kt\u00a0CO2e" in page
    assert "79,9\u00a0kt" not in page
