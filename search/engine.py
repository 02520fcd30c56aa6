"""Search across the site: actions, indicators, goals, responsible units and contact persons.

One entry point, ``search(user, words)``, returns the results grouped by kind, each kind
ranked best first, in a fixed number of queries whatever the amount of data. Every row is
reached through the models' ``visible_to(user)``; internal notes are never searched, and
people are found only as contact persons of something the reader may see (the rule in
``programmes.access``: contact persons are named to the public, other authors are not).

On PostgreSQL the text is matched with full-text search in Finnish: each query word is
stemmed by the ``finnish`` configuration and matched as a prefix of the stored words'
stems. The prefix is needed because the Snowball stemmer does not give an inflected
compound the stem of its base form ("pyöräteiden" stems to ``pyörät``, "pyörätie" to
``pyörätie``). On SQLite (development, tests) each word must occur in some field, as
text, and a match in the identifier or name ranks before the description, which ranks
before the text of status updates.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import add, or_

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.people import display_name
from indicators.models import Indicator
from programmes.models import Action, ActionStatusUpdate, GoalNode, ResponsibleUnit

MAX_WORDS = 10
PER_KIND = 20  # on the page of every kind
PER_KIND_ALONE = 100  # on the page of one kind ("show all")
SNIPPET_CHARS = 180

# Stripped from both ends of a word: quotes and the operators of search syntaxes. A
# quote or backslash inside a word is removed too, since a word becomes a quoted
# lexeme of a PostgreSQL text-search query.
_EDGE_PUNCTUATION = string.punctuation + "«»“”„‘’…–—"
_UPDATE_TEXTS = ("done", "next_steps", "bottleneck")


def words_of(query: str) -> list[str]:
    """The searchable words of ``query``, once each, without punctuation around them,
    each with at least one letter or digit; ``search`` uses the first ``MAX_WORDS``."""
    found = []
    for raw in query.split():
        word = raw.strip(_EDGE_PUNCTUATION).replace("'", "").replace("\\", "")
        if any(char.isalnum() for char in word) and word.casefold() not in {
            w.casefold() for w in found
        }:
            found.append(word)
    return found


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString | str = ""
    context: str = ""  # the programme, a goal's level, a person's unit…
    links: list[tuple[str, str]] = field(default_factory=list)  # a person's actions, indicators


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit]
    count: int
    more_url: str | None = None  # every hit of this kind, on a page of its own
    truncated: bool = False  # on that page, more than it shows


KINDS = {
    "actions": _("Actions"),
    "indicators": _("Indicators"),
    "goals": _("Goals"),
    "units": _("Responsible units"),
    "people": _("Contact persons"),
}


def search(user, words: Sequence[str], *, kind: str | None = None) -> list[Group]:
    """The groups of results for ``words`` that ``user`` may see; only ``kind`` if given.

    Each kind costs two queries (a count and the ranked page); actions one more for the
    text of their updates and people two more for what they answer for.
    """
    words = list(words)[:MAX_WORDS]
    if not words:
        return []
    limit = PER_KIND_ALONE if kind else PER_KIND
    finders = {
        "actions": _actions,
        "indicators": _indicators,
        "goals": _goals,
        "units": _units,
        "people": _people,
    }
    groups = []
    for name, finder in finders.items():
        if kind and name != kind:
            continue
        found = finder(user, list(words))
        count = found.count()
        hits = _hits(name, user, list(found[:limit]), words) if count else []
        more = None
        if count > limit and not kind:
            more = f"{reverse('search')}?{urlencode({'q': ' '.join(words), 'kind': name})}"
        groups.append(Group(name, str(KINDS[name]), hits, count, more, truncated=count > limit))
    return groups


# --- matching -------------------------------------------------------------------------


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _ranked(
    rows: QuerySet,
    words: list[str],
    *,
    names: Sequence[str],
    texts: Sequence[str] = (),
    updates: bool = False,
    order: Sequence[str] = ("pk",),
) -> QuerySet:
    """``rows`` matching every word, annotated with ``rank`` and ordered by it.

    For each word, a match in ``names`` (identifier, name) counts most, then one in
    ``texts`` (descriptions), then, with ``updates``, one in the text of the action's
    status updates. On PostgreSQL, the full-text rank of the names and texts breaks ties.
    """
    postgresql = _is_postgresql()
    if postgresql:
        rows = rows.alias(**{f"_v_{name}": _vector(name) for name in [*names, *texts]})
    rank = Value(0.0, output_field=FloatField())
    for word in words:
        in_names = _any_matches(names, word, postgresql)
        in_texts = _any_matches(texts, word, postgresql)
        in_updates = Q(Exists(_updates_matching(word, postgresql))) if updates else _NOTHING
        rows = rows.filter(in_names | in_texts | in_updates)
        rank = rank + Case(
            When(in_names, then=Value(100.0)),
            When(in_texts, then=Value(10.0)),
            default=Value(1.0),
            output_field=FloatField(),
        )
    if postgresql:
        weighted = reduce(
            add,
            [SearchVector(name, config="finnish", weight="A") for name in names]
            + [SearchVector(text, config="finnish", weight="B") for text in texts],
        )
        rank = rank + SearchRank(weighted, _any_word_query(words))
    return rows.annotate(rank=rank).order_by(F("rank").desc(), *order)


_NOTHING = Q(pk__in=[])


def _vector(field_name: str) -> SearchVector:
    return SearchVector(field_name, config="finnish")


def _stem_query(word: str) -> SearchQuery:
    """``word`` stemmed in Finnish, as a prefix of the stored stems; words are free of
    quotes and backslashes (``words_of``), so it is one quoted lexeme."""
    return SearchQuery(f"'{word}':*", config="finnish", search_type="raw")


def _any_word_query(words: Sequence[str]) -> SearchQuery:
    return reduce(or_, [_stem_query(word) for word in words])


def _any_matches(fields: Sequence[str], word: str, postgresql: bool) -> Q:
    """Some field of ``fields`` holds ``word``: as text, and on PostgreSQL also by its stem.

    Text matching finds a word inside a compound ("öljy" in "lämmitysöljyn"), which
    stemming does not; stemming finds inflected forms ("pyöräteiden" → "pyörätie").
    """
    found = _NOTHING
    for name in fields:
        found |= _contains(name, word)
        if postgresql:
            found |= Q(**{f"_v_{name}": _stem_query(word)})
    return found


def _contains(field_name: str, word: str) -> Q:
    """``field_name`` contains ``word`` in any case. SQLite folds only ASCII letters'
    case, so "Öljy" and "öljy" are both asked for there."""
    variants = {word, word.lower(), word.upper(), word.capitalize()}
    return reduce(or_, [Q(**{f"{field_name}__icontains": v}) for v in variants])


def _updates_matching(word: str, postgresql: bool) -> QuerySet:
    """The status updates of the outer action whose public text holds ``word`` (the
    internal note is never searched)."""
    updates = ActionStatusUpdate.objects.filter(action=OuterRef("pk"))
    if postgresql:
        updates = updates.alias(**{f"_v_{name}": _vector(name) for name in _UPDATE_TEXTS})
    return updates.filter(_any_matches(_UPDATE_TEXTS, word, postgresql))


# --- the kinds --------------------------------------------------------------------------


def _actions(user, words):
    rows = Action.objects.visible_to(user).select_related("programme", "goal")
    return _ranked(
        rows,
        words,
        names=["identifier", "name"],
        texts=["description"],
        updates=True,
        order=["programme__start_year", "order", "identifier"],
    )


def _indicators(user, words):
    visible = Indicator.objects.visible_to(user).values("pk")
    rows = Indicator.objects.filter(pk__in=visible)
    return _ranked(
        rows, words, names=["identifier", "name"], texts=["description"], order=["order", "name"]
    )


def _goals(user, words):
    rows = GoalNode.objects.visible_to(user).select_related("programme", "level")
    return _ranked(
        rows,
        words,
        names=["identifier", "name"],
        texts=["description", "target_state"],
        order=["level__depth", "order", "identifier"],
    )


def _units(user, words):
    rows = ResponsibleUnit.objects.select_related("parent")
    return _ranked(rows, words, names=["name", "abbreviation"], order=["order", "name"])


def _people(user, words):
    """Contact persons of the actions and indicators ``user`` may see, found by name."""
    actions = Action.objects.visible_to(user)
    indicators = Indicator.objects.visible_to(user)
    rows = get_user_model().objects.filter(
        Q(pk__in=actions.values("contact_persons")) | Q(pk__in=indicators.values("contact_persons"))
    )
    unnamed = Q(first_name="", last_name="")
    rank = Value(0)
    for word in words:
        # Names are matched as text on every database: stemming does not suit them.
        # A person without a name is shown, and so found, by their username.
        in_names = _any_matches(["first_name", "last_name"], word, postgresql=False) | (
            unnamed & _contains("username", word)
        )
        rows = rows.filter(in_names)
        rank = rank + Case(
            When(Q(last_name__iexact=word) | Q(first_name__iexact=word), then=Value(10)),
            default=Value(1),
        )
    return (
        rows.annotate(rank=rank)
        .order_by(F("rank").desc(), "last_name", "first_name", "username")
        .prefetch_related(
            Prefetch(
                "contact_actions",
                queryset=actions.select_related("programme").order_by(
                    "programme__start_year", "order", "identifier"
                ),
            ),
            Prefetch(
                "contact_indicators",
                queryset=Indicator.objects.filter(pk__in=indicators.values("pk")).order_by(
                    "order", "name"
                ),
            ),
        )
    )


# --- what a result shows -------------------------------------------------------------------


def _hits(kind: str, user, rows: list, words: Sequence[str]) -> list[Hit]:
    if kind == "actions":
        return _action_hits(rows, words)
    if kind == "indicators":
        return [
            Hit(
                _titled(row.identifier, row.name),
                reverse("indicator_detail", args=[row.pk]),
                snippet(words, [row.description]),
                row.unit,
            )
            for row in rows
        ]
    if kind == "goals":
        return [
            Hit(
                _titled(row.identifier, row.name),
                reverse("goal_detail", args=[row.pk]),
                snippet(words, [row.description, row.target_state]),
                f"{row.level.name.capitalize()} · {row.programme.name}",
            )
            for row in rows
        ]
    if kind == "units":
        return [
            Hit(
                row.name,
                f"{reverse('action_list')}?{urlencode({'unit': row.pk})}",
                context=row.parent.name if row.parent_id else "",
            )
            for row in rows
        ]
    return [
        Hit(
            display_name(row),
            "",
            links=[
                (_titled(a.identifier, a.name), reverse("action_detail", args=[a.pk]))
                for a in row.contact_actions.all()
            ]
            + [
                (_titled(i.identifier, i.name), reverse("indicator_detail", args=[i.pk]))
                for i in row.contact_indicators.all()
            ],
        )
        for row in rows
    ]


def _action_hits(rows: list, words: Sequence[str]) -> list[Hit]:
    """Actions with a snippet from the description or, failing that, an update's text."""
    texts: dict[int, list[str]] = {row.pk: [row.description] for row in rows}
    updates = ActionStatusUpdate.objects.filter(action__in=texts).order_by("-created_at", "-pk")
    for action_id, *update_texts in updates.values_list("action_id", *_UPDATE_TEXTS):
        texts[action_id].extend(update_texts)
    return [
        Hit(
            _titled(row.identifier, row.name),
            reverse("action_detail", args=[row.pk]),
            snippet(words, texts[row.pk]),
            row.programme.name,
        )
        for row in rows
    ]


