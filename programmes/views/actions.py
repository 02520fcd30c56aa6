import functools

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import can_update_action
from indicators.models import Indicator
from programmes.access import dashboard_view, may_see_internal_notes
from programmes.cache import cached_fragment, cached_fragments
from programmes.forms import ActionFilterForm
from programmes.history import changes_of
from programmes.ladder import Ladder
from programmes.models import Action, ActionResponsibility, Programme
from programmes.pages import ActionRow, rows_for
from salo_climate.htmx import HtmxHttpRequest

PAGE_SIZE = 50


@require_GET
@dashboard_view
def action_list(request: HtmxHttpRequest):
    programmes = Programme.objects.visible_to(request.user)
    form = ActionFilterForm(
        request.GET, programmes=programmes, default_programme=programmes.current()
    )
    if not form.is_valid():
        context = {"form": form, "rows": [], "page": None}
        return render(request, "programmes/action_list.html", context, status=400)
    programme = form.cleaned_data["programme"]
    # The filters and the results are cached for each combination of filters.
    key = [programme.pk if programme else None, request.GET.urlencode()]
    found = functools.cache(lambda: action_list_context(form, programme))
    results = cached_fragment(
        request, "programmes/action_list.html#results", key=key, context=found
    )
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(results)
    filters = cached_fragment(
        request, "programmes/action_list.html#filters", key=key, context=found
    )
    context = {"programme": programme, "filters": filters, "results": results}
    return render(request, "programmes/action_list.html", context)


def action_list_context(form: ActionFilterForm, programme) -> dict:
    """The page of actions the valid ``form`` selects, with their flags."""
    context = {"form": form, "programme": programme, "rows": [], "page": None}
    if programme is None:
        return context
    today = timezone.localdate()
    ladder = Ladder.load(programme, with_actions=False) if form.cleaned_data.get("goal") else None
    actions = form.filter(
        Action.objects.filter(programme=programme)
        .with_flag_data()
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=ActionResponsibility.objects.select_related("unit"),
            )
        ),
        today=today,
        ladder=ladder,
    )
    page = Paginator(actions, PAGE_SIZE).get_page(form.cleaned_data.get("page") or 1)
    return {**context, "page": page, "rows": rows_for(page.object_list, today)}


@require_GET
@dashboard_view
def action_detail(request: HtmxHttpRequest, pk: int):
    visible = Action.objects.visible_to(request.user)
    summary = get_object_or_404(visible.select_related("programme"), pk=pk)
    # The page's parts come from the cache while nothing changes; whether this reader
    # may update the action is decided on every request.
    context = cached_fragments(
        request,
        "programmes/action_detail.html",
        ["head", "body"],
        key=[pk],
        context=lambda: action_page_context(summary, request.user),
    )
    context.update(summary=summary, may_update=can_update_action(request.user, summary))
    return render(request, "programmes/action_detail.html", context)


def action_page_context(summary: Action, user) -> dict:
    """What an action page shows; ``summary`` is the action, its visibility checked."""
    today = timezone.localdate()
    action = (
        Action.objects.with_flag_data()
        .select_related("goal__level", "programme")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=ActionResponsibility.objects.select_related("unit__parent"),
            ),
            "contact_persons",
            "updates__author",
        )
        .get(pk=summary.pk)
    )
    ladder = Ladder.load(action.programme, with_actions=False)
    return {
        "action": action,
        "programme": action.programme,
        "row": ActionRow.of(action, today),
        "goals_above": [action.goal, *ladder.ancestors(action.goal)],
        "strategic": ladder.strategic_above(action.goal),
        "indicators": list(Indicator.objects.filter(actions=action).with_series()),
        "updates": list(action.updates.all()),
        "show_internal": may_see_internal_notes(user),
        "history": changes_of(action) if user.is_authenticated else [],
        "today": today,
    }
