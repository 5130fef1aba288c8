"""The draft beleidsplan: everything `templates/beleidsplan.md.j2` needs, gathered from the kompas.

A real Wmo beleidsplan (Meppel's, see `../shared/domain/seed-004.md`) has themes with a koers and
beslispunten, doelen with nulmeting and streefwaarde, and a financial table — but it never links its
goals to values or principles, never says which statutory topic it covers where, and never says when
the raad hears how the results develop. This module builds a plain context that fills exactly those
gaps: a wettelijk-kader table with "nog niet uitgewerkt" where the plan is silent, per-theme results
with indicator and (with `--data`) the latest monitor figure, a reporting calendar and a traceability
matrix that marks every broken link. The template only lays it out; all decisions are made here so
that a municipality can replace the template without re-implementing them.

Nothing is dropped silently: results that belong to no theme go to "Overige resultaten", and a kompas
with check errors still gives a draft, marked as concept with the findings up front.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.checks.legal import laws_for, legal_coverage, result_numbers, theme_topics
from councilkit.documents.pipeline import Built, DocumentType, Request, write_document
from councilkit.documents.plan_inhoud import PlanInhoud, build_inhoud, grondslag_voor_raad, vraag_kort
from councilkit.model.catalogue import Indicator
from councilkit.model.kompas import DOMEIN_NAMEN, Kompas, Meting, Resultaat
from councilkit.render.document import DocumentMeta

if TYPE_CHECKING:
    from councilkit.checks.findings import Finding
    from councilkit.model.validate import Loaded

#: What the plan says where the kompas does not link or fill something; tests look for these words.
NIET_UITGEWERKT = "nog niet uitgewerkt"
NIET_GEKOPPELD = "niet gekoppeld"
ONBEKEND = "nog niet bepaald"

#: Finding codes whose content the plan shows in its own words (the wettelijk-kader table).
_ZICHTBAAR_IN_PLAN = {"wettelijk-onderwerp-open"}

#: Name of the section for results that no theme carries; they are shown, never dropped.
OVERIGE_RESULTATEN = "Overige resultaten"

#: How often, per catalogue frequency, an indicator can be reported in the annual result report.
_FREQUENTIE_STAP = {"jaarlijks": 1, "halfjaarlijks": 1, "tweejaarlijks": 2, "vierjaarlijks": 4}

_FREQUENTIE_TEKST = {
    "jaarlijks": "jaarlijks",
    "halfjaarlijks": "elk half jaar",
    "tweejaarlijks": "eens per twee jaar",
    "vierjaarlijks": "eens per vier jaar",
    "eenmalig": "eenmalig",
}


# --------------------------------------------------------------------------------------------------
# Context objects: plain data the template reads. Dataclasses rather than dicts so a typo in the
# template fails loudly under Jinja's StrictUndefined instead of printing nothing.
# --------------------------------------------------------------------------------------------------


@dataclass
class Cijfer:
    """A figure with its unit, so the template formats it the Dutch way (`getal`, `procent`, …)."""

    waarde: float | None
    eenheid: str | None
    jaar: int | str | None = None
    bron: str | None = None
    status: str | None = None
    opmerking: str | None = None

    @property
    def bekend(self) -> bool:
        return self.waarde is not None


@dataclass
class ResultaatRegel:
    """One maatschappelijk resultaat as the plan shows it."""

    id: str
    nummer: str
    omschrijving: str
    toelichting: str | None
    principes: list[str]
    indicator_id: str | None
    indicator_naam: str | None
    indicator_definitie: str | None
    eenheid: str | None
    polariteit: str | None
    nulmeting: Cijfer | None
    streefwaarde: Cijfer | None
    tussenwaarden: list[Cijfer]
    laatste: Cijfer | None
    kwaliteitseisen: list[str]


@dataclass
class EisRegel:
    id: str
    nummer: str
    eis: str
    toetsing: str | None
    principes: list[str]


@dataclass
class WetOnderwerpRegel:
    """One row of the wettelijk-kader table: a topic the law wants the plan to address."""

    id: str
    onderwerp: str
    eis: str
    grondslag: str | None
    status: str
    waar: list[str]
    #: In a theme's chapter: that theme's own text on how it answers the topic.
    hoe: str | None = None

    @property
    def uitgewerkt(self) -> bool:
        return bool(self.waar)


@dataclass
class Post:
    jaar: int
    bedrag: float
    omschrijving: str | None


@dataclass
class ThemaSectie:
    id: str
    nummer: int
    naam: str
    ambitie: str | None
    koers: str | None
    beslispunten: list[str]
    resultaten: list[ResultaatRegel]
    kwaliteitseisen: list[EisRegel]
    wettelijke_onderwerpen: list[WetOnderwerpRegel]
    begroting: list[Post]
    begroting_totaal: float


@dataclass
class Rapportagemoment:
    """One moment the raad hears about the results: which year, what kind, which indicators."""

    jaar: int
    soort: str
    moment: str
    indicatoren: list[str]
    resultaten: list[str]
    alle: bool = False


@dataclass
class IndicatorPlanning:
    naam: str
    eenheid: str | None
    frequentie: str
    bron: str | None
    resultaten: list[str]
    jaren: list[int]


@dataclass
class Financieel:
    jaren: list[int]
    rijen: list[tuple[str, list[float | None], float]]
    totalen: list[float]
    totaal: float
    #: Millions per cell do not fit a six-column table; Dutch budgets then count in € 1.000.
    in_duizenden: bool = False


@dataclass
class MatrixRij:
    """A row of the traceability matrix; `None` in a column means the link is missing there."""

    waarde: str | None
    principe: str | None
    resultaat: str | None
    indicator: str | None
    kwaliteitseis: str | None


@dataclass
class PlanContext:
    """Everything the beleidsplan template reads."""

    titel: str
    ondertitel: str
    gemeente: str
    gemeentecode: str
    domein: str
    domein_naam: str
    wet_naam: str
    periode_van: int
    periode_tot: int
    datum: date
    concept: bool
    fouten: list[str]
    waarschuwingen: list[str]
    toelichting: str | None
    waarden: list[Any]
    principes: list[Any]
    principe_waarden: dict[str, list[str]]
    andere_wetten: list[Any]
    rol_raad: list[Any]
    resultaten_compleet: bool
    wettelijk_kader: list[WetOnderwerpRegel]
    themas: list[ThemaSectie]
    overige_resultaten: list[ResultaatRegel]
    losse_kwaliteitseisen: list[EisRegel]
    sturing_jaarrapportage: str
    tussenevaluatie: int
    eindevaluatie: int
    rapportages: list[Rapportagemoment]
    indicatorplanning: list[IndicatorPlanning]
    financieel: Financieel | None
    matrix: list[MatrixRij]
    ongekoppeld: list[str]
    met_data: bool
    databronnen: list[str] = field(default_factory=list)
    #: The parts of a real draft beyond the kompas chain, and the writer's open points.
    inhoud: PlanInhoud | None = None
    #: Figures about the gemeente itself (inwoners, 65-plus) from the monitor, with `--data`.
    context_cijfers: list[ContextCijfer] = field(default_factory=list)
    #: The output format, so a template can add the writer's appendix to the docx only.
    formaat: str = "md"
    #: Per result id, a `grafiek` spec (YAML) of its monitor series, with `--data` and three or more points.
    reeksen: dict[str, str] = field(default_factory=dict)


@dataclass
class ContextCijfer:
    naam: str
    cijfer: Cijfer


# --------------------------------------------------------------------------------------------------
# Building the context
# --------------------------------------------------------------------------------------------------


def build_context(
    loaded: Loaded[Kompas],
    *,
    findings: Sequence[Finding] = (),
    store: Any = None,
    wetten: Any = None,
    catalogue: Any = None,
    today: date | None = None,
) -> PlanContext:
    """Gather the plan's content from a loaded kompas (and, when given, a monitor store)."""
    from councilkit.checks.kompas import indicator_index
    from councilkit.model.catalogue import load_catalogue

    kompas = loaded.model
    indicators = indicator_index(kompas, catalogue or load_catalogue())
    if wetten is None:
        from councilkit.model.frameworks import load_wetten

        wetten = load_wetten()
    # A plan for the whole sociaal domein answers to every law at once; a plan for one law to that law.
    eigen_wetten = laws_for(kompas, wetten)
    meerdere = len(eigen_wetten) > 1

    principle_names = {p.id: p.naam for p in kompas.leidende_principes}
    value_names = {v.id: v.naam for v in kompas.waarden}
    requirement_by_result: dict[str, list[str]] = {}
    for eis in kompas.kwaliteitseisen:
        for result_id in eis.resultaten:
            requirement_by_result.setdefault(result_id, []).append(eis.id)

    # Number results in the order the plan shows them: per theme, then the rest.
    results = {r.id: r for r in kompas.maatschappelijke_resultaten}
    numbers = result_numbers(kompas)
    in_theme = {r for t in kompas.themas for r in t.resultaten if r in results}
    overige = [r for r in kompas.maatschappelijke_resultaten if r.id not in in_theme]

    def regel(result: Resultaat) -> ResultaatRegel:
        indicator = indicators.get(result.indicator) if result.indicator else None
        return _resultaat_regel(
            kompas,
            result,
            numbers[result.id],
            indicator,
            [principle_names.get(p, p) for p in result.principes],
            requirement_by_result.get(result.id, []),
            store,
        )

    regels = {r.id: regel(r) for r in kompas.maatschappelijke_resultaten}

    # Wettelijk kader: where the kompas says how each topic of the law is answered (one rule with check).
    kader = [
        WetOnderwerpRegel(
            id=cov.id,
            onderwerp=f"{cov.wet.afkorting}: {cov.onderwerp.onderwerp}"
            if meerdere
            else cov.onderwerp.onderwerp,
            eis=vraag_kort(cov.onderwerp.eis),
            grondslag=grondslag_voor_raad(cov.onderwerp.grondslag),
            status=cov.onderwerp.status,
            waar=cov.waar,
        )
        for cov in legal_coverage(kompas, wetten)
    ]
    kader_by_id = {row.id: row for row in kader}

    eisen = {e.id: e for e in kompas.kwaliteitseisen}
    eis_numbers = {e.id: f"K{i}" for i, e in enumerate(kompas.kwaliteitseisen, start=1)}

    def eis_regel(eis_id: str) -> EisRegel:
        eis = eisen[eis_id]
        return EisRegel(
            eis.id,
            eis_numbers[eis.id],
            eis.eis,
            eis.toetsing,
            [principle_names.get(p, p) for p in eis.principes],
        )

    themas: list[ThemaSectie] = []
    used_requirements: set[str] = set()
    for t_index, thema in enumerate(kompas.themas, start=1):
        thema_results = [regels[r] for r in _known(thema.resultaten, results)]
        # A requirement applies to a theme when the theme names it or it serves one of its results.
        eis_ids = list(_known(thema.kwaliteitseisen, eisen))
        for r_regel in thema_results:
            eis_ids.extend(e for e in r_regel.kwaliteitseisen if e not in eis_ids)
        eis_ids.sort(key=lambda e: int(eis_numbers[e][1:]))
        used_requirements.update(eis_ids)
        posten = sorted(
            (Post(p.jaar, p.bedrag, p.omschrijving) for p in thema.begroting), key=lambda p: p.jaar
        )
        themas.append(
            ThemaSectie(
                id=thema.id,
                nummer=t_index,
                naam=thema.naam,
                ambitie=thema.ambitie,
                koers=thema.koers,
                beslispunten=list(thema.beslispunten),
                resultaten=thema_results,
                kwaliteitseisen=[eis_regel(e) for e in eis_ids],
                wettelijke_onderwerpen=[
                    replace(kader_by_id[t], hoe=(thema.uitwerking.get(t) or "").strip() or None)
                    for t in theme_topics(kompas, t_index - 1)
                    if t in kader_by_id
                ],
                begroting=posten,
                begroting_totaal=sum(p.bedrag for p in posten),
            )
        )
    # Without themes every requirement is shown once, in the general part; with themes, those no
    # theme picked up are shown beside "Overige resultaten" so none disappears.
    losse_eisen = [eis_regel(e.id) for e in kompas.kwaliteitseisen if e.id not in used_requirements]

    tussen, eind = _evaluatiejaren(kompas)
    rapportages, planning = _sturing(kompas, regels, indicators, tussen, eind)
    matrix, ongekoppeld = _matrix(kompas, indicators, in_theme, numbers, eis_numbers)

    errors = [f for f in findings if f.level == "fout"]
    # Open legal topics already stand in the wettelijk-kader table; repeating them in the list of
    # warnings would bury the ones a reader can only learn there.
    warnings = [f for f in findings if f.level != "fout" and f.code not in _ZICHTBAAR_IN_PLAN]
    periode = f"{kompas.periode.van}–{kompas.periode.tot}"
    # A kompas title such as "Kompas Wmo 2024–2027 — Samen sterk in de wijk" carries a motto after
    # the dash; the plan keeps the motto and names itself a beleidsplan.
    motto = kompas.titel.split(" — ", 1)[1].strip() if kompas.titel and " — " in kompas.titel else None
    bronnen = sorted(
        {r.laatste.bron for r in regels.values() if r.laatste is not None and r.laatste.bron is not None}
    )
    titel = f"Beleidsplan {DOMEIN_NAMEN[kompas.domein]} gemeente {kompas.gemeente.naam}"
    ondertitel = f"Beleidsperiode {periode}" + (f" — {motto}" if motto else "")
    inhoud = build_inhoud(
        kompas,
        laws=eigen_wetten,
        coverage=legal_coverage(kompas, wetten),
        indicators=indicators,
        numbers=numbers,
        findings=findings,
        titel=titel,
        ondertitel=ondertitel,
        today=today,
    )
    return PlanContext(
        titel=titel,
        ondertitel=ondertitel,
        gemeente=kompas.gemeente.naam,
        gemeentecode=kompas.gemeente.code,
        domein=kompas.domein,
        domein_naam=DOMEIN_NAMEN[kompas.domein],
        wet_naam=_namen([w.naam if not meerdere else w.afkorting for w in eigen_wetten])
        or DOMEIN_NAMEN[kompas.domein],
        periode_van=kompas.periode.van,
        periode_tot=kompas.periode.tot,
        datum=today or date.today(),
        concept=bool(errors),
        fouten=[_finding_text(f) for f in errors],
        waarschuwingen=[_finding_text(f) for f in warnings],
        toelichting=kompas.toelichting,
        waarden=list(kompas.waarden),
        principes=list(kompas.leidende_principes),
        principe_waarden={
            p.id: [value_names.get(v, v) for v in p.waarden] for p in kompas.leidende_principes
        },
        andere_wetten=[w for w in wetten.wetten if w not in eigen_wetten],
        rol_raad=[r for w in eigen_wetten for r in w.rol_raad],
        resultaten_compleet=bool(kompas.maatschappelijke_resultaten)
        and all(
            r.indicator in indicators and r.nulmeting and r.streefwaarde
            for r in kompas.maatschappelijke_resultaten
        ),
        wettelijk_kader=kader,
        themas=themas,
        overige_resultaten=[regels[r.id] for r in overige],
        losse_kwaliteitseisen=losse_eisen,
        sturing_jaarrapportage=(kompas.sturing.jaarrapportage if kompas.sturing else None)
        or "bij de jaarstukken (voorjaar)",
        tussenevaluatie=tussen,
        eindevaluatie=eind,
        rapportages=rapportages,
        indicatorplanning=planning,
        financieel=_financieel(kompas),
        matrix=matrix,
        ongekoppeld=ongekoppeld,
        met_data=store is not None,
        databronnen=bronnen,
        inhoud=inhoud,
        context_cijfers=_context_cijfers(kompas, indicators, store) if store is not None else [],
        reeksen=_reeksen(kompas, indicators, store) if store is not None else {},
    )


