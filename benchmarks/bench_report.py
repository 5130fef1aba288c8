"""Whole-process time and peak memory of `councilkit report`.

1. The Almere example (examples/almere) as HTML (target < 2 s) and as docx with charts (< 10 s).
2. `--alle-gemeenten` on the real 84799NED table (Kerncijfers wijken en buurten 2020, 355
   gemeenten) as HTML on 2 processes (target < 90 s, peak memory of the whole process tree
   < 1,5 GB), and on subsets of 25, 100 and 200 gemeenten to show how the time grows. The store is
   imported once beforehand (not timed); the command prints how its time splits into reading the
   data and writing the reports.

Run: `python benchmarks/bench_report.py [--alleen-almere]` (the national part needs ../shared/research-data; figures go into
benchmarks/README.md). Peak memory is the largest sum of RSS over the process and its workers,
sampled every 20 ms from /proc.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _timing import measure

ROOT = Path(__file__).resolve().parents[1]
ALMERE = ROOT / "examples" / "almere"
KWB2020 = ROOT.parent / "shared" / "research-data" / "cbs-84799NED-kwb-2020"
TYPED = "cbs.v3.84799NED_TypedDataSet.parquet"
CLI = [sys.executable, "-m", "councilkit"]


def _tree_rss(pid: int) -> int:
    """RSS in bytes of `pid` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_with_peak(command: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS of the process tree, and stdout of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} faalde:\n{err}")
    return elapsed, peak, out


def cpu_seconds(command: list[str]) -> float:
    """CPU time (user + system) of one run of `command` and its children: less sensitive to a busy
    machine than wall time, so both are reported."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def subset(tmp: Path, n: int | None) -> Path:
    """A copy of 84799NED with Nederland and the first `n` gemeenten (all when None), sidecars beside."""
    import duckdb

    folder = tmp / f"kwb-{n or 'alle'}"
    folder.mkdir()
    for sidecar in KWB2020.glob("cbs.v3.84799NED_*"):
        if sidecar.name != TYPED:
            shutil.copy(sidecar, folder / sidecar.name)
    where = "trim(SoortRegio_2) IN ('Land', 'Gemeente')"
    if n is not None:
        where = (
            f"trim(SoortRegio_2) = 'Land' OR trim(WijkenEnBuurten) IN (SELECT trim(WijkenEnBuurten) FROM "
            f"'{KWB2020 / TYPED}' WHERE trim(SoortRegio_2) = 'Gemeente' ORDER BY 1 LIMIT {n})"
        )
    duckdb.sql(
        f"COPY (SELECT * FROM '{KWB2020 / TYPED}' WHERE {where}) TO '{folder / TYPED}' (FORMAT parquet)"
    )
    store = folder / "monitor.duckdb"
    subprocess.run(
        [*CLI, "data", "import", str(folder / TYPED), "--store", str(store)], check=True, capture_output=True
    )
    return store


def main() -> None:
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
    print(f"belasting van de machine bij de start (load average): {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = ["--data", str(ALMERE / "cijfers.csv")]
        base = [*CLI, "report", str(ALMERE / "kompas.yaml"), "--jaar", "2024", *data, "--force"]
        for suffix, runs, target in (("html", 5, 2.0), ("docx", 3, 10.0)):
            command = [*base, "-o", str(tmp / f"almere.{suffix}")]
            times = measure(command, runs)
            median = statistics.median(times)
            cpu = statistics.median(cpu_seconds(command) for _ in range(2))
            verdict = "binnen" if median < target else "BOVEN"
            print(
                f"Almere .{suffix}: mediaan {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
                f"{runs} runs; CPU-tijd {cpu:.2f} s) — {verdict} het doel van {target:.0f} s"
            )
        if "--alleen-almere" in sys.argv:
            return
        if not KWB2020.is_dir():
            print(f"{KWB2020} ontbreekt: de landelijke meting is overgeslagen")
            return
        for n in (25, 100, 200, None):
            store = subset(tmp, n)
            out = tmp / f"verslagen-{n or 'alle'}"
            command = [
                *CLI,
                "report",
                "--alle-gemeenten",
                "--jaar",
                "2020",
                "--data",
                str(store),
                "-o",
                str(out),
            ]
            elapsed, peak, stdout = run_with_peak([*command, "--werkers", "2"])
            split = re.search(r"tijd: (.*)", stdout)
            count = len(list(out.glob("GM*.html")))
            print(
                f"--alle-gemeenten, {count:3d} gemeenten, 2 processen: {elapsed:6.1f} s, "
                f"piekgeheugen {peak / 2**20:6.0f} MiB; {split.group(1) if split else ''}"
            )


if __name__ == "__main__":
    main()
