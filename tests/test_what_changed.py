"""What changed between two dates: the kinds of change, the period, filters, CSV, access."""

import csv
import io
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.roles import COORDINATOR
from indicators.models import Indicator, IndicatorValue
from programmes.changes import ChangeKind
from programmes.changes import collect_changes as collect
from programmes.models import (
    Action,
    ActionResponsibility,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
)
from programmes.views.changes import COLUMNS
from reports.models import CouncilReport

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2025, 6, 16)
PERIOD = "since=2025-03-01&until=2025-06-16"


def at(day: date | tuple, hour: int = 12, minute: int = 0) -> datetime:
    if isinstance(day, tuple):
        day = date(*day)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def base(time_machine, request):
    """The small programme, created long before the period, then "today" is TODAY."""
    time_machine.move_to(at((2024, 1, 10)), tick=False)
    programme = request.getfixturevalue("small_programme")
    second = Action.objects.create(
        goal=programme.path, identifier="1.0.2", name="Aurinkopaneelit kouluille"
    )
    # Another main goal with its own path and action: outside a filter on T1.
    main_level = programme.main_goal.level
    path_level = GoalLevel.objects.get(programme=programme.programme, depth=2)
    other_goal = GoalNode.objects.create(
        programme=programme.programme, level=main_level, identifier="T2", name="Kiertotalous"
    )
    other_path = GoalNode.objects.create(
        programme=programme.programme, level=path_level, identifier="P2", name="Resurssiviisas"
    )
    other_path.serves.add(other_goal)
    other_action = Action.objects.create(goal=other_path, identifier="2.0.1", name="Kierrätys")
    other_unit = ResponsibleUnit.objects.create(name="Sivistyspalvelut")
    ActionResponsibility.objects.create(
        action=other_action, unit=other_unit, role=ActionResponsibility.Role.PRIMARY
    )
    programme.second = second
    programme.other_action = other_action
    programme.other_goal = other_goal
    time_machine.move_to(at(TODAY, 10), tick=False)
    return programme


@pytest.fixture
def crafted(base, editor, coordinator, time_machine):
    """One change of each kind in March–June 2025, and some outside it.

    * 1.1.1: blocked in February (before the period); on 10 April an update clears the
      bottleneck (status unchanged).
    * 1.0.2: first update ever on 5 May: in progress, with a bottleneck.
    * a new indicator value on 1 April; the path renamed on 25 May by the coordinator.
    """
    action, second = base.action, base.second
    action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=20,
        bottleneck_category="funding",
        bottleneck="Rahoitus puuttuu",
        created_at=at((2025, 2, 1)),
    )
    action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=50,
        done="Kolme kohdetta liitetty kaukolämpöön",
        internal_note="Soita Pekalle",
        created_at=at((2025, 4, 10)),
    )
    second.record_update(
        author=editor,
        status="in_progress",
        completion_percent=10,
        bottleneck_category="resources",
        bottleneck="Ei asentajia",
        created_at=at((2025, 5, 5)),
    )
    time_machine.move_to(at((2025, 4, 1)), tick=False)
    IndicatorValue.objects.create(indicator=base.indicator, date=date(2024, 12, 31), value=410)
    time_machine.move_to(at((2025, 5, 25)), tick=False)
    path = base.path
    path.name = "Energiaviisas Salo 2035"
    path._history_user = coordinator
    path.save()
    time_machine.move_to(at(TODAY, 10), tick=False)
    return base


def collect_changes(*args, **kwargs):
    """The changes with their texts in English (the page itself is in Finnish)."""
    with translation.override("en"):
        return collect(*args, **kwargs)


def kinds(changes):
    return Counter(change.kind for change in changes)


def details(changes, kind):
    return [change.detail for change in changes if change.kind == kind]


