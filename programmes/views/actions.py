from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import can_update_action
from indicators.models import Indicator
from programmes.access import dashboard_view, may_see_internal_notes, visible_programmes
from programmes.forms import ActionFilterForm
from programmes.history import changes_of
from programmes.ladder import Ladder
from programmes.models import Action, ActionResponsibility
from programmes.pages import ActionRow, rows_for
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

PAGE_SIZE = 50


@require_GET
@dashboard_view
def action_list(request: HtmxHttpRequest):
    programmes = visible_programmes(request.user)
    form = ActionFilterForm(
        request.GET, programmes=programmes, default_programme=programmes.current()
    )
    context = {"form": form, "rows": [], "page": None}
    if not form.is_valid():
        return render(request, "programmes/action_list.html", context, status=400)
    programme = form.cleaned_data["programme"]
    context["programme"] = programme
    if programme is not None:
        today = timezone.localdate()
        ladder = (
            Ladder.load(programme, with_actions=False) if form.cleaned_data.get("goal") else None
        )
        actions = form.filter(
            Action.objects.filter(programme=programme)
            .with_flag_data()
            .prefetch_related(
                Prefetch(
                    "responsibilities", queryset=ActionResponsibility.objects.select_related("unit")
                )
            ),
            today=today,
            ladder=ladder,
        )
        page = Paginator(actions, PAGE_SIZE).get_page(form.cleaned_data.get("page") or 1)
        context.update(page=page, rows=rows_for(page.object_list, today))
    return render(
        request, fragment_or_page(request, "programmes/action_list.html", "results"), context
    )


@require_GET
@dashboard_view
def action_detail(request: HtmxHttpRequest, pk: int):
    action = get_object_or_404(
        Action.objects.filter(programme__in=visible_programmes(request.user))
        .with_flag_data()
        .select_related("goal__level")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=ActionResponsibility.objects.select_related("unit__parent"),
            ),
            "contact_persons",
            "updates__author",
        ),
        pk=pk,
    )
    ladder = Ladder.load(action.programme, with_actions=False)
    today = timezone.localdate()
    context = {
        "action": action,
        "programme": action.programme,
        "row": ActionRow.of(action, today),
        "goals_above": [action.goal, *ladder.ancestors(action.goal)],
        "strategic": ladder.strategic_above(action.goal),
        "indicators": Indicator.objects.filter(actions=action).with_series(),
        "updates": action.updates.all(),
        "show_internal": may_see_internal_notes(request.user),
        "may_update": can_update_action(request.user, action),
        "history": changes_of(action) if request.user.is_authenticated else [],
        "today": today,
    }
    return render(request, "programmes/action_detail.html", context)
