"""Schemas for the framework files in `frameworks/`: laws, worksheets, criteria and the proceskader.

The seeds define many lists (the four worksheet steps, criteria A–E, the seven elements of a
proceskader, ...). They live as YAML so a griffier can adapt them without touching code; these
models make sure an edit that breaks the shape fails loudly, with file and line, instead of producing
a half-empty document. Every item carries a stable `id` (documents, answers and findings refer to it)
and a `herkomst` (where the seeds say it), so a reader can check the claim.

One model per file, one cached loader per file: the files are read by several commands in one run.

Why one module of this size: it is long because there are many framework files, not because any
model is complex; each model is a short, flat schema.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from councilkit.model.common import Herkomst, Id, LetOp, Strict, Tekst, check_unique, empty_list
from councilkit.model.shipped import load_framework

# The wetten models live in `councilkit.model.wetten` (`check` needs only those); re-exported here so
# every framework model can still be imported from one place.
from councilkit.model.wetten import RolRaad as RolRaad
from councilkit.model.wetten import Status as Status
from councilkit.model.wetten import TaakOfVoorwaarde as TaakOfVoorwaarde
from councilkit.model.wetten import Wet as Wet
from councilkit.model.wetten import WettelijkOnderwerp as WettelijkOnderwerp
from councilkit.model.wetten import Wetten as Wetten
from councilkit.model.wetten import load_wetten as load_wetten


class Vraag(Strict):
    """A question with a stable id, so answers, checklists and findings can refer to it."""

    id: Id
    tekst: Tekst


# --- werkbladen/visie.yaml -------------------------------------------------------------------------


KompasSleutel = Literal["waarden", "leidende_principes", "maatschappelijke_resultaten", "kwaliteitseisen"]


class Opdracht(Strict):
    """What a raadslid does alone, or the council together, in one worksheet step."""

    toelichting: Tekst
    vragen: list[Tekst] = Field(default_factory=empty_list, description="Vragen om over na te denken.")
    noteer: Tekst = Field(description="De invulvraag: wat de raadslid of raad opschrijft.")


class VisieStap(Strict):
    id: Id
    kompas_sleutel: KompasSleutel = Field(
        description="Het blok in het kompas waar de uitkomst van deze stap terechtkomt."
    )
    nummer: int = Field(ge=1)
    titel: Tekst
    kernvraag: Tekst
    resultaat: Tekst = Field(description="Wat er na deze stap ligt.")
    uitleg: Tekst
    voorbeelden: list[Tekst] = Field(default_factory=empty_list)
    zelf: Opdracht = Field(description="Voor de individuele raadslid.")
    raad: Opdracht = Field(description="Voor de raad als geheel.")
    herkomst: Herkomst


class KoppelKolom(Strict):
    id: Id
    kop: Tekst
    toelichting: Tekst
    keuzes_uit: Id | None = Field(
        None, description="Veld (soort lijst) waarvan de antwoorden de keuzes in deze kolom zijn."
    )
    kompas: KompasSleutel | None = Field(
        None, description="Het blok in het kompas waar een cel in deze kolom naar verwijst."
    )


class KoppelVoorbeeld(Strict):
    id: Id
    waarde: Tekst
    principe: Tekst
    onderbouwing: Tekst
    resultaat: Tekst
    herkomst: Herkomst


class Koppeltabel(Strict):
    titel: str = "Koppeltabel"
    toelichting: Tekst
    kolommen: list[KoppelKolom] = Field(min_length=1)
    voorbeelden: list[KoppelVoorbeeld] = Field(default_factory=empty_list)
    herkomst: Herkomst


class Burgerbetrokkenheid(Strict):
    toelichting: Tekst
    vragen: list[Vraag]
    herkomst: Herkomst


# --- the fill-in form of every werkblad (formulier) ------------------------------------------------


class Formulierveld(Strict):
    """One thing a raadslid fills in; its `id` is the key of the answer in every format.

    The label comes from `label`, else from the question with id `vraag` elsewhere in the same file,
    else from the step's `noteer` for the variant (alone or with the council), so texts that the
    framework already holds are never written twice.
    """

    id: Id
    label: str | None = Field(None, description="De vraag bij het invulveld.")
    vraag: Id | None = Field(
        None, description="Id van een vraag elders in dit bestand; die tekst is het label."
    )
    soort: Literal["tekst", "lijst"] = Field(
        "tekst", description="tekst: één vrij antwoord; lijst: een aantal korte antwoorden, één per vak."
    )
    aantal: int = Field(5, ge=1, le=20, description="Aantal vakken bij een lijst.")
    hulp: str | None = Field(None, description="Korte uitleg bij het veld.")
    kompas: KompasSleutel | None = Field(
        None, description="Het blok in het conceptkompas waar de antwoorden (van een lijst) terechtkomen."
    )


class Formulierstap(Strict):
    """One step of the form; texts not given here come from the item `onderdeel` in the same file."""

    id: Id
    onderdeel: Id | None = Field(
        None, description="Id van een onderdeel in dit bestand (stap, kernwaarde, niveau, …) met de teksten."
    )
    titel: str | None = None
    kernvraag: str | None = None
    uitleg: str | None = None
    voorbeelden: list[Tekst] | None = None
    zelf: Opdracht | None = None
    raad: Opdracht | None = None
    alle_vragen: bool = Field(
        False,
        description="Maak een tekstveld voor elke vraag (id en tekst) in het onderdeel, vóór de velden.",
    )
    velden: list[Formulierveld] = Field(default_factory=empty_list)


class Formulier(Strict):
    """The fill-in form a framework becomes (`councilkit worksheet new`): steps with fields.

    Every werkblad file in `frameworks/werkbladen/` with a `formulier` is a worksheet kind; a new
    worksheet is a new file, not new code.
    """

    zelf: Opdracht | None = Field(None, description="Opdracht voor het raadslid alleen (het hele werkblad).")
    raad: Opdracht | None = Field(None, description="Opdracht voor de raad samen (met --raad).")
    stappen: list[Formulierstap] = Field(min_length=1)
    koppeltabel: Koppeltabel | Id | None = Field(
        None, description="Een koppeltabel, of de naam van de sleutel in dit bestand die er een bevat."
    )

    @model_validator(mode="after")
    def _unique(self) -> Formulier:
        ids = [s.id for s in self.stappen] + [v.id for s in self.stappen for v in s.velden]
        check_unique(ids, "het formulier")
        return self


class WerkbladBestand(BaseModel):
    """What every werkblad file shares, whatever else it holds: enough to build its form."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: Id
    titel: Tekst
    inleiding: Tekst
    formulier: Formulier


