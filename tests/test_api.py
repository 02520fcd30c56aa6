"""The open-data API under /api/v1/: its shapes, pages, schema and CORS, and what it never
tells: names to the public, internal notes to anyone, unpublished programmes to the public."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from openapi_spec_validator import validate

from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.models import Action, ActionResponsibility, GoalLevel, GoalNode, Programme

pytestmark = pytest.mark.django_db
HKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2025, 6, 1, 12, tzinfo=HKI)
PERSON = ("Ilmari", "Yksityinen")  # a contact person: never named to the public
NOTE = "SISÄINEN-MUISTIO-7731"  # an internal note: never in the API
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}

LISTS = ["/api/v1/programmes", "/api/v1/goals", "/api/v1/actions", "/api/v1/indicators"]


@pytest.fixture
def world(small_programme, editor, django_user_model):
    """The small programme with a named contact person, two status updates (one with an
    internal note), a sector component, and an unpublished programme with a goal, an
    action and an indicator of its own."""
    p = small_programme
    person = django_user_model.objects.create_user(
        "yksityinen", "y@example.test", "salasana-123", first_name=PERSON[0], last_name=PERSON[1]
    )
    p.action.contact_persons.add(person)
    p.action.record_update(
        author=person,
        status="in_progress",
        completion_percent=20,
        done="Selvitys tehty.",
        created_at=datetime(2024, 3, 1, 9, tzinfo=HKI),
    )
    p.action.record_update(
        author=person,
        status="in_progress",
        completion_percent=40,
        bottleneck_category="funding",
        bottleneck="Rahoitus puuttuu.",
        internal_note=NOTE,
        created_at=datetime(2025, 5, 2, 9, tzinfo=HKI),
    )
    part = Indicator.objects.create(name="Öljy kouluissa", unit="m³", component_of=p.indicator)
    part.goals.add(p.focus_area)
    part.actions.add(p.action)
    hidden = Programme.objects.create(
        name="Luonnos", slug="luonnos", start_year=2026, end_year=2030, is_published=False
    )
    level = GoalLevel.objects.create(programme=hidden, depth=1, name="t", name_plural="t")
    goal = GoalNode.objects.create(programme=hidden, level=level, identifier="L1", name="Luonnos")
    action = Action.objects.create(goal=goal, identifier="9.1", name="Luonnostoimenpide")
    indicator = Indicator.objects.create(name="Luonnosmittari", unit="t")
    indicator.goals.add(goal)
    p.hidden = {"programme": hidden, "goal": goal, "action": action, "indicator": indicator}
    p.part = part
    p.person = person
    return p


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def every_body(client, world) -> dict[str, str]:
    """The body of every list and of every detail the reader may see, by URL."""
    urls = list(LISTS)
    for path in LISTS:
        urls += [f"{path}/{item['id']}" for item in get(client, f"{path}?limit=500")["items"]]
    return {url: client.get(url).content.decode() for url in urls}


# --- shapes ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_programmes(client, world):
    page = get(client, "/api/v1/programmes")
    assert page["count"] == 1
    assert page["license"] == LICENCE
    [programme] = page["items"]
    assert programme == {
        "id": world.programme.pk,
        "slug": "ilmasto-2021",
        "name": "Ilmasto-ohjelma",
        "description": "",
        "start_year": 2021,
        "end_year": 2025,
        "status": "in_force",
        "approved_on": None,
        "approved_by": "",
        "strategy": {"id": world.programme.strategy_id, "name": "Kaupunkistrategia 2030"},
        "levels": [
            {"depth": 1, "name": "päätavoite", "name_plural": "päätavoitteet"},
            {"depth": 2, "name": "kehityspolku", "name_plural": "kehityspolut"},
            {"depth": 3, "name": "painopiste", "name_plural": "painopisteet"},
        ],
    }
    assert get(client, f"/api/v1/programmes/{world.programme.pk}") == programme


def test_goals_with_their_ladder_links(client, world):
    page = get(client, "/api/v1/goals")
    assert page["license"] == LICENCE
    goals = {goal["identifier"]: goal for goal in page["items"]}
    assert list(goals) == ["T1", "P1", "P1.1"]  # by level, then order
    main, path, focus = goals["T1"], goals["P1"], goals["P1.1"]
    assert main["level"] == {"depth": 1, "name": "päätavoite", "name_plural": "päätavoitteet"}
    assert main["strategic_goals"] == [
        {"id": world.strategic_goal.pk, "identifier": "S1", "name": "Koti"}
    ]
    assert main["parent"] is None and main["serves"] == []
    assert path["serves"] == [main["id"]]  # contribution
    assert focus["parent"] == path["id"]  # containment
    assert focus["target_state"] == "Kaupungin kiinteistöt eivät käytä öljyä."
    assert focus["target_state_year"] == 2025
    assert {goal["programme"] for goal in goals.values()} == {world.programme.pk}
    assert set(main) == {
        "id",
        "programme",
        "identifier",
        "name",
        "description",
        "target_state",
        "target_state_year",
        "level",
        "parent",
        "serves",
        "strategic_goals",
        "headline_indicator",
    }
    assert get(client, f"/api/v1/goals/{focus['id']}") == focus
    assert [g["identifier"] for g in get(client, "/api/v1/goals?depth=2")["items"]] == ["P1"]


@time_machine.travel(NOW, tick=False)
def test_actions_with_status_and_history(client, world):
    page = get(client, "/api/v1/actions")
    assert page["license"] == LICENCE
    [action] = page["items"]
    assert action["id"] == world.action.pk
    assert action["identifier"] == "1.1.1"
    assert action["programme"] == world.programme.pk
    assert action["goal"] == world.focus_area.pk
    assert action["status"] == "in_progress"
    assert action["completion_percent"] == 40
    assert action["start_date"] == "2021-06-01" and action["end_date"] == "2025-12-31"
    assert action["late"] is False and action["stale"] is False
    assert action["last_update_at"] == "2025-05-02T06:00:00Z"
    assert action["units"] == [{"id": world.unit.pk, "name": "Tilapalvelut", "role": "primary"}]
    assert action["contact_persons"] is None  # the public sees the units, not the people
    assert [(u["created_at"], u["completion_percent"]) for u in action["status_history"]] == [
        ("2024-03-01T07:00:00Z", 20),
        ("2025-05-02T06:00:00Z", 40),
    ]
    assert action["status_history"][1] == {
        "created_at": "2025-05-02T06:00:00Z",
        "status": "in_progress",
        "completion_percent": 40,
        "done": "",
        "bottleneck_category": "funding",
        "bottleneck": "Rahoitus puuttuu.",
        "next_steps": "",
    }
    assert get(client, f"/api/v1/actions/{world.action.pk}") == action


@time_machine.travel(NOW, tick=False)
def test_logged_in_readers_get_names_but_never_internal_notes(client, world, outsider):
    client.force_login(outsider)
    [action] = [a for a in get(client, "/api/v1/actions")["items"] if a["id"] == world.action.pk]
    assert set(action["contact_persons"]) == {"Matti", " ".join(PERSON)}
    for url, body in every_body(client, world).items():
        assert NOTE not in body, url
        assert "internal_note" not in body, url


def test_indicators_with_values_targets_baseline_and_components(client, world):
    page = get(client, "/api/v1/indicators")
    assert page["license"] == LICENCE
    indicators = {item["name"]: item for item in page["items"]}
    total, part = indicators["Lämmitysöljyn kulutus"], indicators["Öljy kouluissa"]
    assert total["baseline"] == {"year": 2016, "value": 930.0}
    assert total["targets"] == [{"year": 2035, "value": 0.0, "note": ""}]
    assert total["values"] == [{"date": "2022-12-31", "value": 465.0, "note": ""}]
    assert total["components"] == [part["id"]] and total["component_of"] is None
    assert part["component_of"] == total["id"] and part["components"] == []
    assert part["actions"] == [world.action.pk]
    assert total["goals"] == [world.focus_area.pk]
    assert total["unit"] == "m³" and total["direction"] == "decrease"
    assert total["verdict"] in {
        "achieved",
        "on_track",
        "acceleration_needed",
        "limited_progress",
        "wrong_direction",
        "missed",
        "not_enough_data",
    }
    assert part["baseline"] is None and part["values"] == []
    assert get(client, f"/api/v1/indicators/{total['id']}") == total


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/actions?status=completed", 0),
        ("/api/v1/actions?status=in_progress", 1),
        ("/api/v1/actions?goal={focus_area}", 1),
        ("/api/v1/actions?goal={path}", 0),  # the action belongs to the focus area
        ("/api/v1/actions?programme={programme}", 1),
        ("/api/v1/goals?programme={programme}", 3),
        ("/api/v1/indicators?programme={programme}", 2),
        ("/api/v1/indicators?programme=999999", 0),
    ],
)
def test_filters(client, world, url, expected):
    url = url.format(
        focus_area=world.focus_area.pk, path=world.path.pk, programme=world.programme.pk
    )
    assert get(client, url)["count"] == expected


# --- pages and bad input ----------------------------------------------------------------


def test_pages_by_limit_and_offset(client, world):
    everything = [g["id"] for g in get(client, "/api/v1/goals")["items"]]
    assert len(everything) == 3
    page = get(client, "/api/v1/goals?limit=2")
    assert page["count"] == 3 and [g["id"] for g in page["items"]] == everything[:2]
    page = get(client, "/api/v1/goals?limit=2&offset=2")
    assert page["count"] == 3 and [g["id"] for g in page["items"]] == everything[2:]
    assert get(client, "/api/v1/goals?offset=10")["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/actions?limit=0",
        "/api/v1/actions?limit=501",
        "/api/v1/actions?limit=abc",
        "/api/v1/actions?offset=-1",
        "/api/v1/actions?status=bogus",
        "/api/v1/actions?programme=abc",
        "/api/v1/goals?depth=0",
    ],
)
def test_bad_parameters_answer_422_in_the_readers_language(client, world, query):
    body = get(client, query, status=422)
    with translation.override("fi"):
        assert body["detail"] == _("Check the query parameters.")
    assert body["errors"]


@pytest.mark.parametrize(
    "url", ["/api/v1/actions/999999", "/api/v1/programmes/0", "/api/v1/indicators/999999"]
)
def test_an_unknown_id_is_404(client, world, url):
    with translation.override("fi"):
        assert get(client, url, status=404) == {"detail": _("Not found.")}


def test_a_write_is_not_allowed(client, world):
    for url in [*LISTS, f"/api/v1/actions/{world.action.pk}", "/api/v1/openapi.json"]:
        assert client.post(url, {}).status_code == 405, url
        assert client.delete(url).status_code == 405, url


# --- what the public never learns -------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_no_personal_names_or_internal_notes_for_the_public(client, world):
    bodies = every_body(client, world)
    assert len(bodies) == 4 + 1 + 3 + 1 + 2  # lists, the programme, goals, action, indicators
    for url, body in bodies.items():
        assert PERSON[1] not in body and PERSON[0] not in body, url
        assert "Matti" not in body and "muokkaaja" not in body, url
        assert NOTE not in body, url
    assert "Tilapalvelut" in bodies["/api/v1/actions"]  # the unit instead


def test_an_unpublished_programme_is_invisible_to_the_public(client, world, outsider):
    hidden = world.hidden
    ids = {path: {item["id"] for item in get(client, path)["items"]} for path in LISTS}
    assert hidden["programme"].pk not in ids["/api/v1/programmes"]
    assert hidden["goal"].pk not in ids["/api/v1/goals"]
    assert hidden["action"].pk not in ids["/api/v1/actions"]
    assert hidden["indicator"].pk not in ids["/api/v1/indicators"]
    for path in ["programmes", "goals", "actions", "indicators"]:
        obj = hidden[path.removesuffix("s")]
        get(client, f"/api/v1/{path}/{obj.pk}", status=404)
    assert get(client, f"/api/v1/goals?programme={hidden['programme'].pk}")["count"] == 0
    client.force_login(outsider)
    for path in ["programmes", "goals", "actions", "indicators"]:
        obj = hidden[path.removesuffix("s")]
        assert get(client, f"/api/v1/{path}/{obj.pk}")["id"] == obj.pk


def test_a_private_dashboard_refuses_the_public(client, world, outsider, settings):
    settings.PUBLIC_DASHBOARD = False
    for url in [*LISTS, f"/api/v1/actions/{world.action.pk}"]:
        with translation.override("fi"):
            assert get(client, url, status=403) == {"detail": _("Log in to read this data.")}
    assert client.get("/api/v1/openapi.json").status_code == 200  # it describes no data
    client.force_login(outsider)
    for url in LISTS:
        assert get(client, url)["count"] > 0


# --- the schema, the docs and CORS --------------------------------------------------------


def test_the_openapi_schema_validates_and_names_the_licence(client, world):
    schema = get(client, "/api/v1/openapi.json")
    validate(schema)
    assert schema["info"]["license"] == LICENCE
    assert {
        "/api/v1/programmes",
        "/api/v1/programmes/{id}",
        "/api/v1/goals",
        "/api/v1/goals/{id}",
        "/api/v1/actions",
        "/api/v1/actions/{id}",
        "/api/v1/indicators",
        "/api/v1/indicators/{id}",
    } == set(schema["paths"])
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    update = schema["components"]["schemas"]["StatusUpdateOut"]["properties"]
    assert "internal_note" not in update and "author" not in update


def test_the_docs_page_uses_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    for asset in ["ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"]:
        assert f"/static/{asset}" in page
        assert finders.find(asset), asset  # served from the installed ninja package
    assert "cdn" not in page.lower() and "https://" not in page
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "http" not in csp


def test_cors_lets_any_site_read_without_credentials(client, world):
    response = client.get("/api/v1/actions", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Link"] == f'<{LICENCE["url"]}>; rel="license"'
    preflight = client.options(
        "/api/v1/actions",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in preflight
    refused = client.post("/api/v1/actions", headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in refused


def test_cors_is_for_the_api_only(client, world):
    for url in ["/", "/actions/", "/actions/export.csv"]:
        response = client.get(url, headers={"Origin": "https://example.org"})
        assert "Access-Control-Allow-Origin" not in response, url
    assert client.options("/actions/").status_code == 405


# --- queries ----------------------------------------------------------------------------


def grow(world, numbers: range) -> None:
    """More actions, indicators and goals, each with everything the API shows of them."""
    for i in numbers:
        action = Action.objects.create(
            goal=world.focus_area, identifier=f"2.{i}", name=f"Lisätoimenpide {i}"
        )
        ActionResponsibility.objects.create(action=action, unit=world.unit, role="primary")
        action.contact_persons.add(world.person)
        for year in (2023, 2024):
            action.record_update(
                author=world.person,
                status="in_progress",
                completion_percent=10,
                created_at=datetime(year, 1, 1, tzinfo=HKI),
            )
        indicator = Indicator.objects.create(
            name=f"Mittari {i}", unit="t", baseline_year=2015, baseline_value=10
        )
        indicator.goals.add(world.main_goal)
        indicator.actions.add(action)
        IndicatorTarget.objects.create(indicator=indicator, year=2030, value=5)
        for year in (2020, 2021):
            IndicatorValue.objects.create(indicator=indicator, date=date(year, 12, 31), value=9)
        Indicator.objects.create(name=f"Osa {i}", unit="t", component_of=indicator)
        GoalNode.objects.create(
            programme=world.programme,
            level=world.path.level,
            identifier=f"P{i + 2}",
            name=f"Polku {i}",
        ).serves.add(world.main_goal)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("logged_in", [False, True])
@time_machine.travel(NOW, tick=False)
def test_query_counts_do_not_grow_with_the_rows(client, world, outsider, logged_in):
    if logged_in:
        client.force_login(outsider)
    urls = [
        *LISTS,
        f"/api/v1/actions/{world.action.pk}",
        f"/api/v1/indicators/{world.indicator.pk}",
    ]
    grow(world, range(3))
    for url in urls:
        client.get(url)  # warm the per-process caches (content types, translations)
    small = {url: queries(client, url) for url in urls}
    grow(world, range(3, 9))
    large = {url: queries(client, url) for url in urls}
    assert large == small, (small, large)
    sizes = {url: len(json.loads(client.get(url).content).get("items", [])) for url in LISTS}
    assert sizes["/api/v1/actions"] >= 10  # so that the comparison means something
    assert max(small.values()) <= 15, small
