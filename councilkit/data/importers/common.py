"""Shared parts of the importers: the staging table, SQL quoting and value parsing, the privacy
screen, CSV reading and the mapping of region and period labels.

Every dialect module fills the same temporary table `_stage` (see `STAGE_DDL`) or hands the store a
query with those columns (`Staged.relatie`); what they have in common lives here so that each
dialect module only knows its own file shape.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from councilkit.data import normalize as nz
from councilkit.data.sources import SourceFile, find_line, find_ragged_line
from councilkit.errors import InputError

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

FORMATS: dict[str, str] = {
    "cbs-odata": "CBS OData-tabel (parquet, CSV of JSON)",
    "cbs-kwb": "CBS Kerncijfers wijken en buurten, meerdere jaren (CSV)",
    "statline-csv": "StatLine-download (CSV)",
    "monitor": "monitor- of waarstaatjegemeente-export (CSV of XLSX, breed of lang)",
    "tidy": "nette tabel met indicator, regio, periode, waarde (CSV of XLSX)",
}

STAGE_DDL = (
    "CREATE OR REPLACE TEMP TABLE _stage (bron_maat VARCHAR, regio VARCHAR, periode VARCHAR, "
    "waarde DOUBLE, eenheid VARCHAR, status VARCHAR, vlag VARCHAR, tabel VARCHAR, "
    "onzeker VARCHAR DEFAULT NULL, soort VARCHAR DEFAULT NULL, reeks VARCHAR DEFAULT '')"
)

#: The columns every importer fills; `onzeker`, `soort` and `reeks` only where it knows them.
STAGE_INSERT = "INSERT INTO _stage (bron_maat, regio, periode, waarde, eenheid, status, vlag, tabel)"
STAGE_INSERT_ALL = "INSERT INTO _stage (bron_maat, regio, periode, waarde, eenheid, status, vlag, tabel, onzeker, soort, reeks)"

#: Marker of the DuckDB `error()` raised for a text among the figures; the hex-encoded text follows.
BAD_VALUE_MARK = "councilkit-geen-getal:"

#: The import report's remark on a file read with a decimal comma.
DECIMAL_COMMA_NOTE = "decimaalkomma (punt als duizendtalteken)"

#: Marker of the DuckDB `error()` a typed reading (`Reading.TYPED`) raises for a figure whose text it
#: must see (a missing marker's number, NaN, eight or nine digits); like every other error of that
#: reading, it makes the store read the file again as `Staged.terugval`.
AS_TEXT_MARK = "councilkit-als-tekst-lezen"

#: Marker of the DuckDB `error()` a one-pass reading raises when the file is not what its first rows
#: promised (see `Reading.ONE_PASS`): the store rolls back and reads the file again as `Reading.FAST`.
AGAIN_MARK = "councilkit-opnieuw-lezen"


class Reading(IntEnum):
    """How much of a long file is gathered before the store writes it; each next one reads more.

    `TYPED`: `ONE_PASS`, with the figures read as numbers by DuckDB's own CSV reader (decimal mark and
    the two missing markers "." and empty), which costs a fraction of reading them as text and
    converting them in SQL. Any figure it cannot read so — a thousands mark, the other decimal mark,
    a flag such as "x", a text — fails the insert, and the file is read again as `ONE_PASS`.
    `ONE_PASS`: the file is read once, by the store's own insert. What the checks need is taken from
    its first rows (256 kB) and the measure names the catalogue and kompas know; every row is checked
    against that promise inside the insert, and one that breaks it raises `AGAIN_MARK`.
    `FAST`: one aggregate pass gathers the measures and the shapes of the figures first; regions and
    periods that look canonical are checked after the insert. `CAREFUL`: every label is gathered and
    mapped before anything is written. Each step down costs a pass and is taken only when the one
    above met something it does not handle (`Opnieuw`)."""

    TYPED = 0
    ONE_PASS = 1
    FAST = 2
    CAREFUL = 3


@dataclass
class Staged:
    """What an importer read: layout, table id, row count, skipped parts (with why), remarks."""

    formaat: str
    tabel: str | None = None
    rijen: int = 0
    overgeslagen: list[tuple[str, int]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    #: Long tables (and single CBS tables) are not copied into `_stage`: `relatie` is a SELECT with the
    #: stage columns straight from the file (or from the importer's own cells), `maten` its distinct
    #: measure names, and `ongeldig` turns the text that DuckDB's
    #: `error()` reported (see `BAD_VALUE_MARK`) into the Dutch error with line and column.
    relatie: str | None = None
    maten: list[str] = field(default_factory=list)
    ongeldig: Callable[[str], InputError] | None = None
    #: `relatie` has no unit, table, kind or filter of its own on any row (all NULL, filter ''): the
    #: store then keeps one provenance row per measure without reading the rows for them first.
    vast: bool = False
    #: Otherwise a SELECT of (a superset of) the distinct bron_maat, eenheid, tabel, soort, reeks of
    #: `relatie` from the importer's small tables; None: the store reads them from `relatie`.
    herkomst: str | None = None
    #: A check of the labels the store wrote for this import (called with a SELECT of their regio and
    #: periode, before the transaction ends); raises `Opnieuw` when the file must be read again.
    nacontrole: Callable[[DuckDBPyConnection, str], None] | None = None
    #: A one-pass reading (`Reading.ONE_PASS`): `maten` are then the names the file may hold — those in
    #: its first rows and, in `vermoed`, the other spellings the catalogue and kompas know. The store
    #: joins `relatie` to those names and raises `AGAIN_MARK` on a row with any other (one join: the
    #: one it needs anyway for the provenance); `rijen` is then known only after the insert.
    vermoed: list[str] | None = None
    #: A one-pass reading that took the decimal comma on trust (its first rows showed no separator):
    #: the store puts `DECIMAL_COMMA_NOTE` at this place in `opmerkingen` when a figure with a
    #: fraction shows that a comma was there after all.
    komma_vermoed: int | None = None
    #: Any error of the store's statements over `relatie` but `AGAIN_MARK` (a measure name not promised:
    #: `Reading.FAST`) means: read the file again as this (a typed reading, `Reading.TYPED`, met a
    #: figure it could not read as a number, or `AS_TEXT_MARK`).
    terugval: Reading | None = None
    #: The source's own publication date (CBS metadata `Modified`, a StatLine download's date) and
    #: how it is known; None: only the import time is known.
    gepubliceerd: dt.datetime | None = None
    gepubliceerd_bron: str | None = None
    #: A typed source (parquet, JSON, or a table with DataProperties): its numbers are as CBS published.
    getypeerd: bool = False
    #: The importer filled `_indeling` (regio, periode, code, tabel): CBS's boundary-change markers.
    indelingen: bool = False
    #: The importer filled `_regionamen` (regio, periode, naam, gemeente, tabel): region names.
    regionamen: bool = False
    #: Temporary tables `relatie` reads, dropped by the store once the import is done.
    tijdelijk: list[str] = field(default_factory=list)

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.overgeslagen.append((reason, count))


class Opnieuw(Exception):
    """A reading of a file met something only a later `Reading` handles: roll back, read again as that."""

    def __init__(self, reading: Reading = Reading.CAREFUL) -> None:
        super().__init__(reading.name)
        self.reading = reading


def nl_int(number: int) -> str:
    """A whole number the Dutch way (5.169) for the import report."""
    return f"{number:,}".replace(",", ".")


def q(name: str) -> str:
    """Quote an identifier for DuckDB."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str | None) -> str:
    """Quote a string literal for DuckDB."""
    if text is None:
        return "NULL"
    return "'" + str(text).replace("'", "''") + "'"


