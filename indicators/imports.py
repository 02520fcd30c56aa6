"""Importing indicator values from CSV and XLSX files: read, check, preview, write.

Three steps, each a plain function:

1. ``read_table`` turns the uploaded bytes into a header and rows of cells. It never
   guesses: a CSV must be UTF-8 (with or without a BOM) and separated by ``;`` or ``,``;
   an XLSX is read with formulas as their saved values and external links ignored. The
   size and row caps are checked before the whole file is parsed.
2. ``parse_values`` reads a table in one of two shapes, told apart by the header row:
   *long* (identifier, period, value, optional note: one value a row) or *wide* (one row
   an indicator, one column a year, as people keep them in Excel). It needs no database.
3. ``plan_import`` resolves the identifiers, checks who may write what and which periods
   may have values (the value form's rule, ``indicators.forms.period_error``), and sorts
   every value into new, changed or unchanged. ``write_plan`` writes a plan with no
   problems in one transaction, after checking that nothing changed since the preview.

Every problem names its row and column, in the reader's language. Any problem means
nothing is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.choices import TimeResolution
from indicators.forms import parse_period_kind, period_error
from indicators.models import Indicator, IndicatorValue
from programmes.writes import one_write

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # data rows, the header not counted
MAX_VALUES = 5_000  # values kept in the session between the preview and the confirmation
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # an XLSX that inflates beyond this is refused unread
NOTE_LENGTH = IndicatorValue._meta.get_field("note").max_length
REASON_LENGTH = 100  # django-simple-history's history_change_reason

BOM = "\ufeff"
SPACES = " \u00a0\u202f"
NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?")

# The header names each column may have, compared case-insensitively.
COLUMN_NAMES = {
    "identifier": ("tunnus", "mittari", "identifier", "indicator", "id", "beteckning"),
    "period": ("vuosi", "päivämäärä", "pvm", "kausi", "year", "date", "period", "år", "datum"),
    "value": ("arvo", "value", "värde"),
    "note": ("huomautus", "lisätieto", "selite", "note", "anmärkning"),
    "name": ("nimi", "mittarin nimi", "name", "namn"),
    "unit": ("yksikkö", "unit", "enhet"),
}
ROLE_OF_NAME = {name: role for role, names in COLUMN_NAMES.items() for name in names}
YEAR_HEADER = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: a row of the file (the header is row 1) and a column."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class ImportFailed(Exception):
    """The file cannot be read at all; its problems say why."""

    def __init__(self, *problems: Problem):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)
    notice: str = ""


# --- 1. the file into a table ----------------------------------------------------------


def read_table(data: bytes, filename: str, *, delimiters: Sequence[str] = (";", ",")) -> Table:
    """The header and rows of an uploaded CSV or XLSX file; raise ImportFailed if unreadable."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(
            Problem(
                None,
                None,
                _("The file is %(size)s MB; at most %(cap)s MB can be imported.")
                % {"size": round(len(data) / 1024 / 1024, 1), "cap": MAX_BYTES // 1024 // 1024},
            )
        )
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _read_xlsx(data)
    elif suffix in {"csv", "txt"}:
        table = _read_csv(data, delimiters)
    else:
        raise ImportFailed(
            Problem(None, None, _("Import a CSV file (.csv) or an Excel workbook (.xlsx)."))
        )
    table.header = [_header_text(cell) for cell in table.header]
    while table.header and not table.header[-1]:
        table.header.pop()
    if not table.header:
        raise ImportFailed(Problem(None, None, _("The file is empty.")))
    table.rows = [(number, cells) for number, cells in table.rows if any(_filled(c) for c in cells)]
    if not table.rows:
        raise ImportFailed(Problem(2, None, _("The file has a header row but no values under it.")))
    width = len(table.header)
    problems = []
    for number, cells in table.rows:
        extra = [index for index, cell in enumerate(cells) if index >= width and _filled(cell)]
        if extra:
            problems.append(
                Problem(
                    number,
                    _("column %(n)s") % {"n": extra[0] + 1},
                    _("The row has more cells than the header row has columns (%(n)s).")
                    % {"n": width},
                )
            )
    if problems:
        raise ImportFailed(*problems)
    table.rows = [(number, (list(cells) + [None] * width)[:width]) for number, cells in table.rows]
    return table


