"""Jinja2 templating: override directory first, Dutch filters, errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit.errors import CouncilkitError
from councilkit.render.templating import render_template


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_filters_and_override(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "t.md.j2",
        "{{ n | getal }} {{ p | procent }} {{ b | bedrag }} {{ d | datum }} {{ j | jaar }}\n"
        "| {{ cel | md_escape }} |\n",
    )
    out = render_template(
        "t.md.j2",
        {"n": 1234.5, "p": 12.3, "b": 1234567, "d": "2026-11-22", "j": 2026, "cel": "a|b\nc"},
        templates=tmp_path,
    )
    assert out == "1.234,5 12,3% €\u00a01.234.567 22 november 2026 2026\n| a\\|b c |\n"


def test_override_wins_over_shipped(tmp_path: Path) -> None:
    _write(tmp_path, "basis.html.j2", "eigen huisstijl")
    assert render_template("basis.html.j2", {}, templates=tmp_path) == "eigen huisstijl"


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "kapot.md.j2", "# Kop\n\n{% if %}\n")
    with pytest.raises(CouncilkitError) as info:
        render_template("kapot.md.j2", {}, templates=tmp_path)
    assert info.value.file == str(path)
    assert info.value.line == 3
    assert "sjabloon" in info.value.format()


def test_undefined_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "leeg.md.j2", "# Kop\n\nTekst {{ onbekend }}\n")
    with pytest.raises(CouncilkitError) as info:
        render_template("leeg.md.j2", {}, templates=tmp_path)
    assert info.value.file == str(path)
    assert info.value.line == 3
    assert "'onbekend' is niet bekend" in info.value.format()


def test_missing_template_is_dutch(tmp_path: Path) -> None:
    with pytest.raises(CouncilkitError, match="niet gevonden"):
        render_template("bestaat-niet.md.j2", {}, templates=tmp_path)


def test_missing_override_dir(tmp_path: Path) -> None:
    with pytest.raises(CouncilkitError, match="bestaat niet"):
        render_template("x.md.j2", {}, templates=tmp_path / "nergens")


@pytest.mark.parametrize("attribute", ["korte_naam", "beschrijving"])
def test_missing_attribute_names_the_template_variable_not_a_class(tmp_path: Path, attribute: str) -> None:
    """Also the schema's description of a block (a class attribute for editors) is no template value."""
    from councilkit.model.kompas import load_kompas
    from tests.conftest import BREDA

    themas = load_kompas(BREDA / "kompas.yaml").model.themas
    _write(
        tmp_path,
        "t.md.j2",
        f"# Kop\n{{% for thema in themas %}}\n- {{{{ thema.{attribute} }}}}\n{{% endfor %}}\n",
    )
    with pytest.raises(CouncilkitError) as info:
        render_template("t.md.j2", {"themas": themas}, templates=tmp_path)
    text = info.value.format()
    assert f"'thema.{attribute}' is niet bekend" in text
    assert "object" not in text and "Thema" not in text, text
    assert info.value.line == 3