def aggregate(cursor: DuckDBPyConnection) -> tuple[Any, ...]:
    """The one row of an aggregate query (`count`, `max` without GROUP BY), which always exists.

    DuckDB's stubs type `fetchone()` as optional; saying "this row exists" once here keeps the
    connection typed everywhere instead of `Any`. No row is a bug in the query, not the user's input.
    """
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError("an aggregate query returned no row")
    return row


def values_table(con: DuckDBPyConnection, name: str, columns: list[str], rows: list[tuple]) -> None:
    """A temp table of text columns from Python tuples (mapping tables for distinct labels).

    Passed as lists and unnested in one statement: row-by-row inserts are far too slow for the
    17,000 region codes of a national table.
    """
    lists = [[None if row[i] is None else str(row[i]) for row in rows] for i in range(len(columns))]
    select = ", ".join(f"unnest(CAST(? AS VARCHAR[])) AS {c}" for c in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", lists)


CBS_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*_\d+$")
CBS_REGION_COLUMNS = ["WijkenEnBuurten", "RegioS", "Gemeenten", "Wijken", "Regio", "Regios", "Buurten"]


def clean_header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip()


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
    con: DuckDBPyConnection,
    source: SourceFile,
    table: str,
    columns: dict[str, str],
    start_line: int,
    only: set[str] | None = None,
    *,
    figures: set[str] | None = None,
    exempt: dict[str, str] | None = None,
) -> None:
    """Refuse the file when any value could be a BSN: no identifier may enter the store.

    In a label column (`klant`, `id`, …) one 8- or 9-digit number passing the elfproef is enough. In a
    column of figures (`figures`) a 9-digit whole number passing it is refused too — no count of
    persons in the Netherlands has nine digits — unless the figure is an amount (`exempt[col]`: SQL
    that is true for rows whose unit or measure is in euros). `columns` maps the SQL column to its
    header text (all of them, so the error names the right column); `only` limits the scans to the
    columns a cheap screen flagged. Runs before anything is written; the error names column and line.
    """
    if not columns:
        return
    figures = figures or set()
    exempt = exempt or {}
    for index, col in enumerate(list(columns)):
        if only is not None and col not in only:
            continue
        # WHERE filters run as a pipeline: the elfproef is only computed for 8-9 digit candidates.
        text = f"trim(CAST({q(col)} AS VARCHAR))"
        if col in figures:
            text = f"regexp_replace({text}, '\\.0$', '')"
            digits = f"length({text}) = 9"
        else:
            digits = f"length({text}) BETWEEN 8 AND 9"
        unless = f"AND NOT coalesce({exempt[col]}, false)" if col in exempt else ""
        found = con.execute(
            f"SELECT t FROM (SELECT {text} AS t FROM {table} WHERE {digits} {unless}) "
            f"WHERE regexp_full_match(t, '[0-9]+') AND {nz.elfproef_sql('t')} LIMIT 1"
        ).fetchone()
        if found is None:
            continue
        value = found[0]
        line = find_line(source, start_line, index, lambda s: s.strip().removesuffix(".0") == value)  # noqa: B023
        raise source.error(
            f"kolom '{columns[col]}' bevat een nummer dat de elfproef haalt (een BSN?): councilkit "
            "verwerkt alleen geaggregeerde cijfers, geen gegevens over personen",
            line=line or start_line,
            column=index + 1,
            hint="verwijder het bestand en importeer een export met totalen per regio en periode",
        )


