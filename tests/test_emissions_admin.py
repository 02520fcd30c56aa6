"""The coordinator edits impact estimates in the admin: an inline on the action, their own
list, with the range, the years and the sector checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from emissions.models import ImpactEstimate
from tests.test_admin import assert_saved, form_data, formset_for, url


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_action_page_edits_its_estimates(coordinator_client, crafted):
    action = crafted["a"]
    change = url(type(action), "change", action.pk)
    data = form_data(coordinator_client.get(change))
    prefix = "impact_estimates"
    assert data[f"{prefix}-TOTAL_FORMS"] == "1"
    data[f"{prefix}-0-annual_reduction"] = "22"
    data[f"{prefix}-0-high"] = "35"
    assert_saved(coordinator_client.post(change, data))
    estimate = action.impact_estimates.get()
    assert (estimate.annual_reduction, estimate.high) == (22, 35)
    assert estimate.history.count() == 2


def test_a_range_out_of_order_is_a_form_error_and_nothing_changes(coordinator_client, crafted):
    action = crafted["a"]
    change = url(type(action), "change", action.pk)
    data = form_data(coordinator_client.get(change))
    data["impact_estimates-0-low"] = "25"  # above the estimate, 20
    response = coordinator_client.post(change, data)
    assert response.status_code == 200
    errors = formset_for(response, ImpactEstimate).formset.errors[0]
    assert "low" in errors
    assert action.impact_estimates.get().low == 10


def test_the_estimates_list_and_form_open(coordinator_client, crafted):
    assert coordinator_client.get(url(ImpactEstimate, "changelist")).status_code == 200
    estimate = crafted["b"].impact_estimates.get()
    assert coordinator_client.get(url(ImpactEstimate, "change", estimate.pk)).status_code == 200
    assert coordinator_client.get(url(ImpactEstimate, "add")).status_code == 200


def test_only_a_component_is_a_sector(crafted, small_programme):
    estimate = crafted["a"].impact_estimates.get()
    estimate.sector = small_programme.indicator  # a total of nothing, a component of nothing
    with pytest.raises(ValidationError) as caught:
        estimate.full_clean()
    assert "sector" in caught.value.error_dict


def test_the_database_refuses_a_range_or_years_out_of_order(crafted):
    estimate = crafted["a"].impact_estimates.get()
    for field, value in (("high", 5), ("full_effect_year", 2010)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ImpactEstimate.objects.filter(pk=estimate.pk).update(**{field: value})
