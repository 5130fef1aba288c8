"""CBS OData TypedDataSets (parquet, CSV or JSON, with DataProperties and Metadata beside them) and
several yearly KWB tables stacked in one CSV with a `Peildatum` column (the Almere file).

Why one module of this size: both shapes are the same CBS dialect — the same column classification
(code, measure, boundary marker, region name), the same sidecar files and the same single-pass
unpivot into the staging query — and the stacked file is a typed table per year; split, each half
would need the other's internals."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    CBS_KEY,
    CBS_REGION_COLUMNS,
    MISSING_SQL,
    STAGE_INSERT_ALL,
    Staged,
    aggregate,
    broken_csv,
    clean_header,
    lit,
    nl_int,
    q,
    refuse_client_headers,
    values_table,
)
from councilkit.data.importers.kwb import (
    CBS_TEXT_STEMS,
    INDELING_STEMS,
    KWB_TWINS,
    KWB_UNITS,
    SUPPORT_STEMS,
    restore_decimals,
    tenfold_columns,
)
from councilkit.data.sources import SourceFile, find_line
from councilkit.errors import InputError
from councilkit.model.facts import kwb_decimalen, kwb_tabellen

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection


def _sidecar(path: Path, what: str) -> Path | None:
    """`cbs.v3.84799NED_DataProperties.parquet` beside `cbs.v3.84799NED_TypedDataSet.parquet`."""
    stem = re.sub(r"_?(TypedDataSet|UntypedDataSet|DataSet)$", "", path.stem, flags=re.I)
    for suffix in (".parquet", ".json", ".csv"):
        for name in (f"{stem}_{what}{suffix}", f"{stem}{what}{suffix}", f"{what}{suffix}"):
            candidate = path.with_name(name)
            if candidate.exists() and candidate != path:
                return candidate
    return None


def _read_records(con: DuckDBPyConnection, path: Path) -> list[dict[str, Any]]:
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
    #: The stored measure name: the key without its suffix, or — where two columns of one yearly
    #: table share that key — with the unit or a number added ("Appartement (kWh)").
    name: str = ""
    kind: str | None = None


def sidecars(path: Path) -> list[Path]:
    """The DataProperties, Metadata and region-dimension files read with a CBS table at `path`."""
    found = [
        _sidecar(path, "DataProperties"),
        _sidecar(path, "Metadata") or _sidecar(path, "TableInfos"),
        _region_dimension(path),
    ]
    return [f for f in found if f is not None]


#: The OData collections of a table's region dimension: `Key` (the code) and `Title` (its name).
_REGION_DIMENSIONS = ("WijkenEnBuurten", "RegioS", "Gemeenten", "Wijken")


def _region_dimension(path: Path) -> Path | None:
    """`cbs.v3.84799NED_WijkenEnBuurten.parquet` beside the TypedDataSet: the names of the regions."""
    for name in _REGION_DIMENSIONS:
        found = _sidecar(path, name)
        if found is not None:
            return found
    return None


def _stage_region_names(
    con: DuckDBPyConnection,
    source: SourceFile,
    region: str,
    period_expr: str,
    row_filter: str,
    text_columns: list[str],
) -> bool:
    """Region names into `_namen_raw` (regio_raw, periode_raw, naam, gemeente): the wijk's or buurt's
    own name from the table's region dimension (`Key`, `Title`) when it lies beside the file, and the
    gemeente a region lies in from the `Gemeentenaam` column. False when the file gives neither."""
    gemeente_col = next((c for c in text_columns if nz.strip_cbs_suffix(c) == "Gemeentenaam"), None)
    dimension = _region_dimension(source.path)
    titles: list[tuple[str, str]] = []
    if dimension is not None:
        for record in _read_records(con, source.literal(dimension)):
            key, title = str(record.get("Key") or "").strip(), str(record.get("Title") or "").strip()
            if key and title and title != ".":
                titles.append((key, " ".join(title.split())))
    if gemeente_col is None and not titles:
        return False
    values_table(con, "_dim", ["sleutel", "titel"], titles)

    def text(expr: str) -> str:
        return f"nullif(nullif(trim(CAST({expr} AS VARCHAR)), ''), '.')"

    gemeente = text(q(gemeente_col)) if gemeente_col else "NULL"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _namen_raw AS SELECT n.regio_raw, n.periode_raw, d.titel AS naam, "
        f"n.gemeente FROM (SELECT DISTINCT trim(CAST({q(region)} AS VARCHAR)) AS regio_raw, {period_expr} "
        f"AS periode_raw, {gemeente} AS gemeente FROM _raw {row_filter}) n "
        "LEFT JOIN _dim d ON d.sleutel = n.regio_raw"
    )
    con.execute("DROP TABLE _dim")
    return True


def _published(meta: dict[str, Any]) -> dt.datetime | None:
    """CBS's own date of this edition of the table (`Modified`, else `Updated`)."""
    for key in ("Modified", "Updated", "MetaDataModified"):
        value = meta.get(key)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        if value:
            try:
                return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
            except ValueError:
                continue
    return None


