"""Benchmark: importing monitor data with councilkit against the obvious pandas route.

Run: `python benchmarks/bench_data.py [--rows-per-region 300]` (needs the `bench` extra: SQLAlchemy
and duckdb_engine). Figures go in benchmarks/README.md ("Monitordata"). Every import runs in a fresh
child process that reports its own wall time and peak memory (ru_maxrss), so no two routes share a
cache or an allocator, and all routes read the same files in the same run.

Routes, each into a new store file made by `open_store` (so the same `observaties` table):

* councilkit — `Store.import_file` (checks, provenance, revisions);
* pandas `to_sql` — the route the issue names: `pd.read_csv` (long file) or `pd.read_parquet` + `melt`
  (wide 84799NED), then `DataFrame.to_sql(..., if_exists="append", index=False, chunksize=100_000)`
  through SQLAlchemy and duckdb_engine (default `method=None`, i.e. executemany per chunk: faster
  here than `method="multi"`);
* pandas DataFrame scan — the same DataFrame, stored with DuckDB's `INSERT … SELECT FROM df`, the
  fastest way from pandas into DuckDB (an extra column: not what the issue names).

Measurements:

1. the complete 84799NED table (17,341 rows × 118 columns, ../shared/research-data);
2. a generated national long-format export — all wijken and buurten × 30 indicators × 10 years, about
   5 million rows, `;`-separated with decimal comma and `.` for missing, as a monitor gives it;
3. one region's series for one indicator from the 5-million-row councilkit store.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KWB = (
    ROOT.parent
    / "shared"
    / "research-data"
    / "cbs-84799NED-kwb-2020"
    / "cbs.v3.84799NED_TypedDataSet.parquet"
)

_COUNCILKIT = """
import json, resource, sys, time
t = time.perf_counter()
from councilkit.data.store import open_store
with open_store(sys.argv[1], create=True, read_only=False) as db:
    r = db.import_file(sys.argv[2])
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cells": r.cellen}))
"""

# The pandas routes: read (and melt) the file, then store it with `to_sql` or with DuckDB's DataFrame scan.
_PANDAS = """
import json, resource, sys, time
t = time.perf_counter()
import pandas as pd
from councilkit.data.store import open_store
store, path, how = sys.argv[1:4]
open_store(store, create=True, read_only=False).close()
if path.endswith(".parquet"):
    wide = pd.read_parquet(path)
    wide["WijkenEnBuurten"] = wide["WijkenEnBuurten"].str.strip()
    numeric = [c for c in wide.columns if c != "ID" and pd.api.types.is_numeric_dtype(wide[c])]
    df = wide.melt(id_vars=["WijkenEnBuurten"], value_vars=numeric, var_name="indicator", value_name="waarde")
    df = df.rename(columns={"WijkenEnBuurten": "regio"})
    df["indicator"] = df["indicator"].str.replace(r"_\\d+$", "", regex=True)
    df["periode"] = "2020"
else:
    df = pd.read_csv(path, sep=";", decimal=",", thousands=".", na_values=[".", "x", "-", "-99998"],
                     dtype={"indicator": "string", "regio": "string", "periode": "string"})
df = df[["indicator", "regio", "periode", "waarde"]]
if how == "to_sql":
    from sqlalchemy import create_engine
    engine = create_engine(f"duckdb:///{store}")
    df.to_sql("observaties", engine, if_exists="append", index=False, chunksize=100_000)
    engine.dispose()
import duckdb
con = duckdb.connect(store)
if how == "scan":
    con.execute("INSERT INTO observaties (indicator, regio, periode, waarde) SELECT indicator, regio, periode, waarde FROM df")
