"""Who may read what. Every view asks here; templates only display the answers.

Which rows a reader may see is a QuerySet method beside each model, ``visible_to(user)``
(``Programme``, ``GoalNode``, ``Action``, ``Indicator``); this module answers the
questions about readers: may they read the dashboard at all, internal notes, names.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from accounts.people import display_name


def may_read_dashboard(user) -> bool:
    return settings.PUBLIC_DASHBOARD or user.is_authenticated


def may_see_internal_notes(user) -> bool:
    """Internal notes on status updates are for logged-in users only."""
    return user.is_authenticated


# What the public sees of people, one rule for pages, exports, the API and emails:
#
# * Logged-in readers (staff, council members) see everyone by name.
# * On the site's pages the public sees an action's or an indicator's contact persons by
#   name and work email: answering for it to residents is their duty. Anyone else, such
#   as the author of a status update who is not one of the action's contact persons, is
#   shown as the action's responsible unit.
# * Open data (CSV and XLSX downloads, the API) names nobody to the public: a contact
#   person appears as their unit. Files travel and are copied; pages do not.
# * Emails go to staff about their own duties (reminders) or to coordinators: names.
#
# The privacy notice (templates/pages/privacy.html) states the same.


def may_see_names(user) -> bool:
    """Every name, everywhere (pages, open data, the API): logged-in readers only."""
    return user.is_authenticated


def author_shown(user, author, *, contact_ids: set[int], unit_name: str) -> str:
    """How a page names the author of an update: by name to logged-in readers and, for the
    public, when the author answers for the action; otherwise as its responsible unit."""
    if author is None:
        return ""
    if may_see_names(user) or author.pk in contact_ids:
        return display_name(author)
    return unit_name


def dashboard_view(view):
    """Let the public in when ``PUBLIC_DASHBOARD`` is on; otherwise ask for a login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_dashboard(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
