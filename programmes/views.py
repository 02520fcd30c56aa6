from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programmes.models import Action, GoalNode, Programme


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.current()
    context = {"programme": programme}
    if programme is not None:
        paths = GoalNode.objects.annotate(
            action_count=Count("actions", distinct=True) + Count("children__actions", distinct=True)
        ).order_by("order", "identifier")
        context["main_goals"] = (
            programme.goals.top_level()
            .select_related("level")
            .prefetch_related(Prefetch("served_by", queryset=paths, to_attr="paths"))
        )
        counts = Action.objects.for_programme(programme).status_counts()
        context["status_counts"] = [
            (label, counts[value]) for value, label in Action.Status.choices
        ]
        context["action_total"] = sum(counts.values())
        context["key_action_total"] = Action.objects.filter(
            Q(programme=programme) & Q(is_key_action=True)
        ).count()
    return render(request, "programmes/overview.html", context)
