"""Markdown output: the template's Markdown with the directives resolved, valid CommonMark + GFM tables."""

from __future__ import annotations

from pathlib import Path

from _render_sample import SAMPLE, meta, write_png
from markdown_it import MarkdownIt

from councilkit.render.document import render_document


def test_markdown_output(tmp_path: Path) -> None:
    write_png(tmp_path / "kaart.png")
    out = render_document(SAMPLE, tmp_path / "plan.md", meta=meta(), resources=tmp_path)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Beleidsplan Wmo 2025–2028\n\n*Samen zorgen in Breda*\n")
    assert "Gemeente Breda · Concept · 22 november 2026" in text
    assert "[[inhoudsopgave]]" not in text
    assert ":::" not in text
    assert "> **Let op: Concept — bevat fouten**" in text
    assert "> **Let op:**\n>\n> Dit hoofdstuk is nog niet uitgewerkt." in text
    assert "\n## Inleiding\n" in text and "\n### Waarden en principes\n" in text
    assert "Tabel: Budget per jaar\n\n| Jaar | Budget |" in text
    assert "![Kaart van de wijken van Breda](kaart.png" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h3", "h4", "h2"]
    assert sum(t.type == "table_open" for t in tokens) == 2
    assert text.endswith("\n") and "\n\n\n" not in text
