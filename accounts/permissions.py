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
from programmes.models import Action, ResponsibleUnit


def _groups(user) -> set[str]:
    if not hasattr(user, "_role_groups"):
        user._role_groups = set(user.groups.values_list("name", flat=True))
    return user._role_groups


def is_coordinator(user) -> bool:
    return user.is_active and (user.is_superuser or COORDINATOR in _groups(user))


def is_editor(user) -> bool:
    return user.is_active and EDITOR in _groups(user)


def unit_ids_of(user) -> set[int]:
    """The user's units and the units directly under them (division → unit)."""
    if not hasattr(user, "profile"):
        return set()
    own = set(user.profile.units.values_list("pk", flat=True))
    if not own:
        return set()
    children = ResponsibleUnit.objects.filter(parent__in=own).values_list("pk", flat=True)
    return own | set(children)


def updatable_actions(user):
    """The actions ``user`` may update, as a queryset."""
    if not user.is_authenticated:
        return Action.objects.none()
    if is_coordinator(user):
        return Action.objects.all()
    if not is_editor(user):
        return Action.objects.none()
    return Action.objects.filter(
        Q(contact_persons=user) | Q(units__in=unit_ids_of(user))
    ).distinct()


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
