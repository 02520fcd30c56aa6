"""Links from a word on a page to its plain-language definition on the glossary page."""

from django import template
from django.urls import reverse

register = template.Library()

# A programme names its own levels ("kehityspolku", "teema"); the glossary defines the
# Salo programme's, by depth.
LEVEL_TERMS = {1: "paatavoite", 2: "kehityspolku", 3: "painopiste"}


def glossary_url(term: str) -> str:
    return f"{reverse('glossary')}#{term}"


@register.inclusion_tag("pages/_glossary_link.html")
def glossary_link(term: str, word: str) -> dict:
    """A small "(?)" link whose accessible name asks what ``word`` means."""
    return {"href": glossary_url(term) if term else "", "word": word}


@register.filter
def level_term(level) -> str:
    """The glossary's anchor for a goal level, or "" when it defines no level at its depth."""
    return LEVEL_TERMS.get(getattr(level, "depth", None), "")


@register.inclusion_tag("pages/_glossary_link.html")
def level_glossary_link(level) -> dict:
    """The "(?)" link for a goal level, when the glossary defines a level at its depth."""
    return glossary_link(level_term(level), getattr(level, "name", ""))
