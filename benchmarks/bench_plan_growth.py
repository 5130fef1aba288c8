"""How `councilkit plan` grows with the kompas: 10, 100, 1.000 and 10.000 results (docx and md).

A generated kompas (principles, results spread over themes, a requirement per ten results) is
written per size; the whole process is timed once per size and format, so the growth is visible.
Wall time and the child's CPU time (user + sys) are both shown: on a shared machine the CPU time is
the steadier figure. The docx's LibreOffice step (page numbers, preview; skipped above 20.000
paragraphs) is switched off here; `bench_docx_libreoffice.py` measures it.
Aim (issue 7): linear growth, 10.000 results under 15 s. Run: `python benchmarks/bench_plan_growth.py
[GROOTTES...]`; figures go into benchmarks/README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

SIZES = [10, 100, 1_000, 10_000]


def kompas(results: int) -> dict:
    themes = max(1, min(20, results // 50))
    return {
        "gemeente": {"naam": "Breda", "code": "GM0758"},
        "domein": "wmo",
        "periode": {"van": 2025, "tot": 2028},
        "waarden": [{"id": f"w{i}", "naam": f"Waarde {i}"} for i in range(5)],
        "leidende_principes": [
            {
                "id": f"p{i}",
                "naam": f"Principe {i}",
                "onderbouwing": "Omdat we veronderstellen dat het werkt.",
                "waarden": [f"w{i % 5}"],
            }
            for i in range(20)
        ],
        "maatschappelijke_resultaten": [
            {
                "id": f"r{i}",
                "omschrijving": f"Resultaat nummer {i} voor inwoners",
                "principes": [f"p{i % 20}"],
                "indicator": "ervaren-steun-75plus",
                "nulmeting": {"jaar": 2024, "waarde": 50},
                "streefwaarde": {"jaar": 2028, "waarde": 60},
            }
            for i in range(results)
        ],
        "kwaliteitseisen": [
            {
                "id": f"k{i}",
                "eis": f"Eis {i}",
                "principes": [f"p{i % 20}"],
                "resultaten": [f"r{i * 10}"],
                "toetsing": "jaarlijks",
            }
            for i in range(max(1, results // 10))
        ],
        "themas": [
            {"id": f"t{t}", "naam": f"Thema {t}", "resultaten": [f"r{i}" for i in range(t, results, themes)]}
            for t in range(themes)
        ],
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    print(f"{'resultaten':>10} {'docx wand':>10} {'docx cpu':>9} {'md wand':>9} {'md cpu':>9}")
    env = {**os.environ, "COUNCILKIT_DOCX_LIBREOFFICE": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"kompas-{n}.yaml"
            path.write_text(yaml.safe_dump(kompas(n), allow_unicode=True, sort_keys=False), encoding="utf-8")
            row = []
            for fmt in ("docx", "md"):
                before = os.times()
                start = time.perf_counter()
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "councilkit",
                        "plan",
                        str(path),
                        "-o",
                        f"{tmp}/plan-{n}.{fmt}",
                        "--force",
                    ],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                row.append(time.perf_counter() - start)
                after = os.times()
                row.append(
                    after.children_user
                    - before.children_user
                    + after.children_system
                    - before.children_system
                )
                assert done.returncode == 0, done.stderr[-500:]
            print(f"{n:>10} {row[0]:9.2f}s {row[1]:8.2f}s {row[2]:8.2f}s {row[3]:8.2f}s")


if __name__ == "__main__":
    main()
