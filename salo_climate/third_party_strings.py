"""Strings of Django 6.1's admin and of django-axes that their own catalogues leave
untranslated in Finnish (or at all): marked here so that ``makemessages`` keeps them in
this project's catalogues, which ``LOCALE_PATHS`` puts before theirs. The msgids must be
the libraries' own, letter for letter; ``tests/test_admin_language.py`` finds any that a
new release adds. (The admin's JavaScript strings are in ``locale/*/LC_MESSAGES/djangojs.po``,
written by hand: no JavaScript of this project's is scanned for them.)
"""

from django.utils.translation import gettext_noop as _

DJANGO = [
    _("- Select an option -"),
    _("Run"),
    _("Change or view list link"),
    _("Pagination %(name)s entries"),
    _("Pagination %(name)s"),
    _("Search %(name)s"),
    _("Filter by %(field_name)s"),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the "
        "following protected related objects:"
    ),
    _(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
        "following related items will be deleted:"
    ),
]

AXES = [
    _("Login throttling"),  # the app's name in the admin, set in accounts.apps
    _("User Agent"),
    _("IP Address"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("access failure"),
    _("access failures"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("access log"),
    _("access logs"),
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
]
