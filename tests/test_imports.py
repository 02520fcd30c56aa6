"""Importing indicator values from CSV and XLSX: malformed files, the preview, the confirmation,
and who may import what."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from accounts.roles import EDITOR, VIEWER
from indicators import imports
from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

NEXT_YEAR = date.today().year + 1


@dataclass
class Setup:
    road: Indicator
    heat: Indicator
    monthly: Indicator


@pytest.fixture
def setup(editor) -> Setup:
    road = Indicator.objects.create(identifier="M02", name="Tieliikenteen päästöt", unit="kt")
    heat = Indicator.objects.create(identifier="M03", name="Öljylämmityksen päästöt", unit="kt")
    monthly = Indicator.objects.create(
        identifier="K01",
        name="Kaukolämmön kulutus",
        unit="MWh",
        time_resolution=Indicator.TimeResolution.MONTHLY,
    )
    IndicatorValue.objects.create(indicator=road, date=date(2019, 12, 31), value=110.5)
    IndicatorValue.objects.create(indicator=road, date=date(2020, 12, 31), value=104.5, note="ALas")
    IndicatorValue.objects.create(indicator=monthly, date=date(2024, 1, 31), value=50)
    editor.groups.add(Group.objects.get(name=EDITOR))
    road.contact_persons.add(editor)
    return Setup(road, heat, monthly)


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def dump() -> str:
    """Every indicator row and its history, as the database holds them."""
    out = io.StringIO()
    call_command("dumpdata", "indicators", stdout=out)
    return out.getvalue()


def upload(client, name: str, content: bytes):
    return client.post("/indicators/import/", {"file": SimpleUploadedFile(name, content)})


def csv_file(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx(*rows, title: str = "Arvot") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook with a saved value for a formula cell, as Excel would leave it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                    rf"\1<f>\2</f><v>{value}</v>",
                    text,
                )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


HEAD = "tunnus;vuosi;arvo\n"


def many_rows(count: int) -> bytes:
    return csv_file(HEAD + "M02;2021;5\n" * count)


# (id, file name, content, row, column, what the message says). The content of the largest
# files is built when their test runs, not when the module is collected by every worker.
MALFORMED = [
    ("wrong delimiter", "a.csv", csv_file("tunnus\tvuosi\tarvo\nM02\t2021\t5\n"), 1,
     "tunnus\tvuosi\tarvo", "Wrong delimiter"),
    ("unknown indicator", "a.csv", csv_file(HEAD + "M99;2021;5\n"), 2, "tunnus",
     "No indicator has the identifier 'M99'"),
    ("duplicate year", "a.csv", csv_file(HEAD + "M02;2021;5\nM02;2021;6\n"), 3, "vuosi",
     "already has a value for this period on row 2"),
    ("duplicate year, as date", "a.csv", csv_file(HEAD + "M02;2021;5\nM02;31.12.2021;6\n"), 3,
     "vuosi", "on row 2"),
    ("text value", "a.csv", csv_file(HEAD + "M02;2021;abc\n"), 2, "arvo",
     "'abc' is not a number."),
    ("empty file", "a.csv", b"", None, None, "The file is empty."),
    ("only a BOM", "a.csv", b"\xef\xbb\xbf", None, None, "The file is empty."),
    ("headers only", "a.csv", csv_file(HEAD), 2, None, "no values under it"),
    ("wrong encoding", "a.csv", "tunnus;vuosi;arvo;huomautus\nM02;2021;5;Hyvä\n".encode("cp1252"),
     2, "huomautus", "not in UTF-8"),
    ("formula without a saved value", "a.xlsx", xlsx(["tunnus", "vuosi", "arvo"],
     ["M02", 2021, "=1+2"]), 2, "arvo", "formula without a saved value"),
    ("over the size cap", "a.csv", lambda: csv_file(HEAD + "M02;2021;5," + "0" * 5_300_000 + "\n"),
     None, None, "at most 5 MB"),
    ("over the row cap", "a.csv", lambda: many_rows(imports.MAX_ROWS + 5), None, None,
     "more than 20000 rows"),
    ("over the row cap, xlsx", "a.xlsx", lambda: xlsx(["tunnus", "vuosi", "arvo"],
     *[["M02", 2021, 5]] * (imports.MAX_ROWS + 1)), None, None, "more than 20000 rows"),
    ("year out of range", "a.csv", csv_file(HEAD + "M02;1980;5\n"), 2, "vuosi",
     "between 1990 and"),
    ("decimal comma and thousands point", "a.csv", csv_file(HEAD + "M02;2021;1.218,5\n"), 2,
     "arvo", "mixes a decimal comma and a decimal point"),
    ("thousands comma and decimal point", "a.csv",
     csv_file('tunnus,vuosi,arvo\nM02,2021,"1,218.5"\n'), 2, "arvo", "mixes"),
    ("missing value column", "a.csv", csv_file("tunnus;vuosi\nM02;2021\n"), 1, None,
     "a value column ('arvo')"),
    ("missing identifier column", "a.csv", csv_file("vuosi;arvo\n2021;5\n"), 1, None,
     "an identifier column ('tunnus')"),
    ("unknown extra column", "a.csv", csv_file("tunnus;vuosi;arvo;lähde\nM02;2021;5;Syke\n"),
     1, "lähde", "Unknown column"),
    ("a column twice", "a.csv", csv_file("tunnus;vuosi;arvo;arvo\nM02;2021;5;6\n"), 1, "arvo",
     "appears twice"),
    ("a year not yet ended", "a.csv", csv_file(HEAD + f"M02;{NEXT_YEAR - 1};5\n"), 2, "vuosi",
     "once its year has ended"),
    ("a date in the future", "a.csv", csv_file(HEAD + f"M02;{NEXT_YEAR};5\n"), 2, "vuosi",
     "once its year has ended"),
    ("a month in the future", "a.csv", csv_file(HEAD + f"K01;1/{NEXT_YEAR};5\n"), 2, "vuosi",
     "once its month has ended"),
    ("not an xlsx", "a.xlsx", csv_file(HEAD + "M02;2021;5\n"), None, None,
     "not an Excel workbook"),
    ("damaged xlsx", "a.xlsx", b"PK\x03\x04" + b"\x00" * 200, None, None,
     "not an Excel workbook"),
    ("too many cells", "a.csv", csv_file(HEAD + "M02;2021;5;6\n"), 2, "column 4", "more cells"),
    ("decimal comma in a comma-separated file", "a.csv",
     csv_file("tunnus,vuosi,arvo\nM02,2021,1,5\n"), 2, "column 4", "more cells"),
    ("a month for a yearly indicator", "a.csv", csv_file(HEAD + "M02;3/2021;5\n"), 2, "vuosi",
     "has yearly values"),
    ("a year for a monthly indicator", "a.csv", csv_file(HEAD + "K01;2021;5\n"), 2, "vuosi",
     "has monthly values"),
    ("not a period", "a.csv", csv_file(HEAD + "M02;viime vuosi;5\n"), 2, "vuosi",
     "'viime vuosi' is not a year"),
    ("missing value", "a.csv", csv_file(HEAD + "M02;2021;\n"), 2, "arvo", "value is missing"),
    ("missing identifier", "a.csv", csv_file(HEAD + ";2021;5\n"), 2, "tunnus",
     "identifier is missing"),
    ("unclosed quotation mark", "a.csv", csv_file(HEAD + 'M02;2021;"5\n'), 2, None,
     "quotation marks"),
    ("a note too long", "a.csv", csv_file("tunnus;vuosi;arvo;huomautus\nM02;2021;5;"
     + "x" * 301 + "\n"), 2, "huomautus", "longer than 300"),
    ("wide: text in a year column", "a.csv", csv_file("tunnus;nimi;2020;2021\nM02;Tie;104,5;x\n"),
     2, "2021", "'x' is not a number"),
    ("wide: a year not yet ended", "a.xlsx", xlsx(["tunnus", NEXT_YEAR - 1], ["M02", 5]), 2,
     str(NEXT_YEAR - 1), "once its year has ended"),
    ("wide: years for a monthly indicator", "a.csv", csv_file("tunnus;2021\nK01;5\n"), 2, "2021",
     "has monthly values"),
    ("xlsx: a text value", "a.xlsx", xlsx(["tunnus", "vuosi", "arvo"], ["M02", 2021, "paljon"]),
     2, "arvo", "'paljon' is not a number"),
    ("xlsx: headers only", "a.xlsx", xlsx(["tunnus", "vuosi", "arvo"]), 2, None, "no values"),
    ("not a spreadsheet at all", "a.ods", b"PK\x03\x04", None, None, "Import a CSV file"),
    ("one good row, one bad", "a.csv", csv_file(HEAD + "M02;2021;5\nM02;2022;viisi\n"), 3,
     "arvo", "is not a number"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "row", "column", "says"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED],
)
def test_a_malformed_file_is_refused_with_its_row_and_column(
    client, setup, coordinator, name, content, row, column, says
):
    english(client, coordinator)
    before = dump()

    response = upload(client, name, content() if callable(content) else content)

    assert response.status_code == 422
    problems = response.context["plan"].problems
    assert any(p.row == row and p.column == column and says in p.message for p in problems), [
        str(p) for p in problems
    ]
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert 'name="token"' not in page  # no confirmation offered
    assert "indicator_import" not in client.session
    assert dump() == before


def test_the_message_names_row_and_column_in_words(client, setup, coordinator):
    english(client, coordinator)
    response = upload(client, "a.csv", csv_file(HEAD + "M02;2021;abc\n"))
    assert "Row 2, column &#x27;arvo&#x27;: &#x27;abc&#x27; is not a number." in (
        response.content.decode()
    )


def test_at_least_25_malformed_files():
    assert len(MALFORMED) >= 25


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 218,5", 1218.5),
        ("1\u00a0218,5", 1218.5),
        ("1\u202f218,5", 1218.5),
        ("1218.5", 1218.5),
        ("1 218.5", 1218.5),
        ("−3,4", -3.4),
        ("-0,25", -0.25),
        ("12", 12.0),
        (12, 12.0),
        (2.5, 2.5),
    ],
)
def test_numbers_as_people_write_them(text, number):
    assert imports.parse_import_number(text) == number


@pytest.mark.parametrize("text", ["1.218,5", "1,218.5", "1 2,5", "1,2,3", "1.218.500", "", "5e3"])
def test_ambiguous_or_broken_numbers_are_refused(text):
    with pytest.raises(imports.NumberError):
        imports.parse_import_number(text)


# --- a valid import ----------------------------------------------------------------------

LONG = (
    "\ufefftunnus;vuosi;arvo;huomautus\n"
    "M02;2019;110,5;\n"  # unchanged
    "M02;2020;104,0;ALas\n"  # changed value
    "M02;2021;1\u00a0218,5;arvio\n"  # new
    "K01;2024-02;48;\n"  # new, a month
    "K01;1/2024;50;\n"  # unchanged, a month written another way
)


def test_a_long_file_is_previewed_then_written_then_changes_nothing_again(
    client, setup, coordinator
):
    english(client, coordinator)
    response = upload(client, "arvot.csv", csv_file(LONG))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.problems == []
    counts = {
        item.indicator.identifier: (item.new, item.changed, item.unchanged)
        for item in plan.indicators
    }
    assert counts == {"M02": (1, 1, 1), "K01": (1, 0, 1)}
    assert IndicatorValue.objects.count() == 3  # the preview wrote nothing

    response = client.post("/indicators/import/confirm/", {"token": response.context["token"]})
    assert response.status_code == 302
    values = {
        (v.indicator.identifier, v.date): (v.value, v.note) for v in IndicatorValue.objects.all()
    }
    assert values == {
        ("M02", date(2019, 12, 31)): (110.5, ""),
        ("M02", date(2020, 12, 31)): (104.0, "ALas"),
        ("M02", date(2021, 12, 31)): (1218.5, "arvio"),
        ("K01", date(2024, 1, 31)): (50.0, ""),
        ("K01", date(2024, 2, 29)): (48.0, ""),
    }
    reasons = list(
        IndicatorValue.history.filter(history_type__in="+~").values_list(
            "history_change_reason", "history_user"
        )
    )
    assert reasons.count(("Import: arvot.csv", coordinator.pk)) == 3
    new_value = IndicatorValue.objects.get(indicator=setup.road, date=date(2021, 12, 31))
    assert new_value.entered_by == coordinator

    before = dump()
    again = upload(client, "arvot.csv", csv_file(LONG))
    plan = again.context["plan"]
    assert (plan.new, plan.changed, plan.unchanged) == (0, 0, 5)
    assert "nothing to import" in again.content.decode()
    assert 'name="token"' not in again.content.decode()
    assert dump() == before


def test_a_wide_xlsx_is_previewed_and_written(client, setup, coordinator):
    english(client, coordinator)
    content = xlsx(
        ["tunnus", "nimi", 2019, "2020", 2021],
        ["M02", "Tieliikenne", 110.5, "104,5", 101.9],
        ["M03", "Öljylämmitys", None, 33, "30,25"],
        [None, None, None, None, None],
    )
    response = upload(client, "taulukko.xlsx", content)
    plan = response.context["plan"]
    assert plan.problems == [] and plan.shape == "wide"
    counts = {
        item.indicator.identifier: (item.new, item.changed, item.unchanged)
        for item in plan.indicators
    }
    assert counts == {"M02": (1, 0, 2), "M03": (2, 0, 0)}

    client.post("/indicators/import/confirm/", {"token": response.context["token"]})
    assert sorted(setup.heat.values.values_list("date__year", "value")) == [
        (2020, 33),
        (2021, 30.25),
    ]
    assert setup.road.values.get(date__year=2020).note == "ALas"  # no note column: kept
    assert IndicatorValue.history.filter(history_change_reason="Import: taulukko.xlsx").count() == 3


def test_a_formula_with_its_saved_value_is_read_as_the_value(client, setup, coordinator):
    english(client, coordinator)
    content = with_cached_value(
        xlsx(["tunnus", "vuosi", "arvo"], ["M03", 2021, "=30+3"]), "C2", "33"
    )
    response = upload(client, "kaava.xlsx", content)
    plan = response.context["plan"]
    assert plan.problems == []
    assert [change.source.value for change in plan.indicators[0].changes] == [33.0]


def test_a_value_changed_after_the_preview_is_never_overwritten(client, setup, coordinator):
    english(client, coordinator)
    response = upload(client, "arvot.csv", csv_file(HEAD + "M02;2020;100\n"))
    token = response.context["token"]
    # Meanwhile, someone corrects the value in the browser.
    IndicatorValue.objects.filter(indicator=setup.road, date__year=2020).update(value=99)

    response = client.post("/indicators/import/confirm/", {"token": token})

    assert response.status_code == 200
    assert "changed after the preview" in response.content.decode()
    assert setup.road.values.get(date__year=2020).value == 99
    # The fresh preview compares with 99 and may be confirmed.
    client.post("/indicators/import/confirm/", {"token": response.context["token"]})
    assert setup.road.values.get(date__year=2020).value == 100


def test_a_confirmation_without_its_preview_writes_nothing(client, setup, coordinator):
    english(client, coordinator)
    upload(client, "arvot.csv", csv_file(HEAD + "M02;2021;5\n"))
    before = dump()
    response = client.post("/indicators/import/confirm/", {"token": "forged"})
    assert response.status_code == 302
    assert response["Location"] == "/indicators/import/"
    assert dump() == before


def test_a_file_is_never_stored(client, setup, coordinator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    english(client, coordinator)
    upload(client, "arvot.csv", csv_file(HEAD + "M02;2021;5\n"))
    assert list(tmp_path.iterdir()) == []
    assert "M02;2021;5" not in str(dict(client.session))


# --- who may import ----------------------------------------------------------------------


def test_an_editor_imports_the_values_of_their_own_indicators(client, setup, editor):
    english(client, editor)
    response = upload(client, "omat.csv", csv_file(HEAD + "M02;2021;5\n"))
    assert response.status_code == 200
    client.post("/indicators/import/confirm/", {"token": response.context["token"]})
    assert setup.road.values.filter(date__year=2021).exists()


def test_an_editor_may_not_import_into_another_indicator(client, setup, editor):
    english(client, editor)
    before = dump()
    response = upload(client, "muut.csv", csv_file(HEAD + "M02;2021;5\nM03;2021;6\n"))
    assert response.status_code == 422
    assert [(p.row, p.column) for p in response.context["plan"].problems] == [(3, "tunnus")]
    assert "may not enter values for the indicator &#x27;M03&#x27;" in response.content.decode()
    assert dump() == before


@pytest.mark.parametrize("role", [VIEWER, None])
def test_readers_and_people_without_a_role_are_refused(client, setup, outsider, role):
    if role:
        outsider.groups.add(Group.objects.get(name=role))
    english(client, outsider)
    assert client.get("/indicators/import/").status_code == 403
    assert upload(client, "a.csv", csv_file(HEAD + "M02;2021;5\n")).status_code == 403


def test_an_editor_of_no_indicator_may_write_none(client, setup, outsider):
    outsider.groups.add(Group.objects.get(name=EDITOR))
    english(client, outsider)
    assert client.get("/indicators/import/").status_code == 200
    response = upload(client, "a.csv", csv_file(HEAD + "M02;2021;5\n"))
    assert [(p.row, p.column) for p in response.context["plan"].problems] == [(2, "tunnus")]


def test_anonymous_visitors_are_sent_to_log_in(client, setup):
    response = client.get("/indicators/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_import_is_linked_for_those_who_may_import(client, setup, editor, outsider):
    english(client, editor)
    assert "/indicators/import/" in client.get("/indicators/").content.decode()
    values_page = client.get(f"/indicators/{setup.road.pk}/values/").content.decode()
    assert "/indicators/import/" in values_page
    english(client, outsider)
    assert "/indicators/import/" not in client.get("/indicators/").content.decode()


def test_an_upload_without_a_file_is_a_form_error(client, setup, coordinator):
    english(client, coordinator)
    response = client.post("/indicators/import/", {})
    assert response.status_code == 422
    assert response.context["form"].errors["file"]
