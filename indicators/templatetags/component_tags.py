"""Phrasing a total's components: signed changes and shares, in the active language."""

from django import template

from indicators import formatting

register = template.Library()


@register.filter
def signed_in_unit(value: float | None, indicator) -> str:
    """``−46,0 kt CO2e`` or ``+1,2 kt CO2e``, with the indicator's decimals."""
    if value is None:
        return "–"
    text = formatting.signed(value, indicator.decimals)
    return f"{text}\u00a0{indicator.unit}" if indicator.unit else text


@register.filter
def signed_percent(value: float | None) -> str:
    """``−67,6 %``; a dash when there is no per cent (a zero base)."""
    if value is None:
        return "–"
    return f"{formatting.signed(value, 1)}\u00a0%"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{formatting.number(value, 1)}\u00a0%"
