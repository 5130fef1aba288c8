"""The beleidsplan's traceability matrix: waarde → principe → resultaat → indicator → kwaliteitseis."""

from __future__ import annotations

from collections.abc import Sequence

from councilkit.checks.findings import Finding
from councilkit.checks.kompas import breaks_chain
from councilkit.documents.plan_context import OVERIGE_RESULTATEN, MatrixRij
from councilkit.model.catalogue import Indicator
from councilkit.model.kompas import Kompas, Resultaat


def build_matrix(
    kompas: Kompas,
    indicators: dict[str, Indicator],
    numbers: dict[str, str],
    eis_numbers: dict[str, str],
) -> list[MatrixRij]:
    """Traceability rows waarde → principe → resultaat → indicator → kwaliteitseis.

    One row per principle and result it leads to (a principle without results gets a row of its
    own), with the values it serves and the requirements that go with the result joined in one
    cell, so the table stays readable. Every value, principle, result and requirement appears in at
    least one row; a `None` cell is a missing link that the template prints as "niet gekoppeld".
    What is missing is said in words by `gaps_from_findings`.
    """
    values = {v.id: v for v in kompas.waarden}
    principles = {p.id: p for p in kompas.leidende_principes}
    results = kompas.maatschappelijke_resultaten
    eisen_by_result: dict[str, list[str]] = {}
    loose_eisen_by_principle: dict[str, list[str]] = {}
    for eis in kompas.kwaliteitseisen:
        for r in eis.resultaten:
            eisen_by_result.setdefault(r, []).append(eis.id)
        if not eis.resultaten:
            for p in eis.principes:
                loose_eisen_by_principle.setdefault(p, []).append(eis.id)
    results_by_principle: dict[str, list[Resultaat]] = {}
    for result in results:
        for p in dict.fromkeys(result.principes):
            if p in principles:
                results_by_principle.setdefault(p, []).append(result)

    def joined(items: Sequence[str]) -> str | None:
        return ", ".join(items) if items else None

    def eisen_cell(eis_ids: Sequence[str]) -> str | None:
        ordered = sorted(dict.fromkeys(eis_ids), key=lambda e: int(eis_numbers[e][1:]))
        covered_eisen.update(ordered)
        return joined([eis_numbers[e] for e in ordered])

    def indicator_name(result: Resultaat) -> str | None:
        indicator = indicators.get(result.indicator) if result.indicator else None
        return indicator.naam if indicator else None

    rows: list[MatrixRij] = []
    covered_eisen: set[str] = set()
    covered_values: set[str] = set()
    for principle in kompas.leidende_principes:
        served = [values[v].naam for v in dict.fromkeys(principle.waarden) if v in values]
        covered_values.update(v for v in principle.waarden if v in values)
        waarde = joined(served)
        led_to = results_by_principle.get(principle.id, [])
        for result in led_to:
            eis_ids = eisen_by_result.get(result.id, []) + loose_eisen_by_principle.get(principle.id, [])
            rows.append(
                MatrixRij(
                    waarde,
                    principle.naam,
                    numbers[result.id],
                    indicator_name(result),
                    eisen_cell(eis_ids),
                )
            )
        if not led_to:
            rows.append(
                MatrixRij(
                    waarde,
                    principle.naam,
                    None,
                    None,
                    eisen_cell(loose_eisen_by_principle.get(principle.id, [])),
                )
            )
    for value in kompas.waarden:
        if value.id not in covered_values:
            rows.append(MatrixRij(value.naam, None, None, None, None))
    led = {r.id for p in results_by_principle.values() for r in p}  # built once: linear, not quadratic
    for result in results:
        if result.id not in led:
            rows.append(
                MatrixRij(
                    None,
                    None,
                    numbers[result.id],
                    indicator_name(result),
                    eisen_cell(eisen_by_result.get(result.id, [])),
                )
            )
    for eis in kompas.kwaliteitseisen:
        if eis.id not in covered_eisen:
            rows.append(MatrixRij(None, None, None, None, eis_numbers[eis.id]))

    return rows