def _reeks(kompas: Kompas, indicator: Indicator, regio: str, store: Any) -> Any:
    """The shared monitor lookup (`councilkit.data.figures`): disclosure, status, breaks and source."""
    from councilkit.data.disclosure import policy_for
    from councilkit.data.figures import reeks
    from councilkit.model.catalogue import load_catalogue

    return reeks(
        store,
        indicator.id,
        regio,
        definities=[*load_catalogue().indicatoren, *kompas.indicatoren],
        policy=policy_for(kompas),
    )


def _bron_tekst(indicator: Indicator, tabellen: Sequence[str | None]) -> str:
    """'CBS, tabel 85039NED' from the tables the figures really came from (each KWB year has its own)."""
    organisatie = indicator.bron.organisatie if indicator.bron else "monitor"
    bekend = sorted({t for t in tabellen if t})
    if not bekend:
        return organisatie
    return f"{organisatie}, {'tabel' if len(bekend) == 1 else 'tabellen'} {', '.join(bekend)}"


def _reeksen(kompas: Kompas, indicators: dict[str, Indicator], store: Any) -> dict[str, str]:
    """A line chart per result whose indicator has a series in the monitor (three or more shown points).

    Every point comes through the shared lookup, so a hidden figure is left out of the chart, and a
    provisional or flagged one is named in the chart's source line.
    """
    import yaml

    from councilkit.render import nl

    out: dict[str, str] = {}
    for result in kompas.maatschappelijke_resultaten:
        indicator = indicators.get(result.indicator) if result.indicator else None
        if indicator is None:
            continue
        regio = result.regio or kompas.gemeente.code
        figuren = [f for f in _reeks(kompas, indicator, regio, store) if f.bekend]
        if len(figuren) < 3:
            continue
        procent = indicator.eenheid == "procent"
        eerste, laatste = figuren[0], figuren[-1]
        shown = [nl.procent(f.waarde) if procent else nl.getal(f.waarde) for f in (eerste, laatste)]
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
        if procent:
            spec["eenheid"] = "%"
        out[result.id] = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=1000)
    return out


