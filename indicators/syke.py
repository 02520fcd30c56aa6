"""Syke's municipal greenhouse-gas emissions (the ALas model) into the area-emissions total
and its sector components, under the Hinku rules.

Syke publishes a semicolon-separated CSV with decimal commas, one row per year and sector
level (taso_1 … taso_5). The Hinku rules, as applied here:

* only rows with ``hinku_laskenta`` true count;
* rows with ``päästökauppa`` true (the emissions-trading sector) are left out;
* ``kt`` is summed per year into the total, and per year and main sector (``taso_1``) into
  the component whose name is the sector's ("Tieliikenteen päästöt" for Tieliikenne);
* offsets (Päästöhyvitykset) are negative in Syke's data and enter the total as they are;
* a sector with no component indicator still counts in the total; the preview lists it as
  not imported on its own. A sector name outside Syke's 14 is an error.
* an empty ``kt`` cell is no emissions (Syke leaves it empty for energy-only rows).

The values then go through the same plan as any import (``indicators.imports``): the
period rule, who may write, new / changed / unchanged, one transaction.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from indicators.imports import (
    ImportFailed,
    NumberError,
    ParsedValue,
    Problem,
    Table,
    parse_import_number,
    read_table,
)
from indicators.models import Indicator

# Syke's 14 main sectors, each with the genitive its component's name starts with.
SECTORS = {
    "Kulutussähkö": "Kulutussähkön",
    "Sähkölämmitys": "Sähkölämmityksen",
    "Kaukolämpö": "Kaukolämmön",
    "Öljylämmitys": "Öljylämmityksen",
    "Muu lämmitys": "Muun lämmityksen",
    "Teollisuus": "Teollisuuden",
    "Työkoneet": "Työkoneiden",
    "Tieliikenne": "Tieliikenteen",
    "Raideliikenne": "Raideliikenteen",
    "Vesiliikenne": "Vesiliikenteen",
    "Maatalous": "Maatalouden",
    "Jätteiden käsittely": "Jätteiden käsittelyn",
    "F-kaasut": "F-kaasu",
    "Päästöhyvitykset": "Päästöhyvitysten",
}
REQUIRED = ("vuosi", "taso_1", "hinku_laskenta", "päästökauppa", "kt")
MUNICIPALITY_COLUMNS = ("kuntanumero", "kunta")
TRUE = {"true", "1", "kyllä", "tosi", "yes", "x"}
FALSE = {"false", "0", "ei", "epätosi", "no", ""}


def _plain(text: str) -> str:
    """Compare header names without case or diacritics: "Päästökauppa" = "paastokauppa"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class SykeFile:
    """The Hinku sums of a Syke file: per year, and per year and main sector."""

    totals: dict[int, float] = field(default_factory=dict)
    sectors: dict[tuple[int, str], float] = field(default_factory=dict)
    first_row: dict[tuple[int, str | None], int] = field(default_factory=dict)
    rows_counted: int = 0
    rows_not_hinku: int = 0
    rows_trading: int = 0
    municipality: str = ""
    problems: list[Problem] = field(default_factory=list)


def read_syke(data: bytes, filename: str) -> SykeFile:
    """Sum a Syke CSV under the Hinku rules; raise ImportFailed if it cannot be read."""
    table = read_table(data, filename, delimiters=(";",))
    return sum_hinku(table)


