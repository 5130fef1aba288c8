"""The Breda plan per format against a bare import of the libraries that format needs (issue 7).

Aim: `councilkit plan examples/breda/kompas.yaml` within 1,5× of a process that only imports
click, pydantic, PyYAML, Jinja2, markdown-it, babel (and python-docx for docx). The machine is
shared, so the commands run interleaved (one round = every command once), and both wall time and
the child's CPU time (user + sys) are reported: CPU time is far less disturbed by other work.
The docx runs with the LibreOffice step switched off (`COUNCILKIT_DOCX_LIBREOFFICE=0`): that step
is measured in `bench_docx_libreoffice.py`. Run: `python benchmarks/bench_plan_imports.py [RUNS]`.
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


def run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one fresh process."""
    env = {**os.environ, "COUNCILKIT_DOCX_LIBREOFFICE": "0"}
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "import (md, html)": [sys.executable, "-c", LIBRARIES],
            "import (docx)": [sys.executable, "-c", LIBRARIES + ", docx"],
        }
        for fmt in ("md", "html", "docx"):
            out = str(Path(tmp) / f"plan.{fmt}")
            commands[f"plan → {fmt}"] = [
                sys.executable,
                "-m",
                "councilkit",
                "plan",
                str(KOMPAS),
                "-o",
                out,
                "--force",
            ]
        for command in commands.values():
            run(command)  # warm the file cache and the bytecode caches
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                wall, cpu = run(command)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"{'opdracht':20} {'wand (mediaan)':>15} {'cpu (mediaan)':>14} {'× import (cpu)':>15}")
    for name in commands:
        base = "import (docx)" if name.endswith("docx") else "import (md, html)"
        ratio = statistics.median(cpus[name]) / statistics.median(cpus[base])
        print(
            f"{name:20} {statistics.median(walls[name]):13.2f} s {statistics.median(cpus[name]):12.2f} s "
            f"{ratio:14.2f}×"
        )


if __name__ == "__main__":
    main()
