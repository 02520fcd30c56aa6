"""Each dashboard page costs the same number of queries at 1× and 2× the demo data.

A query per row (the N+1 this guards against) adds queries at 2× as surely as at 5×, and
rendering 2× afresh costs half the time of 5×.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.loader import load_demo
from indicators.models import Indicator
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


def count_queries(client, urls, *, warm: bool = True) -> tuple[dict, dict]:
    """Queries of each page rendered afresh, and then with its dashboard fragments cached.

    ``warm`` first requests each page once, to fill the per-process caches (content
    types, translations, templates) that a later run over the same pages finds full.
    """
    afresh, cached = {}, {}
    for name, url in urls.items():
        if warm:
            client.get(url)
        cache.clear()
        afresh[name] = queries_of(client, url, name)
        cached[name] = queries_of(client, url, name)  # the fragments the last request cached
    return afresh, cached


def queries_of(client, url, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, name
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(client, django_user_model):
    load_demo(scale=1)
    # The coordinator answers for nothing; an editor's "my actions" lists rows with flags.
    client.force_login(django_user_model.objects.get(username="editor"))
    anonymous = Client()  # the public reader: no session, no user
    urls = page_urls()
    at_1x, cached_1x = count_queries(client, urls)
    public_1x, _ = count_queries(anonymous, {"overview": "/"})

    load_demo(scale=2)
    assert Action.objects.filter(programme__status="in_force").count() == 2 * 85
    # Rendering the larger data afresh is most of this test's time: render each page once.
    at_2x, cached_2x = count_queries(client, urls, warm=False)
    public_2x, _ = count_queries(anonymous, {"overview": "/"}, warm=False)

    print("queries per page, rendered afresh:", at_1x)
    print("queries per page, from the cache:", cached_1x)
    assert at_2x == at_1x
    assert cached_2x == cached_1x
    assert public_2x == public_1x
    assert max(at_1x.values()) <= 30, at_1x
    # 16: one of them reads the marks of the main goals' cards, each cached on its own.
    assert public_1x["overview"] <= 16, public_1x
    # A cached page reads the session, the user, its programme (or goal) and the data's
    # generation, and may save the session (the idle timeout slides, once a minute at
    # most: three statements).
    for name in CACHED:
        assert cached_1x[name] < at_1x[name], name
        assert cached_1x[name] <= 8, (name, cached_1x[name])
