"""`councilkit init` writes a starter that checks clean; `councilkit schema` publishes the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from councilkit.model.starter import schema_text
from tests.conftest import BREDA


@pytest.mark.parametrize("domein", ["wmo", "jeugd", "participatie", "sociaal-domein"])
def test_init_writes_a_kompas_with_only_placeholder_warnings(tmp_path: Path, cli, domein: str) -> None:
    target = tmp_path / "nieuw"
    result = cli("init", target, "--gemeente", "Tilburg", "--code", "GM0855", "--domein", domein)
    assert result.code == 0, result
    kompas = target / "kompas.yaml"
    text = kompas.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=kompas.schema.json"
    assert "naam: Tilburg" in text and "code: GM0855" in text and f"domein: {domein}" in text
    assert "onderbouwing" in text and "# Stap 1" in text, "the starter teaches the method in comments"
    schema = json.loads((target / "kompas.schema.json").read_text(encoding="utf-8"))
    assert "leidende_principes" in schema["properties"]
    check = cli("check", kompas, "--format", "json")
    assert check.code == 0, check
    # Only the examples still to replace — and the law's topics, which a starter without themes
    # honestly leaves open.
    codes = {finding["code"] for finding in json.loads(check.out)["findings"]}
    assert codes == {"voorbeeldtekst", "voorbeeldgetallen", "wettelijk-onderwerp-open"}, codes


@pytest.mark.parametrize(
    ("naam", "code"),
    [("'s-Hertogenbosch", "GM0796"), ("Súdwest-Fryslân", "GM1900"), ("Bergen (L.)", "GM0893")],
)
def test_init_quotes_the_name_so_it_round_trips(tmp_path: Path, cli, naam: str, code: str) -> None:
    result = cli("init", tmp_path, "--gemeente", naam, "--code", code)
    assert result.code == 0, result
    from councilkit.model.kompas import load_kompas

    assert load_kompas(tmp_path / "kompas.yaml").model.gemeente.naam == naam
    assert cli("check", tmp_path / "kompas.yaml").code == 0


@pytest.mark.parametrize(
    "text", ["'s-Hertogenbosch", "Ja", "12", "a: b", 'x "y" # z', "null", "~", "tab\there"]
)
def test_yaml_scalar_reads_back_as_the_same_text(text: str) -> None:
    import yaml

    from councilkit.render.nl import yaml_scalar

    assert yaml.safe_load(f"naam: {yaml_scalar(text)}") == {"naam": text}


def test_init_refuses_to_overwrite(tmp_path: Path, cli) -> None:
    assert cli("init", tmp_path).code == 0
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text("# mijn eigen werk\n", encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.code == 2
    assert "--force" in result.err and "bestaat al" in result.err
    assert kompas.read_text(encoding="utf-8") == "# mijn eigen werk\n", "nothing is lost"
    assert cli("init", tmp_path, "--force").code == 0
    assert "Stap 1" in kompas.read_text(encoding="utf-8")


def test_init_rejects_bad_municipality_code(tmp_path: Path, cli) -> None:
    result = cli("init", tmp_path / "x", "--code", "0758")
    assert result.code == 2 and "GM0758" in result.err
    assert not (tmp_path / "x").exists()


def test_schema_command_prints_the_json_schema(cli, tmp_path: Path) -> None:
    result = cli("schema", "kompas")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) >= {"gemeente", "domein", "periode"}
    resultaat = schema["$defs"]["Resultaat"]
    assert {"nulmeting", "streefwaarde", "indicator", "principes"} <= set(resultaat["properties"])
    assert resultaat["additionalProperties"] is False, "editors flag unknown keys"
    out = tmp_path / "schema.json"
    assert cli("schema", "-o", out).code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema


def test_example_schema_file_is_current() -> None:
    """examples/breda/kompas.schema.json is what `councilkit schema` prints (regenerate it if not)."""
    for example in (BREDA, *(BREDA.parent / name for name in ("jeugd", "participatie", "fouten"))):
        assert (example / "kompas.schema.json").read_text(encoding="utf-8") == schema_text("kompas"), example


@pytest.mark.parametrize("kind", ["kompas", "proces", "werkblad"])
def test_schema_descriptions_are_dutch(kind: str) -> None:
    """What an editor shows on hover is the block's Dutch description, never an English docstring."""
    schema = json.loads(schema_text(kind))
    blocks = {"(bestand)": schema, **schema.get("$defs", {})}
    english = re.compile(r"\b(the|and|which|with|from|where|when|one|its|whose)\b")
    for name, block in blocks.items():
        if block.get("type") != "object" or "properties" not in block:
            continue
        description = block.get("description", "")
        assert description, f"{kind}: {name} has no description for the editor"
        assert not english.search(description), f"{kind}: {name}: {description}"
