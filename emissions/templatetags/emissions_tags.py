"""Whether a page should link to the gap view, from what the page has already loaded."""

from django import template

register = template.Library()


@register.filter
def has_component_among(indicator, indicators) -> bool:
    """Is any of ``indicators`` (already loaded) a component of ``indicator``? The overview
    asks it of its headline without a query of its own."""
    return any(other.component_of_id == indicator.pk for other in indicators)
