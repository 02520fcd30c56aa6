"""Scoped invalidation: a write renders afresh only the cached pages that show what it changed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from indicators.models import Indicator, IndicatorValue
from programmes import cache as dashboard_cache
from programmes.models import Action, DataChange, GoalLevel, GoalNode, Programme

pytestmark = pytest.mark.django_db


class SpyCache:
    """The dashboard's cache, recording the keys it is given to store."""

    def __init__(self, real):
        self.real = real
        self.stored: list[str] = []

    def get(self, key, *args, **kwargs):
        return self.real.get(key, *args, **kwargs)

    def set(self, key, *args, **kwargs):
        self.stored.append(key)
        return self.real.set(key, *args, **kwargs)


@pytest.fixture
def spy(monkeypatch) -> SpyCache:
    spy = SpyCache(dashboard_cache.cache)
    monkeypatch.setattr(dashboard_cache, "cache", spy)
    return spy


@pytest.fixture
def other_programme(small_programme):
    """The previous programme, ended, with one path and one action of its own."""
    programme = Programme.objects.create(
        name="Ilmasto-ohjelma 2016–2020",
        slug="ilmasto-2016",
        start_year=2016,
        end_year=2020,
        status=Programme.Status.ENDED,
    )
    level = GoalLevel.objects.create(
        programme=programme, depth=1, name="kehityspolku", name_plural="kehityspolut"
    )
    path = GoalNode.objects.create(
        programme=programme, level=level, identifier="P1", name="Vähähiilinen Salo"
    )
    Action.objects.create(
        goal=path,
        identifier="1.1",
        name="Kartoitetaan öljylämmitteiset kiinteistöt",
        start_date=date(2016, 1, 1),
        end_date=date(2020, 12, 31),
    )
    return programme


@pytest.fixture
def other_path(small_programme):
    """A second path serving the same main goal, with an action of its own."""
    path = GoalNode.objects.create(
        programme=small_programme.programme,
        level=small_programme.path.level,
        identifier="2",
        name="Kestävä liikkuminen",
    )
    path.serves.add(small_programme.main_goal)
    Action.objects.create(
        goal=path,
        identifier="2.1",
        name="Laaditaan pyöräilyn edistämisohjelma",
        start_date=date(2021, 1, 1),
        end_date=date(2025, 12, 31),
    )
    return path


@pytest.fixture
def unlinked_indicator(small_programme):
    """An indicator of the same programme that measures a goal, not the action."""
    indicator = Indicator.objects.create(
        name="Kierrätysaste", unit="%", direction=Indicator.Direction.INCREASE
    )
    indicator.goals.add(small_programme.main_goal)
    IndicatorValue.objects.create(indicator=indicator, date=date(2023, 12, 31), value=41)
    return indicator


def rendered_afresh(client, spy: SpyCache, url: str) -> tuple[bool, str]:
    """Whether requesting ``url`` rendered (and stored) a fragment, and the page."""
    before = len(spy.stored)
    response = client.get(url)
    assert response.status_code == 200, url
    return len(spy.stored) > before, response.text


def test_a_status_update_keeps_unrelated_pages_and_replaces_the_affected_ones(
    client, spy, small_programme, coordinator, other_programme, unlinked_indicator
):
    action = small_programme.action
    linked = small_programme.indicator
    linked.actions.add(action)
    affected = [
        "/",
        "/ladder/",
        f"/goals/{small_programme.focus_area.pk}/",
        "/actions/",
        f"/actions/{action.pk}/",
    ]
    unrelated = [
        # The indicator list shows verdicts, not actions.
        "/indicators/",
        "/?programme=ilmasto-2016",
        "/ladder/?programme=ilmasto-2016",
        "/actions/?programme=ilmasto-2016",
        f"/indicators/{unlinked_indicator.pk}/",
        # Its page names the action, not the action's status.
        f"/indicators/{linked.pk}/",
    ]
    for url in affected + unrelated:
        assert rendered_afresh(client, spy, url)[0], f"{url} was not cached at first"
    for url in affected + unrelated:
        assert not rendered_afresh(client, spy, url)[0], f"{url} was not served from the cache"

    action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )

    for url in unrelated:
        assert not rendered_afresh(client, spy, url)[0], f"{url} lost its cached copy"
    for url in affected:
        afresh, page = rendered_afresh(client, spy, url)
        assert afresh, f"{url} kept its copy from before the update"
        # The ladder shows its rungs closed, the other pages the action's status.
        assert "status-completed" in page or url == "/ladder/", url


