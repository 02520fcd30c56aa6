from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin_base import SafeChangeListMixin
from reports.freezing import freeze
from reports.models import CouncilReport, MonitoringReport


@admin.register(CouncilReport)
class CouncilReportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["date", "body", "title", "programme"]
    list_filter = ["programme", "body"]
    search_fields = ["title", "body", "notes"]
    date_hierarchy = "date"
    fields = ["programme", "date", "body", "title", "notes"]


class MonitoringReportForm(forms.ModelForm):
    """The report, and, while it is a draft, the meeting that handles it (which freezes it)."""

    handled_on = forms.DateField(
        label=_("Handled on"),
        required=False,
        help_text=_(
            "The day of the meeting that handled the report. Saving with a day and a body "
            "freezes the report: its content no longer changes."
        ),
    )
    handled_by = forms.CharField(
        label=_("Handled by"),
        required=False,
        max_length=200,
        help_text=_("The body, e.g. Kaupunginvaltuusto."),
    )

    class Meta:
        model = MonitoringReport
        fields = ["programme", "title", "period_start", "period_end", "language", "introduction"]

    def clean(self):
        data = super().clean()
        on, by = data.get("handled_on"), (data.get("handled_by") or "").strip()
        if bool(on) != bool(by):
            raise ValidationError(
                _("Give both the day of the meeting and the body that handled the report.")
            )
        start = data.get("period_start")
        if on and start and on < start:
            self.add_error("handled_on", _("The meeting cannot be before the period begins."))
        return data


@admin.register(MonitoringReport)
class MonitoringReportAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    form = MonitoringReportForm
    list_display = ["title", "programme", "period_start", "period_end", "state"]
    list_filter = ["programme"]
    search_fields = ["title"]
    date_hierarchy = "period_end"

    @admin.display(description=_("state"))
    def state(self, report: MonitoringReport) -> str:
        if report.is_frozen:
            meeting = report.council_report
            return _("handled by %(body)s on %(date)s") % {
                "body": meeting.body,
                "date": meeting.date.strftime("%-d.%-m.%Y"),
            }
        return _("draft")

    @admin.display(description=_("report page"))
    def page(self, report: MonitoringReport) -> str:
        if report.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', report.get_absolute_url(), _("Open the report"))

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return [
                "page",
                "programme",
                "title",
                "period_start",
                "period_end",
                "language",
                "introduction",
                "council_report",
                "frozen_at",
            ]
        fields = ["programme", "title", "period_start", "period_end", "language", "introduction"]
        if obj is not None:
            fields = ["page", *fields, "handled_on", "handled_by"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return self.get_fields(request, obj)
        return ["page"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False  # the council handled it: it stays as it was
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        on, by = form.cleaned_data.get("handled_on"), form.cleaned_data.get("handled_by")
        if on and by:
            try:
                freeze(obj, handled_on=on, body=by)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("The report is frozen: its content is stored."), messages.SUCCESS
                )
