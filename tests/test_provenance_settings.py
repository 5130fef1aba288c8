"""Every output says how it was made; `councilkit.yaml` sets what a gemeente sets once."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from councilkit import __version__
from tests.conftest import BREDA

KOMPAS = BREDA / "kompas.yaml"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.test_plan import run_cli

    folder = tmp_path_factory.mktemp("herkomst")
    out = {}
    for fmt in ("docx", "html", "md"):
        out[fmt] = folder / f"plan.{fmt}"
        code, err = run_cli("plan", KOMPAS, "-o", out[fmt])
        assert code == 0, err
    return out


def test_docx_properties_name_version_inputs_and_hash(plans: dict[str, Path]) -> None:
    import docx

    props = docx.Document(str(plans["docx"])).core_properties
    assert props.version == f"councilkit {__version__}"
    assert props.comments.startswith("gemaakt met councilkit")
    # In full in the custom properties (Word keeps at most 255 characters per property).
    import zipfile

    custom = zipfile.ZipFile(plans["docx"]).read("docProps/custom.xml").decode("utf-8")
    assert f"invoer: kompas.yaml (sha256 {_sha(KOMPAS)})" in custom
    assert "/work/" not in custom and "/tmp/" not in custom, "no home folders in a shared document"


def test_html_meta_names_version_inputs_and_hash(plans: dict[str, Path]) -> None:
    html = plans["html"].read_text(encoding="utf-8")
    assert f'<meta name="generator" content="councilkit {__version__}">' in html
    metas = re.findall(r'<meta name="councilkit.herkomst" content="([^"]*)">', html)
    assert any(_sha(KOMPAS) in m and "kompas.yaml" in m for m in metas), metas


def test_markdown_comment_names_version_inputs_and_hash(plans: dict[str, Path]) -> None:
    md = plans["md"].read_text(encoding="utf-8")
    assert md.startswith("<!--\ngemaakt met councilkit")
    comment = md[: md.index("-->")]
    assert _sha(KOMPAS) in comment
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(md)
    assert "sha256" not in re.sub(r"<!--.*?-->", "", rendered, flags=re.S), "the comment stays invisible"


def test_settings_file_found_upward_supplies_reference_doc_and_templates(tmp_path: Path, cli) -> None:
    project = tmp_path / "project"
    (project / "kompassen").mkdir(parents=True)
    (project / "huisstijl" / "sjablonen").mkdir(parents=True)
    kompas = project / "kompassen" / "kompas.yaml"
    shutil.copy(KOMPAS, kompas)
    template = (Path(__file__).parents[1] / "templates" / "beleidsplan.md.j2").read_text(encoding="utf-8")
    (project / "huisstijl" / "sjablonen" / "beleidsplan.md.j2").write_text(
        template + "\nHUISSTIJL-SJABLOON\n", encoding="utf-8"
    )
    (project / "councilkit.yaml").write_text(
        "huisstijl:\n  sjablonen: huisstijl/sjablonen\n", encoding="utf-8"
    )
    out = tmp_path / "plan.md"
    assert cli("plan", kompas, "-o", out).code == 0
    md = out.read_text(encoding="utf-8")
    assert "HUISSTIJL-SJABLOON" in md
    assert "councilkit.yaml (sha256" in md, "the settings file is part of the provenance"

    # The command line wins over the settings file.
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "beleidsplan.md.j2").write_text(template + "\nEIGEN-SJABLOON\n", encoding="utf-8")
    assert cli("plan", kompas, "-o", out, "--templates", own, "--force").code == 0
    md = out.read_text(encoding="utf-8")
    assert "EIGEN-SJABLOON" in md and "HUISSTIJL-SJABLOON" not in md


def test_settings_file_errors_are_dutch_with_a_line(tmp_path: Path, cli) -> None:
    shutil.copy(KOMPAS, tmp_path / "kompas.yaml")
    (tmp_path / "councilkit.yaml").write_text("huisstijl:\n  sjabloon: x\n", encoding="utf-8")
    result = cli("plan", tmp_path / "kompas.yaml", "-o", tmp_path / "plan.md")
    assert result.code == 2
    assert "councilkit.yaml:2" in result.err and "sjablonen" in result.err


def test_settings_threshold_only_makes_disclosure_stricter(tmp_path: Path) -> None:
    from councilkit.commands.options import make_request

    shutil.copy(KOMPAS, tmp_path / "kompas.yaml")
    (tmp_path / "councilkit.yaml").write_text("onthulling:\n  drempel: 10\ndata: [monitor.duckdb]\n")
    request = make_request([tmp_path / "kompas.yaml"], tmp_path / "plan.md")
    assert request.drempel == 10
    assert request.data == (tmp_path / "monitor.duckdb",)
    request = make_request([tmp_path / "kompas.yaml"], tmp_path / "plan.md", data_paths=[Path("x.csv")])
    assert request.data == (Path("x.csv"),)
