"""Impact estimates in the open-data API: on each action, without names for the public."""

from __future__ import annotations

import pytest


@pytest.fixture
def public(settings):
    settings.PUBLIC_DASHBOARD = True


def test_actions_carry_their_impact_estimates(client, crafted, public):
    body = client.get(f"/api/v1/actions/{crafted['b'].pk}").json()
    assert body["impact_estimates"] == [
        {
            "id": crafted["b"].impact_estimates.get().pk,
            "sector": crafted["road"].pk,
            "annual_reduction": 25.0,
            "low": 20.0,
            "high": 40.0,
            "start_year": 2021,
            "full_effect_year": 2025,
            "method": "Arvio.",
            "estimated_by": None,
            "estimated_on": "2024-01-01",
        }
    ]
    listed = client.get("/api/v1/actions?limit=100").json()["items"]
    by_id = {item["id"]: item for item in listed}
    assert len(by_id[crafted["a"].pk]["impact_estimates"]) == 1


def test_logged_in_readers_see_who_estimated(client, crafted, public, outsider):
    client.force_login(outsider)
    body = client.get(f"/api/v1/actions/{crafted['a'].pk}").json()
    assert body["impact_estimates"][0]["estimated_by"] == "Kaisa"


def test_estimates_of_an_unpublished_programme_are_not_shown(client, crafted, public):
    programme = crafted["programme"]
    programme.is_published = False
    programme.save()
    assert client.get(f"/api/v1/actions/{crafted['a'].pk}").status_code == 404
