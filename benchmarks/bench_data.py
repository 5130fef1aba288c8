"""Benchmark: importing monitor data with councilkit against the obvious pandas route.

Run: `python benchmarks/bench_data.py [--rows-per-region 300]`. Figures go in benchmarks/README.md
("Monitordata"). Each import runs in a fresh child process that reports its own wall time and peak
memory (ru_maxrss), so the two routes never share a cache or an allocator.

1. The complete 84799NED table (17,341 rows × 118 columns, ../shared/research-data): councilkit
   `import_file` against pandas `read_parquet` + `melt` + insert into the same DuckDB store.
2. A generated national long-format export — all wijken and buurten × 30 indicators × 10 years,
   about 5 million rows, `;`-separated with decimal comma and `.` for missing, as a monitor gives
   it: councilkit against pandas `read_csv` + insert. The pandas route stores through DuckDB's
   DataFrame scan (`INSERT … SELECT FROM df`), the fastest way a DataFrame gets into DuckDB; a
   literal `DataFrame.to_sql` needs SQLAlchemy and duckdb_engine (not installed) and inserts row by
   row, so it would only be slower.
3. One municipality's series for one indicator from that 5-million-row store.
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

_PANDAS = """
import json, resource, sys, time
t = time.perf_counter()
import duckdb, pandas as pd
path = sys.argv[2]
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
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS observaties (indicator VARCHAR, regio VARCHAR, periode VARCHAR, waarde DOUBLE)")
con.execute("INSERT INTO observaties SELECT indicator, regio, periode, waarde FROM df")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-region", type=int, default=300, help="indicatoren × jaren per regio")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="councilkit-bench-") as tmp:
        tmpdir = Path(tmp)
        if KWB.exists():
            ck = child(_COUNCILKIT, str(tmpdir / "a.duckdb"), str(KWB))
            pd_ = child(_PANDAS, str(tmpdir / "b.duckdb"), str(KWB))
            print(
                f"84799NED   councilkit {ck['s']:.2f} s ({ck['rss_mb']:.0f} MB, {ck['cells']:,} cijfers) | "
                f"pandas {pd_['s']:.2f} s ({pd_['rss_mb']:.0f} MB, {pd_['cells']:,} cijfers)"
            )
        export = tmpdir / "landelijk.csv"
        t = time.perf_counter()
        rows = generate(export, args.rows_per_region)
        print(
            f"export: {rows:,} rijen, {export.stat().st_size / 1e6:.0f} MB (gemaakt in {time.perf_counter() - t:.1f} s)"
        )
        store = tmpdir / "landelijk.duckdb"
        ck = child(_COUNCILKIT, str(store), str(export))
        pd_ = child(_PANDAS, str(tmpdir / "pandas.duckdb"), str(export))
        print(
            f"5M lang    councilkit {ck['s']:.2f} s ({ck['rss_mb']:.0f} MB) | pandas {pd_['s']:.2f} s "
            f"({pd_['rss_mb']:.0f} MB) | {pd_['s'] / ck['s']:.1f}× sneller"
        )
        q = child(_QUERY, str(store), "wmo-clienten", "BU07580101" if KWB.exists() else "BU00000001")
        print(f"reeks      mediaan {q['median_ms']:.1f} ms, max {q['max_ms']:.1f} ms ({q['rows']} perioden)")


if __name__ == "__main__":
    main()
