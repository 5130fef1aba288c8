"""The schema of `frameworks/wetten.yaml`: per law, the council's role and the legal topics.

Its own module (re-exported by `councilkit.model.frameworks`) because `check` needs these models on
every run and nothing else of the framework files: building the pydantic classes of all framework
files cost `check` about 50 ms of start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from councilkit.domeinen import SOCIAAL_DOMEIN, SOCIAAL_DOMEIN_NAAM, WetId
from councilkit.model.common import Herkomst, Id, LetOp, Strict, Tekst, check_unique, empty_list
from councilkit.model.shipped import load_framework

Status = Literal["wettelijk", "aanbevolen", "onzeker"]


class RolRaad(Strict):
    """One part of the council's role under a law (kaderstellend, controlerend, ...)."""

    id: Id
    tekst: Tekst
    herkomst: Herkomst
    let_op: LetOp


class WettelijkOnderwerp(Strict):
    """A topic a beleidsplan must address or a verordening must regulate.

    `status` separates what the seeds present as law from advice and from what the seeds leave
    open; `check` may only report a missing `wettelijk` topic as a legal gap.
    """

    id: Id
    onderwerp: Tekst = Field(description="Kort Nederlands label (past in een tabelcel).")
    eis: Tekst = Field(description="Wat het plan of de verordening moet regelen, in één of twee zinnen.")
    grondslag: str | None = Field(None, description="Wetsartikel, alleen als de brondocumenten het noemen.")
    status: Status
    herkomst: Herkomst
    let_op: LetOp
    plan_hoofdstuk: Literal["visie", "resultaten", "sturen", "kwaliteit"] | None = Field(
        None,
        description="Vast hoofdstuk van het beleidsplan dat dit onderwerp beantwoordt, als het kompas de "
        "inhoud geeft: visie (waarden en principes), resultaten, sturen (rapportagekalender), kwaliteit.",
    )


class TaakOfVoorwaarde(WettelijkOnderwerp):
    """A statutory task or a condition for all support that a beleidsplan should say how it fills in.

    `zie` points at plan or verordening topics of the same law that cover part of it, so a reader can
    follow the thread without the fact being written twice.
    """

    zie: list[Id] = Field(default_factory=empty_list, description="Ids van onderwerpen die hierover gaan.")


class Wet(Strict):
    id: WetId = Field(description="Gelijk aan `domein` in het kompas.")
    naam: Tekst
    afkorting: Tekst
    bwb_id: str | None = Field(None, pattern=r"^BWBR\d{7}$", description="Id op wetten.overheid.nl.")
    herkomst: Herkomst
    let_op: LetOp
    rol_raad: list[RolRaad] = Field(min_length=1)
    beleidsplan: list[WettelijkOnderwerp] = Field(min_length=1)
    verordening: list[WettelijkOnderwerp] = Field(default_factory=empty_list)
    taken: list[TaakOfVoorwaarde] = Field(
        default_factory=empty_list, description="Wettelijke taken die het beleidsplan hoort te beschrijven."
    )
    voorwaarden: list[TaakOfVoorwaarde] = Field(
        default_factory=empty_list,
        description="Voorwaarden die voor alle ondersteuning onder deze wet gelden.",
    )

    def onderwerpen(self) -> list[WettelijkOnderwerp]:
        return [*self.beleidsplan, *self.verordening]

    def taken_en_voorwaarden(self) -> list[TaakOfVoorwaarde]:
        return [*self.taken, *self.voorwaarden]


class Wetten(Strict):
    """The file `frameworks/wetten.yaml`: per law, the council's role and the legal topics."""

    wetten: list[Wet]

    @model_validator(mode="after")
    def _unique(self) -> Wetten:
        ids: list[str] = [w.id for w in self.wetten]
        for wet in self.wetten:
            ids += [r.id for r in wet.rol_raad] + [o.id for o in wet.onderwerpen()]
            ids += [t.id for t in wet.taken_en_voorwaarden()]
        check_unique(ids, "wetten.yaml")
        known = set(ids)
        for wet in self.wetten:
            for item in wet.taken_en_voorwaarden():
                missing = [ref for ref in item.zie if ref not in known]
                if missing:
                    raise ValueError(
                        f"'{item.id}' verwijst met 'zie' naar onbekende id {', '.join(missing)} — "
                        "gebruik de id van een onderwerp in wetten.yaml"
                    )
        return self

    def by_id(self) -> dict[str, Wet]:
        return {wet.id: wet for wet in self.wetten}

    def domein_naam(self, domein: str) -> str:
        """How a sentence names a kompas domain: the law's short name ("Wmo 2015"), or "sociaal
        domein" for the whole (`councilkit.domeinen`). The one place law names come from."""
        if domein == SOCIAAL_DOMEIN:
            return SOCIAAL_DOMEIN_NAAM
        return self.by_id()[domein].afkorting


@cache
def load_wetten(path: Path | None = None) -> Wetten:
    """`frameworks/wetten.yaml` (cached: check, plan and documents all read it)."""
    return load_framework(Wetten, "wetten.yaml", path)
