"""Whole-process time of `councilkit plan` on the Breda example, as docx and as HTML (and Markdown).

What a beleidsmedewerker waits for: interpreter start, imports, loading and checking the kompas,
the template, parsing the Markdown and writing the document. Measured as wall time of a fresh
process against a bare `python -c pass` in the same run; the target is under 3 s per format.
Run: `python benchmarks/bench_plan.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

from _timing import measure

ROOT = Path(__file__).resolve().parents[1]
KOMPAS = ROOT / "examples" / "breda" / "kompas.yaml"
RUNS = 10
TARGET_S = 3.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        commands = {"python -c pass": [sys.executable, "-c", "pass"]}
        for suffix in ("docx", "html", "md"):
            out = Path(tmp) / f"breda-beleidsplan.{suffix}"
            commands[f"councilkit plan … -o plan.{suffix}"] = [
                sys.executable,
                "-m",
                "councilkit",
                "plan",
                str(KOMPAS),
                "-o",
                str(out),
                "--force",
            ]
        print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
        print(f"{'opdracht':40} {'mediaan':>9} {'min':>9} {'max':>9} {'boven python':>13}")
        baseline = None
        slow = []
        for name, command in commands.items():
            times = measure(command, RUNS)
            median = statistics.median(times)
            baseline = baseline if baseline is not None else median
            extra = "" if baseline is median else f"+{(median - baseline) * 1000:.0f} ms"
            print(
                f"{name:40} {median * 1000:7.0f} ms {min(times) * 1000:7.0f} ms "
                f"{max(times) * 1000:7.0f} ms {extra:>13}"
            )
            if median > TARGET_S:
                slow.append(name)
        for suffix in ("docx", "html", "md"):
            size = (Path(tmp) / f"breda-beleidsplan.{suffix}").stat().st_size
            print(f"grootte plan.{suffix}: {size / 1024:.0f} KiB")
    if slow:
        print(f"boven het doel van {TARGET_S:.0f} s: {', '.join(slow)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
