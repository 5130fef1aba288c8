"""Importers: each export layout reduced to one staging table, inside the store's transaction.

Every importer fills the temporary table `_stage` with the same columns —
`bron_maat, regio, periode, waarde, eenheid, status, vlag, tabel` — and returns a `Staged` summary
of what it read and what it skipped, and why. The store then maps `bron_maat` onto catalogue ids,
checks for revisions and writes (see `councilkit.data.store`). Nothing here writes to the store's
own tables, so a refused file leaves no trace.

Layouts (`--format` names):

* ``cbs-odata`` — a CBS OData TypedDataSet as parquet, CSV or JSON, with its DataProperties and
  Metadata beside it when present (decimals, units, "voorlopig" and the table id come from there);
* ``cbs-kwb`` — several yearly "Kerncijfers wijken en buurten" TypedDataSets stacked in one CSV with
  a `Peildatum` column (the Almere file): measure suffixes differ per year, decimal separators may be
  lost, strings are padded and `"         ."` marks a missing text;
* ``statline-csv`` — a StatLine web "CSV download": title and filter lines, two header rows
  (periods over regions), every field quoted, a `Bron: CBS` footer;
* ``monitor`` — monitor/waarstaatjegemeente exports in CSV or XLSX, wide (periods or measures as
  columns) or long, `;` or `,`, decimal comma or point, thousands dot, `.`/`x`/`-`/`-99998` missing;
* ``tidy`` — a plain long table with the columns indicator, regio, periode, waarde (eenheid optional).

The work on millions of rows is done by DuckDB (`read_csv`, `read_parquet`, `UNPIVOT`, joins);
Python only parses header rows and the distinct region, period and measure labels.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.data import normalize as nz
from councilkit.data.mapping import MeasureMap
from councilkit.data.sources import (
    SourceFile,
    find_line,
    find_ragged_line,
    xlsx_to_csv,
)
from councilkit.errors import InputError

FORMATS: dict[str, str] = {
    "cbs-odata": "CBS OData-tabel (parquet, CSV of JSON)",
    "cbs-kwb": "CBS Kerncijfers wijken en buurten, meerdere jaren (CSV)",
    "statline-csv": "StatLine-download (CSV)",
    "monitor": "monitor- of waarstaatjegemeente-export (CSV of XLSX, breed of lang)",
    "tidy": "nette tabel met indicator, regio, periode, waarde (CSV of XLSX)",
}

STAGE_DDL = (
    "CREATE OR REPLACE TEMP TABLE _stage (bron_maat VARCHAR, regio VARCHAR, periode VARCHAR, "
    "waarde DOUBLE, eenheid VARCHAR, status VARCHAR, vlag VARCHAR, tabel VARCHAR)"
)

#: Marker of the DuckDB `error()` raised for a text among the figures; the hex-encoded text follows.
BAD_VALUE_MARK = "councilkit-geen-getal:"

#: At least this many values, nearly all 9-digit numbers passing the elfproef: a BSN column.
BSN_MIN_VALUES = 5
BSN_SHARE = 0.9


@dataclass
class Staged:
    """What an importer read: layout, table id, row count, skipped parts (with why), remarks."""

    formaat: str
    tabel: str | None = None
    rijen: int = 0
    overgeslagen: list[tuple[str, int]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    #: Long tables are not copied into `_stage`: `relatie` is a SELECT with the stage columns straight
    #: from the file, `maten` its distinct measure names, and `ongeldig` turns the text that DuckDB's
    #: `error()` reported (see `BAD_VALUE_MARK`) into the Dutch error with line and column.
    relatie: str | None = None
    maten: list[str] = field(default_factory=list)
    ongeldig: Callable[[str], InputError] | None = None

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.overgeslagen.append((reason, count))


def q(name: str) -> str:
    """Quote an identifier for DuckDB."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str | None) -> str:
    """Quote a string literal for DuckDB."""
    if text is None:
        return "NULL"
    return "'" + str(text).replace("'", "''") + "'"


