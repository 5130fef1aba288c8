"""How fast hostile input is refused: a YAML alias bomb (9^9 values) and a 5000-digit number.

Whole-process wall time of `councilkit check`, which must refuse both with a Dutch error (exit 2);
the figure belongs here, not in a test (moved from tests/test_kompas_input.py). Aim: under 2 s.
Run: `python benchmarks/bench_input.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def alias_bomb() -> str:
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(levels) + "\n"


def main() -> None:
    cases = {"alias-bom (9^9 waarden)": alias_bomb(), "getal van 5000 cijfers": "x: 1" + "0" * 5000 + "\n"}
    print(f"{'invoer':32} {'mediaan':>9} {'max':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for label, text in cases.items():
            path = Path(folder) / "kompas.yaml"
            path.write_text(text, encoding="utf-8")
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "councilkit", "check", str(path)], capture_output=True, text=True
                )
                times.append(time.perf_counter() - start)
                assert done.returncode == 2, done.stderr
            print(f"{label:32} {statistics.median(times) * 1000:7.0f} ms {max(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
