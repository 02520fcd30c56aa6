"""What every app's admin shares: changelists that survive any query string, the
programme filter, and the labels of choices that span programmes.

Every app's admin module imports these from here rather than from each other.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.people import display_name
from programmes.models import Action, GoalLevel, GoalNode, ResponsibleUnit, StrategicGoal
from programmes.writes import one_write


class PeopleByNameMixin:
    """People are picked by their names in every select and list of choices, with the
    username after it to tell two of the same name apart: "Eero Salminen (editor)"."""

    def _by_name(self, formfield):
        if formfield is not None and formfield.queryset.model is get_user_model():
            formfield.label_from_instance = person_label
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._by_name(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._by_name(super().formfield_for_manytomany(db_field, request, **kwargs))


def person_label(user) -> str:
    name = display_name(user)
    return name if name == user.get_username() else f"{name} ({user.get_username()})"


class PeopleAutocomplete(AutocompleteJsonView):
    """The admin's search-as-you-type for people answers with names, as the selects do."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = person_label(obj)
        return result


def people_autocomplete(request):
    return PeopleAutocomplete.as_view(admin_site=admin.site)(request)


class CollectedWritesMixin:
    """An admin's save or delete writes many rows at once: a goal with its links and
    inlines, an indicator with the values deleted with it, the rows picked in a changelist.
    They are written as an import writes them, as one write (``programmes.writes``): each
    indicator judged once and the dashboard cache marked once per scope, at the end
    (deleting one of the demo's indicators with its 20 values: 149 queries and 24 marks
    before, 62 queries and one mark now)."""

    def save_related(self, request, form, formsets, change):
        with one_write():
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with one_write():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with one_write():
            super().delete_queryset(request, queryset)


class SafeChangeListMixin(CollectedWritesMixin, PeopleByNameMixin):
    """Changelists that survive any query string (every admin of the project is one, and
    so also picks people by name, ``PeopleByNameMixin``, and collects its writes,
    ``CollectedWritesMixin``).

    Django already answers unknown filters and most bad values with a redirect or a 400.
    Two things are left. A NUL character: PostgreSQL refuses it in a query, and the page
    would fail with a 500, so it is dropped from the search and filter values before use.
    And a date part Python's dates cannot hold (``created_at__year=0``, ``-1``, a 30-digit
    year, ``__month=13`` on a date hierarchy): it fails only when the count query is
    built, as a ValueError or OverflowError, so it is turned into the bad-filter answer
    Django gives every other wrong value (a redirect to ``?e=1``).
    """

    def changelist_view(self, request: HttpRequest, extra_context=None):
        query = request.GET.urlencode()
        if "%00" in query:  # a literal "%" is encoded as "%25", so this is only ever NUL
            request.GET = QueryDict(query.replace("%00", ""))
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request: HttpRequest):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class ProgrammeListFilter(admin.RelatedFieldListFilter):
    """The related-field filter, titled "programme" whatever the field's verbose name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("programme")


# --- choice labels ----------------------------------------------------------
# Identifiers such as "P1" repeat in every programme, so a choice list spanning
# programmes must say which programme each choice belongs to.


def goal_label(goal: GoalNode) -> str:
    return f"{goal} · {goal.programme}"


def level_label(level: GoalLevel) -> str:
    return f"{level} · {level.programme}"


def strategic_goal_label(goal: StrategicGoal) -> str:
    return f"{goal} · {goal.strategy}"


def action_label(action: Action) -> str:
    return f"{action} · {action.programme}"


def unit_label(unit: ResponsibleUnit) -> str:
    return f"{unit.parent} › {unit}" if unit.parent_id else str(unit)


def user_label(user) -> str:
    return display_name(user)


class ReadOnlyInline:
    """An inline that shows rows and changes none: they are edited elsewhere or never."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def translations_fieldset(model) -> tuple:
    """The Swedish and English versions of ``model``'s content, folded away: optional."""
    fields = [name for field in model.TRANSLATED for name in model.translation_fields(field)]
    return (
        _("In Swedish and English"),
        {
            "fields": fields,
            "classes": ["collapse"],
            "description": _(
                "Optional. Readers of the Swedish or English pages see these; where one "
                "is empty they see the Finnish text."
            ),
        },
    )