def test_a_new_value_renews_its_indicator_its_programme_and_the_actions_it_measures(
    client, spy, small_programme, other_programme, unlinked_indicator
):
    indicator = small_programme.indicator
    indicator.actions.add(small_programme.action)
    affected = [
        f"/indicators/{indicator.pk}/",
        "/indicators/",
        "/",
        f"/actions/{small_programme.action.pk}/",
    ]
    unrelated = [
        f"/indicators/{unlinked_indicator.pk}/",
        "/?programme=ilmasto-2016",
        # The action lists show the actions' state, not verdicts.
        "/actions/",
        "/actions/?flag=late",
    ]
    for url in affected + unrelated:
        client.get(url)

    IndicatorValue.objects.create(indicator=indicator, date=date(2024, 12, 31), value=412)

    for url in unrelated:
        assert not rendered_afresh(client, spy, url)[0], url
    for url in affected:
        afresh, page = rendered_afresh(client, spy, url)
        assert afresh, url
        # The overview and the action page show the verdict; the value, where it is listed.
        assert "412" in page or url in {"/", f"/actions/{small_programme.action.pk}/"}, url


def test_a_renamed_goal_renews_every_page(client, spy, small_programme, other_programme):
    """Names of goals show on pages of every kind: a change of structure is global."""
    urls = ["/?programme=ilmasto-2016", f"/indicators/{small_programme.indicator.pk}/"]
    for url in urls:
        client.get(url)
    small_programme.focus_area.name = "Kiinteistöjen energiatehokkuus"
    small_programme.focus_area.save()
    for url in urls:
        assert rendered_afresh(client, spy, url)[0], url
    assert "Kiinteistöjen energiatehokkuus" in client.get(urls[1]).text


def test_a_status_update_marks_the_action_its_programme_and_the_goals_it_counts_for(
    small_programme, coordinator, other_path
):
    DataChange.objects.all().delete()
    small_programme.action.record_update(
        author=coordinator, status="in_progress", completion_percent=20
    )
    # Its focus area, the path above it (parent) and the main goal the path serves; not
    # the other path, which serves the same main goal.
    assert set(DataChange.objects.values_list("scope", flat=True)) == {
        f"action:{small_programme.action.pk}",
        f"programme:{small_programme.programme.pk}",
        f"goal:{small_programme.focus_area.pk}",
        f"goal:{small_programme.path.pk}",
        f"goal:{small_programme.main_goal.pk}",
    }


def test_a_status_update_of_an_estimated_action_marks_its_programmes_emissions_gap(
    crafted, small_programme, coordinator
):
    programme = small_programme.programme.pk
    DataChange.objects.all().delete()
    small_programme.action.record_update(
        author=coordinator, status="in_progress", completion_percent=20
    )
    assert f"emissions:{programme}" not in set(DataChange.objects.values_list("scope", flat=True))
    crafted["b"].record_update(author=coordinator, status="in_progress", completion_percent=50)
    assert f"emissions:{programme}" in set(DataChange.objects.values_list("scope", flat=True))


@pytest.mark.parametrize("series", ["total", "sector"])
def test_a_value_of_the_emissions_goals_headline_or_a_sector_marks_the_gap(
    crafted, small_programme, series
):
    headline = small_programme.main_goal.headline_indicator
    indicator = headline if series == "total" else crafted["heat"]
    DataChange.objects.all().delete()
    IndicatorValue.objects.create(indicator=indicator, date=date(2021, 12, 31), value=80)
    scopes = set(DataChange.objects.values_list("scope", flat=True))
    assert f"emissions:{small_programme.programme.pk}" in scopes
    # The plain indicator of the small programme measures no emissions goal.
    DataChange.objects.all().delete()
    IndicatorValue.objects.create(
        indicator=small_programme.indicator, date=date(2023, 12, 31), value=400
    )
    assert not any(
        s.startswith("emissions:") for s in DataChange.objects.values_list("scope", flat=True)
    )


