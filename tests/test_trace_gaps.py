"""Guard: the beleidsplan's "Wat nog niet gekoppeld is" (Bijlage A) says what `check` says.

The gaps used to be recomputed in `documents/plan_matrix.py` with rules of their own, which missed
a reference to a principle, value or result that does not exist as long as one other reference was
right. Now they are `check`'s chain findings in the plan's words; these cases break the chain in
every place it can break and compare the two, both ways.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import BREDA

BREDA_KOMPAS = BREDA / "kompas.yaml"


def _result(data: dict, result_id: str) -> dict:
    return next(r for r in data["maatschappelijke_resultaten"] if r["id"] == result_id)


def _principle(data: dict, principle_id: str) -> dict:
    return next(p for p in data["leidende_principes"] if p["id"] == principle_id)


def _eis(data: dict, eis_id: str) -> dict:
    return next(e for e in data["kwaliteitseisen"] if e["id"] == eis_id)


def _value_without_principle(data: dict) -> None:
    data["waarden"].append({"id": "rechtvaardigheid", "naam": "Rechtvaardigheid"})


def _principle_without_value(data: dict) -> None:
    _principle(data, "netwerk-eerst")["waarden"] = []


def _principle_with_unknown_value(data: dict) -> None:
    # One reference is right, one is not: the old plan rule saw nothing wrong here.
    _principle(data, "netwerk-eerst")["waarden"].append("saamhorigheid")


def _principle_without_result(data: dict) -> None:
    data["leidende_principes"].append(
        {
            "id": "preventie",
            "naam": "Voorkomen gaat voor genezen",
            "waarden": ["meedoen"],
            "onderbouwing": "x",
        }
    )


def _principle_without_onderbouwing(data: dict) -> None:
    del _principle(data, "dichtbij")["onderbouwing"]


def _result_without_principle(data: dict) -> None:
    _result(data, "snel-besluit")["principes"] = []


def _result_with_unknown_principle(data: dict) -> None:
    _result(data, "steun-ouderen")["principes"].append("bestaat-niet")


def _result_without_indicator(data: dict) -> None:
    del _result(data, "minder-eenzaamheid")["indicator"]


def _result_with_unknown_indicator(data: dict) -> None:
    _result(data, "minder-eenzaamheid")["indicator"] = "eenzaamheid-onbekend"


def _result_without_theme(data: dict) -> None:
    data["themas"][1]["resultaten"].remove("goede-toegang")


def _eis_without_principle(data: dict) -> None:
    _eis(data, "vaste-contactpersoon")["principes"] = []


def _eis_with_unknown_links(data: dict) -> None:
    _eis(data, "op-tijd-beslissen")["resultaten"].append("snel-geholpen")
    _eis(data, "op-tijd-beslissen")["principes"].append("snel-en-helder")


#: Each variant with the gap sentences a reader must find, written out by hand (not derived).
CASES: dict[str, tuple[Callable[[dict], None], list[str]]] = {
    "breda": (lambda data: None, []),
    "waarde-zonder-principe": (
        _value_without_principle,
        ["Waarde ‘Rechtvaardigheid’ wordt door geen leidend principe gediend."],
    ),
    "principe-zonder-waarde": (
        _principle_without_value,
        ["Principe ‘{netwerk-eerst}’ verwijst naar geen waarde."],
    ),
    "principe-met-onbekende-waarde": (
        _principle_with_unknown_value,
        ["Principe ‘{netwerk-eerst}’ verwijst naar waarde ‘saamhorigheid’, die niet bestaat."],
    ),
    "principe-zonder-resultaat": (
        _principle_without_result,
        ["Principe ‘Voorkomen gaat voor genezen’ leidt tot geen maatschappelijk resultaat."],
    ),
    "principe-zonder-onderbouwing": (
        _principle_without_onderbouwing,
        ["Principe ‘{dichtbij}’ heeft geen onderbouwing."],
    ),
    "resultaat-zonder-principe": (
        _result_without_principle,
        ["Resultaat {snel-besluit} (snel-besluit) volgt uit geen leidend principe."],
    ),
    "resultaat-met-onbekend-principe": (
        _result_with_unknown_principle,
        [
            "Resultaat {steun-ouderen} (steun-ouderen) verwijst naar leidend principe ‘bestaat-niet’, "
            "dat niet bestaat."
        ],
    ),
    "resultaat-zonder-indicator": (
        _result_without_indicator,
        ["Resultaat {minder-eenzaamheid} (minder-eenzaamheid) heeft geen indicator."],
    ),
    "resultaat-met-onbekende-indicator": (
        _result_with_unknown_indicator,
        [
            "Resultaat {minder-eenzaamheid} (minder-eenzaamheid) noemt indicator ‘eenzaamheid-onbekend’, "
            "die niet bekend is."
        ],
    ),
    "resultaat-zonder-thema": (
        _result_without_theme,
        [
            "Resultaat {goede-toegang} (goede-toegang) hoort bij geen thema en staat onder ‘Overige resultaten’."
        ],
    ),
    "eis-zonder-principe": (
        _eis_without_principle,
        ["Kwaliteitseis K1 (vaste-contactpersoon) volgt uit geen leidend principe."],
    ),
    "eis-met-onbekende-schakels": (
        _eis_with_unknown_links,
        [
            "Kwaliteitseis K4 (op-tijd-beslissen) verwijst naar leidend principe ‘snel-en-helder’, dat niet bestaat.",
            "Kwaliteitseis K4 (op-tijd-beslissen) verwijst naar resultaat ‘snel-geholpen’, dat niet bestaat.",
        ],
    ),
}


def _variant(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    data = yaml.safe_load(BREDA_KOMPAS.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "kompas.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_plan_gaps_are_check_findings_and_back(tmp_path: Path, cli, case: str) -> None:
    from councilkit.checks.kompas import breaks_chain, check_kompas
    from councilkit.documents.plan import build_context
    from councilkit.model.kompas import load_kompas

    change, expected = CASES[case]
    kompas = _variant(tmp_path, change)
    loaded = load_kompas(kompas)
    context = build_context(loaded)
    # Names and numbers as the plan shows them, so the expectations stay readable.
    names = {p.id: p.naam for p in loaded.model.leidende_principes}
    numbers = {r.id: r.nummer for t in context.themas for r in t.resultaten}
    numbers |= {r.id: r.nummer for r in context.overige_resultaten}
    wanted = [text.format_map(names | numbers) for text in expected]
    assert context.ongekoppeld == wanted

    # Both ways: one gap per chain finding of `check`, each naming the item the finding is about.
    chain = [f for f in check_kompas(loaded) if breaks_chain(f)]
    assert len(chain) == len(context.ongekoppeld)
    reported = json.loads(cli("check", kompas, "--format", "json").out)["findings"]
    assert [f.as_dict() for f in chain] == [f for f in reported if f in [c.as_dict() for c in chain]], (
        "the chain findings are what `check` itself reports"
    )
    for finding in chain:
        section, index = finding.pad[:2]
        item = getattr(loaded.model, str(section))[index]
        subject = getattr(item, "naam", None) if section in {"waarden", "leidende_principes"} else item.id
        assert any(subject in gap for gap in context.ongekoppeld), (finding, context.ongekoppeld)


@pytest.mark.parametrize("case", ["breda", "principe-met-onbekende-waarde", "eis-met-onbekende-schakels"])
def test_markdown_lists_the_same_gaps(tmp_path: Path, cli, case: str) -> None:
    change, _ = CASES[case]
    kompas = _variant(tmp_path, change)
    out = tmp_path / "plan.md"
    written = cli("plan", kompas, "-o", out)
    assert written.code == 0, written
    appendix = out.read_text(encoding="utf-8").split("# Bijlage A.", 1)[1]
    from councilkit.documents.plan import build_context
    from councilkit.model.kompas import load_kompas

    gaps = build_context(load_kompas(kompas)).ongekoppeld
    if not gaps:
        assert "Wat nog niet gekoppeld is" not in appendix
        assert "Elke waarde, elk principe, elk resultaat en elke kwaliteitseis is met de rest" in appendix
    bullets = [line[2:] for line in appendix.split("**Wat nog niet gekoppeld is**", 1)[-1].splitlines()]
    for gap in gaps:
        assert gap in bullets or gap.replace("_", "\\_") in bullets