def test_each_kind_with_its_detail(crafted):
    changes = collect_changes(crafted.programme, date(2025, 3, 1), TODAY)
    assert kinds(changes) == {
        ChangeKind.STATUS_UPDATE: 2,
        ChangeKind.STATUS_CHANGE: 1,
        ChangeKind.BOTTLENECK_OPENED: 1,
        ChangeKind.BOTTLENECK_CLEARED: 1,
        ChangeKind.INDICATOR_VALUE: 1,
        ChangeKind.STRUCTURE: 1,
    }
    assert details(changes, ChangeKind.STATUS_CHANGE) == ["not started → in progress"]
    assert details(changes, ChangeKind.BOTTLENECK_OPENED) == ["Resources: Ei asentajia"]
    assert details(changes, ChangeKind.BOTTLENECK_CLEARED) == ["Funding: Rahoitus puuttuu"]
    assert details(changes, ChangeKind.INDICATOR_VALUE) == [
        "a value for 2024 entered on 1 Apr 2025: 410.0\u00a0m³"
    ]
    assert details(changes, ChangeKind.STRUCTURE) == [
        "changed: name: Energiaviisas Salo → Energiaviisas Salo 2035"
    ]
    assert sorted(details(changes, ChangeKind.STATUS_UPDATE)) == [
        "in progress, 10\u00a0%",
        "in progress, 50\u00a0%",
    ]
    opened = next(c for c in changes if c.kind == ChangeKind.BOTTLENECK_OPENED)
    assert opened.subject_label == "1.0.2 Aurinkopaneelit kouluille"
    assert opened.subject_url == f"/actions/{crafted.second.pk}/"
    assert opened.who == "Matti"
    structure = next(c for c in changes if c.kind == ChangeKind.STRUCTURE)
    assert structure.subject_type == "kehityspolku"
    assert structure.who == "Kaisa Koordinaattori"
    update = next(c for c in changes if c.detail == "in progress, 50\u00a0%")
    assert update.unit == "Tilapalvelut"
    assert update.note == "Kolme kohdetta liitetty kaukolämpöön"
    assert update.internal_note == "Soita Pekalle"


def test_newest_first(crafted):
    changes = collect_changes(crafted.programme, date(2025, 3, 1), TODAY)
    moments = [change.when for change in changes]
    assert moments == sorted(moments, reverse=True)
    assert changes[0].kind == ChangeKind.STRUCTURE  # 25 May, the latest


def test_status_updates_are_not_repeated_as_structure_changes(crafted):
    # Each update also writes the action's history (status, completion, latest update).
    changes = collect_changes(crafted.programme, date(2025, 3, 1), TODAY)
    assert not [c for c in changes if c.kind == ChangeKind.STRUCTURE and "1.1.1" in c.subject_label]


def test_changes_outside_the_period_are_left_out(crafted):
    changes = collect_changes(crafted.programme, date(2025, 4, 2), date(2025, 5, 24))
    assert kinds(changes) == {
        ChangeKind.STATUS_UPDATE: 2,
        ChangeKind.STATUS_CHANGE: 1,
        ChangeKind.BOTTLENECK_OPENED: 1,
        ChangeKind.BOTTLENECK_CLEARED: 1,
    }
    # February's update, the 2022 value and the programme's creation in 2024: never.
    everything = collect_changes(crafted.programme, date(2025, 1, 1), TODAY)
    assert kinds(everything)[ChangeKind.STATUS_UPDATE] == 3
    assert details(everything, ChangeKind.BOTTLENECK_OPENED) == [
        "Resources: Ei asentajia",
        "Funding: Rahoitus puuttuu",
    ]


def test_the_period_is_whole_local_days(base, editor):
    action = base.action
    for moment in [at((2025, 4, 9), 23, 59), at((2025, 4, 10), 0, 0), at((2025, 4, 11), 0, 0)]:
        action.record_update(
            author=editor, status="in_progress", completion_percent=10, created_at=moment
        )
    changes = collect_changes(base.programme, date(2025, 4, 10), date(2025, 4, 10))
    assert [c.when for c in changes if c.kind == ChangeKind.STATUS_UPDATE] == [
        at((2025, 4, 10), 0, 0)
    ]


def test_created_and_deleted_structure(base, coordinator, time_machine):
    time_machine.move_to(at((2025, 5, 1)), tick=False)
    new = Action(goal=base.path, identifier="1.0.9", name="Uusi toimenpide")
    new._history_user = coordinator
    new.save()
    gone = base.second
    gone._history_user = coordinator
    gone.delete()
    changes = collect_changes(base.programme, date(2025, 5, 1), date(2025, 5, 1))
    by_label = {c.subject_label: c for c in changes}
    assert by_label["1.0.9 Uusi toimenpide"].detail == "created"
    assert by_label["1.0.9 Uusi toimenpide"].subject_url == f"/actions/{new.pk}/"
    assert by_label["1.0.2 Aurinkopaneelit kouluille"].detail == "deleted"
    assert by_label["1.0.2 Aurinkopaneelit kouluille"].subject_url == ""


