"""The coordinator's admin for impact estimates: their own list and an inline on actions."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from emissions.models import ImpactEstimate
from programmes.admin_base import ProgrammeListFilter, SafeChangeListMixin, action_label

ESTIMATE_FIELDS = [
    "sector",
    "annual_reduction",
    "low",
    "high",
    "start_year",
    "full_effect_year",
    "method",
    "estimated_by",
    "estimated_on",
]


def _sector_choices(formfield):
    if formfield is not None and formfield.queryset.model._meta.model_name == "indicator":
        formfield.queryset = formfield.queryset.select_related("component_of")
        formfield.label_from_instance = sector_label
    return formfield


def sector_label(indicator) -> str:
    return f"{indicator.name} · {indicator.component_of.name}"


class ImpactEstimateInline(admin.StackedInline):
    """An action's impact estimates, one per sector it cuts emissions on."""

    model = ImpactEstimate
    fields = ESTIMATE_FIELDS
    extra = 0
    verbose_name = _("impact estimate")
    verbose_name_plural = _("impact estimates")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _sector_choices(super().formfield_for_foreignkey(db_field, request, **kwargs))


@admin.register(ImpactEstimate)
class ImpactEstimateAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    list_display = [
        "action",
        "sector",
        "annual_reduction",
        "low",
        "high",
        "start_year",
        "full_effect_year",
        "estimated_on",
    ]
    list_filter = [
        ("action__programme", ProgrammeListFilter),
        ("sector", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["action__identifier", "action__name", "method", "estimated_by"]
    list_select_related = ["action__programme", "sector"]
    fields = ["action", *ESTIMATE_FIELDS]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "action" and formfield is not None:
            formfield.queryset = formfield.queryset.select_related("programme")
            formfield.label_from_instance = action_label
            return formfield
        return _sector_choices(formfield)
