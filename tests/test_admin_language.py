"""No English on the coordinator's admin pages or the public pages in Finnish.

Django 6.1's admin and django-axes leave some strings untranslated in Finnish; this
project's catalogues supply them (``salo_climate/third_party_strings.py``). A new release
that adds one shows here as an English word on a page.
"""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r"\b(Select|Choose|Change|Search|Filter|Delete|Save|History|Access|option|Home|Run|"
    r"Pagination|Remove|Add|View|Log out|Available|Chosen|Attempt|Failed|Locked|Expires|"
    r"Username|Password|Yes|No|Unknown|Today|Show|Hide|Clear|Action|Actions|Go|entries)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def english_words(html: str) -> set[str]:
    return set(ENGLISH.findall(visible_text(html)))


@pytest.fixture
def coordinator_client(client, coordinator, small_programme):
    client.force_login(coordinator)
    return client


def admin_pages():
    for model in admin.site._registry:
        meta = model._meta
        for kind in ("changelist", "add"):
            try:
                yield reverse(f"admin:{meta.app_label}_{meta.model_name}_{kind}")
            except NoReverseMatch:
                continue


def test_no_admin_page_speaks_english_in_finnish(coordinator_client):
    found, read = {}, 0
    for url in ["/admin/", *admin_pages()]:
        response = coordinator_client.get(url)
        if response.status_code != 200:
            continue  # an add page the admin offers nobody (logs, history)
        read += 1
        words = english_words(response.text)
        if words:
            found[url] = sorted(words)
    assert read > 25
    assert found == {}


def test_the_admins_javascript_speaks_finnish(coordinator_client):
    catalog = coordinator_client.get("/admin/jsi18n/").text
    assert "merkitsem\\u00e4ll\\u00e4 ne" in catalog or "merkitsemällä ne" in catalog


@pytest.mark.parametrize(
    "url", ["/", "/ladder/", "/actions/", "/indicators/", "/bottlenecks/", "/changes/", "/rules/"]
)
def test_no_public_page_speaks_english_in_finnish(client, small_programme, url):
    assert english_words(client.get(url).text) == set()


def test_people_are_picked_by_their_names(coordinator_client, editor, small_programme):
    editor.last_name = "Muokkaaja"
    editor.save()
    small_programme.action.contact_persons.add(editor)
    url = f"/admin/programmes/action/{small_programme.action.pk}/change/"
    assert ">Matti Muokkaaja (muokkaaja)</option>" in coordinator_client.get(url).text
    found = coordinator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "programmes",
            "model_name": "action",
            "field_name": "contact_persons",
            "term": "Muokkaaja",
        },
    ).json()
    assert [r["text"] for r in found["results"]] == ["Matti Muokkaaja (muokkaaja)"]