def sum_hinku(table: Table) -> SykeFile:
    found = SykeFile()
    columns = {_plain(name): index for index, name in enumerate(table.header)}
    missing = [name for name in REQUIRED if _plain(name) not in columns]
    if missing:
        raise ImportFailed(
            Problem(
                1,
                None,
                _("Columns missing from the header row: %(columns)s.")
                % {"columns": ", ".join(missing)},
            )
        )
    at = {name: columns[_plain(name)] for name in REQUIRED}
    municipality_index = next(
        (columns[_plain(name)] for name in MUNICIPALITY_COLUMNS if _plain(name) in columns), None
    )
    sector_names = {_plain(name): name for name in SECTORS}
    totals: dict[int, float] = defaultdict(float)
    sectors: dict[tuple[int, str], float] = defaultdict(float)
    for number, cells in table.rows:

        def problem(column: str, message: str, number=number) -> None:
            found.problems.append(Problem(number, column, message))

        if municipality_index is not None:
            municipality = str(cells[municipality_index] or "").strip()
            if found.municipality and municipality != found.municipality:
                problem(
                    table.header[municipality_index],
                    _("The file holds several municipalities (%(a)s, %(b)s); import one at a time.")
                    % {"a": found.municipality, "b": municipality},
                )
                continue
            found.municipality = municipality
        year_text = str(cells[at["vuosi"]] or "").strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        if year is None:
            problem("vuosi", _("'%(text)s' is not a year.") % {"text": year_text})
        flags = {}
        for name in ("hinku_laskenta", "päästökauppa"):
            text = str(cells[at[name]] or "").strip().casefold()
            if text not in TRUE | FALSE:
                problem(name, _("'%(text)s' is not true or false.") % {"text": text})
            flags[name] = text in TRUE
        sector_text = str(cells[at["taso_1"]] or "").strip()
        sector = sector_names.get(_plain(sector_text))
        if sector is None:
            problem(
                "taso_1",
                _("'%(text)s' is not one of Syke's main sectors.") % {"text": sector_text},
            )
        kt_cell = cells[at["kt"]]
        kt = 0.0
        if kt_cell is not None and str(kt_cell).strip():
            try:
                kt = parse_import_number(kt_cell)
            except NumberError as error:
                problem("kt", error.message)
        if found.problems and found.problems[-1].row == number:
            continue
        if not flags["hinku_laskenta"]:
            found.rows_not_hinku += 1
            continue
        if flags["päästökauppa"]:
            found.rows_trading += 1
            continue
        found.rows_counted += 1
        totals[year] += kt
        sectors[(year, sector)] += kt
        found.first_row.setdefault((year, None), number)
        found.first_row.setdefault((year, sector), number)
    # Sums of decimal fractions carry binary noise; the figures have at most a few decimals.
    found.totals = {year: round(kt, 6) for year, kt in sorted(totals.items())}
    found.sectors = {key: round(kt, 6) for key, kt in sorted(sectors.items())}
    return found


def component_for(sector: str, components: list[Indicator]) -> list[Indicator]:
    """The components whose name is the sector's: "Tieliikenne" or "Tieliikenteen päästöt"."""
    names = (sector.casefold(), SECTORS[sector].casefold())
    return [c for c in components if c.name.casefold().startswith(names)]


@dataclass
class SykeValues:
    values: list[ParsedValue]
    problems: list[Problem]
    notices: list[str]


def syke_values(found: SykeFile, total: Indicator) -> SykeValues:
    """The file's sums as values of ``total`` and of its sector components."""
    components = list(total.components.all())
    values, problems, notices = [], list(found.problems), []
    for year, kt in found.totals.items():
        values.append(_value(found.first_row[(year, None)], total, year, kt, total.name))
    unmatched: dict[str, float] = {}
    for (year, sector), kt in found.sectors.items():
        matches = component_for(sector, components)
        if len(matches) > 1:
            problems.append(
                Problem(
                    found.first_row[(year, sector)],
                    "taso_1",
                    _("Several components of '%(total)s' match the sector %(sector)s: %(names)s.")
                    % {
                        "total": total.name,
                        "sector": sector,
                        "names": ", ".join(c.name for c in matches),
                    },
                )
            )
        elif matches:
            values.append(_value(found.first_row[(year, sector)], matches[0], year, kt, sector))
        else:
            unmatched[sector] = unmatched.get(sector, 0.0) + kt
    for sector in unmatched:
        notices.append(
            _(
                "%(sector)s: '%(total)s' has no component for this sector, so its emissions are "
                "counted in the total only."
            )
            % {"sector": sector, "total": total.name}
        )
    notices.insert(
        0,
        _(
            "Rows counted under the Hinku rules: %(counted)s; left out as not in the Hinku "
            "calculation: %(not_hinku)s; left out as emissions trading: %(trading)s."
        )
        % {
            "counted": found.rows_counted,
            "not_hinku": found.rows_not_hinku,
            "trading": found.rows_trading,
        },
    )
    return SykeValues(values, problems, notices)


def _value(row: int, indicator: Indicator, year: int, kt: float, label: str) -> ParsedValue:
    return ParsedValue(
        row=row,
        column="kt",
        identifier=indicator.identifier or label,
        day=date(year, 12, 31),
        kind="year",
        value=kt,
        note=None,
        indicator_pk=indicator.pk,
        period_column="vuosi",
        identifier_column="taso_1",
    )


def syke_totals():
    """The indicators a Syke file can be imported into: the totals that have components,
    main goals' headline indicators first."""
    return (
        Indicator.objects.filter(components__isnull=False)
        .annotate(is_headline=Count("headline_of"))
        .distinct()
        .order_by("-is_headline", "identifier", "name")
    )
