"""The action list and the indicators as CSV and XLSX: the list's filters applied, headers
in the reader's language, numbers as numbers, no formulas and no names for the public."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from indicators.models import Indicator, IndicatorValue
from indicators.views import EXPORT_COLUMNS as INDICATOR_COLUMNS
from programmes.models import Action, ActionResponsibility, GoalLevel, GoalNode, Programme
from programmes.views.actions import EXPORT_COLUMNS as ACTION_COLUMNS

pytestmark = pytest.mark.django_db
HKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2025, 6, 1, 12, tzinfo=HKI)
PERSON = "Ilmari Yksityinen"  # a contact person's name: never in a public export
FORMULA = '=HYPERLINK("http://x.test","x")'


@pytest.fixture
def programme(small_programme, editor, django_user_model):
    """The small programme with a named contact person, a second action (completed, late
    free) whose name is a formula, and an unpublished programme with an indicator."""
    p = small_programme
    person = django_user_model.objects.create_user(
        "yksityinen", "y@example.test", "salasana-123", first_name="Ilmari", last_name="Yksityinen"
    )
    p.action.contact_persons.add(person)
    p.action.record_update(
        author=person,
        status="in_progress",
        completion_percent=40,
        bottleneck_category="funding",
        bottleneck="Rahoitus puuttuu.",
        internal_note="Ei julkinen.",
        created_at=datetime(2025, 5, 2, 9, tzinfo=HKI),
    )
    second = Action.objects.create(goal=p.path, identifier="1.2", name=FORMULA)
    ActionResponsibility.objects.create(action=second, unit=p.unit, role="primary")
    second.record_update(author=editor, status="completed", completion_percent=100)
    IndicatorValue.objects.create(
        indicator=p.indicator, date=date(2024, 12, 31), value=-12.5, note="-1+1"
    )
    hidden = Programme.objects.create(
        name="Luonnos", slug="luonnos", start_year=2026, end_year=2030, is_published=False
    )
    level = GoalLevel.objects.create(programme=hidden, depth=1, name="t", name_plural="t")
    goal = GoalNode.objects.create(programme=hidden, level=level, identifier="L1", name="L")
    Indicator.objects.create(name="Luonnosmittari", unit="t").goals.add(goal)
    return p


def headings(columns, language: str = "fi") -> list[str]:
    with translation.override(language):
        return [column.title for column in columns]


def read_csv(response) -> list[dict[str, str]]:
    """The CSV's rows, keyed by column name: its header row is the translated headings."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows


def by_name(rows: list[list[str]], columns) -> list[dict[str, str]]:
    names = [column.name for column in columns]
    return [dict(zip(names, row, strict=True)) for row in rows[1:]]


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


# --- the action list ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_action_csv_has_finnish_headings_and_every_action(client, programme):
    response = client.get("/actions/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="actions-ilmasto-2021.csv"'
    rows = read_csv(response)
    assert rows[0] == headings(ACTION_COLUMNS, "fi")
    assert rows[0][:3] == ["Tunnus", "Nimi", "Kehityspolku tai painopiste"]
    actions = by_name(rows, ACTION_COLUMNS)
    assert [a["identifier"] for a in actions] == ["1.1.1", "1.2"]
    first = actions[0]
    assert first["status"] == "käynnissä"
    assert first["completion"] == "40"
    assert first["start_date"] == "2021-06-01"
    assert first["key_action"] == "kyllä"
    assert first["bottleneck"] == "rahoitus: Rahoitus puuttuu."
    assert first["latest_update"] == "2025-05-02"
    assert first["link"] == f"http://testserver/actions/{programme.action.pk}/"
    assert "Ei julkinen." not in repr(rows)  # internal notes are never exported


@time_machine.travel(NOW, tick=False)
def test_english_headings_after_the_language_switch(client, programme):
    client.post("/i18n/setlang/", {"language": "en", "next": "/actions/"})
    rows = read_csv(client.get("/actions/export.csv"))
    assert rows[0] == headings(ACTION_COLUMNS, "en")
    assert rows[0][:3] == ["Identifier", "Name", "Path or focus area"]
    assert by_name(rows, ACTION_COLUMNS)[0]["status"] == "in progress"
    sheet = read_xlsx(client.get("/actions/export.xlsx"))
    assert [cell.value for cell in sheet[1]][:2] == ["Identifier", "Name"]


@time_machine.travel(NOW, tick=False)
def test_the_action_xlsx_keeps_numbers_and_dates(client, programme):
    sheet = read_xlsx(client.get("/actions/export.xlsx"))
    assert [cell.value for cell in sheet[1]] == headings(ACTION_COLUMNS, "fi")
    assert sheet.title == "Toimenpiteet"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    column = {c.name: i for i, c in enumerate(ACTION_COLUMNS)}
    assert [row[column["identifier"]] for row in rows] == ["1.1.1", "1.2"]
    assert [row[column["completion"]] for row in rows] == [40, 100]
    assert rows[0][column["start_date"]] == datetime(2021, 6, 1)
    assert rows[1][column["start_date"]] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["1.1.1", "1.2"]),
        ("status=completed", ["1.2"]),
        ("key=true", ["1.1.1"]),
        ("q=öljy", ["1.1.1"]),
        ("flag=bottleneck", ["1.1.1"]),
        ("sort=-identifier", ["1.2", "1.1.1"]),
        ("page=2", ["1.1.1", "1.2"]),  # an export holds every page
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_export_applies_the_lists_filters(client, programme, query, expected):
    rows = by_name(read_csv(client.get(f"/actions/export.csv?{query}")), ACTION_COLUMNS)
    assert [row["identifier"] for row in rows] == expected
    sheet = read_xlsx(client.get(f"/actions/export.xlsx?{query}"))
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == expected


