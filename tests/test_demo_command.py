"""Loading the Salo demo into an empty database, and the ``manage.py demo`` command.

Each test here starts from an empty database: the day and the scale of a load change
what it writes, a second load must create nothing, and the command migrates and loads
on its own. The demo's content is tested, on one shared load, in ``test_demo.py``.
"""

from collections import Counter
from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.loader import CURRENT_SLUG, load_demo
from indicators.models import Indicator, IndicatorValue
from programmes.action_rules import Freshness
from programmes.models import Programme

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def current() -> Programme:
    return Programme.objects.get(slug=CURRENT_SLUG)


def row_counts() -> dict[str, int]:
    """Rows in every table of the demo's apps, many-to-many tables included."""
    counts = {}
    for label in ("programmes", "indicators", "auth"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.model_name != "datachange":  # the cache's bookkeeping, not data
                counts[model._meta.db_table] = model.objects.count()
    return counts


# --- loads: the day, a second load, the scale ----------------------------------------


def test_staleness_follows_the_day_the_demo_is_loaded():
    later = date(2027, 9, 1)
    load_demo(today=later)
    actions = list(current().actions.with_flag_data())
    assert Counter(a.freshness(later) for a in actions)[Freshness.STALE] >= 3
    assert all(a.latest_update.created_at.date() < later for a in actions)
    assert max(a.latest_update.created_at.date() for a in actions) > TODAY


def test_loading_twice_creates_nothing():
    load_demo(today=TODAY)
    before = row_counts()
    again = load_demo(today=TODAY)
    assert again.created == 0
    assert row_counts() == before


def test_scale_two_doubles_actions_and_indicators():
    summary = load_demo(scale=2, today=TODAY)
    assert summary.actions == 170
    assert summary.key_actions == 46
    assert summary.indicators == 90
    copy = current().actions.get(identifier="2.1.1-2")
    assert copy.goal.identifier == "2.1"
    assert copy.latest_update == copy.updates.order_by("-created_at").first()
    assert Indicator.objects.get(identifier="M11-2").goals.count() == 2
    assert IndicatorValue.objects.filter(indicator__identifier="M11-2").count() == 10
    assert Indicator.objects.get(identifier="M02-2").component_of.identifier == "M01-2"


# --- the command ---------------------------------------------------------------------


def test_command_loads_the_demo_and_prints_the_logins(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "admin / salo-demo" in text
    assert "editor / salo-demo" in text
    assert "council / salo-demo" in text
    assert "http://127.0.0.1:8000/admin/" in text
    assert current().actions.count() == 85

    before = row_counts()
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "nothing new" in out.getvalue()
    assert row_counts() == before


def test_command_serves_without_the_reloader(settings):
    settings.DEBUG = True
    real_call_command = call_command
    served = []

    def fake_call_command(name, *args, **kwargs):
        if name == "runserver":
            served.append((args, kwargs))
            return None
        return real_call_command(name, *args, **kwargs)

    target = "demo.management.commands.demo.call_command"
    with mock.patch(target, side_effect=fake_call_command):
        call_command("demo", "--addrport", "127.0.0.1:8001", stdout=StringIO())
    assert served == [(("127.0.0.1:8001",), {"use_reloader": False})]


def test_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert not Programme.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("scale", ["0", "51", "lots"])
def test_command_refuses_a_bad_scale(settings, scale):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="scale"):
        call_command("demo", "--no-serve", "--scale", scale, stdout=StringIO())
    assert not Programme.objects.exists()
