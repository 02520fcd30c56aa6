"""Rows into a download: the one writer behind every CSV and XLSX export.

A ``Table`` is its columns and its rows; ``csv_response`` and ``xlsx_response`` turn it
into a file. Every value of every export is written through ``cell_value``, so what a
cell may hold (for instance no formula a spreadsheet would run, no control characters)
is decided in one place.

Both files head their columns with the translated headings, in the reader's language
(Finnish unless the language switch says otherwise): a city's open data is read by
people in a spreadsheet first. A column's ``name`` is only the key of the rows. A CSV
starts with a byte order mark, as Excel reads a CSV without one in the system's legacy
encoding and garbles "ä" and "ö".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _ILLEGAL_CONTROL
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"  # written as UTF-8: EF BB BF
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LENGTH = 31  # the most a spreadsheet program accepts
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column: its name (the row key), its heading (the header) and its XLSX width."""

    name: str
    heading: str = ""  # translatable; the name when empty
    width: int | None = None  # in characters

    @property
    def title(self) -> str:
        return str(self.heading or self.name)


@dataclass
class Table:
    """What an export holds: rows are mappings from column names, iterated once."""

    columns: Sequence[Column]
    rows: Iterable[Mapping[str, object]]
    title: str = ""  # the XLSX sheet's name

    def written_rows(self) -> Iterator[list[object]]:
        """Each row's values in column order, as they go into the file."""
        for row in self.rows:
            yield [cell_value(row[column.name]) for column in self.columns]


def cell_value(value: object) -> object:
    """The value a cell is written with: every cell of every export passes through here.

    Numbers, dates and empty cells stay what they are, so a spreadsheet can sum and sort
    them. Anything else is written as text that no spreadsheet program will run or
    refuse: see ``safe_text``.
    """
    if value is None or isinstance(value, int | float | Decimal | date | time):
        return value  # datetime is a date; bool is an int
    return safe_text(str(value))


def safe_text(text: str) -> str:
    """Text a CSV and an XLSX can both hold, and that no spreadsheet reads as a formula.

    XLSX cannot hold most control characters: openpyxl refuses the whole file for one. A
    vertical tab is Word's manual line break and a form feed its page break, so both
    become a line break; the others mean nothing to a reader and are dropped. A text
    that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
    as OWASP lists them) gets a leading apostrophe, so that spreadsheet programs show it
    as text rather than run it: a city's open data must not carry a live formula to
    whoever opens it. (The apostrophe also keeps openpyxl from storing "=…" as a formula.)
    """
    text = _ILLEGAL_CONTROL.sub("", text.replace("\v", "\n").replace("\f", "\n"))
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = _download(CSV_CONTENT_TYPE, filename)
    response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response)
    writer.writerow([safe_text(column.title) for column in table.columns])
    writer.writerows(table.written_rows())
    return response


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    if table.title:
        sheet.title = str(table.title)[:SHEET_TITLE_LENGTH]
    sheet.append([safe_text(column.title) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.written_rows():
        sheet.append(values)
    for number, column in enumerate(table.columns, start=1):
        if column.width is not None:
            sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"  # the header stays in view
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _download(XLSX_CONTENT_TYPE, filename)
    response.write(buffer.getvalue())
    return response


def _download(content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
