"""One JSON log line per request, carrying the id sent back in X-Request-ID."""

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def logged_lines(caplog) -> list[dict]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "salo_climate.requests"
    ]


def test_the_line_carries_the_request_id_sent_back(client, caplog):
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        response = client.get("/healthz")
    [line] = logged_lines(caplog)
    assert len(response["X-Request-ID"]) == 32
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None


def test_a_logged_in_request_names_the_user(client, editor, caplog):
    client.force_login(editor)
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        client.get("/accounts/profile/")
    [line] = logged_lines(caplog)
    assert line["user_id"] == editor.pk


def test_a_safe_incoming_request_id_is_kept(client, caplog):
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        response = client.get("/healthz", headers={"X-Request-ID": "proxy-4f2a.17_b"})
    assert response["X-Request-ID"] == "proxy-4f2a.17_b"
    assert logged_lines(caplog)[0]["request_id"] == "proxy-4f2a.17_b"


@pytest.mark.parametrize(
    "hostile", ["abc\nstatus=200 user_id=1", "a" * 500, "", "id with spaces", 'q"uote']
)
def test_a_hostile_incoming_request_id_is_replaced(client, caplog, hostile):
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        response = client.get("/healthz", headers={"X-Request-ID": hostile})
    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32
    assert logged_lines(caplog)[0]["request_id"] == response["X-Request-ID"]


def test_a_crafted_path_stays_on_one_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        client.get("/nothing%0A%7B%22status%22%3A200%7D")
    [record] = [r for r in caplog.records if r.name == "salo_climate.requests"]
    assert "\n" not in record.getMessage()
    assert json.loads(record.getMessage())["status"] == 404


def test_refused_and_failed_requests_are_logged_too(client, caplog):
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        client.post("/healthz")
    assert logged_lines(caplog)[0]["status"] == 405


def test_a_request_is_logged_when_the_database_is_down(client, editor, caplog, monkeypatch):
    # Whether the reader is logged in is read from the database, which may be what failed.
    from django.db import OperationalError, connections

    client.force_login(editor)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    client.raise_request_exception = False  # the session middleware fails too: a 503 page
    with caplog.at_level(logging.INFO, logger="salo_climate.requests"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    [line] = logged_lines(caplog)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 503
