"""The coordinator's admin for indicators: what is measured, targets and values."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Max, Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators import formatting
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.admin_base import (
    ProgrammeListFilter,
    ReadOnlyInline,
    SafeChangeListMixin,
    action_label,
    goal_label,
    translations_fieldset,
    user_label,
)
from programmes.forms_admin import ReadOnlyInlineFormSet
from programmes.models import Action, GoalNode


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ["year", "value", "note"]
    extra = 1


class ComponentInline(ReadOnlyInline, admin.TabularInline):
    """The total's components, read-only: a component names its total on its own form."""

    model = Indicator
    fk_name = "component_of"
    formset = ReadOnlyInlineFormSet
    fields = readonly_fields = ["identifier", "name", "unit"]
    verbose_name = _("component")
    verbose_name_plural = _("components")
    show_change_link = True
    can_delete = False
    extra = 0
    max_num = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["date", "value", "note", "entered_by_name", "entered_at"]
    readonly_fields = ["entered_by_name", "entered_at"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by")

    @admin.display(description=_("entered by"))
    def entered_by_name(self, value: IndicatorValue) -> str:
        return user_label(value.entered_by)


@admin.register(Indicator)
class IndicatorAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "identifier",
        "unit",
        "direction",
        "time_resolution",
        "baseline",
        "latest_value_date",
        "measures",
    ]
    list_filter = [
        "direction",
        "time_resolution",
        ("goals__programme", ProgrammeListFilter),
    ]
    search_fields = ["identifier", "name", "description", "source", "unit", "goals__name"]
    autocomplete_fields = ["contact_persons", "component_of"]
    filter_horizontal = ["goals", "actions"]
    inlines = [IndicatorTargetInline, IndicatorValueInline, ComponentInline]
    fieldsets = [
        (_("Basics"), {"fields": ["identifier", "name", "description", "order"]}),
        (
            _("How progress is judged"),
            {
                "fields": [
                    "unit",
                    "decimals",
                    "direction",
                    "rate_kind",
                    "time_resolution",
                    "baseline_year",
                    "baseline_value",
                ],
                "description": _(
                    "Progress compares the change since the baseline with the change "
                    "needed to reach each target in time."
                ),
            },
        ),
        (_("What it measures"), {"fields": ["goals", "actions", "component_of"]}),
        (_("Source and responsibility"), {"fields": ["source", "source_url", "contact_persons"]}),
        translations_fieldset(Indicator),
    ]

    def get_inlines(self, request, obj):
        # A new indicator has no components yet: each names its total on its own form.
        if obj is None:
            return [i for i in self.inlines if i is not ComponentInline]
        return self.inlines

    def get_queryset(self, request):
        goals = GoalNode.objects.only("identifier", "name").order_by()
        return (
            super()
            .get_queryset(request)
            .annotate(latest_value_on=Max("values__date"))
            .prefetch_related(Prefetch("goals", queryset=goals))
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "goals":
            kwargs["queryset"] = GoalNode.objects.select_related("programme", "level")
        elif db_field.name == "actions":
            kwargs["queryset"] = Action.objects.select_related("programme")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "goals":
            field.label_from_instance = goal_label
        elif db_field.name == "actions":
            field.label_from_instance = action_label
        return field

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        values = formset.save(commit=False)
        for value in formset.deleted_objects:
            value.delete()
        for value in values:  # only the new and changed ones
            value.entered_by = request.user
            value.save()
        formset.save_m2m()
        return None

    @admin.display(description=_("baseline"))
    def baseline(self, indicator: Indicator) -> str:
        if indicator.baseline_year is None:
            return ""
        value = formatting.number(indicator.baseline_value, indicator.decimals)
        return f"{indicator.baseline_year}: {value}"

    @admin.display(description=_("latest value"), ordering="latest_value_on")
    def latest_value_date(self, indicator: Indicator):
        return indicator.latest_value_on

    @admin.display(description=_("measures goals"))
    def measures(self, indicator: Indicator) -> str:
        return ", ".join(goal.identifier for goal in indicator.goals.all())


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """Values across indicators, e.g. to enter this year's figures one after another."""

    list_display = ["indicator", "date", "value", "note", "entered_by_name", "entered_at"]
    list_select_related = ["indicator", "entered_by"]
    list_filter = [("indicator__goals__programme", ProgrammeListFilter), "indicator"]
    search_fields = ["indicator__name", "indicator__identifier", "note"]
    date_hierarchy = "date"
    ordering = ["-date", "indicator__name"]
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "date", "value", "note", "entered_by_name", "entered_at"]
    readonly_fields = ["entered_by_name", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("entered by"), ordering="entered_by__last_name")
    def entered_by_name(self, value: IndicatorValue) -> str:
        return user_label(value.entered_by)
