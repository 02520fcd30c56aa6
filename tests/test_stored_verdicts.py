"""The stored verdicts equal a full recomputation after any sequence of writes, and the
pages that count verdicts read them instead of every series."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import imports, stored_verdicts
from indicators.models import Indicator, IndicatorTarget, IndicatorValue, StoredVerdict
from indicators.verdicts import VerdictKind, verdict_for
from programmes.models import DataChange

YEARS = st.integers(2015, 2040)
NUMBERS = st.one_of(st.integers(-5, 300).map(float), st.floats(0.5, 300, allow_nan=False))

# One write each: (what, indicator number, year, number).
WRITES = st.tuples(
    st.sampled_from(
        [
            "new indicator",
            "value",
            "change value",
            "delete value",
            "target",
            "delete target",
            "baseline",
            "no baseline",
            "direction",
            "delete indicator",
            "import",
        ]
    ),
    st.integers(0, 3),
    YEARS,
    NUMBERS,
)


def apply(write: tuple[str, int, int, float]) -> None:
    """One write as the application makes it: model saves and deletes, or an import."""
    what, n, year, number = write
    indicators = list(Indicator.objects.order_by("pk"))
    if what == "new indicator" or not indicators:
        Indicator.objects.create(identifier=f"S{Indicator.objects.count()}", name="s", unit="kt")
        return
    indicator = indicators[n % len(indicators)]
    values = list(indicator.values.all())
    targets = list(indicator.targets.all())
    day = date(year, 12, 31)
    if what == "value":
        IndicatorValue.objects.update_or_create(
            indicator=indicator, date=day, defaults={"value": number}
        )
    elif what == "change value" and values:
        value = values[n % len(values)]
        value.value = number
        value.save()
    elif what == "delete value" and values:
        values[n % len(values)].delete()
    elif what == "target":
        IndicatorTarget.objects.update_or_create(
            indicator=indicator, year=year, defaults={"value": number}
        )
    elif what == "delete target" and targets:
        targets[n % len(targets)].delete()
    elif what == "baseline":
        indicator.baseline_year, indicator.baseline_value = year, number
        indicator.save()
    elif what == "no baseline":
        indicator.baseline_year = indicator.baseline_value = None
        indicator.save()
    elif what == "direction":
        indicator.direction = (
            Indicator.Direction.INCREASE
            if indicator.direction == Indicator.Direction.DECREASE
            else Indicator.Direction.DECREASE
        )
        indicator.save()
    elif what == "delete indicator":
        indicator.delete()
    elif what == "import":
        parsed = [
            imports.ParsedValue(2, "B", indicator.identifier, date(y, 12, 31), "year", v, None)
            for y, v in ((year, number), (year + 1, number * 0.9))
        ]
        plan = imports.plan_import("s.csv", parsed, user=None, today=date(2041, 1, 1))
        if not plan.problems:
            imports.write_plan(plan, user=None)


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WRITES, min_size=1, max_size=12))
def test_stored_verdicts_equal_a_full_recomputation_after_any_writes(writes):
    with transaction.atomic():  # each example starts from the same two indicators
        for number in range(2):
            road = Indicator.objects.create(
                identifier=f"R{number}", name="r", unit="kt", baseline_year=2015, baseline_value=100
            )
            IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=90)
        for write in writes:
            apply(write)
            assert stored_verdicts.disagreements() == [], write
            assert StoredVerdict.objects.count() == Indicator.objects.count()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_import_judges_each_indicator_once_at_the_end(django_assert_max_num_queries):
    road = Indicator.objects.create(identifier="M02", name="Tie", unit="kt")
    IndicatorTarget.objects.create(indicator=road, year=2030, value=50)
    parsed = [
        imports.ParsedValue(row, "B", "M02", date(2000 + row, 12, 31), "year", 100 - row, None)
        for row in range(2, 22)
    ]
    plan = imports.plan_import("m.csv", parsed, user=None, today=date(2026, 1, 1))
    with django_assert_max_num_queries(20 * 8 + 10) as captured:
        imports.write_plan(plan, user=None)
    judged = [q for q in captured.captured_queries if "indicators_storedverdict" in q["sql"]]
    assert len(judged) == 1  # one upsert for the whole import, not one per value
    road.refresh_from_db()
    assert road.stored_verdict.kind == verdict_for(road).kind == VerdictKind.LIMITED_PROGRESS


@pytest.mark.django_db
def test_deleting_an_indicator_with_its_series_leaves_no_stored_verdict():
    road = Indicator.objects.create(identifier="M02", name="Tie", unit="kt")
    IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=10)
    IndicatorTarget.objects.create(indicator=road, year=2030, value=5)
    road.delete()
    assert not StoredVerdict.objects.exists()


@pytest.mark.django_db
def test_the_rebuild_command_finds_and_mends_a_wrong_stored_verdict(capsys):
    road = Indicator.objects.create(identifier="M02", name="Tie", unit="kt")
    IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=10)
    call_command("rebuild_verdicts", "--check")
    StoredVerdict.objects.filter(indicator=road).update(code=VerdictKind.MISSED)
    with pytest.raises(CommandError, match="1 stored verdicts disagree"):
        call_command("rebuild_verdicts", "--check")
    assert f"indicator {road.pk}: stored missed None, is not_enough_data" in capsys.readouterr().out
    call_command("rebuild_verdicts")
    call_command("rebuild_verdicts", "--check")
    assert StoredVerdict.objects.get(indicator=road).code == VerdictKind.NOT_ENOUGH_DATA


def off_track(goal, n: int) -> list[Indicator]:
    """``n`` indicators measuring ``goal``, each moving the wrong way."""
    made = []
    for number in range(n):
        road = Indicator.objects.create(identifier=f"W{number}", name=f"Tie {number}", unit="kt")
        road.goals.add(goal)
        IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=100)
        IndicatorValue.objects.create(indicator=road, date=date(2024, 12, 31), value=101 + number)
        IndicatorTarget.objects.create(indicator=road, year=2030, value=50)
        made.append(road)
    return made


def series_read(queries) -> set[int]:
    """The indicators whose values the captured queries read."""
    read = set()
    for query in queries:
        sql = query["sql"]
        if 'FROM "indicators_indicatorvalue"' in sql and "IN (" in sql:
            read |= {int(n) for n in re.search(r"IN \(([^)]*)\)", sql)[1].split(",")}
    return read


@pytest.mark.django_db
def test_the_ladder_reads_the_series_of_the_indicators_it_names_only(client, small_programme):
    made = off_track(small_programme.main_goal, 5)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("ladder"), {"programme": small_programme.programme.slug})
    assert response.status_code == 200
    outcomes = response.context["ladder"].rung(small_programme.main_goal).outcomes
    counted = {kind: n for kind, _label, n in outcomes.counts}
    assert counted == {VerdictKind.ON_TRACK: 1, VerdictKind.WRONG_DIRECTION: 5}
    # The worst three, by the lowest ratio: the steepest rise first.
    named = [indicator.pk for indicator in outcomes.shown()]
    assert named == [made[4].pk, made[3].pk, made[2].pk]
    assert series_read(captured.captured_queries) == set(named)
    for indicator in made[2:]:
        assert indicator.name in response.content.decode()


@pytest.mark.django_db
def test_a_goal_page_names_every_off_track_indicator_with_its_numbers(client, small_programme):
    made = off_track(small_programme.main_goal, 5)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("goal_detail", args=[small_programme.main_goal.pk]))
    assert response.status_code == 200
    off_track_list = response.content.decode().split('class="off-track"')[1].split("</ul>")[0]
    for number, indicator in enumerate(made):
        assert indicator.name in off_track_list
        assert f"{101 + number}.0\u00a0kt (2024), target 50.0\u00a0kt (2030)" in off_track_list


@pytest.mark.django_db
def test_a_missing_stored_verdict_is_computed_and_logged(client, small_programme, caplog):
    (road,) = off_track(small_programme.main_goal, 1)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    StoredVerdict.objects.all().delete()
    for url, params in (
        (reverse("indicator_list"), {"programme": small_programme.programme.slug}),
        (reverse("goal_detail", args=[small_programme.main_goal.pk]), {}),
    ):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="indicators.models"):
            response = client.get(url, params)
        assert response.status_code == 200
        assert f"Indicator {road.pk} has no stored verdict" in caplog.text
        assert "moving the wrong way" in response.content.decode().lower()


def in_thread(work) -> tuple[threading.Thread, list[Exception]]:
    """Run ``work`` on a connection of its own, committing as it goes; its errors."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db
