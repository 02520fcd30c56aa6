"""Each dashboard page costs the same number of queries at 1× and 5× the demo data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from programmes.demo import load_demo
from programmes.models import Action, GoalNode, Programme

pytestmark = pytest.mark.django_db


def page_urls():
    programme = Programme.objects.in_force().get()
    path = GoalNode.objects.get(programme=programme, identifier="2")
    main_goal = GoalNode.objects.get(programme=programme, identifier="T1")
    action = Action.objects.filter(programme=programme, is_key_action=True).order_by("pk").first()
    featured = Indicator.objects.get(identifier="M01")
    return {
        "overview": "/",
        "ladder": "/ladder/",
        "ladder, opened": f"/ladder/?open={main_goal.pk}&open={path.pk}",
        "ladder rung": f"/ladder/{path.pk}/",
        "goal page": f"/goals/{path.pk}/",
        "main goal page": f"/goals/{main_goal.pk}/",
        "action list": "/actions/",
        "action list, late": "/actions/?flag=late&sort=-updated",
        "action list, goal": f"/actions/?goal={main_goal.pk}",
        "action page": f"/actions/{action.pk}/",
        "indicator list": "/indicators/",
        "indicator page": f"/indicators/{featured.pk}/",
        "indicator csv": f"/indicators/{featured.pk}/data.csv",
        "bottlenecks": "/bottlenecks/",
        "bottlenecks csv": "/bottlenecks/export.csv",
        "my actions": "/my/",
    }


CACHED = ("overview", "ladder", "ladder, opened", "goal page", "main goal page", "indicator list")


def count_queries(client, urls, *, cached: bool):
    """Queries of each page with its dashboard fragment already cached, or rendered afresh."""
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches (content types, translations, fragments)
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client, django_user_model):
    load_demo(scale=1)
    # The coordinator answers for nothing; an editor's "my actions" lists rows with flags.
    client.force_login(django_user_model.objects.get(username="editor"))
    urls = page_urls()
    at_1x = count_queries(client, urls, cached=False)
    cached_1x = count_queries(client, urls, cached=True)

    load_demo(scale=5)
    assert Action.objects.filter(programme__status="in_force").count() == 5 * 85
    at_5x = count_queries(client, urls, cached=False)
    cached_5x = count_queries(client, urls, cached=True)

    print("queries per page, rendered afresh:", at_1x)
    print("queries per page, from the cache:", cached_1x)
    assert at_5x == at_1x
    assert cached_5x == cached_1x
    assert max(at_1x.values()) <= 30, at_1x
    # A cached page reads the session, the user, its programme (or goal) and the data's
    # generation, and saves the session (the idle timeout slides: three statements).
    for name in CACHED:
        assert cached_1x[name] < at_1x[name], name
        assert cached_1x[name] <= 8, (name, cached_1x[name])
