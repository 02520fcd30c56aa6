"""Phrasing an indicator's numbers for people: values in their unit and rates per year.

Pages, emails, exports and "what changed" all phrase numbers here, in the active
language's format (1 234,5 in Finnish); the template filters in ``indicator_tags`` call
these functions.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.verdicts import RateKind, Verdict, is_percent_unit

MINUS = "\u2212"


def signed(number: float, decimals: int) -> str:
    """``+1,5`` or ``−1,5``; no sign for what rounds to zero."""
    text = number_format(abs(number), decimal_pos=decimals, force_grouping=True)
    if round(number, decimals) == 0:
        return text
    return ("+" if number > 0 else MINUS) + text


def in_unit(value: float | None, indicator) -> str:
    """``1 234,5 kt CO2e`` with the indicator's decimals, in the active language's format."""
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=indicator.decimals, force_grouping=True)
    unit = indicator.unit
    return f"{text}\u00a0{unit}" if unit else text


def rate(verdict: Verdict, which: str, indicator) -> str:
    """The required or actual annual rate: "−4,1 %/v" or "+0,3 %-yks./v" or "−77,5 m³/v"."""
    value = verdict.required_rate if which == "required" else verdict.actual_rate
    if value is None:
        return "–"
    if verdict.rate_kind is RateKind.COMPOUND:
        return _("%(rate)s %%/yr") % {"rate": signed(value * 100, 1)}
    if is_percent_unit(indicator.unit):
        return _("%(rate)s percentage points/yr") % {"rate": signed(value, 2)}
    decimals = max(indicator.decimals, 1)
    return _("%(rate)s %(unit)s/yr") % {"rate": signed(value, decimals), "unit": indicator.unit}
