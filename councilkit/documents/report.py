"""The annual result report (jaarverslag): per maatschappelijk resultaat, the figures against the target.

Step 5 of the policy cycle (seed 002, §3.1) asks the raad "in hoeverre is het gelukt om het
maatschappelijke resultaat te behalen?". Today civil servants copy monitor figures into Word by hand
(the Borger-Odoorn tables in seed 002, §9). This module builds the context of
`templates/jaarverslag.md.j2`: an overview table up front, then per result the pattern *opgave –
stand van zaken – conclusie – mogelijkheden om bij te sturen*, a chart (series, straight target
path, comparison) with its data table, a comparison with named gemeenten, the size class and
Nederland, the four duiding questions, and an appendix with the provenance of every figure.

Honesty rules live elsewhere and are only applied here: disclosure (`report_data`, which passes
everything through `councilkit.data.disclosure`), the status judgement (`report_status`). A series
break is drawn as a gap in the chart and named next to the figure; it never counts as a result.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from councilkit.data.disclosure import DEFAULT_POLICY
from councilkit.documents import report_status as rs
from councilkit.documents.pipeline import Built, DocumentType, Request, afzender
from councilkit.documents.report_context import (  # re-exported: the report's public names
    DUIDING_VRAGEN,
    GROOTTEKLASSEN,
    NEDERLAND,
    OPEN_PLEK,
    Bronregel,
    Invoer,
    ReportContext,
    Resultaatverslag,
    Rij,
    Vergelijking,
    grootteklasse,
    tekst,
)
from councilkit.documents.report_data import Figuren, Figuur, Herkomst, kompaswaarde
from councilkit.documents.report_input import load_invoer
from councilkit.documents.report_xlsx import write_xlsx
from councilkit.model.catalogue import EENHEID_TEKST
from councilkit.render import nl
from councilkit.render.document import DocumentMeta

#: What the raad can do next, per status (policy cycle step 6: voortzetten, bijstellen of beëindigen).
BIJSTUREN: dict[str, list[str]] = {
    rs.BEREIKT: [
        "Voortzetten: vraag het college wat nodig is om het resultaat vast te houden.",
        "Overweeg een nieuwe, scherpere streefwaarde bij de volgende kaderstelling.",
    ],
    rs.OP_KOERS: [
        "Voortzetten: de ingezette koers levert op; volg het volgende cijfer.",
    ],
    rs.ACHTER: [
        "Bijstellen: vraag het college welke inzet extra of anders nodig is om de streefwaarde te halen.",
        "Bespreek of de streefwaarde nog realistisch is, en zo niet, stel haar bewust bij.",
        "Betrek inwoners en maatschappelijke partners bij de duiding voordat u besluit.",
    ],
    rs.NIET_TE_BEOORDELEN: [
        "Vraag het college de reeks over de breuk heen vergelijkbaar te maken of een nieuwe nulmeting "
        "vast te stellen.",
        "Gebruik tot dan andere informatie (cliëntervaringen, gesprekken) om de voortgang te volgen.",
    ],
    rs.GEEN_GEGEVENS: [
        "Maak een informatieafspraak: welk cijfer levert het college wanneer, en uit welke bron?",
    ],
}


# --------------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------------


def build_context(invoer: Invoer) -> ReportContext:
    """The report's content for one gemeente, from figures that already passed disclosure."""

    policy = invoer.policy or DEFAULT_POLICY
    inwoners = _laatste_waarde(invoer.figuren.reeks("inwoners", invoer.code), invoer.jaar)
    klasse = grootteklasse(inwoners)
    verslagen = [
        _verslag(invoer, result, str(i), klasse, policy)
        for i, result in enumerate(invoer.resultaten, start=1)
    ]
    counts = {s: sum(1 for v in verslagen if v.status == s) for s in rs.STATUSSEN}
    titel = invoer.titel or f"Resultatenrapportage sociaal domein {invoer.gemeente} {invoer.jaar}"
    return ReportContext(
        titel=titel,
        ondertitel=(
            f"Maatschappelijke resultaten over {invoer.jaar}, gemeente {invoer.gemeente} ({invoer.code})"
            if invoer.kompas is not None
            else f"Monitorcijfers over {invoer.jaar}, gemeente {invoer.gemeente} ({invoer.code})"
        ),
        gemeente=invoer.gemeente,
        gemeentecode=invoer.code,
        jaar=invoer.jaar,
        datum=invoer.today or date.today(),
        grootteklasse=klasse,
        klassegenoten=len(invoer.klasse_codes),
        uitleg_op_koers=rs.UITLEG_OP_KOERS,
        duiding_vragen=DUIDING_VRAGEN,
        resultaten=verslagen,
        waarschuwingen=list(invoer.waarschuwingen),
        bronnen=_bronnen(v for verslag in verslagen for v in verslag.figuren),
        drempel=policy.drempel,
        met_duiding=invoer.met_duiding,
        zonder_data=invoer.zonder_data,
        statussen={s: n for s, n in counts.items() if n},
        met_kompas=invoer.kompas is not None,
    )


