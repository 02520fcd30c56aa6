"""The gap view: will the programme's actions close the emissions gap? With what-ifs."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from emissions.charts import SectorLine, gap_figure, gap_table
from emissions.forms import ScenarioForm, is_default_query
from emissions.gap import GapView
from programmes.access import dashboard_view
from programmes.cache import cached_fragment
from programmes.pages import programme_for
from salo_climate.htmx import HtmxHttpRequest

TEMPLATE = "emissions/gap.html"
CONTENT_ID = "gap-content"


@require_GET
@dashboard_view
def gap(request: HtmxHttpRequest) -> HttpResponse:
    programme = programme_for(request, request.GET.get("programme"))
    if programme is None:
        return render(request, TEMPLATE, {"programme": None})
    today = timezone.localdate()
    partial = request.htmx and not request.htmx.history_restore_request
    # The form's "list every action" box asks for the form and the results afresh (its
    # switches change); every other change of the form, for the results.
    name = "content" if partial and request.htmx.target == CONTENT_ID else "results"
    if is_default_query(request.GET):
        # As estimated, nothing switched off: the same for every reader, so cached.
        def context():
            view = GapView.build(programme, request.user, today)
            return gap_context(view, ScenarioForm({}, actions=view.estimated_actions))

        if not partial:
            name = "content"
        html = cached_fragment(request, f"{TEMPLATE}#{name}", key=[programme.pk], context=context)
        if partial:
            return HttpResponse(html)
        return render(request, TEMPLATE, {"programme": programme, "content": html})
    view = GapView.build(programme, request.user, today)
    form = ScenarioForm(request.GET, actions=view.estimated_actions)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        view = view.with_scenario(form.scenario(), data["sort"], show_all=data["all"])
        context = gap_context(view, form)
    else:
        # A 400 for the page; an htmx request gets a 422, which htmx swaps in, so the
        # reader sees what to correct.
        status = 422 if partial else 400
        show_all = bool(form.cleaned_data.get("all"))
        view = replace(view, show_all=show_all)
        context = {"view": view, "form": form, "programme": programme}
        context["controls"] = form.action_controls(None if show_all else view.largest_action_ids)
    if partial:
        return render(request, f"{TEMPLATE}#{name}", context, status=status)
    return render(request, TEMPLATE, context, status=status)


def gap_context(view: GapView, form: ScenarioForm) -> dict:
    context = {"view": view, "form": form, "programme": view.programme}
    context["controls"] = form.action_controls(None if view.show_all else view.largest_action_ids)
    if view.path is not None:
        sectors = [SectorLine(s.pk, str(s.translated("name"))) for s in view.sectors]
        context["figure"] = gap_figure(view.indicator, view.path, sectors)
        context["table"] = gap_table(view.indicator, view.path)
    return context
