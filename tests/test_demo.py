"""The Salo demo's content (``demo.loader``), loaded once for the whole module.

Every test runs in a savepoint inside the module's load and is rolled back, so what a
test writes stays its own. Loading into an empty database (the day, the scale, a second
load) and the ``manage.py demo`` command are tested in ``test_demo_command.py``.
"""

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from demo import loader
from demo.loader import CURRENT_SLUG, NEXT_SLUG, PREVIOUS_SLUG, load_demo
from indicators.models import Indicator
from indicators.verdicts import VerdictKind, verdict_for
from programmes.action_rules import Freshness, Schedule
from programmes.choices import ActionStatus
from programmes.models import Action, ActionResponsibility, Programme

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module; every test runs in a savepoint inside it.

    Loading it for each test took most of the module's run time.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        # The demo hashes its one password; the real hasher is slow by design.
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            summary = load_demo(today=TODAY)
        yield summary
        transaction.set_rollback(True)


def current() -> Programme:
    return Programme.objects.get(slug=CURRENT_SLUG)


def actions_with_logs(programme: Programme) -> list[Action]:
    return list(
        programme.actions.with_flag_data().prefetch_related(
            "updates", "responsibilities", "contact_persons"
        )
    )


# --- the programmes ------------------------------------------------------------


def test_the_programme_in_force_has_salos_shape(loaded):
    programme = current()
    assert programme.status == Programme.Status.IN_FORCE
    assert (programme.start_year, programme.end_year) == (2021, 2025)
    assert programme.approved_on == date(2021, 5, 24)
    assert programme.approved_by == "Kaupunginvaltuusto"
    assert programme.strategy.name == "Salon kaupunkistrategia 2030 – Avaimet kaikkiin oviin"
    assert programme.strategy.goals.count() == 4

    goals = list(programme.goals.select_related("level", "parent").prefetch_related("serves"))
    by_depth = {depth: [g for g in goals if g.level.depth == depth] for depth in (1, 2, 3)}
    assert [g.name for g in by_depth[1]] == [
        "Hiilineutraalius 2035",
        "Kiertotalouden edistäminen",
        "Kukoistava luonnon monimuotoisuus",
        "Lähivesistä huolehtiminen",
    ]
    assert len(by_depth[2]) == 6
    assert 10 <= len(by_depth[3]) <= 14
    assert not programme.levels.get(depth=1).actions_allowed
    for main_goal in by_depth[1]:
        assert 1 <= main_goal.strategic_goals.count() <= 2
    for path in by_depth[2]:
        assert 1 <= len(path.serves.all()) <= 3
        assert path.target_state and path.target_state_year == 2025
    assert any(len(path.serves.all()) > 1 for path in by_depth[2])
    for focus_area in by_depth[3]:
        assert focus_area.parent.level.depth == 2
        assert focus_area.target_state and focus_area.target_state_year == 2025

    assert programme.actions.count() == 85
    assert programme.actions.filter(is_key_action=True).count() == 23
    # An action sits in a focus area whenever its path has them.
    paths_with_focus_areas = {f.parent_id for f in by_depth[3]}
    assert not programme.actions.filter(goal__in=paths_with_focus_areas).exists()
    assert not programme.actions.filter(goal__level__depth=1).exists()
    names = list(programme.actions.values_list("name", flat=True))
    assert len(set(names)) == 85


def test_three_programmes_coexist(loaded):
    assert Programme.objects.count() == 3
    assert Programme.objects.in_force().get() == current()

    previous = Programme.objects.get(slug=PREVIOUS_SLUG)
    assert previous.status == Programme.Status.ENDED
    assert (previous.start_year, previous.end_year) == (2016, 2020)
    assert previous.goals.count() == 5
    assert previous.actions.count() == 32
    statuses = Counter(previous.actions.values_list("status", flat=True))
    assert statuses[ActionStatus.COMPLETED] + statuses[ActionStatus.CANCELLED] >= 24
    assert not statuses[ActionStatus.NOT_STARTED] and not statuses[ActionStatus.IN_PROGRESS]

    successor = Programme.objects.get(slug=NEXT_SLUG)
    assert successor.status == Programme.Status.DRAFT
    assert not successor.is_published
    assert successor.goals.exists() and not successor.actions.exists()


# --- actions and their status logs -------------------------------------------


def test_every_action_has_one_primary_unit_and_a_consistent_log(loaded):
    actions = actions_with_logs(current())
    for action in actions:
        roles = Counter(r.role for r in action.responsibilities.all())
        assert roles[ActionResponsibility.Role.PRIMARY] == 1
        assert roles[ActionResponsibility.Role.COLLABORATOR] <= 2
        assert len(action.contact_persons.all()) <= 2

        updates = sorted(action.updates.all(), key=lambda u: (u.created_at, u.pk))
        assert 2 <= len(updates) <= 6
        newest = updates[-1]
        assert action.latest_update_id == newest.pk
        assert action.status == newest.status
        assert action.completion_percent == newest.completion_percent
        assert newest.created_at.date() < TODAY
        assert all(u.done for u in updates)
        contacts = set(action.contact_persons.all()) or {
            get_user_model().objects.get(username="admin")
        }
        assert {u.author for u in updates} <= contacts

    unowned = [a for a in actions if not a.contact_persons.all()]
    assert 2 <= len(unowned) <= 3


