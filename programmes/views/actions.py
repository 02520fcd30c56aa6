import functools

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
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

        def results():
            ladder = (
                Ladder.load(programme, with_actions=False)
                if form.cleaned_data.get("goal")
                else None
            )
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
            return page, rows_for(page.object_list, today)

        # Found only when the cached results are missing (programmes.cache).
        found = functools.cache(results)
        context.update(
            page=SimpleLazyObject(lambda: found()[0]), rows=SimpleLazyObject(lambda: found()[1])
        )
    return render(
        request, fragment_or_page(request, "programmes/action_list.html", "results"), context
    )


@require_GET
@dashboard_view
def action_detail(request: HtmxHttpRequest, pk: int):
    visible = Action.objects.filter(programme__in=visible_programmes(request.user))
    summary = get_object_or_404(visible.select_related("programme"), pk=pk)
    today = timezone.localdate()

    @functools.cache
    def full_action():
        # Visibility was checked above: fetch the action with all the page shows.
        return (
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
            .get(pk=pk)
        )

    # The page's content is built only when its cached copy is missing (programmes.cache);
    # whether this reader may update the action is decided on every request.
    ladder = functools.cache(lambda: Ladder.load(summary.programme, with_actions=False))
    context = {
        "summary": summary,
        "action": SimpleLazyObject(full_action),
        "programme": summary.programme,
        "row": SimpleLazyObject(lambda: ActionRow.of(full_action(), today)),
        "goals_above": SimpleLazyObject(
            lambda: [full_action().goal, *ladder().ancestors(full_action().goal)]
        ),
        "strategic": SimpleLazyObject(lambda: ladder().strategic_above(full_action().goal)),
        "indicators": SimpleLazyObject(
            lambda: list(Indicator.objects.filter(actions=summary).with_series())
        ),
        "updates": SimpleLazyObject(lambda: list(full_action().updates.all())),
        "show_internal": may_see_internal_notes(request.user),
        "may_update": can_update_action(request.user, summary),
        "history": SimpleLazyObject(
            lambda: changes_of(summary) if request.user.is_authenticated else []
        ),
        "today": today,
    }
    return render(request, "programmes/action_detail.html", context)
