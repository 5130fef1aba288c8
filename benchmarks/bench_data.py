"""Benchmark: importing monitor data with councilkit against the obvious pandas route.

Run: `python benchmarks/bench_data.py [--rows-per-region 300]` (needs the `bench` extra: SQLAlchemy
and duckdb_engine). Figures go in benchmarks/README.md ("Monitordata"). Every import runs in a fresh
child process that reports its own wall time and peak memory (ru_maxrss), so no two routes share a
cache or an allocator, and all routes read the same files in the same run.

Routes, each into a new DuckDB file (councilkit's made by `open_store`; the pandas routes write a plain
table `observaties` of indicator, regio, periode, waarde, as an analyst would):

* councilkit — `Store.import_file` (checks, provenance, revisions);
* pandas `to_sql` — the route the issue names: `pd.read_csv` (long file) or `pd.read_parquet` + `melt`
  (wide 84799NED), then `DataFrame.to_sql(..., if_exists="append", index=False, chunksize=100_000)`
  through SQLAlchemy and duckdb_engine (default `method=None`, i.e. executemany per chunk: faster
  here than `method="multi"`);
* pandas DataFrame scan — the same DataFrame, stored with DuckDB's `CREATE TABLE … AS SELECT … FROM df`, the
  fastest way from pandas into DuckDB (an extra column: not what the issue names).

Measurements:

1. the complete 84799NED table (17,341 rows × 118 columns, ../shared/research-data);
2. a generated national long-format export — all wijken and buurten × 30 indicators × 10 years, about
   5 million rows, `;`-separated with decimal comma and `.` for missing, as a monitor gives it;
3. one region's series for one indicator from the 5-million-row councilkit store.

`--doelen` runs the speed aims of issue 8 instead, each against its baseline in the same run:

* the long export at 1, 2,5 and 5 million rows: councilkit against DuckDB's bare `read_csv` of the same
  file into a table (told the delimiter, decimal comma and missing marker, so that the figures become
  numbers as in the store: the stricter baseline; also `read_csv` with no options at all, whose figures
  stay text), against the same bare read written into the store's own tables without checks
  (the floor the layout sets) and against pandas `read_csv` + DuckDB's DataFrame scan (growth per size), run
  interleaved and repeated (`--rondes`), with wall time, CPU time and peak memory per child;
* a second version of the 5-million-row export with 1% of the values changed, imported into the store
  of the first: time against the first import, and peak memory against the store's 1 GB limit;
* 84799NED (parquet) against a bare `read_parquet` into a table;
* `councilkit data show` as a whole process against a process that only imports duckdb.
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
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": u.ru_maxrss / 1024, "cpu_s": u.ru_utime + u.ru_stime,
                  "cells": r.cellen}))
"""

