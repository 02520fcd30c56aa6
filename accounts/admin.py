from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from programmes.admin_base import SafeChangeListMixin, people_autocomplete

User = get_user_model()


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["units"]
    fields = ["title", "phone", "units", "receives_reminders", "language"]


admin.site.unregister(User)
# Before the admin's URLs are built: its autocomplete answers with people's names.
admin.site.autocomplete_view = people_autocomplete

# The admins that come with Django and django-axes, registered before this module, get
# the changelist that survives any query string, as every admin of the project does.
for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, SafeChangeListMixin):
        _safe = type(type(_model_admin).__name__, (SafeChangeListMixin, type(_model_admin)), {})
        admin.site.unregister(_model)
        admin.site.register(_model, _safe)


@admin.register(User)
class PersonAdmin(SafeChangeListMixin, UserAdmin):
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
