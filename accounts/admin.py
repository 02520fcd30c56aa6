from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile

User = get_user_model()


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["units"]
    fields = ["title", "phone", "units", "receives_reminders", "language"]


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """Django's user admin, with the person's work details and units alongside."""

    inlines = [ProfileInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "receives_reminders",
    ]
    list_select_related = ["profile"]
    list_filter = ["is_active", "is_staff", "groups", "profile__receives_reminders"]

    @admin.display(
        boolean=True, description=_("receives reminders"), ordering="profile__receives_reminders"
    )
    def receives_reminders(self, user) -> bool | None:
        """Whether the person gets the reminder digest: the coordinator sees who opted out."""
        profile = getattr(user, "profile", None)
        return None if profile is None else profile.receives_reminders