def amount_sql(name: str, unit: str | None = None) -> str:
    """SQL: true where a row's measure (`name`) or unit is an amount of money (never a BSN)."""
    words = "|".join(nz.AMOUNT_WORDS)
    parts = [f"regexp_matches(lower(coalesce({name}, '')), '{words}')"]
    if unit:
        parts.append(f"regexp_matches(lower(coalesce({unit}, '')), 'euro|€')")
    return "(" + " OR ".join(parts) + ")"


# --- values -------------------------------------------------------------------------------------------------

MISSING_SQL = "(" + ", ".join(lit(m) for m in nz.MISSING_MARKERS) + ")"


def missing_sql(v: str) -> str:
    return f"(coalesce(trim({v}), '') IN {MISSING_SQL})"


def flag_sql(v: str) -> str:
    cases = " ".join(f"WHEN {lit(m)} THEN {lit(f)}" for m, f in nz.MISSING_MARKERS.items())
    return f"(CASE coalesce(trim({v}), '') {cases} ELSE NULL END)"


#: A figure whose points are all thousands marks (1.234, -12.345.678): the rule of the decimal mark.
THOUSANDS_RE = r"-?[0-9]{1,3}(\.[0-9]{3})+"

#: A figure whose commas may all be thousands marks the English way (2,000), and one with a decimal
#: point after such commas (1,234.5).
COMMA_THOUSANDS_RE = r"-?[0-9]{1,3}(,[0-9]{3})+"
COMMA_POINT_RE = COMMA_THOUSANDS_RE + r"\.[0-9]+"

