import functools

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.people import display_name
from accounts.permissions import can_update_action, is_coordinator
from indicators.models import Indicator
from programmes.access import (
    author_shown,
    dashboard_view,
    may_see_internal_notes,
    may_see_names,
)
from programmes.cache import action_scope, cached_fragment, cached_fragments, conditional_page
from programmes.choices import ResponsibilityRole, RevisionState
from programmes.forms import ActionFilterForm
from programmes.history import changes_of
from programmes.ladder import Ladder
from programmes.models import Action, ActionResponsibility, Programme
from programmes.pages import (
    ActionRow,
    action_rows_html,
    programme_scopes,
    queried_programme_scopes,
    rows_for,
)
from salo_climate.exports import Column, Table, csv_response, xlsx_response
from salo_climate.htmx import HtmxHttpRequest

PAGE_SIZE = 50
EXPORT_COLUMNS = [
    Column("identifier", gettext_lazy("Identifier"), width=10),
    Column("name", gettext_lazy("Name"), width=50),
    Column("goal", gettext_lazy("Path or focus area"), width=40),
    Column("key_action", gettext_lazy("Key action"), width=10),
    Column("status", gettext_lazy("Status"), width=15),
    Column("completion", gettext_lazy("Completion (%)"), width=10),
    Column("start_date", gettext_lazy("Start date"), width=12),
    Column("end_date", gettext_lazy("End date"), width=12),
    Column("continuous", gettext_lazy("Continuous"), width=10),
    Column("late", gettext_lazy("Late"), width=10),
    Column("stale", gettext_lazy("Stale"), width=10),
    Column("bottleneck", gettext_lazy("Bottleneck"), width=40),
    Column("latest_update", gettext_lazy("Latest update"), width=12),
    Column("unit", gettext_lazy("Responsible unit"), width=25),
    Column("other_units", gettext_lazy("Other units"), width=30),
    Column("contact_persons", gettext_lazy("Contact persons"), width=30),
    Column("link", gettext_lazy("Link"), width=40),
]


@require_GET
@dashboard_view
@conditional_page(functools.partial(queried_programme_scopes, outcomes=False))
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
    found = functools.cache(lambda: action_list_context(request, form, programme))
    scopes = programme_scopes(programme, outcomes=False)  # it shows no verdicts
    results = cached_fragment(
        request, "programmes/action_list.html#results", key=key, context=found, scopes=scopes
    )
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(results)
    # The filters show the programme and the choices of goals, units and people: structure,
    # which a status update leaves as it was.
    filters = cached_fragment(
        request,
        "programmes/action_list.html#filters",
        key=key,
        context=lambda: {"form": form, "programme": programme},
        scopes=[],
    )
    context = {"programme": programme, "filters": filters, "results": results}
    return render(request, "programmes/action_list.html", context)


def action_list_context(request, form: ActionFilterForm, programme) -> dict:
    """The page of actions the valid ``form`` selects, with their flags.

    The page's actions are found by id; the rows are cached each under its action, and
    only those the cache has no copy of are read in full (after a status update, one)."""
    context = {"form": form, "programme": programme, "rows": [], "page": None}
    if programme is None:
        return context
    today = timezone.localdate()
    ladder = Ladder.load(programme, with_actions=False) if form.cleaned_data.get("goal") else None
    found = form.filter(Action.objects.filter(programme=programme), today=today, ladder=ladder)
    page = Paginator(found.values_list("pk", flat=True), PAGE_SIZE).get_page(
        form.cleaned_data.get("page") or 1
    )

    def read(missing: list[int]) -> list[ActionRow]:
        actions = (
            Action.objects.filter(pk__in=missing)
            .with_flag_data()
            .prefetch_related(
                Prefetch(
                    "responsibilities",
                    queryset=ActionResponsibility.objects.select_related("unit"),
                )
            )
        )
        return rows_for(actions, today)

    export_query = form.data.copy()
    export_query.pop("page", None)  # an export holds every page
    return {
        **context,
        "page": page,
        "rows": action_rows_html(request, list(page.object_list), read),
        "export_query": export_query.urlencode(),
    }


def _export(request) -> tuple[Table, str] | None:
    """The actions the list's filters select, one row each, and the file's base name;
    ``None`` for bad filters."""
    programmes = Programme.objects.visible_to(request.user)
    form = ActionFilterForm(
        request.GET, programmes=programmes, default_programme=programmes.current()
    )
    if not form.is_valid():
        return None
    programme = form.cleaned_data["programme"]
    rows = [] if programme is None else _export_rows(request, form, programme)
    name = f"actions-{programme.slug}" if programme else "actions"
    return Table(EXPORT_COLUMNS, rows, title=gettext_lazy("Actions")), name


