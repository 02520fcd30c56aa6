"""The programme's content in the reader's language (``programmes.translation``).

A builtin library, so every template can write:

- ``{{ action|tr:"name" }}`` in an element's text: the name in the page's language, or the
  Finnish one inside ``<span lang="fi">`` on a Swedish or English page;
- ``{{ action|trtext:"name" }}`` inside an attribute or a ``<title>``: the text alone;
- ``<div{{ action|trlang:"description" }}>`` on a block whose text is filtered further
  (``linebreaks``): ``lang="fi"`` when the text is not in the page's language.

Plain data (a frozen report's dictionaries) works too: the text is ``data[field]`` and its
language ``data[field + "_lang"]`` when the data recorded one.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from programmes.translation import SOURCE_LANGUAGE, TranslatedText, page_language

register = template.Library()


def _translated(obj, field: str) -> TranslatedText:
    if obj is None or obj == "":
        return TranslatedText("", page_language())
    if hasattr(obj, "translated"):
        return obj.translated(field)
    if isinstance(obj, dict):
        return TranslatedText(obj.get(field) or "", obj.get(f"{field}_lang") or page_language())
    return TranslatedText(getattr(obj, field, "") or "", SOURCE_LANGUAGE)


def _marked(text: TranslatedText) -> SafeString:
    """The text, inside ``<span lang="…">`` when it is not in the page's language."""
    if text and text.lang != page_language():
        return format_html('<span lang="{}">{}</span>', text.lang, str(text))
    return conditional_escape(str(text))


@register.filter
def tr(obj, field: str) -> SafeString:
    return _marked(_translated(obj, field))


@register.filter
def trtext(obj, field: str) -> str:
    return str(_translated(obj, field))


@register.filter
def trlang(obj, field: str) -> SafeString:
    text = _translated(obj, field)
    if text and text.lang != page_language():
        return format_html(' lang="{}"', text.lang)
    return mark_safe("")


@register.filter
def trcapfirst(obj, field: str) -> SafeString:
    """``tr`` with the first letter capitalised, as ``capfirst`` would."""
    text = _translated(obj, field)
    return _marked(TranslatedText(text[:1].upper() + text[1:], text.lang))
