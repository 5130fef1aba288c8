"""Start-up time of `councilkit --help`, `councilkit check` and `councilkit data show`.

Whole-process times, measured in the same run as their baselines (`python -c pass`, and for
`data show` a process that only does `import duckdb`), so the figures say what councilkit adds.
Runs are interleaved (A B, B A, ...) so that a load swing on a shared machine hits both sides alike;
each run reports wall time and the CPU time of the process (user + system), which varies much less
with the load of other processes than wall time does.

    python benchmarks/bench_startup.py                       # this checkout
    python benchmarks/bench_startup.py --oud ../wt-oud       # against an older checkout (git worktree)
    python benchmarks/bench_startup.py --store kwb.duckdb    # also data show against import duckdb
    python benchmarks/bench_startup.py --store kwb.duckdb --oud ../wt-oud --store-oud kwb-v2.duckdb

The older checkout runs with this virtualenv (`PYTHONPATH`), on its own `examples/breda/kompas.yaml`
(and on `--store-oud` when its store schema differs). Beside `import duckdb`, `data show` is set
against what DuckDB alone needs for the same answer: import, open the file read-only, run the
figures query of `data.figures` once (`DUCKDB_ALONE`): the floor no command-line tool can go under.
Python's bytecode cache is on (as after `pip install`), unless `--zonder-pyc`: then every process
compiles councilkit's modules anew, as in an environment with PYTHONDONTWRITEBYTECODE=1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("duckdb", "docx", "plotly", "openpyxl", "markdown_it", "jinja2", "babel")

#: DuckDB alone: open the store and run the query `data.figures.lees` runs for one indicator (with
#: the population beside it) in one region.
DUCKDB_ALONE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute(
    "SELECT o.indicator, o.regio, o.periode, o.waarde, o.eenheid, o.status, o.vlag, o.bron_maat, "
    "coalesce(o.tabel, i.tabel), i.bestand, i.sha256, i.geimporteerd, i.formaat, "
    "coalesce(o.gepubliceerd, i.gepubliceerd), i.gepubliceerd_bron, o.onzeker, o.soort, o.reeks "
    "FROM observaties o JOIN imports i ON i.id = o.import_id "
    "WHERE o.indicator IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND o.reeks = ? "
    "AND o.regio IN (SELECT unnest(CAST(? AS VARCHAR[]))) ORDER BY o.indicator, o.regio, o.periode, "
    "(o.onzeker IS NULL) DESC, o.gepubliceerd DESC NULLS LAST, o.import_id DESC",
    [["inwoners"], "", ["GM0758"]],
).fetchall()
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process; cpu is its user + system time. It runs outside any
    checkout, so that the checkout under test (PYTHONPATH) is the one imported."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=tempfile.gettempdir(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # check exits 1 on findings
        raise SystemExit(f"mislukt: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime


def environment(tree: Path, pyc: bool) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    if pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def drop_pyc(tree: Path) -> None:
    for folder in (tree / "councilkit").rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)


def interleaved(
    sides: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, list[tuple[float, float]]]:
    names = list(sides)
    for name in names:  # warm the file cache (and write the bytecode and framework caches)
        run(*sides[name])
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            out[name].append(run(*sides[name]))
    return out


def report(label: str, results: dict[str, list[tuple[float, float]]], base: str | None = None) -> None:
    print(f"\n{label}")
    print(f"{'':44} {'wand: mediaan':>13} {'min':>7} {'CPU: mediaan':>13} {'min':>7}")
    for name, times in results.items():
        wall = [w for w, _ in times]
        cpu = [c for _, c in times]
        line = (
            f"{name:44} {statistics.median(wall) * 1000:10.0f} ms {min(wall) * 1000:4.0f} ms"
            f" {statistics.median(cpu) * 1000:10.0f} ms {min(cpu) * 1000:4.0f} ms"
        )
        if base and name != base:
            b_wall = statistics.median(w for w, _ in results[base])
            b_cpu = statistics.median(c for _, c in results[base])
            line += f"   {statistics.median(wall) / b_wall:.2f}× / {statistics.median(cpu) / b_cpu:.2f}×"
        print(line)


def heavy_in_check(env: dict[str, str], kompas: Path) -> list[str]:
    stderr = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "councilkit", "check", str(kompas)],
        capture_output=True,
        text=True,
        env=env,
    ).stderr
    return [name for name in HEAVY if f" {name}\n" in stderr or f" {name}." in stderr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per side (default 15)")
    parser.add_argument("--oud", type=Path, help="an older checkout to alternate with")
    parser.add_argument("--store", type=Path, help="a store for data show (e.g. of 84799NED)")
    parser.add_argument("--store-oud", type=Path, help="the same store for --oud, if its schema differs")
    parser.add_argument("--zonder-pyc", action="store_true", help="compile every module anew each run")
    args = parser.parse_args()
    pyc = not args.zonder_pyc
    trees = {"nu": ROOT, **({"oud": args.oud.resolve()} if args.oud else {})}
    if not pyc:
        for tree in trees.values():
            drop_pyc(tree)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, belasting bij start "
        f"{os.getloadavg()[0]:.1f}, bytecodecache {'aan' if pyc else 'uit'}, {args.runs} runs per kant"
    )
    for what, extra in (("--help", ["--help"]), ("check Breda", ["check"])):
        sides = {"python -c pass": ([sys.executable, "-c", "pass"], environment(ROOT, pyc))}
        for label, tree in trees.items():
            tail = [str(tree / "examples" / "breda" / "kompas.yaml")] if extra == ["check"] else []
            sides[f"{label}: councilkit {what}"] = (
                [sys.executable, "-m", "councilkit", *extra, *tail],
                environment(tree, pyc),
            )
        report(what, interleaved(sides, args.runs), base="python -c pass")
    if args.store:
        store = str(args.store.resolve())
        sides = {
            "import duckdb": ([sys.executable, "-c", "import duckdb"], environment(ROOT, pyc)),
            "DuckDB alone: open + query": (
                [sys.executable, "-c", DUCKDB_ALONE, store],
                environment(ROOT, pyc),
            ),
        }
        for label, tree in trees.items():
            path = str(args.store_oud.resolve()) if label == "oud" and args.store_oud else store
            show = ["data", "show", "inwoners", "--regio", "GM0758", "--store", path]
            sides[f"{label}: councilkit data show"] = (
                [sys.executable, "-m", "councilkit", *show],
                environment(tree, pyc),
            )
        report(
            "data show (verhouding tegen import duckdb)", interleaved(sides, args.runs), base="import duckdb"
        )
    print(f"\nbelasting aan het eind {os.getloadavg()[0]:.1f}")
    loaded = heavy_in_check(environment(ROOT, pyc), ROOT / "examples" / "breda" / "kompas.yaml")
    print("zware bibliotheken geladen bij check:", ", ".join(loaded) or "geen")


if __name__ == "__main__":
    main()
