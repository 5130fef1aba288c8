"""Long tables — one figure per row: the tidy layout (indicator, regio, periode, waarde) and monitor
exports in long form. Read from the file without copying (see `stage_long`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    AGAIN_MARK,
    AS_TEXT_MARK,
    BAD_VALUE_MARK,
    Opnieuw,
    Reading,
    Shape,
    Staged,
    aggregate,
    amount_sql,
    broken_csv,
    choose_decimal,
    colno,
    commas_in_doubt,
    csv_scan,
    decimal_note,
    figure_shape_sql,
    flag_sql,
    lit,
    map_periods,
    map_regions,
    number_sql,
    number_text_sql,
    point_as_decimal_sql,
    refuse_client_values,
    separator_doubt_sql,
    shape_counts,
    small_map,
)
from councilkit.data.importers.layout import NUMERIC_REGION, TableLayout
from councilkit.data.mapping import MeasureMap
from councilkit.data.sources import SourceFile, find_line
from councilkit.errors import InputError

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

_BSN_LIKE = re.compile(r"[0-9]{8,9}")


def stage_long(
    con: DuckDBPyConnection,
    source: SourceFile,
    layout: TableLayout,
    header: list[str],
    staged: Staged,
    measures: MeasureMap,
    *,
    reading: Reading = Reading.FAST,
) -> Staged:
    """A long table (one figure per row), never copied; read once or twice (`reading`).

    Copying five million rows into `_raw`, `_cells` and `_stage` cost more than everything else
    together. Instead DuckDB reads the file twice: one aggregate pass gathers all the checks need
    (row count, the distinct measure, region, period and other labels, and a histogram of the shapes
    of the figures for the decimal mark and the BSN screen), and the store's `INSERT … SELECT` over
    `Staged.relatie` is the second. Labels are parsed in Python on their distinct values; a text among
    the figures aborts that insert through DuckDB's `error()` and becomes the usual Dutch error.

    Regions and periods are the costly labels to gather (thousands of distinct values). When the first
    rows of the file spell them canonically (GM0758, 2023), they are not gathered but stored as they
    are, and `Staged.nacontrole` checks the distinct labels the store holds for this import before
    the transaction ends; a label that is not canonical (or not a region or period at all) raises
    `Opnieuw`, and the file is read again `Reading.CAREFUL`ly, with every label gathered and mapped.

    `Reading.ONE_PASS` skips the aggregate pass too, for the plainest and biggest files: the four
    columns measure, region, period and figure, whose first rows (256 kB) settle the decimal mark and
    hold only names the measure map knows as written. The insert is then the only reading, and it
    checks each row against what the first rows promised (see `_one_pass`); a row that breaks the
    promise makes the store read the file again as `Reading.FAST`, which checks it as before.
    `Reading.TYPED` is that reading with the figures read as numbers by DuckDB itself (see `_typed`);
    a figure it cannot read so makes the store read the file again as `Reading.ONE_PASS`.
    """
    header_line = source.head_lines[layout.header_row]
    data_line = header_line + 1
    width = len(header)
    scan = csv_scan(source, header_line, width)
    cols = [f"c{i}" for i in range(width)]
    ind, reg, per, val = (f"c{layout.roles[r]}" for r in ("indicator", "regio", "periode", "waarde"))
    labels = [c for c in cols if c != val]
    t = f"trim({val})"
    # one histogram key per figure: its `Shape` (the separators) in the hundreds, plus the trimmed
    # length (0 = empty, 8-9 without separators = a possible BSN)
    shape = f"{figure_shape_sql(val, t)} * 100 + least(length({t}), 99)"
    filled_row = " OR ".join(f"trim(coalesce({c}, '')) <> ''" for c in cols)
    numeric_means = NUMERIC_REGION.get(nz.name_key(header[layout.roles["regio"]]))
    at = layout.roles["regio"], layout.roles["periode"]
    sample = [row for row in source.head[layout.header_row + 1 :] if len(row) == width]
    # fast: the columns besides region, period and figure are the measure and its unit, status or
    # table (few distinct values), and the first rows' regions and periods are canonical
    few = {f"c{layout.roles[r]}" for r in ("indicator", "eenheid", "status", "tabel") if r in layout.roles}
    fast = (
        reading < Reading.CAREFUL
        and bool(sample)
        and set(labels) - {reg, per} <= few
        and all(_canonical(row[at[0]], row[at[1]]) for row in sample)
    )

    def gather(where: str, gathered: list[str]) -> tuple[int, dict[int, int], dict[str, list[str | None]]]:
        distinct = ", ".join(f"list(DISTINCT {'trim(' + c + ')' if c == ind else c})" for c in gathered)
        try:
            row = aggregate(
                con.execute(f"SELECT count(*), histogram({shape}), {distinct} FROM {scan} {where}")
            )
        except Exception as exc:  # duckdb.Error: a ragged or cut-off file
            raise broken_csv(source, data_line, width, exc) from exc
        shapes = {k: n for k, n in (row[1] or {}).items() if k is not None}
        return row[0], shapes, dict(zip(gathered, row[2:], strict=True))

    def gather_few(gathered: list[str]) -> tuple[int, dict[int, int], dict[str, list[str | None]]]:
        # one hash aggregate over (shape, measure, unit …): far cheaper than histogram() and
        # list(DISTINCT …) on five million rows; the few measure names are trimmed afterwards
        columns = ", ".join(gathered)
        try:
            groups = con.execute(f"SELECT {shape}, {columns}, count(*) FROM {scan} GROUP BY ALL").fetchall()
        except Exception as exc:  # duckdb.Error: a ragged or cut-off file
            raise broken_csv(source, data_line, width, exc) from exc
        shapes: dict[int, int] = {}
        found: dict[str, set[str | None]] = {c: set() for c in gathered}
        for group in groups:
            if group[0] is not None:
                shapes[group[0]] = shapes.get(group[0], 0) + group[-1]
            for c, v in zip(gathered, group[1:-1], strict=True):
                found[c].add(v)
        raw = [v for v in found[ind] if v is not None]
        trimmed = dict(con.execute("SELECT n, trim(n) FROM (SELECT unnest(?) AS n)", [raw]).fetchall())
        padded.extend(v for v in raw if trimmed[v] != v)
        found[ind] = {trimmed.get(v) if v is not None else v for v in found[ind]}
        return sum(g[-1] for g in groups), shapes, {c: list(v) for c, v in found.items()}

    padded: list[str] = []  # measure names with spaces around them (the fast gather sees them)
    promise = (
        _one_pass(sample, layout, source.delimiter, measures)
        if fast and reading <= Reading.ONE_PASS and set(labels) == {ind, reg, per}
        else None
    )

    rows: int
    shapes: dict[int, int]
    values: dict[str, list[str | None]]
    if promise is not None:  # nothing read beforehand: the insert checks every row (see `_one_pass`)
        rows, shapes, values = 0, {}, {ind: list(promise.seen)}
    elif fast:
        rows, shapes, values = gather_few([c for c in labels if c not in (reg, per)])
    else:
        rows, shapes, values = gather("", labels)
    empty = 0
    if any(not n for n in values[ind]):  # rows without a measure: empty rows, or a real error
        fast = False
        kept, shapes, values = gather(f"WHERE {filled_row}", labels)
        empty, rows = rows - kept, kept

    # privacy: a cheap screen on the distinct labels and the histogram, the exact scan only when flagged
    # (regions and periods that are not gathered are canonical codes, checked after the insert: no BSN)
    flagged = {c for c in values if any(v is not None and _BSN_LIKE.fullmatch(v.strip()) for v in values[c])}
    if shapes.get(9, 0):  # nine digits without separators somewhere among the figures
        flagged.add(val)
    if flagged:
        all_cols = {c: (header[i] or f"kolom {i + 1}") for i, c in enumerate(cols)}
        unit_col = f"c{layout.roles['eenheid']}" if "eenheid" in layout.roles else None
        refuse_client_values(
            con,
            source,
            f"(SELECT * FROM {scan})",
            all_cols,
            data_line,
            only=flagged,
            figures={val},
            exempt={val: amount_sql(f"trim({ind})", unit_col)},
        )

    staged.skip("lege regels", empty)
    staged.rijen = rows
    if rows == 0 and promise is None:
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
            column=colno(ind),
        )
    if fast:
        regions: list[tuple[str | None, str]] = []
        periods: list[tuple[str | None, str, str | None]] = []
        staged.nacontrole = _check_labels
    else:
        regions = map_regions(con, source, reg, numeric_means, line_of, values[reg])
        periods = map_periods(con, source, per, line_of, by_column=False, raws=values[per])

    kinds: dict[Shape, int] = {}
    for key, n in shapes.items():
        kinds[Shape(key // 100)] = kinds.get(Shape(key // 100), 0) + n
    decimal = choose_decimal(kinds, source.delimiter)
    dots = sum(kinds.get(k, 0) for k in (Shape.POINT_THOUSANDS, Shape.POINT, Shape.COMMA_POINT))
    if promise is not None:  # the rows beyond the first may hold both marks: both are handled
        decimal, dots, kinds = promise.decimal, 1, promise.shapes

    def col_for(role: str) -> str | None:
        return f"c{layout.roles[role]}" if role in layout.roles else None

    eenheid_col, status_col, tabel_col = col_for("eenheid"), col_for("status"), col_for("tabel")
    units = small_map(con, "", nz.parse_unit, values[eenheid_col]) if eenheid_col else None
    statuses = small_map(con, "", nz.parse_status, values[status_col]) if status_col else None
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
    # Figures without spaces (nearly all) skip the space removal: coalesce only evaluates its second
    # argument for the rows the first left NULL. Each expression is written once: DuckDB computes an
    # expression that occurs twice for every row, before coalesce could skip it (NaN and infinity
    # fail `number_ok` below).
    # With a decimal comma, a figure with a point takes the careful text route: the point is a
    # thousands mark, or (`point_as_decimal_sql`: "1.5") a decimal point, flagged as doubtful.
    trimmed, texts = "_t", f"(SELECT *, {t} AS _t FROM {scan})"
    if promise is not None:
        # Every row is read here, so each step counts: no trimmed copy of every figure (a cast reads
        # past the spaces; the rare figure that is no plain number takes the careful text route).
        trimmed, texts = t, scan
    figure = "_t" if promise is None else val
    plain = f"TRY_CAST({figure} AS DOUBLE)"
    if decimal == "," and not dots:  # no figure has a point: only the comma to replace
        plain = f"TRY_CAST(replace({figure}, ',', '.') AS DOUBLE)"
    elif decimal == ",":
        plain = (
            f"CASE WHEN NOT contains({figure}, '.') THEN TRY_CAST(replace({figure}, ',', '.') AS DOUBLE) END"
        )
    number = f"coalesce({plain}, TRY_CAST({number_text_sql(figure, decimal)} AS DOUBLE))"
    doubt = separator_doubt_sql(f"c.{val}", decimal if dots else ".", commas_in_doubt(kinds, decimal))
    # Missing markers that read as numbers (-99998) must not pass as figures.
    markers = list(nz.MISSING_MARKERS)
    numeric, numbers = aggregate(
        con.execute(
            f"SELECT list(m) FILTER (WHERE n IS NOT NULL), list(n) FILTER (WHERE n IS NOT NULL) "
            f"FROM (SELECT m, {number_sql('m', decimal)} AS n FROM (SELECT unnest(?) AS m))",
            [markers],
        )
    )
    numeric_markers = "(" + ", ".join(lit(m) for m in numeric or [""]) + ")"
    # the text is compared only where the number equals a marker's (-99998 written as -99.998 is a figure)
    marker_values = "(" + ", ".join(repr(float(n)) for n in numbers or [0.5]) + ")"
    # (a CASE: an OR would trim every figure to compare the few that equal a marker's number)
    number_ok = (
        f"_n IS NOT NULL AND isfinite(_n) AND "
        f"CASE WHEN _n IN {marker_values} THEN {trimmed} NOT IN {numeric_markers} ELSE TRUE END"
    )
    # every missing marker has a flag, so "has a flag" is the missing test; the flag is only looked
    # up (once) for the few rows that are no number
    waarde_sql = f"CASE WHEN c._ok THEN c._n WHEN c._f IS NOT NULL THEN NULL ELSE error({lit(BAD_VALUE_MARK)} || hex(c.{val})) END"
    where = f"WHERE {filled_row}" if empty else ""
    # names without spaces around them (the fast gather saw each as written) need no trim per row
    name_sql = f"c.{ind}" if fast and not padded else f"trim(c.{ind})"
    if promise is not None:
        # the promise, row by row: a figure shaped like a BSN (nine digits, no separator) or a comma
        # where the first rows had a decimal point reads the file again as `Reading.FAST` (the store
        # does the same for a measure name not in `maten`: also an empty one, or one with spaces)
        again = f"error({lit(AGAIN_MARK)})"
        suspect = f"NOT contains(c.{val}, ',') AND NOT contains(c.{val}, '.') AND length(trim(c.{val})) = 9"
        if decimal == ".":
            suspect = f"contains(c.{val}, ',') OR ({suspect})"
        elif not promise.comma:
            # a decimal comma taken on trust: a point that cannot be a thousands mark, or English
            # thousands marks before a decimal point (1,234.5), would make the whole file one with
            # decimal points (`choose_decimal`)
            suspect = f"(contains(c.{val}, '.') AND {point_as_decimal_sql(f'trim(c.{val})')}) OR ({suspect})"
        waarde_sql = f"CASE WHEN {suspect} THEN {again} " + waarde_sql.removeprefix("CASE ")
        name_sql = f"c.{ind}"
        names = sorted(promise.seen | promise.guessed)
        staged.vermoed = sorted(promise.guessed)
    staged.relatie = (
        f"SELECT {name_sql} AS bron_maat, {regio_sql} AS regio, {periode_sql} AS periode, "
        f"{waarde_sql} AS waarde, {unit_sql} AS eenheid, coalesce({status_sql}, {period_status}) AS status, "
        f"c._f AS vlag, {tabel_sql} AS tabel, {doubt} AS onzeker, NULL::VARCHAR AS soort, '' AS reeks "
        f"FROM (SELECT *, CASE WHEN _ok THEN NULL ELSE {flag_sql(trimmed)} END AS _f FROM "
        f"(SELECT *, {number_ok} AS _ok FROM (SELECT *, {number} AS _n FROM {texts}))) c "
        f"{' '.join(joins)} {where}"
    )
    if promise is not None and promise.typed and reading == Reading.TYPED:
        # DuckDB reads the figures as numbers: "." and empty are NULL (missing), anything else that
        # is no plain number fails the read, and so does a number that a text figure would have
        # needed a second look for: a missing marker's (-99998), NaN or infinity, or eight or nine
        # digits (a BSN, perhaps with its leading zero lost). The store then reads the file again
        # as `Reading.ONE_PASS`, which sees the text of every figure (`Staged.terugval`).
        v = f"c.{val}"
        # most figures are smaller than any marker and than eight digits: one test lets them through
        # (NaN and infinity are not smaller than anything, NULL is not either)
        ordinary = min([abs(float(n)) for n in numbers or []] + [1e7])
        staged.relatie = (
            f"SELECT c.{ind} AS bron_maat, c.{reg} AS regio, c.{per} AS periode, "
            f"CASE WHEN abs({v}) < {ordinary!r} THEN {v} "
            f"WHEN {v} IS NULL THEN NULL WHEN NOT isfinite({v}) OR {v} IN {marker_values} "
            f"OR (abs({v}) >= 1e7 AND abs({v}) < 1e9 AND {v} = trunc({v})) THEN error({lit(AS_TEXT_MARK)}) ELSE {v} END AS waarde, "
            f"NULL AS eenheid, NULL AS status, CASE WHEN {v} IS NULL THEN {lit(_EMPTY_FLAG)} END AS vlag, "
            f"NULL AS tabel, NULL::VARCHAR AS onzeker, NULL::VARCHAR AS soort, '' AS reeks "
            f"FROM {csv_scan(source, header_line, width, (int(val[1:]), decimal))} c"
        )
        staged.terugval = Reading.ONE_PASS
    staged.maten = names
    staged.vast = eenheid_col is None and tabel_col is None
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
    note = decimal_note(kinds, decimal)
    if promise is not None and not promise.noted:
        staged.komma_vermoed = len(staged.opmerkingen)  # the store decides (see `Staged`)
    elif note:
        staged.opmerkingen.append(note)
    return staged


@dataclass(frozen=True, repr=False, eq=False)
class _Promise:
    """What the first rows of a long file promise for the rest (see `_one_pass`)."""

    decimal: str
    comma: bool  # a comma among the first rows' figures: the decimal comma is certain
    noted: bool  # the first rows show which mark the report names (else only a later fraction can)
    seen: frozenset[str]  # the measure names in the first rows
    guessed: frozenset[str]  # the other names the measure map knows as written
    shapes: dict[Shape, int]  # how many of the first rows' figures have each shape
    typed: bool  # every figure of the first rows is one DuckDB can read as a number (`Reading.TYPED`)


#: The flag of a figure that is "." or empty: the two a typed reading reads as NULL (`Reading.TYPED`).
_EMPTY_FLAG = nz.MISSING_MARKERS["."]


def _typed(figures: list[str], decimal: str) -> bool:
    """True when each of the first rows' figures (trimmed) reads as the typed reading reads it: "."
    or empty (missing, one flag), or a plain number with this decimal mark that is no missing
    marker's and has no eight or nine digits. A file that starts with anything else ("x", -99998,
    1.234) would fail that reading at once: it is read as `Reading.ONE_PASS` from the start."""
    if nz.MISSING_MARKERS.get("") != _EMPTY_FLAG:
        return False
    plain = re.compile(r"-?[0-9]+(" + re.escape(decimal) + r"[0-9]+)?")
    markers = {m for m in nz.MISSING_MARKERS if plain.fullmatch(m)}
    for f in figures:
        if f in ("", "."):
            continue
        if not plain.fullmatch(f) or f in markers or 10**7 <= abs(float(f.replace(decimal, "."))) < 10**9:
            return False
    return True


def _one_pass(
    sample: list[list[str]], layout: TableLayout, delimiter: str, measures: MeasureMap
) -> _Promise | None:
    """The promise a long file's first rows make, or None when they do not settle it.

    The aggregate pass gathers three things the first rows can stand in for, each checked again on
    every row by the insert: the decimal mark, the measure names (the file may hold those of its
    first rows and the other names the measure map knows verbatim), and that no figure or name is
    shaped like a BSN (nine digits: left to the exact screen of `Reading.FAST`).

    The decimal mark follows the rule of the aggregate pass: a comma anywhere means decimal comma;
    without one, a `;` file whose points all look like thousands marks (or has none) is read with a
    decimal comma too, any other with a decimal point. So a comma among the first figures settles
    it; a point that cannot be a thousands mark, or a file not separated by `;`, means a decimal
    point unless a later comma breaks the promise; and first rows with only whole numbers (a file
    that starts with counts) or thousands marks mean a decimal comma unless a later figure has a
    point that cannot be a thousands mark and no comma. Whole numbers read the same either way.
    """
    figures = [row[layout.roles["waarde"]].strip() for row in sample]
    names = {row[layout.roles["indicator"]] for row in sample}
    if any(not n or n != n.strip() or not measures.knows(n) or _BSN_LIKE.fullmatch(n) for n in names):
        return None
    if any(len(f) == 9 and "," not in f and "." not in f for f in figures):
        return None
    shapes = shape_counts(figures)
    # the rule of the whole file (`choose_decimal`); with whole numbers only, or points that may be
    # thousands marks or commas that may be (2,000), in a `;` file: a decimal comma on trust
    decimal = choose_decimal(shapes, delimiter)
    if delimiter == ";" and not any(shapes.get(k) for k in (Shape.POINT, Shape.COMMA_POINT)):
        decimal = ","
    comma = bool(shapes.get(Shape.COMMA))  # a comma that can only be a decimal comma: certain
    points = any("." in f and f != "." for f in figures)
    guessed = {n for n in measures.spellings if n == n.strip() and not _BSN_LIKE.fullmatch(n)} - names
    return _Promise(
        decimal,
        comma,
        comma or points or decimal == "." or bool(shapes.get(Shape.COMMA_THOUSANDS)),
        frozenset(names),
        frozenset(guessed),
        shapes,
        _typed(figures, decimal),
    )


def _canonical_region(regio: str | None) -> bool:
    return regio is not None and nz.is_region_code(regio)


def _canonical_period(periode: str | None) -> bool:
    parsed = nz.parse_period(periode) if periode else None
    return parsed is not None and parsed.periode == periode and parsed.status is None


def _canonical(regio: str | None, periode: str | None) -> bool:
    """True when a region and a period label are stored as they are (GM0758, 2023: no mapping)."""
    return _canonical_region(regio) and _canonical_period(periode)


def _check_labels(con: DuckDBPyConnection, rows: str) -> None:
    """The distinct regions and periods a fast import stored (`rows`: a SELECT with regio, periode):
    all canonical, or `Opnieuw` — the file is then read again with every label mapped."""
    regios, perioden, missing = aggregate(
        con.execute(
            f"SELECT list(DISTINCT regio), list(DISTINCT periode), "
            f"count(*) FILTER (WHERE regio IS NULL OR periode IS NULL) FROM ({rows})"
        )
    )
    if missing or not all(_canonical_region(r) for r in regios or []):
        raise Opnieuw
    if not all(_canonical_period(p) for p in perioden or []):
        raise Opnieuw
