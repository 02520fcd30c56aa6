"""The bottleneck view: each kind of finding, found once, under the right heading."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes import bottlenecks
from programmes.models import Action, ActionResponsibility, GoalNode
from programmes.views.bottlenecks import COLUMNS
from programmes.writes import one_write

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)  # past the half of 2021–2025
HKI = ZoneInfo("Europe/Helsinki")


def at(y, m, d):
    return datetime(y, m, d, 12, tzinfo=HKI)


@pytest.fixture
def crafted(small_programme, editor):
    """One example of every kind, each in a fresh action or indicator of its own."""
    with one_write():
        return _crafted(small_programme, editor)


def _crafted(small_programme, editor):
    p = small_programme
    unit = p.unit

    def action(identifier, **fields):
        a = Action.objects.create(
            goal=p.path, identifier=identifier, name=f"Toimenpide {identifier}", **fields
        )
        ActionResponsibility.objects.create(action=a, unit=unit, role="primary")
        a.contact_persons.add(editor)
        return a

    # The fixture's own key action 1.1.1 ends 31.12.2025: give it a fresh update.
    p.action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=10,
        done="x",
        created_at=at(2024, 5, 1),
    )
    late = action("L", end_date=date(2024, 3, 1))
    late.record_update(
        author=editor,
        status="in_progress",
        completion_percent=50,
        done="x",
        created_at=at(2024, 5, 1),
    )
    stale = action("S")
    stale.record_update(
        author=editor,
        status="in_progress",
        completion_percent=50,
        done="x",
        created_at=at(2023, 6, 1),
    )
    blocked = action("B")
    blocked.record_update(
        author=editor,
        status="in_progress",
        completion_percent=5,
        done="x",
        created_at=at(2024, 3, 1),
    )
    blocked.record_update(
        author=editor,
        status="in_progress",
        completion_percent=5,
        done="x",
        created_at=at(2024, 4, 1),
        bottleneck_category="funding",
        bottleneck="Määräraha puuttuu",
    )
    blocked.record_update(
        author=editor,
        status="in_progress",
        completion_percent=5,
        done="x",
        created_at=at(2024, 5, 1),
        bottleneck_category="funding",
        bottleneck="Määräraha puuttuu yhä",
        internal_note="Salainen",
    )
    cleared = action("C")
    cleared.record_update(
        author=editor,
        status="in_progress",
        completion_percent=5,
        done="x",
        created_at=at(2024, 4, 1),
        bottleneck_category="resources",
        bottleneck="Ei väkeä",
    )
    cleared.record_update(
        author=editor,
        status="in_progress",
        completion_percent=15,
        done="x",
        created_at=at(2024, 5, 1),
    )
    key = action("K", is_key_action=True)
    key.record_update(
        author=editor, status="not_started", completion_percent=0, created_at=at(2024, 5, 1)
    )
    orphan = Action.objects.create(goal=p.path, identifier="O", name="Orpo")
    orphan.record_update(
        author=editor, status="in_progress", completion_percent=5, created_at=at(2024, 5, 1)
    )
    off = Indicator.objects.create(
        name="Väärään suuntaan", unit="t", baseline_year=2019, baseline_value=100
    )
    off.goals.add(p.path)
    off.actions.add(late)
    IndicatorTarget.objects.create(indicator=off, year=2030, value=50)
    IndicatorValue.objects.create(indicator=off, date=date(2023, 12, 31), value=120)
    old = Indicator.objects.create(name="Vanha mittari", unit="t")
    old.goals.add(p.main_goal)
    IndicatorValue.objects.create(indicator=old, date=date(2020, 12, 31), value=1)
    # The fixture's oil indicator has a 2022 value: recent enough in 2024.
    unmeasured = GoalNode.objects.create(
        programme=p.programme,
        level=p.focus_area.level,
        parent=p.path,
        identifier="P1.2",
        name="Mittaamaton",
    )
    return {
        "late": late,
        "stale": stale,
        "blocked": blocked,
        "cleared": cleared,
        "key": key,
        "orphan": orphan,
        "off": off,
        "old": old,
        "unmeasured": unmeasured,
    }


@time_machine.travel(TODAY, tick=False)
def test_each_kind_is_found_once_under_its_heading(crafted, small_programme):
    found = bottlenecks.find(small_programme.programme, TODAY)
    ids = lambda rows: [r.action.identifier for r in rows]  # noqa: E731
    assert ids(found.late) == ["L"]
    assert found.late[0].days_late == 92
    assert "S" in ids(found.stale) and "O" not in ids(found.stale)
    assert ids(found.stale).count("S") == 1
    assert list(found.blocked) == ["funding"]
    (item,) = found.blocked["funding"]
    assert item.row.action.identifier == "B"
    assert item.since == at(2024, 4, 1) and item.days_open == 61  # open since the first of the run
    assert ids(found.key_not_started) == ["K"]
    assert ids(found.unowned) == ["O"]
    assert [o.indicator for o in found.off_track] == [crafted["off"]]
    assert [a.identifier for a in found.off_track[0].actions] == ["L"]
    assert found.unmeasured == [crafted["unmeasured"]]
    assert crafted["old"] in found.missing_values
    assert crafted["off"] not in found.missing_values


@time_machine.travel(date(2022, 6, 1), tick=False)
def test_key_actions_not_started_only_after_half_the_period(crafted, small_programme):
    found = bottlenecks.find(small_programme.programme, date(2022, 6, 1))
    assert found.key_not_started == [] and found.halfway == date(2023, 7, 2)


@time_machine.travel(TODAY, tick=False)
def test_page_lists_each_kind_with_who_can_unstick_it(client, crafted):
    response = client.get("/bottlenecks/")
    assert response.status_code == 200
    page = response.text
    for heading in bottlenecks.KINDS.values():
        assert str(heading) in page
    assert "Määräraha puuttuu yhä" in page
    assert "Tilapalvelut" in page and "Matti" in page  # unit and contact person
    assert "Salainen" not in page  # internal notes are for logged-in users
    assert 'class="plotly-chart plotly-bars"' in page and "by-unit-data" in page


@time_machine.travel(TODAY, tick=False)
def test_logged_in_users_see_internal_notes(client, crafted, outsider):
    client.force_login(outsider)
    assert "Salainen" in client.get("/bottlenecks/").text


@time_machine.travel(TODAY, tick=False)
def test_summary_by_unit_and_path(crafted, small_programme):
    found = bottlenecks.find(small_programme.programme, TODAY)
    (unit_row,) = [r for r in found.by_unit if r.label == "Tilapalvelut"]
    assert (unit_row.late, unit_row.blocked, unit_row.off_track) == (1, 1, 1)
    (path_row,) = found.by_path
    assert path_row.label.startswith("P1") and path_row.off_track == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("query", "expected"), [("kind=late", "L"), ("kind=blocked", "B")])
def test_filter_by_kind(client, crafted, query, expected):
    found = client.get(f"/bottlenecks/?{query}").context["found"]
    assert found is not None
    response = client.get(f"/bottlenecks/?{query}", headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="results"' in response.text


@time_machine.travel(TODAY, tick=False)
def test_filter_by_unit_and_goal(client, crafted, small_programme):
    other = small_programme.unit.parent.children.create(name="Muu yksikkö")
    assert client.get(f"/bottlenecks/?unit={other.pk}").context["found"].late == []
    found = client.get(f"/bottlenecks/?path={small_programme.focus_area.pk}").context["found"]
    assert found.late == []  # the late action sits on the path, not in its focus area


@pytest.mark.parametrize(
    "query", ["kind=nope", "unit=x", "goal=999999", "path=abc", "programme=zzz"]
)
def test_bad_filters_give_400(client, crafted, query):
    assert client.get(f"/bottlenecks/?{query}").status_code == 400
    assert client.get(f"/bottlenecks/export.csv?{query}").status_code == 400


def csv_rows(client) -> list[dict[str, str]]:
    """The CSV's rows keyed by column name (its header is the Finnish headings)."""
    reader = csv.reader(
        io.StringIO(client.get("/bottlenecks/export.csv").content.decode("utf-8-sig"))
    )
    with translation.override("fi"):
        names = {column.title: column.name for column in COLUMNS}
    header = [names[heading] for heading in next(reader)]
    return [dict(zip(header, row, strict=True)) for row in reader]