def _export_rows(request, form: ActionFilterForm, programme: Programme):
    """Contact persons' names for logged-in readers; for the public, who answers for an
    action is its responsible unit (open data carries no personal data)."""
    today = timezone.localdate()
    names = may_see_names(request.user)
    ladder = Ladder.load(programme, with_actions=False) if form.cleaned_data.get("goal") else None
    actions = (
        Action.objects.visible_to(request.user)
        .filter(programme=programme)
        .with_flag_data()
        .select_related("goal")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=ActionResponsibility.objects.select_related("unit"),
            ),
            *(["contact_persons"] if names else []),
        )
    )
    base = request.build_absolute_uri("/")[:-1]
    yes = _("yes")
    for row in rows_for(form.filter(actions, today=today, ladder=ladder), today):
        action = row.action
        primary = action.primary_unit
        others = [
            r.unit.name
            for r in action.responsibilities.all()
            if r.role != ResponsibilityRole.PRIMARY
        ]
        if names:
            people = ", ".join(display_name(person) for person in action.contact_persons.all())
        else:
            people = primary.name if primary else ""
        latest = action.latest_update
        yield {
            "identifier": action.identifier,
            "name": str(action.translated("name")),
            "goal": str(action.goal),
            "key_action": yes if action.is_key_action else "",
            "status": action.get_status_display(),
            "completion": action.completion_percent,
            "start_date": action.start_date,
            "end_date": action.end_date,
            "continuous": yes if action.is_continuous else "",
            "late": yes if row.late else "",
            "stale": yes if row.stale else "",
            "bottleneck": _bottleneck(latest) if row.blocked else "",
            "latest_update": timezone.localdate(latest.created_at) if latest else None,
            "unit": primary.name if primary else "",
            "other_units": ", ".join(others),
            "contact_persons": people,
            "link": base + reverse("action_detail", args=[action.pk]),
        }


def _bottleneck(update) -> str:
    label = update.get_bottleneck_category_display()
    return ": ".join(part for part in (label, update.bottleneck) if part)


def _download(request, write, extension: str):
    export = _export(request)
    if export is None:
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    table, name = export
    return write(table, f"{name}.{extension}")


@require_GET
@dashboard_view
def action_list_csv(request: HtmxHttpRequest):
    return _download(request, csv_response, "csv")


@require_GET
@dashboard_view
def action_list_xlsx(request: HtmxHttpRequest):
    return _download(request, xlsx_response, "xlsx")


@require_GET
@dashboard_view
@conditional_page(lambda request, pk: [action_scope(pk)])
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
        scopes=[action_scope(pk)],
        context=lambda: action_page_context(summary, request.user),
    )
    context.update(summary=summary, may_update=can_update_action(request.user, summary))
    if is_coordinator(request.user):
        context["open_revision"] = summary.open_schedule_revision
    return render(request, "programmes/action_detail.html", context)


def _with_authors_shown(action: Action, user) -> list:
    """The action's updates, each with ``author_shown``: the one rule on people."""
    contact_ids = {person.pk for person in action.contact_persons.all()}
    unit = action.primary_unit
    updates = list(action.updates.all())
    for update in updates:
        update.author_shown = author_shown(
            user, update.author, contact_ids=contact_ids, unit_name=unit.name if unit else ""
        )
    return updates


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
        "updates": _with_authors_shown(action, user),
        "show_internal": may_see_internal_notes(user),
        "history": changes_of(action) if user.is_authenticated else [],
        **_schedule_revisions(action, user),
        "today": today,
    }


def _schedule_revisions(action: Action, user) -> dict:
    """Every revision of the end date for logged-in readers; the accepted ones, which moved
    the public schedule, for the public. The original end date is the one the first
    accepted revision replaced."""
    revisions = action.schedule_revisions.select_related("proposed_by", "decided_by")
    if not user.is_authenticated:
        revisions = revisions.filter(state=RevisionState.ACCEPTED)
    revisions = list(revisions)
    accepted = [r for r in revisions if r.state == RevisionState.ACCEPTED]
    return {
        "revisions": revisions,
        "revised": bool(accepted),
        "original_end_date": accepted[0].previous_end_date if accepted else None,
        "show_names": may_see_names(user),
    }
