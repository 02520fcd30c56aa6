"""The monitoring reports' pages: the list, and a report as it prints for the council."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from programmes.access import dashboard_view
from programmes.cache import cached_fragment, conditional_page
from programmes.pages import scopes_of_programme
from reports.freezing import compare, content_of
from reports.models import MonitoringReport

TEMPLATE = "reports/report_detail.html"


@require_GET
@dashboard_view
def report_list(request: HttpRequest) -> HttpResponse:
    reports = MonitoringReport.objects.visible_to(request.user).select_related(
        "programme", "council_report"
    )
    return render(request, "reports/report_list.html", {"reports": reports})


def report_scopes(request: HttpRequest, pk: int) -> list[str]:
    programme_ids = MonitoringReport.objects.filter(pk=pk).values_list("programme_id", flat=True)
    return [scope for pk in programme_ids for scope in scopes_of_programme(pk)]


@require_GET
@dashboard_view
@conditional_page(report_scopes)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        MonitoringReport.objects.visible_to(request.user).select_related(
            "programme", "council_report"
        ),
        pk=pk,
    )

    def context() -> dict:
        data = content_of(report)
        comparison = None if report.is_frozen else compare(report.programme, current=data)
        return {"report": report, "c": data, "comparison": comparison}

    body = cached_fragment(
        request,
        f"{TEMPLATE}#body",
        key=[report.pk, report.is_frozen],
        context=context,
        scopes=scopes_of_programme(report.programme_id),
    )
    return render(request, TEMPLATE, {"report": report, "body": body})
