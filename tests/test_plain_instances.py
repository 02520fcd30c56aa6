"""Instances built from plain rows are the ORM's, related objects and deferred fields too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, StoredVerdict
from programmes.ladder import Ladder
from programmes.models import Action, ActionResponsibility, ResponsibleUnit
from programmes.plain_instances import plain_instances, prefetch_plain

pytestmark = pytest.mark.django_db


def test_indicators_with_their_stored_verdicts_match_the_orm(small_programme):
    without = Indicator.objects.create(name="Ei tuomiota", unit="%")
    StoredVerdict.objects.filter(indicator=without).delete()
    queryset = Indicator.objects.filter(pk__in=[small_programme.indicator.pk, without.pk])
    built = {i.pk: i for i in plain_instances(queryset, related={"stored_verdict": ()})}
    stored = {i.pk: i for i in queryset.select_related("stored_verdict")}
    assert built.keys() == stored.keys()
    with CaptureQueriesContext(connection) as queries:
        judged = built[small_programme.indicator.pk]
        expected = stored[small_programme.indicator.pk].stored_verdict
        assert (judged.stored_verdict.code, judged.stored_verdict.ratio) == (
            expected.code,
            expected.ratio,
        )
        assert judged.stored_verdict.indicator is judged
        # None where there is none, as select_related leaves it: no query to find out.
        with pytest.raises(Indicator.stored_verdict.RelatedObjectDoesNotExist):
            built[without.pk].stored_verdict  # noqa: B018
    assert len(queries) == 0
    assert built[without.pk] == stored[without.pk]


def test_a_left_out_field_loads_on_access_and_an_unknown_one_is_refused(small_programme):
    action = small_programme.action
    Action.objects.filter(pk=action.pk).update(description="Kuvaus")
    (built,) = plain_instances(Action.objects.filter(pk=action.pk), left_out=("description",))
    assert built.get_deferred_fields() == {"description"}
    assert not built._state.adding and built._state.db == "default"
    with CaptureQueriesContext(connection) as queries:
        assert built.description == "Kuvaus"
    assert len(queries) == 1
    with pytest.raises(ValueError, match="descripton"):
        plain_instances(Action.objects.all(), left_out=("descripton",))


def test_owners_loaded_for_a_page_are_the_orms_and_cost_no_query_to_read(
    small_programme, editor, coordinator
):
    p = small_programme
    second = Action.objects.create(goal=p.focus_area, identifier="1.1.2", name="Ilman vastuita")
    other_unit = ResponsibleUnit.objects.create(name="Aaltoyksikkö", parent=p.unit.parent)
    ActionResponsibility.objects.create(
        action=p.action, unit=other_unit, role=ActionResponsibility.Role.COLLABORATOR
    )
    p.action.contact_persons.add(coordinator)
    actions = list(Action.objects.filter(pk__in=[p.action.pk, second.pk]).order_by("pk"))
    Ladder.load_owners(actions)
    with CaptureQueriesContext(connection) as queries:
        owned, unowned = actions
        units = [(r.unit.name, r.role) for r in owned.responsibilities.all()]
        people = {u.username for u in owned.contact_persons.all()}
        primary = owned.primary_unit
        assert not unowned.responsibilities.all() and not unowned.contact_persons.all()
    assert len(queries) == 0
    stored = Action.objects.get(pk=p.action.pk)
    assert units == [(r.unit.name, r.role) for r in stored.responsibilities.all()]
    assert (
        people
        == {u.username for u in stored.contact_persons.all()}
        == {
            editor.username,
            coordinator.username,
        }
    )
    assert primary == stored.primary_unit == p.unit


def test_series_prefetched_as_plain_rows_are_the_orms_in_its_order(small_programme):
    from datetime import date

    from indicators.models import IndicatorTarget, IndicatorValue

    empty = Indicator.objects.create(name="Ei arvoja", unit="%")
    indicator = small_programme.indicator
    IndicatorValue.objects.create(indicator=indicator, date=date(2001, 12, 31), value=7)
    IndicatorTarget.objects.create(indicator=indicator, year=2050, value=1)
    ids = [indicator.pk, empty.pk]
    plain = list(Indicator.objects.filter(pk__in=ids).order_by("pk"))
    orm = list(Indicator.objects.filter(pk__in=ids).order_by("pk"))
    with CaptureQueriesContext(connection) as loading:
        prefetch_plain(plain, "values", "targets")
    assert len(loading) == 2
    prefetch_related_objects(orm, "values", "targets")
    with CaptureQueriesContext(connection) as reading:
        for mine, theirs in zip(plain, orm, strict=True):
            for name in ("values", "targets"):
                rows = list(getattr(mine, name).all())
                expected = list(getattr(theirs, name).all())
                assert rows == expected  # the same rows, in the model's ordering
                assert [r.__dict__.get("value") for r in rows] == [r.value for r in expected]
                assert all(row.indicator is mine for row in rows)
    assert len(reading) == 0
    assert plain[0].values.all()[0].date == date(2001, 12, 31)  # the earliest first
    assert list(plain[1].values.all()) == []
