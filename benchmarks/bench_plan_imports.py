"""The Breda plan per format against a bare import of the libraries that format needs (issue 7).

Aim: `councilkit plan examples/breda/kompas.yaml` within 1,5× of a process that only imports
click, pydantic, PyYAML, Jinja2, markdown-it, babel (and python-docx for docx). The machine is
shared, so the commands run interleaved (one round = every command once), and both wall time and
the child's CPU time (user + sys) are reported: CPU time is far less disturbed by other work.
The docx runs with the LibreOffice step switched off (`COUNCILKIT_DOCX_LIBREOFFICE=0`): that step
is measured in `bench_docx_libreoffice.py`. Run: `python benchmarks/bench_plan_imports.py [RUNS]`.

`--oud MAP` adds the plans of an older checkout (a `git worktree` or `git archive` of it, run with
this virtualenv through `PYTHONPATH`, on its own Breda kompas) to the same interleaved rounds, so
before and after are measured under the same load:
`python benchmarks/bench_plan_imports.py 11 --oud ../wt-oud`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KOMPAS = ROOT / "examples" / "breda" / "kompas.yaml"
LIBRARIES = (
    "import click, pydantic, yaml, jinja2.sandbox, markdown_it, mdit_py_plugins.container, babel.numbers"
)


def _children_cpu() -> float:
    """User + system seconds of the finished child processes. `getrusage` counts in microseconds;
    `os.times` (Windows) only in clock ticks of 10 ms, too coarse beside a 0,2 s import."""
    try:
        import resource
    except ImportError:
        times = os.times()
        return times.children_user + times.children_system
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], root: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one fresh process (councilkit imported from `root`)."""
    env = {**os.environ, "COUNCILKIT_DOCX_LIBREOFFICE": "0", "PYTHONPATH": str(root)}
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=root)
    wall = time.perf_counter() - start
    return wall, _children_cpu() - before


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--oud"]
    old = Path(sys.argv[sys.argv.index("--oud") + 1]).resolve() if "--oud" in sys.argv else None
    if old is not None:
        args.remove(sys.argv[sys.argv.index("--oud") + 1])
    runs = int(args[0]) if args else 7
    with tempfile.TemporaryDirectory() as tmp:
        commands: dict[str, tuple[list[str], Path]] = {
            "import (md, html)": ([sys.executable, "-c", LIBRARIES], ROOT),
            "import (docx)": ([sys.executable, "-c", LIBRARIES + ", docx"], ROOT),
        }
        sides = [("", ROOT)] if old is None else [("oud: ", old), ("nu: ", ROOT)]
        for fmt in ("md", "html", "docx"):
            for label, root in sides:
                out = str(Path(tmp) / f"plan-{len(label)}.{fmt}")
                kompas = str(root / "examples" / "breda" / "kompas.yaml")
                command = [sys.executable, "-m", "councilkit", "plan", kompas, "-o", out, "--force"]
                commands[f"{label}plan → {fmt}"] = (command, root)
        for command, root in commands.values():
            run(command, root)  # warm the file cache and the bytecode caches
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, root) in commands.items():
                wall, cpu = run(command, root)
                walls[name].append(wall)
                cpus[name].append(cpu)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    print(f"belasting: {' / '.join(f'{x:.1f}' for x in load)} (1, 5, 15 min)")
    print(f"{'opdracht':20} {'wand (mediaan)':>15} {'cpu (mediaan)':>14} {'× import (cpu)':>15}")
    for name in commands:
        base = "import (docx)" if name.endswith("docx") else "import (md, html)"
        ratio = statistics.median(cpus[name]) / statistics.median(cpus[base])
        print(
            f"{name:20} {statistics.median(walls[name]):13.3f} s {statistics.median(cpus[name]):12.3f} s "
            f"{ratio:14.2f}×"
        )


if __name__ == "__main__":
    main()