cells = con.execute("SELECT count(*) FROM observaties").fetchone()[0]
con.close()
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cells": cells}))
"""

_QUERY = """
import json, statistics, sys, time
from councilkit.data.store import open_store
with open_store(sys.argv[1]) as db:
    db.series(sys.argv[2], sys.argv[3])
    times = []
    for _ in range(20):
        t = time.perf_counter()
        rows = db.series(sys.argv[2], sys.argv[3])
        times.append(time.perf_counter() - t)
print(json.dumps({"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "rows": len(rows)}))
"""


def child(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def generate(path: Path, rows_per_region: int) -> int:
    """All wijken and buurten of 84799NED (or synthetic codes) × 30 indicators × 10 years."""
    import duckdb

    from councilkit.model.catalogue import load_catalogue

    con = duckdb.connect()
    if KWB.exists():
        con.execute(
            f"CREATE TABLE r AS SELECT trim(WijkenEnBuurten) AS regio FROM read_parquet('{KWB}') "
            "WHERE SoortRegio_2 LIKE 'Buurt%' OR SoortRegio_2 LIKE 'Wijk%'"
        )
    else:
        con.execute(
            "CREATE TABLE r AS SELECT 'BU' || lpad(CAST(i AS VARCHAR), 8, '0') AS regio FROM range(17000) t(i)"
        )
    ids = [i.id for i in load_catalogue().indicatoren][:30]
    ids += [f"eigen-indicator-{n}" for n in range(30 - len(ids))]
    years = rows_per_region // len(ids)
    con.execute("CREATE TABLE i AS SELECT unnest(?) AS indicator", [ids])
    con.execute(
        f"""COPY (
            SELECT indicator, regio, CAST(2015 + y AS VARCHAR) AS periode,
                   CASE WHEN hash(indicator, regio, y) % 50 = 0 THEN '.'
                        ELSE replace(printf('%.1f', (hash(regio, indicator, y) % 100000) / 10.0), '.', ',') END AS waarde
            FROM r, i, range({years}) t(y)) TO '{path}' (HEADER, DELIMITER ';', QUOTE '')"""
    )
    return con.execute(f"SELECT count(*) FROM read_csv('{path}', delim=';')").fetchone()[0]


def _routes(tmpdir: Path, name: str, path: Path) -> dict[str, dict]:
    """The three routes on one file, one after the other, each in its own process and store."""
    out = {"councilkit": child(_COUNCILKIT, str(tmpdir / f"{name}-ck.duckdb"), str(path))}
    for how in ("to_sql", "scan"):
        out[how] = child(_PANDAS, str(tmpdir / f"{name}-{how}.duckdb"), str(path), how)
    ck = out["councilkit"]
    print(f"{name}: {ck['cells']:,} cijfers in councilkit; pandas schrijft {out['scan']['cells']:,} rijen")
    for route, r in out.items():
        print(
            f"  {route:<11} {r['s']:8.2f} s  {r['rss_mb']:6.0f} MB  "
            f"(councilkit {r['s'] / ck['s']:.1f}× zo snel)"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-region", type=int, default=300, help="indicatoren × jaren per regio")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, belasting bij start {load:.1f}")
    with tempfile.TemporaryDirectory(prefix="councilkit-bench-") as tmp:
        tmpdir = Path(tmp)
        if KWB.exists():
            _routes(tmpdir, "84799NED", KWB)
        export = tmpdir / "landelijk.csv"
        t = time.perf_counter()
        rows = generate(export, args.rows_per_region)
        print(
            f"export: {rows:,} rijen, {export.stat().st_size / 1e6:.0f} MB (gemaakt in {time.perf_counter() - t:.1f} s)"
        )
        _routes(tmpdir, "landelijk", export)
        store = tmpdir / "landelijk-ck.duckdb"
        q = child(_QUERY, str(store), "wmo-clienten", "BU07580101" if KWB.exists() else "BU00000001")
        print(f"reeks      mediaan {q['median_ms']:.1f} ms, max {q['max_ms']:.1f} ms ({q['rows']} perioden)")
    print(f"belasting aan het eind {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