class VisieWerkblad(Strict):
    """The file `frameworks/werkbladen/visie.yaml`: the four-step vision worksheet."""

    id: Literal["visie"]
    titel: Tekst
    inleiding: Tekst
    herkomst: Herkomst
    stappen: list[VisieStap] = Field(min_length=1)
    koppeltabel: Koppeltabel
    burgerbetrokkenheid: Burgerbetrokkenheid | None = None
    formulier: Formulier | None = None

    @model_validator(mode="after")
    def _unique(self) -> VisieWerkblad:
        ids = [s.id for s in self.stappen] + [k.id for k in self.koppeltabel.kolommen]
        ids += [v.id for v in self.koppeltabel.voorbeelden]
        if self.burgerbetrokkenheid:
            ids += [v.id for v in self.burgerbetrokkenheid.vragen]
        check_unique(ids, "het visiewerkblad")
        return self


# --- werkbladen/waardemodel.yaml -------------------------------------------------------------------


class Kernwaarde(Strict):
    id: Id
    naam: Tekst
    hoofdvraag: Tekst
    betekenis: Tekst
    toelichting: str | None = None
    vraag: list[Vraag] = Field(description="Deelvragen over inwoners (de vraagkant).")
    aanbod: list[Vraag] = Field(description="Deelvragen over aanbieders (de aanbodkant).")
    herkomst: Herkomst
    let_op: LetOp


class ModelFase(Strict):
    id: Id
    nummer: int = Field(ge=1)
    titel: Tekst
    toelichting: Tekst
    herkomst: Herkomst