def _laatste_waarde(reeks: Sequence[Figuur], jaar: int) -> float | None:
    known = [f for f in reeks if f.waarde is not None and (f.jaar or 0) <= jaar]
    if not known:
        known = [f for f in reeks if f.waarde is not None]
    return known[-1].waarde if known else None


def _verslag(invoer: Invoer, result: Any, nummer: str, klasse: str | None, policy: Any) -> Resultaatverslag:
    indicator = invoer.indicators.get(result.indicator) if result.indicator else None
    eenheid = getattr(indicator, "eenheid", None)
    regio = getattr(result, "regio", None) or invoer.code
    reeks = invoer.figuren.reeks(result.indicator, regio) if result.indicator else []
    nul_w, nul_t = _ijk(result.nulmeting, regio, indicator, policy, invoer.figuren)
    streef_w, streef_t = _ijk(result.streefwaarde, regio, indicator, policy, invoer.figuren)
    nulmeting = (
        rs.Ijkpunt(result.nulmeting.jaar, nul_w) if nul_w is not None and result.nulmeting.jaar else None
    )
    streef = (
        rs.Ijkpunt(result.streefwaarde.jaar, streef_w)
        if streef_w is not None and result.streefwaarde.jaar
        else None
    )
    punten = [rs.Punt(f.jaar, f.waarde, f.vlaggen) for f in reeks if f.jaar is not None]
    oordeel = rs.beoordeel(
        punten,
        jaar=invoer.jaar,
        nulmeting=nulmeting,
        streefwaarde=streef,
        polariteit=getattr(indicator, "polariteit", None),
    )
    redenen = list(oordeel.redenen)
    if result.indicator and indicator is None:
        redenen.insert(0, f"de indicator '{result.indicator}' staat niet in de catalogus of het kompas")
    elif result.indicator is None:
        redenen.insert(0, "dit resultaat heeft geen indicator")
    elif not reeks:
        redenen.insert(0, "de monitordata bevat geen cijfers voor deze indicator")

    shown_years = [f for f in reeks if f.jaar is not None and f.jaar <= invoer.jaar]
    pad_waarden: dict[str, float] = {}
    if nulmeting is not None and streef is not None:
        for f in shown_years:
            assert f.jaar is not None
            if f.jaar >= nulmeting.jaar:
                pad_waarden[f.periode] = rs.pad_waarde(nulmeting, streef, f.jaar)
    rijen = [
        Rij(
            periode=f.periode,
            tekst=f.tekst,
            pad=tekst(pad_waarden.get(f.periode), eenheid, _decimalen(indicator))
            if f.periode in pad_waarden
            else "–",
            opmerking="; ".join(f.opmerkingen),
            bron=f.bronregel,
            waarde=f.waarde,
        )
        for f in shown_years
    ]
    # each break once, as a sentence of its own (kind, year, explanation and source are data)
    breuken = list(
        dict.fromkeys(b.zin for f in shown_years if f.vlaggen & rs.BREUK_VLAGGEN for b in f.breuken)
    )
    breuk_perioden = [f.periode for f in shown_years if f.vlaggen & rs.BREUK_VLAGGEN]
    laatste = next(
        (f for f in reversed(shown_years) if f.jaar == (oordeel.laatste.jaar if oordeel.laatste else None)),
        None,
    )
    vergelijkingen, noot, vergelijk_figuren = _vergelijk(invoer, result.indicator, indicator, klasse, laatste)
    naam = getattr(indicator, "naam", None) or result.indicator or "geen indicator"
    chart_comparisons = (
        vergelijk_figuren if eenheid != "aantal" else []
    )  # counts: per 1.000 only in the table
    grafiek = _grafiek(invoer, naam, eenheid, shown_years, pad_waarden, chart_comparisons, breuk_perioden)
    if grafiek is not None and _decimalen(indicator) is not None:
        grafiek["decimalen"] = _decimalen(indicator)
    return Resultaatverslag(
        id=result.id,
        nummer=nummer,
        omschrijving=result.omschrijving,
        toelichting=getattr(result, "toelichting", None),
        indicator_id=result.indicator,
        indicator_naam=naam,
        definitie=getattr(indicator, "definitie", None),
        eenheid=EENHEID_TEKST.get(eenheid or "", eenheid),
        richting_tekst=_richting_tekst(nulmeting, streef, getattr(indicator, "polariteit", None)),
        nulmeting=f"{nul_t} ({result.nulmeting.jaar})"
        if result.nulmeting and result.nulmeting.jaar
        else nul_t,
        streefwaarde=f"{streef_t} ({result.streefwaarde.jaar})"
        if result.streefwaarde and result.streefwaarde.jaar
        else streef_t,
        laatste=f"{laatste.tekst} ({laatste.periode})" if laatste else "–",
        laatste_bron=laatste.bronregel if laatste else "",
        status=oordeel.status,
        redenen=redenen,
        conclusie=_conclusie(oordeel, laatste, streef_t, _decimalen(indicator)),
        bijsturen=BIJSTUREN[oordeel.status],
        rijen=rijen,
        breuken=breuken,
        vergelijkingen=vergelijkingen,
        vergelijking_noot=noot,
        grafiek=grafiek,
        duiding={k: (invoer.duiding.get(result.id) or {}).get(k) for k in DUIDING_VRAGEN},
        figuren=[*shown_years, *vergelijk_figuren],
        pad_waarden=pad_waarden,
        decimalen=_decimalen(indicator),
    )


