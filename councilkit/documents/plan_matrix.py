"""The beleidsplan's traceability matrix: waarde → principe → resultaat → indicator → kwaliteitseis."""

from __future__ import annotations

from collections.abc import Sequence

from councilkit.documents.plan_context import OVERIGE_RESULTATEN, MatrixRij
from councilkit.model.catalogue import Indicator
from councilkit.model.kompas import Kompas, Resultaat


def build_matrix(
    kompas: Kompas,
    indicators: dict[str, Indicator],
    in_theme: set[str],
    numbers: dict[str, str],
    eis_numbers: dict[str, str],
) -> tuple[list[MatrixRij], list[str]]:
    """Traceability rows waarde → principe → resultaat → indicator → kwaliteitseis, and the gaps.

    One row per principle and result it leads to (a principle without results gets a row of its
    own), with the values it serves and the requirements that go with the result joined in one
    cell, so the table stays readable. Every value, principle, result and requirement appears in at
    least one row; a `None` cell is a missing link that the template prints as "niet gekoppeld",
    and the gap list says the same in words.
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

    gaps: list[str] = []
    for value in kompas.waarden:
        if value.id not in covered_values:
            gaps.append(f"Waarde ‘{value.naam}’ wordt door geen leidend principe gediend.")
    for principle in kompas.leidende_principes:
        if not any(v in values for v in principle.waarden):
            gaps.append(f"Principe ‘{principle.naam}’ verwijst naar geen waarde.")
        if principle.id not in results_by_principle:
            gaps.append(f"Principe ‘{principle.naam}’ leidt tot geen maatschappelijk resultaat.")
        if not principle.onderbouwing:
            gaps.append(f"Principe ‘{principle.naam}’ heeft geen onderbouwing.")
    for result in results:
        label = f"Resultaat {numbers[result.id]} ({result.id})"
        if not any(p in principles for p in result.principes):
            gaps.append(f"{label} volgt uit geen leidend principe.")
        if not result.indicator or result.indicator not in indicators:
            gaps.append(f"{label} heeft geen bekende indicator.")
        if kompas.themas and result.id not in in_theme:
            gaps.append(f"{label} hoort bij geen thema en staat onder ‘{OVERIGE_RESULTATEN}’.")
    for eis in kompas.kwaliteitseisen:
        if not any(p in principles for p in eis.principes):
            gaps.append(f"Kwaliteitseis {eis_numbers[eis.id]} ({eis.id}) volgt uit geen leidend principe.")
    return rows, gaps
