"""Long tables — one figure per row: the tidy layout (indicator, regio, periode, waarde) and monitor
exports in long form. Read from the file without copying (see `stage_long`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    BAD_VALUE_MARK,
    Staged,
    aggregate,
    amount_sql,
    broken_csv,
    colno,
    csv_scan,
    flag_sql,
    lit,
    map_periods,
    map_regions,
    number_sql,
    refuse_client_values,
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
    scan = csv_scan(source, header_line, width)
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
            row = aggregate(
                con.execute(f"SELECT count(*), histogram({shape}), {distinct} FROM {scan} {where}")
            )
        except Exception as exc:  # duckdb.Error: a ragged or cut-off file
            raise broken_csv(source, data_line, width, exc) from exc
        shapes = {k: n for k, n in (row[1] or {}).items() if k is not None}
        return row[0], shapes, dict(zip(labels, row[2:], strict=True))

    rows, shapes, values = gather("")
    empty = 0
    if any(not n for n in values[ind]):  # rows without a measure: empty rows, or a real error
        kept, shapes, values = gather(f"WHERE {filled_row}")
        empty, rows = rows - kept, kept

    # privacy: a cheap screen on the distinct labels and the histogram, the exact scan only when flagged
    flagged = {c for c in labels if any(v is not None and _BSN_LIKE.fullmatch(v.strip()) for v in values[c])}
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
            column=colno(ind),
        )
    numeric_means = NUMERIC_REGION.get(nz.name_key(header[layout.roles["regio"]]))
    regions = map_regions(con, source, reg, numeric_means, line_of, values[reg])
    periods = map_periods(con, source, per, line_of, by_column=False, raws=values[per])

    commas = sum(n for k, n in shapes.items() if 100 <= k < 200)
    thousands = sum(n for k, n in shapes.items() if 200 <= k < 300)
    dots = thousands + sum(n for k, n in shapes.items() if 300 <= k < 400)
    decimal = "," if commas or (source.delimiter == ";" and dots and thousands == dots) else "."

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
    # Figures without spaces (nearly all) skip number_sql's space removal; coalesce only evaluates
    # its second argument for the rows the first left NULL.
    plain = "replace(replace(_t, '.', ''), ',', '.')" if decimal == "," else "_t"
    number = f"coalesce(TRY_CAST({plain} AS DOUBLE), {number_sql('_t', decimal)})"
    # Missing markers that read as numbers (-99998) must not pass as figures.
    markers = list(nz.MISSING_MARKERS)
    numeric = aggregate(
        con.execute(
            f"SELECT list(m) FILTER (WHERE {number_sql('m', decimal)} IS NOT NULL) FROM (SELECT unnest(?) AS m)",
            [markers],
        )
    )[0]
    numeric_markers = "(" + ", ".join(lit(m) for m in numeric or [""]) + ")"
    number_ok = f"c._n IS NOT NULL AND isfinite(c._n) AND c._t NOT IN {numeric_markers}"
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
        f"{vlag_sql} AS vlag, {tabel_sql} AS tabel, NULL::VARCHAR AS onzeker, NULL::VARCHAR AS soort, '' AS reeks "
        f"FROM (SELECT *, {number} AS _n FROM (SELECT *, {t} AS _t FROM {scan})) c "
        f"{' '.join(joins)} {where}"
    )
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
    if decimal == ",":
        staged.opmerkingen.append("decimaalkomma (punt als duizendtalteken)")
    return staged
