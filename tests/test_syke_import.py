"""Syke's municipal emissions file into the area-emissions total and its sector components."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.roles import EDITOR
from indicators.imports import import_reason
from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "indicators" / "samples" / "syke_salo_sample.csv"
COMPONENTS = {
    "M02": "Tieliikenteen päästöt",
    "M03": "Öljylämmityksen päästöt",
    "M04": "Sähkölämmityksen päästöt",
    "M05": "Kaukolämmön päästöt",
    "M06": "Maatalouden päästöt",
    "M07": "Jätteiden käsittelyn päästöt",
    "M41": "Kulutussähkön päästöt",
    "M42": "Muun lämmityksen päästöt",
    "M43": "Teollisuuden päästöt",
    "M44": "Työkoneiden päästöt",
    "M45": "F-kaasupäästöt",
}
# Worked out by hand from the sample: Hinku rows only, emissions trading left out, offsets
# (Päästöhyvitykset) subtracted. Raideliikenne and Päästöhyvitykset have no component here.
EXPECTED = {
    "M01": {2021: 335.57, 2022: 316.59, 2023: 300.82},
    "M02": {2021: 106.2, 2022: 102.82, 2023: 100.0},
    "M03": {2021: 32.2, 2022: 30.28, 2023: 28.47},
    "M04": {2021: 19.8, 2022: 17.1, 2023: 15.35},
    "M05": {2021: 41.3, 2022: 38.62, 2023: 35.18},
    "M06": {2021: 65.35, 2022: 64.47, 2023: 63.7},
    "M07": {2021: 7.85, 2022: 7.3, 2023: 6.82},
    "M41": {2021: 31.6, 2022: 27.4, 2023: 24.95},
    "M43": {2021: 12.6, 2022: 11.85, 2023: 11.2},
    "M44": {2021: 14.25, 2022: 13.9, 2023: 13.42},
    "M45": {2021: 6.1, 2022: 5.85, 2023: 5.6},
}


@pytest.fixture
def total(small_programme) -> Indicator:
    total = Indicator.objects.create(
        identifier="M01", name="Salon alueen kasvihuonekaasupäästöt", unit="kt CO2e"
    )
    for identifier, name in COMPONENTS.items():
        Indicator.objects.create(
            identifier=identifier, name=name, unit="kt CO2e", component_of=total
        )
    small_programme.main_goal.headline_indicator = total
    small_programme.main_goal.save()
    return total


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "indicators", stdout=out)
    return out.getvalue()


def upload(client, total, content: bytes, name: str = "syke_salo_sample.csv"):
    return client.post(
        "/indicators/import/syke/",
        {"total": total.pk, "file": SimpleUploadedFile(name, content)},
    )


def stored() -> dict[str, dict[int, float]]:
    values: dict[str, dict[int, float]] = {}
    for value in IndicatorValue.objects.exclude(indicator__identifier="").select_related(
        "indicator"
    ):
        values.setdefault(value.indicator.identifier, {})[value.date.year] = value.value
    return values


def test_the_sample_fills_the_total_and_the_sectors(client, total, coordinator):
    english(client, coordinator)
    response = upload(client, total, SAMPLE.read_bytes())
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.problems == []
    assert (plan.new, plan.changed, plan.unchanged) == (33, 0, 0)
    page = response.content.decode()
    assert "Raideliikenne" in page and "Päästöhyvitykset" in page  # counted in the total only
    assert "left out as emissions trading: 3" in page

    client.post("/indicators/import/confirm/", {"token": response.context["token"]})

    got = stored()
    assert got.keys() == EXPECTED.keys()
    for identifier, years in EXPECTED.items():
        assert got[identifier] == pytest.approx(years), identifier
    reasons = set(
        IndicatorValue.history.filter(indicator__in=[total, *total.components.all()]).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {"Import: syke_salo_sample.csv"}


def test_importing_the_sample_again_changes_nothing(client, total, coordinator):
    english(client, coordinator)
    first = upload(client, total, SAMPLE.read_bytes())
    client.post("/indicators/import/confirm/", {"token": first.context["token"]})
    before = dump()
    again = upload(client, total, SAMPLE.read_bytes())
    assert (again.context["plan"].new, again.context["plan"].changed) == (0, 0)
    assert again.context["plan"].unchanged == 33
    assert dump() == before


def test_a_corrected_figure_changes_only_its_sector_and_the_total(client, total, coordinator):
    call_command("import_syke", str(SAMPLE), indicator="M01", stdout=io.StringIO())
    corrected = SAMPLE.read_text().replace(
        "Salo;734;2023;Työkoneet;Rakentaminen;;;;true;false;13,42",
        "Salo;734;2023;Työkoneet;Rakentaminen;;;;true;false;14,42",
    )
    english(client, coordinator)
    response = upload(client, total, corrected.encode())
    changed = {
        (item.indicator.identifier, change.source.day.year)
        for item in response.context["plan"].indicators
        for change in item.to_write
    }
    assert changed == {("M01", 2023), ("M44", 2023)}


def test_the_headline_total_is_offered_first(client, total, coordinator):
    Indicator.objects.create(identifier="X", name="Aaa", unit="t")
    other = Indicator.objects.create(identifier="A0", name="Aaa-summa", unit="t")
    Indicator.objects.create(identifier="A1", name="Osa", unit="t", component_of=other)
    english(client, coordinator)
    choices = list(client.get("/indicators/import/syke/").context["form"].fields["total"].queryset)
    assert choices == [total, other]


SYKE_HEAD = "kunta;kuntanumero;vuosi;taso_1;taso_2;hinku_laskenta;päästökauppa;kt;GWh\n"
ROW = "Salo;734;2021;Tieliikenne;Henkilöautot;true;false;38,41;146,2\n"

MALFORMED = [
    ("comma-separated", SYKE_HEAD.replace(";", ",") + ROW.replace(";", ","), 1,
     SYKE_HEAD.replace(";", ",")[:40], "Wrong delimiter"),
    ("missing kt", SYKE_HEAD.replace(";kt", "") + ROW.replace(";38,41", ""), 1, None, "kt"),
    ("unknown sector", SYKE_HEAD + ROW.replace("Tieliikenne", "Avaruusliikenne"), 2, "taso_1",
     "not one of Syke's main sectors"),
    ("not a boolean", SYKE_HEAD + ROW.replace("true", "ehkä"), 2, "hinku_laskenta",
     "not true or false"),
    ("text in kt", SYKE_HEAD + ROW.replace("38,41", "paljon"), 2, "kt", "not a number"),
    ("mixed decimals in kt", SYKE_HEAD + ROW.replace("38,41", "1.038,41"), 2, "kt", "mixes"),
    ("not a year", SYKE_HEAD + ROW.replace("2021", "21"), 2, "vuosi", "not a year"),
    ("a year not ended", SYKE_HEAD + ROW.replace("2021", "2099"), 2, "vuosi", "between 1990"),
    ("two municipalities", SYKE_HEAD + ROW + ROW.replace("734", "853").replace("Salo", "Turku"),
     3, "kuntanumero", "several municipalities"),
    ("headers only", SYKE_HEAD, 2, None, "no values"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "row", "column", "says"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED],
)
def test_a_malformed_syke_file_writes_nothing(
    client, total, coordinator, content, row, column, says
):
    english(client, coordinator)
    before = dump()
    response = upload(client, total, content.encode())
    assert response.status_code == 422
    problems = response.context["plan"].problems
    assert any(p.row == row and p.column == column and says in p.message for p in problems), [
        str(p) for p in problems
    ]
    assert dump() == before


def test_an_editor_of_the_total_only_may_not_fill_its_sectors(client, total, editor):
    editor.groups.add(Group.objects.get(name=EDITOR))
    total.contact_persons.add(editor)
    english(client, editor)
    before = dump()
    response = upload(client, total, (SYKE_HEAD + ROW).encode())
    assert response.status_code == 422
    problems = response.context["plan"].problems
    assert [(p.row, p.column) for p in problems] == [(2, "taso_1")]
    assert "may not enter values for the indicator &#x27;M02&#x27;" in response.content.decode()
    assert dump() == before


# --- the command -------------------------------------------------------------------------


def test_the_command_previews_with_dry_run_and_then_imports(total):
    before = dump()
    out = io.StringIO()
    call_command("import_syke", str(SAMPLE), indicator="M01", dry_run=True, stdout=out)
    assert "Dry run: 33 new and 0 changed, none written." in out.getvalue()
    assert dump() == before

    out = io.StringIO()
    call_command("import_syke", str(SAMPLE), indicator="M01", stdout=out)
    assert "Imported 33 new and 0 changed values." in out.getvalue()
    assert stored()["M01"] == pytest.approx(EXPECTED["M01"])
    with translation.override("fi"):  # the site's language: "Tuonti: syke_salo_sample.csv"
        reason = import_reason("syke_salo_sample.csv")
    history = IndicatorValue.history.exclude(indicator__identifier="")
    assert set(history.values_list("history_change_reason", flat=True)) == {reason}

    out = io.StringIO()
    call_command("import_syke", str(SAMPLE), indicator="M01", stdout=out)
    assert "Imported 0 new and 0 changed values." in out.getvalue()


def test_the_command_refuses_a_bad_file_and_writes_nothing(total, tmp_path):
    bad = tmp_path / "syke.csv"
    bad.write_text(SYKE_HEAD + ROW.replace("38,41", "paljon"), encoding="utf-8")
    before = dump()
    with pytest.raises(CommandError, match="kt"):
        call_command("import_syke", str(bad), indicator="M01", stdout=io.StringIO())
    assert dump() == before


@pytest.mark.parametrize("key", ["M99", "M02"])
def test_the_command_needs_a_total_with_components(total, key):
    with pytest.raises(CommandError):
        call_command("import_syke", str(SAMPLE), indicator=key, stdout=io.StringIO())