#: Figures about the gemeente itself that set the scene in the introduction, when the monitor has them.
_CONTEXT_INDICATOREN = ("inwoners", "inwoners-65-plus")


def _context_cijfers(kompas: Kompas, indicators: dict[str, Indicator], store: Any) -> list[ContextCijfer]:
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
        )
        out.append(ContextCijfer(indicator.naam, cijfer))
    return out


def _namen(items: list[str]) -> str:
    """'A', 'A en B', 'A, B en C' — how a Dutch sentence lists names."""
    if len(items) <= 1:
        return "".join(items)
    return ", de ".join(items[:-1]) + " en de " + items[-1]


def _known(ids: Sequence[str], index: dict[str, Any]) -> list[str]:
    """Ids that exist, in order, without repeats (dangling ids are check findings, not plan content)."""
    seen: list[str] = []
    for item in ids:
        if item in index and item not in seen:
            seen.append(item)
    return seen


def _finding_text(finding: Finding) -> str:
    location = f"{Path(finding.file).name}:{finding.line}" if finding.line else Path(finding.file).name
    text = f"{finding.message} ({location})"
    return f"{text} — {finding.hint}" if finding.hint else text


def _cijfer(meting: Meting | None, indicator: Indicator | None, kompas: Kompas, regio: str) -> Cijfer | None:
    """A value typed into the kompas, as disclosure allows it ("5 (2023)" of a count is not shown)."""
    if meting is None:
        return None
    from councilkit.data.disclosure import policy_for
    from councilkit.data.figures import kompas_waarde

    eenheid = indicator.eenheid if indicator else None
    shown = kompas_waarde(meting.waarde, indicator, regio, policy_for(kompas))
    if meting.waarde is not None and shown.waarde is None:
        return Cijfer(None, eenheid, jaar=meting.jaar, opmerking=f"niet getoond ({shown.reden})")
    return Cijfer(waarde=meting.waarde, eenheid=eenheid, jaar=meting.jaar, bron=meting.bron)


