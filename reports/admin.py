from django.contrib import admin

from programmes.admin_base import SafeChangeListMixin
from reports.models import CouncilReport


@admin.register(CouncilReport)
class CouncilReportAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["date", "body", "title", "programme"]
    list_filter = ["programme", "body"]
    search_fields = ["title", "body", "notes"]
    date_hierarchy = "date"
    fields = ["programme", "date", "body", "title", "notes"]
