"""How long the shared figure lookup (`councilkit.data.figures.lees`) takes for the annual report's reads.

Reads from the 84799NED store (the complete KWB 2020 table): all 355 gemeenten × the catalogue
indicators the table has, and all 13.808 buurten × inwoners and personen-bijstand — each in one
query, with disclosure, flags and provenance applied. The bare DuckDB query of the same rows is the
baseline. Run: `python benchmarks/bench_figures.py [PARQUET]`; results in benchmarks/README.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/research-data/cbs-84799NED-kwb-2020/cbs.v3.84799NED_TypedDataSet.parquet"
INDICATORS = ["inwoners", "inwoners-65-plus", "eenpersoonshuishoudens", "personen-bijstand"]


def _time(fn, runs: int = 5) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from councilkit.data import figures
    from councilkit.data.store import open_store

    parquet = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.duckdb"
        with open_store(path, create=True, read_only=False) as db:
            db.import_file(parquet)
        with open_store(path) as db:
            for label, indicators, niveau in (
                ("355 gemeenten × 4 indicatoren", INDICATORS, "gemeente"),
                ("13.808 buurten × 2 indicatoren", ["inwoners", "personen-bijstand"], "buurt"),
            ):
                prefix = "GM" if niveau == "gemeente" else "BU"
                bare = _time(
                    lambda ind=indicators, p=prefix: db.con.execute(
                        "SELECT * FROM observaties WHERE indicator IN (SELECT unnest(CAST(? AS VARCHAR[]))) "
                        "AND regio LIKE ?",
                        [ind, p + "%"],
                    ).fetchall()
                )
                full = _time(lambda ind=indicators, n=niveau: figures.lees(db, ind, niveau=n))
                count = len(figures.lees(db, indicators, niveau=niveau))
                print(f"{label}: {count} cijfers, figures.lees {full:.3f} s, kale query {bare:.3f} s")


if __name__ == "__main__":
    main()
