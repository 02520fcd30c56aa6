"""Content in the reader's language: Swedish and English versions of names and texts.

The programme's content (names, descriptions, target states) is written in Finnish, the
city's language, in the field itself (``name``). A bilingual city may add a Swedish and
an English version beside it (``name_sv``, ``name_en``); Salo, which is unilingual, leaves
them empty. The rule for what a reader sees:

1. On a Finnish page, the Finnish text.
2. On a Swedish or English page, that language's version where it is given (not blank),
   otherwise the Finnish text: the **fallback**.
3. Text shown in a language other than the page's carries ``lang="fi"`` on its element
   (WCAG 3.1.2), so a screen reader reads a Finnish name in Finnish.

``translations_of(field)`` declares the versions of a field, and ``Translatable`` gives
the model ``translated(field)``, which returns a ``TranslatedText``: the text, knowing
its language. The template filters ``tr``, ``trtext`` and ``trlang``
(``programme_tags``) render it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "fi"
"""The language of the fields themselves."""
VERSIONS = {"sv": _("in Swedish"), "en": _("in English")}
"""The languages a field may have a version in, besides the source."""


class TranslatedText(str):
    """A text that knows which language it is in."""

    lang: str

    def __new__(cls, text: str, lang: str) -> TranslatedText:
        result = super().__new__(cls, text)
        result.lang = lang
        return result


def translations_of(field: models.CharField | models.TextField) -> tuple[models.Field, ...]:
    """The Swedish and English versions of ``field``, in that order: optional, same kind."""
    versions = []
    for label in VERSIONS.values():
        kwargs = {"blank": True}
        if field.max_length is not None:
            kwargs["max_length"] = field.max_length
        verbose = format_lazy("{} {}", field.verbose_name, label)
        versions.append(field.__class__(verbose, **kwargs))
    return tuple(versions)


def page_language() -> str:
    """The two-letter language of the page being rendered."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in VERSIONS else SOURCE_LANGUAGE


class Translatable:
    """A model whose ``TRANSLATED`` fields have ``_sv`` and ``_en`` versions."""

    TRANSLATED: tuple[str, ...] = ()

    def translated(self, field: str, language: str | None = None) -> TranslatedText:
        """``field`` in ``language`` (the page's by default), or in Finnish without one."""
        language = language or page_language()
        if language != SOURCE_LANGUAGE:
            version = getattr(self, f"{field}_{language}", "") or ""
            if version.strip():
                return TranslatedText(version, language)
        return TranslatedText(getattr(self, field) or "", SOURCE_LANGUAGE)

    @classmethod
    def translation_fields(cls, field: str) -> list[str]:
        """The names of ``field``'s versions, for admin fieldsets."""
        return [f"{field}_{language}" for language in VERSIONS]