def test_a_status_update_keeps_the_pages_of_other_goals_and_renews_its_own(
    client, spy, small_programme, coordinator, other_path
):
    main_goal, path = small_programme.main_goal, small_programme.path
    mine = [f"/goals/{g.pk}/" for g in (small_programme.focus_area, path, main_goal)]
    other = f"/goals/{other_path.pk}/"
    for url in [*mine, other]:
        assert rendered_afresh(client, spy, url)[0], url
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    assert not rendered_afresh(client, spy, other)[0], "the other path lost its copy"
    for url in mine:
        afresh, page = rendered_afresh(client, spy, url)
        assert afresh, f"{url} kept its copy from before the update"
        assert "status-completed" in page, url
    etag = client.get(other)["ETag"]
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Ohi."
    )
    assert client.get(other, headers={"If-None-Match": etag}).status_code == 304


def test_a_fragment_without_scopes_is_renewed_by_any_change(small_programme, coordinator, rf):
    """The callers that name no scopes keep the behaviour they had: every change counts."""
    everything = dashboard_cache.generation(rf.get("/"))
    other_programme = dashboard_cache.generation(rf.get("/"), ["programme:999999"])
    small_programme.action.record_update(
        author=coordinator, status="in_progress", completion_percent=20
    )
    assert dashboard_cache.generation(rf.get("/")) != everything
    assert dashboard_cache.generation(rf.get("/"), ["programme:999999"]) == other_programme


def generation_reads(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "programmes_datachange" in q["sql"]]


def test_a_cached_page_reads_each_generation_once(client, small_programme):
    action_page = f"/actions/{small_programme.action.pk}/"
    for url in ["/actions/", action_page, "/"]:
        client.get(url)
    assert len(generation_reads(client, action_page)) == 1
    # A programme page reads the marks of "*" (which say which programme is in force)
    # and of every programme at once.
    assert len(generation_reads(client, "/actions/")) == 1
    assert len(generation_reads(client, "/")) == 1


def test_every_programme_read_at_once_gives_the_same_generation(small_programme, rf):
    from programmes.pages import queried_programme_scopes

    pk = small_programme.programme.pk
    dashboard_cache.record_change([f"programme:{pk}"])
    dashboard_cache.record_change([f"outcomes:{pk}", f"outcomes:{pk}"])
    dashboard_cache.record_change(["programme:999999", "outcomes:999999", "action:1"])
    for scopes, shows in [
        ([f"programme:{pk}", f"outcomes:{pk}"], {}),
        ([f"programme:{pk}"], {"outcomes": False}),
        ([f"outcomes:{pk}"], {"actions": False}),
    ]:
        direct = dashboard_cache.generation(rf.get("/"), scopes)
        request = rf.get("/")
        request.user = AnonymousUser()
        assert queried_programme_scopes(request, **shows) == scopes
        with CaptureQueriesContext(connection) as queries:
            assert dashboard_cache.generation(request, scopes) == direct
        assert len(queries) == 0  # read with every programme's marks
        assert dashboard_cache.generation(request, []) == dashboard_cache.generation(
            rf.get("/"), []
        )


def test_pruning_keeps_the_latest_mark_of_every_scope(small_programme, monkeypatch, rf):
    monkeypatch.setattr(dashboard_cache, "PRUNE_EVERY", 10)
    dashboard_cache.record_change(["indicator:424242"])
    for _ in range(40):
        dashboard_cache.record_change(["programme:1"])
    # Pruning runs when a mark's id is a multiple of 10 and keeps the last 10 ids and each
    # scope's latest mark; ids continue from earlier tests on PostgreSQL, so up to 9 more
    # may have come since. Without pruning there would be more than 41.
    scopes = DataChange.objects.values("scope").distinct().count()
    assert DataChange.objects.count() <= 10 + 9 + scopes < 41
    # The scope's last id never goes back, so no earlier generation comes back.
    assert DataChange.objects.filter(scope="indicator:424242").exists()


@pytest.fixture
def counted_scopes(monkeypatch) -> list[int]:
    """The indicators whose scopes are worked out (each time: three or four queries)."""
    asked: list[int] = []
    real = dashboard_cache._indicator_scopes

    def counting(indicator_id):
        asked.append(indicator_id)
        return real(indicator_id)

    monkeypatch.setattr(dashboard_cache, "_indicator_scopes", counting)
    return asked


