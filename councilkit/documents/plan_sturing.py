"""The beleidsplan's reporting calendar (sturing) and budget table.

When the raad hears which indicator: from the period, the evaluations and each indicator's frequency.
"""

from __future__ import annotations

from councilkit.checks.kompas import measured_in
from councilkit.documents.plan_context import Financieel, IndicatorPlanning, Rapportagemoment, ResultaatRegel
from councilkit.model.catalogue import FREQUENTIE_TEKST, Indicator
from councilkit.model.kompas import Kompas


def evaluatiejaren(kompas: Kompas) -> tuple[int, int]:
    """Mid-term and end evaluation: from `sturing` when given, else the middle and the last year."""
    van, tot = kompas.periode.van, kompas.periode.tot
    tussen = (kompas.sturing.tussenevaluatie if kompas.sturing else None) or van + (tot - van) // 2
    eind = (kompas.sturing.eindevaluatie if kompas.sturing else None) or tot
    return tussen, eind


def build_sturing(
    kompas: Kompas,
    regels: dict[str, ResultaatRegel],
    indicators: dict[str, Indicator],
    tussen: int,
    eind: int,
) -> tuple[list[Rapportagemoment], list[IndicatorPlanning]]:
    """Which indicator is reported when: from the period and each indicator's frequency.

    The annual report over year N reaches the raad in year N+1 (with the jaarstukken); an indicator
    measured every two years appears only in the reports that have a new figure. The evaluations
    cover every indicator, whatever its frequency.
    """

    van, tot = kompas.periode.van, kompas.periode.tot
    per_indicator: dict[str, IndicatorPlanning] = {}
    for result in kompas.maatschappelijke_resultaten:
        if not result.indicator:
            continue
        indicator = indicators.get(result.indicator)
        regel = regels[result.id]
        if result.indicator in per_indicator:
            per_indicator[result.indicator].resultaten.append(regel.nummer)
            continue
        frequentie = indicator.frequentie if indicator else "jaarlijks"
        start = result.nulmeting.jaar if result.nulmeting and result.nulmeting.jaar else van - 1
        jaren = (
            [j for j in range(van, tot + 1) if measured_in(indicator, start, j)]
            if indicator is not None
            else list(range(van, tot + 1))
        )
        bron = None
        if indicator and indicator.bron:
            bron = indicator.bron.organisatie + (f" ({indicator.bron.tabel})" if indicator.bron.tabel else "")
        per_indicator[result.indicator] = IndicatorPlanning(
            naam=indicator.naam if indicator else result.indicator,
            eenheid=indicator.eenheid if indicator else None,
            frequentie=FREQUENTIE_TEKST.get(frequentie, frequentie),
            bron=bron,
            resultaten=[regel.nummer],
            jaren=jaren,
        )
    planning = list(per_indicator.values())

    rapportages: list[Rapportagemoment] = []
    for jaar in range(van, tot + 1):
        due = [p for p in planning if jaar in p.jaren]
        rapportages.append(
            Rapportagemoment(
                jaar + 1,
                "Jaarrapportage",
                f"resultaten over {jaar}",
                [p.naam for p in due],
                _natural([n for p in due for n in p.resultaten]),
                alle=bool(planning) and len(due) == len(planning),
            )
        )
    for jaar, soort, moment in (
        (tussen, "Tussenevaluatie", "halverwege de beleidsperiode"),
        (eind, "Eindevaluatie", "basis voor het volgende beleidsplan"),
    ):
        # Only results with a figure measured since the start: a four-yearly survey may have none yet.
        gemeten = [p for p in planning if any(j < jaar for j in p.jaren)]
        rapportages.append(
            Rapportagemoment(
                jaar,
                soort,
                moment,
                [p.naam for p in gemeten],
                _natural([n for p in gemeten for n in p.resultaten]),
                alle=bool(planning) and len(gemeten) == len(planning),
            )
        )
    order = {"Tussenevaluatie": 0, "Jaarrapportage": 1, "Eindevaluatie": 2}
    rapportages.sort(key=lambda m: (m.jaar, order[m.soort]))
    return rapportages, planning


def _natural(numbers: list[str]) -> list[str]:
    """Result numbers in reading order: 1.2 before 1.10, themes before 'O.' (overige)."""

    def key(number: str) -> tuple[int, ...]:
        return tuple(int(part) if part.isdigit() else 10_000 for part in number.split("."))

    return sorted(dict.fromkeys(numbers), key=key)


def build_financieel(kompas: Kompas) -> Financieel | None:
    """Budget per theme and year with totals; None when the kompas gives no budgets at all."""
    if not any(t.begroting for t in kompas.themas):
        return None
    jaren = sorted({p.jaar for t in kompas.themas for p in t.begroting})
    rijen: list[tuple[str, list[float | None], float]] = []
    totalen = [0.0 for _ in jaren]
    for t_index, thema in enumerate(kompas.themas, start=1):
        per_jaar: dict[int, float] = {}
        for post in thema.begroting:
            per_jaar[post.jaar] = per_jaar.get(post.jaar, 0.0) + post.bedrag
        cellen: list[float | None] = [per_jaar.get(j) for j in jaren]
        for i, cel in enumerate(cellen):
            totalen[i] += cel or 0.0
        rijen.append((f"{t_index}. {thema.naam}", cellen, sum(per_jaar.values())))
    totaal = sum(totalen)
    return Financieel(
        jaren=jaren, rijen=rijen, totalen=totalen, totaal=totaal, in_duizenden=abs(totaal) >= 1_000_000
    )
