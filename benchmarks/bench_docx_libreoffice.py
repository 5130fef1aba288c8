"""What the LibreOffice step adds to writing a docx: `councilkit plan` on Breda, with and without it.

With LibreOffice installed, a docx with a contents page is laid out once by LibreOffice (page numbers
in the contents, a preview picture of the title page); `COUNCILKIT_DOCX_LIBREOFFICE=0` skips that.
Whole-process wall time of fresh processes, one warm-up each. Run:
`python benchmarks/bench_docx_libreoffice.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KOMPAS = ROOT / "examples" / "breda" / "kompas.yaml"
RUNS = 5


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        sys.exit("LibreOffice ontbreekt: zonder LibreOffice is er geen stap om te meten")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "breda-beleidsplan.docx"
        command = [sys.executable, "-m", "councilkit", "plan", str(KOMPAS), "-o", str(out), "--force"]
        for label, value in (("zonder LibreOffice-stap", "0"), ("met LibreOffice-stap", "1")):
            env = {**os.environ, "COUNCILKIT_DOCX_LIBREOFFICE": value}
            times = timed(command, env, RUNS)
            print(
                f"{label:<24} mediaan {statistics.median(times):5.2f} s  "
                f"(min {min(times):.2f}, max {max(times):.2f}, {RUNS} runs)"
            )


if __name__ == "__main__":
    main()