def values(indicator, years):
    for year in years:
        IndicatorValue.objects.create(indicator=indicator, date=date(year, 12, 31), value=year)


def test_a_block_of_writes_leaves_one_mark_per_scope_when_it_ends(small_programme, counted_scopes):
    indicator = small_programme.indicator
    DataChange.objects.all().delete()
    with dashboard_cache.collected_changes():
        values(indicator, range(2010, 2016))
        assert not DataChange.objects.exists()  # nothing marked yet

    assert counted_scopes == [indicator.pk]  # worked out once for six values
    marks = list(DataChange.objects.values_list("scope", flat=True))
    # It measures a goal of the programme, no action: its verdict shows with the
    # programme's outcomes.
    assert sorted(marks) == [
        f"indicator:{indicator.pk}",
        f"outcomes:{small_programme.programme.pk}",
    ]


def test_a_block_that_changed_structure_leaves_one_mark_for_everything(
    small_programme, counted_scopes
):
    DataChange.objects.all().delete()
    with dashboard_cache.collected_changes():
        small_programme.path.name = "Energiaviisas kaupunki"
        small_programme.path.save()
        values(small_programme.indicator, [2014, 2015])

    assert counted_scopes == []  # "*" already covers the values' scopes
    assert list(DataChange.objects.values_list("scope", flat=True)) == ["*"]


def test_a_block_that_fails_still_marks_what_it_wrote_before_the_error(small_programme, rf):
    """Outside a transaction, the rows written before the error stay: so must their marks."""
    scopes = [f"indicator:{small_programme.indicator.pk}"]
    DataChange.objects.all().delete()
    before = dashboard_cache.generation(rf.get("/"), scopes)
    with pytest.raises(ZeroDivisionError), dashboard_cache.collected_changes():
        values(small_programme.indicator, [2015])
        1 / 0  # noqa: B018

    assert dashboard_cache.generation(rf.get("/"), scopes) != before
    assert DataChange.objects.filter(scope=f"indicator:{small_programme.indicator.pk}").exists()


def test_outside_a_block_every_write_is_marked_at_once(small_programme, counted_scopes):
    DataChange.objects.all().delete()
    values(small_programme.indicator, [2014, 2015])
    assert counted_scopes == [small_programme.indicator.pk] * 2
    assert DataChange.objects.filter(scope=f"indicator:{small_programme.indicator.pk}").count() == 2


# --- the ladder shared by the fragments built from the same data ---------------------


@pytest.fixture
def ladder_reads(monkeypatch) -> list[int]:
    """The programmes whose ladder is read from the database."""
    from programmes.ladder import Ladder

    reads: list[int] = []
    real = Ladder._read.__func__

    def counting(cls, programme, *flags, **given):
        reads.append(programme.pk)
        return real(cls, programme, *flags, **given)

    monkeypatch.setattr(Ladder, "_read", classmethod(counting))
    return reads


def ladder_text(client) -> str:
    """The ladder page's words, without its markup."""
    html = client.get("/ladder/").text.split("<main", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_pages_rendered_afresh_share_one_ladder_until_the_data_changes(
    client, small_programme, coordinator, ladder_reads
):
    """The overview, the ladder page and a goal page read the same ladder: once."""
    pages = ["/", "/ladder/", f"/goals/{small_programme.path.pk}/"]
    for url in pages:
        assert client.get(url).status_code == 200
    assert ladder_reads == [small_programme.programme.pk]

    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100
    )
    for url in pages:
        assert client.get(url).status_code == 200
    assert ladder_reads == [small_programme.programme.pk] * 2  # once more, after the change


def test_a_shared_ladder_shows_the_change_that_renewed_it(client, small_programme, coordinator):
    client.get("/")  # the overview's ladder is shared with the ladder page from here on
    assert "1 valmis" not in ladder_text(client)
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100
    )
    assert "1 valmis" in ladder_text(client)