def _values_table(con: Any, name: str, columns: list[str], rows: list[tuple]) -> None:
    """A temp table of text columns from Python tuples (mapping tables for distinct labels).

    Passed as lists and unnested in one statement: row-by-row inserts are far too slow for the
    17,000 region codes of a national table.
    """
    lists = [[None if row[i] is None else str(row[i]) for row in rows] for i in range(len(columns))]
    select = ", ".join(f"unnest(CAST(? AS VARCHAR[])) AS {c}" for c in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", lists)


# --- detection --------------------------------------------------------------------------------------------

_CBS_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*_\d+$")
_CBS_REGION_COLUMNS = ["WijkenEnBuurten", "RegioS", "Gemeenten", "Wijken", "Regio", "Regios", "Buurten"]


def _clean_header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip()


def _is_cbs_header(row: list[str]) -> bool:
    cells = [_clean_header(c) for c in row]
    return sum(bool(_CBS_KEY.match(c)) for c in cells) >= 2 and any(c in _CBS_REGION_COLUMNS for c in cells)


def _is_statline(rows: list[list[str]]) -> bool:
    if not rows or sum(bool(c.strip()) for c in rows[0]) != 1:
        return False
    return any("Perioden" in [c.strip() for c in row] for row in rows[:12])


def detect(source: SourceFile, measures: MeasureMap) -> str | None:
    """The layout of `source`, or `None` when no importer recognises it."""
    if source.kind in {"parquet", "json"}:
        return "cbs-odata"
    if source.kind == "xlsx":
        return "monitor"  # refined to "tidy" by the table importer once the sheet is read
    rows = source.head
    if _is_statline(rows):
        return "statline-csv"
    if rows and _is_cbs_header(rows[0]):
        return "cbs-kwb" if "Peildatum" in [_clean_header(c) for c in rows[0]] else "cbs-odata"
    layout = analyse_table(rows)
    if layout is not None:
        return "tidy" if layout.tidy else "monitor"
    return None


def unknown_layout(source: SourceFile) -> InputError:
    tried = "; ".join(FORMATS.values())
    return source.error(
        f"onbekende indeling van het bestand; geprobeerd: {tried}",
        line=1,
        hint="kies de indeling met --format of zorg voor een kopregel met regio, periode en de cijfers",
    )


def stage(con: Any, source: SourceFile, fmt: str | None, measures: MeasureMap) -> Staged:
    """Fill `_stage` from `source` in layout `fmt` (detected when `None`)."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"onbekende indeling '{fmt}'", hint=f"kies uit: {', '.join(FORMATS)}")
    chosen = fmt or detect(source, measures)
    if chosen is None:
        # Client-level data is refused for what it is, whatever its layout: say so, not "unknown layout".
        for index, row in enumerate(source.head[:5]):
            line = source.head_lines[index] if index < len(source.head_lines) else index + 1
            refuse_client_headers(source, row, line)
        raise unknown_layout(source)
    con.execute(STAGE_DDL)
    if chosen in {"cbs-odata", "cbs-kwb"}:
        return stage_cbs(con, source, chosen)
    if chosen == "statline-csv":
        if source.kind != "csv":
            raise source.error("een StatLine-download is een CSV-bestand", hint="kies een andere --format")
        return stage_statline(con, source)
    return stage_table(con, source, chosen, measures)


# --- privacy ------------------------------------------------------------------------------------------------


def refuse_client_headers(source: SourceFile, header: list[str], line: int) -> None:
    """A BSN-like column name: refuse before anything is read further."""
    for i, cell in enumerate(header):
        if cell and nz.looks_like_client_column(cell):
            raise source.error(
                f"kolom '{cell.strip()}' lijkt een BSN te bevatten: councilkit verwerkt alleen "
                "geaggregeerde cijfers, geen gegevens over personen",
                line=line,
                column=i + 1,
                hint="verwijder het bestand en importeer een export met totalen per regio en periode",
            )


def refuse_client_values(
    con: Any,
    source: SourceFile,
    table: str,
    columns: dict[str, str],
    start_line: int,
    only: set[str] | None = None,
) -> None:
    """Refuse when a column is (nearly) all 9-digit numbers passing the elfproef: client-level data.

    `columns` maps the SQL column to its header text (all columns, so that an error names the right
    column number); `only` limits the scans to the columns a cheap screen flagged. Runs before
    anything is written.
    """
    if not columns:
        return
    names = list(columns)
    for index, col in enumerate(names):
        if only is not None and col not in only:
            continue
        # WHERE filters run as a pipeline: the elfproef is only computed for 8-9 digit candidates.
        text = f"trim(CAST({q(col)} AS VARCHAR))"
        passing = con.execute(
            f"SELECT count(*) FROM (SELECT {text} AS t FROM {table} WHERE length({text}) BETWEEN 8 AND 9) "
            f"WHERE regexp_full_match(t, '[0-9]+') AND {nz.elfproef_sql('t')}"
        ).fetchone()[0]
        if passing < BSN_MIN_VALUES:
            continue
        filled = con.execute(f"SELECT count(*) FROM {table} WHERE coalesce({text}, '') <> ''").fetchone()[0]
        if passing >= BSN_SHARE * filled:
            raise source.error(
                f"kolom '{columns[col]}' bevat negencijferige nummers die de elfproef halen (BSN's?): "
                "councilkit verwerkt alleen geaggregeerde cijfers, geen gegevens over personen",
                line=start_line,
                column=index + 1,
                hint="verwijder het bestand en importeer een export met totalen per regio en periode",
            )


# --- values -------------------------------------------------------------------------------------------------

_MISSING_SQL = "(" + ", ".join(lit(m) for m in nz.MISSING_MARKERS) + ")"


def missing_sql(v: str) -> str:
    return f"(coalesce(trim({v}), '') IN {_MISSING_SQL})"


def flag_sql(v: str) -> str:
    cases = " ".join(f"WHEN {lit(m)} THEN {lit(f)}" for m, f in nz.MISSING_MARKERS.items())
    return f"(CASE coalesce(trim({v}), '') {cases} ELSE NULL END)"


def number_sql(v: str, decimal: str) -> str:
    """Text → DOUBLE under a decimal mark; NULL where it is not a number."""
    t = f"replace(replace(trim({v}), ' ', ''), chr(160), '')"
    if decimal == ",":
        return f"TRY_CAST(replace(replace({t}, '.', ''), ',', '.') AS DOUBLE)"
    return f"TRY_CAST({t} AS DOUBLE)"


def decide_decimal(con: Any, table: str, column: str, delimiter: str) -> str:
    """Decimal comma or point for a text column: commas decide; in a `;` file, dots that all look
    like thousands marks (`1.234`, `12.345.678`) mean a decimal comma too (Dutch Excel export)."""
    v = f"trim({q(column)})"
    commas, dots, thousands = con.execute(
        f"SELECT count(*) FILTER (WHERE {v} LIKE '%,%'), count(*) FILTER (WHERE {v} LIKE '%.%' AND {v} <> '.'), "
        f"count(*) FILTER (WHERE regexp_full_match({v}, '-?[0-9]{{1,3}}(\\.[0-9]{{3}})+')) FROM {table}"
    ).fetchone()
    if commas:
        return ","
    if delimiter == ";" and dots and thousands == dots:
        return ","
    return "."


# --- generic tables (monitor, WSJG, tidy) -----------------------------------------------------------------

_ROLE_NAMES: dict[str, set[str]] = {
    "regio": {
        "regio",
        "regiocode",
        "regiocodes",
        "gemeentecode",
        "gemcode",
        "code",
        "geoitem",
        "wijkenenbuurten",
        "regios",
        "gwbcode",
        "wijkcode",
        "buurtcode",
        "codering",
        "gebiedcode",
        "gebiedscode",
        "regioid",
        "postcode",
        "pc4",
    },
    "periode": {
        "periode",
        "perioden",
        "jaar",
        "peiljaar",
        "period",
        "year",
        "jaartal",
        "peildatum",
        "tijd",
        "tijdvak",
        "verslagperiode",
        "verslagjaar",
    },
    "indicator": {
        "indicator",
        "indicatornaam",
        "indicatorid",
        "onderwerp",
        "onderwerpen",
        "variabele",
        "maat",
        "kenmerk",
        "indicatorcode",
    },
    "waarde": {"waarde", "value", "waarden", "cijfer", "getal"},
    "eenheid": {"eenheid", "unit", "maateenheid"},
    "status": {"status", "cijferstatus"},
    "tabel": {"brontabel", "tabel", "tabelid", "bron", "tabelnummer"},
    "label": {
        "gemeente",
        "gemeentenaam",
        "regionaam",
        "naam",
        "soortregio",
        "wijknaam",
        "buurtnaam",
        "gebiedsnaam",
        "geolevel",
        "omschrijving",
        "toelichting",
        "regioniveau",
        "niveau",
        "indicatoromschrijving",
        "wijk",
        "buurt",
        "gebied",
        "id",
        "opmerking",
        "label",
    },
}
_NUMERIC_REGION = {"gemeentecode": "GM", "gemcode": "GM", "geoitem": "GM", "postcode": "PC", "pc4": "PC"}
_TIDY_KEYS = {"indicator", "regio", "periode", "waarde", "eenheid", "status"}


@dataclass
class TableLayout:
    """How a table's header reads: which column plays which role, and which way it is spread."""

    header_row: int  # index into the head rows
    header: list[str]
    roles: dict[str, int]  # role → column index
    kind: str  # "lang", "breed-perioden", "breed-maten"
    value_columns: list[int]  # period or measure columns (wide layouts)
    labels: list[int]
    tidy: bool = False


def _role(cell: str) -> str | None:
    key = nz.name_key(cell)
    for role, names in _ROLE_NAMES.items():
        if key in names:
            return role
    return None


def analyse_table(rows: list[list[str]]) -> TableLayout | None:
    """Find the header row and read the layout from it (no data needed)."""
    for index, row in enumerate(rows[:15]):
        cells = [_clean_header(c) for c in row]
        if sum(bool(c) for c in cells) < 2:
            continue
        roles: dict[str, int] = {}
        labels: list[int] = []
        periods: list[int] = []
        others: list[int] = []
        for i, cell in enumerate(cells):
            if not cell:
                continue
            role = _role(cell)
            if role == "label" or (role and role in roles):
                labels.append(i)
            elif role:
                roles[role] = i
            elif nz.parse_period(cell) is not None:
                periods.append(i)
            else:
                others.append(i)
        if "regio" not in roles and not {"periode", "indicator"} & roles.keys():
            continue
        kind = None
        value_columns: list[int] = []
        if {"indicator", "waarde", "regio", "periode"} <= roles.keys():
            kind = "lang"
            labels += others + periods
        elif {"indicator", "regio"} <= roles.keys() and periods:
            kind, value_columns = "breed-perioden", periods
            labels += others
        elif {"regio", "periode"} <= roles.keys() and (others or periods):
            kind, value_columns = "breed-maten", others + periods
        if kind is None:
            continue
        tidy = kind == "lang" and {nz.name_key(c) for c in cells if c} <= _TIDY_KEYS
        return TableLayout(index, cells, roles, kind, value_columns, sorted(labels), tidy)
    return None


def _table_error_hint(rows: list[list[str]]) -> InputError | None:
    """A more precise refusal when a header was found but a needed column is missing."""
    for row in rows[:15]:
        cells = [_clean_header(c) for c in row]
        roles = {_role(c) for c in cells if c}
        if "indicator" in roles or "periode" in roles:
            if "regio" not in roles:
                return InputError("de kopregel heeft geen regiokolom (regio, regiocode, gemeentecode, …)")
            if "periode" not in roles and not any(nz.parse_period(c) for c in cells if c):
                return InputError("de kopregel heeft geen periodekolom (periode, jaar, peiljaar, …)")
    return None


def stage_table(con: Any, source: SourceFile, fmt: str, measures: MeasureMap) -> Staged:
    """Monitor, WSJG and tidy exports (CSV or the chosen XLSX sheet)."""
    staged = Staged(formaat=fmt)
    if source.kind == "xlsx":
        skipped = xlsx_to_csv(source, lambda head: analyse_table(head) is not None)
        for sheet in skipped:
            staged.skip(f"werkblad '{sheet}' zonder bekende indeling", 1)
    elif source.kind != "csv":
        raise source.error(f"een {FORMATS[fmt]} moet CSV of XLSX zijn", hint="kies een andere --format")
    layout = analyse_table(source.head)
    if layout is None:
        problem = _table_error_hint(source.head)
        if problem is not None:
            raise source.error(problem.message, line=1, hint="hernoem de kolom in de kopregel")
        raise unknown_layout(source)
    if layout.tidy and fmt == "monitor":
        staged.formaat = "tidy"
    header_line = source.head_lines[layout.header_row]
    refuse_client_headers(source, layout.header, header_line)
    width = max(len(layout.header), max((len(r) for r in source.head[layout.header_row :]), default=0))
    header = layout.header + [""] * (width - len(layout.header))
    if layout.kind == "lang":
        return _stage_long(con, source, layout, header, staged, measures)
    _read_csv(con, source, header_line, width)
    data_line = header_line + 1
    all_cols = {f"c{i}": (header[i] or f"kolom {i + 1}") for i in range(width)}
    refuse_client_values(con, source, "_raw", all_cols, data_line)

    regio_col = f"c{layout.roles['regio']}"
    # rows without any content (trailing separators, blank lines) are not data
    any_filled = " OR ".join(f"trim(coalesce(c{i}, '')) <> ''" for i in range(width))
    empty = con.execute(f"SELECT count(*) FROM _raw WHERE NOT ({any_filled})").fetchone()[0]
    con.execute(f"DELETE FROM _raw WHERE NOT ({any_filled})")
    staged.skip("lege regels", empty)
    staged.rijen = con.execute("SELECT count(*) FROM _raw").fetchone()[0]
    if staged.rijen == 0:
        raise source.error("het bestand heeft een kopregel maar geen cijfers", line=header_line)

    def col_for(role: str) -> str | None:
        return f"c{layout.roles[role]}" if role in layout.roles else None

    periode_col, indicator_col = col_for("periode"), col_for("indicator")
    eenheid_col, status_col, tabel_col = col_for("eenheid"), col_for("status"), col_for("tabel")
    extra = ", ".join(
        f"{c if c else 'NULL'} AS {n}"
        for c, n in [(eenheid_col, "eenheid_raw"), (status_col, "status_raw"), (tabel_col, "tabel_raw")]
    )
    value_cols = [f"c{i}" for i in layout.value_columns]
    keep = [c for c in (regio_col, periode_col, indicator_col, eenheid_col, status_col, tabel_col) if c]
    if layout.kind == "breed-maten":
        value_cols = _drop_text_columns(con, source, layout, value_cols, staged)
        if not value_cols:
            raise source.error(
                "de kopregel heeft geen kolom met cijfers",
                line=header_line,
                hint="zet de maten (bijvoorbeeld wmo_clienten) als kolommen naast regio en periode",
            )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _cells AS SELECT * FROM (SELECT {', '.join(keep + value_cols)} "
        f"FROM _raw) UNPIVOT INCLUDE NULLS (v FOR kol IN ({', '.join(value_cols)}))"
    )
    kolnamen = [(f"c{i}", header[i]) for i in layout.value_columns]
    _values_table(con, "_kolnaam", ["kol", "naam"], kolnamen)
    if layout.kind == "breed-perioden":
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _cells AS SELECT trim({indicator_col}) AS bron_maat, "
            f"{regio_col} AS regio_raw, k.naam AS periode_raw, v, c.kol, {extra} "
            "FROM _cells c JOIN _kolnaam k USING (kol)"
        )
    else:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _cells AS SELECT k.naam AS bron_maat, "
            f"{regio_col} AS regio_raw, {periode_col} AS periode_raw, v, c.kol, {extra} "
            "FROM _cells c JOIN _kolnaam k USING (kol)"
        )
    con.execute("DROP TABLE _raw")

    def line_of(column: str, bad: Callable[[str], bool]) -> int | None:
        return find_line(source, data_line, int(column[1:]), bad)

    # which measures are known: a file in which not one is, is most likely the wrong file
    names = [
        r[0] for r in con.execute("SELECT DISTINCT bron_maat FROM _cells WHERE bron_maat <> ''").fetchall()
    ]
    if not any(measures.knows(n) for n in names):
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        raise source.error(
            f"geen enkele bekende maat in dit bestand (gevonden: {shown or 'geen'})",
            line=header_line,
            hint="voeg de naam toe aan 'bronnen' van een indicator in het kompas of in frameworks/indicatoren.yaml",
        )
    blank = con.execute("SELECT kol FROM _cells WHERE coalesce(bron_maat, '') = '' LIMIT 1").fetchone()
    if blank:
        line = line_of(indicator_col or blank[0], lambda s: not s.strip())
        raise source.error("indicator ontbreekt op deze regel", line=line, column=_colno(indicator_col))

    numeric_means = _NUMERIC_REGION.get(nz.name_key(header[layout.roles["regio"]]))
    _map_regions(con, source, regio_col, numeric_means, line_of)
    if periode_col is not None or layout.kind == "breed-perioden":
        _map_periods(con, source, periode_col or "", line_of, by_column=layout.kind == "breed-perioden")

    decimal = decide_decimal(con, "_cells", "v", source.delimiter)
    bad = con.execute(
        f"SELECT kol, v FROM _cells WHERE NOT {missing_sql('v')} AND {number_sql('v', decimal)} IS NULL LIMIT 1"
    ).fetchone()
    if bad:
        kol, value = bad
        line = line_of(kol, _equals(value))
        raise source.error(
            f"tekst in een kolom met cijfers: '{value}' in kolom '{header[int(kol[1:])]}'",
            line=line,
            column=int(kol[1:]) + 1,
            hint="een cijfer, of leeg / . / x voor een ontbrekend of geheim cijfer",
        )
    units = _small_map(con, "eenheid_raw", nz.parse_unit) if eenheid_col else None
    statuses = _small_map(con, "status_raw", nz.parse_status) if status_col else None
    unit_sql = f"(SELECT m FROM ({units}) u(k, m) WHERE u.k = c.eenheid_raw)" if units else "NULL"
    status_sql = f"(SELECT m FROM ({statuses}) s(k, m) WHERE s.k = c.status_raw)" if statuses else "NULL"
    table_sql = "nullif(trim(c.tabel_raw), '')" if tabel_col else "NULL"
    period_join = (
        "JOIN _per p ON p.raw = c.periode_raw"
        if (periode_col is not None or layout.kind == "breed-perioden")
        else ""
    )
    con.execute(
        f"INSERT INTO _stage SELECT c.bron_maat, r.regio, p.periode, "
        f"CASE WHEN {missing_sql('c.v')} THEN NULL ELSE {number_sql('c.v', decimal)} END, "
        f"{unit_sql}, coalesce({status_sql}, p.status), {flag_sql('c.v')}, {table_sql} "
        f"FROM _cells c JOIN _reg r ON r.raw = c.regio_raw {period_join}"
    )
    con.execute("DROP TABLE _cells")
    tables = [
        r[0] for r in con.execute("SELECT DISTINCT tabel FROM _stage WHERE tabel IS NOT NULL").fetchall()
    ]
    staged.tabel = ", ".join(sorted(tables)) if tables else None
    if decimal == ",":
        staged.opmerkingen.append("decimaalkomma (punt als duizendtalteken)")
    return staged


