"""Staff update their actions: "my actions" and the status update form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_update_action, is_coordinator, own_actions
from indicators.due import next_value
from indicators.models import Indicator
from programmes.forms import ActionUpdateForm, ScheduleDecisionForm
from programmes.models import (
    Action,
    ActionStatusUpdate,
    Programme,
    ProposalOpenError,
    ScheduleRevision,
    StaleUpdateError,
)
from programmes.pages import ActionRow, rows_for
from salo_climate.htmx import HtmxHttpRequest

MY_ACTIONS = "programmes/my_actions.html"


def _rows_by_need(actions, today):
    """Stale first (their updates are overdue), then late, then the rest."""
    rows = rows_for(actions, today)
    return sorted(rows, key=lambda r: (not r.stale, not r.late, r.action.identifier))


@require_GET
@login_required
def my_actions(request: HtmxHttpRequest):
    actions = (
        own_actions(request.user)
        .filter(programme__status=Programme.Status.IN_FORCE)
        .with_flag_data()
        .select_related("latest_update__author")
    )
    today = timezone.localdate()
    context = {
        "rows": _rows_by_need(actions, today),
        "indicators": _my_indicators(request.user, today),
        "today": today,
        "is_coordinator": is_coordinator(request.user),
    }
    return render(request, MY_ACTIONS, context)


def _my_indicators(user, today) -> list[tuple]:
    """``(indicator, latest value, next value)`` for each indicator the person is a contact
    for, those whose value is overdue first."""
    indicators = (
        Indicator.objects.visible_to(user)
        .filter(contact_persons=user)
        .prefetch_related("values")
        .order_by("identifier", "name")
        .distinct()
    )
    rows = []
    for indicator in indicators:
        latest = indicator.latest_value
        due = next_value(indicator.time_resolution, latest and latest.date, today)
        rows.append((indicator, latest, due))
    rows.sort(key=lambda row: not row[2].overdue)
    return rows


def _action_for_update(request, pk: int) -> Action:
    action = get_object_or_404(
        Action.objects.visible_to(request.user)
        .with_flag_data()
        .select_related("latest_update__author"),
        pk=pk,
    )
    if not can_update_action(request.user, action):
        raise PermissionDenied(_("You may not update this action."))
    return action


@require_GET
@login_required
def my_action_row(request: HtmxHttpRequest, pk: int):
    """One row of "my actions" as it stands (the form's Cancel brings it back)."""
    action = _action_for_update(request, pk)
    row = ActionRow.of(action, timezone.localdate())
    return render(request, f"{MY_ACTIONS}#row", {"row": row, "refocus": True})


@require_http_methods(["GET", "POST"])
@login_required
def action_update(request: HtmxHttpRequest, pk: int):
    action = _action_for_update(request, pk)
    next_url = _safe_next(request)
    if request.method == "GET":
        return _form_response(request, action, ActionUpdateForm.opened_for(action), next_url)

    form = ActionUpdateForm(request.POST, action=action)
    if not form.is_valid():
        return _form_response(request, action, form, next_url, status=422)
    try:
        form.record(action, request.user)
    except StaleUpdateError:
        return _conflict_response(request, action, form, next_url)
    except ProposalOpenError:
        # Another proposal landed since the form was checked; nothing was saved.
        action = _action_for_update(request, pk)
        waiting = action.open_schedule_revision
        if waiting is not None:
            form.add_error("proposed_end_date", form.waiting_error(waiting))
        return _form_response(request, action, form, next_url, status=422)
    except IntegrityError:
        # The same submission raced itself past the key check; the first one is saved.
        if not ActionStatusUpdate.objects.filter(
            submission_key=form.cleaned_data["submission_key"]
        ).exists():
            raise

    if request.htmx:
        action = _action_for_update(request, pk)
        row = ActionRow.of(action, timezone.localdate())
        return render(request, f"{MY_ACTIONS}#row", {"row": row, "saved": True})
    messages.success(
        request,
        _("The update of %(action)s was saved.") % {"action": f"{action.identifier} {action.name}"},
    )
    return redirect(next_url or "my_actions")


def _conflict_response(request, action, form, next_url):
    """Someone else saved an update meanwhile: show theirs beside the user's own text.

    The user's text stays in the form, now at the newer version, so sending it again
    saves it on top of the other update, once the user has decided to.
    """
    action.refresh_from_db()
    newer = ActionStatusUpdate.objects.select_related("author").get(pk=action.latest_update_id)
    data = form.data.copy()
    data["version"] = newer.pk
    form = ActionUpdateForm(data, action=action)
    form.is_valid()
    return _form_response(request, action, form, next_url, status=409, conflict=newer)


def _form_response(request, action, form, next_url, *, status=200, conflict=None):
    context = {"action": action, "form": form, "next": next_url, "conflict": conflict}
    if request.htmx:
        return render(request, f"{MY_ACTIONS}#form", context, status=status)
    return render(request, "programmes/action_update.html", context, status=status)


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@require_POST
@login_required
def schedule_decision(request: HtmxHttpRequest, pk: int, revision_pk: int, accept: bool):
    """The coordinator accepts or declines a proposed end date, on the action page."""
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only the programme coordinator decides on schedules."))
    revision = get_object_or_404(
        ScheduleRevision.objects.filter(action__in=Action.objects.visible_to(request.user)),
        pk=revision_pk,
        action_id=pk,
    )
    form = ScheduleDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note can be at most 1000 characters."))
        return redirect(_schedule_anchor(pk))
    try:
        revision.decide(accept=accept, by=request.user, note=form.cleaned_data["note"].strip())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        end = formats.date_format(revision.proposed_end_date, "SHORT_DATE_FORMAT")
        if accept:
            messages.success(request, _("The new end date %(date)s was accepted.") % {"date": end})
        else:
            messages.success(request, _("The new end date %(date)s was declined.") % {"date": end})
    return redirect(_schedule_anchor(pk))


def _schedule_anchor(pk: int) -> str:
    return reverse("action_detail", args=[pk]) + "#schedule"
