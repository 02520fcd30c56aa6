"""Every CSV and XLSX the project writes: no control character breaks a file, no cell
runs as a formula in a spreadsheet, numbers stay numbers, and the headers are in the
reader's language."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from indicators import views as indicator_views
from indicators.models import Indicator, IndicatorValue
from programmes.models import Action, ActionResponsibility
from programmes.views import actions, bottlenecks, changes
from salo_climate.exports import Column, Table, cell_value, csv_response, xlsx_response

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)
HKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2024, 6, 1, 12, tzinfo=HKI)

# What a spreadsheet program runs, when a cell starts with it (OWASP's list).
FORMULAS = ['=HYPERLINK("http://x.test","x")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Every control character XLSX cannot hold; NUL is left to the unit tests, as
# PostgreSQL refuses it in a text column anyway.
CONTROLS = "".join(chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def everywhere(small_programme, editor, text: str) -> None:
    """``text`` leading every text field an export carries: action, bottleneck, person,
    unit, indicator name, unit and value note."""
    p = small_programme
    p.unit.name = text
    p.unit.save()
    editor.first_name = text
    editor.save()
    late = Action.objects.create(goal=p.path, identifier="L", name=text, end_date=date(2024, 3, 1))
    ActionResponsibility.objects.create(action=late, unit=p.unit, role="primary")
    late.contact_persons.add(editor)
    late.record_update(
        author=editor,
        status="in_progress",
        completion_percent=50,
        created_at=datetime(2024, 5, 1, 12, tzinfo=HKI),
        bottleneck_category="funding",
        bottleneck=f"{text} rivi\x0btoinen",
    )
    old = Indicator.objects.create(name=text, unit=text)
    old.goals.add(p.main_goal)
    IndicatorValue.objects.create(indicator=old, date=date(2020, 12, 31), value=-5, note=text)
    p.indicator.name = text
    p.indicator.unit = text
    p.indicator.save()
    IndicatorValue.objects.create(
        indicator=p.indicator, date=date(2023, 12, 31), value=-12.5, note=text
    )


def is_number(text: str) -> bool:
    """Whether a CSV cell is a number, which may well start with a minus sign."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(client, url: str) -> list[dict[str, str]]:
    """The rows of a CSV, keyed by the columns' Finnish headings."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.content.startswith(b"\xef\xbb\xbf"), url
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def headings(columns, language: str = "fi") -> dict[str, str]:
    """Each column's name and its heading in ``language``."""
    with translation.override(language):
        return {column.name: column.title for column in columns}