def test_without_caching_every_page_reads_its_own_ladder(
    client, small_programme, settings, ladder_reads
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    pages = ["/", "/ladder/", f"/goals/{small_programme.path.pk}/"]
    for url in pages * 2:
        assert client.get(url).status_code == 200
    assert len(ladder_reads) == 2 * len(pages)


def test_emptying_the_cache_reads_the_ladder_afresh(client, small_programme, ladder_reads):
    from django.core.cache import cache

    client.get("/")
    cache.clear()  # as the query-count tests do, to measure a page rendered afresh
    client.get("/")
    assert len(ladder_reads) == 2


def parts_rendered(client, spy: SpyCache, url: str) -> set[str]:
    """The partials of the page at ``url`` rendered afresh (and stored) by requesting it."""
    before = len(spy.stored)
    assert client.get(url).status_code == 200
    return {key.split(":")[1].split("#")[1] for key in spy.stored[before:] if "#" in key}


def test_a_status_update_renders_only_the_overviews_parts_about_actions(
    client, spy, small_programme, coordinator
):
    def overview_parts() -> set[str]:
        return parts_rendered(client, spy, "/")

    assert overview_parts() == {"head", "summary", "goal_card", "featured", "key_actions"}
    assert overview_parts() == set()
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    # The headline and the charts show indicators, not actions: they stay.
    assert overview_parts() == {"summary", "goal_card", "key_actions"}
    IndicatorValue.objects.create(
        indicator=small_programme.indicator, date=date(2024, 12, 31), value=412
    )
    assert overview_parts() == {"head", "summary", "goal_card", "featured"}


def test_a_status_update_renders_the_action_lists_results_not_its_filters(
    client, spy, small_programme, coordinator
):
    def list_parts() -> set[str]:
        return parts_rendered(client, spy, "/actions/")

    assert list_parts() == {"filters", "results"}
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    assert list_parts() == {"results"}
    small_programme.path.name = "Energiaviisas kaupunki"  # a goal to filter by: structure
    small_programme.path.save()
    assert list_parts() == {"filters", "results"}


def test_a_ladder_of_goals_alone_outlives_a_status_update(rf, small_programme, coordinator):
    """The gap view reads the goals and their links only: structure, which a status update
    leaves as it was."""
    from programmes.ladder import Ladder

    def load(**flags) -> Ladder:
        """The ladder as a fragment built by a new request would have it."""
        request = rf.get("/")
        request.user = AnonymousUser()
        token = dashboard_cache._building.set(request)
        try:
            return Ladder.load(small_programme.programme, **flags)
        finally:
            dashboard_cache._building.reset(token)

    goals_alone, with_actions = load(with_actions=False), load()
    assert load(with_actions=False) is goals_alone and load() is with_actions
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100
    )
    assert load(with_actions=False) is goals_alone
    renewed = load()
    assert renewed is not with_actions
    small_programme.path.name = "Energiaviisas kaupunki"  # structure
    small_programme.path.save()
    assert load(with_actions=False) is not goals_alone
    assert load() is not renewed


def built_ladder(rf, programme, **flags):
    """The programme's ladder as a fragment built by a new request would have it."""
    from programmes.ladder import Ladder

    request = rf.get("/")
    request.user = AnonymousUser()
    token = dashboard_cache._building.set(request)
    try:
        return Ladder.load(programme, **flags)
    finally:
        dashboard_cache._building.reset(token)


def ladder_figures(ladder) -> dict:
    """What the pages show of a ladder: every rung's roll-up and every action's state."""
    return {
        "rungs": {pk: rung.rollup for pk, rung in ladder.rungs.items()},
        "strategic": [s.rollup for s in ladder.strategic],
        "actions": [
            (a.pk, a.status, a.completion_percent, a.latest_update_id, a.end_date)
            for a in ladder.actions
        ],
        "owners": {a.pk: [r.unit_id for r in a.responsibilities.all()] for a in ladder.actions},
    }


