"""Guard: `check` and the beleidsplan say the same about which legal topics are still open.

Both use `councilkit.checks.legal.legal_coverage`; these cases are the ones where they used to
disagree (topics removed from the themes, the whole sociaal domein, a kompas without themes) plus a
topic a theme tags without saying how (issue 13: that is not an answer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import BREDA

BREDA_KOMPAS = BREDA / "kompas.yaml"


def _unchanged(data: dict) -> None:
    pass


def _two_topics_removed(data: dict) -> None:
    theme = data["themas"][0]
    for topic in theme["wettelijke_onderwerpen"][:2]:
        theme["uitwerking"].pop(topic, None)
    theme["wettelijke_onderwerpen"] = theme["wettelijke_onderwerpen"][2:]


def _tagged_without_how(data: dict) -> None:
    data["themas"][2]["uitwerking"] = {}


def _sociaal_domein(data: dict) -> None:
    data["domein"] = "sociaal-domein"


def _no_themes(data: dict) -> None:
    del data["themas"]


CASES: dict[str, Callable[[dict], None]] = {
    "breda": _unchanged,
    "breda-twee-onderwerpen-weg": _two_topics_removed,
    "breda-genoemd-zonder-hoe": _tagged_without_how,
    "sociaal-domein": _sociaal_domein,
    "zonder-themas": _no_themes,
    # The other shipped examples, unchanged: recommended topics count the same in both.
    "jeugd": _unchanged,
    "participatie": _unchanged,
    "almere": _unchanged,
}


def _source(case: str) -> Path:
    if case in {"jeugd", "participatie", "almere"}:
        return BREDA.parent / case / "kompas.yaml"
    return BREDA_KOMPAS


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_plan_agree_on_open_legal_topics(tmp_path: Path, cli, case: str) -> None:
    data = yaml.safe_load(_source(case).read_text(encoding="utf-8"))
    CASES[case](data)
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    checked = cli("check", kompas, "--format", "json")
    assert checked.code == 0, checked
    findings = json.loads(checked.out)["findings"]
    open_in_check = {
        re.search(r"\(([a-z0-9-]+)\)", f["message"]).group(1)  # type: ignore[union-attr]
        for f in findings
        if f["code"] == "wettelijk-onderwerp-open"
    }

    from councilkit.documents.plan import build_context
    from councilkit.model.kompas import load_kompas

    context = build_context(load_kompas(kompas))
    # Every topic the plan marks open — required, recommended or uncertain — is a finding of check.
    open_in_plan = {r.id for r in context.wettelijk_kader if not r.uitgewerkt}
    assert open_in_check == open_in_plan

    out = tmp_path / "plan.md"
    written = cli("plan", kompas, "-o", out)
    assert written.code == 0, written
    md = out.read_text(encoding="utf-8")
    open_rows = [line for line in md.splitlines() if line.endswith("| **nog niet uitgewerkt** |")]
    assert len(open_rows) == sum(not r.uitgewerkt for r in context.wettelijk_kader)
    if case in {"breda", "jeugd"}:
        assert not open_in_check, "the example says how it answers every topic"
    elif case == "participatie":
        assert open_in_check == {"participatie-plan-vn-verdrag", "participatie-plan-kwetsbare-jongeren"}
    else:
        assert open_in_check, "every variant leaves statutory topics open"
        assert "Dit plan gaat in op alle" not in md
    if case == "breda-twee-onderwerpen-weg":
        assert open_in_check == set(
            yaml.safe_load(BREDA_KOMPAS.read_text())["themas"][0]["wettelijke_onderwerpen"][:2]
        )
    if case == "breda-genoemd-zonder-hoe":
        assert "Hoe dit thema dat doet, is nog niet uitgewerkt." in md
