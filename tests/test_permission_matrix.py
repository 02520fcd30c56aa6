"""Who may do what, on every URL: a matrix of cases, each run for every kind of user.

A case is a route, a method and (for a write) a payload, with the outcome expected for
each user, once with the public dashboard on and once with it off. A case that could
write names what it would change, so a write that slips past a refusal shows as changed
data, not only as a status code. The last tests walk the URL resolver: a route without a
row here fails the suite.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Profile
from accounts.roles import COORDINATOR, EDITOR, VIEWER
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    ScheduleRevision,
    Strategy,
)
from reports.models import MonitoringReport

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Kattilatoimittaja on myöhässä, älä kerro vielä."

# --- the users ----------------------------------------------------------------------

ANONYMOUS = "anonymous"
READER = "viewer"
OTHER_EDITOR = "editor-of-another"
OWN_EDITOR = "editor-of-this"
SUPERUSER = "coordinator-superuser"
GROUP_COORDINATOR = "coordinator-group"
USERS = [ANONYMOUS, READER, OTHER_EDITOR, OWN_EDITOR, SUPERUSER, GROUP_COORDINATOR]


@dataclass
class World:
    """The small programme, a second action with its own editor, and an unpublished programme."""

    users: dict[str, Any]
    sessions: dict[str, str]  # session keys: logging in for each test took a third of the time
    ids: dict[str, Any]
    action: Action
    indicator: Indicator
    value: IndicatorValue

    def url(self, path: str) -> str:
        return path.format(**self.ids)


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """Built once for the module; every test runs in a savepoint inside it, rolled back.

    Building it for each of the several hundred tests took most of their run time.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            built = build_world()
        yield built
        transaction.set_rollback(True)


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def build_world() -> World:
    """A three-level programme in force, as in conftest's ``small_programme``, and around it:
    a second action and indicator with an editor of their own, an unpublished programme,
    and one user of each kind."""
    groups = {group.name: group for group in Group.objects.all()}

    def person(username: str, *roles: str, **flags):
        user = get_user_model().objects.create_user(
            username, f"{username}@example.test", "salasana-123", **flags
        )
        user.groups.add(*(groups[role] for role in roles))
        return user

    reader = person("lukija", VIEWER)
    editor = person("muokkaaja", EDITOR, first_name="Matti", last_name="Muokkaaja")
    other_editor = person("toinen", EDITOR)
    superuser = person("koordinaattori", is_staff=True, is_superuser=True)
    # A coordinator by group only, staff so that they may edit the structure in the admin.
    group_coordinator = person("koordinaattori2", COORDINATOR, is_staff=True)

    strategy = Strategy.objects.create(
        name="Kaupunkistrategia 2030", start_year=2021, end_year=2030
    )
    programme = Programme.objects.create(
        name="Ilmasto-ohjelma",
        slug="ilmasto-2021",
        strategy=strategy,
        start_year=2021,
        end_year=2025,
        status=Programme.Status.IN_FORCE,
    )
    levels = [
        GoalLevel.objects.create(
            programme=programme,
            depth=depth,
            name=name,
            name_plural=f"{name}t",
            actions_allowed=depth > 1,
        )
        for depth, name in [(1, "päätavoite"), (2, "kehityspolku"), (3, "painopiste")]
    ]
    main_goal = GoalNode.objects.create(
        programme=programme, level=levels[0], identifier="T1", name="Hiilineutraalius 2035"
    )
    path = GoalNode.objects.create(
        programme=programme, level=levels[1], identifier="P1", name="Energiaviisas Salo"
    )
    path.serves.add(main_goal)
    focus_area = GoalNode.objects.create(
        programme=programme,
        level=levels[2],
        parent=path,
        identifier="P1.1",
        name="Kiinteistöjen energia",
    )
    division = ResponsibleUnit.objects.create(name="Tekniset palvelut")
    unit = ResponsibleUnit.objects.create(name="Tilapalvelut", parent=division)
    action = Action.objects.create(
        goal=focus_area,
        identifier="1.1.1",
        name="Luovutaan öljylämmityksestä",
        is_key_action=True,
        start_date=date(2021, 6, 1),
        end_date=date(2024, 12, 31),  # late, so that the bottleneck pages list it
    )
    ActionResponsibility.objects.create(
        action=action, unit=unit, role=ActionResponsibility.Role.PRIMARY
    )
    action.contact_persons.add(editor)
    action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=20,
        bottleneck_category="dependency",
        bottleneck="Odotetaan kattilatoimittajaa.",
        internal_note=INTERNAL_NOTE,
    )
    revision = ScheduleRevision.objects.create(
        action=action,
        previous_end_date=action.end_date,
        proposed_end_date=date(2026, 12, 31),
        reason="Urakoitsija myöhässä.",
        proposed_by=editor,
    )
    indicator = Indicator.objects.create(
        name="Lämmitysöljyn kulutus",
        unit="m³",
        direction=Indicator.Direction.DECREASE,
        baseline_year=2016,
        baseline_value=930,
    )
    indicator.goals.add(focus_area)
    indicator.contact_persons.add(editor)
    IndicatorTarget.objects.create(indicator=indicator, year=2035, value=0)
    value = IndicatorValue.objects.create(indicator=indicator, date=date(2022, 12, 31), value=465)

    # The other editor answers for another action, in a division of their own.
    other_division = ResponsibleUnit.objects.create(name="Ympäristöpalvelut")
    Profile.objects.create(user=other_editor).units.add(other_division)
    other_action = Action.objects.create(
        goal=focus_area,
        identifier="1.1.2",
        name="Aurinkopaneelit kouluille",
        start_date=date(2022, 1, 1),
        end_date=date(2025, 12, 31),
    )
    ActionResponsibility.objects.create(
        action=other_action, unit=other_division, role=ActionResponsibility.Role.PRIMARY
    )
    other_action.contact_persons.add(other_editor)
    other_indicator = Indicator.objects.create(name="Aurinkosähkö", unit="MWh")
    other_indicator.goals.add(focus_area)
    other_indicator.contact_persons.add(other_editor)
    foreign_value = IndicatorValue.objects.create(
        indicator=other_indicator, date=date(2022, 12, 31), value=12
    )

    hidden = Programme.objects.create(
        name="Luonnos",
        slug="luonnos-2026",
        strategy=strategy,
        start_year=2026,
        end_year=2030,
        is_published=False,
    )
    hidden_level = GoalLevel.objects.create(
        programme=hidden, depth=1, name="tavoite", name_plural="tavoitteet"
    )
    hidden_goal = GoalNode.objects.create(
        programme=hidden, level=hidden_level, identifier="L1", name="Luonnostavoite"
    )
    hidden_action = Action.objects.create(
        goal=hidden_goal,
        identifier="9.1",
        name="Luonnostoimenpide",
        start_date=date(2026, 1, 1),
        end_date=date(2030, 12, 31),
    )
    hidden_indicator = Indicator.objects.create(name="Luonnosmittari", unit="t")
    hidden_indicator.goals.add(hidden_goal)
    report = MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    hidden_report = MonitoringReport.objects.create(
        programme=hidden,
        title="Luonnosraportti",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )

    users = {
        ANONYMOUS: None,
        READER: reader,
        OTHER_EDITOR: other_editor,
        OWN_EDITOR: editor,
        SUPERUSER: superuser,
        GROUP_COORDINATOR: group_coordinator,
    }
    return World(
        users=users,
        sessions={name: session_of(user) for name, user in users.items() if user is not None},
        ids={
            "action": action.pk,
            "revision": revision.pk,
            "rung": main_goal.pk,
            "goal": focus_area.pk,
            "indicator": indicator.pk,
            "value": value.pk,
            "foreign_value": foreign_value.pk,
            "unit": unit.pk,
            "hidden_action": hidden_action.pk,
            "hidden_goal": hidden_goal.pk,
            "hidden_indicator": hidden_indicator.pk,
            "report": report.pk,
            "hidden_report": hidden_report.pk,
            "programme": programme.pk,
            "hidden_programme": hidden.pk,
            "uidb64": urlsafe_base64_encode(force_bytes(editor.pk)),
            "token": "cbx6xz-0123456789abcdef0123",  # forged: no reset was asked for
        },
        action=action,
        indicator=indicator,
        value=value,
    )


