"""Importing indicator values from a file: upload, preview, confirm.

The uploaded file lives only for the request that previews it. What the confirmation
needs, the file's parsed values and the preview's fingerprint (each value's status and
the database row it was compared with), is kept in the session, capped at
``imports.MAX_VALUES`` values. The confirmation re-plans those values against the
database: if anything differs from the preview, nothing is written and the fresh preview
is shown instead.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import can_import_indicator_values
from indicators import imports, syke
from indicators.models import Indicator
from salo_climate.htmx import HtmxHttpRequest

SESSION_KEY = "indicator_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,  # refused by the import, with the same words as any bad file
        help_text=gettext_lazy("CSV (UTF-8, separated by ; or ,) or Excel (.xlsx), at most 5 MB."),
    )


class SykeImportForm(forms.Form):
    total = forms.ModelChoiceField(
        label=gettext_lazy("Area emissions total"),
        queryset=Indicator.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("The indicator whose sector components the file fills."),
    )
    file = forms.FileField(
        label=gettext_lazy("Syke's file"),
        allow_empty_file=True,
        help_text=gettext_lazy("Syke's municipal emissions CSV: separated by ;, decimal commas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["total"].queryset = syke.syke_totals()


class ConfirmForm(forms.Form):
    token = forms.CharField(max_length=64)


def _allowed(request) -> None:
    if not can_import_indicator_values(request.user):
        raise PermissionDenied(_("You may not import indicator values."))


def _read_upload(upload) -> tuple[bytes, str]:
    """The upload's bytes, read no further than one byte past the cap."""
    data = upload.read(imports.MAX_BYTES + 1)
    return data, upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


@require_http_methods(["GET", "POST"])
@login_required
def import_values(request: HtmxHttpRequest):
    """The upload form (GET) and the preview of an uploaded file (POST)."""
    _allowed(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "GET" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return render(request, "indicators/import.html", {"form": form}, status=status)
    data, filename = _read_upload(form.cleaned_data["file"])
    try:
        table = imports.read_table(data, filename)
        parsed = imports.parse_values(table)
    except imports.ImportFailed as failed:
        plan = imports.Plan(filename, [], problems=failed.problems)
    else:
        plan = imports.plan_import(
            filename,
            parsed.values,
            user=request.user,
            today=timezone.localdate(),
            problems=parsed.problems,
            notices=[parsed.notice] if parsed.notice else [],
            shape=parsed.shape,
        )
    return _preview(request, plan, form=ImportForm(), template="indicators/import.html")


@require_http_methods(["GET", "POST"])
@login_required
def import_syke(request: HtmxHttpRequest):
    """Syke's emissions file: the upload form (GET) and its preview (POST)."""
    _allowed(request)
    form = (
        SykeImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else SykeImportForm()
    )
    if request.method == "GET" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return render(request, "indicators/import_syke.html", {"form": form}, status=status)
    data, filename = _read_upload(form.cleaned_data["file"])
    total = form.cleaned_data["total"]
    try:
        found = syke.read_syke(data, filename)
    except imports.ImportFailed as failed:
        plan = imports.Plan(filename, [], problems=failed.problems)
    else:
        read = syke.syke_values(found, total)
        plan = imports.plan_import(
            filename,
            read.values,
            user=request.user,
            today=timezone.localdate(),
            problems=read.problems,
            notices=read.notices,
            shape="syke",
        )
    blank = SykeImportForm(initial={"total": total.pk})
    return _preview(request, plan, form=blank, template="indicators/import_syke.html")


def _preview(request, plan: imports.Plan, *, form, template: str, notice: str = ""):
    """Show the plan; keep what its confirmation needs if it may be confirmed."""
    token = ""
    request.session.pop(SESSION_KEY, None)
    if plan.can_confirm:
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "filename": plan.filename,
            "template": template,
            "shape": plan.shape,
            "notices": plan.notices,
            "values": [value.as_json() for value in plan.values],
            "fingerprint": plan.fingerprint,
        }
    context = {"form": form, "plan": plan, "token": token, "notice": notice}
    return render(request, template, context, status=422 if plan.problems else 200)


@require_POST
@login_required
def import_confirm(request: HtmxHttpRequest):
    """Write the previewed values, unless the database changed since the preview."""
    _allowed(request)
    form = ConfirmForm(request.POST)
    stored = request.session.get(SESSION_KEY)
    if not form.is_valid() or not stored or stored["token"] != form.cleaned_data["token"]:
        messages.error(request, _("That preview is no longer available. Upload the file again."))
        return redirect("indicator_import")
    values = [imports.ParsedValue.from_json(item) for item in stored["values"]]
    template = stored["template"]
    blank = SykeImportForm() if template.endswith("syke.html") else ImportForm()
    try:
        plan = imports.confirm_import(
            stored["filename"],
            values,
            stored["fingerprint"],
            user=request.user,
            today=timezone.localdate(),
            notices=stored["notices"],
            shape=stored["shape"],
        )
    except imports.PlanChanged as changed:
        notice = _(
            "The values changed after the preview, so nothing was imported. Check the new "
            "preview and confirm again."
        )
        return _preview(request, changed.plan, form=blank, template=template, notice=notice)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("Imported %(file)s: %(new)s new and %(changed)s changed values.")
        % {"file": plan.filename, "new": plan.new, "changed": plan.changed},
    )
    return redirect(
        "indicator_import_syke" if template.endswith("syke.html") else "indicator_import"
    )