def test_a_refreshed_ladder_reads_the_changed_actions_only_and_equals_a_full_read(
    rf, small_programme, other_path, coordinator, action_reads
):
    from programmes.ladder import Ladder
    from programmes.models import ActionResponsibility, ResponsibleUnit

    programme = small_programme.programme
    first = built_ladder(rf, programme)
    other = Action.objects.get(identifier="2.1")
    reads = action_reads
    small_programme.action.record_update(
        author=coordinator, status="in_progress", completion_percent=60
    )
    other.record_update(author=coordinator, status="completed", completion_percent=100)
    unit = ResponsibleUnit.objects.create(name="Ympäristönsuojelu")
    reads.clear()  # the unit is structure: a full read, below
    refreshed = built_ladder(rf, programme)
    assert reads == [None]
    reads.clear()
    ActionResponsibility.objects.create(
        action=other, unit=unit, role=ActionResponsibility.Role.COLLABORATOR
    )
    other.record_update(author=coordinator, status="in_progress", completion_percent=80)
    refreshed = built_ladder(rf, programme)
    assert refreshed is not first
    assert reads == [{other.pk}]  # one action read again, not the programme's
    assert ladder_figures(refreshed) == ladder_figures(
        Ladder._read(programme, True, False, False, True)
    )
    assert built_ladder(rf, programme) is refreshed  # nothing new since


STATES = [("not_started", 0), ("in_progress", 30), ("in_progress", 70), ("completed", 100)]
LADDER_WRITES = st.tuples(
    st.sampled_from(
        [
            "status update",
            "status update",
            "status update",
            "responsibility",
            "report",
            "rename goal",
            "new action",
            "prune",
            "late commit",
        ]
    ),
    st.integers(0, 5),
    st.sampled_from(STATES),
)


def apply_ladder_write(write, programme, author, reserved: list[int]) -> None:
    """One write as the application makes it, or what a busy database can do to the marks
    (pruned, or one committed after a later one was read)."""
    from programmes.models import ActionResponsibility, ResponsibleUnit
    from reports.models import CouncilReport

    what, n, (status, completion) = write
    actions = list(Action.objects.filter(programme=programme).order_by("pk"))
    action = actions[n % len(actions)]
    if what == "status update":
        action.record_update(author=author, status=status, completion_percent=completion)
    elif what == "responsibility":
        unit = ResponsibleUnit.objects.order_by("pk")[n % ResponsibleUnit.objects.count()]
        ActionResponsibility.objects.get_or_create(
            action=action, unit=unit, defaults={"role": ActionResponsibility.Role.COLLABORATOR}
        )
    elif what == "report":
        day = date(2025, 1, 1) + timedelta(days=CouncilReport.objects.count())
        CouncilReport.objects.create(programme=programme, date=day, body="V", title="R")
    elif what == "rename goal":
        goal = GoalNode.objects.filter(programme=programme).order_by("pk")[n % 3]
        goal.name = f"{goal.name}."
        goal.save()
    elif what == "new action":
        Action.objects.create(goal=action.goal, identifier=f"9.{Action.objects.count()}", name="U")
    elif what == "prune":
        oldest = DataChange.objects.order_by("pk").first()
        newest = DataChange.objects.order_by("pk").last()
        if oldest is not None and oldest != newest:
            oldest.delete()
    elif what == "late commit" and reserved:
        # A status update whose transaction took its marks' ids before the ladder was
        # read, and committed after: its mark's id is below the last one read.
        Action.objects.filter(pk=action.pk).update(status=status, completion_percent=completion)
        DataChange.objects.create(pk=reserved.pop(), scope=f"programme:{programme.pk}")


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(LADDER_WRITES, min_size=1, max_size=8))
def test_a_shared_ladder_equals_a_full_read_after_any_writes(
    rf, small_programme, other_path, coordinator, writes
):
    from django.core.cache import cache

    from programmes.ladder import Ladder

    programme = small_programme.programme
    with transaction.atomic():  # each example starts from the same programme
        cache.clear()  # and from no shared ladder: ids come back after a rollback
        reserved = [DataChange.objects.create(scope="reserved").pk]  # for a late commit
        DataChange.objects.filter(pk=reserved[0]).delete()
        # A status update after it: the reserved id is below the programme's last mark.
        small_programme.action.record_update(
            author=coordinator, status="in_progress", completion_percent=10
        )
        built_ladder(rf, programme)
        for write in writes:
            apply_ladder_write(write, programme, coordinator, reserved)
            for flags in ({}, {"with_indicators": True, "with_owners": False}):
                shared = built_ladder(rf, programme, **flags)
                full = Ladder._read(programme, True, bool(flags), False, not flags)
                assert ladder_figures(shared) == ladder_figures(full), write
        transaction.set_rollback(True)