# --- what a request may change --------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """Data a request could change: read before and after; ``done`` tells the write happened."""

    snapshot: Callable[[World, Any], object]
    done: Callable[[World, Any, Any], bool]


def _updates(world, client):
    return sorted(ActionStatusUpdate.objects.values_list("pk", "action_id"))


def _one_update_of_the_action(world, before, after):
    new = set(after) - set(before)
    return len(after) == len(before) + 1 and [action for _pk, action in new] == [world.action.pk]


def _values(world, client):
    return {v.pk: (v.indicator_id, v.date, v.value, v.note) for v in IndicatorValue.objects.all()}


def _value_added(world, before, after):
    new = {pk: row for pk, row in after.items() if pk not in before}
    added = (world.indicator.pk, date(2023, 12, 31), 500.5, "")
    return list(new.values()) == [added] and {pk: after[pk] for pk in before} == before


def _value_changed(world, before, after):
    changed = (world.indicator.pk, date(2022, 12, 31), 470.0, "Korjattu")
    return after == {**before, world.value.pk: changed}


def _value_deleted(world, before, after):
    return after == {pk: row for pk, row in before.items() if pk != world.value.pk}


def _profiles(world, client):
    profiles = Profile.objects.prefetch_related("units")
    return client.session.get("_auth_user_id"), {
        p.user_id: (p.title, p.language, sorted(unit.pk for unit in p.units.all()))
        for p in profiles
    }


