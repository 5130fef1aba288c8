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
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.checks.gemeente import mismatch
from councilkit.checks.kompas import check_kompas
from councilkit.checks.legal import laws_for, legal_coverage, result_numbers, theme_topics
from councilkit.data import open_data
from councilkit.documents.pipeline import Built, DocumentType, Request, afzender, write_document
from councilkit.documents.plan_cijfers import context_cijfers, monitor_reeksen, resultaat_regel
from councilkit.documents.plan_context import (  # re-exported: the plan's public names
    NIET_GEKOPPELD,
    NIET_UITGEWERKT,
    ONBEKEND,
    OVERIGE_RESULTATEN,
    Cijfer,
    ContextCijfer,
    EisRegel,
    Financieel,
    IndicatorPlanning,
    MatrixRij,
    PlanContext,
    Post,
    Rapportagemoment,
    ResultaatRegel,
    ThemaSectie,
    WetOnderwerpRegel,
)
from councilkit.documents.plan_inhoud import build_inhoud, grondslag_voor_raad, vraag_kort
from councilkit.documents.plan_matrix import build_matrix, gaps_from_findings
from councilkit.documents.plan_sturing import build_financieel, build_sturing, evaluatiejaren
from councilkit.errors import InputError
from councilkit.model.catalogue import indicator_index, load_catalogue
from councilkit.model.kompas import Kompas, Resultaat, load_kompas
from councilkit.model.wetten import load_wetten
from councilkit.render.document import DocumentMeta
from councilkit.taal import opsomming

if TYPE_CHECKING:
    from councilkit.checks.findings import Finding
    from councilkit.data.store import Store
    from councilkit.model.catalogue import Catalogue
    from councilkit.model.validate import Loaded
    from councilkit.model.wetten import Wetten

#: Finding codes whose content the plan shows in its own words (the wettelijk-kader table).
_ZICHTBAAR_IN_PLAN = {"wettelijk-onderwerp-open"}


# --------------------------------------------------------------------------------------------------
# Building the context
# --------------------------------------------------------------------------------------------------


def build_context(
    loaded: Loaded[Kompas],
    *,
    findings: Sequence[Finding] | None = None,
    store: Store | None = None,
    wetten: Wetten | None = None,
    catalogue: Catalogue | None = None,
    today: date | None = None,
) -> PlanContext:
    """Gather the plan's content from a loaded kompas (and, when given, a monitor store).

    `findings` are `check`'s findings on it; they are computed here when not given, because the
    plan's traceability gaps are those findings.
    """

    kompas = loaded.model
    catalogue = catalogue or load_catalogue()
    indicators = indicator_index(kompas.indicatoren, catalogue)
    if findings is None:
        findings = check_kompas(loaded, catalogue, today=today)
    if wetten is None:
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
        return resultaat_regel(
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

    tussen, eind = evaluatiejaren(kompas)
    rapportages, planning = build_sturing(kompas, regels, indicators, tussen, eind)
    matrix = build_matrix(kompas, indicators, numbers, eis_numbers)
    ongekoppeld = gaps_from_findings(kompas, findings, numbers, eis_numbers)

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
    domein_naam = wetten.domein_naam(kompas.domein)
    titel = f"Beleidsplan {domein_naam} gemeente {kompas.gemeente.naam}"
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
        domein_naam=domein_naam,
        wet_naam=_namen([w.naam if not meerdere else w.afkorting for w in eigen_wetten]) or domein_naam,
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
        financieel=build_financieel(kompas),
        matrix=matrix,
        ongekoppeld=ongekoppeld,
        met_data=store is not None,
        databronnen=bronnen,
        inhoud=inhoud,
        context_cijfers=context_cijfers(kompas, indicators, store) if store is not None else [],
        reeksen=monitor_reeksen(kompas, indicators, store) if store is not None else {},
    )


def _namen(items: list[str]) -> str:
    """'A', 'A en de B', 'A, de B en de C': the laws in a sentence whose article precedes the first."""
    return opsomming(items[:1] + [f"de {item}" for item in items[1:]])


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


# --------------------------------------------------------------------------------------------------
# The pipeline: load → check → (data) → context → template → document
# --------------------------------------------------------------------------------------------------


def build(request: Request) -> Built:
    """The beleidsplan's part of the pipeline: load and check the kompas, gather the context."""

    kompas_path = request.inputs[0]
    loaded = load_kompas(kompas_path)
    onthulling = loaded.model.onthulling
    onthulling.drempel = request.drempel_voor(onthulling.drempel)  # councilkit.yaml may be stricter
    findings = check_kompas(loaded)
    if request.data:
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
    auteur, organisatie = afzender(request, context.gemeente)
    meta = DocumentMeta(
        titel=context.titel,
        ondertitel=context.ondertitel,
        auteur=auteur,
        onderwerp=f"Beleidsplan {context.domein_naam} {context.periode_van}–{context.periode_tot}",
        organisatie=organisatie,
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
    formats=("docx", "html", "md", "pdf"),
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


def _open_store(data: Sequence[str | Path]) -> Store:
    return open_data([Path(p) for p in data])


__all__ = [
    "BELEIDSPLAN",
    "NIET_GEKOPPELD",
    "NIET_UITGEWERKT",
    "ONBEKEND",
    "OVERIGE_RESULTATEN",
    "Cijfer",
    "ContextCijfer",
    "EisRegel",
    "Financieel",
    "IndicatorPlanning",
    "MatrixRij",
    "PlanContext",
    "Post",
    "Rapportagemoment",
    "ResultaatRegel",
    "ThemaSectie",
    "WetOnderwerpRegel",
    "build",
    "build_context",
    "write_plan",
]
