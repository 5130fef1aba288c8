"""Whole-process time of the worksheet commands, as a griffier runs them for a full council.

`worksheet new` in each format (the docx goes through the render engine), `worksheet read` of one
Excel file, and `worksheet combine` of 45 worksheets (a large council) into Markdown, Word (with one
chart per list field, drawn by kaleido in headless Chromium) and a draft kompas.
Run: `python benchmarks/bench_worksheet.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _timing import measure

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "werkbladen"
RUNS = 5
COUNCIL = 45


def _council(folder: Path) -> list[str]:
    """45 saved worksheets: the nine shipped JSON examples, renamed and re-dated per raadslid."""
    sources = sorted(EXAMPLES.glob("*.json"))
    paths = []
    for i in range(COUNCIL):
        data = json.loads(sources[i % len(sources)].read_text(encoding="utf-8"))
        data["naam"] = f"{data['naam']} {i}"
        path = folder / f"raadslid-{i:02d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = [sys.executable, "-m", "councilkit", "worksheet"]
        commands = {"python -c pass": [sys.executable, "-c", "pass"]}
        for suffix in ("html", "xlsx", "md", "docx"):
            out = folder / f"visie.{suffix}"
            commands[f"worksheet new visie -o visie.{suffix}"] = [
                *base,
                "new",
                "visie",
                "-o",
                str(out),
                "--force",
            ]
        xlsx = folder / "daan.xlsx"
        shutil.copy(EXAMPLES / "werkblad-visie-daan-smit.xlsx", xlsx)
        commands["worksheet read daan.xlsx"] = [
            *base,
            "read",
            str(xlsx),
            "-o",
            str(folder / "d.yaml"),
            "--force",
        ]
        council = _council(folder)
        for suffix in ("md", "docx"):
            out = folder / f"synthese.{suffix}"
            commands[f"worksheet combine ({COUNCIL}) -o synthese.{suffix}"] = [
                *base, "combine", *council, "-o", str(out), "--force",
            ]  # fmt: skip
        commands[f"worksheet combine ({COUNCIL}) -o kompas.yaml"] = [
            *base, "combine", *council, "-o", str(folder / "k.yaml"), "--force", "--gemeentecode", "GM0758",
        ]  # fmt: skip
        print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
        print(f"{'opdracht':46} {'mediaan':>9} {'min':>9} {'max':>9}")
        for name, command in commands.items():
            times = measure(command, RUNS)
            print(
                f"{name:46} {statistics.median(times) * 1000:7.0f}ms {min(times) * 1000:7.0f}ms "
                f"{max(times) * 1000:7.0f}ms"
            )


if __name__ == "__main__":
    main()
