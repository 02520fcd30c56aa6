"""The reminder log, read-only: the coordinator sees who was reminded and what failed."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from programmes.admin_base import SafeChangeListMixin
from reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["sent_at", "email", "recipient", "kind", "status", "item_count", "subject"]
    list_filter = ["status", "kind", "sent_at", "language"]
    search_fields = ["email", "recipient__username", "recipient__last_name", "subject"]
    date_hierarchy = "sent_at"
    list_select_related = ["recipient"]
    fields = [
        "sent_at",
        "recipient",
        "email",
        "kind",
        "status",
        "error",
        "language",
        "subject",
        "item_count",
        "items_listed",
    ]
    readonly_fields = fields

    @admin.display(description=_("items"))
    def items_listed(self, reminder: Reminder) -> str:
        return format_html(
            "<pre>{}</pre>", json.dumps(reminder.items, ensure_ascii=False, indent=2)
        )

    # The log is written by send_reminders only; nobody edits or forges it. A superuser
    # may delete old entries, which hold email addresses.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
