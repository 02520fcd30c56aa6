import re

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from indicators.models import Indicator
from programmes.access import dashboard_view, visible_programmes
from programmes.ladder import Ladder
from programmes.models import GoalNode
from programmes.pages import programme_for, rows_for

POSITION = re.compile(r"^[a-z0-9-]{1,120}$")


class LadderForm(forms.Form):
    programme = forms.SlugField(required=False, max_length=60)
    open = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    at = forms.RegexField(POSITION, required=False)

    def __init__(self, data, goal_ids=()):
        super().__init__(data)
        self.fields["open"].choices = [(str(pk), pk) for pk in goal_ids]


@require_GET
@dashboard_view
def ladder(request: HttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, "programmes/overview.html", {"programme": None})
    form = LadderForm(request.GET, goal_ids=programme.goals.values_list("pk", flat=True))
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    context = {
        "programme": programme,
        # Loaded only when the cached content is missing (programmes.cache).
        "ladder": SimpleLazyObject(lambda: Ladder.load(programme)),
        "open": set(form.cleaned_data["open"]),
        "today": timezone.localdate(),
    }
    return render(request, "programmes/ladder.html", context)


@require_GET
@dashboard_view
def ladder_rung(request: HttpRequest, pk: int) -> HttpResponse:
    """What lies beneath one rung: the fragment an expanded rung loads through htmx."""
    goal = get_object_or_404(
        GoalNode.objects.filter(programme__in=visible_programmes(request.user)), pk=pk
    )
    ladder = Ladder.load(goal.programme)
    form = LadderForm(request.GET, goal_ids=ladder.rungs)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    context = {
        "rung": ladder.rung(goal),
        "position": form.cleaned_data["at"] or f"g{goal.pk}",
        "open": set(form.cleaned_data["open"]),
        "programme": goal.programme,
        "today": timezone.localdate(),
    }
    return render(request, "programmes/ladder.html#rung-below", context)


@require_GET
@dashboard_view
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        GoalNode.objects.filter(programme__in=visible_programmes(request.user)).select_related(
            "level", "programme", "parent"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    # Loaded only when the cached content is missing (programmes.cache).
    ladder = SimpleLazyObject(lambda: Ladder.load(goal.programme))
    rung = SimpleLazyObject(lambda: ladder.rung(goal))
    context = {
        "goal": goal,
        "programme": goal.programme,
        "rung": rung,
        "above": SimpleLazyObject(lambda: ladder.ancestors(goal)),
        "strategic": SimpleLazyObject(lambda: ladder.strategic_above(goal)),
        "indicators": SimpleLazyObject(
            lambda: list(Indicator.objects.filter(goals=goal).with_series())
        ),
        "rows": SimpleLazyObject(lambda: rows_for(rung.all_actions, today)),
        "today": today,
    }
    return render(request, "programmes/goal_detail.html", context)
