"""One rule for what the public sees of people (``programmes/access.py``).

On pages, an action's contact persons by name and work email; anyone else, such as an
update's author who is not a contact, as the responsible unit. In open data (CSV, XLSX,
the API) nobody by name. Logged-in readers see every name.
"""

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

AUTHOR = "Kaarina Koordinaattori"  # wrote an update, answers for nothing
CONTACT = "Matti Muokkaaja"


@pytest.fixture
def updated(small_programme, editor, django_user_model):
    editor.last_name = "Muokkaaja"
    editor.save()
    small_programme.action.contact_persons.add(editor)
    author = django_user_model.objects.create_user(
        "kaarina", "kaarina@salo.example", "x", first_name="Kaarina", last_name="Koordinaattori"
    )
    small_programme.action.record_update(
        author=author, status="in_progress", completion_percent=30, done="Tarjoukset saatu."
    )
    small_programme.action.record_update(
        author=editor, status="in_progress", completion_percent=40, done="Sopimus tehty."
    )
    return small_programme


def test_the_public_action_page_names_contacts_and_shows_other_authors_as_their_unit(
    client, updated
):
    html = client.get(f"/actions/{updated.action.pk}/").text
    assert CONTACT in html and "muokkaaja@example.test" in html
    assert AUTHOR not in html
    timeline = html[html.index('class="timeline"') :]
    assert f'<span class="muted">{updated.unit.name}</span>' in timeline


def test_logged_in_readers_see_every_author(client, updated, outsider):
    client.force_login(outsider)
    html = client.get(f"/actions/{updated.action.pk}/").text
    assert AUTHOR in html and CONTACT in html


OPEN_DATA = [
    "/actions/export.csv",
    "/actions/export.xlsx",
    "/bottlenecks/export.csv",
    "/bottlenecks/export.xlsx",
    "/changes.csv",
    "/indicators/export.csv",
    "/indicators/export.xlsx",
    "/api/v1/actions",
    "/api/v1/actions/{action}",
    "/api/v1/indicators",
]


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return body.decode("utf-8-sig")


@pytest.mark.parametrize("url", OPEN_DATA)
def test_open_data_names_nobody_to_the_public(client, updated, url):
    response = client.get(url.format(action=updated.action.pk))
    assert response.status_code == 200, url
    text = text_of(response)
    assert updated.action.identifier in text or "indicator" in url
    for name in (AUTHOR, CONTACT, "Matti", "Kaarina", "muokkaaja@", "kaarina@"):
        assert name not in text, (url, name)


@pytest.mark.parametrize("url", ["/actions/export.csv", "/api/v1/actions/{action}"])
def test_open_data_names_the_contacts_to_logged_in_readers(client, updated, outsider, url):
    client.force_login(outsider)
    text = text_of(client.get(url.format(action=updated.action.pk)))
    assert CONTACT in text


def test_the_privacy_notice_states_the_rule(client):
    html = client.get("/privacy/").text
    assert "yksikkö" in html.lower()
