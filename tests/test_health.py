"""/healthz tells a load balancer whether this instance can reach its database."""

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


def test_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_needs_no_login_even_when_the_dashboard_is_private(client, settings):
    settings.PUBLIC_DASHBOARD = False
    assert client.get("/healthz").status_code == 200


def test_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"
    assert "no-cache" in response["Cache-Control"]


def test_503_when_the_query_fails(client, monkeypatch):
    wrapper_class = type(connections["default"].cursor())

    def failing_execute(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(wrapper_class, "execute", failing_execute)
    assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_not_allowed(client, method):
    assert getattr(client, method)("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/actions/?q=%00", "/actions/?programme=a%00b", "/?programme=%00", "/indicators/?%00=1"]
)
def test_a_nul_character_in_the_query_is_a_400_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "not allowed" in response.text or "ei ole sallittu" in response.text


# /readyz: ready to take traffic once the database answers and migrate has run.


def test_readyz_ok_when_every_migration_is_applied(client, settings):
    settings.PUBLIC_DASHBOARD = False
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_503_when_a_migration_is_not_applied(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda self, targets, clean_start=False: [(object(), False)],
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.text == "migrations not applied: 1\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"


def test_readyz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


def test_readyz_refuses_other_methods(client):
    assert client.post("/readyz").status_code == 405
