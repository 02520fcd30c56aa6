import functools

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from indicators.verdicts import VERDICT_LABELS
from programmes.access import dashboard_view
from programmes.action_rules import key_action_weight
from programmes.cache import (
    action_scope,
    cached_fragment,
    conditional_page,
    goal_scope,
    outcomes_scope,
    programme_scope,
    read_marks,
)
from programmes.choices import ActionStatus
from programmes.dashboard import Overview
from programmes.pages import programme_for, queried_programme_scopes, rows_html


@require_GET
@dashboard_view
@conditional_page(queried_programme_scopes)
def overview(request: HttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, "programmes/overview.html", {"programme": None})
    build = functools.cache(
        lambda: {
            "programme": programme,
            "o": Overview.build(programme, timezone.localdate()),
            "successor": programme.successor_visible_to(request.user),
        }
    )
    actions, outcomes = programme_scope(programme.pk), outcomes_scope(programme.pk)

    def summary() -> dict:
        """The counts, with the main goals' cards, each cached under its goal."""
        context = build()
        goals = [card.rung.goal.pk for card in context["o"].goal_cards]
        # One query for every card and, rendered afresh with them, every key action's row.
        rows = [action_scope(row.action.pk) for row in context["o"].key_rows]
        read_marks(request, [*(goal_scope(pk) for pk in goals), *rows])
        cards = [
            cached_fragment(
                request,
                "programmes/overview.html#goal_card",
                key=[programme.pk, card.rung.goal.pk],
                scopes=[goal_scope(card.rung.goal.pk), outcomes],
                context=lambda card=card: {**context, "card": card},
            )
            for card in context["o"].goal_cards
        ]
        return {**context, "cards": cards}

    def key_actions() -> dict:
        """The key actions' table, each row cached under its action."""
        context = build()
        return {**context, "key_rows": rows_html(request, context["o"].key_rows)}

    # Each part of the page is cached under what it shows, so that a status update renders
    # the counts, the cards of the goals its action counts for and the key actions afresh,
    # and the headline, the other cards and the charts stay.
    parts = {
        "head": ([outcomes], build),  # the programme (structure), the headline indicators
        "summary": ([actions, outcomes], summary),  # counts and the goals' cards
        "featured": ([outcomes], build),  # the featured indicators' charts
        "key_actions": ([actions], key_actions),
    }
    context = {
        name: cached_fragment(
            request,
            f"programmes/overview.html#{name}",
            key=[programme.pk],
            scopes=scopes,
            context=part_context,
        )
        for name, (scopes, part_context) in parts.items()
    }
    return render(request, "programmes/overview.html", {"programme": programme, **context})


@require_GET
@dashboard_view
def rules(request: HttpRequest) -> HttpResponse:
    """The rules behind every figure, in plain language."""
    return render(request, "programmes/rules.html", {"key_weight": key_action_weight()})


@require_GET
@dashboard_view
def glossary(request: HttpRequest) -> HttpResponse:
    """The words of the programme and of these pages, in plain language.

    The status and verdict words are the ones the pages show, taken from the code."""
    context = {
        "statuses": {s.value: s.label for s in ActionStatus},
        "verdicts": {str(k): label for k, label in VERDICT_LABELS.items()},
        "key_weight": key_action_weight(),
    }
    return render(request, "pages/glossary.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the Act on the Provision of Digital Services requires."""
    return render(request, "pages/accessibility.html", {"feedback": settings.FEEDBACK_EMAIL})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", {"feedback": settings.FEEDBACK_EMAIL})