def xlsx_cells(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


def every_export(client, small_programme) -> dict[str, list[object]]:
    """Every cell of every export the project has, read back, by export."""
    pk = small_programme.indicator.pk
    return {
        "bottlenecks.csv": [
            v for row in csv_cells(client, "/bottlenecks/export.csv") for v in row.values()
        ],
        "bottlenecks.xlsx": [c.value for c in xlsx_cells(client, "/bottlenecks/export.xlsx")],
        "changes.csv": [
            v
            for row in csv_cells(client, "/changes.csv?since=2024-01-01&until=2024-06-01")
            for v in row.values()
        ],
        "indicator.csv": [
            v for row in csv_cells(client, f"/indicators/{pk}/data.csv") for v in row.values()
        ],
    }


# --- the one writer -----------------------------------------------------------------


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_text_gets_an_apostrophe(formula):
    assert cell_value(formula) == "'" + formula


@pytest.mark.parametrize("text", ["a=b", "Salo", "1.1.1", "'=already", " =x", ""])
def test_other_text_is_left_alone(text):
    assert cell_value(text) == text


@pytest.mark.parametrize(
    "number", [-5, 0, 12, -12.5, 3.25, Decimal("-1.5"), date(2024, 1, 2), None, True]
)
def test_numbers_dates_and_empty_cells_are_not_text(number):
    assert cell_value(number) is number


def test_control_characters_are_dropped_and_word_line_breaks_kept():
    everything = "".join(chr(c) for c in range(0x20))
    assert cell_value(f"a{everything}b") == "a\t\n\n\n\rb"
    assert cell_value("rivi\x0btoinen\x0csivu") == "rivi\ntoinen\nsivu"
    assert cell_value("\x00=1+1") == "'=1+1"  # dropping a character cannot uncover a formula


def test_the_xlsx_holds_any_text_and_no_formula():
    texts = ["x" + "".join(chr(c) for c in range(0x20)), "=1+1", "=A1", "-3"]
    table = Table([Column("text"), Column("number")], [{"text": t, "number": -3} for t in texts])
    sheet = load_workbook(io.BytesIO(xlsx_response(table, "t.xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2))
    # XML reads a carriage return back as a line break
    assert [row[0].value for row in rows] == ["x\t\n\n\n\n", "'=1+1", "'=A1", "'-3"]
    assert {row[0].data_type for row in rows} == {"s"}
    assert [row[1].value for row in rows] == [-3] * 4


# --- the project's exports ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_control_characters_in_every_text_field_give_a_valid_xlsx(
    client, small_programme, editor, outsider
):
    everywhere(small_programme, editor, f"Alku{CONTROLS}loppu")
    client.force_login(outsider)  # contact persons' names too
    cells = xlsx_cells(client, "/bottlenecks/export.xlsx")
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if ILLEGAL_CHARACTERS_RE.search(t)]
    cleaned = "Alku\n\nloppu"  # the vertical tab and the form feed are line breaks
    by_column = {c.column_letter: [] for c in cells}
    for cell in cells:
        by_column[cell.column_letter].append(cell.value)
    name, detail, unit, people = by_column["C"], by_column["D"], by_column["F"], by_column["G"]
    assert cleaned in name  # action and indicator names
    assert any(f"{cleaned} rivi\ntoinen" in str(d) for d in detail)
    assert cleaned in unit
    assert any(cleaned in str(p) for p in people)
    for export, values in every_export(client, small_programme).items():
        assert not [v for v in values if ILLEGAL_CHARACTERS_RE.search(str(v))], export


@pytest.mark.parametrize("formula", FORMULAS)
@time_machine.travel(NOW, tick=False)
def test_every_export_neutralises_formulas(client, small_programme, editor, outsider, formula):
    everywhere(small_programme, editor, formula)
    client.force_login(outsider)
    exports = every_export(client, small_programme)
    for export, values in exports.items():
        texts = [v for v in values if isinstance(v, str) and not is_number(v)]
        assert not [t for t in texts if t.startswith(TRIGGERS)], export
        neutralised = "'" + formula
        if export.endswith(".xlsx"):  # XML reads a carriage return back as a line break
            neutralised = neutralised.replace("\r", "\n")
        assert sum(t.startswith(neutralised) for t in texts) >= 2, (export, texts)
    cells = xlsx_cells(client, "/bottlenecks/export.xlsx")
    assert not [c for c in cells if c.data_type == "f"]


@time_machine.travel(NOW, tick=False)
def test_numbers_stay_numbers(client, small_programme, editor):
    everywhere(small_programme, editor, "-1+1")
    cells = xlsx_cells(client, "/bottlenecks/export.xlsx")
    days = [c.value for c in cells if c.column_letter == "E" and c.value is not None]
    assert 92 in days  # the late action's days past its end date, as a number
    assert all(isinstance(d, int) for d in days)
    days = headings(bottlenecks.COLUMNS)["days"]
    csv_days = [r[days] for r in csv_cells(client, "/bottlenecks/export.csv") if r[days]]
    assert "92" in csv_days
    assert all(d.isdigit() for d in csv_days)
    value, note = (headings(indicator_views.CSV_COLUMNS)[name] for name in ("value", "note"))
    rows = csv_cells(client, f"/indicators/{small_programme.indicator.pk}/data.csv")
    assert [float(r[value]) for r in rows] == [465.0, -12.5]
    assert rows[1][value] == "-12.5"  # a negative number is not a formula
    assert rows[1][note] == "'-1+1"


# --- headers --------------------------------------------------------------------------

CSV_EXPORTS = [
    ("/bottlenecks/export.csv", bottlenecks.COLUMNS),
    ("/changes.csv", changes.COLUMNS),
    ("/indicators/{indicator}/data.csv", indicator_views.CSV_COLUMNS),
    ("/actions/export.csv", actions.EXPORT_COLUMNS),
    ("/indicators/export.csv", indicator_views.EXPORT_COLUMNS),
]


def test_the_writer_heads_both_files_with_the_headings_in_the_active_language():
    table = Table([Column("days", "Days"), Column("plain")], [{"days": 3, "plain": "x"}])
    body = csv_response(table, "t.csv").content
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").splitlines() == ["Days,plain", "3,x"]
    sheet = load_workbook(io.BytesIO(xlsx_response(table, "t.xlsx").content)).active
    assert [cell.value for cell in sheet[1]] == ["Days", "plain"]


@pytest.mark.parametrize(("url", "columns"), CSV_EXPORTS)
def test_every_csv_starts_with_a_bom_and_finnish_headings(client, small_programme, url, columns):
    response = client.get(url.format(indicator=small_programme.indicator.pk))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(headings(columns, "fi").values())
    assert header != list(headings(columns, "en").values())  # translated indeed


@pytest.mark.parametrize(("url", "columns"), CSV_EXPORTS)
def test_every_csv_has_english_headings_after_the_language_switch(
    client, small_programme, url, columns
):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(url.format(indicator=small_programme.indicator.pk))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(headings(columns, "en").values())
