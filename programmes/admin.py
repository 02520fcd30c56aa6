"""The coordinator's admin: build and maintain a programme, its ladder, actions and units.

The admin is where the programme structure is edited; staff record status updates in
the site itself. Validation lives in the models and in ``programmes.forms_admin``,
what every app's admin shares in ``programmes.admin_base``; this module arranges the
pages.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.permissions import is_coordinator
from programmes import backup
from programmes.admin_base import (
    ProgrammeListFilter,
    ReadOnlyInline,
    SafeChangeListMixin,
    translations_fieldset,
    unit_label,
    user_label,
)
from programmes.forms_admin import (
    ActionAdminForm,
    ActionResponsibilityForm,
    ActionResponsibilityFormSet,
    GoalLevelForm,
    GoalLevelFormSet,
    GoalNodeAdminForm,
    ReadOnlyInlineFormSet,
    primary_first,
)
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    ScheduleRevision,
    StrategicGoal,
    Strategy,
)


def level_name_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """Filter by level name ("kehityspolku"), which reads the same across programmes."""

    class LevelNameFilter(admin.SimpleListFilter):
        title = _("level")
        parameter_name = "level_name"

        def lookups(self, request, model_admin):
            names = (
                GoalLevel.objects.order_by("depth", "name")
                .values_list("name", flat=True)
                .distinct()
            )
            return [(name, name) for name in dict.fromkeys(names)]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{field_path: self.value()})
            return queryset

    return LevelNameFilter


# --- strategy -------------------------------------------------------------------


class StrategicGoalInline(admin.TabularInline):
    model = StrategicGoal
    fields = ["order", "identifier", "name", "name_sv", "name_en", "description"]
    extra = 1


@admin.register(Strategy)
class StrategyAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    list_display = ["name", "vision", "start_year", "end_year"]
    search_fields = ["name", "vision", "goals__name"]
    inlines = [StrategicGoalInline]


# --- responsible units -------------------------------------------------------------


class UnitKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("division", _("divisions")), ("unit", _("units under a division"))]

    def queryset(self, request, queryset):
        if self.value() == "division":
            return queryset.filter(parent__isnull=True)
        if self.value() == "unit":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "parent", "email", "order"]
    list_select_related = ["parent"]
    list_filter = [UnitKindFilter, ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "abbreviation", "parent__name"]
    ordering = ["parent__order", "parent__name", "order", "name"]
    fields = ["name", "name_sv", "name_en", "abbreviation", "parent", "email", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent":
            field.queryset = field.queryset.select_related("parent")
            field.label_from_instance = unit_label
        return field


# --- programme and goals ---------------------------------------------------------


class GoalLevelInline(admin.TabularInline):
    model = GoalLevel
    form = GoalLevelForm
    formset = GoalLevelFormSet
    fields = [
        "depth",
        "name",
        "name_plural",
        "name_sv",
        "name_plural_sv",
        "name_en",
        "name_plural_en",
        "actions_allowed",
    ]
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    list_display = ["name", "period", "status", "is_published", "approved_on", "goal_links"]
    list_filter = ["status", "is_published"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GoalLevelInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "strategy"]}),
        (
            _("Period and approval"),
            {"fields": ["start_year", "end_year", "approved_on", "approved_by"]},
        ),
        (_("Publication and follow-up"), {"fields": ["status", "is_published", "staleness_days"]}),
        translations_fieldset(Programme),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                goal_count=Count("goals", distinct=True),
                action_count=Count("actions", distinct=True),
            )
        )

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, programme: Programme) -> str:
        return programme.period

    # --- backup (programmes.backup): download one programme, import one ---------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/backup/",
                self.admin_site.admin_view(self.backup_view),
                name="programmes_programme_backup",
            ),
            path(
                "import-backup/",
                self.admin_site.admin_view(self.import_backup_view),
                name="programmes_programme_import_backup",
            ),
        ]
        return own + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_back_up": is_coordinator(request.user)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_back_up": is_coordinator(request.user)}
        return super().changelist_view(request, extra_context)

    def backup_view(self, request, pk: int):
        """The programme's whole backup as a JSON download: for coordinators only."""
        if request.method != "GET" or not is_coordinator(request.user):
            raise PermissionDenied
        programme = get_object_or_404(Programme, pk=pk)
        today = timezone.localdate().isoformat()
        response = HttpResponse(
            backup.export_programme(programme), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{programme.slug}-backup-{today}.json"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def import_backup_view(self, request):
        """Upload a backup, see what it holds (a dry run of the import), confirm."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = backup.ImportBackupForm(request.POST, request.FILES)
        else:
            form = backup.ImportBackupForm()
        summary = error = None
        if form.is_bound and form.is_valid():
            confirmed = bool(form.cleaned_data["fingerprint"])
            try:
                summary = backup.import_programme(form.cleaned_data["data"], dry_run=not confirmed)
            except backup.BackupError as failure:
                error = str(failure)
            else:
                if confirmed:
                    self.message_user(
                        request,
                        _("Programme %(name)s imported.") % {"name": summary.programme_name},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:programmes_programme_change", args=[summary.programme_pk])
                    )
                form = backup.ImportBackupForm(
                    initial={"fingerprint": form.cleaned_data["data_fingerprint"]}
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a programme backup"),
            "form": form,
            "summary": summary,
            "error": error,
            "max_megabytes": backup.MAX_UPLOAD_BYTES // (1024 * 1024),
        }
        return TemplateResponse(
            request,
            "admin/programmes/programme/import_backup.html",
            context,
            status=400 if error or form.errors else 200,
        )

    @admin.display(description=_("goals and actions"))
    def goal_links(self, programme: Programme) -> str:
        goals = reverse("admin:programmes_goalnode_changelist")
        actions = reverse("admin:programmes_action_changelist")
        return format_html(
            '<a href="{}?programme__id__exact={}">{} {}</a> · '
            '<a href="{}?programme__id__exact={}">{} {}</a>',
            goals,
            programme.pk,
            programme.goal_count,
            _("goals"),
            actions,
            programme.pk,
            programme.action_count,
            _("actions"),
        )


@admin.register(GoalNode)
class GoalNodeAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    form = GoalNodeAdminForm
    list_display = ["identifier", "name", "level", "programme", "parent"]
    list_display_links = ["identifier", "name"]
    list_select_related = ["programme", "level", "parent"]
    list_filter = ["programme", level_name_filter("level__name")]
    search_fields = ["identifier", "name", "description", "target_state"]
    ordering = ["-programme__start_year", "programme__name", "level__depth", "order", "identifier"]
    filter_horizontal = ["serves", "strategic_goals"]
    fieldsets = [
        (
            _("Place in the programme"),
            {"fields": ["programme", "level", "parent", "identifier", "order"]},
        ),
        (_("Content"), {"fields": ["name", "description"]}),
        (_("Target state"), {"fields": ["target_state", "target_state_year"]}),
        (
            _("Links up the target ladder"),
            {
                "fields": ["serves", "strategic_goals"],
                "description": _(
                    "A goal serves goals on higher levels of the same programme, and the "
                    "top goals serve the goals of the city strategy."
                ),
            },
        ),
        (_("Headline on the overview"), {"fields": ["headline_indicator"]}),
        translations_fieldset(GoalNode),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Only main goals have a headline; a lower goal shows the field only if it has one.
        if obj is not None and obj.level.depth != 1 and obj.headline_indicator_id is None:
            fieldsets = [
                (name, opts)
                for name, opts in fieldsets
                if "headline_indicator" not in opts["fields"]
            ]
        return fieldsets

    def get_changeform_initial_data(self, request):
        # "Add" on a changelist filtered by programme starts a goal in that programme.
        initial = super().get_changeform_initial_data(request)
        filters = QueryDict(request.GET.get("_changelist_filters", ""))
        if "programme" not in initial and filters.get("programme__id__exact"):
            initial["programme"] = filters["programme__id__exact"]
        return initial


# --- actions ------------------------------------------------------------------------


class ActionResponsibilityInline(admin.TabularInline):
    model = ActionResponsibility
    form = ActionResponsibilityForm
    formset = ActionResponsibilityFormSet
    fields = ["unit", "role"]
    extra = 1

    def get_queryset(self, request):
        return primary_first(super().get_queryset(request).select_related("unit__parent"))


class StatusUpdateInline(ReadOnlyInline, admin.TabularInline):
    """The action's status log, newest first; read-only because the log is append-only."""

    model = ActionStatusUpdate
    formset = ReadOnlyInlineFormSet
    fields = readonly_fields = [
        "created_at",
        "author_name",
        "status",
        "completion_percent",
        "done",
        "bottleneck_category",
    ]
    show_change_link = True
    can_delete = False
    extra = 0
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "action")

    @admin.display(description=_("author"))
    def author_name(self, update: ActionStatusUpdate) -> str:
        return user_label(update.author)


