"""Time the document engine on a large generated document (docx, html, md).

    python benchmarks/bench_render.py [--hoofdstukken 40] [--grafieken 0]

Generates Markdown the size of a long beleidsplan (chapters with paragraphs, lists and tables,
optionally charts), renders it once per format in this process and prints the time per step.
Whole-process timing (interpreter start, imports, the CLI) belongs to the command benchmarks.
Results go in benchmarks/README.md; they are never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

CHART = """
```grafiek
type: lijn
titel: Ervaren steun {n}
x: [2020, 2021, 2022, 2023]
series:
  - naam: Gemeente
    waarden: [50, 52, 55, 57.5]
alt: Lijngrafiek van de ervaren steun; die stijgt van 50% naar 57,5%.
bron: Gezondheidsmonitor
```
"""


def document(chapters: int, charts: int) -> str:
    parts = ["[[inhoudsopgave]]\n", "::: let-op Concept\nDit is een concept.\n:::\n"]
    for c in range(1, chapters + 1):
        parts.append(f"# Hoofdstuk {c}: maatschappelijk resultaat\n")
        for s in range(1, 4):
            parts.append(f"## Paragraaf {c}.{s}\n")
            parts.append(
                "Dit is een alinea met **vet**, *cursief* en een [link](https://www.example.nl). "
                "De gemeente ondersteunt inwoners zo dicht mogelijk bij huis en werkt samen met "
                "partners in de wijk, omdat we veronderstellen dat dit beter werkt.\n"
            )
            parts.append("- eerste punt\n- tweede punt\n  - onderpunt\n- derde punt\n")
            parts.append("### Cijfers\n")
            rows = "\n".join(f"| {2015 + r} | {1000 + r * 37:,} | {r * 1.5:.1f}% |" for r in range(12))
            parts.append(f"Tabel: Cijfers {c}.{s}\n\n| Jaar | Aantal | Aandeel |\n|---|---:|---:|\n{rows}\n")
    for n in range(charts):
        parts.append(CHART.format(n=n + 1))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hoofdstukken", type=int, default=40)
    parser.add_argument("--grafieken", type=int, default=0)
    args = parser.parse_args()

    # the engine alone: LibreOffice's layout step of a docx is measured in bench_docx_libreoffice.py
    os.environ.setdefault("COUNCILKIT_DOCX_LIBREOFFICE", "0")
    started = time.perf_counter()
    from councilkit.render.blocks import parse
    from councilkit.render.document import DocumentMeta, render_document

    imported = time.perf_counter()
    markdown = document(args.hoofdstukken, args.grafieken)
    meta = DocumentMeta(titel="Benchmark", organisatie="Gemeente Voorbeeld", datum="2026-11-22")
    print(f"markdown: {len(markdown) / 1024:.0f} KiB, {markdown.count(chr(10))} regels")
    print(f"import: {imported - started:.2f} s")
    t = time.perf_counter()
    parse(markdown)
    print(f"parse: {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".docx", ".html", ".md"):
            t = time.perf_counter()
            out = render_document(markdown, Path(tmp) / f"bench{suffix}", meta=meta)
            print(f"{suffix[1:]}: {time.perf_counter() - t:.2f} s ({out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
