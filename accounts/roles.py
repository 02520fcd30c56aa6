"""The roles, as groups every installation has (created by a migration)."""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "Ohjelmakoordinaattorit"
EDITOR = "Toimenpiteiden päivittäjät"
VIEWER = "Lukijat"

ROLES = {
    COORDINATOR: _("Coordinators: edit the programme structure and users, update any action."),
    EDITOR: _("Editors: update their own actions and their units' actions."),
    VIEWER: _("Viewers: read everything a logged-in user may read, internal notes included."),
}