def _own_profile_saved(world, before, after):
    """The user's own profile saved, and nobody's units changed (they grant update rights)."""
    user_id, profiles = before
    own = int(user_id)
    units = profiles[own][2] if own in profiles else []
    return after == (user_id, {**profiles, own: ("Energia-asiantuntija", "sv", units)})


def _logged_in_as(world, client):
    return client.session.get("_auth_user_id")


def _mails(world, client):
    return len(mail.outbox)


def _password_of_the_editor(world, client):
    return type(world.users[OWN_EDITOR]).objects.get(pk=world.users[OWN_EDITOR].pk).password


def _language_cookie(world, client):
    cookie = client.cookies.get(django_settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else None


NEW_UPDATE = Effect(_updates, _one_update_of_the_action)
VALUE_ADDED = Effect(_values, _value_added)
VALUE_CHANGED = Effect(_values, _value_changed)
VALUE_DELETED = Effect(_values, _value_deleted)
OWN_PROFILE = Effect(_profiles, _own_profile_saved)
LOGGED_OUT = Effect(_logged_in_as, lambda world, before, after: before and after is None)
STAYS_LOGGED_IN_OR_OUT = Effect(_logged_in_as, lambda world, before, after: False)
RESET_MAIL = Effect(_mails, lambda world, before, after: after == before + 1)
PASSWORD = Effect(_password_of_the_editor, lambda world, before, after: False)
LANGUAGE = Effect(_language_cookie, lambda world, before, after: after == "sv")


def _schedule(world, client):
    revision = ScheduleRevision.objects.get(pk=world.ids["revision"])
    return Action.objects.get(pk=world.action.pk).end_date, revision.state


END_ACCEPTED = Effect(
    _schedule, lambda world, before, after: after == (date(2026, 12, 31), "accepted")
)
END_DECLINED = Effect(_schedule, lambda world, before, after: after == (before[0], "declined"))


# --- outcomes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str | None = None  # formatted with the world's ids and the request's {url}
    writes: bool = False  # the case's effect happened (otherwise: nothing changed)
    form_error: bool = False


OK = Outcome(200)
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
NOT_ALLOWED = Outcome(405)
TO_LOGIN = Outcome(302, "/accounts/login/?next={url}")
TO_ADMIN_LOGIN = Outcome(302, "/admin/login/?next={url}")


def by_role(*, anonymous, reader, other_editor, editor, coordinator) -> dict[str, Outcome]:
    return {
        ANONYMOUS: anonymous,
        READER: reader,
        OTHER_EDITOR: other_editor,
        OWN_EDITOR: editor,
        SUPERUSER: coordinator,
        GROUP_COORDINATOR: coordinator,
    }


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(USERS, outcome)


def logged_in(anonymous: Outcome, others: Outcome) -> dict[str, Outcome]:
    return {**everyone(others), ANONYMOUS: anonymous}


def writers(*, anonymous, refused, allowed) -> dict[str, Outcome]:
    """Only the editor of this action or indicator and the coordinators may write."""
    return by_role(
        anonymous=anonymous,
        reader=refused,
        other_editor=refused,
        editor=allowed,
        coordinator=allowed,
    )


# --- the matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str  # the route's name
    method: str
    path: str  # formatted with the world's ids
    expect: dict[str, Outcome]  # with PUBLIC_DASHBOARD on
    private: dict[str, Outcome] | None = None  # with it off, when that differs
    data: Callable[[World], dict] | None = None
    effect: Effect | None = None
    htmx: bool = False
    secret: str | None = None  # shown to logged-in users only, never to the public

    def outcome(self, user: str, public: bool) -> Outcome:
        return (self.expect if public or self.private is None else self.private)[user]

    @property
    def label(self) -> str:
        return f"{self.method}{' htmx' if self.htmx else ''} {self.path}"


def dashboard(name: str, path: str, secret: str | None = None) -> list[Case]:
    """A dashboard page: public while PUBLIC_DASHBOARD is on, read only."""
    return [
        Case(name, "GET", path, everyone(OK), private=logged_in(TO_LOGIN, OK), secret=secret),
        Case(name, "POST", path, everyone(NOT_ALLOWED)),
    ]


def unpublished(name: str, path: str) -> Case:
    """A page of an unpublished programme: the public may not learn that it exists."""
    return Case(name, "GET", path, logged_in(NOT_FOUND, OK), private=logged_in(TO_LOGIN, OK))


def public_page(name: str, path: str) -> list[Case]:
    """Public whatever PUBLIC_DASHBOARD says."""
    return [Case(name, "GET", path, everyone(OK)), Case(name, "POST", path, everyone(NOT_ALLOWED))]


def update_payload(world: World) -> dict:
    version = Action.objects.get(pk=world.action.pk).latest_update_id
    return {
        "status": "in_progress",
        "completion_percent": "40",
        "done": "Kolme öljykattilaa vaihdettu maalämpöön.",
        "bottleneck_category": "",
        "bottleneck": "",
        "next_steps": "",
        "internal_note": "",
        "version": version or "",
        "submission_key": str(uuid.uuid4()),
    }


def add_payload(world: World) -> dict:
    return {"period": "2023", "value": "500,5", "note": ""}


def change_payload(world: World) -> dict:
    return {"period": "2022", "value": "470", "note": "Korjattu", "reason": "Kirjausvirhe"}


def delete_payload(world: World) -> dict:
    return {"reason": "Väärä mittari"}


def profile_payload(world: World) -> dict:
    # "units" is not a field of the form: a person may not give themselves the rights of a unit.
    return {
        "receives_reminders": "",
        "language": "sv",
        "title": "Energia-asiantuntija",
        "phone": "",
        "units": [world.ids["unit"]],
    }


SAVED_UPDATE = Outcome(302, "/my/", writes=True)
ROW = "/my/{action}/"
UPDATE = "/actions/{action}/update/"
VALUES = "/indicators/{indicator}/values/"
VALUE = "/indicators/{indicator}/values/{value}/"
DELETE = "/indicators/{indicator}/values/{value}/delete/"
FOREIGN_VALUE = "/indicators/{indicator}/values/{foreign_value}/"
RESET_CONFIRM = "/accounts/password-reset/{uidb64}/{token}/"
LOGIN_REFUSED = Outcome(200, form_error=True)
NEW_PASSWORD = {"new_password1": "Uusi-salasana-2024!", "new_password2": "Uusi-salasana-2024!"}

LANDINGS = {**everyone(Outcome(302, "/my/")), READER: Outcome(302, "/")}


def importers(allowed: Outcome) -> dict[str, Outcome]:
    """Importing values: coordinators, and editors who answer for any indicator."""
    return by_role(
        anonymous=TO_LOGIN,
        reader=FORBIDDEN,
        other_editor=allowed,
        editor=allowed,
        coordinator=allowed,
    )


CASES: list[Case] = [
    *dashboard("overview", "/"),
    *dashboard("rules", "/rules/"),
    *dashboard("ladder", "/ladder/"),
    *dashboard("ladder_rung", "/ladder/{rung}/"),
    *dashboard("goal_detail", "/goals/{goal}/"),
    *dashboard("action_list", "/actions/"),
    *dashboard("action_detail", "/actions/{action}/", secret=INTERNAL_NOTE),
    *dashboard("bottlenecks", "/bottlenecks/", secret=INTERNAL_NOTE),
    *dashboard("bottlenecks_csv", "/bottlenecks/export.csv", secret="Matti Muokkaaja"),
    *dashboard("bottlenecks_xlsx", "/bottlenecks/export.xlsx"),
    *dashboard("what_changed", "/changes/", secret=INTERNAL_NOTE),
    *dashboard("what_changed_csv", "/changes.csv"),
    *dashboard("indicator_list", "/indicators/"),
    *dashboard("indicator_detail", "/indicators/{indicator}/"),
    *dashboard("indicator_chart", "/indicators/{indicator}/chart/"),
    *dashboard("indicator_csv", "/indicators/{indicator}/data.csv"),
    unpublished("action_detail", "/actions/{hidden_action}/"),
    unpublished("goal_detail", "/goals/{hidden_goal}/"),
    unpublished("ladder_rung", "/ladder/{hidden_goal}/"),
    unpublished("indicator_detail", "/indicators/{hidden_indicator}/"),
    unpublished("indicator_csv", "/indicators/{hidden_indicator}/data.csv"),
    *dashboard("report_list", "/reports/"),
    *dashboard("report_detail", "/reports/{report}/"),
    unpublished("report_detail", "/reports/{hidden_report}/"),
    *public_page("accessibility", "/accessibility/"),
    *public_page("privacy", "/privacy/"),
    *public_page("healthz", "/healthz"),
    *public_page("readyz", "/readyz"),
    # Staff pages: "my actions" and one row of it.
    Case("my_actions", "GET", "/my/", logged_in(TO_LOGIN, OK)),
    Case("my_actions", "POST", "/my/", everyone(NOT_ALLOWED)),
    Case("my_action_row", "GET", ROW, writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=OK)),
    Case("my_action_row", "POST", ROW, everyone(NOT_ALLOWED)),
    # Status updates.
    Case(
        "action_update",
        "GET",
        UPDATE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=OK),
        effect=NEW_UPDATE,
    ),
    Case(
        "action_update",
        "POST",
        UPDATE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=SAVED_UPDATE),
        data=update_payload,
        effect=NEW_UPDATE,
    ),
    Case(
        "action_update",
        "POST",
        UPDATE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=Outcome(200, writes=True)),
        data=update_payload,
        effect=NEW_UPDATE,
        htmx=True,
    ),
    # Indicator values.
    Case(
        "indicator_values",
        "GET",
        VALUES,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=OK),
        effect=VALUE_ADDED,
    ),
    Case(
        "indicator_values",
        "POST",
        VALUES,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=Outcome(302, VALUES, writes=True)),
        data=add_payload,
        effect=VALUE_ADDED,
    ),
    Case(
        "indicator_values",
        "POST",
        VALUES,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=Outcome(200, writes=True)),
        data=add_payload,
        effect=VALUE_ADDED,
        htmx=True,
    ),
    Case(
        "indicator_value",
        "GET",
        VALUE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=OK),
        effect=VALUE_CHANGED,
    ),
    Case(
        "indicator_value",
        "POST",
        VALUE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=Outcome(302, VALUES, writes=True)),
        data=change_payload,
        effect=VALUE_CHANGED,
    ),
    # A value of another indicator, reached through an indicator the user may edit.
    Case(
        "indicator_value",
        "POST",
        FOREIGN_VALUE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=NOT_FOUND),
        data=change_payload,
        effect=VALUE_CHANGED,
    ),
    Case(
        "indicator_value_delete",
        "POST",
        FOREIGN_VALUE + "delete/",
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=NOT_FOUND),
        data=delete_payload,
        effect=VALUE_DELETED,
    ),
    Case(
        "indicator_value_delete",
        "GET",
        DELETE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=OK),
        effect=VALUE_DELETED,
    ),
    Case(
        "indicator_value_delete",
        "POST",
        DELETE,
        writers(anonymous=TO_LOGIN, refused=FORBIDDEN, allowed=Outcome(302, VALUES, writes=True)),
        data=delete_payload,
        effect=VALUE_DELETED,
    ),
    # Accounts. A logged-in user going to the login page is sent where they land: those
    # who update actions to their actions, a reader to the overview.
    Case("login", "GET", "/accounts/login/", {**LANDINGS, ANONYMOUS: OK}),
    Case(
        "login",
        "POST",
        "/accounts/login/",
        {**LANDINGS, ANONYMOUS: LOGIN_REFUSED},
        data=lambda world: {"username": "muokkaaja", "password": "väärä"},
        effect=STAYS_LOGGED_IN_OR_OUT,
    ),
    Case("logout", "GET", "/accounts/logout/", everyone(NOT_ALLOWED), effect=LOGGED_OUT),
    Case(
        "logout",
        "POST",
        "/accounts/logout/",
        logged_in(Outcome(302, "/"), Outcome(302, "/", writes=True)),
        effect=LOGGED_OUT,
    ),
    Case("profile", "GET", "/accounts/profile/", logged_in(TO_LOGIN, OK)),
    Case(
        "profile",
        "POST",
        "/accounts/profile/",
        logged_in(TO_LOGIN, Outcome(302, "/accounts/profile/", writes=True)),
        data=profile_payload,
        effect=OWN_PROFILE,
    ),
    Case("password_reset", "GET", "/accounts/password-reset/", everyone(OK), effect=RESET_MAIL),
    Case(
        "password_reset",
        "POST",
        "/accounts/password-reset/",
        everyone(Outcome(302, "/accounts/password-reset/sent/", writes=True)),
        data=lambda world: {"email": "muokkaaja@example.test"},
        effect=RESET_MAIL,
    ),
    *public_page("password_reset_done", "/accounts/password-reset/sent/"),
    *public_page("password_reset_complete", "/accounts/password-reset/done/"),
    Case("password_reset_confirm", "GET", RESET_CONFIRM, everyone(OK), effect=PASSWORD),
    Case(
        "password_reset_confirm",
        "POST",
        RESET_CONFIRM,
        everyone(OK),  # the page says the link is invalid
        data=lambda world: NEW_PASSWORD,
        effect=PASSWORD,
    ),
    # The admin lets in staff only; its own pages are tested in test_admin.py.
    Case(
        "admin:index",
        "GET",
        "/admin/",
        by_role(
            anonymous=TO_ADMIN_LOGIN,
            reader=TO_ADMIN_LOGIN,
            other_editor=TO_ADMIN_LOGIN,
            editor=TO_ADMIN_LOGIN,
            coordinator=OK,
        ),
    ),
    Case(
        "admin:index",
        "POST",
        "/admin/",
        by_role(
            anonymous=TO_ADMIN_LOGIN,
            reader=TO_ADMIN_LOGIN,
            other_editor=TO_ADMIN_LOGIN,
            editor=TO_ADMIN_LOGIN,
            coordinator=OK,
        ),
    ),
    # The language switch: a POST sets the cookie; a GET only sends the browser back.
    Case(
        "set_language",
        "GET",
        "/i18n/setlang/?language=sv&next=/actions/",
        everyone(Outcome(302, "/actions/")),
        effect=LANGUAGE,
    ),
    Case(
        "set_language",
        "POST",
        "/i18n/setlang/",
        everyone(Outcome(302, "/actions/", writes=True)),
        data=lambda world: {"language": "sv", "next": "/actions/"},
        effect=LANGUAGE,
    ),
    # Open data: the exports of the action and indicator lists, and the read-only API.
    # The API refuses the public with 403 while the dashboard is private; its schema and
    # docs page describe no data and are public.
    *dashboard("action_list_csv", "/actions/export.csv", secret="Matti Muokkaaja"),
    *dashboard("action_list_xlsx", "/actions/export.xlsx"),
    *dashboard("indicators_csv", "/indicators/export.csv"),
    *dashboard("indicators_xlsx", "/indicators/export.xlsx"),
    *[
        case
        for name, path, secret in [
            ("api:programmes", "/api/v1/programmes", None),
            ("api:programme", "/api/v1/programmes/{programme}", None),
            ("api:goals", "/api/v1/goals", None),
            ("api:goal", "/api/v1/goals/{goal}", None),
            ("api:actions", "/api/v1/actions", "Matti Muokkaaja"),
            ("api:action", "/api/v1/actions/{action}", "Matti Muokkaaja"),
            ("api:indicators", "/api/v1/indicators", None),
            ("api:indicator", "/api/v1/indicators/{indicator}", None),
        ]
        for case in [
            Case(name, "GET", path, everyone(OK), logged_in(FORBIDDEN, OK), secret=secret),
            Case(name, "POST", path, everyone(NOT_ALLOWED)),
        ]
    ],
    *[
        Case(name, "GET", path, logged_in(NOT_FOUND, OK), private=logged_in(FORBIDDEN, OK))
        for name, path in [
            ("api:programme", "/api/v1/programmes/{hidden_programme}"),
            ("api:goal", "/api/v1/goals/{hidden_goal}"),
            ("api:action", "/api/v1/actions/{hidden_action}"),
            ("api:indicator", "/api/v1/indicators/{hidden_indicator}"),
        ]
    ],
    *public_page("api:openapi-json", "/api/v1/openapi.json"),
    *public_page("api:openapi-view", "/api/v1/docs"),
    Case("api:api-root", "GET", "/api/v1/", everyone(NOT_FOUND)),
    Case("api:api-root", "POST", "/api/v1/", everyone(NOT_FOUND)),
    # Importing indicator values: coordinators and any indicator's editor; the preview
    # writes nothing, and a confirmation without a preview in the session neither.
    *[
        case
        for name, path in [
            ("indicator_import", "/indicators/import/"),
            ("indicator_import_syke", "/indicators/import/syke/"),
        ]
        for case in [
            Case(name, "GET", path, importers(OK)),
            Case(
                name,
                "POST",
                path,
                importers(Outcome(422)),
                data=lambda world: {
                    "file": SimpleUploadedFile("arvot.csv", b"tunnus;vuosi;arvo\nM01;2023;5\n")
                },
                effect=VALUE_ADDED,
            ),
        ]
    ],
    Case("indicator_import_confirm", "GET", "/indicators/import/confirm/", everyone(NOT_ALLOWED)),
    Case(
        "indicator_import_confirm",
        "POST",
        "/indicators/import/confirm/",
        importers(Outcome(302, "/indicators/import/")),
        data=lambda world: {"token": "no-preview"},
        effect=VALUE_ADDED,
    ),
    # The glossary: public whenever the dashboard is, like the rules page.
    *dashboard("glossary", "/glossary/"),
    # A revised schedule: the coordinator accepts or declines a proposed end date.
    *[
        case
        for name, path, effect in [
            ("schedule_accept", "/actions/{action}/schedule/{revision}/accept/", END_ACCEPTED),
            ("schedule_decline", "/actions/{action}/schedule/{revision}/decline/", END_DECLINED),
        ]
        for case in [
            Case(name, "GET", path, everyone(NOT_ALLOWED), effect=effect),
            Case(
                name,
                "POST",
                path,
                writers(
                    anonymous=TO_LOGIN,
                    refused=FORBIDDEN,
                    allowed=Outcome(302, "/actions/{action}/#schedule", writes=True),
                )
                | {OWN_EDITOR: FORBIDDEN},  # the contact proposes; only a coordinator decides
                data=lambda world: {"note": "Ohjausryhmä käsitteli."},
                effect=effect,
            ),
        ]
    ],
    # Site search: public whenever the dashboard is; the unpublished programme's action
    # is found by logged-in readers only, and a too long query is refused.
    *dashboard("search", "/search/?q=luonnos", secret="Luonnostoimenpide"),
    Case(
        "search",
        "GET",
        "/search/?q=" + "x" * 300,
        everyone(Outcome(400)),
        private=logged_in(TO_LOGIN, Outcome(400)),
    ),
    # The emissions gap view: a dashboard page; an unpublished programme's answers 404 to
    # the public, and a what-if that is not valid is a 400.
    *dashboard("emissions_gap", "/emissions/"),
    unpublished("emissions_gap", "/emissions/?programme=luonnos-2026"),
    Case(
        "emissions_gap",
        "GET",
        "/emissions/?off=x&scale_1=900",
        everyone(Outcome(400)),
        private=logged_in(TO_LOGIN, Outcome(400)),
    ),
]