#: A figure with one point and no other separator (1.5, .5): a decimal point unless `THOUSANDS_RE`.
LONE_POINT_RE = r"-?[0-9]*\.[0-9]+"

#: The import report's remark on a file read with a decimal point and commas as thousands marks.
DECIMAL_POINT_NOTE = "decimaalpunt (komma als duizendtalteken)"


class Shape(IntEnum):
    """What a figure's separators say about the decimal mark (see `choose_decimal`); the value is
    the hundreds of the shape histogram of a long file."""

    PLAIN = 0  # no separator
    COMMA = 1  # a comma that is no English thousands mark: 1,5 and 1.234,5 — a decimal comma
    POINT_THOUSANDS = 2  # points that may all be thousands marks: 1.234
    POINT = 3  # another point: 12.5 — a decimal point
    COMMA_THOUSANDS = 4  # commas that may all be thousands marks: 2,000 (or a decimal comma: 2,000 = 2)
    COMMA_POINT = 5  # English thousands marks before a decimal point: 1,234.5 — a decimal point


_SHAPE_RES = {
    Shape.COMMA_POINT: COMMA_POINT_RE,
    Shape.COMMA_THOUSANDS: COMMA_THOUSANDS_RE,
    Shape.POINT_THOUSANDS: THOUSANDS_RE,
}


def figure_shape(text: str) -> Shape:
    """The `Shape` of a figure's text (trimmed), as `figure_shape_sql` computes it in DuckDB."""
    if "," in text:
        for shape in (Shape.COMMA_POINT, Shape.COMMA_THOUSANDS):
            if re.fullmatch(_SHAPE_RES[shape], text):
                return shape
        return Shape.COMMA
    if "." in text and text != ".":
        return Shape.POINT_THOUSANDS if re.fullmatch(THOUSANDS_RE, text) else Shape.POINT
    return Shape.PLAIN


def shape_counts(texts: Iterable[str]) -> dict[Shape, int]:
    """How many of `texts` (figures, trimmed) have each `Shape`: `count_shapes` for figures read in
    Python (a long file's first rows, a StatLine download)."""
    return dict(Counter(figure_shape(t) for t in texts))


def figure_shape_sql(v: str, t: str) -> str:
    """SQL: the `Shape` of a figure (`v` its text, `t` the same trimmed; `contains` on the untrimmed
    text first, so that only the few figures with a separator are trimmed and matched)."""
    comma = (
        f"CASE WHEN regexp_full_match({t}, '{_SHAPE_RES[Shape.COMMA_POINT]}') THEN {Shape.COMMA_POINT.value} "
        f"WHEN regexp_full_match({t}, '{_SHAPE_RES[Shape.COMMA_THOUSANDS]}') THEN {Shape.COMMA_THOUSANDS.value} "
        f"ELSE {Shape.COMMA.value} END"
    )
    point = (
        f"CASE WHEN regexp_full_match({t}, '{THOUSANDS_RE}') THEN {Shape.POINT_THOUSANDS.value} "
        f"ELSE {Shape.POINT.value} END"
    )
    return (
        f"(CASE WHEN contains({v}, ',') THEN ({comma}) WHEN contains({v}, '.') AND {t} <> '.' THEN ({point}) "
        f"ELSE {Shape.PLAIN.value} END)"
    )


def choose_decimal(shapes: dict[Shape, int], delimiter: str) -> str:
    """The decimal mark of a file, from how many figures have each `Shape`: the one rule.

    A comma that cannot be an English thousands mark (1,5; 1.234,5) means a decimal comma. Otherwise
    a decimal point after English thousands marks (1,234.5) means a decimal point: reading such a
    file with a decimal comma would make 1,234.5 a thousand times too small. Commas that may be
    thousands marks (2,000; or 0,125 with three decimals) beside points that cannot be (12.5) decide
    nothing by themselves: the more common of the two wins, ties and commas alone a decimal comma, as
    a Dutch export means them, and the figures read the other way are stored as doubtful. Without
    commas, a `;` file whose points may all be thousands marks has a decimal comma (Dutch Excel); any
    other file a decimal point."""
    if shapes.get(Shape.COMMA):
        return ","
    if shapes.get(Shape.COMMA_POINT):
        return "."
    if shapes.get(Shape.COMMA_THOUSANDS):
        # no figure decides: the more common reading wins, and the figures read the other way are
        # stored as doubtful (`commas_in_doubt`, `PUNT_IN_KOMMABESTAND`)
        return "." if shapes.get(Shape.POINT, 0) > shapes[Shape.COMMA_THOUSANDS] else ","
    if delimiter == ";" and shapes.get(Shape.POINT_THOUSANDS) and not shapes.get(Shape.POINT):
        return ","
    return "."


