"""The gap view costs the same number of queries at 1× and 5× the demo data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.loader import CURRENT_SLUG, load_demo
from emissions.models import ImpactEstimate
from programmes.models import Action

pytestmark = pytest.mark.django_db


def urls() -> dict[str, str]:
    first, second = Action.objects.filter(
        programme__slug=CURRENT_SLUG, identifier__in=["2.2.4", "3.3.4"]
    ).order_by("identifier")
    return {
        "as estimated": "/emissions/",
        "what if": f"/emissions/?off={first.pk}&scale_{second.pk}=150&late_off=1&sort=impact",
    }


def queries(client, url: str, **headers) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(captured)


def counts(client) -> dict[str, int]:
    found = {}
    for name, url in urls().items():
        client.get(url)  # warm the per-process caches (content types, translations)
        found[name] = queries(client, url)
        found[f"{name}, htmx"] = queries(client, url, HX_Request="true")
    return found


def test_the_gap_view_costs_the_same_queries_at_1x_and_5x(client, settings):
    settings.PUBLIC_DASHBOARD = True
    load_demo(scale=1)
    estimates_1x = ImpactEstimate.objects.count()
    at_1x = counts(client)
    load_demo(scale=5)
    assert ImpactEstimate.objects.count() == 5 * estimates_1x
    at_5x = counts(client)
    print("queries of the gap view:", at_1x)
    assert at_5x == at_1x
    assert max(at_1x.values()) <= 20, at_1x