class Verdeelprocedure(Strict):
    id: Id
    nummer: str = Field(description="Nummer zoals in de bron, bijvoorbeeld '2' of '2+3'.")
    naam: Tekst
    kenmerken: Tekst
    herkomst: Herkomst


class Waardemodel(Strict):
    """The file `frameworks/werkbladen/waardemodel.yaml`: the democratisch waardemodel."""

    id: Literal["waardemodel"]
    titel: Tekst
    inleiding: Tekst
    herkomst: Herkomst
    fasen: list[ModelFase] = Field(min_length=1)
    kernwaarden: list[Kernwaarde] = Field(min_length=1)
    verdeelprocedures: list[Verdeelprocedure] = Field(default_factory=empty_list)
    formulier: Formulier | None = None

    @model_validator(mode="after")
    def _unique(self) -> Waardemodel:
        ids = [f.id for f in self.fasen] + [v.id for v in self.verdeelprocedures]
        for kw in self.kernwaarden:
            ids += [kw.id, *(v.id for v in kw.vraag), *(v.id for v in kw.aanbod)]
        check_unique(ids, "het waardemodel")
        return self


# --- werkbladen/preventie.yaml ---------------------------------------------------------------------


class PreventieNiveau(Strict):
    id: Id
    nummer: int = Field(ge=1)
    naam: Tekst = Field(description="Soort preventie, bijvoorbeeld 'Primaire preventie'.")
    doelgroep: Tekst
    doel: Tekst
    toelichting: Tekst
    voorbeelden: list[Tekst] = Field(default_factory=empty_list)
    vragen: list[Vraag] = Field(min_length=1)
    herkomst: Herkomst
    let_op: LetOp


class PreventieTaak(Strict):
    id: Id
    wet: Literal["jeugd", "wmo", "wpg"]
    taak: Tekst
    herkomst: Herkomst


class Vragenblok(Strict):
    """A titled group of questions (informeren, evalueren, ...)."""

    id: Id
    titel: Tekst
    toelichting: str | None = None
    vragen: list[Vraag] = Field(min_length=1)
    herkomst: Herkomst


class Koerskaart(Strict):
    """The file `frameworks/werkbladen/preventie.yaml`: the koerskaart preventie."""

    id: Literal["preventie"]
    titel: Tekst
    inleiding: Tekst
    definitie: Tekst
    herkomst: Herkomst
    niveaus: list[PreventieNiveau] = Field(min_length=1)
    wettelijke_taken: list[PreventieTaak] = Field(default_factory=empty_list)
    vragenblokken: list[Vragenblok] = Field(default_factory=empty_list)
    voorbeeldresultaten: list[Tekst] = Field(default_factory=empty_list)
    formulier: Formulier | None = None

    @model_validator(mode="after")
    def _unique(self) -> Koerskaart:
        ids = [t.id for t in self.wettelijke_taken]
        for niveau in self.niveaus:
            ids += [niveau.id, *(v.id for v in niveau.vragen)]
        for blok in self.vragenblokken:
            ids += [blok.id, *(v.id for v in blok.vragen)]
        check_unique(ids, "de koerskaart preventie")
        return self


# --- woordenlijst.yaml ----------------------------------------------------------------------------


class Synoniemen(Strict):
    """Wordings that mean the same; `worksheet combine` counts them as one, and shows that it did."""

    id: Id
    term: Tekst = Field(description="De formulering die de synthese gebruikt.")
    ook: list[Tekst] = Field(min_length=1, description="Andere formuleringen met dezelfde betekenis.")
    toelichting: str | None = None


class Woordenlijst(Strict):
    """The file `frameworks/woordenlijst.yaml`: near-identical wordings raadsleden use."""

    herkomst: Herkomst
    groepen: list[Synoniemen]

    @model_validator(mode="after")
    def _unique(self) -> Woordenlijst:
        check_unique([g.id for g in self.groepen], "de woordenlijst")
        return self


# --- raadsvoorstel.yaml ----------------------------------------------------------------------------


class Aanbeveling(Strict):
    id: Id
    kort: Tekst = Field(description="Kort label voor een checklist.")
    tekst: Tekst
    gericht_aan: Literal["opsteller", "raad"] = "opsteller"
    herkomst: Herkomst