def commas_in_doubt(shapes: dict[Shape, int], decimal: str) -> bool:
    """True when a decimal point won only by number (see `choose_decimal`): each comma was then read
    as a thousands mark without a figure to prove it, and is stored as `normalize.KOMMA_IN_PUNTBESTAND`."""
    return decimal == "." and bool(shapes.get(Shape.COMMA_THOUSANDS)) and not shapes.get(Shape.COMMA_POINT)


def decimal_note(shapes: dict[Shape, int], decimal: str) -> str | None:
    """The import report's remark on the decimal mark a file was read with, if it had separators."""
    if decimal == ",":
        return DECIMAL_COMMA_NOTE
    if shapes.get(Shape.COMMA_POINT) or shapes.get(Shape.COMMA_THOUSANDS):
        return DECIMAL_POINT_NOTE
    return None


def point_as_decimal_sql(t: str) -> str:
    """SQL: true where a figure's text (`t`, trimmed) in a file with decimal commas has a point that
    cannot be a thousands mark: with no comma ("1.5"), or after English thousands marks ("1,234.5").
    That point is a decimal point (see `normalize.PUNT_IN_KOMMABESTAND`): removing it would make the
    figure ten or more times too big, or (1,2345) a thousand times too small."""
    return (
        f"(contains({t}, '.') AND ((NOT contains({t}, ',') AND regexp_full_match({t}, '{LONE_POINT_RE}') "
        f"AND NOT regexp_full_match({t}, '{THOUSANDS_RE}')) OR regexp_full_match({t}, '{COMMA_POINT_RE}')))"
    )


def parse_figure(text: str, decimal: str, commas_doubtful: bool = False) -> tuple[float | None, str | None]:
    """A figure's text as a number under the file's decimal mark, and the `onzeker` reason its
    separator gives (see `separator_doubt_sql`): what `number_sql` and `separator_doubt_sql` compute
    in DuckDB, for an importer that reads its rows in Python (StatLine). None when the text is no
    number."""
    t = text.replace("\u00a0", "").replace(" ", "").strip()
    doubt = nz.KOMMA_IN_PUNTBESTAND if commas_doubtful and decimal == "." and "," in t else None
    if decimal == ",":
        lone_point = "," not in t and re.fullmatch(LONE_POINT_RE, t) and not re.fullmatch(THOUSANDS_RE, t)
        if "." in t and (lone_point or re.fullmatch(COMMA_POINT_RE, t)):
            t, doubt = t.replace(",", ""), nz.PUNT_IN_KOMMABESTAND
        else:
            t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    try:
        number = float(t)
    except ValueError:
        return None, None
    return (number, doubt) if math.isfinite(number) else (None, None)


def separator_doubt_sql(v: str, decimal: str, commas_doubtful: bool = False) -> str:
    """SQL: the `onzeker` reason of a figure (`v` its text) whose separator was read one way while it
    might mean the other, or NULL: with decimal commas, a point read as decimal point ("1.5",
    `normalize.PUNT_IN_KOMMABESTAND`); with decimal points that won only by number
    (`commas_in_doubt`), a comma read as thousands mark (`normalize.KOMMA_IN_PUNTBESTAND`)."""
    if decimal == "." and commas_doubtful:
        return f"CASE WHEN contains({v}, ',') THEN {lit(nz.KOMMA_IN_PUNTBESTAND)} END"
    if decimal != ",":
        return "NULL::VARCHAR"
    # `contains` on the untrimmed text first: the few figures with a point are trimmed, not all
    return (
        f"CASE WHEN contains({v}, '.') AND {point_as_decimal_sql(f'trim({v})')} "
        f"THEN {lit(nz.PUNT_IN_KOMMABESTAND)} END"
    )