def _ijk(meting: Any, regio: str, indicator: Any, policy: Any, figuren: Figuren) -> tuple[float | None, str]:
    """A kompas value as disclosure allows it, judged with the data of the nearest year."""
    if meting is None or meting.waarde is None:
        return None, "niet vastgelegd"

    def nearest(indicator_id: str | None) -> Figuur | None:
        known = [f for f in figuren.reeks(indicator_id, regio) if f.jaar is not None] if indicator_id else []
        return min(known, key=lambda f: abs((f.jaar or 0) - (meting.jaar or 0)), default=None)

    pop = nearest("inwoners")
    # the size of the group a share is taken of: count ÷ share, from the data's nearest year
    noemer = None
    share = nearest(getattr(indicator, "afgeleid_van", None) and indicator.id)
    if share is not None and share.waarde:
        count = next(
            (f for f in figuren.reeks(indicator.afgeleid_van, regio) if f.periode == share.periode), None
        )
        if count is not None and count.waarde is not None:
            noemer = count.waarde * 100 / share.waarde
    waarde, label = kompaswaarde(
        meting.waarde,
        regio,
        indicator,
        policy,
        bevolking=pop.waarde if pop else None,
        noemer=noemer,
    )
    if waarde is None:
        return None, label
    return waarde, tekst(waarde, getattr(indicator, "eenheid", None), _decimalen(indicator))


def _decimalen(indicator: Any) -> int | None:
    """The decimals the catalogue declares for the indicator (None: as the value comes)."""
    return getattr(indicator, "decimalen", None)