def _read_csv(data: bytes, delimiters: Sequence[str]) -> Table:
    had_bom = data.startswith(BOM.encode())
    body = data[len(BOM.encode()) :] if had_bom else data
    if not body.strip():
        raise ImportFailed(Problem(None, None, _("The file is empty.")))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFailed(_encoding_problem(body, error, delimiters)) from None
    if text.count("\n") > MAX_ROWS + 1:
        raise ImportFailed(_too_many_rows())
    header_line = text.splitlines()[0]
    delimiter = _delimiter(header_line, delimiters)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    try:
        header = next(reader)
        for number, cells in enumerate(reader, start=2):
            rows.append((number, cells))
    except csv.Error as error:
        raise ImportFailed(
            Problem(
                reader.line_num,
                None,
                _("The row cannot be read as CSV (%(error)s). Check its quotation marks.")
                % {"error": error},
            )
        ) from None
    return Table(header, rows)


def _delimiter(header_line: str, delimiters: Sequence[str]) -> str:
    """The separator the header row uses: the one splitting it into the most known columns."""
    best, best_score = None, (0, 0)
    for delimiter in delimiters:
        cells = [
            _header_text(cell) for cell in next(csv.reader([header_line], delimiter=delimiter))
        ]
        known = sum(
            1 for cell in cells if cell.casefold() in ROLE_OF_NAME or YEAR_HEADER.fullmatch(cell)
        )
        score = (known, len(cells))
        if len(cells) >= 2 and score > best_score:
            best, best_score = delimiter, score
    if best is None:
        raise ImportFailed(
            Problem(
                1,
                header_line.strip()[:40],
                _(
                    "Wrong delimiter: the header row is not split into columns by %(delimiters)s. "
                    "Save the file as CSV separated by semicolons."
                )
                % {"delimiters": _(" or ").join(f"'{d}'" for d in delimiters)},
            )
        )
    return best


def _encoding_problem(body: bytes, error: UnicodeDecodeError, delimiters) -> Problem:
    """Name the row and column of the first byte that is not UTF-8."""
    before = body[: error.start].decode("utf-8", errors="replace")
    row = before.count("\n") + 1
    header = body.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    line = before.rsplit("\n", 1)[-1]
    delimiter = max(delimiters, key=header.count)
    index = line.count(delimiter)
    columns = header.lstrip(BOM).rstrip("\r").split(delimiter)
    column = (
        columns[index].strip() if index < len(columns) else _("column %(n)s") % {"n": index + 1}
    )
    return Problem(
        row,
        column,
        _(
            "The file is not in UTF-8 encoding: byte 0x%(byte)02X cannot be read (perhaps it is "
            "Windows-1252). In Excel, save the file as 'CSV UTF-8'."
        )
        % {"byte": body[error.start]},
    )