_BSN_LIKE = re.compile(r"[0-9]{8,9}")


def _stage_long(
    con: Any, source: SourceFile, layout: TableLayout, header: list[str], staged: Staged, measures: MeasureMap
) -> Staged:
    """A long table (one figure per row), checked in one aggregate pass and never copied.

    Copying five million rows into `_raw`, `_cells` and `_stage` cost more than everything else
    together. Instead DuckDB reads the file twice: one aggregate pass gathers all the checks need
    (row count, the distinct measure, region, period and other labels, and a histogram of the shapes
    of the figures for the decimal mark and the BSN screen), and the store's `INSERT … SELECT` over
    `Staged.relatie` is the second. Labels are parsed in Python on their distinct values; a text among
    the figures aborts that insert through DuckDB's `error()` and becomes the usual Dutch error.
    """
    header_line = source.head_lines[layout.header_row]
    data_line = header_line + 1
    width = len(header)
    scan = _csv_scan(source, header_line, width)
    cols = [f"c{i}" for i in range(width)]
    ind, reg, per, val = (f"c{layout.roles[r]}" for r in ("indicator", "regio", "periode", "waarde"))
    labels = [c for c in cols if c != val]
    t = f"trim({val})"
    # one histogram key per figure: 100 = has a comma, 200 = dots as thousands marks, 300 = other dots;
    # plus the trimmed length (0 = empty, 8-9 without separators = a possible BSN)
    shape = (
        f"CASE WHEN {t} LIKE '%,%' THEN 100 WHEN {t} LIKE '%.%' AND {t} <> '.' THEN "
        f"(CASE WHEN regexp_full_match({t}, '-?[0-9]{{1,3}}(\\.[0-9]{{3}})+') THEN 200 ELSE 300 END) "
        f"ELSE 0 END + least(length({t}), 99)"
    )
    distinct = ", ".join(f"list(DISTINCT {'trim(' + c + ')' if c == ind else c})" for c in labels)
    filled_row = " OR ".join(f"trim(coalesce({c}, '')) <> ''" for c in cols)

    def gather(where: str) -> tuple[int, dict[int, int], dict[str, list[str | None]]]:
        try:
            row = con.execute(
                f"SELECT count(*), histogram({shape}), {distinct} FROM {scan} {where}"
            ).fetchone()
        except Exception as exc:  # duckdb.Error: a ragged or cut-off file
            raise _broken_csv(source, data_line, width, exc) from exc
        shapes = {k: n for k, n in (row[1] or {}).items() if k is not None}
        return row[0], shapes, dict(zip(labels, row[2:], strict=True))

    rows, shapes, values = gather("")
    empty = 0
    if any(not n for n in values[ind]):  # rows without a measure: empty rows, or a real error
        kept, shapes, values = gather(f"WHERE {filled_row}")
        empty, rows = rows - kept, kept

    # privacy: a cheap screen on the distinct labels and the histogram, the exact scan only when flagged
    flagged = {c for c in labels if any(v is not None and _BSN_LIKE.fullmatch(v.strip()) for v in values[c])}
    filled = sum(n for k, n in shapes.items() if k % 100)
    candidates = shapes.get(8, 0) + shapes.get(9, 0)
    if candidates >= BSN_MIN_VALUES and candidates >= BSN_SHARE * filled:
        flagged.add(val)
    if flagged:
        all_cols = {c: (header[i] or f"kolom {i + 1}") for i, c in enumerate(cols)}
        refuse_client_values(con, source, f"(SELECT * FROM {scan})", all_cols, data_line, only=flagged)

    staged.skip("lege regels", empty)
    staged.rijen = rows
    if rows == 0:
        raise source.error("het bestand heeft een kopregel maar geen cijfers", line=header_line)
    names = sorted(n for n in values[ind] if n)
    if not any(measures.knows(n) for n in names):
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        raise source.error(
            f"geen enkele bekende maat in dit bestand (gevonden: {shown or 'geen'})",
            line=header_line,
            hint="voeg de naam toe aan 'bronnen' van een indicator in het kompas of in frameworks/indicatoren.yaml",
        )

    def line_of(column: str, bad: Callable[[str], bool]) -> int | None:
        return find_line(source, data_line, int(column[1:]), bad)

    if any(not n for n in values[ind]):
        raise source.error(
            "indicator ontbreekt op deze regel",
            line=line_of(ind, lambda s: not s.strip()),
            column=_colno(ind),
        )
    numeric_means = _NUMERIC_REGION.get(nz.name_key(header[layout.roles["regio"]]))
    regions = _map_regions(con, source, reg, numeric_means, line_of, values[reg])
    periods = _map_periods(con, source, per, line_of, by_column=False, raws=values[per])

    commas = sum(n for k, n in shapes.items() if 100 <= k < 200)
    thousands = sum(n for k, n in shapes.items() if 200 <= k < 300)
    dots = thousands + sum(n for k, n in shapes.items() if 300 <= k < 400)
    decimal = "," if commas or (source.delimiter == ";" and dots and thousands == dots) else "."

    def col_for(role: str) -> str | None:
        return f"c{layout.roles[role]}" if role in layout.roles else None

    eenheid_col, status_col, tabel_col = col_for("eenheid"), col_for("status"), col_for("tabel")
    units = _small_map(con, "", nz.parse_unit, values[eenheid_col]) if eenheid_col else None
    statuses = _small_map(con, "", nz.parse_status, values[status_col]) if status_col else None
    unit_sql = f"(SELECT m FROM ({units}) u(k, m) WHERE u.k = c.{eenheid_col})" if units else "NULL"
    status_sql = f"(SELECT m FROM ({statuses}) s(k, m) WHERE s.k = c.{status_col})" if statuses else "NULL"
    tabel_sql = f"nullif(trim(c.{tabel_col}), '')" if tabel_col else "NULL"
    # Canonical labels (GM0758, 2023) need no join: only files that spell them otherwise pay for one.
    joins = []
    regio_sql = f"c.{reg}"
    if any(raw != code for raw, code in regions):
        joins.append(f"JOIN _reg r ON r.raw = c.{reg}")
        regio_sql = "r.regio"
    periode_sql, period_status = f"c.{per}", "NULL"
    if any(raw != code or status is not None for raw, code, status in periods):
        joins.append(f"JOIN _per p ON p.raw = c.{per}")
        periode_sql, period_status = "p.periode", "p.status"
    # Figures without spaces (nearly all) skip number_sql's space removal; coalesce only evaluates
    # its second argument for the rows the first left NULL.
    plain = "replace(replace(_t, '.', ''), ',', '.')" if decimal == "," else "_t"
    number = f"coalesce(TRY_CAST({plain} AS DOUBLE), {number_sql('_t', decimal)})"
    # Missing markers that read as numbers (-99998) must not pass as figures.
    markers = list(nz.MISSING_MARKERS)
    numeric = con.execute(
        f"SELECT list(m) FILTER (WHERE {number_sql('m', decimal)} IS NOT NULL) FROM (SELECT unnest(?) AS m)",
        [markers],
    ).fetchone()[0]
    numeric_markers = "(" + ", ".join(lit(m) for m in numeric or [""]) + ")"
    number_ok = f"c._n IS NOT NULL AND c._t NOT IN {numeric_markers}"
    # every missing marker has a flag, so "has a flag" is the missing test; an IN list here would
    # become a join over all rows, not only over the few the CASE lets through
    waarde_sql = (
        f"CASE WHEN {number_ok} THEN c._n WHEN {flag_sql('c._t')} IS NOT NULL THEN NULL "
        f"ELSE error({lit(BAD_VALUE_MARK)} || hex(c.{val})) END"
    )
    vlag_sql = f"CASE WHEN {number_ok} THEN NULL ELSE {flag_sql('c._t')} END"
    where = f"WHERE {filled_row}" if empty else ""
    staged.relatie = (
        f"SELECT trim(c.{ind}) AS bron_maat, {regio_sql} AS regio, {periode_sql} AS periode, "
        f"{waarde_sql} AS waarde, {unit_sql} AS eenheid, coalesce({status_sql}, {period_status}) AS status, "
        f"{vlag_sql} AS vlag, {tabel_sql} AS tabel "
        f"FROM (SELECT *, {number} AS _n FROM (SELECT *, {t} AS _t FROM {scan})) c "
        f"{' '.join(joins)} {where}"
    )
    staged.maten = names
    column = int(val[1:])

    def bad_value(value: str) -> InputError:
        return source.error(
            f"tekst in een kolom met cijfers: '{value}' in kolom '{header[column]}'",
            line=line_of(val, lambda s: s == value),
            column=column + 1,
            hint="een cijfer, of leeg / . / x voor een ontbrekend of geheim cijfer",
        )

    staged.ongeldig = bad_value
    tables = {v.strip() for v in values[tabel_col] if v and v.strip()} if tabel_col else set()
    staged.tabel = ", ".join(sorted(tables)) if tables else None
    if decimal == ",":
        staged.opmerkingen.append("decimaalkomma (punt als duizendtalteken)")
    return staged