def _status_from_description(text: str | None) -> str:
    low = (text or "").lower()
    if "nader voorlopig" in low:
        return nz.NADER_VOORLOPIG
    if re.search(r"\bvoorlopige?\b", low):
        return nz.VOORLOPIG
    return nz.DEFINITIEF


def stage_cbs(con: DuckDBPyConnection, source: SourceFile, fmt: str) -> Staged:
    """A CBS TypedDataSet (one table) or stacked KWB tables (with `Peildatum`)."""
    staged = Staged(formaat=fmt)
    path = source.path
    try:
        if source.kind == "parquet":
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_parquet(?)", [str(source.literal())]
            )
        elif source.kind == "json":
            # one OData document is one JSON object: allow its size, but no more (DuckDB allocates it)
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_json(?, maximum_object_size = ?)",
                [str(source.literal()), max(source.size + 1024, 16 * 1024 * 1024)],
            )
            cols = [r[0] for r in con.execute("DESCRIBE _raw").fetchall()]
            if "value" in cols:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _raw AS SELECT unnest(value, recursive := true) FROM _raw"
                )
        elif source.kind == "csv":
            header = [clean_header(c) for c in source.head[0]]
            spec = "{" + ", ".join(f"{lit(h)}: 'VARCHAR'" for h in header) + "}"
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_csv(?, delim = ?, quote = '\"', "
                f"header = false, skip = {source.head_lines[0]}, columns = {spec}, auto_detect = false, "
                "strict_mode = true, encoding = 'utf-8')",
                [str(source.text_path), source.delimiter],
            )
        else:
            raise source.error("een CBS-tabel is parquet, CSV of JSON", hint="kies een andere --format")
    except InputError:
        raise
    except Exception as exc:
        if source.kind == "csv":
            raise broken_csv(source, source.head_lines[0] + 1, len(source.head[0]), exc) from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise source.error(
            f"het bestand kan niet gelezen worden als {source.kind}: afgebroken of beschadigd ({first})",
            hint="download de tabel opnieuw",
        ) from exc

    described = con.execute("DESCRIBE _raw").fetchall()
    columns = [r[0] for r in described]
    refuse_client_headers(source, columns, 1)
    props_path = _sidecar(path, "DataProperties")
    props = (
        {str(p.get("Key")): p for p in _read_records(con, source.literal(props_path))} if props_path else {}
    )
    meta_path = _sidecar(path, "Metadata") or _sidecar(path, "TableInfos")
    meta = _read_records(con, source.literal(meta_path))[0] if meta_path else {}
    staged.rijen = aggregate(con.execute("SELECT count(*) FROM _raw"))[0]
    if staged.rijen == 0:
        raise source.error("de tabel bevat geen rijen", hint="download de tabel opnieuw, met cijfers")
    staged.gepubliceerd = _published(meta)
    staged.gepubliceerd_bron = "metadata" if staged.gepubliceerd else None
    staged.getypeerd = source.kind != "csv" or bool(props)

    region = next((c for c in columns if c in CBS_REGION_COLUMNS), None)
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
        kwb_tables = kwb_tabellen()
        if year is None and table_id in kwb_tables.values():
            year = nz.ParsedPeriod(next(y for y, t in kwb_tables.items() if t == table_id))
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
            or (not props and not CBS_KEY.match(c))
        )
    ]

    measures: list[_Measure] = []
    text_columns: list[str] = []
    boundary_columns: list[str] = []
    for c in columns:
        if not CBS_KEY.match(c) or c in dims:
            continue
        stem = nz.strip_cbs_suffix(c)
        prop = props.get(c)
        if stem in INDELING_STEMS:
            boundary_columns.append(c)
            continue
        if stem in CBS_TEXT_STEMS or (
            prop and (prop.get("Datatype") == "String" or prop.get("Unit") == "code")
        ):
            text_columns.append(c)
            continue
        if prop:
            measure = _Measure(
                c,
                stem,
                int(prop.get("Decimals") or 0),
                nz.parse_unit(prop.get("Unit")),
                _status_from_description(prop.get("Description")),
                str(prop.get("Datatype") or ""),
            )
        else:
            unit = KWB_UNITS.get(stem)
            # the decimals CBS publishes a KWB measure with (`frameworks/cbs-tabellen.yaml`): for a
            # KWB CSV without its DataProperties that lost its decimal separators ("23" = 2,3)
            decimals = kwb_decimalen().get(stem)
            measure = _Measure(
                c,
                stem,
                decimals,
                nz.parse_unit(unit) if unit else None,
                None,
                "Double" if decimals else None,
            )
        measure.name = stem
        measures.append(measure)
    if text_columns:
        shown = ", ".join(text_columns[:4]) + (" …" if len(text_columns) > 4 else "")
        staged.skip(f"tekst- en codekolommen ({shown})", len(text_columns))
    if not measures:
        raise source.error("CBS-tabel zonder kolommen met cijfers (sleutels als WmoClienten_89)")
    # other dimensions (TypeMaatwerkvoorziening, Geslacht …): keep only the totals
    where = []
    for d in dims:
        totals = aggregate(
            con.execute(f"SELECT count(*) FILTER (WHERE trim({q(d)}) LIKE 'T00%'), count(*) FROM _raw")
        )
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
    # NaN and infinity in a typed file are no figures
    cell = (
        "(CASE WHEN isfinite(TRY_CAST({0} AS DOUBLE)) THEN TRY_CAST({0} AS DOUBLE) END)"
        if typed
        else "trim(CAST({0} AS VARCHAR))"
    )
    if boundary_columns:
        # CBS's marker of re-drawn wijken and buurten, per region and year (1, 2 or 3)
        code = (
            "coalesce("
            + ", ".join(f"nullif(trim(CAST({q(c)} AS VARCHAR)), '')" for c in boundary_columns)
            + ")"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _indeling_raw AS SELECT * FROM (SELECT trim(CAST({q(region)} AS VARCHAR)) "
            f"AS regio_raw, {period_expr} AS periode_raw, {code} AS code FROM _raw {row_filter}) "
            "WHERE code IN ('1', '2', '3')"
        )
    names = _stage_region_names(con, source, region, period_expr, row_filter, text_columns)
    unpivoted = measures
    if typed:
        # A typed column without a single figure (not yet published; 68 of the 109 in 84799NED) would
        # only add empty cells to `_cells` that every later step skips: counted on the wide table, left
        # out of the long one. (A CSV's empty column holds texts like '.', which the checks must see.)
        counts = aggregate(
            con.execute(
                "SELECT "
                + ", ".join(f"count({cell.format(q(m.column))})" for m in measures)
                + f" FROM _raw {row_filter}"
            )
        )
        unpivoted = [m for m, n in zip(measures, counts, strict=True) if n] or measures
    value_cols = ", ".join(f"{cell.format(q(m.column))} AS {q(m.column)}" for m in unpivoted)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _cells AS SELECT * FROM (SELECT trim(CAST({q(region)} AS VARCHAR)) "
        f"AS regio_raw, {period_expr} AS periode_raw, {value_cols} FROM _raw {row_filter}) "
        f"UNPIVOT INCLUDE NULLS (t FOR kol IN ({', '.join(q(m.column) for m in unpivoted)}))"
    )
    con.execute("DROP TABLE _raw")
    if typed:
        stats = con.execute(
            "SELECT periode_raw, kol, count(t), 0, 0, NULL FROM _cells GROUP BY ALL"
        ).fetchall()
        bsn_rows = con.execute(
            "SELECT kol, any_value(CAST(CAST(t AS BIGINT) AS VARCHAR)) FROM _cells WHERE t >= 100000000 "
            f"AND t < 1000000000 AND t = trunc(t) AND {nz.elfproef_sql('CAST(CAST(t AS BIGINT) AS VARCHAR)')} "
            "GROUP BY kol"
        ).fetchall()
    else:
        filled = f"t NOT IN {MISSING_SQL}"
        stats = con.execute(
            f"""SELECT periode_raw, kol, count(*) FILTER (WHERE {filled}),
                count(*) FILTER (WHERE {filled} AND TRY_CAST(t AS DOUBLE) IS NULL),
                count(*) FILTER (WHERE (t LIKE '%.%' AND t <> '.') OR t LIKE '%,%'),
                any_value(t) FILTER (WHERE {filled} AND TRY_CAST(t AS DOUBLE) IS NULL)
            FROM _cells WHERE t IS NOT NULL GROUP BY ALL"""
        ).fetchall()
        bsn_rows = con.execute(
            f"SELECT kol, any_value(t) FROM _cells WHERE length(t) = 9 AND {nz.elfproef_sql('t')} GROUP BY kol"
        ).fetchall()
    bsn_counts = dict(bsn_rows)
    per_column: dict[str, list[int]] = {}
    allowed: list[tuple[str, str]] = []
    for period, kol, filled_n, bad, separators, example in stats:
        agg = per_column.setdefault(kol, [0, 0])
        agg[0] += filled_n
        agg[1] += separators
        if bad:
            header = [clean_header(c) for c in source.head[0]] if source.head else []
            col = header.index(kol) if kol in header else None
            wanted = str(example)
            line = (
                find_line(source, source.head_lines[0] + 1, col, lambda s: s.strip() == wanted)  # noqa: B023 (raised at once)
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
    by_column = {m.column: m for m in measures}
    for kol, example in bsn_counts.items():
        m = by_column.get(kol)
        if m is None or nz.is_amount(m.stem, m.unit):  # nine digits in euros: an amount, no BSN
            continue
        header = [clean_header(c) for c in source.head[0]] if source.head else []
        col = header.index(kol) if kol in header else None
        line = (
            find_line(source, source.head_lines[0] + 1, col, lambda s: s.strip() == str(example))  # noqa: B023
            if col is not None
            else None
        )
        raise source.error(
            f"kolom '{kol}' bevat een nummer dat de elfproef haalt (een BSN?): councilkit verwerkt alleen "
            "geaggregeerde cijfers, geen gegevens over personen",
            line=line,
            column=None if col is None else col + 1,
            hint="verwijder het bestand en importeer een export met totalen per regio en periode",
        )
    empty_cols = [m.column for m in measures if not per_column.get(m.column, [0])[0]]
    if empty_cols:
        staged.skip("lege kolommen (nog niet gepubliceerd of niet van dit jaar)", len(empty_cols))
    periods_seen = {period for period, _ in allowed}
    if len(periods_seen) <= 1:  # one table: every column counts, filled or not
        only = next(iter(periods_seen), fixed_period or "")
        _name_twins(measures, [(only, m.column) for m in measures], staged)
    else:
        _name_twins(measures, allowed, staged)
    for m in measures:
        m.kind = nz.measure_kind(m.stem, m.unit, datatype=m.datatype)
    doubles = [m.column for m in measures if (m.decimals or 0) > 0]
    lost = not typed and bool(doubles) and not any(per_column.get(c, [0, 0])[1] for c in doubles)
    meta_rows = [(m.column, m.name, m.unit, m.status, m.kind) for m in measures]
    values_table(con, "_maten", ["kol", "naam", "eenheid", "status", "soort"], meta_rows)
    values_table(con, "_toegestaan", ["p", "kol"], allowed)
    restore_join = ""
    onzeker_expr = "NULL"
    if typed:
        v_expr = "c.t"
    elif not lost:
        v_expr = "TRY_CAST(c.t AS DOUBLE)"
    else:
        _restore(con, measures, staged)
        restore_join = "LEFT JOIN _hersteld h ON h.regio_raw = c.regio_raw AND h.periode_raw = c.periode_raw AND h.kol = c.kol"
        v_expr = "coalesce(TRY_CAST(h.waarde AS DOUBLE), TRY_CAST(c.t AS DOUBLE))"
        onzeker_expr = "h.onzeker"
    stacked = len({m.name for m in measures}) < len(measures)
    raws = [r[0] for r in con.execute("SELECT DISTINCT regio_raw FROM _cells").fetchall()]
    regions = [(raw, nz.parse_region(raw or "")) for raw in raws]
    unknown = [raw for raw, code in regions if code is None]
    if unknown:
        staged.skip(f"regio's met een onbekende code (bijv. '{unknown[0]}')", len(unknown))
    values_table(con, "_reg", ["raw", "regio"], [(r, c) for r, c in regions if c])
    praws = [r[0] for r in con.execute("SELECT DISTINCT periode_raw FROM _cells").fetchall()]
    pers = []
    for raw in praws:
        parsed = nz.parse_period(raw or "")
        if parsed is None:
            raise source.error(f"onbekende periode '{raw}' in kolom {period_col}")
        pers.append((raw, parsed.periode, parsed.status))
    values_table(con, "_per", ["raw", "periode", "status"], pers)
    kwb_tables = kwb_tabellen()
    kwb = {p: kwb_tables.get(p, f"Kerncijfers wijken en buurten {p}") for _, p, _ in pers}
    table_case = (
        lit(table_id)
        if table_id
        else "CASE p.periode " + " ".join(f"WHEN {lit(p)} THEN {lit(t)}" for p, t in kwb.items()) + " END"
    )
    # Joins that change nothing are left out (each is a pass over every cell): in a typed table whose
    # every (period, column) in `_cells` has figures, all cells are allowed; regions that are all
    # known and (but for a few, mapped in place) written as their code need no join.
    every_cell = typed and len(allowed) == len(stats)
    renamed = [(raw, code) for raw, code in regions if code and raw != code]  # NL00 → NL01
    as_written = not unknown and len(renamed) <= 20
    regio_ref = "c.regio_raw" if as_written else "r.regio"
    if as_written and renamed:
        whens = " ".join(f"WHEN {lit(raw)} THEN {lit(code)}" for raw, code in renamed)
        regio_ref = f"(CASE c.regio_raw {whens} ELSE c.regio_raw END)"
    joins = (
        "FROM _cells c "
        + ("" if every_cell else "JOIN _toegestaan a ON a.p = c.periode_raw AND a.kol = c.kol ")
        + "JOIN _maten m ON m.kol = c.kol "
        + ("" if as_written else "JOIN _reg r ON r.raw = c.regio_raw ")
        + f"JOIN _per p ON p.raw = c.periode_raw {restore_join}"
    )
    if stacked:  # several yearly columns per measure: only the one of the cell's year is allowed
        con.execute(
            f"""{STAGE_INSERT_ALL}
            SELECT m.naam, {regio_ref}, p.periode, any_value({v_expr}) FILTER (WHERE c.t IS NOT NULL),
                   any_value(m.eenheid), coalesce(any_value(p.status), any_value(m.status)),
                   CASE WHEN count(c.t) = 0 THEN 'ontbrekend' END, any_value({table_case}),
                   any_value({onzeker_expr}), any_value(m.soort), ''
            {joins} GROUP BY m.naam, {regio_ref}, p.periode"""
        )
    elif not lost:
        # one row per cell: no copy into `_stage`; the store reads this query over `_cells` once
        # (and drops `_cells` after the import)
        staged.relatie = (
            f"SELECT m.naam AS bron_maat, {regio_ref} AS regio, p.periode AS periode, {v_expr} AS waarde, "
            "m.eenheid AS eenheid, coalesce(p.status, m.status) AS status, "
            f"CASE WHEN c.t IS NULL THEN 'ontbrekend' END AS vlag, {table_case} AS tabel, "
            f"{onzeker_expr} AS onzeker, m.soort AS soort, '' AS reeks {joins}"
        )
        staged.maten = sorted({by_column[kol].name for _, kol in allowed})
        # the provenance of every row above, from the small tables alone (a superset: a measure
        # and period without rows gets no provenance row)
        staged.herkomst = (
            f"SELECT DISTINCT m.naam AS bron_maat, m.eenheid AS eenheid, {table_case} AS tabel, m.soort AS soort, "
            "'' AS reeks FROM _toegestaan a JOIN _maten m ON m.kol = a.kol JOIN _per p ON p.raw = a.p"
        )
        staged.tijdelijk.append("_cells")
    else:
        con.execute(
            f"""{STAGE_INSERT_ALL}
            SELECT m.naam, {regio_ref}, p.periode, {v_expr}, m.eenheid, coalesce(p.status, m.status),
                   CASE WHEN c.t IS NULL THEN 'ontbrekend' END, {table_case}, {onzeker_expr}, m.soort, ''
            {joins}"""
        )
    if staged.relatie is None:
        con.execute("DROP TABLE _cells")
    if lost:
        _flag_tenfold_jumps(con, staged)
    if boundary_columns:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _indeling AS SELECT r.regio, p.periode, i.code, {table_case} AS tabel "
            "FROM _indeling_raw i JOIN _reg r ON r.raw = i.regio_raw JOIN _per p ON p.raw = i.periode_raw"
        )
        con.execute("DROP TABLE _indeling_raw")
        staged.indelingen = True
        redrawn = aggregate(con.execute("SELECT count(*) FROM _indeling WHERE code = '3'"))[0]
        if redrawn:
            staged.opmerkingen.append(
                f"{nl_int(redrawn)} keer een wijk of buurt met gewijzigde grenzen (CBS-indelingswijziging); "
                "vergelijkingen met het jaar ervoor worden gemarkeerd"
            )
    if names:
        # a gemeente's own name is its Gemeentenaam; a wijk or buurt keeps the gemeente it lies in
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _regionamen AS SELECT r.regio, p.periode, "
            "coalesce(any_value(n.naam), CASE WHEN r.regio LIKE 'GM%' THEN any_value(n.gemeente) END) AS naam, "
            f"any_value(n.gemeente) AS gemeente, any_value({table_case}) AS tabel "
            "FROM _namen_raw n JOIN _reg r ON r.raw = n.regio_raw JOIN _per p ON p.raw = n.periode_raw "
            "GROUP BY r.regio, p.periode"
        )
        con.execute("DROP TABLE _namen_raw")
        staged.regionamen = True
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


def _name_twins(measures: list[_Measure], allowed: list[tuple[str, str]], staged: Staged) -> None:
    """Give columns that share a key without suffix within one yearly table their own name.

    `Appartement_48` (kWh) and `Appartement_56` (m³) are different measures: named by unit when the
    units differ ("Appartement (kWh)"), else numbered in table order ("Nederland (2)"). Nothing is
    merged, and the report says which columns were renamed.
    """
    by_column = {m.column: m for m in measures}
    per_year: dict[str, dict[str, list[_Measure]]] = defaultdict(lambda: defaultdict(list))
    for period, column in allowed:
        m = by_column.get(column)
        if m is not None:
            per_year[period][m.stem].append(m)
    renamed: dict[str, str] = {}
    for stems in per_year.values():
        for stem, group in stems.items():
            if len(group) < 2:
                continue
            group = sorted(group, key=lambda m: int(m.column.rsplit("_", 1)[1]))
            twins = KWB_TWINS.get(stem)
            if twins and len(twins) == len(group):
                for m, (_, unit) in zip(group, twins, strict=True):
                    m.unit = m.unit if m.unit and m.unit != "aantal" else unit
            units = [m.unit for m in group]
            by_unit = all(units) and len(set(units)) == len(units)
            for i, m in enumerate(group):
                if m.column in renamed:
                    continue
                m.name = f"{stem} ({m.unit})" if by_unit else f"{stem} ({i + 1})"
                renamed[m.column] = m.name
    if renamed:
        shown = ", ".join(f"{c} → '{n}'" for c, n in sorted(renamed.items())[:6])
        more = f" en {len(renamed) - 6} meer" if len(renamed) > 6 else ""
        staged.opmerkingen.append(
            f"{len(renamed)} kolommen hebben zonder volgnummer dezelfde naam als een andere maat van hetzelfde "
            f"jaar; apart bewaard onder eigen naam: {shown}{more}"
        )


def _restore(con: DuckDBPyConnection, measures: list[_Measure], staged: Staged) -> None:
    """Lost decimal separators: decide every cell with `restore_decimals`, into `_hersteld`."""
    doubles = {m.column: m for m in measures if (m.decimals or 0) > 0}
    support = {m.column: m for m in measures if m.stem in SUPPORT_STEMS}
    decimals = {c: m.decimals or 0 for c, m in doubles.items()}
    # A measure CBS publishes whole may have had a decimal in one edition (MediaanVermogen… in the
    # 2022 and 2024 tables): that year's column then sits about ten times above its neighbours.
    whole = {m.column: m for m in measures if not m.decimals and (m.kind or "aantal") != "aantal"}
    medians: dict[str, dict[str, float]] = defaultdict(dict)
    column_at: dict[tuple[str, str], str] = {}
    for column, period, median in con.execute(
        "SELECT kol, periode_raw, median(TRY_CAST(t AS DOUBLE)) FROM _cells "
        "WHERE kol IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND TRY_CAST(t AS DOUBLE) > 0 GROUP BY ALL",
        [sorted(whole)],
    ).fetchall():
        parsed = nz.parse_period(period or "")
        if parsed is not None:
            medians[whole[column].stem][parsed.periode] = median
            column_at[(whole[column].stem, parsed.periode)] = column
    for year, stem in tenfold_columns(medians):
        column = column_at[(stem, year)]
        doubles[column], decimals[column] = whole[column], 1
        staged.opmerkingen.append(
            f"kolom {column} ({year}) staat tien keer hoger dan de jaren ernaast: die editie had een "
            "decimaal; hersteld als kommagetal"
        )
    periods = {
        raw: nz.parse_period(raw or "")
        for (raw,) in con.execute("SELECT DISTINCT periode_raw FROM _cells").fetchall()
    }
    canon = {raw: (p.periode if p else str(raw)) for raw, p in periods.items()}
    cells = con.execute(
        "SELECT regio_raw, periode_raw, kol, t FROM _cells WHERE kol IN (SELECT unnest(CAST(? AS VARCHAR[]))) "
        "AND regexp_full_match(t, '-?[0-9]+')",
        [sorted(doubles)],
    ).fetchall()
    counts = con.execute(
        "SELECT regio_raw, periode_raw, kol, TRY_CAST(t AS DOUBLE) FROM _cells "
        "WHERE kol IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND TRY_CAST(t AS DOUBLE) IS NOT NULL",
        [sorted(support)],
    ).fetchall()
    result = restore_decimals(
        ((r, canon[p], doubles[k].stem, k, t) for r, p, k, t in cells),
        ((r, canon[p], support[k].stem, v) for r, p, k, v in counts),
        decimals,
    )
    back = {v: k for k, v in canon.items()}
    rows = [
        (region, back[period], column, repr(value), doubt)
        for (region, period, column), (value, doubt) in result.values.items()
    ]
    values_table(con, "_hersteld", ["regio_raw", "periode_raw", "kol", "waarde", "onzeker"], rows)
    how = ", ".join(f"{nl_int(n)} door {why}" for why, n in sorted(result.decided_by.items()))
    staged.opmerkingen.append(
        "decimaalteken verloren gegaan in de kolommen met kommagetallen; per cel hersteld met de signalen "
        f"in het bestand ({how or 'geen'}); aantallen zijn niet geraakt"
    )
    if result.doubtful:
        staged.opmerkingen.append(
            f"{nl_int(result.doubtful)} cijfers blijven onzeker en zijn zo gemarkeerd ('onzeker'); importeer de "
            "getypeerde CBS-tabel (OData) om ze te beslechten"
        )


def _flag_tenfold_jumps(con: DuckDBPyConnection, staged: Staged) -> None:
    """Last check of a file that lost its separators: a figure (not a count) about ten times above or
    below both neighbouring years of its series is flagged `onzeker`, whatever decided it."""
    con.execute(
        """UPDATE _stage s SET onzeker = 'sprong van een factor 10 ten opzichte van de jaren ervoor en erna '
               || '(decimaalteken?): controleer de bron'
        FROM (SELECT bron_maat, regio, periode, waarde,
                     lag(waarde) OVER w AS voor, lead(waarde) OVER w AS na
              FROM _stage WHERE waarde IS NOT NULL AND length(periode) = 4
              WINDOW w AS (PARTITION BY bron_maat, regio ORDER BY periode)) j
        WHERE s.bron_maat = j.bron_maat AND s.regio = j.regio AND s.periode = j.periode
          AND s.onzeker IS NULL AND coalesce(s.soort, 'aantal') <> 'aantal' AND j.waarde <> 0
          AND (j.voor IS NOT NULL OR j.na IS NOT NULL)
          AND (j.voor IS NULL OR j.voor = 0 OR abs(log10(abs(j.waarde / j.voor))) BETWEEN 0.8 AND 1.2)
          AND (j.na IS NULL OR j.na = 0 OR abs(log10(abs(j.waarde / j.na))) BETWEEN 0.8 AND 1.2)"""
    )
    flagged = aggregate(
        con.execute("SELECT count(*) FROM _stage WHERE onzeker LIKE 'sprong van een factor 10%'")
    )[0]
    if flagged:
        staged.opmerkingen.append(
            f"{nl_int(flagged)} cijfers liggen een factor 10 naast de jaren ervoor en erna en zijn als onzeker gemarkeerd"
        )