class ScheduleRevisionInline(ReadOnlyInline, admin.TabularInline):
    """The action's proposed and decided end dates; decided in the revisions' own list."""

    model = ScheduleRevision
    fk_name = "action"
    formset = ReadOnlyInlineFormSet
    fields = readonly_fields = [
        "previous_end_date",
        "proposed_end_date",
        "reason",
        "proposer_name",
        "proposed_at",
        "state",
        "decided_at",
    ]
    show_change_link = True
    can_delete = False
    extra = 0
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposed_by", "action")

    @admin.display(description=_("proposed by"))
    def proposer_name(self, revision: ScheduleRevision) -> str:
        return user_label(revision.proposed_by)


@admin.register(Action)
class ActionAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = [
        "identifier",
        "name",
        "goal",
        "status",
        "completion_percent",
        "is_key_action",
        "end_date",
        "latest_update_time",
    ]
    list_display_links = ["identifier", "name"]
    list_filter = [
        ("programme", ProgrammeListFilter),
        "status",
        "is_key_action",
        level_name_filter("goal__level__name"),
        ("goal", admin.RelatedOnlyFieldListFilter),
        ("units", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["identifier", "name", "description"]
    ordering = ["-programme__start_year", "programme__name", "order", "identifier"]
    date_hierarchy = "end_date"
    autocomplete_fields = ["contact_persons"]
    readonly_fields = ["status", "completion_percent", "latest_update_summary"]
    fieldsets = [
        (
            _("Basics"),
            {"fields": ["identifier", "name", "goal", "is_key_action", "order", "description"]},
        ),
        translations_fieldset(Action),
        (_("Responsibility"), {"fields": ["contact_persons"]}),
        (_("Schedule"), {"fields": ["start_date", "end_date", "is_continuous"]}),
        (
            _("Current state"),
            {
                "fields": ["status", "completion_percent", "latest_update_summary"],
                "description": _(
                    "The current state is that of the latest status update. It changes "
                    "only through new status updates, which are kept as a log below."
                ),
            },
        ),
    ]

    def get_inlines(self, request, obj):
        # A new action has no status log to show.
        from emissions.admin import ImpactEstimateInline  # emissions builds on programmes

        if obj is None:
            return [ActionResponsibilityInline]
        return [
            ActionResponsibilityInline,
            ImpactEstimateInline,
            ScheduleRevisionInline,
            StatusUpdateInline,
        ]

    def get_queryset(self, request):
        # Serves the changelist too: Django skips list_select_related when the
        # queryset already selects related rows.
        return super().get_queryset(request).select_related("goal", "latest_update__author")

    def save_model(self, request, obj, form, change):
        if change:
            # Never write the current state from the form: a status update recorded
            # while the coordinator had the page open must survive this save.
            current_state = {"status", "completion_percent", "latest_update"}
            fields = [
                field.name
                for field in obj._meta.concrete_fields
                if not field.primary_key and field.name not in current_state
            ]
            obj.save(update_fields=fields)
        else:
            obj.save()

    @admin.display(description=_("latest update"), ordering="latest_update__created_at")
    def latest_update_time(self, action: Action):
        return action.latest_update.created_at if action.latest_update else None

    @admin.display(description=_("latest status update"))
    def latest_update_summary(self, action: Action) -> str:
        update = action.latest_update
        if update is None:
            return _("No status updates yet.")
        url = reverse("admin:programmes_actionstatusupdate_change", args=[update.pk])
        when = formats.localize(timezone.template_localtime(update.created_at))
        return format_html('<a href="{}">{}</a> · {}', url, when, user_label(update.author))


@admin.register(ActionStatusUpdate)
class ActionStatusUpdateAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """The status log across actions, for reading and searching; nothing is edited here."""

    list_display = [
        "created_at",
        "action",
        "author",
        "status",
        "completion_percent",
        "bottleneck_category",
    ]
    list_select_related = ["action", "author"]
    list_filter = ["status", "bottleneck_category", ("action__programme", ProgrammeListFilter)]
    search_fields = [
        "action__identifier",
        "action__name",
        "done",
        "bottleneck",
        "next_steps",
        "author__first_name",
        "author__last_name",
        "author__username",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduleRevision)
class ScheduleRevisionAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """Proposed new end dates: the coordinator accepts or declines them here or on the
    action page. A revision is never edited; accepting moves the action's end date."""

    list_display = [
        "action",
        "previous_end_date",
        "proposed_end_date",
        "proposer_name",
        "proposed_at",
        "state",
        "decided_at",
    ]
    list_select_related = ["action", "proposed_by"]
    list_filter = ["state", ("action__programme", ProgrammeListFilter)]
    search_fields = ["action__identifier", "action__name", "reason"]
    ordering = ["-proposed_at", "-id"]
    actions = ["accept", "decline"]
    fields = readonly_fields = [
        "action",
        "previous_end_date",
        "proposed_end_date",
        "reason",
        "proposed_by",
        "proposed_at",
        "state",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return is_coordinator(request.user)

    @admin.display(description=_("proposed by"), ordering="proposed_by__last_name")
    def proposer_name(self, revision: ScheduleRevision) -> str:
        return user_label(revision.proposed_by)

    @admin.action(description=_("Accept the new end dates"), permissions=["decide"])
    def accept(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline the new end dates"), permissions=["decide"])
    def decline(self, request, queryset):
        self._decide(request, queryset, accept=False)

    def _decide(self, request, queryset, *, accept: bool) -> None:
        done = 0
        for revision in queryset.select_related("action"):
            try:
                revision.decide(accept=accept, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{revision.action}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d proposal decided.", "%(count)d proposals decided.", done)
                % {"count": done},
                messages.SUCCESS,
            )
