"""Each dashboard page costs the same number of queries at 1× and 5× the demo data."""

import pytest
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


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches (content types, translations)
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
    at_1x = count_queries(client, urls)

    load_demo(scale=5)
    assert Action.objects.filter(programme__status="in_force").count() == 5 * 85
    at_5x = count_queries(client, urls)

    print("queries per page:", at_1x)
    assert at_5x == at_1x
    assert max(at_1x.values()) <= 30, at_1x