# The pandas routes: read (and melt) the file, then store it with `to_sql` or with DuckDB's DataFrame scan.
_PANDAS = """
import json, resource, sys, time
t = time.perf_counter()
import pandas as pd
store, path, how = sys.argv[1:4]
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
    con.execute("CREATE TABLE observaties AS SELECT indicator, regio, periode, waarde FROM df")
cells = con.execute("SELECT count(*) FROM observaties").fetchone()[0]
con.close()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": u.ru_maxrss / 1024, "cpu_s": u.ru_utime + u.ru_stime,
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
    chosen = load_catalogue().indicatoren[:30]
    ids = [i.id for i in chosen] + [f"eigen-indicator-{n}" for n in range(30 - len(chosen))]
    counts = [bool(i.telling) for i in chosen] + [False] * (30 - len(chosen))
    years = rows_per_region // len(ids)
    con.execute("CREATE TABLE i AS SELECT unnest(?) AS indicator, unnest(?) AS telling", [ids, counts])
    # counts of persons are whole numbers (as in a real export), the other figures have a decimal
    con.execute(
        f"""COPY (
            SELECT indicator, regio, CAST(2015 + y AS VARCHAR) AS periode,
                   CASE WHEN hash(indicator, regio, y) % 50 = 0 THEN '.'
                        WHEN telling THEN CAST(hash(regio, indicator, y) % 10000 AS VARCHAR)
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


_BARE = """
import json, resource, sys, time
t = time.perf_counter()
import duckdb
con = duckdb.connect(sys.argv[1])
path = sys.argv[2]
if path.endswith(".parquet"):
    con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [path])
elif len(sys.argv) > 3:  # literally bare: DuckDB detects everything, the figures stay text
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [path])
else:
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, delim = ';', decimal_separator = ',', "
                "nullstr = '.', header = true)", [path])
cells = con.execute("SELECT count(*) FROM t").fetchone()[0]
con.close()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": u.ru_maxrss / 1024, "cpu_s": u.ru_utime + u.ru_stime,
                  "cells": cells}))
"""

# The floor the store's layout sets: the same file read as bare as above, but written into the store's
# tables (one `herkomst` row per measure, the figures in `waarden` with the id of their notes: status,
# flag and doubt) without any check. The measures' provenance rows are made beforehand from the list
# the generator used.
_BARE_STORE = """
import json, resource, sys, time
t = time.perf_counter()
from councilkit.data import store_notes
from councilkit.data.store import open_store
from councilkit.model.catalogue import load_catalogue
ids = [i.id for i in load_catalogue().indicatoren][:30]
ids += [f"eigen-indicator-{n}" for n in range(30 - len(ids))]
with open_store(sys.argv[1], create=True, read_only=False) as db:
    db.con.execute(
        "INSERT INTO herkomst SELECT CAST(row_number() OVER () AS INTEGER), 1, i, NULL, i, NULL, 'aantal', '', "
        "now()::TIMESTAMP FROM (SELECT unnest(?) AS i)", [ids])
    store_notes.register_usual(db.con)
    (missing,) = db.con.execute(
        "SELECT id FROM noten WHERE status IS NULL AND vlag = 'ontbrekend' AND onzeker IS NULL").fetchone()
    db.con.execute(
        "INSERT INTO waarden SELECT h.id, r.regio, CAST(r.periode AS VARCHAR), r.waarde, "
        f"CASE WHEN r.waarde IS NULL THEN {missing} END "
        "FROM read_csv(?, delim = ';', decimal_separator = ',', nullstr = '.', header = true) r "
        "JOIN herkomst h ON h.bron_maat = r.indicator", [sys.argv[2]])
    cells = db.con.execute("SELECT count(*) FROM observaties").fetchone()[0]
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": u.ru_maxrss / 1024, "cpu_s": u.ru_utime + u.ru_stime,
                  "cells": cells}))
"""

_SECOND = """
import json, resource, sys, time
t = time.perf_counter()
from councilkit.data.store import open_store
with open_store(sys.argv[1], read_only=False) as db:
    r = db.import_file(sys.argv[2])
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": u.ru_maxrss / 1024, "cpu_s": u.ru_utime + u.ru_stime,
                  "cells": r.cellen, "herzien": r.herzien}))
"""


def _changed_copy(src: Path, dst: Path) -> int:
    """The export with 1% of the figures changed (+1): a newer edition of the same file."""
    import duckdb

    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT indicator, regio, periode,
                   CASE WHEN hash(indicator, regio, periode) % 100 = 0 AND waarde <> '.'
                        THEN replace(printf('%.1f', CAST(replace(waarde, ',', '.') AS DOUBLE) + 1), '.', ',')
                        ELSE waarde END AS waarde
            FROM read_csv('{src}', delim = ';', header = true, all_varchar = true))
        TO '{dst}' (HEADER, DELIMITER ';', QUOTE '')"""
    )
    return con.execute(
        f"SELECT count(*) FROM read_csv('{src}', delim=';', all_varchar=true) a "
        f"JOIN read_csv('{dst}', delim=';', all_varchar=true) b USING (indicator, regio, periode) "
        "WHERE a.waarde <> b.waarde"
    ).fetchone()[0]


def _whole_process(args: list[str], runs: int = 5) -> float:
    import statistics

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _made(kind: str, *args: str) -> int:
    """Generate a file in a child process: the parent stays small, so that the peak memory a child
    reports (ru_maxrss, which Linux carries over a fork) is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--maak", kind, *args], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def _line(r: dict) -> str:
    return f"{r['s']:.2f} s (cpu {r['cpu_s']:.2f} s), {r['rss_mb']:.0f} MB"


def _load() -> str:
    return f"belasting {os.getloadavg()[0]:.1f}"


