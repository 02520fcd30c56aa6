"""Instances built from plain rows are the ORM's, related objects and deferred fields too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, StoredVerdict
from programmes.models import Action
from programmes.plain_instances import plain_instances

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
