"""The parts of a beleidsplan a real draft has beyond the kompas chain, and the writer's open points.

Compared with a real nota (Meppel's, `../shared/domain/seed-004.md` §1 and §8), a plan built only
from values, principles and results lacks a title page, "Waarom een nieuw plan", how inwoners and the
adviesraad were involved, the statutory tasks and the conditions for all support, where the money
comes from and what could go wrong, and which instruments measure the results. This module gathers
those from the kompas, and leaves each visibly open where the kompas is silent.

It also separates two audiences. What the raad reads states facts and choices; what the
beleidsmedewerker still has to do ("beschrijf hoe …", "artikel nog na te gaan", a check warning)
goes to `open_punten`, which the command prints on the terminal and the docx carries as an appendix
"Nog te doen" — never into the council text itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from councilkit.checks.kompas import measured_in
from councilkit.model.kompas import Kompas
from councilkit.taal import opsomming

if TYPE_CHECKING:
    from councilkit.checks.findings import Finding
    from councilkit.checks.legal import TopicCoverage
    from councilkit.model.catalogue import Indicator
    from councilkit.model.wetten import Wet

#: The words a plan uses for "the help the gemeente gives", per domain: a Jeugdwet plan speaks of
#: jeugdhulp, never of (maatschappelijke) ondersteuning, which is Wmo wording.
WOORDEN: dict[str, dict[str, str]] = {
    "wmo": {
        "hulp": "ondersteuning",
        "wie": "inwoners",
        "aanbieders": "aanbieders van ondersteuning",
    },
    "jeugd": {
        "hulp": "jeugdhulp",
        "wie": "kinderen, jongeren en hun ouders",
        "aanbieders": "jeugdhulpaanbieders",
    },
    "participatie": {
        "hulp": "ondersteuning bij werk en inkomen",
        "wie": "inwoners",
        "aanbieders": "uitvoerders en werkgevers",
    },
    "sociaal-domein": {
        "hulp": "ondersteuning en hulp",
        "wie": "inwoners",
        "aanbieders": "aanbieders",
    },
}

#: Participation groups in the order a plan names them: (kompas key, heading, what is open).
_PARTICIPATIE = (
    ("inwoners", "Inwoners", "hoe inwoners meedachten over dit plan"),
    ("adviesraad", "Adviesraad sociaal domein", "hoe de adviesraad sociaal domein betrokken was"),
    (
        "clientenraden",
        "Cliëntenraden en belangenorganisaties",
        "hoe cliëntenraden en belangenorganisaties meededen",
    ),
    (
        "vervolg",
        "Betrokkenheid bij uitvoering en evaluatie",
        "hoe inwoners, adviesraad en cliëntenraden bij uitvoering en evaluatie betrokken blijven",
    ),
)

#: A law reference the sources do not settle carries its doubt in brackets; the raad reads none of it.
_TWIJFEL = re.compile(r"\s*\((?:volgens|let op|na te gaan)[^)]*\)", re.IGNORECASE)


def grondslag_voor_raad(grondslag: str | None) -> str | None:
    """The law reference as the raad reads it: without the sources' doubts, or None."""
    if not grondslag:
        return None
    schoon = _TWIJFEL.sub("", grondslag).strip()
    return schoon or None


#: How the law's requirements open in `frameworks/wetten.yaml`; in a column "Wat de wet vraagt" the
#: opening repeats on every row ("Het plan zegt hoe …"), so the column starts with what is asked.
_OPENING = re.compile(
    r"^(?:Het plan|De plannen?)\s+(?:zegt|beschrijft|behandelt|noemt|geeft)\s+|^Beschrijf\s+", re.IGNORECASE
)


def vraag_kort(eis: str) -> str:
    """'Het plan zegt hoe de gemeente …' → 'Hoe de gemeente …' (a requirement as a table cell)."""
    kort = _OPENING.sub("", eis.strip(), count=1)
    return kort[:1].upper() + kort[1:] if kort else eis


def grondslag_twijfel(grondslag: str | None) -> bool:
    return bool(grondslag and _TWIJFEL.search(grondslag))


@dataclass(repr=False, eq=False)
class Titelblad:
    titel: str
    ondertitel: str
    gemeente: str
    periode: str
    status: str
    datum: date
    versie: str


@dataclass(repr=False, eq=False)
class VorigPlanRegel:
    titel: str
    periode: str | None
    evaluatie: str | None
    lessen: list[str]


@dataclass(repr=False, eq=False)
class Tekstregel:
    """A heading with the kompas's text, or `None` where the kompas is silent (shown as open)."""

    kop: str
    tekst: str | None