PARAMS = [
    pytest.param(case, public, user, id=f"{case.label} {'public' if public else 'private'} {user}")
    for case in CASES
    for public in (True, False)
    for user in USERS
]


@pytest.mark.parametrize(("case", "public", "user"), PARAMS)
def test_permission(case: Case, public: bool, user: str, world: World, client, settings):
    settings.PUBLIC_DASHBOARD = public
    if user in world.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[user]
    url = world.url(case.path)
    match = resolve(urlsplit(url).path)
    assert f"{match.namespace}:{match.url_name}".removeprefix(":") == case.name
    expected = case.outcome(user, public)
    headers = {"HX-Request": "true"} if case.htmx else {}
    before = after = case.effect.snapshot(world, client) if case.effect else None

    if case.method == "GET":
        response = client.get(url, headers=headers)
    else:
        response = client.post(url, case.data(world) if case.data else {}, headers=headers)

    # One comparison, so that a failure shows the status, the redirect and the write together.
    got, want = {"status": response.status_code}, {"status": expected.status}
    if expected.location is not None:
        got["location"] = response.get("Location")
        want["location"] = expected.location.format(url=quote(url, safe="/"), **world.ids)
    if case.effect is not None:
        after = case.effect.snapshot(world, client)
        # "wrote": the case's write happened where expected, or anything changed where not.
        got["wrote"] = (
            case.effect.done(world, before, after) if expected.writes else after != before
        )
        want["wrote"] = expected.writes
    if case.secret and response.status_code == 200:
        got["shows secret"] = case.secret in response.content.decode()
        want["shows secret"] = user != ANONYMOUS
    assert got == want, f"{case.label} as {user}: before={before!r} after={after!r}"
    if expected.form_error:
        assert response.context["form"].errors


