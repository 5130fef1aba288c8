"""The docx opens in headless LibreOffice, converts to PDF, and the PDF text holds the headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from _render_sample import HEADINGS, SAMPLE, docx_to_pdf, meta, pdf_text, write_png

from councilkit.render.document import render_document


@pytest.mark.libreoffice
def test_docx_converts_to_pdf_with_headings(tmp_path: Path) -> None:
    write_png(tmp_path / "kaart.png")
    docx_path = render_document(SAMPLE, tmp_path / "plan.docx", meta=meta(), resources=tmp_path)
    pdf = docx_to_pdf(docx_path, tmp_path)
    text = pdf_text(pdf)
    assert "Beleidsplan Wmo 2025–2028" in text
    for heading in HEADINGS:
        assert heading in text
    assert "Aantal cliënten met een Wmo-voorziening" in text
    assert "11.940" in text and "9.375" in text
    assert "Let op: Concept — bevat fouten" in text
