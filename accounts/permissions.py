"""Who may change what. Every view and template asks here, and nowhere else decides.

* A **coordinator** (a superuser, or a member of the coordinators' group) may update any
  action and enter any indicator's values; the structure is edited in the admin.
* An **editor** may update the actions they are a contact person for, and the actions for
  which one of their units (or a unit under it) is responsible; and enter the values of
  the indicators they are a contact person for.
* A **viewer** reads what logged-in users read and changes nothing. Anonymous visitors
  read the public dashboard when it is on (``programmes.access``).
"""

from __future__ import annotations

from django.db.models import Q

from accounts.roles import COORDINATOR, EDITOR
from programmes.models import Action


def _groups(user) -> set[str]:
    if not hasattr(user, "_role_groups"):
        user._role_groups = set(user.groups.values_list("name", flat=True))
    return user._role_groups


def is_coordinator(user) -> bool:
    return user.is_active and (user.is_superuser or COORDINATOR in _groups(user))


def is_editor(user) -> bool:
    return user.is_active and EDITOR in _groups(user)


def unit_ids_of(user) -> set[int]:
    """The user's units and every unit under them."""
    if not hasattr(user, "profile"):
        return set()
    return user.profile.units.all().ids_with_units_beneath()


def own_actions(user):
    """The actions a person answers for: contact person, or one of their units is responsible.

    For a coordinator this is the same as for anyone; coordinators reach all others
    through the lists.
    """
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.filter(
        Q(contact_persons=user) | Q(units__in=unit_ids_of(user))
    ).distinct()


def updatable_actions(user):
    """The actions ``user`` may update: all for a coordinator, their own for an editor."""
    if not user.is_authenticated or not (is_coordinator(user) or is_editor(user)):
        return Action.objects.none()
    return Action.objects.all() if is_coordinator(user) else own_actions(user)


def can_update_action(user, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    return is_editor(user) and updatable_actions(user).filter(pk=action.pk).exists()


def can_edit_indicator_values(user, indicator) -> bool:
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    return is_editor(user) and indicator.contact_persons.filter(pk=user.pk).exists()


def editable_indicators(user):
    """The indicators whose values ``user`` may enter: ``can_edit_indicator_values`` over many.

    All for a coordinator, their own for an editor, none for others.
    """
    from indicators.models import Indicator

    if not user.is_authenticated or not (is_coordinator(user) or is_editor(user)):
        return Indicator.objects.none()
    return Indicator.objects.all() if is_coordinator(user) else user.contact_indicators.all()


def can_import_indicator_values(user) -> bool:
    """Whether ``user`` may import values at all: a coordinator or an editor. Which rows of
    the file they may write is ``editable_indicators``; the others are errors."""
    return user.is_authenticated and (is_coordinator(user) or is_editor(user))
