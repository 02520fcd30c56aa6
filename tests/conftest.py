"""Shared fixtures: three standing users and a small, fully linked programme."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.models import (
    Action,
    ActionResponsibility,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    StrategicGoal,
    Strategy,
)
from programmes.writes import one_write

# pytest keeps its assertion-rewritten test modules in __pycache__ (git-ignored) even where
# PYTHONDONTWRITEBYTECODE is set: rewriting 78 modules again took each worker 3-4 s.
sys.dont_write_bytecode = False

# Fixtures of one feature, shared by its test modules.
pytest_plugins = ["tests.emissions_fixtures"]

# Live-server tests run the server in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_use_migrations):
    """The test database is built from the models (``--no-migrations``), then the data
    migrations run against the final state, in the order the migrations apply: the role
    groups and their permissions are in the database as ``migrate`` would leave them.

    Applying the migrations one by one took 7-9 s for each worker, most of it Django
    rendering each intermediate state; ``.ci/run`` and ``manage.py demo`` apply them.
    """
    if not django_db_use_migrations:
        with django_db_blocker.unblock():
            replay_data_migrations()


def replay_data_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
        apps = executor.loader.project_state().apps
    with connection.schema_editor() as schema_editor:
        for migration, _backwards in plan:
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs ~0.4 s a user; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def mail_sent_when_the_response_closes(monkeypatch):
    """Mail sent after the response goes out inline, as the test client closes the response, not
    from a thread: a test can then count mail.outbox as soon as the client returns."""
    import accounts.mail

    monkeypatch.setattr(accounts.mail, "in_background", False)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty dashboard cache (and so no shared ladders): a
    rolled-back database reuses ids, and so generations, that an earlier test's fragments
    were cached under."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user(
        "koordinaattori",
        "koordinaattori@example.test",
        "salasana-123",
        first_name="Kaisa",
        last_name="Koordinaattori",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "muokkaaja", "muokkaaja@example.test", "salasana-123", first_name="Matti"
    )


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user(
        "ulkopuolinen", "ulkopuolinen@example.test", "salasana-123"
    )


@dataclass
class SmallProgramme:
    """A three-level programme in force: one main goal, one path, one focus area."""

    programme: Programme
    strategic_goal: StrategicGoal
    main_goal: GoalNode
    path: GoalNode
    focus_area: GoalNode
    unit: ResponsibleUnit
    action: Action
    indicator: Indicator


@pytest.fixture
def small_programme(db, editor) -> SmallProgramme:
    with one_write():  # 117 queries written row by row, 79 as one write
        return _small_programme(editor)


def _small_programme(editor) -> SmallProgramme:
    strategy = Strategy.objects.create(
        name="Kaupunkistrategia 2030", start_year=2021, end_year=2030
    )
    strategic_goal = StrategicGoal.objects.create(strategy=strategy, identifier="S1", name="Koti")
    programme = Programme.objects.create(
        name="Ilmasto-ohjelma",
        slug="ilmasto-2021",
        strategy=strategy,
        start_year=2021,
        end_year=2025,
        status=Programme.Status.IN_FORCE,
    )
    main_level = GoalLevel.objects.create(
        programme=programme,
        depth=1,
        name="päätavoite",
        name_plural="päätavoitteet",
        actions_allowed=False,
    )
    path_level = GoalLevel.objects.create(
        programme=programme, depth=2, name="kehityspolku", name_plural="kehityspolut"
    )
    focus_level = GoalLevel.objects.create(
        programme=programme, depth=3, name="painopiste", name_plural="painopisteet"
    )
    main_goal = GoalNode.objects.create(
        programme=programme, level=main_level, identifier="T1", name="Hiilineutraalius 2035"
    )
    main_goal.strategic_goals.add(strategic_goal)
    path = GoalNode.objects.create(
        programme=programme, level=path_level, identifier="P1", name="Energiaviisas Salo"
    )
    path.serves.add(main_goal)
    focus_area = GoalNode.objects.create(
        programme=programme,
        level=focus_level,
        parent=path,
        identifier="P1.1",
        name="Kiinteistöjen energia",
        target_state="Kaupungin kiinteistöt eivät käytä öljyä.",
        target_state_year=2025,
    )
    division = ResponsibleUnit.objects.create(name="Tekniset palvelut")
    unit = ResponsibleUnit.objects.create(name="Tilapalvelut", parent=division)
    action = Action.objects.create(
        goal=focus_area,
        identifier="1.1.1",
        name="Luovutaan öljylämmityksestä",
        is_key_action=True,
        start_date=date(2021, 6, 1),
        end_date=date(2025, 12, 31),
    )
    ActionResponsibility.objects.create(
        action=action, unit=unit, role=ActionResponsibility.Role.PRIMARY
    )
    action.contact_persons.add(editor)
    indicator = Indicator.objects.create(
        name="Lämmitysöljyn kulutus",
        unit="m³",
        direction=Indicator.Direction.DECREASE,
        baseline_year=2016,
        baseline_value=930,
    )
    indicator.goals.add(focus_area)
    IndicatorTarget.objects.create(indicator=indicator, year=2035, value=0)
    IndicatorValue.objects.create(indicator=indicator, date=date(2022, 12, 31), value=465)
    # Entered when the programme was approved, as a city's actions are: never updated, it
    # is stale (an action entered today would not be, until its window has passed).
    Action.objects.filter(pk=action.pk).update(created_at=datetime(2021, 5, 24, 9, tzinfo=UTC))
    action.refresh_from_db()
    return SmallProgramme(
        programme, strategic_goal, main_goal, path, focus_area, unit, action, indicator
    )


# The tests that take seconds each, not milliseconds. They are handed to the workers first,
# so that no worker is left with one of them while the other has finished. (Never one that
# uses the transactional database: pytest-django runs those last, since they empty it.)
LONG_TESTS = (
    "test_query_counts.py::",
    "test_password_reset_timing.py::",
    "test_backup.py::test_the_demo_survives_a_round_trip",
    "test_stored_verdicts.py::test_stored_verdicts_equal_a_full_recomputation",
    "test_cache_scopes.py::test_a_shared_ladder_equals_a_full_read_after_any_writes",
    "test_emissions_query_counts.py::",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not any(long in item.nodeid for long in LONG_TESTS))
