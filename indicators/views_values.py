"""Indicator contact persons enter and correct values, with every change in the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from accounts.permissions import can_edit_indicator_values
from indicators.forms import DeleteValueForm, IndicatorValueForm
from indicators.models import Indicator
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

TEMPLATE = "indicators/values_edit.html"


def _editable(request, pk: int) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), pk=pk)
    if not can_edit_indicator_values(request.user, indicator):
        raise PermissionDenied(_("You may not enter values for this indicator."))
    return indicator


def _table(request, indicator, *, add_form=None, status=200, notice=""):
    context = {
        "indicator": indicator,
        "values": indicator.values.order_by("-date"),
        "add_form": add_form or IndicatorValueForm(indicator=indicator),
        "notice": notice,
    }
    return render(request, fragment_or_page(request, TEMPLATE, "table"), context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def values_edit(request: HtmxHttpRequest, pk: int):
    """The editable table (GET) and adding a value (POST)."""
    indicator = _editable(request, pk)
    if request.method == "GET":
        return _table(request, indicator)
    form = IndicatorValueForm(request.POST, indicator=indicator)
    if not form.is_valid():
        return _table(request, indicator, add_form=form, status=422)
    saved = form.save(request.user)
    return _done(request, indicator, _("Value for %(date)s added."), saved.date)


@require_http_methods(["GET", "POST"])
@login_required
def value_change(request: HtmxHttpRequest, pk: int, value_pk: int):
    indicator = _editable(request, pk)
    value = get_object_or_404(indicator.values, pk=value_pk)
    if request.method == "GET":
        form = IndicatorValueForm(indicator=indicator, instance=value)
        context = {"indicator": indicator, "value": value, "form": form}
        return render(request, fragment_or_page(request, TEMPLATE, "row-form"), context)
    form = IndicatorValueForm(request.POST, indicator=indicator, instance=value)
    if not form.is_valid():
        context = {"indicator": indicator, "value": value, "form": form}
        response = render(
            request, fragment_or_page(request, TEMPLATE, "row-form"), context, status=422
        )
        return _back_to_row(request, response, value)
    form.save(request.user)
    return _done(request, indicator, _("Value for %(date)s corrected."), value.date)


@require_http_methods(["GET", "POST"])
@login_required
def value_delete(request: HtmxHttpRequest, pk: int, value_pk: int):
    """GET asks for confirmation and a reason; POST deletes (the history keeps the value)."""
    indicator = _editable(request, pk)
    value = get_object_or_404(indicator.values, pk=value_pk)
    form = DeleteValueForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        context = {"indicator": indicator, "value": value, "form": form}
        status = 422 if request.method == "POST" else 200
        response = render(
            request, fragment_or_page(request, TEMPLATE, "confirm-delete"), context, status=status
        )
        return _back_to_row(request, response, value)
    value._change_reason = form.cleaned_data["reason"]
    value.delete()
    return _done(request, indicator, _("Value for %(date)s deleted."), value.date)


def _done(request, indicator, message: str, day) -> object:
    """Confirm a saved change: the refreshed table for htmx, else a redirect and a message."""
    notice = message % {"date": f"{day.day}.{day.month}.{day.year}"}
    if not request.htmx:
        messages.success(request, notice)
        return redirect("indicator_values", pk=indicator.pk)
    return _table(request, indicator, notice=notice)


def _back_to_row(request, response, value):
    """A row's form posts to replace the whole table; its errors go back to its row."""
    if request.htmx:
        response = reswap(retarget(response, f"#value-{value.pk}"), "outerHTML")
    return response
