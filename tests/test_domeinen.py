"""One owner for the kompas domains (`councilkit.domeinen`) and one for the law names
(`frameworks/wetten.yaml`): they must agree, and nothing else may write them down again."""

from __future__ import annotations

import ast
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from tests.conftest import BREDA, ROOT


def test_domains_are_the_laws_plus_the_whole_sociaal_domein() -> None:
    from councilkit.domeinen import DOMEINEN, SOCIAAL_DOMEIN
    from councilkit.model.catalogue import Indicator
    from councilkit.model.frameworks import load_wetten
    from councilkit.model.kompas import Kompas

    assert list(DOMEINEN) == [w.id for w in load_wetten().wetten] + [SOCIAAL_DOMEIN]
    # What the schema and the validation accept is the same list.
    assert typing.get_args(Kompas.model_fields["domein"].annotation) == DOMEINEN
    enum = Indicator.model_json_schema()["properties"]["domeinen"]["items"]["enum"]
    assert enum == [*DOMEINEN, "algemeen"]


def test_per_domain_tables_cover_every_domain() -> None:
    from councilkit.documents.plan_inhoud import WOORDEN
    from councilkit.domeinen import DOMEINEN
    from councilkit.model.starter import STARTER_INDICATOR

    assert set(WOORDEN) == set(DOMEINEN)
    assert set(STARTER_INDICATOR) == set(DOMEINEN)


def test_law_names_come_from_wetten_yaml(tmp_path: Path, cli) -> None:
    from councilkit.model.frameworks import load_wetten

    wetten = load_wetten()
    assert [wetten.domein_naam(w.id) for w in wetten.wetten] == [w.afkorting for w in wetten.wetten]
    assert wetten.domein_naam("sociaal-domein") == "sociaal domein"
    out = tmp_path / "plan.md"
    assert cli("plan", BREDA / "kompas.yaml", "-o", out).code == 0
    assert f"Beleidsplan {wetten.by_id()['wmo'].afkorting} gemeente Breda" in out.read_text(encoding="utf-8")


def _literal_strings(node: ast.AST) -> set[str]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def test_no_module_writes_the_domains_or_law_names_again() -> None:
    """A literal list of the domains (as the `init` and `worksheet combine` options had) or a law's
    name in the code is a second owner that will drift from `wetten.yaml`."""
    from councilkit.model.frameworks import load_wetten

    names = {w.afkorting for w in load_wetten().wetten} | {w.naam for w in load_wetten().wetten}
    offenders = []
    for path in sorted((ROOT / "councilkit").rglob("*.py")):
        if path.name == "domeinen.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if {"wmo", "jeugd", "participatie"} <= _literal_strings(node):
                offenders.append(f"{path.name}:{node.lineno}")  # type: ignore[attr-defined]
            if isinstance(node, ast.Constant) and node.value in names:
                offenders.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert not offenders, offenders


@pytest.mark.parametrize(
    "args", [["init", "--help"], ["worksheet", "combine", "--help"], ["catalogus", "--help"], ["--help"]]
)
def test_help_with_the_domain_list_starts_without_pydantic_or_yaml(args: list[str]) -> None:
    code = (
        "import sys\nfrom councilkit.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('pydantic', 'yaml', 'jinja2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout, done.stdout[-300:]
    if args[0] in {"init", "catalogus"}:
        assert "wmo|jeugd|participatie|sociaal-domein" in done.stdout
