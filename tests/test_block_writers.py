"""Guard: every block type of `render/blocks.py` reaches the reader in every Markdown-based writer
(docx, html, md), or the writer refuses it with a Dutch error — never silently dropped."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from _render_sample import CHART_BLOCK, meta, write_png

from councilkit.errors import CouncilkitError
from councilkit.render import blocks as b
from councilkit.render.document import render_document

#: One Markdown piece per block type, with the words that must show in every output.
PIECES: dict[type, tuple[str, str]] = {
    b.Toc: ("[[inhoudsopgave]]", ""),
    b.Heading: ("# Kop-merkteken", "Kop-merkteken"),
    b.Paragraph: ("Alinea-merkteken met *nadruk*.", "Alinea-merkteken"),
    b.ListBlock: ("- Lijst-merkteken", "Lijst-merkteken"),
    b.Table: ("Tabel: Tabel-bijschrift\n| a | b |\n|---|---|\n| Cel-merkteken | 2 |", "Cel-merkteken"),
    b.Callout: ("::: let-op Kader-titel\nKader-merkteken\n:::", "Kader-merkteken"),
    b.Figure: ('![Figuur-alt](fig.png "Figuur-bijschrift")', "Figuur-bijschrift"),
    b.Chart: (CHART_BLOCK.format(type="lijn"), "Ervaren steun 75-plussers"),
    b.CodeBlock: ("```\nCode-merkteken\n```", "Code-merkteken"),
    b.Quote: ("> Citaat-merkteken", "Citaat-merkteken"),
    b.Rule: ("---", ""),
}


def _block_types() -> set[type]:
    return {
        cls
        for cls in vars(b).values()
        if isinstance(cls, type)
        and issubclass(cls, b.Block)
        and cls is not b.Block
        and dataclasses.is_dataclass(cls)
    }


def test_every_block_type_has_a_piece() -> None:
    """A new block type must be added here, so the writers below are tested on it."""
    assert _block_types() == set(PIECES)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("blokken")
    write_png(folder / "fig.png")
    markdown = "\n\n".join(piece for piece, _ in PIECES.values()) + "\n"
    tree = b.parse(markdown, resources=folder)
    assert {type(x) for x in b.walk(tree.blocks)} == set(PIECES), "the sample makes every block type"
    out = {}
    for fmt in ("docx", "html", "md"):
        out[fmt] = folder / f"blokken.{fmt}"
        render_document(markdown, out[fmt], meta=meta(), resources=folder)
    return out


def _docx_text(path: Path) -> str:
    return zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_every_block_reaches_the_reader(outputs: dict[str, Path], fmt: str) -> None:
    text = _docx_text(outputs[fmt]) if fmt == "docx" else outputs[fmt].read_text(encoding="utf-8")
    for kind, (_, words) in PIECES.items():
        if words:
            assert words in text, (fmt, kind.__name__)
    if fmt == "html":
        assert "<hr>" in text and "Inhoudsopgave</h2>" in text
    if fmt == "docx":
        assert "TOC \\o" in text, "a real Word table of contents"
        assert "w:pBdr" in text, "the rule is a bordered paragraph"
    if fmt == "md":
        assert "\n---\n" in text or "\n***\n" in text


def test_writers_refuse_an_unknown_block(tmp_path: Path) -> None:
    @dataclasses.dataclass
    class Onbekend(b.Block):
        pass

    tree = b.Document([Onbekend(lines=None)], [], "")
    from councilkit.render.docx import open_reference, write_docx
    from councilkit.render.html import render_html

    with pytest.raises(CouncilkitError, match="kent het onderdeel 'Onbekend' niet"):
        render_html(tree, meta=meta())
    with pytest.raises(CouncilkitError, match="kent het onderdeel 'Onbekend' niet"):
        write_docx(tree, tmp_path / "x.docx", meta=meta(), reference=open_reference(None))
