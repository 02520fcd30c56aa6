"""The roles, as groups every installation has (created by a migration)."""

COORDINATOR = "Ohjelmakoordinaattorit"
EDITOR = "Toimenpiteiden päivittäjät"
VIEWER = "Lukijat"