@time_machine.travel(NOW, tick=False)
def test_a_goal_filter_takes_the_goals_beneath(client, programme):
    focus_area = programme.focus_area.pk
    rows = by_name(read_csv(client.get(f"/actions/export.csv?goal={focus_area}")), ACTION_COLUMNS)
    assert [row["identifier"] for row in rows] == ["1.1.1"]
    rows = by_name(
        read_csv(client.get(f"/actions/export.csv?goal={programme.main_goal.pk}")), ACTION_COLUMNS
    )
    assert [row["identifier"] for row in rows] == ["1.1.1", "1.2"]


@pytest.mark.parametrize(
    "query", ["status=bogus", "goal=abc", "programme=nonexistent", "key=maybe", "page=0"]
)
def test_bad_filters_answer_400_in_the_readers_language(client, programme, query):
    for url in ["/actions/export.csv", "/actions/export.xlsx"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert response.content.decode() == "Tarkista suodattimet."


@time_machine.travel(NOW, tick=False)
def test_no_personal_names_for_the_public_but_for_logged_in_readers(client, programme, outsider):
    csv_body = client.get("/actions/export.csv").content.decode("utf-8-sig")
    sheet = read_xlsx(client.get("/actions/export.xlsx"))
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    for text in [csv_body, *cells]:
        assert "Yksityinen" not in text and "Ilmari" not in text and "Matti" not in text
    rows = by_name(read_csv(client.get("/actions/export.csv")), ACTION_COLUMNS)
    assert rows[0]["contact_persons"] == "Tilapalvelut"  # the person's unit stands for them
    client.force_login(outsider)
    rows = by_name(read_csv(client.get("/actions/export.csv")), ACTION_COLUMNS)
    assert set(rows[0]["contact_persons"].split(", ")) == {PERSON, "Matti"}


@time_machine.travel(NOW, tick=False)
def test_a_formula_is_neutralised_in_both_files(client, programme):
    rows = by_name(read_csv(client.get("/actions/export.csv")), ACTION_COLUMNS)
    assert rows[1]["name"] == "'" + FORMULA
    sheet = read_xlsx(client.get("/actions/export.xlsx"))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert "'" + FORMULA in [cell.value for cell in cells]
    assert not [cell for cell in cells if cell.data_type == "f"]


@time_machine.travel(NOW, tick=False)
def test_the_list_links_its_exports_with_its_filters(client, programme):
    page = client.get("/actions/?status=in_progress&page=1").content.decode()
    query = "status=in_progress&amp;programme=ilmasto-2021"  # the page is left out
    assert f'href="/actions/export.csv?{query}"' in page
    assert f'href="/actions/export.xlsx?{query}"' in page
    fragment = client.get("/actions/?key=true", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'href="/actions/export.csv?key=true&amp;programme=ilmasto-2021"' in fragment


# --- the indicators -------------------------------------------------------------------


def test_the_indicator_csv_has_each_baseline_value_and_target(client, programme):
    response = client.get("/indicators/export.csv")
    assert response["Content-Disposition"] == ('attachment; filename="indicators-ilmasto-2021.csv"')
    rows = read_csv(response)
    assert rows[0] == headings(INDICATOR_COLUMNS, "fi")
    found = [
        (row["indicator"], row["kind"], row["year"], row["date"], row["value"], row["note"])
        for row in by_name(rows, INDICATOR_COLUMNS)
    ]
    name = "Lämmitysöljyn kulutus"
    assert found == [
        (name, "lähtötaso", "2016", "", "930.0", ""),
        (name, "arvo", "2022", "2022-12-31", "465.0", ""),
        (name, "arvo", "2024", "2024-12-31", "-12.5", "'-1+1"),  # a note, not a formula
        (name, "tavoite", "2035", "", "0.0", ""),
    ]
    first = by_name(rows, INDICATOR_COLUMNS)[0]
    assert first["unit"] == "m³"
    assert first["goals"] == "P1.1"
    assert first["link"] == f"http://testserver/indicators/{programme.indicator.pk}/"


def test_the_indicator_xlsx_keeps_numbers_as_numbers(client, programme):
    sheet = read_xlsx(client.get("/indicators/export.xlsx"))
    assert [cell.value for cell in sheet[1]] == headings(INDICATOR_COLUMNS, "fi")
    column = {c.name: i for i, c in enumerate(INDICATOR_COLUMNS)}
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[column["value"]] for row in rows] == [930, 465, -12.5, 0]
    assert all(isinstance(row[column["value"]], int | float) for row in rows)
    assert [row[column["year"]] for row in rows] == [2016, 2022, 2024, 2035]
    assert rows[1][column["date"]] == datetime(2022, 12, 31)
    assert rows[2][column["note"]] == "'-1+1"


def test_english_indicator_headings_after_the_language_switch(client, programme):
    client.post("/i18n/setlang/", {"language": "en", "next": "/indicators/"})
    rows = read_csv(client.get("/indicators/export.csv"))
    assert rows[0] == headings(INDICATOR_COLUMNS, "en")
    assert [row["kind"] for row in by_name(rows, INDICATOR_COLUMNS)][:2] == ["baseline", "value"]


def test_an_unpublished_programme_stays_out_of_the_public_export(client, programme, outsider):
    assert "Luonnosmittari" not in client.get("/indicators/export.csv").content.decode()
    assert client.get("/indicators/export.csv?programme=luonnos").status_code == 404
    assert client.get("/indicators/export.xlsx?programme=luonnos").status_code == 404
    client.force_login(outsider)
    rows = by_name(
        read_csv(client.get("/indicators/export.csv?programme=luonnos")), INDICATOR_COLUMNS
    )
    # The programme asked for, and only it; an indicator without data has a row of its own.
    assert [(row["indicator"], row["kind"], row["value"]) for row in rows] == [
        ("Luonnosmittari", "", "")
    ]


def test_the_indicator_list_links_its_exports(client, programme):
    page = client.get("/indicators/").content.decode()
    assert 'href="/indicators/export.csv?programme=ilmasto-2021"' in page
    assert 'href="/indicators/export.xlsx?programme=ilmasto-2021"' in page


def test_indicator_exports_need_a_login_when_the_dashboard_is_private(client, programme, settings):
    settings.PUBLIC_DASHBOARD = False
    for url in ["/indicators/export.csv", "/indicators/export.xlsx", "/actions/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def add_actions_and_indicators(programme, numbers: range) -> None:
    for i in numbers:
        action = Action.objects.create(goal=programme.focus_area, identifier=f"3.{i}", name="T")
        ActionResponsibility.objects.create(action=action, unit=programme.unit, role="primary")
        action.contact_persons.add(programme.action.contact_persons.first())
        action.record_update(
            author=programme.action.contact_persons.first(),
            status="in_progress",
            completion_percent=10,
            bottleneck="Odotetaan.",
        )
        indicator = Indicator.objects.create(
            name=f"M{i}", unit="t", baseline_year=2015, baseline_value=1
        )
        indicator.goals.add(programme.main_goal)
        IndicatorValue.objects.create(indicator=indicator, date=date(2020, 12, 31), value=2)


@pytest.mark.parametrize("logged_in", [False, True])
@time_machine.travel(NOW, tick=False)
def test_export_queries_do_not_grow_with_the_rows(client, programme, outsider, logged_in):
    if logged_in:
        client.force_login(outsider)
    urls = [
        "/actions/export.csv",
        f"/actions/export.xlsx?goal={programme.main_goal.pk}",
        "/indicators/export.csv",
        "/indicators/export.xlsx",
    ]

    def counts():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    add_actions_and_indicators(programme, range(2))
    counts()  # warm the per-process caches
    small = counts()
    add_actions_and_indicators(programme, range(2, 8))
    assert counts() == small
