"""Build the .docx proposals of the test set from their plain sources in `docx/*.bron`.

The sources stay readable and reviewable in git; the Word files are made at test (or benchmark) time
with python-docx, the way a municipality's Word template would: real heading styles (`# kop`), or —
with `@koppen vet` — the bold short lines many authors type instead of headings, bullet lists
(`- punt`), tables (`| a | b |`) and, with `@tabelformat`, the two-column table format some
councils use for the whole proposal.

    python tests/raadsvoorstellen/make_docx.py DOEL_MAP
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(source: Path, target: Path) -> Path:
    import docx

    document = docx.Document()
    bold_headings = False
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = document.add_table(rows=0, cols=max(len(r) for r in table_rows))
        for row in table_rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
        table_rows.clear()

    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|"):
            table_rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        flush_table()
        if line.startswith("@titel "):
            document.add_paragraph(line[7:], style="Title")
            document.core_properties.title = line[7:]
        elif line == "@koppen vet":
            bold_headings = True
        elif line == "@tabelformat":
            pass
        elif line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif bold_headings and len(line.split()) <= 8 and not line.endswith("."):
            document.add_paragraph().add_run(line).bold = True
        else:
            document.add_paragraph(line)
    flush_table()
    document.save(str(target))
    return target


def build_all(folder: Path) -> list[Path]:
    """Write every `docx/*.bron` as `<name>.docx` into `folder`; returns the written files."""
    folder.mkdir(parents=True, exist_ok=True)
    return [build(src, folder / f"{src.stem}.docx") for src in sorted((HERE / "docx").glob("*.bron"))]


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
