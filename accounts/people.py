"""How the site names a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def display_name(user: User | None) -> str:
    """The user's full name, else their username; "" when there is no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