def _richting_tekst(nul: rs.Ijkpunt | None, streef: rs.Ijkpunt | None, polariteit: str | None) -> str:
    if streef is None:
        return "geen streefwaarde"
    sign = rs.richting(nul, streef, polariteit)
    return {1: "hoger is beter", -1: "lager is beter", 0: "het niveau vasthouden"}[sign]


def _conclusie(oordeel: rs.Oordeel, laatste: Figuur | None, streef_t: str, decimalen: int | None) -> str:
    if oordeel.status == rs.GEEN_GEGEVENS:
        return (
            "Over dit resultaat is geen oordeel mogelijk: "
            + "; ".join(oordeel.redenen or ["geen cijfer"])
            + "."
        )
    assert laatste is not None
    basis = f"Met {laatste.tekst} in {laatste.periode}"
    if oordeel.status == rs.BEREIKT:
        return f"{basis} is de streefwaarde van {streef_t} bereikt."
    if oordeel.status == rs.NIET_TE_BEOORDELEN:
        return (
            f"{basis} is niet te zeggen of het resultaat dichterbij komt: "
            + "; ".join(oordeel.redenen)
            + ". Deze verandering is geen beleidsresultaat."
        )
    pad = tekst(oordeel.pad, laatste.eenheid, decimalen)
    if oordeel.status == rs.OP_KOERS:
        return f"{basis} ligt het resultaat op koers: de lijn naar de streefwaarde wijst voor dat jaar {pad} aan."
    return f"{basis} ligt het resultaat achter op koers: de lijn naar de streefwaarde wijst voor dat jaar {pad} aan."


def _vergelijk(
    invoer: Invoer, indicator_id: str | None, indicator: Any, klasse: str | None, laatste: Figuur | None
) -> tuple[list[Vergelijking], str | None, list[Figuur]]:
    """The figure of the same period for named gemeenten, the size class (median) and Nederland.

    A count cannot be compared between gemeenten of different size, so counts are compared per
    1.000 inwoners, computed here from the two CBS figures (and said so); the gemeente's own
    figure is then shown the same way. Hidden figures are never part of a comparison.
    """
    if indicator_id is None or laatste is None or laatste.waarde is None:
        return [], "geen vergelijking: er is geen eigen cijfer", []
    eenheid = getattr(indicator, "eenheid", None)
    if indicator_id == "inwoners":
        return [], None, []
    periode = laatste.periode
    per_1000 = eenheid == "aantal"
    out: list[Vergelijking] = []
    used: list[Figuur] = []
    missing: list[str] = []

    def same_period(code: str) -> tuple[float, str, Figuur, str] | None:
        """(value, its text, the figure, the source line) in the compared form, or None."""
        f = next((f for f in invoer.figuren.reeks(indicator_id, code) if f.periode == periode), None)
        if f is None or f.waarde is None:
            return None
        if not per_1000:
            return f.waarde, f.tekst, f, f.bronregel
        pop = next((p for p in invoer.figuren.reeks("inwoners", code) if p.periode == periode), None)
        if pop is None or not pop.waarde:
            return None
        value = f.waarde / pop.waarde * 1000
        return (
            value,
            f"{tekst(round(value, 1), None)} per 1.000 inwoners",
            f,
            f"{f.bronregel}; berekend per 1.000 inwoners",
        )

    if per_1000:
        own = same_period(invoer.code)
        if own is None:
            return [], "geen vergelijking: het aantal inwoners van dat jaar ontbreekt", []
        out.append(Vergelijking(invoer.gemeente, "eigen gemeente", periode, own[1], own[3]))
    for code in invoer.vergelijk:
        found = same_period(code)
        naam = invoer.namen.get(code, code)
        if found is None:
            missing.append(naam)
            continue
        out.append(Vergelijking(naam, "gemeente", periode, found[1], found[3]))
        used.append(found[2])
    klasse_values = [v for c in invoer.klasse_codes if (v := same_period(c)) is not None]
    if klasse and len(klasse_values) >= 3:
        med = statistics.median(v[0] for v in klasse_values)
        tabellen = sorted(
            {v[2].herkomst.tabel for v in klasse_values if v[2].herkomst and v[2].herkomst.tabel}
        )
        bron = f"Bron: CBS, tabel {', '.join(tabellen)}, {periode}; mediaan berekend door councilkit"
        med_tekst = f"{tekst(round(med, 1), None)} per 1.000 inwoners" if per_1000 else tekst(med, eenheid)
        out.append(
            Vergelijking(
                f"Mediaan van {len(klasse_values)} gemeenten met {klasse}",
                "grootteklasse",
                periode,
                med_tekst,
                bron,
            )
        )
        used.extend(v[2] for v in klasse_values)
    nl_value = same_period(NEDERLAND)
    if nl_value is not None:
        out.append(Vergelijking("Nederland", "Nederland", periode, nl_value[1], nl_value[3]))
        used.append(nl_value[2])
    notes = []
    if missing:
        notes.append(f"geen cijfer over {periode} in de data voor: {', '.join(missing)}")
    if len(out) <= (1 if per_1000 else 0):
        notes.append(f"de data bevat geen vergelijkingscijfers over {periode}")
        out = []
    return out, "; ".join(notes) or None, used