def aims(rounds: int = 2) -> None:
    """The speed aims of issue 8, each against its baseline from the same run.

    Baseline and councilkit run interleaved (baseline, councilkit, pandas; then again), each in its
    own child process; wall time, CPU time (user + system of the child: less disturbed by other work
    on a shared machine than wall time) and peak memory are printed for every run, with the load.
    """
    with tempfile.TemporaryDirectory(prefix="councilkit-bench-") as tmp:
        tmpdir = Path(tmp)
        ck: dict = {}
        for per_region in (60, 150, 300):
            export = tmpdir / f"lang-{per_region}.csv"
            rows = _made("export", str(export), str(per_region))
            print(f"lang {rows / 1e6:.1f} mln ({export.stat().st_size / 1e6:.0f} MB):")
            for n in range(rounds):
                store = tmpdir / f"ck-{per_region}.duckdb"
                if n:  # the last round's store is the one the second version goes into
                    store.unlink()
                bare = child(_BARE, str(tmpdir / f"bare-{per_region}-{n}.duckdb"), str(export))
                print(f"  kale read_csv   {_line(bare)}  {_load()}")
                ck = child(_COUNCILKIT, str(store), str(export))
                print(
                    f"  councilkit      {_line(ck)}  {_load()}  "
                    f"{ck['s'] / bare['s']:.2f}× kaal (cpu {ck['cpu_s'] / bare['cpu_s']:.2f}×)"
                )
                auto = child(_BARE, str(tmpdir / f"auto-{per_region}-{n}.duckdb"), str(export), "auto")
                print(
                    f"  read_csv zonder opties (cijfers blijven tekst)  {_line(auto)}  {_load()}  "
                    f"councilkit {ck['s'] / auto['s']:.2f}× (cpu {ck['cpu_s'] / auto['cpu_s']:.2f}×)"
                )
                floor = child(_BARE_STORE, str(tmpdir / f"floor-{per_region}-{n}.duckdb"), str(export))
                print(
                    f"  kaal in de store   {_line(floor)}  {_load()}  "
                    f"councilkit {ck['s'] / floor['s']:.2f}× (cpu {ck['cpu_s'] / floor['cpu_s']:.2f}×)"
                )
                pandas = child(_PANDAS, str(tmpdir / f"pd-{per_region}-{n}.duckdb"), str(export), "scan")
                print(
                    f"  pandas + scan   {_line(pandas)}  {_load()}  councilkit {ck['s'] / pandas['s']:.2f}× "
                    f"(cpu {ck['cpu_s'] / pandas['cpu_s']:.2f}×)"
                )
        second = tmpdir / "lang-300-v2.csv"
        changed = _made("versie", str(tmpdir / "lang-300.csv"), str(second))
        # the first import again, just before, in a store of its own: the same conditions
        first = child(_COUNCILKIT, str(tmpdir / "ck-300-again.duckdb"), str(tmpdir / "lang-300.csv"))
        print(f"eerste import (opnieuw)  {_line(first)}  {_load()}")
        again = child(_SECOND, str(tmpdir / "ck-300.duckdb"), str(second))
        print(
            f"tweede versie ({changed:,} cijfers anders): {_line(again)}  {_load()}  herzien {again['herzien']:,}; "
            f"{again['s'] / first['s']:.2f}× de eerste import (cpu {again['cpu_s'] / first['cpu_s']:.2f}×); "
            f"piek {again['rss_mb']:.0f} MB van 1.024 MB"
        )
        if KWB.exists():
            print("84799NED:")
            for n in range(rounds + 1):
                bare = child(_BARE, str(tmpdir / f"kwb-bare-{n}.duckdb"), str(KWB))
                print(f"  kale read_parquet {_line(bare)}  {_load()}")
                store = tmpdir / "kwb-ck.duckdb"
                if store.exists():
                    store.unlink()
                ck = child(_COUNCILKIT, str(store), str(KWB))
                print(
                    f"  councilkit        {_line(ck)}  {_load()}  {ck['s'] / bare['s']:.1f}× "
                    f"(cpu {ck['cpu_s'] / bare['cpu_s']:.1f}×)"
                )
            store = tmpdir / "kwb-ck.duckdb"
            exe = Path(sys.executable).with_name("councilkit")
            show = _whole_process(
                [str(exe), "data", "show", "inwoners", "--regio", "GM0758", "--store", str(store)]
            )
            duck = _whole_process([sys.executable, "-c", "import duckdb"])
            print(
                f"data show (heel proces): {show:.2f} s | alleen 'import duckdb': {duck:.2f} s ({show / duck:.1f}×)"
            )


