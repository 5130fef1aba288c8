"""Two documents about raadsvoorstellen: the council's checklist, and the pre-check of one proposal.

The checklist (`raadsvoorstel-checklist.md.j2`) sets out every criterion with its questions and room
to note the answer; a griffie prints it for the agendacommissie. The pre-check
(`raadsvoorstel-toets.md.j2`) is what a griffier forwards to the fracties before the debate: a status
table up front, then per criterion the quoted sentences the status rests on and the questions the
council can put to the college. Both read the criteria from `frameworks/raadsvoorstel.yaml` or from a
council's own file (`--criteria`).

Text from the proposal is quoted in the document, so it is escaped for Markdown here (never in the
template): a `<script>`, a `[link](…)` or a `|` in a proposal stays text in docx, HTML and Markdown.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from councilkit.checks.proposal import check_proposal
from councilkit.documents.pipeline import Built, DocumentType, Request
from councilkit.model.catalogue import indicator_index
from councilkit.model.frameworks import load_raadsvoorstel
from councilkit.model.kompas import load_kompas
from councilkit.model.proposal import read_proposal
from councilkit.render.document import DocumentMeta
from councilkit.render.nl import letterlijk

#: The Dutch label of each status, as the documents show it.
STATUS_LABEL = {"aanwezig": "aanwezig", "deels": "deels", "ontbreekt": "ontbreekt"}

md_text = letterlijk


def _criteria(request: Request) -> Any:
    path = request.options.get("criteria")
    return load_raadsvoorstel(Path(str(path)) if path else None)


# --------------------------------------------------------------------------------------------------
# The checklist
# --------------------------------------------------------------------------------------------------


def build_checklist(request: Request) -> Built:
    kader = _criteria(request)
    meta = DocumentMeta(
        titel="Checklist raadsvoorstellen",
        ondertitel=kader.titel,
        onderwerp="Criteria voor raadsvoorstellen",
        datum=date.today(),
        taal="nl-NL",
        trefwoorden=["raadsvoorstel", "checklist", "criteria"],
    )
    return Built(variables={"kader": kader}, meta=meta, payload=kader)


PROPOSAL_CHECKLIST = DocumentType(
    name="checklist voor raadsvoorstellen",
    template="raadsvoorstel-checklist.md.j2",
    formats=("docx", "html", "md"),
    build=build_checklist,
)


# --------------------------------------------------------------------------------------------------
# The pre-check
# --------------------------------------------------------------------------------------------------


@dataclass
class BewijsView:
    sectie: str
    zin: str
    wat: str
    telt: bool


@dataclass
class OordeelView:
    id: str
    label: str
    naam: str
    status: str
    waarom: str
    bewijs: list[BewijsView]
    vragen: list[str]


@dataclass
class ToetsView:
    """The pre-check as the template reads it: every text from the proposal already escaped."""

    titel: str
    bestand: str
    woorden: int
    secties: int
    oordelen: list[OordeelView]
    samenvatting: OordeelView
    leesbaarheid: Any
    kompas: Any
    vervolgvragen: list[str]
    telling: dict[str, int] = field(default_factory=dict)


def _view(oordeel: Any, label: str) -> OordeelView:
    return OordeelView(
        id=oordeel.id,
        label=label,
        naam=md_text(oordeel.naam),
        status=STATUS_LABEL[oordeel.status],
        waarom=md_text(oordeel.waarom),
        bewijs=[
            BewijsView(
                md_text(b.sectie or "begin van het voorstel"),
                md_text(b.zin),
                md_text(b.wat),
                b.soort == "steun",
            )
            for b in oordeel.bewijs
        ],
        vragen=[md_text(v) for v in oordeel.vragen],
    )


def _kompas_view(toets: Any) -> dict[str, Any] | None:
    if toets.kompas is None:
        return None
    soort_label = {"waarde": "Waarde", "principe": "Leidend principe", "resultaat": "Resultaat"}
    refs = [
        {
            "soort": soort_label[v.soort],
            "naam": md_text(v.naam),
            "hoe": "bij naam genoemd" if v.hoe == "genoemd" else "in andere woorden",
            "zin": md_text(v.bewijs[0].zin) if v.bewijs else "",
            "sectie": md_text(v.bewijs[0].sectie or "begin van het voorstel") if v.bewijs else "",
            "indicator": md_text(v.indicator) if v.indicator else None,
            "indicator_genoemd": v.indicator_genoemd,
        }
        for v in toets.kompas.verwijzingen
    ]
    return {
        "bestand": md_text(Path(toets.kompas.bestand).name),
        "verwijzingen": refs,
        "zonder_indicator": [r for r in refs if r["indicator_genoemd"] is False],
        "niet_genoemd": [
            {"soort": soort_label[s], "naam": md_text(n)} for s, _, n in toets.kompas.niet_genoemd
        ],
    }


def run_check(request: Request) -> Any:
    """Read the proposal (and kompas) and run the pre-check; shared by the document and the JSON."""

    kader = _criteria(request)
    voorstel = read_proposal(request.inputs[0])
    kompas = None
    indicators: dict[str, Any] = {}
    kompas_path = request.options.get("kompas")
    if kompas_path:
        kompas = load_kompas(Path(str(kompas_path))).model
        indicators = indicator_index(kompas.indicatoren)
    return check_proposal(
        voorstel, kader, kompas=kompas, kompas_bestand=str(kompas_path or ""), indicators=indicators
    )


def build_check(request: Request) -> Built:
    toets = run_check(request)
    oordelen = [_view(o, f"{o.id}. {o.naam}") for o in toets.criteria]
    samenvatting = _view(toets.publiekssamenvatting, "Publiekssamenvatting")
    telling = {s: sum(1 for o in [*oordelen, samenvatting] if o.status == s) for s in STATUS_LABEL}
    titel = toets.titel or Path(toets.bestand).stem
    view = ToetsView(
        titel=md_text(titel),
        bestand=md_text(Path(toets.bestand).name),
        woorden=toets.woorden,
        secties=toets.secties,
        oordelen=oordelen,
        samenvatting=samenvatting,
        leesbaarheid=toets.leesbaarheid,
        kompas=_kompas_view(toets),
        vervolgvragen=[md_text(v) for v in toets.vervolgvragen],
        telling=telling,
    )
    meta = DocumentMeta(
        titel="Voortoets raadsvoorstel",
        ondertitel=" ".join(titel.split()),
        onderwerp="Voortoets van een raadsvoorstel op de criteria van de raad",
        datum=date.today(),
        status="automatische voortoets",
        taal="nl-NL",
        trefwoorden=["raadsvoorstel", "voortoets", "criteria"],
    )
    return Built(variables={"toets": view}, meta=meta, payload=toets)


def to_json(toets: Any) -> dict[str, Any]:
    """The pre-check as plain data: `criteria` (A–E and `publiekssamenvatting`), summary, kompas."""

    def oordeel(o: Any) -> dict[str, Any]:
        return {
            "id": o.id,
            "criterium": o.criterium,
            "naam": o.naam,
            "status": o.status,
            "waarom": o.waarom,
            "bewijs": [
                {"sectie": b.sectie, "zin": b.zin, "wat": b.wat, "telt": b.soort == "steun"} for b in o.bewijs
            ],
            "vragen": o.vragen,
        }

    kompas = None
    if toets.kompas is not None:
        kompas = {
            "bestand": toets.kompas.bestand,
            "verwijzingen": [
                {
                    "soort": v.soort,
                    "id": v.id,
                    "naam": v.naam,
                    "hoe": v.hoe,
                    "bewijs": [{"sectie": b.sectie, "zin": b.zin} for b in v.bewijs],
                    **(
                        {"indicator": v.indicator, "indicator_genoemd": v.indicator_genoemd}
                        if v.soort == "resultaat"
                        else {}
                    ),
                }
                for v in toets.kompas.verwijzingen
            ],
            "resultaten_zonder_indicator": [v.id for v in toets.kompas.zonder_indicator],
            "niet_genoemd": [{"soort": s, "id": i, "naam": n} for s, i, n in toets.kompas.niet_genoemd],
        }
    samenvatting = oordeel(toets.publiekssamenvatting)
    return {
        "bestand": toets.bestand,
        "titel": toets.titel,
        "woorden": toets.woorden,
        "criteria": [*(oordeel(o) for o in toets.criteria), samenvatting],
        "publiekssamenvatting": {
            "status": samenvatting["status"],
            "waarom": samenvatting["waarom"],
            "leesbaarheid": asdict(toets.leesbaarheid) if toets.leesbaarheid else None,
        },
        "kompas": kompas,
        "vervolgvragen": toets.vervolgvragen,
    }


def _write_json(built: Built, tmp: Path, request: Request) -> None:
    tmp.write_text(json.dumps(to_json(built.payload), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


PROPOSAL_CHECK = DocumentType(
    name="voortoets van een raadsvoorstel",
    template="raadsvoorstel-toets.md.j2",
    formats=("docx", "html", "md", "json"),
    build=build_check,
    writers={"json": _write_json},
)