def _grafiek(
    invoer: Invoer,
    naam: str,
    eenheid: str | None,
    reeks: list[Figuur],
    pad: dict[str, float],
    vergelijk: list[Figuur],
    breuken: list[str],
) -> dict[str, Any] | None:
    """The chart spec (`grafiek` block): the series split at breaks, the target path, comparisons."""
    if len([f for f in reeks if f.waarde is not None]) < 2:
        return None  # one point is no line: the table says it all
    x = [f.periode for f in reeks]
    starts = [0]
    for i, f in enumerate(reeks):
        if i and f.vlaggen & rs.BREUK_VLAGGEN:
            starts.append(i)
    series = []
    for s_index, start in enumerate(starts):
        end = starts[s_index + 1] if s_index + 1 < len(starts) else len(reeks)
        segment: list[float | None] = [f.waarde if start <= i < end else None for i, f in enumerate(reeks)]
        label = invoer.gemeente
        if len(starts) > 1:
            label += (
                f" (vanaf {reeks[start].periode})" if s_index else f" (tot en met {reeks[end - 1].periode})"
            )
        series.append({"naam": label, "waarden": segment})
    if pad:
        series.append({"naam": "Lijn naar de streefwaarde", "waarden": [pad.get(p) for p in x]})
    by_region: dict[str, dict[str, float | None]] = {}
    for f in vergelijk:
        if f.regio in invoer.vergelijk or f.regio == NEDERLAND:
            by_region.setdefault(f.regio, {})[f.periode] = f.waarde
    for code, per_period in by_region.items():
        series.append(
            {
                "naam": "Nederland" if code == NEDERLAND else invoer.namen.get(code, code),
                "waarden": [per_period.get(p) for p in x],
            }
        )
    known = [f for f in reeks if f.waarde is not None]
    eenheid_t = EENHEID_TEKST.get(eenheid or "", eenheid or "")
    alt = (
        f"Lijngrafiek van {naam} in {invoer.gemeente}, {x[0]} tot en met {x[-1]}: "
        f"van {known[0].tekst} in {known[0].periode} naar {known[-1].tekst} in {known[-1].periode}"
    )
    hidden = [f.periode for f in reeks if f.waarde is None]
    if hidden:
        alt += f"; niet getoond (geheim of ontbrekend): {', '.join(hidden)}"
    if breuken:
        alt += "; de lijn is onderbroken bij een reeksbreuk (" + ", ".join(breuken) + ")"
    if pad:
        alt += "; een tweede lijn toont de rechte lijn van nulmeting naar streefwaarde"
    tabellen = sorted({f.herkomst.tabel for f in known if f.herkomst and f.herkomst.tabel})
    bron = "CBS" + (f", tabel {', '.join(tabellen)}" if tabellen else "") + f", {x[0]}–{x[-1]}"
    statuses = sorted({f.status for f in known if f.status})
    if statuses:
        bron += " (" + ", ".join(statuses) + ")"
    return {
        "type": "lijn",
        "titel": naam,
        "x": x,
        "series": series,
        "eenheid": "%" if eenheid == "procent" else eenheid_t,
        "x_titel": "Jaar",
        "alt": alt + ".",
        "bron": bron,
    }