def test_two_writers_at_once_leave_the_verdict_of_both_values():
    """The second writer judges the series only after the first has committed.

    The first saves the latest value (2024, moving the wrong way) and waits before it
    commits; meanwhile the second saves an earlier one (2020, on track). Judged from
    what it saw alone, the second would store "on track" last. Every write is committed
    on a connection of its own (the test's transaction sees what they commit), and the
    indicator is deleted at the end."""
    made = {}

    def create():
        made["last mark"] = DataChange.objects.aggregate(last=Max("pk"))["last"] or 0
        road = Indicator.objects.create(
            identifier="W9", name="Tie", unit="kt", baseline_year=2015, baseline_value=100
        )
        IndicatorTarget.objects.create(indicator=road, year=2030, value=50)
        made["pk"] = road.pk

    first_saved = threading.Event()

    def write(day: date, value: float, before=None, after=None):
        def work():
            if before:
                before.wait(10)
            with transaction.atomic():
                IndicatorValue.objects.create(indicator_id=made["pk"], date=day, value=value)
                if after:
                    after.set()
                    time.sleep(0.5)  # the other writer saves and judges meanwhile

        return work

    thread, errors = in_thread(create)
    thread.join(10)
    try:
        assert errors == []
        writers = [
            in_thread(write(date(2024, 12, 31), 130, after=first_saved)),
            in_thread(write(date(2020, 12, 31), 60, before=first_saved)),
        ]
        for thread, _errors in writers:
            thread.join(20)
        assert [error for _thread, errors in writers for error in errors] == []
        stored = StoredVerdict.objects.get(indicator_id=made["pk"])
        assert stored.kind == VerdictKind.WRONG_DIRECTION
        assert stored_verdicts.disagreements() == []
    finally:
        if "pk" in made:
            thread, errors = in_thread(lambda: remove_committed(made["pk"], made["last mark"]))
            thread.join(10)
            assert errors == []


def remove_committed(pk: int, last_mark: int) -> None:
    """Delete what the writers committed, with its history and the cache's marks, so that
    no later test sees it; then check from this connection that nothing is left."""
    Indicator.objects.filter(pk=pk).delete()
    histories = [
        Indicator.history.model.objects.filter(id=pk),
        IndicatorTarget.history.model.objects.filter(indicator_id=pk),
        IndicatorValue.history.model.objects.filter(indicator_id=pk),
        DataChange.objects.filter(pk__gt=last_mark),
    ]
    for rows in histories:
        rows.delete()
    assert not any(rows.exists() for rows in histories)
    assert not StoredVerdict.objects.filter(indicator_id=pk).exists()