def _colno(col: str | None) -> int | None:
    return int(col[1:]) + 1 if col else None


def _equals(value: str, *, strip: bool = False) -> Callable[[str], bool]:
    """A predicate for `find_line`: the cell equals `value` (after stripping when asked)."""
    return (lambda s: s.strip() == value) if strip else (lambda s: s == value)


def _small_map(
    con: Any, column: str, parse: Callable[[str], str | None], values: list[str | None] | None = None
) -> str | None:
    """A VALUES list mapping the few distinct texts of a column (of `_cells` unless given) to their
    parsed form."""
    if values is None:
        values = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT {column} FROM _cells WHERE {column} IS NOT NULL"
            ).fetchall()
        ]
    pairs = [(v, parse(v)) for v in values if v is not None]
    if not pairs:
        return None
    return "VALUES " + ", ".join(f"({lit(k)}, {lit(m)})" for k, m in pairs)


def _csv_scan(source: SourceFile, header_line: int, width: int) -> str:
    """The `read_csv` call for the data rows (after `header_line`) as text columns c0 … cN, as SQL."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (
        f"read_csv({lit(str(source.text_path))}, delim = {lit(source.delimiter)}, quote = '\"', "
        f"escape = '\"', header = false, skip = {header_line}, columns = {columns}, auto_detect = false, "
        f"strict_mode = true, null_padding = {'true' if source.kind == 'xlsx' else 'false'}, "
        "encoding = 'utf-8', ignore_errors = false)"
    )


def _read_csv(con: Any, source: SourceFile, header_line: int, width: int) -> None:
    """Read the data rows (after `header_line`) as text into `_raw` (c0 … cN), in parallel."""
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {_csv_scan(source, header_line, width)}"
        )
    except Exception as exc:  # duckdb.Error: a ragged or cut-off file
        raise _broken_csv(source, header_line + 1, width, exc) from exc


def _broken_csv(source: SourceFile, start_line: int, width: int, exc: Exception) -> InputError:
    found = find_ragged_line(source, start_line, width)
    if found is None:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return source.error(f"het bestand kan niet als CSV gelezen worden ({first})", line=start_line)
    line, count = found
    if count < 0:
        return source.error(
            "het bestand is afgebroken of beschadigd: een aanhalingsteken wordt niet gesloten",
            line=line,
            hint="download de export opnieuw",
        )
    return source.error(
        f"het bestand is afgebroken of beschadigd: deze regel heeft {count} van de {width} kolommen",
        line=line,
        hint="download de export opnieuw; een afgebroken bestand wordt niet half geïmporteerd",
    )


def _drop_text_columns(
    con: Any, source: SourceFile, layout: TableLayout, cols: list[str], staged: Staged
) -> list[str]:
    """In a table with measures as columns, a column without a single number is a label, not a measure."""
    parts = []
    for c in cols:
        v = q(c)
        parts.append(
            f"count(*) FILTER (WHERE NOT {missing_sql(v)}), "
            f"count(*) FILTER (WHERE NOT {missing_sql(v)} AND ({number_sql(v, '.')} IS NOT NULL "
            f"OR {number_sql(v, ',')} IS NOT NULL))"
        )
    counts = con.execute(f"SELECT {', '.join(parts)} FROM _raw").fetchone()
    keep = []
    for i, c in enumerate(cols):
        filled, numeric = counts[2 * i], counts[2 * i + 1]
        if filled and not numeric:
            staged.skip(f"tekstkolom '{layout.header[int(c[1:])]}'", 1)
        else:
            keep.append(c)
    return keep


def _map_regions(
    con: Any,
    source: SourceFile,
    column: str,
    numeric_means: str | None,
    line_of: Callable,
    raws: list[str | None] | None = None,
) -> list[tuple[str | None, str]]:
    """`_reg` (raw label → region code) for the distinct labels (of `_cells` unless given)."""
    if raws is None:
        raws = [r[0] for r in con.execute("SELECT DISTINCT regio_raw FROM _cells").fetchall()]
    rows = []
    for raw in raws:
        code = nz.parse_region(raw or "", numeric_means=numeric_means)
        if code is None:
            text = (raw or "").strip()
            line = line_of(column, lambda s, text=text: s.strip() == text)
            raise source.error(
                f"onbekende regiocode '{text}'" if text else "regiocode ontbreekt",
                line=line,
                column=_colno(column),
                hint="gebruik CBS-codes: GM0758 (gemeente), WK075801 (wijk), BU07580101 (buurt), NL01",
            )
        rows.append((raw, code))
    _values_table(con, "_reg", ["raw", "regio"], rows)
    return rows


def _map_periods(
    con: Any,
    source: SourceFile,
    column: str,
    line_of: Callable,
    *,
    by_column: bool,
    raws: list[str | None] | None = None,
) -> list[tuple[str | None, str, str | None]]:
    """`_per` (raw label → canonical period, status) for the distinct labels (of `_cells` unless given)."""
    if raws is None:
        raws = [r[0] for r in con.execute("SELECT DISTINCT periode_raw FROM _cells").fetchall()]
    rows = []
    for raw in raws:
        parsed = nz.parse_period(raw or "")
        if parsed is None:
            text = (raw or "").strip()
            line = None if by_column else line_of(column, lambda s, text=text: s.strip() == text)
            raise source.error(
                f"onbekende periode '{text}'" if text else "periode ontbreekt",
                line=line,
                column=None if by_column else _colno(column),
                hint="gebruik een jaar (2023), een CBS-code (2023JJ00, 2024HJ01) of '1e halfjaar 2024'",
            )
        rows.append((raw, parsed.periode, parsed.status))
    _values_table(con, "_per", ["raw", "periode", "status"], rows)
    return rows


# --- StatLine web download ---------------------------------------------------------------------------------


def stage_statline(con: Any, source: SourceFile) -> Staged:
    """The StatLine "CSV download": title, filters, two header rows, data, `Bron: CBS` footer.

    The leading columns are the row dimensions (Onderwerp, then others such as Leeftijd) and, last,
    the unit; above them the period row says `Perioden` and the region row names the region
    dimension (e.g. `Postcode`). A measure's name is its Onderwerp, followed by the categories of
    the other row dimensions unless they are the totals ("Totaal leeftijd").
    """
    staged = Staged(formaat="statline-csv")
    assert source.text_path is not None
    with source.text_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=source.delimiter)
        try:
            rows = [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            raise source.error(
                f"het bestand is afgebroken of beschadigd ({exc})", line=reader.line_num + 1
            ) from exc
    # fix line numbers: csv.reader reports the line a row *ends* on; enumerate once more for clarity
    title = next((r[0].strip() for _, r in rows if r and r[0].strip()), "")
    period_idx = next((i for i, (_, r) in enumerate(rows) if "Perioden" in [c.strip() for c in r]), None)
    if period_idx is None or period_idx + 1 >= len(rows):
        raise source.error("StatLine-download zonder regel 'Perioden'", line=1)
    period_row = [c.strip() for c in rows[period_idx][1]]
    lead = period_row.index("Perioden") + 1
    region_row = [c.strip() for c in rows[period_idx + 1][1]]
    region_dim = region_row[lead - 1] if lead - 1 < len(region_row) else ""
    numeric_means = (
        "PC"
        if nz.name_key(region_dim) in {"postcode", "pc4"}
        else ("GM" if nz.name_key(region_dim) in {"gemeentecode", "gemeenten"} else None)
    )
    width = len(period_row)
    regions: list[str | None] = [None] * width
    periods: list[nz.ParsedPeriod | None] = [None] * width
    for j in range(lead, width):
        label = region_row[j] if j < len(region_row) else ""
        regions[j] = nz.parse_region(label, numeric_means=numeric_means)
        if regions[j] is None:
            raise source.error(
                f"onbekende regio '{label}' in de kopregel",
                line=rows[period_idx + 1][0],
                column=j + 1,
                hint="kies bij het downloaden in StatLine 'Codes' of 'Codes en labels' voor de regio's",
            )
        periods[j] = nz.parse_period(period_row[j])
        if periods[j] is None:
            raise source.error(f"onbekende periode '{period_row[j]}'", line=rows[period_idx][0], column=j + 1)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    dims = region_row[: lead - 1]
    footer = 0
    for line, row in rows[period_idx + 2 :]:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len([c for c in cells if c]) == 1 and len(cells) < lead:
            footer += 1  # "Bron: CBS" and other footnotes
            continue
        if len(cells) != width:
            raise source.error(
                f"het bestand is afgebroken of beschadigd: deze regel heeft {len(cells)} van de {width} kolommen",
                line=line,
                hint="download de tabel opnieuw uit StatLine",
            )
        staged.rijen += 1
        parts = [cells[0]] + [c for c in cells[1 : lead - 1] if c and not c.lower().startswith("totaal")]
        name = " — ".join(parts)
        unit = nz.parse_unit(cells[lead - 1])
        for j in range(lead, width):
            value = cells[j]
            flag = nz.MISSING_MARKERS.get(value)
            number = None
            if flag is None:
                number = _statline_number(value)
                if number is None:
                    raise source.error(
                        f"tekst in een kolom met cijfers: '{value}'",
                        line=line,
                        column=j + 1,
                        hint="een cijfer, of leeg / . voor een ontbrekend cijfer",
                    )
            p = periods[j]
            assert p is not None
            writer.writerow(
                [
                    name,
                    regions[j],
                    p.periode,
                    "" if number is None else repr(number),
                    unit or "",
                    p.status or "",
                    flag or "",
                ]
            )
        _ = dims
    staged.skip("voetregels (bron, toelichting)", footer)
    staged.tabel = title or None
    _load_rows(con, source, out.getvalue())
    return staged


def _statline_number(text: str) -> float | None:
    t = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t) or "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _load_rows(con: Any, source: SourceFile, text: str) -> None:
    """Load rows prepared in Python (small files) into `_stage` through a temporary CSV."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as fh:
        fh.write(text)
        name = fh.name
    try:
        if text:
            con.execute(
                "INSERT INTO _stage SELECT bron_maat, regio, periode, TRY_CAST(waarde AS DOUBLE), "
                "nullif(eenheid, ''), nullif(status, ''), nullif(vlag, ''), ? FROM read_csv(?, delim = ';', "
                "header = false, quote = '\"', auto_detect = false, columns = {'bron_maat': 'VARCHAR', "
                "'regio': 'VARCHAR', 'periode': 'VARCHAR', 'waarde': 'VARCHAR', 'eenheid': 'VARCHAR', "
                "'status': 'VARCHAR', 'vlag': 'VARCHAR'})",
                [None, name],
            )
    finally:
        Path(name).unlink(missing_ok=True)