#: The order the appendix lists gaps in: along the chain, then per item as before the findings
#: were the source (so a plan reads the same).
_SECTIONS = ("waarden", "leidende_principes", "maatschappelijke_resultaten", "kwaliteitseisen")
_CODE_ORDER = (
    "waarde-zonder-principe",
    "principe-zonder-waarde",
    "verwijzing-onbekend",
    "principe-zonder-resultaat",
    "principe-zonder-onderbouwing",
    "resultaat-zonder-principe",
    "resultaat-zonder-indicator",
    "indicator-onbekend",
    "resultaat-zonder-thema",
    "eis-zonder-principe",
)


def gaps_from_findings(
    kompas: Kompas,
    findings: Sequence[Finding],
    numbers: dict[str, str],
    eis_numbers: dict[str, str],
) -> list[str]:
    """The appendix's "Wat nog niet gekoppeld is": `check`'s chain findings in the plan's words.

    The rules live in `checks/kompas.py` only (`breaks_chain` says which findings are links of
    the chain); this function only names the item each finding points at, with the number the
    plan gives it, so `check` and the plan can never disagree.
    """
    chain = [f for f in findings if breaks_chain(f)]
    chain.sort(
        key=lambda f: (
            _SECTIONS.index(str(f.pad[0])),
            f.pad[1],
            _CODE_ORDER.index(f.code),
            f.pad[2:],
        )
    )
    return list(dict.fromkeys(_gap_text(kompas, f, numbers, eis_numbers) for f in chain))


def _gap_text(kompas: Kompas, finding: Finding, numbers: dict[str, str], eis_numbers: dict[str, str]) -> str:
    section, index, *rest = finding.pad
    assert isinstance(index, int)
    code = finding.code
    if section == "waarden":
        return f"Waarde ‘{kompas.waarden[index].naam}’ wordt door geen leidend principe gediend."
    if section == "leidende_principes":
        principle = kompas.leidende_principes[index]
        subject = f"Principe ‘{principle.naam}’"
        texts = {
            "principe-zonder-waarde": "verwijst naar geen waarde",
            "principe-zonder-resultaat": "leidt tot geen maatschappelijk resultaat",
            "principe-zonder-onderbouwing": "heeft geen onderbouwing",
        }
        if code in texts:
            return f"{subject} {texts[code]}."
        return f"{subject} verwijst naar waarde ‘{_reference(principle.waarden, rest)}’, die niet bestaat."
    if section == "maatschappelijke_resultaten":
        result = kompas.maatschappelijke_resultaten[index]
        subject = f"Resultaat {numbers[result.id]} ({result.id})"
        if code == "resultaat-zonder-principe":
            return f"{subject} volgt uit geen leidend principe."
        if code == "resultaat-zonder-indicator":
            return f"{subject} heeft geen indicator."
        if code == "indicator-onbekend":
            return f"{subject} noemt indicator ‘{result.indicator}’, die niet bekend is."
        if code == "resultaat-zonder-thema":
            return f"{subject} hoort bij geen thema en staat onder ‘{OVERIGE_RESULTATEN}’."
        return (
            f"{subject} verwijst naar leidend principe ‘{_reference(result.principes, rest)}’, "
            "dat niet bestaat."
        )
    eis = kompas.kwaliteitseisen[index]
    subject = f"Kwaliteitseis {eis_numbers[eis.id]} ({eis.id})"
    if code == "eis-zonder-principe":
        return f"{subject} volgt uit geen leidend principe."
    if rest[:1] == ["resultaten"]:
        return f"{subject} verwijst naar resultaat ‘{_reference(eis.resultaten, rest)}’, dat niet bestaat."
    return f"{subject} verwijst naar leidend principe ‘{_reference(eis.principes, rest)}’, dat niet bestaat."


def _reference(refs: Sequence[str], rest: Sequence[str | int]) -> str:
    """The dangling id a `verwijzing-onbekend` finding points at (`(..., key, position)`)."""
    position = rest[1]
    assert isinstance(position, int)
    return refs[position]