def number_text_sql(v: str, decimal: str) -> str:
    """SQL: the text of a figure with spaces and thousands marks removed and a decimal point. With a
    decimal point, commas are thousands marks (`choose_decimal` chose the point only when every comma
    may be one)."""
    t = f"replace(replace(trim({v}), ' ', ''), chr(160), '')"
    if decimal == ",":
        t = (
            f"(CASE WHEN {point_as_decimal_sql(t)} THEN replace({t}, ',', '') "
            f"ELSE replace(replace({t}, '.', ''), ',', '.') END)"
        )
    else:
        t = f"replace({t}, ',', '')"
    return t


def number_sql(v: str, decimal: str) -> str:
    """Text → DOUBLE under a decimal mark; NULL where it is not a number."""
    t = number_text_sql(v, decimal)
    # NaN and infinity are not figures: NULL, so the caller's missing/text check decides
    return f"(CASE WHEN isfinite(TRY_CAST({t} AS DOUBLE)) THEN TRY_CAST({t} AS DOUBLE) END)"


def count_shapes(con: DuckDBPyConnection, table: str, column: str) -> dict[Shape, int]:
    """How many figures of a text column have each `Shape` (for `choose_decimal`)."""
    v = q(column)
    rows = con.execute(
        f"SELECT {figure_shape_sql(v, f'trim({v})')} AS s, count(*) FROM {table} GROUP BY s"
    ).fetchall()
    return {Shape(k): n for k, n in rows if k is not None}


def colno(col: str | None) -> int | None:
    return int(col[1:]) + 1 if col else None


def small_map(
    con: DuckDBPyConnection,
    column: str,
    parse: Callable[[str], str | None],
    values: list[str | None] | None = None,
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


def csv_scan(source: SourceFile, header_line: int, width: int, number: tuple[int, str] | None = None) -> str:
    """The `read_csv` call for the data rows (after `header_line`) as text columns c0 … cN, as SQL.

    `number` (a column and its decimal mark): that column is read as DOUBLE by DuckDB itself, with
    "." and an empty field as NULL (in every column), and the read fails on anything else that is no
    plain number (see `Reading.TYPED`)."""
    types = {i: "VARCHAR" for i in range(width)}
    typed = ""
    if number is not None:
        types[number[0]] = "DOUBLE"
        typed = f"decimal_separator = {lit(number[1])}, nullstr = ['.', ''], "
    columns = "{" + ", ".join(f"'c{i}': '{t}'" for i, t in types.items()) + "}"
    return (
        f"read_csv({lit(str(source.text_path))}, delim = {lit(source.delimiter)}, quote = '\"', "
        f"escape = '\"', header = false, skip = {header_line}, columns = {columns}, auto_detect = false, "
        f"strict_mode = true, null_padding = {'true' if source.kind == 'xlsx' else 'false'}, {typed}"
        "encoding = 'utf-8', ignore_errors = false)"
    )


def read_csv_text(con: DuckDBPyConnection, source: SourceFile, header_line: int, width: int) -> None:
    """Read the data rows (after `header_line`) as text into `_raw` (c0 … cN), in parallel."""
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM {csv_scan(source, header_line, width)}"
        )
    except Exception as exc:  # duckdb.Error: a ragged or cut-off file
        raise broken_csv(source, header_line + 1, width, exc) from exc


def broken_csv(source: SourceFile, start_line: int, width: int, exc: Exception) -> InputError:
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


def map_regions(
    con: DuckDBPyConnection,
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
                column=colno(column),
                hint="gebruik CBS-codes: GM0758 (gemeente), WK075801 (wijk), BU07580101 (buurt), NL01",
            )
        rows.append((raw, code))
    values_table(con, "_reg", ["raw", "regio"], rows)
    return rows


def map_periods(
    con: DuckDBPyConnection,
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
                column=None if by_column else colno(column),
                hint="gebruik een jaar (2023), een CBS-code (2023JJ00, 2024HJ01) of '1e halfjaar 2024'",
            )
        rows.append((raw, parsed.periode, parsed.status))
    values_table(con, "_per", ["raw", "periode", "status"], rows)
    return rows


def unknown_layout(source: SourceFile) -> InputError:
    tried = "; ".join(FORMATS.values())
    return source.error(
        f"onbekende indeling van het bestand; geprobeerd: {tried}",
        line=1,
        hint="kies de indeling met --format of zorg voor een kopregel met regio, periode en de cijfers",
    )