# --- CBS OData typed data sets ------------------------------------------------------------------------------

#: Text and code columns of the KWB tables (by key without suffix): not figures.
_CBS_TEXT_STEMS = {
    "Gemeentenaam",
    "SoortRegio",
    "Codering",
    "IndelingswijzigingGemeenteWijkBuurt",
    "IndelingswijzigingWijkenEnBuurten",
    "MeestVoorkomendePostcode",
    "Dekkingspercentage",
    "MateVanStedelijkheid",
    "Omgevingsadressendichtheid",
}

#: Double-typed KWB measures and their decimals (CBS DataProperties of the KWB tables). Used when a
#: KWB CSV comes without its DataProperties and lost its decimal separators ("23" = 2,3).
KWB_DECIMALS = {
    "GemiddeldeHuishoudensgrootte": 1,
    "PercentageWoningenMetStadsverwarming": 1,
    "GemiddeldInkomenPerInkomensontvanger": 1,
    "GemiddeldInkomenPerInwoner": 1,
    "k_40PersonenMetLaagsteInkomen": 1,
    "k_20PersonenMetHoogsteInkomen": 1,
    "GemGestandaardiseerdInkomenVanHuish": 1,
    "k_40HuishoudensMetLaagsteInkomen": 1,
    "k_20HuishoudensMetHoogsteInkomen": 1,
    "HuishoudensMetEenLaagInkomen": 1,
    "HuishOnderOfRondSociaalMinimum": 1,
    "HuishoudensTot110VanSociaalMinimum": 1,
    "HuishoudensTot120VanSociaalMinimum": 1,
    "PercentageJongerenMetJeugdzorg": 1,
    "PersonenautoSPerHuishouden": 1,
    "AfstandTotHuisartsenpraktijk": 1,
    "AfstandTotGroteSupermarkt": 1,
    "AfstandTotKinderdagverblijf": 1,
    "AfstandTotSchool": 1,
    "ScholenBinnen3Km": 1,
    "GemiddeldeElektriciteitsleveringTotaal": 0,
    "PercentageMeergezinswoning": 0,
}

