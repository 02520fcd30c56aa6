"""The suite builds its database from the models and replays the data migrations
(``tests/conftest.py``); here the role groups and permissions that leaves are compared
with those of a database built by ``manage.py migrate``.

``.ci/run`` migrates an empty SQLite database and runs this module with
``MIGRATED_DATABASE`` naming it (``uv run pytest -m migrations``). A permission granted
by a migration that the replay missed would pass every role test and fail here.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.migrations, pytest.mark.django_db]

GRANTED = """
    SELECT g.name, ct.app_label, p.codename
    FROM auth_group g
    LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id
    LEFT JOIN auth_permission p ON p.id = gp.permission_id
    LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
"""


def test_the_replayed_roles_equal_those_migrate_leaves():
    path = os.environ.get("MIGRATED_DATABASE")
    if not path:
        pytest.skip("set MIGRATED_DATABASE to a SQLite database built by manage.py migrate")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as migrated_db:
        migrated = set(migrated_db.execute(GRANTED))
    replayed = {
        (group.name, permission.content_type.app_label, permission.codename)
        for group in Group.objects.prefetch_related("permissions__content_type")
        for permission in group.permissions.all()
    } | {(group.name, None, None) for group in Group.objects.filter(permissions=None)}
    assert len(migrated) > 10
    assert replayed == migrated
