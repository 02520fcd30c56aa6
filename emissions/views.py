"""The gap view: will the programme's actions close the emissions gap? With what-ifs."""

from __future__ import annotations

import functools
from dataclasses import replace

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from emissions.charts import SectorLine, gap_figure, gap_table
from emissions.forms import ScenarioForm
from emissions.gap import GapView
from programmes.access import dashboard_view
from programmes.cache import cached_fragment, conditional_page
from programmes.pages import programme_for, queried_programme_scopes, scopes_of_programme
from salo_climate.htmx import HtmxHttpRequest

TEMPLATE = "emissions/gap.html"
CONTENT_ID = "gap-content"


@require_GET
@dashboard_view
@conditional_page(
    functools.partial(queried_programme_scopes, actions=False, outcomes=False, emissions=True)
)
def gap(request: HtmxHttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, TEMPLATE, {"programme": None})
    today = timezone.localdate()
    partial = request.htmx and not request.htmx.history_restore_request
    # The form's "list every action" box asks for the form and the results afresh (its
    # switches change); every other change of the form, for the results.
    name = "content" if not partial or request.htmx.target == CONTENT_ID else "results"

    # The figures as estimated, and every what-if, are the same for every reader who asks
    # for them, so a valid one is cached under its address's choices (in any order); a
    # wrong one is answered afresh, with the errors, and never cached.
    def context():
        view = GapView.build(programme, request.user, today)
        form = ScenarioForm(request.GET, actions=view.estimated_actions)
        if not form.is_valid():
            raise WrongScenario(view, form)
        data = form.cleaned_data
        view = view.with_scenario(form.scenario(), data["sort"], show_all=data["all"])
        return gap_context(view, form)

    try:
        html = cached_fragment(
            request,
            f"{TEMPLATE}#{name}",
            key=[programme.pk, scenario_key(request.GET)],
            context=context,
            scopes=gap_scopes(programme.pk),
        )
    except WrongScenario as wrong:
        # A 400 for the page; an htmx request gets a 422, which htmx swaps in, so the
        # reader sees what to correct.
        show_all = bool(wrong.form.cleaned_data.get("all"))
        view = replace(wrong.view, show_all=show_all)
        context = {"view": view, "form": wrong.form, "programme": programme}
        shown = None if show_all else view.largest_action_ids
        context["controls"] = wrong.form.action_controls(shown)
        if partial:
            return render(request, f"{TEMPLATE}#{name}", context, status=422)
        return render(request, TEMPLATE, context, status=400)
    if partial:
        return HttpResponse(html)
    return render(request, TEMPLATE, {"programme": programme, "content": html})


def gap_scopes(programme_id: int) -> list[str]:
    """What the gap shows: its estimated actions' state and its emissions goal's series
    (and structure, as every page)."""
    return scopes_of_programme(programme_id, actions=False, outcomes=False, emissions=True)


class WrongScenario(Exception):
    """A what-if the form refuses: its view and form, to show what to correct."""

    def __init__(self, view: GapView, form: ScenarioForm):
        super().__init__("wrong what-if")
        self.view, self.form = view, form


def scenario_key(query) -> str:
    """The address's choices in a fixed order: ``off=2&off=1`` and ``off=1&off=2`` are one
    what-if."""
    return "&".join(
        f"{key}={value}" for key in sorted(query) for value in sorted(query.getlist(key))
    )


def gap_context(view: GapView, form: ScenarioForm) -> dict:
    context = {"view": view, "form": form, "programme": view.programme}
    context["controls"] = form.action_controls(None if view.show_all else view.largest_action_ids)
    if view.path is not None:
        sectors = [SectorLine(s.pk, str(s.translated("name"))) for s in view.sectors]
        context["figure"] = gap_figure(view.indicator, view.path, sectors)
        context["table"] = gap_table(view.indicator, view.path)
    return context
