"""Bad input and safe output: Dutch errors, no overwrite without --force, no half-written files."""

from __future__ import annotations

from pathlib import Path

import pytest
from _render_sample import SAMPLE, meta, write_png

from councilkit.errors import CouncilkitError, OutputExistsError
from councilkit.render.document import render_document


def test_unknown_suffix_lists_allowed(tmp_path: Path) -> None:
    with pytest.raises(CouncilkitError) as info:
        render_document("# Kop\n", tmp_path / "plan.odt", meta=meta())
    message = info.value.format()
    assert "onbekend uitvoerformaat '.odt'" in message
    assert ".docx" in message and ".html" in message and ".md" in message and ".pdf" in message


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
def test_existing_output_needs_force(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"plan{suffix}"
    out.write_text("oud", encoding="utf-8")
    with pytest.raises(OutputExistsError) as info:
        render_document("# Kop\n", out, meta=meta())
    assert "--force" in info.value.format()
    assert out.read_text(encoding="utf-8") == "oud"
    render_document("# Kop\n", out, meta=meta(), force=True)
    assert out.read_bytes() != b"oud"


def test_broken_reference_doc(tmp_path: Path) -> None:
    broken = tmp_path / "huisstijl.docx"
    broken.write_text("geen zip", encoding="utf-8")
    with pytest.raises(CouncilkitError) as info:
        render_document("# Kop\n", tmp_path / "plan.docx", meta=meta(), reference_doc=broken)
    assert info.value.file == str(broken)
    assert "referentiedocument" in info.value.format()
    assert not (tmp_path / "plan.docx").exists()


def test_missing_reference_doc(tmp_path: Path) -> None:
    with pytest.raises(CouncilkitError, match="referentiedocument niet gevonden"):
        render_document("# Kop\n", tmp_path / "plan.docx", meta=meta(), reference_doc=tmp_path / "weg.docx")


def test_interrupted_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"vorige versie")

    def crash(self: object, path: str) -> None:
        Path(path).write_bytes(b"half")  # a partial write, then the process is interrupted
        raise KeyboardInterrupt

    monkeypatch.setattr("docx.document.Document.save", crash)
    with pytest.raises(KeyboardInterrupt):
        render_document("# Kop\n", out, meta=meta(), force=True)
    assert out.read_bytes() == b"vorige versie"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"], "tijdelijk bestand achtergebleven"


def test_image_without_alt_text(tmp_path: Path) -> None:
    write_png(tmp_path / "logo.png")
    with pytest.raises(CouncilkitError, match="geen alt-tekst"):
        render_document("![](logo.png)\n", tmp_path / "a.html", meta=meta(), resources=tmp_path)


def test_missing_image(tmp_path: Path) -> None:
    with pytest.raises(CouncilkitError, match="niet gevonden"):
        render_document(SAMPLE, tmp_path / "a.docx", meta=meta(), resources=tmp_path)


def test_broken_page_template_names_file_and_line(tmp_path: Path) -> None:
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "basis.html.j2").write_text("<html>\n<body>\n{% if %}\n</body>", encoding="utf-8")
    with pytest.raises(CouncilkitError) as info:
        render_document("# Kop\n", tmp_path / "a.html", meta=meta(), templates=templates)
    assert info.value.file is not None and info.value.file.endswith("basis.html.j2")
    assert info.value.line == 3