def test_some_actions_are_late_stale_blocked_postponed_or_cancelled(loaded):
    actions = actions_with_logs(current())
    schedules = Counter(a.schedule(TODAY) for a in actions)
    freshness = Counter(a.freshness(TODAY) for a in actions)
    statuses = Counter(a.status for a in actions)
    assert schedules[Schedule.LATE] >= 5
    assert schedules[Schedule.ON_SCHEDULE] >= 20
    assert freshness[Freshness.STALE] >= 3
    assert freshness[Freshness.FRESH] >= 40
    assert sum(a.latest_update.has_bottleneck for a in actions) >= 5
    assert statuses[ActionStatus.POSTPONED] >= 1
    assert 1 <= statuses[ActionStatus.CANCELLED] <= 2
    assert statuses[ActionStatus.COMPLETED] >= 20

    continuous = [a for a in actions if a.is_continuous]
    assert 8 <= len(continuous) <= 12
    assert all(a.end_date is None for a in continuous)
    undated = [a for a in actions if a.start_date is None and a.end_date is None]
    assert 1 <= len(undated) <= 5
    dated = [a for a in actions if a.start_date and a.end_date]
    assert sum(2021 <= a.end_date.year <= 2025 for a in dated) > len(actions) / 2
    assert any(u.internal_note for a in actions for u in a.updates.all())


# --- indicators -------------------------------------------------------------------


def test_indicators_measure_the_goals_with_a_mix_of_verdicts(loaded):
    indicators = list(
        Indicator.objects.prefetch_related("targets", "values", "goals", "contact_persons")
    )
    assert 35 <= len(indicators) <= 45
    for indicator in indicators:
        assert indicator.unit and indicator.source
        assert len(indicator.contact_persons.all()) == 1
        if indicator.component_of_id and not indicator.goals.all():
            # A sector charted only as part of the area's emissions: no goal, no target.
            assert not indicator.targets.all()
            continue
        assert 1 <= len(indicator.goals.all()) <= 2
        assert 1 <= len(indicator.targets.all()) <= 2
        assert all(v.date.month == 12 and v.date.day == 31 for v in indicator.values.all())

    verdicts = Counter(verdict_for(i).kind for i in indicators)
    assert verdicts[VerdictKind.ON_TRACK] >= 5
    behind = verdicts[VerdictKind.ACCELERATION_NEEDED] + verdicts[VerdictKind.LIMITED_PROGRESS]
    assert behind >= 5
    assert 1 <= verdicts[VerdictKind.WRONG_DIRECTION] <= 3
    assert verdicts[VerdictKind.NOT_ENOUGH_DATA] >= 1
    assert any(max(v.date.year for v in i.values.all()) <= 2021 for i in indicators)
    assert Indicator.objects.filter(actions__isnull=False).distinct().count() >= 10

    # Every main goal is measured; all paths and focus areas but one or two are.
    goals = current().goals.select_related("level").prefetch_related("indicators")
    unmeasured = [g for g in goals if not g.indicators.all()]
    assert all(g.level.depth > 1 for g in unmeasured)
    assert 1 <= len(unmeasured) <= 2


def test_indicators_carry_the_public_figures(loaded):
    def values(name):
        indicator = Indicator.objects.get(name=name)
        return indicator, dict(indicator.values.values_list("date__year", "value"))

    oil, by_year = values("Lämmitysöljyn kulutus kaupungin kiinteistöissä")
    assert (oil.baseline_year, oil.baseline_value) == (2016, 930)
    assert by_year[2022] == 465
    assert oil.targets.get().value == 0

    _road, by_year = values("Tieliikenteen päästöt")
    assert by_year[2020] == 104.5

    total, by_year = values("Salon alueen kasvihuonekaasupäästöt")
    assert total.source == "Syke, ALas-malli (CC BY 4.0)"
    assert min(by_year) == 2005
    assert by_year[2020] / by_year[2019] == pytest.approx(0.93, abs=0.002)

    forest, by_year = values("Suojeltujen kaupungin metsien osuus")
    assert by_year[max(by_year)] == 2.2
    assert forest.targets.get().value == 5


# --- users and plans ----------------------------------------------------------


def test_demo_users(loaded):
    User = get_user_model()
    admin, editor, council = (User.objects.get(username=u) for u in ("admin", "editor", "council"))
    for user in (admin, editor, council):
        assert user.check_password("salo-demo")
        assert user.first_name and user.last_name
    assert admin.is_staff and admin.is_superuser
    assert not council.is_staff and not council.is_superuser
    assert not editor.is_superuser
    assert editor.contact_actions.filter(programme=current()).count() >= 5
    assert editor.contact_indicators.exists()

    staff = User.objects.exclude(username__in=("admin", "editor", "council"))
    assert 8 <= staff.count() <= 14
    for person in staff:
        assert not person.has_usable_password()
        assert person.email.endswith("@salo.fi") and person.first_name and person.last_name


def test_plans_are_deterministic_and_grow_by_copies():
    one = loader.plan_current_actions(1, TODAY)
    assert one == loader.plan_current_actions(1, TODAY)
    two = loader.plan_current_actions(2, TODAY)
    assert two[:85] == one
    assert [p.identifier for p in two[85:88]] == ["1.1.1-2", "1.1.2-2", "1.1.3-2"]
    assert loader.plan_indicators(1) == loader.plan_indicators(1)
