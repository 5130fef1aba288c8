"""One indicator lookup: the catalogue with a kompas's local indicators over it
(`model.catalogue.indicator_index`), used by `check`, every document, the data commands and
`data/figures` — so a local indicator means the same in each of them."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

JEUGD = ROOT / "examples" / "jeugd" / "kompas.yaml"


def test_local_indicator_wins_and_comes_last() -> None:
    from councilkit.model.catalogue import Indicator, indicator_index, load_catalogue

    shipped = load_catalogue().by_id()
    own = Indicator(id="wmo-clienten", naam="Eigen telling", eenheid="procent", bronnen=["Eigen kolom"])
    new = Indicator(id="wachttijd", naam="Wachttijd", eenheid="weken")
    index = indicator_index([own, new])
    assert index["wmo-clienten"] is own and index["wachttijd"] is new
    assert list(index)[-2:] == ["wmo-clienten", "wachttijd"], "local ones last: they win where order decides"
    assert set(index) == set(shipped) | {"wachttijd"}
    assert indicator_index() == shipped


def test_data_list_counts_a_local_indicator_as_linked(tmp_path: Path, cli) -> None:
    # The jeugd example defines 'wachttijd-jeugdhulp' itself; a monitor export names it by its id.
    store = tmp_path / "monitor.duckdb"
    export = tmp_path / "wachttijd.csv"
    export.write_text(
        "indicator;regio;periode;waarde\nwachttijd-jeugdhulp;GM0034;2023;6,5\ninwoners;GM0034;2023;918117\n"
        "EigenMaat;GM0034;2023;12\n",
        encoding="utf-8",
    )
    imported = cli("data", "import", export, "--store", store, "--kompas", JEUGD)
    assert imported.code == 0, imported
    listed = cli("data", "list", "--store", store, "--kompas", JEUGD)
    assert listed.code == 0, listed
    lines = listed.out.splitlines()
    split = lines.index("niet gekoppeld, onder de naam uit de bron:")
    linked = [line.split()[0] for line in lines[1 : split - 1]]
    assert "wachttijd-jeugdhulp" in linked and "inwoners" in linked
    assert [line.split()[0] for line in lines[split + 2 :]] == ["EigenMaat"]


def test_no_module_assembles_the_lookup_itself() -> None:
    """Spreading a catalogue's or a kompas's `indicatoren` into a new collection, or a second
    `indicator_index`, outside `model/catalogue.py` is how the five lookups of issue 7 began."""
    offenders = []
    for path in sorted((ROOT / "councilkit").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() == "councilkit/model/catalogue.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            spread = isinstance(node, ast.Starred) and isinstance(node.value, ast.Attribute)
            if spread and node.value.attr == "indicatoren":  # type: ignore[attr-defined]
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "indicator_index":
                offenders.append(f"{path.name}:{node.lineno} (def)")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
            ) and any(isinstance(a, ast.DictComp) and "indicatoren" in ast.unparse(a) for a in node.args):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders
