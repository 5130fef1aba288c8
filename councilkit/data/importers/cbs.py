"""CBS OData TypedDataSets (parquet, CSV or JSON, with DataProperties and Metadata beside them) and
several yearly KWB tables stacked in one CSV with a `Peildatum` column (the Almere file)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    BSN_MIN_VALUES,
    BSN_SHARE,
    CBS_KEY,
    CBS_REGION_COLUMNS,
    MISSING_SQL,
    Staged,
    broken_csv,
    clean_header,
    lit,
    q,
    refuse_client_headers,
    values_table,
)
from councilkit.data.importers.kwb import CBS_TEXT_STEMS, KWB_DECIMALS, KWB_TABLES
from councilkit.data.sources import SourceFile, find_line
from councilkit.errors import InputError


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
    props = {str(p.get("Key")): p for p in _read_records(con, props_path)} if props_path else {}
    meta_path = _sidecar(path, "Metadata") or _sidecar(path, "TableInfos")
    meta = _read_records(con, meta_path)[0] if meta_path else {}
    staged.rijen = con.execute("SELECT count(*) FROM _raw").fetchone()[0]
    if staged.rijen == 0:
        raise source.error("de tabel bevat geen rijen")

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
            or (not props and not CBS_KEY.match(c))
        )
    ]

    measures: list[_Measure] = []
    text_columns: list[str] = []
    for c in columns:
        if not CBS_KEY.match(c) or c in dims:
            continue
        stem = nz.strip_cbs_suffix(c)
        prop = props.get(c)
        if stem in CBS_TEXT_STEMS or (
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
        filled = f"t NOT IN {MISSING_SQL}"
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
    values_table(con, "_maten", ["kol", "stem", "deler", "eenheid", "status"], meta_rows)
    values_table(con, "_toegestaan", ["p", "kol"], allowed)
    if typed:
        v_expr = "c.t"
    elif not lost:
        v_expr = "TRY_CAST(c.t AS DOUBLE)"
    else:
        # Lost separators: CBS wrote 2.5 as "2.5" but 2.0 as "2"; with the dot gone, "25" is 2,5 and
        # "2" is 2,0. A value ending in 0 was whole; one shorter than the column's usual length too.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _lengte AS SELECT kol, mode(length(t)) AS usual FROM _cells "
            f"WHERE t NOT IN {MISSING_SQL} GROUP BY kol"
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
    values_table(con, "_reg", ["raw", "regio"], [(r, c) for r, c in regions if c])
    praws = [r[0] for r in con.execute("SELECT DISTINCT periode_raw FROM _cells").fetchall()]
    pers = []
    for raw in praws:
        parsed = nz.parse_period(raw or "")
        if parsed is None:
            raise source.error(f"onbekende periode '{raw}' in kolom {period_col}")
        pers.append((raw, parsed.periode, parsed.status))
    values_table(con, "_per", ["raw", "periode", "status"], pers)
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
