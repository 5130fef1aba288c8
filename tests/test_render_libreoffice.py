"""The docx opens in headless LibreOffice, converts to PDF, and the PDF text holds the headings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from _render_sample import HEADINGS, SAMPLE, meta, require, write_png

from councilkit.render.document import render_document


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


@pytest.mark.libreoffice
def test_docx_converts_to_pdf_with_headings(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (apt: libreoffice-writer)")
    assert soffice is not None
    write_png(tmp_path / "kaart.png")
    docx_path = render_document(SAMPLE, tmp_path / "plan.docx", meta=meta(), resources=tmp_path)
    profile = tmp_path / "lo-profiel"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "plan.pdf"
    assert pdf.is_file(), f"LibreOffice maakte geen PDF: {result.stdout}\n{result.stderr}"
    text = _pdf_text(pdf)
    assert "Beleidsplan Wmo 2025–2028" in text
    for heading in HEADINGS:
        assert heading in text
    assert "Aantal cliënten met een Wmo-voorziening" in text
    assert "11.940" in text and "9.375" in text
    assert "Let op: Concept — bevat fouten" in text