@dataclass(repr=False, eq=False)
class TaakRegel:
    """A statutory task or condition, with how the gemeente fills it in (None: open)."""

    id: str
    onderwerp: str
    eis: str
    grondslag: str | None
    hoe: str | None
    status: str


@dataclass(repr=False, eq=False)
class RisicoRegel:
    risico: str
    bedrag: float | None
    beheersing: str | None


@dataclass(repr=False, eq=False)
class InstrumentRegel:
    naam: str
    frequentie: str | None
    toelichting: str | None


@dataclass(repr=False, eq=False)
class PlanInhoud:
    """What the template reads besides `PlanContext`: the parts of a real draft, and the open points."""

    titelblad: Titelblad
    woorden: dict[str, str]
    aanleiding: str | None
    vorig_plan: VorigPlanRegel | None
    participatie: list[Tekstregel]
    taken: list[TaakRegel]
    voorwaarden: list[TaakRegel]
    dekking: str | None
    financiele_toelichting: str | None
    risicos: list[RisicoRegel]
    instrumenten: list[InstrumentRegel]
    #: Results the raad cannot follow yet, each as a short clause ("1.2: eens per vier jaar gemeten").
    beperkt_meetbaar: list[str]
    open_punten: list[str] = field(default_factory=list)

    @property
    def participatie_bekend(self) -> bool:
        return any(regel.tekst for regel in self.participatie)


def build_inhoud(
    kompas: Kompas,
    *,
    laws: Sequence[Wet],
    coverage: Sequence[TopicCoverage],
    indicators: dict[str, Indicator],
    numbers: dict[str, str],
    findings: Sequence[Finding] = (),
    titel: str,
    ondertitel: str,
    today: date | None = None,
) -> PlanInhoud:
    """Gather the draft's own parts from the kompas and list what the writer still has to do."""
    open_punten: list[str] = []
    periode = f"{kompas.periode.van}–{kompas.periode.tot}"

    vorig = None
    if kompas.vorig_plan is not None:
        p = kompas.vorig_plan
        vorig = VorigPlanRegel(
            titel=p.titel,
            periode=f"{p.periode.van}–{p.periode.tot}" if p.periode else None,
            evaluatie=p.evaluatie,
            lessen=list(p.lessen),
        )
        if not p.evaluatie:
            open_punten.append("Vat de evaluatie van het vorige plan samen (vorig_plan.evaluatie).")
    else:
        open_punten.append(
            "Noem het vorige plan en wat de evaluatie ervan liet zien (vorig_plan in het kompas)."
        )
    if not kompas.aanleiding:
        open_punten.append("Schrijf op waarom er nu een nieuw plan komt (aanleiding in het kompas).")

    participatie = []
    for key, kop, wat in _PARTICIPATIE:
        tekst = getattr(kompas.participatie, key, None) if kompas.participatie else None
        participatie.append(Tekstregel(kop, tekst))
        if not tekst:
            open_punten.append(f"Beschrijf {wat} (participatie.{key} in het kompas).")

    eigen = kompas.taken_en_voorwaarden
    zonder_artikel: list[str] = []
    taken: list[TaakRegel] = []
    voorwaarden: list[TaakRegel] = []
    for wet in laws:
        for soort, items, target in (
            ("taak", wet.taken, taken),
            ("voorwaarde", wet.voorwaarden, voorwaarden),
        ):
            for item in items:
                hoe = (eigen.get(item.id) or "").strip() or None
                naam = f"{wet.afkorting}: {item.onderwerp}" if len(laws) > 1 else item.onderwerp
                target.append(
                    TaakRegel(
                        id=item.id,
                        onderwerp=naam,
                        eis=vraag_kort(item.eis),
                        grondslag=grondslag_voor_raad(item.grondslag),
                        hoe=hoe,
                        status=item.status,
                    )
                )
                if hoe is None:
                    open_punten.append(
                        f"Beschrijf hoe de gemeente de {soort} ‘{item.onderwerp}’ invult "
                        f"(taken_en_voorwaarden: {item.id})."
                    )
                if item.status == "onzeker":
                    open_punten.append(f"Ga na of de wet ‘{item.onderwerp}’ voorschrijft.")
                if item.grondslag is None or grondslag_twijfel(item.grondslag):
                    zonder_artikel.append(item.onderwerp)

    for cov in coverage:
        naam = cov.onderwerp.onderwerp
        if not cov.uitgewerkt:
            open_punten.append(
                f"Werk het wettelijk onderwerp ‘{naam}’ uit: zeg in een thema hoe de gemeente dit doet "
                f"(uitwerking: {cov.id}), of licht toe waarom het plan er niet op ingaat."
            )
        if cov.onderwerp.status == "onzeker":
            open_punten.append(f"Ga na of een beleidsplan volgens de wet moet ingaan op ‘{naam}’.")
        if cov.onderwerp.status == "wettelijk" and (
            cov.onderwerp.grondslag is None or grondslag_twijfel(cov.onderwerp.grondslag)
        ):
            zonder_artikel.append(naam)
    if zonder_artikel:
        lijst = "; ".join(f"‘{naam}’" for naam in dict.fromkeys(zonder_artikel))
        open_punten.append(
            f"Wetsartikel nog na te gaan (de bronnen noemen het niet of onzeker) bij: {lijst}. "
            "Noem het artikel in de tekst pas als het in de wet is opgezocht."
        )

    fk = kompas.financieel_kader
    if fk is None or not fk.dekking:
        open_punten.append("Noem de dekking: waaruit het plan betaald wordt (financieel_kader.dekking).")
    if fk is None or not fk.risicos:
        open_punten.append(
            "Noem de financiële risico's en hoe de gemeente ze beheerst (financieel_kader.risicos)."
        )
    if not any(t.begroting for t in kompas.themas):
        open_punten.append("Vul per thema de begroting in (jaar en bedrag).")

    instrumenten = [
        InstrumentRegel(i.naam, i.frequentie, i.toelichting)
        for i in (kompas.sturing.instrumenten if kompas.sturing else [])
    ]
    if not instrumenten:
        open_punten.append(
            "Noem de instrumenten waarmee de resultaten gemeten worden (sturing.instrumenten)."
        )

    beperkt = _beperkt_meetbaar(kompas, indicators, numbers)
    for finding in findings:
        if finding.code in {"wettelijk-onderwerp-open", "wettelijke-taak-open"}:
            continue  # already listed above, in the plan's own words
        regel = f" (regel {finding.line})" if finding.line else ""
        open_punten.append(f"Kompas{regel}: {finding.message} — {finding.hint}")

    return PlanInhoud(
        titelblad=Titelblad(
            titel=titel,
            ondertitel=ondertitel,
            gemeente=kompas.gemeente.naam,
            periode=periode,
            status="Concept",
            datum=today or date.today(),
            versie=kompas.versie or "0.1",
        ),
        woorden=WOORDEN[kompas.domein],
        aanleiding=kompas.aanleiding,
        vorig_plan=vorig,
        participatie=participatie,
        taken=taken,
        voorwaarden=voorwaarden,
        dekking=fk.dekking if fk else None,
        financiele_toelichting=fk.toelichting if fk else None,
        risicos=[RisicoRegel(r.risico, r.bedrag, r.beheersing) for r in (fk.risicos if fk else [])],
        instrumenten=instrumenten,
        beperkt_meetbaar=beperkt,
        open_punten=list(dict.fromkeys(open_punten)),
    )


