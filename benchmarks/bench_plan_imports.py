"""The Breda plan per format against a bare import of the libraries that format needs (issue 7).

Aim: `councilkit plan examples/breda/kompas.yaml` within 1,5× of a process that only imports the
libraries it needs. Two baselines per format:

- "gebruikt": exactly the third-party modules (from site-packages) that the plan run itself has
  loaded when it ends, found by running that plan once and imported in the order it loaded them.
  This is the honest meaning of "the libraries it needs": it includes what a program pays to use
  them (pydantic's `BaseModel` machinery, which a bare `import pydantic` leaves lazy) and leaves out
  what the plan no longer loads (babel), and it cannot be picked by hand.
- "vaste lijst": the fixed line used before, `import click, pydantic, yaml, jinja2.sandbox,
  markdown_it, mdit_py_plugins.container, babel.numbers` (and python-docx for docx).

The machine is
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

#: Run inside a child: the plan (argv after the script), then print the third-party modules it loaded.
_LOADED = """
import runpy, sys, sysconfig
purelib, platlib = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
sys.argv = ["councilkit", *sys.argv[1:]]
try:
    runpy.run_module("councilkit", run_name="__main__")
except SystemExit:
    pass
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None) or ""
    if name.split(".")[0] != "councilkit" and path.startswith((purelib, platlib)):
        print("MODULE", name)
"""


def used_libraries(command: list[str], root: Path) -> str:
    """An import line for exactly the third-party modules the plan `command` loads, in load order."""
    env = {**os.environ, "COUNCILKIT_DOCX_LIBREOFFICE": "0", "PYTHONPATH": str(root)}
    probe = [sys.executable, "-c", _LOADED, *command[3:]]
    names = subprocess.run(
        probe, check=True, capture_output=True, text=True, env=env, cwd=root
    ).stdout.splitlines()
    names = [line.split()[1] for line in names if line.startswith("MODULE ")]
    return "import importlib\nfor m in " + repr(names) + ":\n    importlib.import_module(m)"


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
            "vaste lijst (md, html)": ([sys.executable, "-c", LIBRARIES], ROOT),
            "vaste lijst (docx)": ([sys.executable, "-c", LIBRARIES + ", docx"], ROOT),
        }
        plans: dict[str, tuple[list[str], Path]] = {}
        sides = [("", ROOT)] if old is None else [("oud: ", old), ("nu: ", ROOT)]
        for fmt in ("md", "html", "docx"):
            for label, root in sides:
                out = str(Path(tmp) / f"plan-{len(label)}.{fmt}")
                kompas = str(root / "examples" / "breda" / "kompas.yaml")
                command = [sys.executable, "-m", "councilkit", "plan", kompas, "-o", out, "--force"]
                plans[f"{label}plan → {fmt}"] = (command, root)
                if label != "oud: ":
                    commands[f"gebruikt ({fmt})"] = (
                        [sys.executable, "-c", used_libraries(command, root)],
                        ROOT,
                    )
        commands.update(plans)
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
    print(
        f"{'opdracht':22} {'wand (mediaan)':>15} {'cpu (mediaan)':>14} {'× gebruikt (cpu)':>17}"
        f" {'× vaste lijst (cpu)':>20}"
    )
    for name in commands:
        fmt = name.rsplit(" ", 1)[-1].strip("()")
        used = statistics.median(cpus[f"gebruikt ({fmt})"]) if fmt in ("md", "html", "docx") else None
        fixed = statistics.median(cpus["vaste lijst (docx)" if fmt == "docx" else "vaste lijst (md, html)"])
        cpu = statistics.median(cpus[name])
        used_ratio = f"{cpu / used:16.2f}×" if used else f"{'':17}"
        print(
            f"{name:22} {statistics.median(walls[name]):13.3f} s {cpu:12.3f} s {used_ratio} {cpu / fixed:19.2f}×"
        )


if __name__ == "__main__":
    main()