def _bronnen(figuren: Any) -> list[Bronregel]:
    """One row per imported file: its tables, import date, sha256 and how many figures it gave."""
    # the table titles' framework model only for the provenance appendix
    from councilkit.model.cbs_tabellen import tabellen_tekst

    files: dict[tuple[str, str], tuple[Herkomst, set[str], set[tuple[str, str, str]]]] = {}
    uitgevers: dict[tuple[str, str], str | None] = {}
    for f in figuren:
        if f.herkomst is None:
            continue
        _herkomst, tabellen, cellen = files.setdefault(
            (f.herkomst.bestand, f.herkomst.sha256), (f.herkomst, set(), set())
        )
        uitgevers[(f.herkomst.bestand, f.herkomst.sha256)] = f.herkomst.uitgever
        if f.herkomst.tabel:
            tabellen.add(f.herkomst.tabel)
        cellen.add((f.indicator, f.regio, f.periode))
    return [
        Bronregel(
            bestand=h.bestand,
            tabel=tabellen_tekst(tabellen, uitgevers[key]) if tabellen else "–",
            geimporteerd=nl.datum(h.geimporteerd) if h.geimporteerd else "–",
            sha256=h.sha256,
            cijfers=len(cellen),
        )
        for key, (h, tabellen, cellen) in sorted(files.items())
    ]


def chart_block(spec: dict[str, Any]) -> str:
    """The spec as YAML for a ```grafiek``` block (yaml.safe_dump quotes every user text)."""
    import yaml

    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=1000).strip()


# --------------------------------------------------------------------------------------------------
# The document type
# --------------------------------------------------------------------------------------------------


def build(request: Request) -> Built:
    """Pipeline entry: load kompas, data and duiding; build the context (see `report_input`)."""

    invoer, cleanup = load_invoer(request)
    try:
        context = build_context(invoer)
    finally:
        cleanup()
    return built_from_context(context, request)


def built_from_context(context: ReportContext, request: Request | None = None) -> Built:
    auteur, organisatie = afzender(request, context.gemeente)
    meta = DocumentMeta(
        titel=context.titel,
        ondertitel=context.ondertitel,
        auteur=auteur,
        onderwerp=f"Resultatenrapportage {context.jaar}",
        organisatie=organisatie,
        datum=context.datum,
        status="concept",
        taal="nl-NL",
        trefwoorden=["jaarverslag", "maatschappelijke resultaten", context.gemeente, context.gemeentecode],
    )
    warnings = list(context.waarschuwingen)
    return Built(
        variables={"r": context, "chart_block": chart_block},
        meta=meta,
        payload=context,
        resources=request.inputs[0].parent if request and request.inputs else None,
        warnings=warnings,
    )


JAARVERSLAG = DocumentType(
    name="resultatenrapportage",
    template="jaarverslag.md.j2",
    formats=("docx", "html", "md", "xlsx"),
    build=build,
    writers={"xlsx": lambda built, tmp, request: _write_xlsx(built, tmp)},
)


def _write_xlsx(built: Built, tmp: Path) -> None:
    assert isinstance(built.payload, ReportContext)
    write_xlsx(built.payload, tmp)


__all__ = [
    "BIJSTUREN",
    "DUIDING_VRAGEN",
    "GROOTTEKLASSEN",
    "JAARVERSLAG",
    "NEDERLAND",
    "OPEN_PLEK",
    "Bronregel",
    "Invoer",
    "ReportContext",
    "Resultaatverslag",
    "Rij",
    "Vergelijking",
    "build",
    "build_context",
    "built_from_context",
    "chart_block",
    "grootteklasse",
    "tekst",
]
