"""Impact estimates in the programme backup (``programmes.backup``): exported and restored."""

from __future__ import annotations

import json

from emissions.models import ImpactEstimate
from programmes.backup import export_programme, import_programme
from tests.test_backup import empty_the_database


def estimate_rows() -> dict:
    return {
        e.pk: (e.action_id, e.sector_id, e.annual_reduction, e.low, e.high, e.start_year, e.method)
        for e in ImpactEstimate.objects.all()
    }


def test_impact_estimates_are_exported_and_restored(crafted):
    before = estimate_rows()
    assert len(before) == 3
    text = export_programme(crafted["programme"])
    assert json.loads(text)["counts"]["emissions.impactestimate"] == 3
    empty_the_database()
    assert not ImpactEstimate.objects.exists()
    import_programme(text)
    assert estimate_rows() == before
    # The sector indicators came back with them, still components of their total.
    assert all(e.sector.component_of_id is not None for e in ImpactEstimate.objects.all())
