"""A request that meets an unavailable database gets a 503 with Retry-After in the
reader's language, not the generic 500 page; other faults still get the 500 page."""

import pytest
from django.db import OperationalError
from django.test import Client

from programmes.dashboard import Overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DASHBOARD_CACHE_SECONDS = 0
    return Client(raise_request_exception=False)


def fail_with(monkeypatch, exception):
    def build(*args, **kwargs):
        raise exception

    monkeypatch.setattr(Overview, "build", build)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", "tilapäisesti"), ("sv", "tillfälligt"), ("en", "briefly unavailable")],
)
def test_an_unreachable_database_is_a_503_in_the_readers_language(
    production, small_programme, monkeypatch, language, words
):
    fail_with(monkeypatch, OperationalError("connection refused"))
    response = production.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert words in response.content.decode()


def test_a_database_error_wrapped_in_another_is_still_an_outage(
    production, small_programme, monkeypatch
):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as cause:
        wrapped = RuntimeError("while building the overview")
        wrapped.__cause__ = cause
    fail_with(monkeypatch, wrapped)
    assert production.get("/").status_code == 503


def test_any_other_fault_is_the_500_page(production, small_programme, monkeypatch):
    fail_with(monkeypatch, ZeroDivisionError())
    response = production.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_benchmarks_urlconf_answers_an_outage_as_the_project_does(
    production, small_programme, monkeypatch, settings
):
    # bench/pg_restart.py measures the outage through bench.urls; Django looks up handler500
    # in the root URLconf, so without the project's handler it would count 500s, not 503s.
    settings.ROOT_URLCONF = "bench.urls"
    fail_with(monkeypatch, OperationalError("the database system is shutting down"))
    response = production.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