def _titled(identifier: str, name: str) -> str:
    return f"{identifier} {name}" if identifier else name


def snippet(words: Sequence[str], texts: Sequence[str]) -> SafeString | str:
    """A short excerpt of the first text where a word (or its stem) occurs, the word
    marked; else the start of the first text; "" when every text is empty."""
    for text in texts:
        found = _find(text or "", words)
        if found is not None:
            start, end = found
            before = text[max(0, start - SNIPPET_CHARS // 3) : start]
            if start > len(before):
                before = "…" + before.split(" ", 1)[-1]
            after = Truncator(text[end:]).chars(SNIPPET_CHARS - len(before) - (end - start))
            return format_html("{}<mark>{}</mark>{}", before, text[start:end], after)
    first = next((text for text in texts if text), "")
    return Truncator(first).chars(SNIPPET_CHARS)


def _find(text: str, words: Sequence[str]) -> tuple[int, int] | None:
    """Where a word of ``words`` occurs in ``text``, widened to the whole word there.

    A word not found as typed is looked for by shorter prefixes, down to half of it, as
    a rough stem ("pyöräteiden" finds "pyörätie")."""
    folded = text.lower()
    for word in words:
        word = word.lower()
        shortest = max(4, (len(word) + 1) // 2)
        for length in range(len(word), min(shortest, len(word)) - 1, -1):
            start = folded.find(word[:length])
            if start >= 0 and len(folded) == len(text):
                end = start + length
                while start > 0 and text[start - 1].isalnum():
                    start -= 1
                while end < len(text) and text[end].isalnum():
                    end += 1
                return start, end
    return None
