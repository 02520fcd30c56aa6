"""Phrasing an indicator's numbers for people: values in their unit and rates per year.

Pages, emails, exports and "what changed" all phrase numbers here, in the active
language's format (1 234,5 in Finnish); the template filters in ``indicator_tags`` call
these functions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.choices import RateKind, TimeResolution
from indicators.verdicts import Verdict, is_percent_unit

MINUS = "\u2212"
NBSP = "\u00a0"


def rounded(number: float, decimals: int) -> Decimal:
    """``number`` rounded half away from zero to ``decimals`` places.

    Django's ``number_format`` cuts a float's digits off (−3.18 to one decimal gives
    −3.1), so every number shown is rounded here first (−3.2). The float's shortest
    decimal form is rounded, so 2.675 becomes 2.68 as a reader expects.
    """
    exponent = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(number))).quantize(exponent, rounding=ROUND_HALF_UP)


def number(value: float, decimals: int) -> str:
    """``1 234,5``: rounded, grouped, in the active language's format."""
    return number_format(rounded(value, decimals), decimal_pos=decimals, force_grouping=True)


def signed(value: float, decimals: int) -> str:
    """``+1,5`` or ``−1,5``; no sign for what rounds to zero."""
    exact = rounded(value, decimals)
    text = number_format(abs(exact), decimal_pos=decimals, force_grouping=True)
    if exact == 0:
        return text
    return ("+" if exact > 0 else MINUS) + text


def unbreakable(text: str) -> str:
    """No line break inside a figure and its unit: "−4,1 %/v" and "318,9 kt CO2e" stay whole."""
    return text.replace(" ", NBSP)


def in_unit(value: float | None, indicator) -> str:
    """``1 234,5 kt CO2e`` with the indicator's decimals, in the active language's format."""
    if value is None:
        return "–"
    text = number(value, indicator.decimals)
    unit = indicator.unit
    return unbreakable(f"{text} {unit}") if unit else text


def rate(verdict: Verdict, which: str, indicator) -> str:
    """The required or actual annual rate: "−4,1 %/v" or "+0,3 %-yks./v" or "−77,5 m³/v"."""
    value = verdict.required_rate if which == "required" else verdict.actual_rate
    if value is None:
        return "–"
    return rate_text(value, verdict.rate_kind, indicator)


def rate_text(value: float, kind: RateKind | None, indicator) -> str:
    """A rate per year as a reader reads it: per cent, percentage points or units."""
    if kind == RateKind.COMPOUND:
        return unbreakable(_("%(rate)s %%/yr") % {"rate": signed(value * 100, 1)})
    if indicator.unit.strip().startswith("%") or is_percent_unit(indicator.unit):
        return unbreakable(_("%(rate)s percentage points/yr") % {"rate": signed(value, 2)})
    decimals = max(indicator.decimals, 1)
    text = _("%(rate)s %(unit)s/yr") % {"rate": signed(value, decimals), "unit": indicator.unit}
    return unbreakable(text)


def period_label(day, indicator) -> str:
    """The period a value measures: "2025", or "maaliskuu 2025" for a monthly series."""
    if indicator.time_resolution == TimeResolution.MONTHLY:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return str(day.year)


DAYS_IN_A_YEAR = 365


def duration(days: int) -> str:
    """A number of days as a reader counts them: "123 päivää", or from a year on "3 v 123 pv"
    (a year is 365 days here: the figure is a reading aid, not a calendar)."""
    if days < DAYS_IN_A_YEAR:
        return ngettext("%(days)s day", "%(days)s days", days) % {"days": number(days, 0)}
    years, rest = divmod(days, DAYS_IN_A_YEAR)
    if rest == 0:
        return ngettext("%(years)s yr", "%(years)s yrs", years) % {"years": years}
    return _("%(years)s yr %(days)s d") % {"years": years, "days": rest}
