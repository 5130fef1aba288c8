"""Monitor and waarstaatjegemeente exports in wide form (CSV or XLSX): periods or measures as
columns, `;` or `,`, decimal comma or point, thousands dot, `.`/`x`/`-`/`-99998` for missing figures.
Long exports go to `councilkit.data.importers.tidy`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    FORMATS,
    Reading,
    Staged,
    aggregate,
    amount_sql,
    choose_decimal,
    colno,
    commas_in_doubt,
    count_shapes,
    decimal_note,
    flag_sql,
    map_periods,
    map_regions,
    missing_sql,
    number_sql,
    q,
    read_csv_text,
    refuse_client_headers,
    refuse_client_values,
    separator_doubt_sql,
    small_map,
    unknown_layout,
    values_table,
)
from councilkit.data.importers.layout import NUMERIC_REGION, TableLayout, analyse_table, table_error_hint
from councilkit.data.importers.tidy import stage_long
from councilkit.data.mapping import MeasureMap
from councilkit.data.sources import SourceFile, find_line, xlsx_to_csv

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection


def stage_table(
    con: DuckDBPyConnection,
    source: SourceFile,
    fmt: str,
    measures: MeasureMap,
    *,
    reading: Reading = Reading.FAST,
) -> Staged:
    """Monitor, WSJG and tidy exports (CSV or the chosen XLSX sheet); `reading`: see `stage_long`."""
    staged = Staged(formaat=fmt)
    if source.kind == "xlsx":
        skipped = xlsx_to_csv(source, lambda head: analyse_table(head) is not None)
        for sheet in skipped:
            staged.skip(f"werkblad '{sheet}' zonder bekende indeling", 1)
    elif source.kind != "csv":
        raise source.error(f"een {FORMATS[fmt]} moet CSV of XLSX zijn", hint="kies een andere --format")
    layout = analyse_table(source.head)
    if layout is None:
        problem = table_error_hint(source.head)
        if problem is not None:
            raise source.error(problem.message, line=1, hint="hernoem de kolom in de kopregel")
        raise unknown_layout(source)
    if layout.tidy and fmt == "monitor":
        staged.formaat = "tidy"
    header_line = source.head_lines[layout.header_row]
    titles = [" ".join(c.strip() for c in row if c.strip()) for row in source.head[: layout.header_row]]
    titles = [title for title in titles if title]
    if titles:  # "Monitor sociaal domein", an Excel title "Titel;;;", a merged title row
        staged.skip("titelregels boven de kopregel", len(titles))
        staged.tabel = staged.tabel or titles[0]
    refuse_client_headers(source, layout.header, header_line)
    width = max(len(layout.header), max((len(r) for r in source.head[layout.header_row :]), default=0))
    header = layout.header + [""] * (width - len(layout.header))
    if layout.kind == "lang":
        return stage_long(con, source, layout, header, staged, measures, reading=reading)
    read_csv_text(con, source, header_line, width)
    data_line = header_line + 1
    all_cols = {f"c{i}": (header[i] or f"kolom {i + 1}") for i in range(width)}
    figures = {f"c{i}" for i in layout.value_columns}
    exempt = {}
    for i in layout.value_columns:  # measures in euros as columns, or periods of a measure in euros
        name = header[i] if layout.kind == "breed-maten" else None
        if name is not None and nz.is_amount(name):
            exempt[f"c{i}"] = "true"
        elif layout.kind == "breed-perioden":
            indicator = f"c{layout.roles['indicator']}"
            unit = f"c{layout.roles['eenheid']}" if "eenheid" in layout.roles else None
            exempt[f"c{i}"] = amount_sql(indicator, unit)
    refuse_client_values(con, source, "_raw", all_cols, data_line, figures=figures, exempt=exempt)

    regio_col = f"c{layout.roles['regio']}"
    # rows without any content (trailing separators, blank lines) are not data
    any_filled = " OR ".join(f"trim(coalesce(c{i}, '')) <> ''" for i in range(width))
    empty = aggregate(con.execute(f"SELECT count(*) FROM _raw WHERE NOT ({any_filled})"))[0]
    con.execute(f"DELETE FROM _raw WHERE NOT ({any_filled})")
    staged.skip("lege regels", empty)
    staged.rijen = aggregate(con.execute("SELECT count(*) FROM _raw"))[0]
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
    names = [(f"c{i}", header[i]) for i in layout.value_columns]
    values_table(con, "_kolnaam", ["kol", "naam"], names)
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
    found: list[str] = [
        r[0] for r in con.execute("SELECT DISTINCT bron_maat FROM _cells WHERE bron_maat <> ''").fetchall()
    ]
    if not any(measures.knows(n) for n in found):
        shown = ", ".join(sorted(found)[:5]) + (" …" if len(found) > 5 else "")
        raise source.error(
            f"geen enkele bekende maat in dit bestand (gevonden: {shown or 'geen'})",
            line=header_line,
            hint="voeg de naam toe aan 'bronnen' van een indicator in het kompas of in frameworks/indicatoren.yaml",
        )
    blank = con.execute("SELECT kol FROM _cells WHERE coalesce(bron_maat, '') = '' LIMIT 1").fetchone()
    if blank:
        line = line_of(indicator_col or blank[0], lambda s: not s.strip())
        raise source.error("indicator ontbreekt op deze regel", line=line, column=colno(indicator_col))

    numeric_means = NUMERIC_REGION.get(nz.name_key(header[layout.roles["regio"]]))
    map_regions(con, source, regio_col, numeric_means, line_of)
    if periode_col is not None or layout.kind == "breed-perioden":
        map_periods(con, source, periode_col or "", line_of, by_column=layout.kind == "breed-perioden")

    shapes = count_shapes(con, "_cells", "v")
    decimal = choose_decimal(shapes, source.delimiter)
    bad = con.execute(
        f"SELECT kol, v FROM _cells WHERE NOT {missing_sql('v')} AND {number_sql('v', decimal)} IS NULL LIMIT 1"
    ).fetchone()
    if bad:
        kol, value = bad
        wanted = str(value)
        line = line_of(kol, lambda s: s == wanted)
        raise source.error(
            f"tekst in een kolom met cijfers: '{value}' in kolom '{header[int(kol[1:])]}'",
            line=line,
            column=int(kol[1:]) + 1,
            hint="een cijfer, of leeg / . / x voor een ontbrekend of geheim cijfer",
        )
    units = small_map(con, "eenheid_raw", nz.parse_unit) if eenheid_col else None
    statuses = small_map(con, "status_raw", nz.parse_status) if status_col else None
    unit_sql = f"(SELECT m FROM ({units}) u(k, m) WHERE u.k = c.eenheid_raw)" if units else "NULL"
    status_sql = f"(SELECT m FROM ({statuses}) s(k, m) WHERE s.k = c.status_raw)" if statuses else "NULL"
    table_sql = "nullif(trim(c.tabel_raw), '')" if tabel_col else "NULL"
    period_join = (
        "JOIN _per p ON p.raw = c.periode_raw"
        if (periode_col is not None or layout.kind == "breed-perioden")
        else ""
    )
    con.execute(
        "INSERT INTO _stage (bron_maat, regio, periode, waarde, eenheid, status, vlag, tabel, onzeker) "
        f"SELECT c.bron_maat, r.regio, p.periode, "
        f"CASE WHEN {missing_sql('c.v')} THEN NULL ELSE {number_sql('c.v', decimal)} END, "
        f"{unit_sql}, coalesce({status_sql}, p.status), {flag_sql('c.v')}, {table_sql}, "
        f"{separator_doubt_sql('c.v', decimal, commas_in_doubt(shapes, decimal))} FROM _cells c JOIN _reg r ON r.raw = c.regio_raw {period_join}"
    )
    con.execute("DROP TABLE _cells")
    tables = [
        r[0] for r in con.execute("SELECT DISTINCT tabel FROM _stage WHERE tabel IS NOT NULL").fetchall()
    ]
    staged.tabel = ", ".join(sorted(tables)) if tables else None
    note = decimal_note(shapes, decimal)
    if note:
        staged.opmerkingen.append(note)
    return staged


def _drop_text_columns(
    con: DuckDBPyConnection, source: SourceFile, layout: TableLayout, cols: list[str], staged: Staged
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
    counts = aggregate(con.execute(f"SELECT {', '.join(parts)} FROM _raw"))
    keep = []
    for i, c in enumerate(cols):
        filled, numeric = counts[2 * i], counts[2 * i + 1]
        if filled and not numeric:
            staged.skip(f"tekstkolom '{layout.header[int(c[1:])]}'", 1)
        else:
            keep.append(c)
    return keep
