"""Figures in the beleidsplan: kompas values and monitor figures, through the shared lookup.

Every figure passes `councilkit.data.figures` (disclosure, status, breaks, source); this module only
turns them into the plan's `Cijfer`, result rows, context figures and line-chart specs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from councilkit.data.disclosure import decimals_for, kompas_waarde, policy_for
from councilkit.documents.plan_context import Cijfer, ContextCijfer, ResultaatRegel
from councilkit.model.catalogue import EENHEID_TEKST, Indicator, indicator_index
from councilkit.model.kompas import Kompas, Meting, Resultaat

if TYPE_CHECKING:
    from councilkit.data.figures import Reeks
    from councilkit.data.store import Store


def _reeks(kompas: Kompas, indicator: Indicator, regio: str, store: Store) -> Reeks:
    """The shared monitor lookup (`councilkit.data.figures`): disclosure, status, breaks and source."""
    # Deferred: the monitor lookup only with monitor data (a plan without --data never reads it).
    from councilkit.data.figures import reeks

    return reeks(
        store,
        indicator.id,
        regio,
        definities=indicator_index(kompas.indicatoren),
        policy=policy_for(kompas),
    )


def _bron_tekst(indicator: Indicator, tabellen: Sequence[str | None]) -> str:
    """'CBS, tabel 85039NED' from the tables the figures really came from (each KWB year has its own)."""
    organisatie = indicator.bron.organisatie if indicator.bron else "monitor"
    bekend = sorted({t for t in tabellen if t})
    if not bekend:
        return organisatie
    return f"{organisatie}, {'tabel' if len(bekend) == 1 else 'tabellen'} {', '.join(bekend)}"


def monitor_reeksen(kompas: Kompas, indicators: dict[str, Indicator], store: Store) -> dict[str, str]:
    """A line chart per result whose indicator has a series in the monitor (three or more shown points).

    Every point comes through the shared lookup, so a hidden figure is left out of the chart, and a
    provisional or flagged one is named in the chart's source line.
    """
    import yaml

    out: dict[str, str] = {}
    for result in kompas.maatschappelijke_resultaten:
        indicator = indicators.get(result.indicator) if result.indicator else None
        if indicator is None:
            continue
        regio = result.regio or kompas.gemeente.code
        figuren = [f for f in _reeks(kompas, indicator, regio, store) if f.bekend]
        if len(figuren) < 3:
            continue
        eerste, laatste = figuren[0], figuren[-1]
        shown = [f.getal for f in (eerste, laatste)]  # with the indicator's decimals
        let_op = [f"{f.periode} {f.status}" for f in figuren if f.status and f.status != "definitief"]
        let_op += [f"{f.periode} {f.vlag_tekst}" for f in figuren if f.vlag_tekst]
        bron = _bron_tekst(indicator, [f.bron.tabel for f in figuren])
        spec: dict[str, Any] = {
            "type": "lijn",
            "titel": f"{indicator.naam}, {kompas.gemeente.naam}",
            "x": [f.periode for f in figuren],
            "series": [{"naam": kompas.gemeente.naam, "waarden": [f.waarde for f in figuren]}],
            "x_titel": "Jaar",
            "alt": f"Lijngrafiek van {indicator.naam.lower()} in {kompas.gemeente.naam} van "
            f"{eerste.periode} tot {laatste.periode}: van {shown[0]} naar {shown[1]}.",
            "bron": bron + (f"; {', '.join(let_op)}" if let_op else ""),
        }
        if indicator.eenheid != "aantal":
            spec["eenheid"] = EENHEID_TEKST.get(indicator.eenheid, indicator.eenheid)
        if indicator.decimalen is not None:
            spec["decimalen"] = indicator.decimalen
        out[result.id] = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=1000)
    return out


#: Figures about the gemeente itself that set the scene in the introduction, when the monitor has them.
_CONTEXT_INDICATOREN = ("inwoners", "inwoners-65-plus")


def context_cijfers(kompas: Kompas, indicators: dict[str, Indicator], store: Store) -> list[ContextCijfer]:
    """Inwoners and 65-plus through the shared lookup, with the source table and year of the figure."""
    out = []
    for indicator_id in _CONTEXT_INDICATOREN:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        figuur = _reeks(kompas, indicator, kompas.gemeente.code, store).laatste()
        if figuur is None:
            continue
        cijfer = Cijfer(
            waarde=figuur.waarde,
            eenheid=figuur.eenheid or indicator.eenheid,
            jaar=figuur.periode,
            bron=_bron_tekst(indicator, [figuur.bron.tabel]),
            status=figuur.status,
            opmerking=figuur.vlag_tekst or None,
            decimalen=indicator.decimalen,
        )
        out.append(ContextCijfer(indicator.naam, cijfer))
    return out


def _cijfer(meting: Meting | None, indicator: Indicator | None, kompas: Kompas, regio: str) -> Cijfer | None:
    """A value typed into the kompas, as disclosure allows it ("5 (2023)" of a count is not shown)."""
    if meting is None:
        return None

    eenheid = indicator.eenheid if indicator else None
    shown = kompas_waarde(meting.waarde, indicator, regio, policy_for(kompas))
    if meting.waarde is not None and shown.waarde is None:
        return Cijfer(None, eenheid, jaar=meting.jaar, opmerking=f"niet getoond ({shown.reden})")
    return Cijfer(
        waarde=meting.waarde,
        eenheid=eenheid,
        jaar=meting.jaar,
        bron=meting.bron,
        decimalen=indicator.decimalen if indicator else None,
    )


def resultaat_regel(
    kompas: Kompas,
    result: Resultaat,
    nummer: str,
    indicator: Indicator | None,
    principes: list[str],
    eisen: list[str],
    store: Store | None,
) -> ResultaatRegel:
    eenheid = indicator.eenheid if indicator else None
    regio = result.regio or kompas.gemeente.code
    return ResultaatRegel(
        id=result.id,
        nummer=nummer,
        omschrijving=result.omschrijving,
        toelichting=result.toelichting,
        principes=principes,
        indicator_id=result.indicator,
        indicator_naam=indicator.naam if indicator else result.indicator,
        indicator_definitie=indicator.definitie if indicator else None,
        eenheid=eenheid,
        polariteit=indicator.polariteit if indicator else None,
        nulmeting=_cijfer(result.nulmeting, indicator, kompas, regio),
        streefwaarde=_cijfer(result.streefwaarde, indicator, kompas, regio),
        tussenwaarden=[
            c for c in (_cijfer(m, indicator, kompas, regio) for m in result.tussenwaarden) if c is not None
        ],
        laatste=_laatste(kompas, result, indicator, store) if store is not None and indicator else None,
        kwaliteitseisen=eisen,
    )


def _laatste(kompas: Kompas, result: Resultaat, indicator: Indicator, store: Store) -> Cijfer:
    """The latest monitor figure for a result, through the shared lookup (`councilkit.data.figures`),
    which applies disclosure and says what the reader must know (status, breaks, uncertainty)."""

    # Deferred: the monitor lookup only with monitor data.
    from councilkit.data.figures import reeks

    regio = result.regio or kompas.gemeente.code
    series = reeks(
        store,
        indicator.id,
        regio,
        definities=indicator_index(kompas.indicatoren),
        policy=policy_for(kompas),
    )
    figuur = series.laatste()
    if figuur is None:
        hidden = [f for f in series if f.reden and "geheim" in f.vlaggen]
        if hidden:
            last = hidden[-1]
            return Cijfer(
                None, indicator.eenheid, jaar=last.periode, opmerking=f"niet getoond ({last.reden})"
            )
        return Cijfer(None, indicator.eenheid, opmerking="geen cijfer in de monitor")
    notes = [n for n in (figuur.reden, figuur.vlag_tekst) if n]
    return Cijfer(
        waarde=figuur.waarde,
        eenheid=figuur.eenheid or indicator.eenheid,
        jaar=figuur.periode,
        bron=figuur.bronregel(bestand=True).removeprefix("Bron: "),
        status=figuur.status,
        opmerking="; ".join(notes) or None,
        # the decimals the shared lookup printed the figure with (`Figuur.getal`)
        decimalen=decimals_for(indicator, figuur.eenheid or indicator.eenheid, figuur.waarde),
    )