def test_a_changed_end_date_is_quoted(client, base, time_machine, outsider):
    time_machine.move_to(at((2025, 5, 1)), tick=False)
    action = base.action
    action.end_date = date(2026, 12, 31)
    action._change_reason = "Valtuuston päätös 28.4."
    action.save()
    (change,) = collect_changes(base.programme, date(2025, 5, 1), date(2025, 5, 1))
    assert change.detail == "changed: end date: 31 Dec 2025 → 31 Dec 2026"
    assert change.reason == "Valtuuston päätös 28.4."
    query = "since=2025-05-01&until=2025-05-01"
    public = client.get(f"/changes/?{query}").text
    assert "31.12.2025 → 31.12.2026" in public  # Finnish dates on the page
    assert "Valtuuston päätös" not in public  # reasons, like the change history: staff only
    client.force_login(outsider)
    assert "Valtuuston päätös 28.4." in client.get(f"/changes/?{query}").text


# ---------------------------------------------------------------------------
# The page: default period, filters, bad input, htmx
# ---------------------------------------------------------------------------


def page_kinds(response):
    return kinds(response.context["changes"])


def test_the_default_period_is_the_last_90_days_without_a_report(client, crafted):
    response = client.get("/changes/")
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.since, period.until) == (date(2025, 3, 19), TODAY)
    assert response.context["report"] is None
    assert response.context["since_defaulted"]
    assert 'value="2025-03-19"' in response.text  # the form shows the period it lists
    assert page_kinds(response)[ChangeKind.STATUS_UPDATE] == 2


def test_the_default_period_starts_at_the_last_council_report(client, crafted):
    programme = crafted.programme
    CouncilReport.objects.create(
        programme=programme, date=date(2025, 4, 20), body="Kaupunginvaltuusto", title="Seuranta"
    )
    CouncilReport.objects.create(  # today's is not yet "the last report before the meeting"
        programme=programme, date=TODAY, body="Kaupunginhallitus", title="Tänään"
    )
    CouncilReport.objects.create(
        programme=programme, date=date(2024, 11, 1), body="Kaupunginvaltuusto", title="Vanha"
    )
    other = Programme.objects.create(name="Toinen", slug="toinen", start_year=2016, end_year=2020)
    CouncilReport.objects.create(
        programme=other, date=date(2025, 6, 1), body="Kaupunginvaltuusto", title="Muu"
    )
    response = client.get("/changes/")
    assert response.context["period"].since == date(2025, 4, 20)
    assert response.context["report"].title == "Seuranta"
    assert "Seuranta" in response.text
    # The 10 April update is before the report; 5 May's and the rename after it.
    assert page_kinds(response) == {
        ChangeKind.STATUS_UPDATE: 1,
        ChangeKind.STATUS_CHANGE: 1,
        ChangeKind.BOTTLENECK_OPENED: 1,
        ChangeKind.STRUCTURE: 1,
    }
    # An explicit start wins over the report.
    response = client.get("/changes/?since=2025-03-01")
    assert response.context["period"].since == date(2025, 3, 1)
    assert response.context["report"] is None


@pytest.fixture
def other_update(crafted, editor):
    crafted.other_action.record_update(
        author=editor, status="completed", completion_percent=100, created_at=at((2025, 5, 10))
    )
    return crafted


def labels(response):
    return {c.subject_label for c in response.context["changes"]}


def test_goal_filter_takes_everything_beneath(client, other_update):
    p = other_update
    everything = labels(client.get(f"/changes/?{PERIOD}"))
    assert "2.0.1 Kierrätys" in everything
    under_t1 = labels(client.get(f"/changes/?{PERIOD}&goal={p.main_goal.pk}"))
    assert under_t1 == {
        "1.1.1 Luovutaan öljylämmityksestä",
        "1.0.2 Aurinkopaneelit kouluille",
        "Lämmitysöljyn kulutus",  # measures the focus area under T1
        "P1 Energiaviisas Salo 2035",
    }
    focus_area = labels(client.get(f"/changes/?{PERIOD}&path={p.focus_area.pk}"))
    assert focus_area == {"1.1.1 Luovutaan öljylämmityksestä", "Lämmitysöljyn kulutus"}
    t2 = labels(client.get(f"/changes/?{PERIOD}&goal={p.other_goal.pk}"))
    assert t2 == {"2.0.1 Kierrätys"}


