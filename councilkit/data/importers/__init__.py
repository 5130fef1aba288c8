"""Importers: each export layout reduced to one staging table, inside the store's transaction.

Every importer fills the temporary table `_stage` with the same columns —
`bron_maat, regio, periode, waarde, eenheid, status, vlag, tabel` — and returns a `Staged` summary
of what it read and what it skipped, and why. The store then maps `bron_maat` onto catalogue ids,
checks for revisions and writes (see `councilkit.data.store_import`). Nothing here writes to the store's
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

One module per dialect: `cbs` (OData and stacked KWB), `statline`, `monitor` (wide tables),
`tidy` (long tables); shared parts in `common` (staging, values, privacy, CSV reading), `layout`
(table headers) and `kwb` (facts about the KWB tables).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit.data.importers.cbs import stage_cbs
from councilkit.data.importers.common import (
    AGAIN_MARK,
    BAD_VALUE_MARK,
    CBS_KEY,
    CBS_REGION_COLUMNS,
    DECIMAL_COMMA_NOTE,
    FORMATS,
    STAGE_DDL,
    Opnieuw,
    Reading,
    Staged,
    clean_header,
    lit,
    q,
    refuse_client_headers,
    unknown_layout,
    values_table,
)
from councilkit.data.importers.layout import analyse_table
from councilkit.data.importers.monitor import stage_table
from councilkit.data.importers.statline import stage_statline
from councilkit.data.mapping import MeasureMap
from councilkit.data.sources import SourceFile
from councilkit.errors import InputError

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection


def _is_cbs_header(row: list[str]) -> bool:
    cells = [clean_header(c) for c in row]
    return sum(bool(CBS_KEY.match(c)) for c in cells) >= 2 and any(c in CBS_REGION_COLUMNS for c in cells)


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
        return "cbs-kwb" if "Peildatum" in [clean_header(c) for c in rows[0]] else "cbs-odata"
    layout = analyse_table(rows)
    if layout is not None:
        return "tidy" if layout.tidy else "monitor"
    return None


def stage(
    con: DuckDBPyConnection,
    source: SourceFile,
    fmt: str | None,
    measures: MeasureMap,
    *,
    reading: Reading = Reading.FAST,
) -> Staged:
    """Fill `_stage` from `source` in layout `fmt` (detected when `None`); a long file as `reading`
    says (a later one after `Opnieuw`)."""
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
        staged = stage_cbs(con, source, chosen)
    elif chosen == "statline-csv":
        if source.kind != "csv":
            raise source.error("een StatLine-download is een CSV-bestand", hint="kies een andere --format")
        staged = stage_statline(con, source)
    else:
        staged = stage_table(con, source, chosen, measures, reading=reading)
    if source.footer:  # set aside by `open_source`: said, never silently dropped
        staged.skip("voetregels (bron, toelichting)", len(source.footer))
        staged.opmerkingen.append("voetregel: " + " / ".join(source.footer[:3]))
    return staged


__all__ = [
    "AGAIN_MARK",
    "BAD_VALUE_MARK",
    "DECIMAL_COMMA_NOTE",
    "FORMATS",
    "STAGE_DDL",
    "Opnieuw",
    "Reading",
    "Staged",
    "detect",
    "lit",
    "q",
    "stage",
    "unknown_layout",
    "values_table",
]