# The same bare read written into a table of four, five or seven columns (the seven of `waarden`, two of
# them nearly always empty), and into four columns with the region and period as numbers (an id into
# a table of region codes, the year as SMALLINT): what the shape of the store's table costs, apart from
# any check.
_WIDTH = """
import json, resource, sys, time
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SET preserve_insertion_order = false")
cols = sys.argv[3]
extra = {"4": "", "4id": "", "5": ", vlag VARCHAR", "7": ", status VARCHAR, vlag VARCHAR, onzeker VARCHAR"}[cols]
values = {"4": "", "4id": "", "5": ", NULL", "7": ", NULL, NULL, NULL"}[cols]
labels = "regio INTEGER, periode SMALLINT" if cols == "4id" else "regio VARCHAR, periode VARCHAR"
con.execute(f"CREATE TABLE w (herkomst INTEGER, {labels}, waarde DOUBLE{extra})")
scan = ("read_csv(?, delim = ';', header = true, decimal_separator = ',', nullstr = '.', columns = "
        "{'indicator': 'VARCHAR', 'regio': 'VARCHAR', 'periode': 'VARCHAR', 'waarde': 'DOUBLE'}, auto_detect = false)")
con.execute(f"CREATE TEMP TABLE h AS SELECT CAST(row_number() OVER () AS INTEGER) AS id, indicator "
            f"FROM (SELECT DISTINCT indicator FROM {scan})", [sys.argv[2]])
if cols == "4id":
    con.execute(f"CREATE TEMP TABLE g AS SELECT CAST(row_number() OVER () AS INTEGER) AS id, regio "
                f"FROM (SELECT DISTINCT regio FROM {scan})", [sys.argv[2]])
con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side'")
t, c = time.perf_counter(), time.process_time()
if cols == "4id":
    con.execute(f"INSERT INTO w SELECT h.id, g.id, CAST(r.periode AS SMALLINT), r.waarde FROM {scan} r "
                "JOIN h USING (indicator) JOIN g USING (regio)", [sys.argv[2]])
else:
    con.execute(f"INSERT INTO w SELECT h.id, r.regio, r.periode, r.waarde{values} FROM {scan} r "
                "JOIN h USING (indicator)", [sys.argv[2]])
con.close()
print(json.dumps({"s": time.perf_counter() - t, "cpu_s": time.process_time() - c}))
"""


def width(rounds: int) -> None:
    """What the width of `waarden` costs: the 5-million-row export into 4, 5 and 7 columns, interleaved."""
    with tempfile.TemporaryDirectory(prefix="councilkit-bench-") as tmp:
        export = Path(tmp) / "lang-300.csv"
        _made("export", str(export), "300")
        for n in range(rounds):
            line = []
            bare = child(_BARE, str(Path(tmp) / f"bare-{n}.duckdb"), str(export))
            line.append(f"kale read_csv (heel proces) {bare['s']:.2f} s")
            for cols in ("4", "5", "7", "4id"):
                r = child(_WIDTH, str(Path(tmp) / f"w{cols}-{n}.duckdb"), str(export), cols)
                name = "4 kolommen, regio en periode als getal" if cols == "4id" else f"{cols} kolommen"
                line.append(f"{name} {r['s']:.2f} s (cpu {r['cpu_s']:.2f} s)")
            print("  ".join(line), _load())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-region", type=int, default=300, help="indicatoren × jaren per regio")
    parser.add_argument("--doelen", action="store_true", help="alleen de snelheidsdoelen van issue 8")
    parser.add_argument(
        "--rondes", type=int, default=2, help="hoe vaak elke meting (afwisselend) herhaald wordt"
    )
    parser.add_argument("--breedte", action="store_true", help="wat de breedte van de tabel waarden kost")
    parser.add_argument("--maak", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.maak:
        kind, *rest = args.maak
        made = (
            generate(Path(rest[0]), int(rest[1]))
            if kind == "export"
            else _changed_copy(Path(rest[0]), Path(rest[1]))
        )
        print(made)
        return
    if args.breedte:
        width(max(args.rondes, 3))
        return
    if args.doelen:
        print(f"machine: {os.cpu_count()} cores, belasting bij start {os.getloadavg()[0]:.1f}")
        aims(args.rondes)
        print(f"belasting aan het eind {os.getloadavg()[0]:.1f}")
        return
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