def test_unit_filter_includes_units_beneath(client, other_update):
    division = other_update.unit.parent
    assert labels(client.get(f"/changes/?{PERIOD}&unit={division.pk}")) == {
        "1.1.1 Luovutaan öljylämmityksestä"
    }
    assert labels(client.get(f"/changes/?{PERIOD}&unit={other_update.unit.pk}")) == {
        "1.1.1 Luovutaan öljylämmityksestä"
    }


@pytest.mark.parametrize(
    "query",
    [
        "since=abc",
        "until=2025-02-30",
        "since=2025-06-01&until=2025-05-01",  # the end before the start
        "since=2014-01-01&until=2025-01-01",  # more than ten years
        "since=0001-01-01&until=0001-01-02",
        "since=9999-12-30&until=9999-12-31",
        "goal=999999",
        "goal=abc",
        "path=999999",
        "unit=x",
        "programme=unknown",
    ],
)
def test_bad_input_gives_400_with_the_form(client, crafted, query):
    response = client.get(f"/changes/?{query}")
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors
    first_error = next(iter(form.errors.values()))[0]
    assert str(first_error) in response.text  # shown with the results, not only by the field
    assert client.get(f"/changes.csv?{query}").status_code == 400


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("since=2025-06-01&until=2025-05-01", "until", "reversed"),
        ("since=2014-01-01&until=2025-01-01", "since", "too_long"),
        ("until=2014-01-01", "until", "reversed"),  # the default start is after it
    ],
)
def test_period_errors_are_named(client, crafted, query, field, code):
    response = client.get(f"/changes/?{query}")
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]


def test_a_goal_of_another_programme_is_refused(client, crafted):
    other = Programme.objects.create(name="Toinen", slug="toinen", start_year=2016, end_year=2020)
    response = client.get(f"/changes/?programme={other.slug}&goal={crafted.main_goal.pk}")
    assert response.status_code == 400


def test_ten_years_exactly_is_allowed(client, crafted):
    assert client.get("/changes/?since=2015-06-16&until=2025-06-16").status_code == 200


def test_finnish_dates_are_understood(client, crafted):
    response = client.get("/changes/?since=1.3.2025&until=16.6.2025")
    assert response.status_code == 200
    assert response.context["period"].since == date(2025, 3, 1)