@time_machine.travel(TODAY, tick=False)
def test_csv_and_xlsx_exports_match_and_keep_names_from_the_public(client, crafted, outsider):
    rows = csv_rows(client)
    kinds = {r["kind"] for r in rows}
    assert {str(label) for label in bottlenecks.KINDS.values()} <= kinds
    assert all(r["contact_persons"] == "" for r in rows)
    workbook = load_workbook(io.BytesIO(client.get("/bottlenecks/export.xlsx").content))
    sheet = workbook.active
    assert sheet.max_row == len(rows) + 1
    client.force_login(outsider)
    rows = csv_rows(client)
    assert any("Matti" in r["contact_persons"] for r in rows)


def test_needs_login_when_not_public(client, crafted, settings):
    settings.PUBLIC_DASHBOARD = False
    for url in ["/bottlenecks/", "/bottlenecks/export.csv", "/bottlenecks/export.xlsx"]:
        assert client.get(url).status_code == 302


def late_listed(html: str) -> list[str]:
    start = html.index('<section id="late"')
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<span class="identifier">([^<]+)</span>', section)


@time_machine.travel(TODAY, tick=False)
def test_the_whole_view_lists_the_worst_of_each_kind_and_links_to_them_all(
    client, crafted, small_programme, monkeypatch
):
    monkeypatch.setattr(bottlenecks, "FINDINGS_SHOWN", 2)
    for identifier, end in (("L2", date(2023, 1, 1)), ("L3", date(2024, 5, 1))):
        Action.objects.create(
            goal=small_programme.path, identifier=identifier, name="Myöhässä", end_date=end
        )
    page = client.get("/bottlenecks/").text
    # Latest end first: L2 (2023), L (March 2024); L3 (May 2024) is counted, not listed.
    assert late_listed(page) == ["L2", "L"]
    assert '<span class="count">3</span>' in page
    assert re.search(r'href="/bottlenecks/\?kind=late">\s*\D*\b1\b', page)
    # The off-track indicator listed carries its numbers, read for it alone.
    start = page.index('<section id="off_track"')
    off_track = page[start : page.index("</section>", start)]
    assert "Väärään suuntaan" in off_track and "−6,1\u00a0%/v" in off_track
    everything = client.get("/bottlenecks/?kind=late").text
    assert late_listed(everything) == ["L2", "L", "L3"]
    assert 'class="findings-more"' not in everything