def _beperkt_meetbaar(kompas: Kompas, indicators: dict[str, Indicator], numbers: dict[str, str]) -> list[str]:
    """Results the raad cannot follow every year, said plainly and grouped: no indicator, no
    baseline, a survey that runs once every few years, or no figure at all in the period."""

    groups: dict[str, list[str]] = {}
    van, tot = kompas.periode.van, kompas.periode.tot
    for result in kompas.maatschappelijke_resultaten:
        nummer = numbers.get(result.id, result.id)
        indicator = indicators.get(result.indicator) if result.indicator else None
        if indicator is None:
            groups.setdefault("hebben nog geen indicator", []).append(nummer)
            continue
        if result.nulmeting is None or result.nulmeting.jaar is None:
            groups.setdefault("hebben nog geen nulmeting", []).append(nummer)
            continue
        jaren = [j for j in range(van, tot + 1) if measured_in(indicator, result.nulmeting.jaar, j)]
        if not jaren:
            groups.setdefault("krijgen in de beleidsperiode geen nieuw cijfer", []).append(nummer)
        elif indicator.frequentie in {"tweejaarlijks", "vierjaarlijks", "eenmalig"}:
            groups.setdefault(f"worden alleen in {_jaren_tekst(jaren)} gemeten", []).append(nummer)
    out = []
    for clause, nummers in groups.items():
        if len(nummers) == 1:
            enkel = (
                clause.replace("hebben ", "heeft ")
                .replace("krijgen ", "krijgt ")
                .replace("worden ", "wordt ")
            )
            out.append(f"resultaat {nummers[0]} {enkel}")
        else:
            out.append(f"de resultaten {_jaren_tekst(nummers)} {clause}")
    return out


def _jaren_tekst(jaren: Sequence[int | str]) -> str:
    return opsomming(jaren)


def samenvatting_open_punten(punten: Sequence[str]) -> list[str]:
    """The open points as the terminal shows them (numbered, one per line)."""
    return [f"{index}. {punt}" for index, punt in enumerate(punten, start=1)]