@pytest.fixture
def action_reads(monkeypatch) -> list[set | None]:
    """The actions each ladder read reads: ``None`` for all of its programme's."""
    from programmes.ladder import Ladder

    reads: list[set | None] = []
    real = Ladder._read_actions.__func__

    def spying(cls, programme, ids, with_owners):
        reads.append(None if ids is None else set(ids))
        return real(cls, programme, ids, with_owners)

    monkeypatch.setattr(Ladder, "_read_actions", classmethod(spying))
    return reads


@pytest.mark.parametrize("meanwhile", ["pruned", "committed late"])
def test_a_ladder_is_read_in_full_when_the_marks_since_do_not_account_for_the_change(
    rf, small_programme, coordinator, action_reads, meanwhile
):
    """A write that took its marks' ids before the ladder was read but committed after it,
    or marks pruned meanwhile, could hide a change: then the ladder is read in full."""
    from programmes.ladder import Ladder

    programme, action = small_programme.programme, small_programme.action
    built_ladder(rf, programme)
    action.record_update(author=coordinator, status="in_progress", completion_percent=40)
    built_ladder(rf, programme)
    action.record_update(author=coordinator, status="in_progress", completion_percent=50)
    assert action_reads == [None, {action.pk}]
    scope = f"programme:{programme.pk}"
    marks = DataChange.objects.order_by("pk")
    if meanwhile == "pruned":
        marks.filter(scope=scope).first().delete()
    else:  # a mark of the ladder's scopes with an id below the last one read
        last = marks.filter(scope=scope).last().pk
        below = marks.filter(scope__startswith="goal:", pk__lt=last).first()
        DataChange.objects.filter(pk=below.pk).update(scope=scope)
    ladder = built_ladder(rf, programme)
    assert action_reads[-1] is None
    assert ladder_figures(ladder) == ladder_figures(
        Ladder._read(programme, True, False, False, True)
    )
    assert ladder.rung(small_programme.focus_area).rollup.progress == 50


def test_a_status_update_renders_the_card_of_its_main_goal_only(
    client, spy, small_programme, coordinator
):
    other = GoalNode.objects.create(
        programme=small_programme.programme,
        level=small_programme.main_goal.level,
        identifier="T9",
        name="Luonnon monimuotoisuus",
    )

    def cards_rendered() -> int:
        before = len(spy.stored)
        assert client.get("/").status_code == 200
        return sum("overview.html#goal_card" in key for key in spy.stored[before:])

    assert cards_rendered() == 2  # the two main goals
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    assert cards_rendered() == 1  # the action counts for its main goal, not for T9
    other.name = "Luonto"  # structure: every card
    other.save()
    assert cards_rendered() == 2
    assert "Luonto" in client.get("/").text


def test_a_status_update_renders_the_ladders_sections_of_its_main_goal_only(
    client, spy, small_programme, coordinator
):
    GoalNode.objects.create(  # a main goal linked to no strategy goal
        programme=small_programme.programme,
        level=small_programme.main_goal.level,
        identifier="T9",
        name="Luonnon monimuotoisuus",
    )
    assert small_programme.main_goal.strategic_goals.exists()
    assert parts_rendered(client, spy, "/ladder/") == {"content", "strategic", "unlinked"}
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    # The action's main goal serves the strategy goal; T9's section stays.
    assert parts_rendered(client, spy, "/ladder/") == {"content", "strategic"}
    assert "1 valmis" in ladder_text(client)


@pytest.mark.parametrize("seconds", [300, 0])
def test_a_row_whose_action_went_meanwhile_is_left_out_not_an_error(
    rf, small_programme, settings, seconds
):
    """Between a list's query for its page of ids and the read of the rows, an action can
    be deleted: its row is left out, and the others are shown."""
    from programmes.pages import ActionRow

    settings.DASHBOARD_CACHE_SECONDS = seconds
    request = rf.get("/actions/")
    request.user = AnonymousUser()
    action = small_programme.action
    gone = action.pk + 1000

    def read(missing):
        return [ActionRow.of(action, date(2026, 12, 4))] if action.pk in missing else []

    rows = dashboard_cache.cached_each(
        request, "programmes/_action_row.html", [gone, action.pk], dashboard_cache.action_scope,
        lambda missing: {row.action.pk: {"row": row} for row in read(missing)},
    )  # fmt: skip
    assert len(rows) == 1 and action.identifier in rows[0]
