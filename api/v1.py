"""Version 1 of the open-data API: programmes, their goals, actions and indicators.

Read only. The public reads what the public dashboard shows, and nothing while
``PUBLIC_DASHBOARD`` is off (403); logged-in readers read what their pages show, except
internal notes, which the API never carries. Every row is reached through its model's
``visible_to(user)``, so an unpublished programme and everything in it answer 404 to the
public. Lists are paged with ``limit`` and ``offset`` and cost a fixed number of queries
whatever their length.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from api.pagination import LICENCE, OpenDataPagination
from api.schemas import ActionOut, ActionStatusCode, GoalOut, IndicatorOut, ProgrammeOut
from emissions.models import ImpactEstimate
from indicators.models import Indicator
from programmes.access import may_read_dashboard, may_see_names
from programmes.models import Action, ActionResponsibility, ActionStatusUpdate, GoalNode, Programme

DESCRIPTION = """\
Open data of the climate and environment programme follow-up: the programmes, their goals
(the target ladder: main goals, development paths and focus areas, with the links between
them and to the city strategy), the actions with their status and status history, and the
indicators with their values, targets and baselines.

Licensed under CC BY 4.0: reuse freely, naming the city as the source. Ids are the
database's and stable. Lists take `limit` (at most 500) and `offset`. Contact persons'
names are only given to logged-in readers; everyone sees the responsible units.
"""


class ReadableJSON(JSONRenderer):
    """Text as it is, in UTF-8: "ä", not "\\u00e4"."""

    json_dumps_params = {"ensure_ascii": False}


def dashboard_reader(request) -> bool:
    """The public while PUBLIC_DASHBOARD is on, and everyone logged in (their session)."""
    return may_read_dashboard(request.user)


api = NinjaAPI(
    title="Climate programme follow-up: open data",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's bundled static files (ninja is an installed app), never a
    # CDN; no validator badge, which would load an image from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=require_GET,  # the schema and the docs page, as the API: read only
    auth=dashboard_reader,
    renderer=ReadableJSON(),
    openapi_extra={"info": {"license": LICENCE}},
)


class Detail(Schema):
    detail: str


@api.exception_handler(AuthenticationError)
def refused(request, exc):
    return api.create_response(request, {"detail": _("Log in to read this data.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def bad_input(request, exc):
    body = {"detail": _("Check the query parameters."), "errors": exc.errors}
    return api.create_response(request, body, status=422)


REFUSED = {403: Detail}
MISSING = {403: Detail, 404: Detail}

# --- programmes ----------------------------------------------------------------------


def _programmes(request):
    return (
        Programme.objects.visible_to(request.user)
        .select_related("strategy")
        .prefetch_related("levels")
        .order_by("-start_year", "name", "pk")
    )


@api.get("/programmes", response={200: list[ProgrammeOut], **REFUSED}, url_name="programmes")
@paginate(OpenDataPagination)
def programmes(request):
    return _programmes(request)


@api.get("/programmes/{int:id}", response={200: ProgrammeOut, **MISSING}, url_name="programme")
def programme(request, id: int):
    return get_object_or_404(_programmes(request), pk=id)


# --- goals ---------------------------------------------------------------------------


def _goals(request):
    return (
        GoalNode.objects.visible_to(request.user)
        .select_related("level")
        .prefetch_related("serves", "strategic_goals")
        .order_by("programme", "level__depth", "order", "identifier", "pk")
    )


@api.get("/goals", response={200: list[GoalOut], **REFUSED}, url_name="goals")
@paginate(OpenDataPagination)
def goals(request, programme: int | None = None, depth: int | None = Query(None, ge=1)):
    found = _goals(request)
    if programme is not None:
        found = found.filter(programme_id=programme)
    if depth is not None:
        found = found.filter(level__depth=depth)
    return found


@api.get("/goals/{int:id}", response={200: GoalOut, **MISSING}, url_name="goal")
def goal(request, id: int):
    return get_object_or_404(_goals(request), pk=id)


# --- actions -------------------------------------------------------------------------


def _actions(request):
    # Never the internal note, nor who wrote an update: neither is read from the database.
    history = ActionStatusUpdate.objects.order_by("created_at", "id").only(
        "action_id",
        "created_at",
        "status",
        "completion_percent",
        "done",
        "bottleneck_category",
        "bottleneck",
        "next_steps",
    )
    found = (
        Action.objects.visible_to(request.user)
        .with_flag_data()
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=ActionResponsibility.objects.select_related("unit"),
            ),
            Prefetch("updates", queryset=history),
            Prefetch("impact_estimates", queryset=ImpactEstimate.objects.order_by("sector", "pk")),
        )
        .order_by("programme", "order", "identifier", "pk")
    )
    if may_see_names(request.user):
        found = found.prefetch_related("contact_persons")
    return found


@api.get("/actions", response={200: list[ActionOut], **REFUSED}, url_name="actions")
@paginate(OpenDataPagination)
def actions(
    request,
    programme: int | None = None,
    goal: int | None = None,
    status: ActionStatusCode | None = None,
):
    found = _actions(request)
    if programme is not None:
        found = found.filter(programme_id=programme)
    if goal is not None:
        found = found.filter(goal_id=goal)
    if status is not None:
        found = found.filter(status=status)
    return found


@api.get("/actions/{int:id}", response={200: ActionOut, **MISSING}, url_name="action")
def action(request, id: int):
    return get_object_or_404(_actions(request), pk=id)


# --- indicators ----------------------------------------------------------------------


def _indicators(request):
    user = request.user
    return (
        Indicator.objects.visible_to(user)
        .prefetch_related(
            "targets",
            "values",
            Prefetch("goals", queryset=GoalNode.objects.visible_to(user)),
            Prefetch("actions", queryset=Action.objects.visible_to(user).only("pk")),
            Prefetch("components", queryset=Indicator.objects.visible_to(user)),
        )
        .order_by("order", "name", "pk")
    )


@api.get("/indicators", response={200: list[IndicatorOut], **REFUSED}, url_name="indicators")
@paginate(OpenDataPagination)
def indicators(request, programme: int | None = None):
    found = _indicators(request)
    if programme is not None:
        found = found.filter(pk__in=Indicator.objects.for_programme(programme).values("pk"))
    return found


@api.get("/indicators/{int:id}", response={200: IndicatorOut, **MISSING}, url_name="indicator")
def indicator(request, id: int):
    return get_object_or_404(_indicators(request), pk=id)
