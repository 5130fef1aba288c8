"""Start-up time of `councilkit --help` and `councilkit check` on the Breda example.

Whole-process wall time, measured against a bare `python -c pass` in the same run, so the figure
shows what councilkit adds on top of the interpreter. Run: `python benchmarks/bench_startup.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from _timing import measure

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "councilkit --help": [sys.executable, "-m", "councilkit", "--help"],
    "councilkit check examples/breda/kompas.yaml": [
        sys.executable,
        "-m",
        "councilkit",
        "check",
        str(ROOT / "examples" / "breda" / "kompas.yaml"),
    ],
}


def main() -> None:
    baseline = None
    print(f"{'opdracht':48} {'mediaan':>9} {'min':>9} {'boven python':>13}")
    for name, command in COMMANDS.items():
        times = measure(command, RUNS)
        median = statistics.median(times)
        baseline = baseline if baseline is not None else median
        extra = "" if name == "python -c pass" else f"+{(median - baseline) * 1000:.0f} ms"
        print(f"{name:48} {median * 1000:7.0f} ms {min(times) * 1000:7.0f} ms {extra:>13}")
    heavy = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "councilkit",
            "check",
            str(COMMANDS[list(COMMANDS)[2]][-1]),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    loaded = [
        name
        for name in ("duckdb", "docx", "plotly", "openpyxl", "markdown_it", "jinja2")
        if f" {name}\n" in heavy or f" {name}." in heavy
    ]
    print("zware bibliotheken geladen bij check:", ", ".join(loaded) or "geen")


if __name__ == "__main__":
    main()