class Criterium(Strict):
    id: Id
    letter: str = Field(pattern=r"^[A-Z]$")
    naam: Tekst
    toelichting: Tekst
    vragen: list[Vraag] = Field(min_length=1)
    actie: str | None = Field(None, description="Wat de raad doet als het voorstel geen antwoord geeft.")
    voorbeelden: list[Tekst] = Field(default_factory=empty_list)
    signalen: list[str] = Field(
        default_factory=empty_list,
        description="Woorden die erop wijzen dat een voorstel het criterium behandelt (hulp voor de toets).",
    )
    herkomst: Herkomst


class Publiekssamenvatting(Strict):
    id: Id
    eis: Tekst
    toelichting: Tekst
    status: Status
    herkomst: Herkomst


class Checkpunt(Strict):
    id: Id
    tekst: Tekst
    herkomst: Herkomst


class Raadsvoorstelkader(Strict):
    """The file `frameworks/raadsvoorstel.yaml`: what a good raadsvoorstel answers."""

    titel: Tekst
    inleiding: Tekst
    herkomst: Herkomst
    let_op: LetOp
    aanbevelingen: list[Aanbeveling] = Field(min_length=1)
    criteria: list[Criterium] = Field(min_length=1)
    vervolgvragen: list[Vraag] = Field(default_factory=empty_list)
    vervolgvragen_herkomst: str | None = None
    publiekssamenvatting: Publiekssamenvatting
    griffie: list[Checkpunt] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _unique(self) -> Raadsvoorstelkader:
        ids = [a.id for a in self.aanbevelingen] + [v.id for v in self.vervolgvragen]
        ids += [self.publiekssamenvatting.id, *(c.id for c in self.griffie)]
        for criterium in self.criteria:
            ids += [criterium.id, *(v.id for v in criterium.vragen)]
        check_unique(ids, "raadsvoorstel.yaml")
        letters = [c.letter for c in self.criteria]
        check_unique([letter.lower() for letter in letters], "de letters van de criteria")
        return self

    def by_letter(self) -> dict[str, Criterium]:
        return {c.letter: c for c in self.criteria}


# --- proceskader.yaml ------------------------------------------------------------------------------


class Proceselement(Strict):
    id: Id
    nummer: int = Field(ge=1)
    naam: Tekst
    vragen: list[Tekst] = Field(min_length=1)
    toelichting: str | None = None
    herkomst: Herkomst


class Procesfase(Strict):
    id: Id
    nummer: int = Field(ge=1)
    naam: Tekst
    ook_genoemd: str | None = Field(None, description="Gangbare term, bijvoorbeeld 'beeldvorming'.")
    doel: Tekst
    producten: list[Tekst] = Field(default_factory=empty_list, description="Wat de fase oplevert.")
    werkvormen: list[Tekst] = Field(default_factory=empty_list)
    voorbeeldperiode: str | None = Field(None, description="Periode in het voorbeeld uit de bron.")
    herkomst: Herkomst


class Informatievraag(Strict):
    _schema_beschrijving: ClassVar[str] = (
        "Het antwoord op een van de vijf vragen van de informatiefase, of wie dat antwoord geeft."
    )
    id: Id
    nummer: int = Field(ge=1)
    kort: Tekst
    tekst: Tekst
    herkomst: Herkomst


class Procesles(Strict):
    id: Id
    thema: Tekst
    lessen: list[Tekst] = Field(min_length=1)
    herkomst: Herkomst


class Proceskader(Strict):
    """The file `frameworks/proceskader.yaml`: elements and phases of a procesontwerp/startnotitie."""

    titel: Tekst
    inleiding: Tekst
    wanneer: Tekst = Field(description="Voor welke dossiers een procesontwerp de moeite waard is.")
    voorwaarden: list[Tekst] = Field(default_factory=empty_list)
    herkomst: Herkomst
    elementen: list[Proceselement] = Field(min_length=1)
    fasen: list[Procesfase] = Field(min_length=1)
    informatievragen: list[Informatievraag] = Field(min_length=1)
    discussienotitie: list[Tekst] = Field(
        default_factory=empty_list, description="Wat een discussienotitie bevat."
    )
    discussienotitie_herkomst: str | None = None
    lessen: list[Procesles] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _unique(self) -> Proceskader:
        ids = [e.id for e in self.elementen] + [f.id for f in self.fasen]
        ids += [v.id for v in self.informatievragen] + [les.id for les in self.lessen]
        check_unique(ids, "proceskader.yaml")
        return self


