"""Delays and open bottlenecks as a reader counts them: days, then years and days."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from indicators.formatting import duration
from programmes.templatetags.programme_tags import late_by, open_since


@pytest.mark.parametrize(
    ("days", "finnish", "english"),
    [
        (1, "1 päivä", "1 day"),
        (12, "12 päivää", "12 days"),
        (364, "364 päivää", "364 days"),
        (365, "1 v", "1 yr"),
        (366, "1 v 1 pv", "1 yr 1 d"),
        (3 * 365 + 123, "3 v 123 pv", "3 yr 123 d"),
        (730, "2 v", "2 yrs"),
    ],
)
def test_long_delays_read_in_years_and_days(days, finnish, english):
    with translation.override("fi"):
        assert duration(days) == finnish
    with translation.override("en"):
        assert duration(days) == english


def test_a_late_action_reads_its_delay():
    with translation.override("fi"):
        assert late_by(3 * 365 + 123) == "3 v 123 pv myöhässä"
        assert late_by(5) == "5 päivää myöhässä"


def test_a_bottleneck_opened_today_says_so():
    since = datetime(2026, 3, 2, 8, tzinfo=UTC)
    with translation.override("fi"):
        assert open_since(0, since) == "avattu tänään"
        assert open_since(400, since) == "avoinna 1 v 35 pv, 2.3.2026 alkaen"


def test_a_figure_and_its_unit_never_break_across_lines():
    from types import SimpleNamespace

    from indicators.choices import RateKind
    from indicators.formatting import in_unit, rate_text

    area = SimpleNamespace(unit="kt CO2e", decimals=1)
    with translation.override("fi"):
        for text in (
            in_unit(1218.46, area),
            rate_text(-0.041, RateKind.COMPOUND, area),
            rate_text(-7.75, RateKind.LINEAR, area),
            rate_text(0.3, RateKind.LINEAR, SimpleNamespace(unit="%", decimals=1)),
        ):
            assert " " not in text, text
        assert in_unit(1218.46, area) == "1\u00a0218,5\u00a0kt\u00a0CO2e"
