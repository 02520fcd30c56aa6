from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from indicators.forms import OFF_TRACK
from programmes.access import dashboard_view
from programmes.cache import (
    cached_fragment,
    conditional_page,
    goal_scope,
    outcomes_scope,
    read_marks,
)
from programmes.dashboard import most_in_need
from programmes.forms import LadderForm
from programmes.ladder import Ladder
from programmes.models import GoalNode
from programmes.pages import (
    goal_scopes,
    programme_for,
    programme_scopes,
    queried_programme_scopes,
    rows_for,
    rows_html,
    scopes_of_goal,
)

GOAL_ACTIONS_SHOWN = 20
"""Actions a goal page lists, those most in need of attention first; every path and focus
area of Salo's programme has fewer (the largest path 17), a main goal up to 61."""
GOAL_CHARTS_SHOWN = 6
"""Indicators of the goal itself a goal page charts; the next ``GOAL_NAMED_SHOWN`` are
named with their verdicts, and the indicator list filtered by the goal has them all
(Salo's goals have at most a few each)."""
GOAL_NAMED_SHOWN = 12
GOAL_OFF_TRACK_SHOWN = 20
"""Off-track indicators beneath a goal its page names with their numbers, worst first;
the indicator list filtered by the goal has them all (Salo's largest main goal has 16)."""


@require_GET
@dashboard_view
@conditional_page(queried_programme_scopes)
def ladder(request: HttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, "programmes/overview.html", {"programme": None})
    # The open rungs are checked against the programme's goals only when there are any:
    # a plain visit, served from the cache, reads no goals.
    goal_ids = programme.goals.values_list("pk", flat=True) if "open" in request.GET else ()
    form = LadderForm(request.GET, goal_ids=goal_ids)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    key = [programme.pk, request.get_full_path()]
    outcomes = outcomes_scope(programme.pk)

    def ladder_content() -> dict:
        """The ladder, with each city strategy goal's section (and the goals linked to
        none) cached under the main goals it shows."""
        ladder = _ladder_with_series(programme)
        context = {
            "programme": programme,
            "ladder": ladder,
            "open": set(form.cleaned_data["open"]),
            "today": timezone.localdate(),
        }
        read_marks(request, [goal_scope(rung.goal.pk) for rung in ladder.top])

        def section(name: str, part: str, rungs, extra: dict) -> str:
            return cached_fragment(
                request,
                f"programmes/ladder.html#{part}",
                key=[*key, name],
                scopes=[*(goal_scope(rung.goal.pk) for rung in rungs), outcomes],
                context=lambda: {**context, **extra},
            )

        sections = [
            section(f"s{s.goal.pk}", "strategic", s.below, {"strategic": s})
            for s in ladder.strategic
        ]
        unlinked = ladder.unlinked_top
        return {
            **context,
            "sections": sections,
            "unlinked": section("unlinked", "unlinked", unlinked, {}) if unlinked else "",
        }

    content = cached_fragment(
        request,
        "programmes/ladder.html#content",
        key=key,
        scopes=programme_scopes(programme),
        context=ladder_content,
    )
    return render(request, "programmes/ladder.html", {"programme": programme, "content": content})


def _ladder_with_series(programme) -> Ladder:
    """The ladder with the outcomes of every rung, and the numbers of those it names; it
    names no action's owners."""
    ladder = Ladder.load(programme, with_indicators=True, with_owners=False)
    ladder.load_series()
    return ladder


@require_GET
@dashboard_view
def ladder_rung(request: HttpRequest, pk: int) -> HttpResponse:
    """What lies beneath one rung: the fragment an expanded rung loads through htmx."""
    goal = get_object_or_404(GoalNode.objects.visible_to(request.user), pk=pk)
    ladder = _ladder_with_series(goal.programme)
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
@conditional_page(goal_scopes)
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(
        GoalNode.objects.visible_to(request.user).select_related("level", "programme", "parent"),
        pk=pk,
    )
    content = cached_fragment(
        request,
        "programmes/goal_detail.html#content",
        key=[goal.pk],
        scopes=scopes_of_goal(goal.pk, goal.programme_id),
        context=lambda: goal_context(request, goal, timezone.localdate()),
    )
    return render(request, "programmes/goal_detail.html", {"goal": goal, "content": content})


def filtered_indicators_url(goal: GoalNode, *, off_track: bool = False) -> str:
    """The indicator list of the indicators measuring ``goal`` or the goals beneath it."""
    query = {"programme": goal.programme.slug, "goal": goal.pk}
    if off_track:
        query["verdict"] = OFF_TRACK
    return f"{reverse('indicator_list')}?{urlencode(query)}"


def goal_context(request: HttpRequest, goal: GoalNode, today) -> dict:
    """What a goal page shows: the rung with its outcomes and roll-up, what lies above,
    the indicators measuring the goal itself (``GOAL_CHARTS_SHOWN`` of them charted, the
    next ``GOAL_NAMED_SHOWN`` named), the worst ``GOAL_OFF_TRACK_SHOWN`` off track, the
    actions (up to ``GOAL_ACTIONS_SHOWN``: beyond that the ones most in need of
    attention, and a link to them all)."""
    ladder = Ladder.load(goal.programme, with_indicators=True, with_owners=False)
    rung = ladder.rung(goal)
    own = ladder.measuring(goal)
    charted = own[:GOAL_CHARTS_SHOWN]
    ladder.load_series(rung.outcomes.shown(GOAL_OFF_TRACK_SHOWN), charted, rungs=())
    rows = rows_for(rung.all_actions, today)
    shown = most_in_need(rows, GOAL_ACTIONS_SHOWN)
    return {
        "goal": goal,
        "programme": goal.programme,
        "rung": rung,
        "above": ladder.ancestors(goal),
        "strategic": ladder.strategic_above(goal),
        "indicators": charted,
        "more_indicators": own[GOAL_CHARTS_SHOWN : GOAL_CHARTS_SHOWN + GOAL_NAMED_SHOWN],
        "own_left_out": max(0, len(own) - GOAL_CHARTS_SHOWN - GOAL_NAMED_SHOWN),
        "off_track_shown": GOAL_OFF_TRACK_SHOWN,
        "off_track_url": filtered_indicators_url(goal, off_track=True),
        "beneath_url": filtered_indicators_url(goal),
        "rows": rows_html(request, shown),
        "action_count": len(rows),
        "today": today,
    }
