"""PDF through headless LibreOffice: tagged, with bookmarks and the plan's text; without LibreOffice a
Dutch error with the install hint, before any work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _render_sample import pdf_text, require

from tests.conftest import BREDA

pytestmark = pytest.mark.libreoffice


def test_breda_plan_as_tagged_pdf(tmp_path: Path, cli) -> None:
    require(shutil.which("soffice") is not None, "LibreOffice (apt: libreoffice-writer)")
    out = tmp_path / "plan.pdf"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out)
    assert result.code == 0, result
    import pypdf

    reader = pypdf.PdfReader(str(out))
    assert "/StructTreeRoot" in reader.trailer["/Root"], "a tagged (accessible) PDF"
    assert reader.outline, "bookmarks from the headings"
    text = pdf_text(out)
    assert "Wettelijk kader" in text and "Samen in de wijk" in text


def test_pdf_without_libreoffice_is_a_dutch_error(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "plan.pdf"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out)
    assert result.code == 2
    assert "LibreOffice" in result.err and "apt install libreoffice-writer" in result.err
    assert not out.exists()
