"""Whole-process time of `councilkit check` and `councilkit process` on the Breda armoede process.

What a griffier waits for when checking a procesontwerp and sending the startnotitie and calendar
round: interpreter start, imports, loading and checking the proces file (holidays, school holidays,
recess, elections), the template and the writer. The docx includes the timeline chart, which kaleido
draws in a headless Chromium: that is the expensive part, and the reason it is measured here.
Run: `python benchmarks/bench_process.py` (figures go into benchmarks/README.md).
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
PROCES = ROOT / "examples" / "breda" / "proces-armoede.yaml"
RUNS = 5


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = [sys.executable, "-m", "councilkit"]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "councilkit check proces-armoede.yaml": [*base, "check", str(PROCES)],
        }
        for suffix in ("ics", "md", "html", "docx"):
            out = Path(tmp) / f"armoede.{suffix}"
            commands[f"councilkit process … -o armoede.{suffix}"] = [
                *base, "process", str(PROCES), "-o", str(out), "--force",
            ]  # fmt: skip
        print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
        print(f"{'opdracht':44} {'mediaan':>9} {'min':>9} {'max':>9}")
        for name, command in commands.items():
            times = measure(command, RUNS)
            print(
                f"{name:44} {statistics.median(times) * 1000:7.0f} ms {min(times) * 1000:7.0f} ms "
                f"{max(times) * 1000:7.0f} ms"
            )
        for suffix in ("ics", "md", "html", "docx"):
            size = (Path(tmp) / f"armoede.{suffix}").stat().st_size
            print(f"grootte armoede.{suffix}: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