def _read_xlsx(data: bytes) -> Table:
    # Loading an XLSX runs much third-party parsing code over untrusted input; whatever it
    # raises means the same thing to the user: this is not a workbook we can read.
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula

    not_xlsx = Problem(
        None, None, _("The file is not an Excel workbook (.xlsx), or it is damaged.")
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except Exception:
        raise ImportFailed(not_xlsx) from None
    if inflated > MAX_UNZIPPED_BYTES:
        raise ImportFailed(
            Problem(None, None, _("The workbook is too large to import once unpacked."))
        )
    try:
        values_book = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        formulas_book = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:
        raise ImportFailed(not_xlsx) from None
    try:
        if not values_book.worksheets:
            raise ImportFailed(not_xlsx)
        values_sheet = values_book.worksheets[0]
        formulas_sheet = formulas_book.worksheets[0]
        if (values_sheet.max_row or 0) > MAX_ROWS + 1:  # the sheet's own dimension, if saved
            raise ImportFailed(_too_many_rows())
        rows: list[tuple[int, list[Any]]] = []
        problems: list[Problem] = []
        pairs = zip(
            values_sheet.iter_rows(values_only=True),
            formulas_sheet.iter_rows(values_only=True),
            strict=False,
        )
        for number, (values, formulas) in enumerate(pairs, start=1):
            if number > MAX_ROWS + 1:
                raise ImportFailed(_too_many_rows())
            for index, (value, formula) in enumerate(zip(values, formulas, strict=False)):
                is_formula = isinstance(formula, ArrayFormula) or (
                    isinstance(formula, str) and formula.startswith("=")
                )
                if value is None and is_formula:
                    problems.append(
                        Problem(
                            number,
                            _column_name(rows[0][1] if rows else values, index),
                            _(
                                "The cell holds a formula without a saved value. Open the file "
                                "in Excel and save it, or replace the formula by its value."
                            ),
                        )
                    )
            rows.append((number, list(values)))
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(not_xlsx) from None
    finally:
        values_book.close()
        formulas_book.close()
    if problems:
        raise ImportFailed(*problems)
    if not rows:
        raise ImportFailed(Problem(None, None, _("The file is empty.")))
    header = rows[0][1]
    notice = ""
    if len(values_book.worksheets) > 1:
        notice = _("Only the first sheet, '%(sheet)s', was read.") % {"sheet": values_sheet.title}
    return Table(list(header), rows[1:], notice)


def _column_name(header: Sequence[Any], index: int) -> str:
    """A column as the file's header row names it, else by its letter (A, B, …)."""
    from openpyxl.utils import get_column_letter

    name = _header_text(header[index]) if index < len(header) else ""
    return name or get_column_letter(index + 1)


def _too_many_rows() -> Problem:
    return Problem(
        None,
        None,
        _("The file has more than %(cap)s rows; import it in parts.") % {"cap": MAX_ROWS},
    )


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip().lstrip(BOM).strip()


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")


# --- 2. the table into values ----------------------------------------------------------


@dataclass(frozen=True)
class ParsedValue:
    """One value read from the file, before the database is asked about it.

    ``indicator_pk`` is set when the caller already knows the indicator (the Syke import);
    otherwise ``identifier`` is looked up.
    """

    row: int
    column: str  # the column to name if the value is refused
    identifier: str
    day: date
    kind: str  # "year", "month" or "date", as written
    value: float
    note: str | None  # None: keep the note a value already has
    indicator_pk: int | None = None
    period_column: str = ""
    identifier_column: str = ""

    def as_json(self) -> list:
        return [
            self.row,
            self.column,
            self.identifier,
            self.day.isoformat(),
            self.kind,
            self.value,
            self.note,
            self.indicator_pk,
            self.period_column,
            self.identifier_column,
        ]

    @classmethod
    def from_json(cls, item: list) -> ParsedValue:
        row, column, identifier, day, kind, value, note, pk, period_column, id_column = item
        return cls(
            row,
            column,
            identifier,
            date.fromisoformat(day),
            kind,
            value,
            note,
            pk,
            period_column,
            id_column,
        )


class NumberError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_import_number(cell: Any) -> float:
    """A cell as a number: 1218.5, "1 218,5", "1218.5"; mixed decimal styles are refused.

    Stricter than the value form's ``parse_number``: a file is imported without anyone
    looking at each cell, so "1.218,5" or "1,218.5" is an error, not a guess.
    """
    if isinstance(cell, (bool, datetime, date)):
        raise NumberError(_("'%(text)s' is not a number.") % {"text": cell})
    if isinstance(cell, (int, float)):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise NumberError(_("'%(text)s' is not a number.") % {"text": cell})
        return float(cell)
    text = str(cell).strip().replace("\u2212", "-")
    if "," in text and "." in text:
        raise NumberError(
            _(
                "'%(text)s' mixes a decimal comma and a decimal point. Write 1 218,5 or 1218.5, "
                "with spaces between thousands."
            )
            % {"text": text}
        )
    if not NUMBER.fullmatch(text):
        raise NumberError(_("'%(text)s' is not a number.") % {"text": text})
    for space in SPACES:
        text = text.replace(space, "")
    return float(text.replace(",", "."))


def _period_of(cell: Any) -> tuple[date, str]:
    """A period cell: a year, a month or a date, written as text or stored by Excel."""
    if isinstance(cell, datetime):
        return cell.date(), "date"
    if isinstance(cell, date):
        return cell, "date"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1000 <= cell <= 9999:
            return date(int(cell), 12, 31), "year"
        raise ValueError(cell)
    return parse_period_kind(str(cell))


@dataclass
class Parsed:
    values: list[ParsedValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shape: str = ""  # "long" or "wide"
    notice: str = ""


def parse_values(table: Table) -> Parsed:
    """Values from a table in the long or the wide shape; problems for every bad cell."""
    parsed = Parsed(notice=table.notice)
    roles: dict[str, int] = {}
    years: dict[int, int] = {}  # column index -> year, in the wide shape
    for index, name in enumerate(table.header):
        role = ROLE_OF_NAME.get(name.casefold())
        if role is None and YEAR_HEADER.fullmatch(name):
            years[index] = int(name)
        elif role is None:
            parsed.problems.append(
                Problem(1, name or _("column %(n)s") % {"n": index + 1}, _unknown_column())
            )
        elif role in roles:
            parsed.problems.append(
                Problem(1, name, _("The column appears twice in the header row."))
            )
        else:
            roles[role] = index
    expected = []
    if "identifier" not in roles:
        expected.append(_("an identifier column ('tunnus')"))
    if "value" in roles or "period" in roles:
        parsed.shape = "long"
        if "period" not in roles:
            expected.append(_("a year or date column ('vuosi')"))
        if "value" not in roles:
            expected.append(_("a value column ('arvo')"))
        for index in years:
            parsed.problems.append(Problem(1, table.header[index], _unknown_column()))
    elif years:
        parsed.shape = "wide"
    else:
        expected.append(_("a year or date column and a value column, or one column a year"))
    if expected:
        parsed.problems.insert(
            0,
            Problem(
                1,
                None,
                _("Columns missing from the header row: %(columns)s.")
                % {"columns": ", ".join(expected)},
            ),
        )
    if parsed.problems:
        return parsed
    if parsed.shape == "long":
        _parse_long(table, roles, parsed)
    else:
        _parse_wide(table, roles, years, parsed)
    if len(parsed.values) > MAX_VALUES:
        parsed.problems.append(
            Problem(
                None,
                None,
                _("The file has more than %(cap)s values; import it in parts.")
                % {"cap": MAX_VALUES},
            )
        )
    return parsed


def _unknown_column() -> str:
    return _(
        "Unknown column. The columns are: tunnus, vuosi (or päivämäärä), arvo and huomautus; "
        "or tunnus, nimi and one column a year."
    )


def _identifier(table, roles, number, cells, parsed) -> str | None:
    identifier = _header_text(cells[roles["identifier"]])
    if not identifier:
        parsed.problems.append(
            Problem(number, table.header[roles["identifier"]], _("The identifier is missing."))
        )
        return None
    return identifier


def _note(table, roles, number, cells, parsed) -> str | bool | None:
    if "note" not in roles:
        return None
    note = cells[roles["note"]]
    note = "" if note is None else str(note).strip()
    if len(note) > NOTE_LENGTH:
        parsed.problems.append(
            Problem(
                number,
                table.header[roles["note"]],
                _("The note is longer than %(n)s characters.") % {"n": NOTE_LENGTH},
            )
        )
        return False
    return note


def _parse_long(table: Table, roles: dict[str, int], parsed: Parsed) -> None:
    period_column = table.header[roles["period"]]
    value_column = table.header[roles["value"]]
    for number, cells in table.rows:
        identifier = _identifier(table, roles, number, cells, parsed)
        period_cell, value_cell = cells[roles["period"]], cells[roles["value"]]
        day = kind = value = None
        if not _filled(period_cell):
            parsed.problems.append(
                Problem(number, period_column, _("The year or date is missing."))
            )
        else:
            try:
                day, kind = _period_of(period_cell)
            except ValueError:
                parsed.problems.append(
                    Problem(
                        number,
                        period_column,
                        _(
                            "'%(text)s' is not a year (2024), a month (3/2024) or a date "
                            "(31.3.2024)."
                        )
                        % {"text": period_cell},
                    )
                )
        if not _filled(value_cell):
            parsed.problems.append(Problem(number, value_column, _("The value is missing.")))
        else:
            try:
                value = parse_import_number(value_cell)
            except NumberError as error:
                parsed.problems.append(Problem(number, value_column, error.message))
        note = _note(table, roles, number, cells, parsed)
        if identifier and day and value is not None and note is not False:
            parsed.values.append(
                ParsedValue(
                    number,
                    value_column,
                    identifier,
                    day,
                    kind,
                    value,
                    note,
                    None,
                    period_column,
                    table.header[roles["identifier"]],
                )
            )


def _parse_wide(table: Table, roles: dict[str, int], years: dict[int, int], parsed: Parsed) -> None:
    for number, cells in table.rows:
        identifier = _identifier(table, roles, number, cells, parsed)
        note = _note(table, roles, number, cells, parsed)
        for index, year in years.items():
            cell = cells[index]
            if not _filled(cell):
                continue  # no value for that year
            try:
                value = parse_import_number(cell)
            except NumberError as error:
                parsed.problems.append(Problem(number, table.header[index], error.message))
                continue
            if identifier and note is not False:
                parsed.values.append(
                    ParsedValue(
                        number,
                        table.header[index],
                        identifier,
                        date(year, 12, 31),
                        "year",
                        value,
                        note,
                        None,
                        table.header[index],
                        table.header[roles["identifier"]],
                    )
                )


# --- 3. the values against the database ------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One value of the file compared with the database."""

    source: ParsedValue
    status: str  # "new", "changed" or "unchanged"
    existing: IndicatorValue | None

    @property
    def fingerprint(self) -> tuple:
        old = self.existing
        return (
            self.source.row,
            self.source.column,
            self.status,
            old.pk if old else None,
            old.date.isoformat() if old else None,
            old.value if old else None,
            old.note if old else None,
        )


@dataclass
class IndicatorChanges:
    indicator: Indicator
    changes: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def to_write(self) -> list[Change]:
        return [change for change in self.changes if change.status != "unchanged"]


@dataclass
class Plan:
    filename: str
    values: list[ParsedValue]
    indicators: list[IndicatorChanges] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    shape: str = ""

    def total(self, status: str) -> int:
        return sum(item.count(status) for item in self.indicators)

    @property
    def new(self) -> int:
        return self.total("new")

    @property
    def changed(self) -> int:
        return self.total("changed")

    @property
    def unchanged(self) -> int:
        return self.total("unchanged")

    @property
    def can_confirm(self) -> bool:
        return not self.problems and (self.new + self.changed) > 0

    @property
    def fingerprint(self) -> str:
        """A digest of what the preview compared each value with, to tell if that changed."""
        compared = [change.fingerprint for item in self.indicators for change in item.changes]
        return hashlib.sha256(json.dumps(compared).encode()).hexdigest()

    @property
    def reason(self) -> str:
        return import_reason(self.filename)


def import_reason(filename: str) -> str:
    """The change history's reason for an imported value: "Tuonti: arvot.xlsx"."""
    reason = _("Import: %(name)s") % {"name": filename}
    return reason[:REASON_LENGTH]


def period_key(indicator: Indicator, day: date) -> tuple:
    """One value per period: a year's value, or a month's for a monthly indicator."""
    if indicator.time_resolution == TimeResolution.MONTHLY:
        return (indicator.pk, day.year, day.month)
    return (indicator.pk, day.year)


def plan_import(
    filename: str,
    values: Iterable[ParsedValue],
    *,
    user,
    today: date,
    problems: Sequence[Problem] = (),
    notices: Sequence[str] = (),
    shape: str = "",
) -> Plan:
    """Sort the file's values into new, changed and unchanged, with a problem for each
    value that may not be imported. ``user`` None means the command line: any indicator."""
    from accounts.permissions import editable_indicators

    values = list(values)
    plan = Plan(filename, values, problems=list(problems), notices=list(notices), shape=shape)
    by_identifier: dict[str, list[Indicator]] = {}
    wanted = {value.identifier.casefold() for value in values if value.indicator_pk is None}
    for indicator in Indicator.objects.exclude(identifier=""):
        if indicator.identifier.casefold() in wanted:
            by_identifier.setdefault(indicator.identifier.casefold(), []).append(indicator)
    by_pk = Indicator.objects.in_bulk({v.indicator_pk for v in values if v.indicator_pk})
    allowed = None if user is None else set(editable_indicators(user).values_list("pk", flat=True))

    accepted: list[tuple[ParsedValue, Indicator]] = []
    seen: dict[tuple, ParsedValue] = {}
    for value in values:
        if value.indicator_pk is not None:
            indicator = by_pk.get(value.indicator_pk)
            if indicator is None:
                plan.problems.append(
                    Problem(value.row, value.column, _("The indicator no longer exists."))
                )
                continue
        else:
            matches = by_identifier.get(value.identifier.casefold(), [])
            if not matches:
                plan.problems.append(
                    Problem(
                        value.row,
                        _identifier_column(value),
                        _("No indicator has the identifier '%(identifier)s'.")
                        % {"identifier": value.identifier},
                    )
                )
                continue
            if len(matches) > 1:
                plan.problems.append(
                    Problem(
                        value.row,
                        _identifier_column(value),
                        _(
                            "Several indicators have the identifier '%(identifier)s'; give them "
                            "identifiers of their own in the administration."
                        )
                        % {"identifier": value.identifier},
                    )
                )
                continue
            indicator = matches[0]
        if allowed is not None and indicator.pk not in allowed:
            plan.problems.append(
                Problem(
                    value.row,
                    _identifier_column(value),
                    _("You may not enter values for the indicator '%(indicator)s'.")
                    % {"indicator": indicator.identifier or indicator.name},
                )
            )
            continue
        problem = _period_problem(indicator, value, today)
        if problem:
            plan.problems.append(problem)
            continue
        key = period_key(indicator, value.day)
        if key in seen:
            plan.problems.append(
                Problem(
                    value.row,
                    value.period_column or value.column,
                    _(
                        "The indicator '%(indicator)s' already has a value for this period on row "
                        "%(row)s."
                    )
                    % {"indicator": value.identifier, "row": seen[key].row},
                )
            )
            continue
        seen[key] = value
        accepted.append((value, indicator))

    existing: dict[tuple, list[IndicatorValue]] = {}
    indicator_pks = {indicator.pk for _value, indicator in accepted}
    for old in IndicatorValue.objects.filter(indicator__in=indicator_pks).select_related(
        "indicator"
    ):
        existing.setdefault(period_key(old.indicator, old.date), []).append(old)
    groups: dict[int, IndicatorChanges] = {}
    for value, indicator in accepted:
        olds = existing.get(period_key(indicator, value.day), [])
        old = next((o for o in olds if o.date == value.day), olds[0] if olds else None)
        if old is None:
            status = "new"
        elif old.date == value.day and old.value == value.value and value.note in (None, old.note):
            status = "unchanged"
        else:
            status = "changed"
        groups.setdefault(indicator.pk, IndicatorChanges(indicator)).changes.append(
            Change(value, status, old)
        )
    plan.indicators = sorted(
        groups.values(), key=lambda g: (g.indicator.identifier, g.indicator.name)
    )
    for group in plan.indicators:
        group.changes.sort(key=lambda change: change.source.day)
    plan.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return plan


def _identifier_column(value: ParsedValue) -> str:
    return value.identifier_column or value.column


def _period_problem(indicator: Indicator, value: ParsedValue, today: date) -> Problem | None:
    monthly = indicator.time_resolution == TimeResolution.MONTHLY
    column = value.period_column or value.column
    if monthly and value.kind == "year":
        return Problem(
            value.row,
            column,
            _("The indicator '%(indicator)s' has monthly values: write a month (3/2024) or a date.")
            % {"indicator": value.identifier},
        )
    if not monthly and value.kind == "month":
        return Problem(
            value.row,
            column,
            _("The indicator '%(indicator)s' has yearly values: write a year (2024), not a month.")
            % {"indicator": value.identifier},
        )
    error = period_error(value.day, monthly=monthly, today=today)
    if error is not None:
        return Problem(value.row, column, " ".join(error.messages))
    return None


class PlanChanged(Exception):
    """The database changed between the preview and the confirmation."""

    def __init__(self, plan: Plan):
        super().__init__("the preview is out of date")
        self.plan = plan


def confirm_import(
    filename: str,
    values: list[ParsedValue],
    fingerprint: str,
    *,
    user,
    today: date,
    notices: Sequence[str] = (),
    shape: str = "",
) -> Plan:
    """Write what the preview showed, in one transaction; raise PlanChanged (writing
    nothing) if the preview no longer holds, with the fresh plan to show instead."""
    with transaction.atomic():
        plan = plan_import(filename, values, user=user, today=today, notices=notices, shape=shape)
        if plan.problems or plan.fingerprint != fingerprint:
            raise PlanChanged(plan)
        write_plan(plan, user=user)
    return plan


def write_plan(plan: Plan, *, user) -> None:
    """Save every new and changed value, each with the file's name as its history reason."""
    if plan.problems:
        raise ValueError("a plan with problems is never written")
    with one_write():  # each indicator judged once, the cache marked once per scope
        for group in plan.indicators:
            for change in group.to_write:
                value = change.existing or IndicatorValue(indicator=group.indicator)
                value.date = change.source.day
                value.value = change.source.value
                if change.source.note is not None:
                    value.note = change.source.note
                value.entered_by = user
                value._change_reason = plan.reason
                value.save()
