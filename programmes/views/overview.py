from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from indicators.verdicts import VERDICT_LABELS
from programmes.access import dashboard_view
from programmes.action_rules import key_action_weight
from programmes.cache import cached_fragment, conditional_page
from programmes.choices import ActionStatus
from programmes.dashboard import Overview
from programmes.pages import programme_for, programme_scopes, queried_programme_scopes


@require_GET
@dashboard_view
@conditional_page(queried_programme_scopes)
def overview(request: HttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, "programmes/overview.html", {"programme": None})
    content = cached_fragment(
        request,
        "programmes/overview.html#content",
        key=[programme.pk],
        scopes=programme_scopes(programme),
        context=lambda: {
            "programme": programme,
            "o": Overview.build(programme, timezone.localdate()),
            "successor": programme.successor_visible_to(request.user),
        },
    )
    return render(request, "programmes/overview.html", {"programme": programme, "content": content})


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