# --- schoolvakanties.yaml -------------------------------------------------------------------------


class Vakantieperiode(Strict):
    van: date
    tot: date = Field(description="Laatste dag (tot en met).")

    @model_validator(mode="after")
    def _order(self) -> Vakantieperiode:
        if self.tot < self.van:
            raise ValueError("'tot' ligt vóór 'van' — draai de data om")
        return self


class Schoolvakantie(Strict):
    naam: Tekst
    noord: Vakantieperiode
    midden: Vakantieperiode
    zuid: Vakantieperiode

    def periode(self, regio: str) -> Vakantieperiode:
        return {"noord": self.noord, "midden": self.midden, "zuid": self.zuid}[regio]


class Schooljaar(Strict):
    id: str = Field(pattern=r"^\d{4}-\d{4}$", description="Het schooljaar, bijvoorbeeld 2023-2024.")
    status: Literal["overgenomen", "voorlopig"] = Field(
        description="overgenomen: van de bron overgenomen; voorlopig: nog niet met de bron nagekeken."
    )
    vakanties: list[Schoolvakantie] = Field(min_length=1)


class Schoolvakanties(Strict):
    """The file `frameworks/schoolvakanties.yaml`: school holidays per region, with their source."""

    herkomst: Herkomst = Field(description="De bron van de data.")
    let_op: LetOp
    schooljaren: list[Schooljaar] = Field(min_length=1)

    def in_vakantie(self, dag: date, regio: str) -> tuple[Schoolvakantie, Schooljaar] | None:
        """The holiday (and its school year) that `dag` falls in for `regio`, if any."""
        for jaar in self.schooljaren:
            for vakantie in jaar.vakanties:
                periode = vakantie.periode(regio)
                if periode.van <= dag <= periode.tot:
                    return vakantie, jaar
        return None

    def bekend(self, dag: date) -> bool:
        """Whether the file covers `dag` at all (outside it, no warning can be given)."""
        starts = [int(j.id[:4]) for j in self.schooljaren]
        return date(min(starts), 8, 1) <= dag <= date(max(starts) + 1, 9, 30)


# --- loaders ---------------------------------------------------------------------------------------


@cache
def load_visie(path: Path | None = None) -> VisieWerkblad:
    """`frameworks/werkbladen/visie.yaml`."""
    return load_framework(VisieWerkblad, "werkbladen/visie.yaml", path)


@cache
def load_waardemodel(path: Path | None = None) -> Waardemodel:
    """`frameworks/werkbladen/waardemodel.yaml`."""
    return load_framework(Waardemodel, "werkbladen/waardemodel.yaml", path)


@cache
def load_preventie(path: Path | None = None) -> Koerskaart:
    """`frameworks/werkbladen/preventie.yaml`."""
    return load_framework(Koerskaart, "werkbladen/preventie.yaml", path)


@cache
def load_woordenlijst(path: Path | None = None) -> Woordenlijst:
    """`frameworks/woordenlijst.yaml` (or a griffie's own list)."""
    return load_framework(Woordenlijst, "woordenlijst.yaml", path)


@cache
def load_raadsvoorstel(path: Path | None = None) -> Raadsvoorstelkader:
    """`frameworks/raadsvoorstel.yaml` (or a council's own criteria file via `--criteria`)."""
    return load_framework(Raadsvoorstelkader, "raadsvoorstel.yaml", path)


@cache
def load_schoolvakanties(path: Path | None = None) -> Schoolvakanties:
    """`frameworks/schoolvakanties.yaml`."""
    return load_framework(Schoolvakanties, "schoolvakanties.yaml", path)


@cache
def load_proceskader(path: Path | None = None) -> Proceskader:
    """`frameworks/proceskader.yaml`."""
    return load_framework(Proceskader, "proceskader.yaml", path)