def _resultaat_regel(
    kompas: Kompas,
    result: Resultaat,
    nummer: str,
    indicator: Indicator | None,
    principes: list[str],
    eisen: list[str],
    store: Any,
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


def _laatste(kompas: Kompas, result: Resultaat, indicator: Indicator, store: Any) -> Cijfer:
    """The latest monitor figure for a result, through the shared lookup (`councilkit.data.figures`),
    which applies disclosure and says what the reader must know (status, breaks, uncertainty)."""
    from councilkit.data.disclosure import policy_for
    from councilkit.data.figures import reeks
    from councilkit.model.catalogue import load_catalogue

    regio = result.regio or kompas.gemeente.code
    series = reeks(
        store,
        indicator.id,
        regio,
        definities=[*load_catalogue().indicatoren, *kompas.indicatoren],
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
    )


def _evaluatiejaren(kompas: Kompas) -> tuple[int, int]:
    """Mid-term and end evaluation: from `sturing` when given, else the middle and the last year."""
    van, tot = kompas.periode.van, kompas.periode.tot
    tussen = (kompas.sturing.tussenevaluatie if kompas.sturing else None) or van + (tot - van) // 2
    eind = (kompas.sturing.eindevaluatie if kompas.sturing else None) or tot
    return tussen, eind


def _sturing(
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
    from councilkit.checks.kompas import measured_in

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
            frequentie=_FREQUENTIE_TEKST.get(frequentie, frequentie),
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


def _financieel(kompas: Kompas) -> Financieel | None:
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


def _matrix(
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


# --------------------------------------------------------------------------------------------------
# The pipeline: load → check → (data) → context → template → document
# --------------------------------------------------------------------------------------------------


def build(request: Request) -> Built:
    """The beleidsplan's part of the pipeline: load and check the kompas, gather the context."""
    from councilkit.checks.kompas import check_kompas
    from councilkit.model.kompas import load_kompas

    kompas_path = request.inputs[0]
    loaded = load_kompas(kompas_path)
    onthulling = loaded.model.onthulling
    onthulling.drempel = request.drempel_voor(onthulling.drempel)  # councilkit.yaml may be stricter
    findings = check_kompas(loaded)
    if request.data:
        from councilkit.checks.gemeente import mismatch
        from councilkit.errors import InputError

        wrong = mismatch(loaded.model)
        if wrong:  # the figures under this code are another gemeente's
            raise InputError(
                wrong.split(" — ")[0]
                + "; met --data zouden de cijfers van een andere gemeente in het plan komen",
                file=loaded.file,
                line=loaded.line_of("gemeente", "code") or loaded.line_of("gemeente"),
                hint=wrong.split(" — ")[1],
            )
    store = _open_store(request.data) if request.data else None
    try:
        context = build_context(loaded, findings=findings, store=store)
    finally:
        if store is not None:
            store.close()
    auteur = request.options.get("auteur")
    meta = DocumentMeta(
        titel=context.titel,
        ondertitel=context.ondertitel,
        auteur=str(auteur) if auteur else f"Gemeente {context.gemeente}",
        onderwerp=f"Beleidsplan {context.domein_naam} {context.periode_van}–{context.periode_tot}",
        organisatie=f"Gemeente {context.gemeente}",
        datum=context.datum,
        status="Concept",
        taal="nl-NL",
        trefwoorden=["beleidsplan", context.domein_naam, context.gemeente, "kompas"],
        versie=context.inhoud.titelblad.versie if context.inhoud else "",
        titelpagina=True,
        hoofdstuk_nieuwe_pagina=True,
        koptekst=f"{context.titel} — concept",
    )
    context.formaat = request.output.suffix.lower().lstrip(".")
    return Built(variables={"plan": context}, meta=meta, payload=context)


BELEIDSPLAN = DocumentType(
    name="beleidsplan",
    template="beleidsplan.md.j2",
    formats=("docx", "html", "md"),
    build=build,
)


def write_plan(
    kompas_path: str | Path,
    output: str | Path,
    *,
    data: Sequence[str | Path] = (),
    templates: str | Path | None = None,
    reference_doc: str | Path | None = None,
    force: bool = False,
    auteur: str | None = None,
) -> tuple[Path, PlanContext]:
    """Write the draft beleidsplan for `kompas_path` to `output` (.docx, .html or .md)."""
    request = Request(
        inputs=(Path(kompas_path),),
        output=Path(output),
        force=force,
        data=tuple(Path(p) for p in data),
        templates=Path(templates) if templates else None,
        reference_doc=Path(reference_doc) if reference_doc else None,
        options={"auteur": auteur} if auteur else {},
    )
    written = write_document(BELEIDSPLAN, request)
    context = written.built.payload
    assert isinstance(context, PlanContext)
    return written.path, context


def _open_store(data: Sequence[str | Path]) -> Any:
    from councilkit.data import open_data

    return open_data([Path(p) for p in data])