# --- the matrix covers every route ------------------------------------------------------

SKIPPED_INCLUDES = {"admin/", "i18n/"}


def project_routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(name, route) of every URL pattern outside the admin, the i18n views and static files;
    a name in a namespace as ``resolve`` gives it (``api:programmes``)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) not in SKIPPED_INCLUDES:
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from project_routes(pattern.url_patterns, route, inner)
        elif pattern.lookup_str not in {"django.views.static.serve"}:
            yield pattern.name and namespace + pattern.name, route


def test_every_route_is_in_the_matrix_for_get_and_post():
    routes = dict(project_routes())
    assert None not in routes, f"a route without a name: {routes.get(None)}"
    methods: dict[str, set[str]] = {}
    for case in CASES:
        methods.setdefault(case.name, set()).add(case.method)
    missing = {
        name: route
        for name, route in routes.items()
        if not {"GET", "POST"} <= methods.get(name, set())
    }
    assert not missing, f"routes without GET and POST rows in the matrix: {missing}"


def test_every_case_names_every_user():
    for case in CASES:
        assert set(case.expect) == set(USERS), case.label
        assert case.private is None or set(case.private) == set(USERS), case.label
        for outcome in [*case.expect.values(), *(case.private or {}).values()]:
            assert not outcome.writes or case.effect is not None, case.label
