"""Who may read what. Every view asks here; templates only display the answers.

Which rows a reader may see is a QuerySet method beside each model, ``visible_to(user)``
(``Programme``, ``GoalNode``, ``Action``, ``Indicator``); this module answers the
questions about readers: may they read the dashboard at all, internal notes, names.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def may_read_dashboard(user) -> bool:
    return settings.PUBLIC_DASHBOARD or user.is_authenticated


def may_see_internal_notes(user) -> bool:
    """Internal notes on status updates are for logged-in users only."""
    return user.is_authenticated


def may_see_names(user) -> bool:
    """Names of the people behind changes and updates: logged-in readers only."""
    return user.is_authenticated


def dashboard_view(view):
    """Let the public in when ``PUBLIC_DASHBOARD`` is on; otherwise ask for a login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_dashboard(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