#: Table ids of the yearly KWB tables (anchors.md §1.1).
KWB_TABLES = {
    "2015": "83220NED",
    "2016": "83487NED",
    "2017": "83765NED",
    "2018": "84286NED",
    "2019": "84583NED",
    "2020": "84799NED",
}


def _sidecar(path: Path, what: str) -> Path | None:
    """`cbs.v3.84799NED_DataProperties.parquet` beside `cbs.v3.84799NED_TypedDataSet.parquet`."""
    stem = re.sub(r"_?(TypedDataSet|UntypedDataSet|DataSet)$", "", path.stem, flags=re.I)
    for suffix in (".parquet", ".json", ".csv"):
        for name in (f"{stem}_{what}{suffix}", f"{stem}{what}{suffix}", f"{what}{suffix}"):
            candidate = path.with_name(name)
            if candidate.exists() and candidate != path:
                return candidate
    return None


def _read_records(con: Any, path: Path) -> list[dict[str, Any]]:
    """DataProperties / Metadata in any of the shapes statline-bq and the OData API give them."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(data, dict) and "value" in data:
            data = data["value"]
        return data if isinstance(data, list) else [data]
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv_auto"
    rel = con.execute(f"SELECT * FROM {reader}(?)", [str(path)])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


@dataclass
class _Measure:
    column: str
    stem: str
    decimals: int | None = None
    unit: str | None = None
    status: str | None = None
    datatype: str | None = None


def _status_from_description(text: str | None) -> str:
    low = (text or "").lower()
    if "nader voorlopig" in low:
        return nz.NADER_VOORLOPIG
    if re.search(r"\bvoorlopige?\b", low):
        return nz.VOORLOPIG
    return nz.DEFINITIEF


def stage_cbs(con: Any, source: SourceFile, fmt: str) -> Staged:
    """A CBS TypedDataSet (one table) or stacked KWB tables (with `Peildatum`)."""
    staged = Staged(formaat=fmt)
    path = source.path
    try:
        if source.kind == "parquet":
            con.execute("CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_parquet(?)", [str(path)])
        elif source.kind == "json":
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_json(?, maximum_object_size = 1000000000)",
                [str(path)],
            )
            cols = [r[0] for r in con.execute("DESCRIBE _raw").fetchall()]
            if "value" in cols:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _raw AS SELECT unnest(value, recursive := true) FROM _raw"
                )
        elif source.kind == "csv":
            header = [_clean_header(c) for c in source.head[0]]
            types = "{" + ", ".join(f"{lit(h)}: 'VARCHAR'" for h in header) + "}"
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_csv(?, delim = ?, quote = '\"', "
                f"header = false, skip = {source.head_lines[0]}, columns = {types}, auto_detect = false, "
                "strict_mode = true, encoding = 'utf-8')",
                [str(source.text_path), source.delimiter],
            )
        else:
            raise source.error("een CBS-tabel is parquet, CSV of JSON", hint="kies een andere --format")
    except InputError:
        raise
    except Exception as exc:
        if source.kind == "csv":
            raise _broken_csv(source, source.head_lines[0] + 1, len(source.head[0]), exc) from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise source.error(
            f"het bestand kan niet gelezen worden als {source.kind}: afgebroken of beschadigd ({first})",
            hint="download de tabel opnieuw",
        ) from exc

    described = con.execute("DESCRIBE _raw").fetchall()
    columns = [r[0] for r in described]
    {r[0]: r[1] for r in described}
    refuse_client_headers(source, columns, 1)
    props_path = _sidecar(path, "DataProperties")
    props = {str(p.get("Key")): p for p in _read_records(con, props_path)} if props_path else {}
    meta_path = _sidecar(path, "Metadata") or _sidecar(path, "TableInfos")
    meta = _read_records(con, meta_path)[0] if meta_path else {}
    staged.rijen = con.execute("SELECT count(*) FROM _raw").fetchone()[0]
    if staged.rijen == 0:
        raise source.error("de tabel bevat geen rijen")

    region = next((c for c in columns if c in _CBS_REGION_COLUMNS), None)
    region = region or next(
        (k for k, p in props.items() if str(p.get("Type")) in {"GeoDimension", "GeoDetail"} and k in columns),
        None,
    )
    if region is None:
        raise source.error(
            "CBS-tabel zonder regiokolom (RegioS, WijkenEnBuurten, Gemeenten, …)",
            hint="deze tabel heeft geen uitsplitsing naar regio; councilkit bewaart alleen cijfers per regio",
        )
    period_col = "Perioden" if "Perioden" in columns else ("Peildatum" if "Peildatum" in columns else None)
    table_id = str(meta.get("Identifier") or "") or _table_id_from_name(path.name)
    fixed_period = None
    if period_col is None:
        year = nz.parse_period(str(meta.get("Period") or "")) or _period_from_title(
            str(meta.get("Title") or "")
        )
        if year is None and table_id in KWB_TABLES.values():
            year = nz.ParsedPeriod(next(y for y, t in KWB_TABLES.items() if t == table_id))
        if year is None:
            raise source.error(
                "CBS-tabel zonder kolom Perioden en zonder Metadata met de periode",
                hint="zet het bestand _Metadata.json van de tabel ernaast",
            )
        fixed_period = year.periode
    dims = [
        c
        for c in columns
        if c not in {region, period_col, "ID"}
        and (
            str(props.get(c, {}).get("Type")) in {"Dimension", "TimeDimension"}
            or (not props and not _CBS_KEY.match(c))
        )
    ]

    measures: list[_Measure] = []
    text_columns: list[str] = []
    for c in columns:
        if not _CBS_KEY.match(c) or c in dims:
            continue
        stem = nz.strip_cbs_suffix(c)
        prop = props.get(c)
        if stem in _CBS_TEXT_STEMS or (
            prop and (prop.get("Datatype") == "String" or prop.get("Unit") == "code")
        ):
            text_columns.append(c)
            continue
        if prop:
            measures.append(
                _Measure(
                    c,
                    stem,
                    int(prop.get("Decimals") or 0),
                    nz.parse_unit(prop.get("Unit")),
                    _status_from_description(prop.get("Description")),
                    str(prop.get("Datatype") or ""),
                )
            )
        else:
            measures.append(_Measure(c, stem, KWB_DECIMALS.get(stem), None, None, None))
    if text_columns:
        shown = ", ".join(text_columns[:4]) + (" …" if len(text_columns) > 4 else "")
        staged.skip(f"tekst- en codekolommen ({shown})", len(text_columns))
    if not measures:
        raise source.error("CBS-tabel zonder kolommen met cijfers (sleutels als WmoClienten_89)")
    # other dimensions (TypeMaatwerkvoorziening, Geslacht …): keep only the totals
    where = []
    for d in dims:
        totals = con.execute(
            f"SELECT count(*) FILTER (WHERE trim({q(d)}) LIKE 'T00%'), count(*) FROM _raw"
        ).fetchone()
        if totals[0]:
            where.append(f"trim({q(d)}) LIKE 'T00%'")
            staged.skip(f"uitsplitsing naar {d} (alleen het totaal wordt bewaard)", totals[1] - totals[0])
        else:
            staged.opmerkingen.append(f"kolom {d} zonder totaalcategorie genegeerd")
    row_filter = ("WHERE " + " AND ".join(where)) if where else ""
    period_expr = f"trim(CAST({q(period_col)} AS VARCHAR))" if period_col else lit(fixed_period)

    # One long table of cells; every check below is one expression over it, never one per column.
    # Typed sources (parquet, JSON) keep their numbers; CSV cells stay text until checked.
    typed = source.kind != "csv"
    cell = "TRY_CAST({} AS DOUBLE)" if typed else "trim(CAST({} AS VARCHAR))"
    value_cols = ", ".join(f"{cell.format(q(m.column))} AS {q(m.column)}" for m in measures)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _cells AS SELECT * FROM (SELECT trim(CAST({q(region)} AS VARCHAR)) "
        f"AS regio_raw, {period_expr} AS periode_raw, {value_cols} FROM _raw {row_filter}) "
        f"UNPIVOT INCLUDE NULLS (t FOR kol IN ({', '.join(q(m.column) for m in measures)}))"
    )
    con.execute("DROP TABLE _raw")
    if typed:
        stats = con.execute(
            "SELECT periode_raw, kol, count(t), 0, 0, NULL FROM _cells GROUP BY ALL"
        ).fetchall()
        bsn_rows = con.execute(
            "SELECT kol, count(*) FROM _cells WHERE t >= 10000000 AND t < 1000000000 AND t = trunc(t) AND "
            f"{nz.elfproef_sql('CAST(CAST(t AS BIGINT) AS VARCHAR)')} GROUP BY kol"
        ).fetchall()
    else:
        filled = f"t NOT IN {_MISSING_SQL}"
        stats = con.execute(
            f"""SELECT periode_raw, kol, count(*) FILTER (WHERE {filled}),
                count(*) FILTER (WHERE {filled} AND TRY_CAST(t AS DOUBLE) IS NULL),
                count(*) FILTER (WHERE (t LIKE '%.%' AND t <> '.') OR t LIKE '%,%'),
                any_value(t) FILTER (WHERE {filled} AND TRY_CAST(t AS DOUBLE) IS NULL)
            FROM _cells WHERE t IS NOT NULL GROUP BY ALL"""
        ).fetchall()
        bsn_rows = con.execute(
            f"SELECT kol, count(*) FROM _cells WHERE length(t) BETWEEN 8 AND 9 AND {nz.elfproef_sql('t')} GROUP BY kol"
        ).fetchall()
    bsn_counts = dict(bsn_rows)
    per_column: dict[str, list[int]] = {}
    allowed: list[tuple[str, str]] = []
    for period, kol, filled_n, bad, separators, example in stats:
        agg = per_column.setdefault(kol, [0, 0])
        agg[0] += filled_n
        agg[1] += separators
        if bad:
            header = [_clean_header(c) for c in source.head[0]] if source.head else []
            col = header.index(kol) if kol in header else None
            line = (
                find_line(source, source.head_lines[0] + 1, col, _equals(example, strip=True))
                if col is not None
                else None
            )
            raise source.error(
                f"tekst in een kolom met cijfers: '{example}' in kolom '{kol}'",
                line=line,
                column=None if col is None else col + 1,
                hint="een cijfer, of leeg / . voor een ontbrekend cijfer",
            )
        if filled_n:
            allowed.append((period, kol))
    for kol, bsn in bsn_counts.items():
        filled_n = per_column.get(kol, [0, 0])[0]
        if bsn >= BSN_MIN_VALUES and bsn >= BSN_SHARE * filled_n:
            raise source.error(
                f"kolom '{kol}' bevat negencijferige nummers die de elfproef halen (BSN's?): "
                "councilkit verwerkt alleen geaggregeerde cijfers, geen gegevens over personen",
                hint="verwijder het bestand en importeer een export met totalen per regio en periode",
            )
    empty_cols = [m.column for m in measures if not per_column.get(m.column, [0])[0]]
    if empty_cols:
        staged.skip("lege kolommen (nog niet gepubliceerd of niet van dit jaar)", len(empty_cols))
    doubles = [m.column for m in measures if (m.decimals or 0) > 0]
    lost = not typed and bool(doubles) and not any(per_column.get(c, [0, 0])[1] for c in doubles)
    if lost:
        staged.opmerkingen.append(
            "decimaalteken verloren gegaan; hersteld met het aantal decimalen per maat. Controleer "
            "kommagetallen: '13' kan 1,3 of 13 zijn en '1' kan 0,1 of 1 zijn (aantallen zijn niet geraakt); "
            "importeer bij twijfel de getypeerde CBS-tabel (OData), die dan als nieuwste versie geldt"
        )
    meta_rows = []
    for m in measures:
        divisor = 10 ** (m.decimals or 0) if lost else 1
        meta_rows.append((m.column, m.stem, str(divisor), m.unit, m.status))
    _values_table(con, "_maten", ["kol", "stem", "deler", "eenheid", "status"], meta_rows)
    _values_table(con, "_toegestaan", ["p", "kol"], allowed)
    if typed:
        v_expr = "c.t"
    elif not lost:
        v_expr = "TRY_CAST(c.t AS DOUBLE)"
    else:
        # Lost separators: CBS wrote 2.5 as "2.5" but 2.0 as "2"; with the dot gone, "25" is 2,5 and
        # "2" is 2,0. A value ending in 0 was whole; one shorter than the column's usual length too.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _lengte AS SELECT kol, mode(length(t)) AS usual FROM _cells "
            f"WHERE t NOT IN {_MISSING_SQL} GROUP BY kol"
        )
        v_expr = (
            "CASE WHEN m.deler = '1' OR right(c.t, 1) = '0' OR length(c.t) < "
            "(SELECT usual FROM _lengte l WHERE l.kol = c.kol) THEN TRY_CAST(c.t AS DOUBLE) "
            "ELSE TRY_CAST(c.t AS DOUBLE) / CAST(m.deler AS DOUBLE) END"
        )
    stacked = len({m.stem for m in measures}) < len(measures)
    raws = [r[0] for r in con.execute("SELECT DISTINCT regio_raw FROM _cells").fetchall()]
    regions = [(raw, nz.parse_region(raw or "")) for raw in raws]
    unknown = [raw for raw, code in regions if code is None]
    if unknown:
        staged.skip(f"regio's met een onbekende code (bijv. '{unknown[0]}')", len(unknown))
    _values_table(con, "_reg", ["raw", "regio"], [(r, c) for r, c in regions if c])
    praws = [r[0] for r in con.execute("SELECT DISTINCT periode_raw FROM _cells").fetchall()]
    pers = []
    for raw in praws:
        parsed = nz.parse_period(raw or "")
        if parsed is None:
            raise source.error(f"onbekende periode '{raw}' in kolom {period_col}")
        pers.append((raw, parsed.periode, parsed.status))
    _values_table(con, "_per", ["raw", "periode", "status"], pers)
    kwb = {p: KWB_TABLES.get(p, f"Kerncijfers wijken en buurten {p}") for _, p, _ in pers}
    table_case = (
        lit(table_id)
        if table_id
        else "CASE p.periode " + " ".join(f"WHEN {lit(p)} THEN {lit(t)}" for p, t in kwb.items()) + " END"
    )
    joins = (
        "FROM _cells c JOIN _toegestaan a ON a.p = c.periode_raw AND a.kol = c.kol JOIN _maten m ON m.kol = c.kol "
        "JOIN _reg r ON r.raw = c.regio_raw JOIN _per p ON p.raw = c.periode_raw"
    )
    if stacked:  # several yearly columns per measure: at most one of them has the cell's figure
        con.execute(
            f"""INSERT INTO _stage
            SELECT m.stem, r.regio, p.periode, any_value({v_expr}) FILTER (WHERE c.t IS NOT NULL),
                   any_value(m.eenheid), coalesce(any_value(p.status), any_value(m.status)),
                   CASE WHEN count(c.t) = 0 THEN 'ontbrekend' END, any_value({table_case})
            {joins} GROUP BY m.stem, r.regio, p.periode"""
        )
    else:
        con.execute(
            f"""INSERT INTO _stage
            SELECT m.stem, r.regio, p.periode, {v_expr}, m.eenheid, coalesce(p.status, m.status),
                   CASE WHEN c.t IS NULL THEN 'ontbrekend' END, {table_case}
            {joins}"""
        )
    con.execute("DROP TABLE _cells")
    staged.tabel = table_id or ", ".join(sorted(set(kwb.values())))
    if not props and source.kind != "csv":
        staged.opmerkingen.append("geen DataProperties naast het bestand: eenheden en status onbekend")
    return staged


def _table_id_from_name(name: str) -> str:
    match = re.search(r"\d{5}(NED|ENG)", name)
    return match.group(0) if match else ""


def _period_from_title(title: str) -> nz.ParsedPeriod | None:
    match = re.search(r"((?:19|20)\d{2})\s*$", title)
    return nz.ParsedPeriod(match.group(1)) if match else None