def test_htmx_gets_only_the_results_fragment(client, crafted):
    response = client.get(f"/changes/?{PERIOD}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results"' in response.text
    assert "Aurinkopaneelit kouluille" in response.text


def test_history_restore_gets_the_whole_page(client, crafted):
    response = client.get(
        f"/changes/?{PERIOD}",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.text


def test_htmx_bad_input_shows_the_errors_in_place(client, crafted):
    response = client.get(
        "/changes/?since=2025-06-01&until=2025-05-01", headers={"HX-Request": "true"}
    )
    assert response.status_code == 422  # base.html's htmx config swaps a 422 in
    assert "<html" not in response.text
    assert 'id="results"' in response.text
    assert str(response.context["form"].errors["until"][0]) in response.text


def test_works_without_javascript(client, crafted):
    page = client.get(f"/changes/?{PERIOD}&goal={crafted.main_goal.pk}").text
    assert 'method="get" action="/changes/"' in page
    assert 'name="since"' in page and 'value="2025-03-01"' in page
    assert f'<option value="{crafted.main_goal.pk}" selected>' in page
    assert (
        f'href="/changes.csv?since=2025-03-01&amp;until=2025-06-16&amp;goal={crafted.main_goal.pk}"'
        in page
    )


def test_post_is_refused(client, crafted):
    assert client.post("/changes/").status_code == 405
    assert client.post("/changes.csv").status_code == 405


# ---------------------------------------------------------------------------
# CSV, names and internal notes, access
# ---------------------------------------------------------------------------


def csv_rows(client, query):
    response = client.get(f"/changes.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Keyed by column name: the header is the columns' Finnish headings.
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    with translation.override("fi"):
        names = {column.title: column.name for column in COLUMNS}
    header = [names[heading] for heading in next(reader)]
    return [dict(zip(header, row, strict=True)) for row in reader]


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("extra", ["", "&unit={unit}", "&goal={goal}"])
def test_the_csv_matches_the_page(client, other_update, outsider, logged_in, extra):
    if logged_in:
        client.force_login(outsider)
    query = PERIOD + extra.format(unit=other_update.unit.parent.pk, goal=other_update.main_goal.pk)
    page = client.get(f"/changes/?{query}").context["changes"]
    rows = csv_rows(client, query)
    with translation.override("fi"):  # the language the CSV was written in
        expected = Counter(
            (c.when.astimezone(HELSINKI).date().isoformat(), str(c.kind.label), c.subject_label)
            for c in page
        )
    assert Counter((r["date"], r["kind"], r["object"]) for r in rows) == expected
    assert len(rows) == len(page) > 0


def test_the_csv_has_no_names_or_internal_notes_even_for_staff(client, crafted, outsider):
    client.force_login(outsider)
    rows = csv_rows(client, PERIOD)
    assert list(rows[0]) == [
        "date",
        "time",
        "kind",
        "object_type",
        "object",
        "detail",
        "unit",
        "link",
    ]
    text = repr(rows)
    assert "Matti" not in text and "Koordinaattori" not in text
    assert "Soita Pekalle" not in text
    assert any(r["link"] == f"http://testserver/actions/{crafted.action.pk}/" for r in rows)
    assert any(r["unit"] == "Tilapalvelut" for r in rows)


def test_the_public_sees_no_internal_notes_or_names(client, crafted):
    response = client.get(f"/changes/?{PERIOD}")
    assert response.status_code == 200
    assert "Soita Pekalle" not in response.text
    assert "Kaisa Koordinaattori" not in response.text
    assert "Matti" not in response.text
    assert all(not c.who and not c.internal_note for c in response.context["changes"])
    assert "Kolme kohdetta liitetty kaukolämpöön" in response.text  # what was done is public


def test_logged_in_readers_see_names_and_internal_notes(client, crafted, outsider):
    client.force_login(outsider)
    page = client.get(f"/changes/?{PERIOD}").text
    assert "Soita Pekalle" in page
    assert "Kaisa Koordinaattori" in page
    assert "Matti" in page


@pytest.mark.parametrize("url", ["/changes/", "/changes.csv"])
def test_anonymous_is_sent_to_login_when_the_dashboard_is_not_public(
    client, crafted, settings, url
):
    settings.PUBLIC_DASHBOARD = False
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_logged_in_users_read_when_the_dashboard_is_not_public(client, crafted, settings, outsider):
    settings.PUBLIC_DASHBOARD = False
    client.force_login(outsider)
    assert client.get("/changes/").status_code == 200


def test_unpublished_programmes_are_hidden_from_the_public(client, crafted):
    Programme.objects.filter(pk=crafted.programme.pk).update(is_published=False)
    response = client.get(f"/changes/?programme={crafted.programme.slug}")
    assert response.status_code == 400


def test_council_reports_are_kept_in_the_admin(client, crafted, coordinator):
    client.force_login(coordinator)
    for url in ["/admin/reports/councilreport/", "/admin/reports/councilreport/add/"]:
        assert client.get(url).status_code == 200
    response = client.post(
        "/admin/reports/councilreport/add/",
        {
            "programme": crafted.programme.pk,
            "date": "20.4.2025",
            "body": "Kaupunginvaltuusto",
            "title": "Seuranta 2024",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert CouncilReport.objects.get().date == date(2025, 4, 20)


def test_coordinators_keep_the_council_reports(django_user_model):
    user = django_user_model.objects.create_user("koordinaattori2", password="x")
    Group.objects.get(name=COORDINATOR).user_set.add(user)
    assert user.has_perms(
        [f"reports.{verb}_councilreport" for verb in ("add", "change", "delete", "view")]
    )


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


def add_updates(programme, editor, count: int, start: int) -> None:
    actions = [programme.action, programme.second, programme.other_action]
    statuses = ["in_progress", "postponed", "in_progress", "continuous"]
    for i in range(start, start + count):
        blocked = i % 3 == 0
        actions[i % len(actions)].record_update(
            author=editor,
            status=statuses[i % len(statuses)],
            completion_percent=i % 100,
            bottleneck_category="funding" if blocked else "",
            bottleneck="Rahoitus" if blocked else "",
            internal_note="muistiinpano",
            created_at=at((2025, 4, 1), 8) + timedelta(minutes=15 * i),
        )


def query_count(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_updates(
    client, crafted, editor, outsider, time_machine
):
    client.force_login(outsider)
    urls = [
        f"/changes/?{PERIOD}",
        f"/changes/?{PERIOD}&goal={crafted.main_goal.pk}&unit={crafted.unit.parent.pk}",
        f"/changes.csv?{PERIOD}",
    ]
    add_updates(crafted, editor, 10, 0)
    at_10 = [query_count(client, url) for url in urls]
    add_updates(crafted, editor, 40, 10)
    for i in range(5):  # and more structure changes and values
        time_machine.move_to(at((2025, 5, 1 + i)), tick=False)
        IndicatorValue.objects.create(
            indicator=crafted.indicator, date=date(2010 + i, 12, 31), value=900 - i
        )
        crafted.action.name = f"Luovutaan öljylämmityksestä {i}"
        crafted.action.save()
    time_machine.move_to(at(TODAY, 10), tick=False)
    at_50 = [query_count(client, url) for url in urls]
    assert at_10 == at_50
    assert len(collect_changes(crafted.programme, date(2025, 3, 1), TODAY)) > 60


# --- values dated by the period they measure, and bulk loads --------------------------------


def test_a_value_for_an_old_year_shows_once_when_it_was_entered(client, base, coordinator):
    """Entering last year's value: one change in the period it was entered, naming the year."""
    client.force_login(coordinator)
    response = client.post(
        f"/indicators/{base.indicator.pk}/values/", {"period": "2023", "value": "512", "note": ""}
    )
    assert response.status_code in (200, 302)
    assert IndicatorValue.objects.filter(indicator=base.indicator, date__year=2023).exists()

    with translation.override("fi"):
        entered = collect(base.programme, date(2025, 6, 1), TODAY)
        measured = collect(base.programme, date(2023, 1, 1), date(2023, 12, 31))
    values = [c for c in entered if c.kind == ChangeKind.INDICATOR_VALUE]
    assert [c.detail for c in values] == ["arvo vuodelle 2023 kirjattu 16.6.2025: 512,0\u00a0m³"]
    assert not [c for c in measured if c.kind == ChangeKind.INDICATOR_VALUE]


def test_a_bulk_load_is_one_change(base, time_machine):
    """Twenty years of figures loaded at once read as one line, not one per value."""
    others = [Indicator.objects.create(name=f"Mittari {n}", unit="t") for n in range(3)]
    for indicator in others:
        indicator.goals.add(base.path)
    time_machine.move_to(at((2025, 6, 2)), tick=False)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, date=date(year, 12, 31), value=year)
        for indicator in others
        for year in range(2005, 2025)
    )
    time_machine.move_to(at(TODAY, 10), tick=False)
    with translation.override("en"):
        changes = collect(base.programme, date(2025, 6, 1), TODAY)
    values = [c for c in changes if c.kind == ChangeKind.INDICATOR_VALUE]
    assert [c.detail for c in values] == [
        "60 values for 2005–2024 loaded on 2 Jun 2025, for 3 indicators"
    ]


def test_a_few_values_entered_together_are_listed_one_by_one(base, time_machine):
    time_machine.move_to(at((2025, 6, 2)), tick=False)
    for year in (2018, 2019, 2020):
        IndicatorValue.objects.create(indicator=base.indicator, date=date(year, 12, 31), value=1)
    time_machine.move_to(at(TODAY, 10), tick=False)
    changes = collect(base.programme, date(2025, 6, 1), TODAY)
    assert len([c for c in changes if c.kind == ChangeKind.INDICATOR_VALUE]) == 3


def test_the_demos_values_do_not_flood_the_page(client):
    """The demo loads twenty years of values at once: one line on "what changed"."""
    from demo.loader import load_demo

    load_demo()
    programme = Programme.objects.in_force().get()
    today = date.today()
    with translation.override("en"):
        changes = collect(programme, today - timedelta(days=89), today)
    values = [c for c in changes if c.kind == ChangeKind.INDICATOR_VALUE]
    assert len(values) <= 3, [c.detail for c in values]
    assert sum(int(c.detail.split()[0]) for c in values if "loaded" in c.detail) > 300
