"""The kompas: a council's values, guiding principles, intended results and quality requirements.

Keys are the Dutch words of the vision worksheet, because raadsleden and griffiers write this file.
The model is deliberately lenient about *completeness* (a principle without `onderbouwing`, a result
without `nulmeting`): those are findings that `councilkit check` reports with a fix, not load errors
that stop everything. It is strict about *shape* (unknown keys, wrong types), because a typo that is
silently ignored loses the council's intent.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from councilkit.domeinen import Domein
from councilkit.model.catalogue import Indicator
from councilkit.model.common import Strict, empty_dict, empty_list
from councilkit.model.validate import Loaded, load_model

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_HELP = "Vaste sleutel in kleine letters, cijfers en streepjes; andere onderdelen verwijzen ernaar."


class Gemeente(Strict):
    _schema_beschrijving: ClassVar[str] = "De gemeente: naam en CBS-code."
    naam: str = Field(description="Naam van de gemeente, bijvoorbeeld Breda.")
    code: str = Field(
        pattern=r"^GM\d{4}$",
        description="CBS-gemeentecode: GM gevolgd door vier cijfers, bijvoorbeeld GM0758.",
    )


class Periode(Strict):
    _schema_beschrijving: ClassVar[str] = "De jaren waarvoor het kompas geldt."
    van: int = Field(ge=2000, le=2100, description="Eerste jaar waarvoor het kompas geldt.")
    tot: int = Field(ge=2000, le=2100, description="Laatste jaar waarvoor het kompas geldt.")

    @model_validator(mode="after")
    def _order(self) -> Periode:
        if self.tot < self.van:
            raise ValueError("het jaar 'tot' ligt vóór 'van' — draai de jaren om")
        return self


class Waarde(Strict):
    """A societal value (maatschappelijke waarde): what the council finds worth protecting."""

    _schema_beschrijving: ClassVar[str] = (
        "Een maatschappelijke waarde: wat de raad de moeite waard vindt om te beschermen."
    )

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)
    naam: str
    toelichting: str | None = Field(None, description="Wat deze waarde voor de raad betekent.")
    herkomst: str | None = Field(
        None, description="Wie dit voorstelde, bijvoorbeeld de raadsleden die het op hun werkblad noemden."
    )


class Principe(Strict):
    """A guiding principle (leidend principe) with the assumption (onderbouwing) behind it."""

    _schema_beschrijving: ClassVar[str] = (
        "Een leidend principe, met de veronderstelling (onderbouwing) erachter."
    )

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)
    naam: str
    onderbouwing: str | None = Field(
        None, description="De veronderstelling achter het principe: '... omdat we veronderstellen dat ...'."
    )
    waarden: list[str] = Field(
        default_factory=empty_list, description="Ids van de waarden die dit principe dient."
    )
    toelichting: str | None = None
    herkomst: str | None = Field(
        None, description="Wie dit voorstelde, bijvoorbeeld de raadsleden die het op hun werkblad noemden."
    )


class Meting(Strict):
    """A measured or intended value of an indicator in a given year."""

    _schema_beschrijving: ClassVar[str] = (
        "Een gemeten of beoogde waarde van een indicator in een bepaald jaar."
    )

    jaar: int | None = Field(None, ge=2000, le=2100)
    waarde: float | None = None
    bron: str | None = Field(None, description="Waar het cijfer vandaan komt, als het niet de monitor is.")


class Resultaat(Strict):
    """An intended societal result (maatschappelijk resultaat), measured by one indicator."""

    _schema_beschrijving: ClassVar[str] = (
        "Een maatschappelijk resultaat dat de raad wil bereiken, gemeten met één indicator."
    )

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)
    omschrijving: str = Field(description="Het resultaat in gewone taal: wat is er over vier jaar anders?")
    principes: list[str] = Field(default_factory=empty_list, description="Ids van de leidende principes.")
    indicator: str | None = Field(None, description="Id uit de indicatorcatalogus of uit 'indicatoren'.")
    nulmeting: Meting | None = None
    streefwaarde: Meting | None = None
    tussenwaarden: list[Meting] = Field(
        default_factory=empty_list, description="Optionele tussendoelen per jaar."
    )
    regio: str | None = Field(
        None,
        pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8}|NL01)$",
        description="Regiocode als het resultaat niet de hele gemeente betreft.",
    )
    toelichting: str | None = None
    wettelijke_onderwerpen: list[str] = Field(
        default_factory=empty_list,
        description="Ids uit frameworks/wetten.yaml die dit resultaat (mede) uitwerkt.",
    )
    herkomst: str | None = Field(
        None, description="Wie dit voorstelde, bijvoorbeeld de raadsleden die het op hun werkblad noemden."
    )


class Kwaliteitseis(Strict):
    """A quality requirement (kwaliteitseis) for care and support, traced to principles."""

    _schema_beschrijving: ClassVar[str] = (
        "Een kwaliteitseis aan zorg en ondersteuning, met de principes en resultaten waar die bij hoort."
    )

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)
    eis: str
    principes: list[str] = Field(default_factory=empty_list)
    resultaten: list[str] = Field(
        default_factory=empty_list, description="Resultaten waaraan deze eis bijdraagt."
    )
    toetsing: str | None = Field(
        None, description="Hoe en wanneer de gemeente toetst of aan de eis voldaan is."
    )
    wettelijke_onderwerpen: list[str] = Field(
        default_factory=empty_list,
        description="Ids uit frameworks/wetten.yaml die deze eis (mede) uitwerkt.",
    )
    herkomst: str | None = Field(
        None, description="Wie dit voorstelde, bijvoorbeeld de raadsleden die het op hun werkblad noemden."
    )


class Begrotingspost(Strict):
    _schema_beschrijving: ClassVar[str] = "Het bedrag dat voor een thema in één jaar begroot is."
    jaar: int = Field(ge=2000, le=2100)
    bedrag: float = Field(description="Bedrag in euro.")
    omschrijving: str | None = None


class Thema(Strict):
    """A beleidsplan theme: its ambition, course, decision points and which results it carries."""

    _schema_beschrijving: ClassVar[str] = (
        "Een thema van het beleidsplan: ambitie, koers, beslispunten en de resultaten die erbij horen."
    )

    id: str = Field(pattern=ID_PATTERN, description=ID_HELP)
    naam: str
    ambitie: str | None = None
    koers: str | None = Field(None, description="Welke richting de gemeente kiest en waarom.")
    beslispunten: list[str] = Field(
        default_factory=empty_list, description="Wat de raad besluit over dit thema."
    )
    resultaten: list[str] = Field(default_factory=empty_list)
    kwaliteitseisen: list[str] = Field(default_factory=empty_list)
    wettelijke_onderwerpen: list[str] = Field(
        default_factory=empty_list, description="Ids uit frameworks/wetten.yaml die dit thema uitwerkt."
    )
    uitwerking: dict[str, str] = Field(
        default_factory=empty_dict,
        description="Per wettelijk onderwerp (id uit frameworks/wetten.yaml): hoe dit thema het uitwerkt. "
        "Een onderwerp telt pas als uitgewerkt als het kompas zegt hoe.",
    )
    begroting: list[Begrotingspost] = Field(default_factory=empty_list)


class Instrument(Strict):
    """A monitoring instrument: where the figures for the results come from."""

    _schema_beschrijving: ClassVar[str] = (
        "Een meetinstrument: waar de cijfers voor de resultaten vandaan komen."
    )

    naam: str = Field(description="Bijvoorbeeld 'Cliëntervaringsonderzoek Wmo' of 'GGD Gezondheidsmonitor'.")
    frequentie: str | None = Field(
        None, description="Hoe vaak, in gewone taal: 'elk jaar', 'eens per vier jaar'."
    )
    toelichting: str | None = Field(None, description="Wat het instrument meet en wie het uitvoert.")


class Sturing(Strict):
    """When the council hears how the results develop, and from which instruments."""

    _schema_beschrijving: ClassVar[str] = (
        "Wanneer de raad hoort hoe de resultaten zich ontwikkelen, en uit welke meetinstrumenten."
    )

    jaarrapportage: str | None = Field(None, description="Moment van de jaarlijkse resultatenrapportage.")
    tussenevaluatie: int | None = Field(None, ge=2000, le=2100)
    eindevaluatie: int | None = Field(None, ge=2000, le=2100)
    instrumenten: list[Instrument] = Field(
        default_factory=empty_list, description="Monitoringsinstrumenten: enquêtes, registraties, benchmarks."
    )


class VorigPlan(Strict):
    """The plan this one follows, and what its evaluation taught ("Waarom een nieuw plan")."""

    _schema_beschrijving: ClassVar[str] = "Het plan waarop dit plan volgt, en wat de evaluatie ervan leerde."

    titel: str = Field(description="Titel van het vorige beleidsplan.")
    periode: Periode | None = None
    evaluatie: str | None = Field(None, description="Wat de evaluatie van het vorige plan liet zien.")
    lessen: list[str] = Field(
        default_factory=empty_list, description="Wat het nieuwe plan daarom anders doet."
    )


class Participatie(Strict):
    """How inwoners, the adviesraad and cliëntenraden were involved in the plan, and will be."""

    _schema_beschrijving: ClassVar[str] = (
        "Hoe inwoners, de adviesraad en cliëntenraden bij het plan betrokken waren en betrokken blijven."
    )

    inwoners: str | None = Field(None, description="Hoe inwoners meedachten over dit plan.")
    adviesraad: str | None = Field(None, description="Hoe de adviesraad sociaal domein betrokken was.")
    clientenraden: str | None = Field(None, description="Hoe cliëntenraden en belangenorganisaties meededen.")
    vervolg: str | None = Field(None, description="Hoe zij betrokken blijven bij uitvoering en evaluatie.")


class Risico(Strict):
    _schema_beschrijving: ClassVar[str] = (
        "Een financieel risico, met de omvang en hoe de gemeente het beheerst."
    )
    risico: str = Field(description="Wat er mis kan gaan, in één zin.")
    bedrag: float | None = Field(None, description="Geschatte omvang in euro, als die bekend is.")
    beheersing: str | None = Field(None, description="Wat de gemeente doet om het risico te beperken.")


class FinancieelKader(Strict):
    """Where the money comes from and what could go wrong, beside the budgets per theme."""

    _schema_beschrijving: ClassVar[str] = (
        "Waar het geld vandaan komt en wat er mis kan gaan, naast de begroting per thema."
    )

    dekking: str | None = Field(
        None,
        description="Waaruit het plan betaald wordt, bijvoorbeeld de algemene uitkering uit het gemeentefonds.",
    )
    toelichting: str | None = None
    risicos: list[Risico] = Field(default_factory=empty_list)


class Onthulling(Strict):
    """Statistical disclosure settings; the defaults follow CBS."""

    _schema_beschrijving: ClassVar[str] = (
        "De regels tegen het onthullen van kleine aantallen; de standaardwaarden volgen het CBS."
    )

    drempel: int = Field(
        7, ge=0, description="Aantallen tot en met deze waarde worden niet getoond (CBS: 7)."
    )
    afronding: int = Field(
        5, ge=1, description="Wijk- en buurtaantallen gelden als afgerond op dit veelvoud."
    )


class Kompas(Strict):
    """The whole kompas file."""

    _schema_beschrijving: ClassVar[str] = (
        "Het kompas van de gemeenteraad: waarden, leidende principes, maatschappelijke resultaten en kwaliteitseisen voor één wet of het hele sociaal domein."
    )

    soort: Literal["kompas"] = Field("kompas", description="Soort bestand; laat weg of zet op 'kompas'.")
    titel: str | None = None
    gemeente: Gemeente
    domein: Domein
    periode: Periode
    toelichting: str | None = Field(None, description="Korte inleiding: waarom dit kompas, voor wie.")
    waarden: list[Waarde] = Field(default_factory=empty_list)
    leidende_principes: list[Principe] = Field(default_factory=empty_list)
    maatschappelijke_resultaten: list[Resultaat] = Field(default_factory=empty_list)
    kwaliteitseisen: list[Kwaliteitseis] = Field(default_factory=empty_list)
    indicatoren: list[Indicator] = Field(
        default_factory=empty_list, description="Lokale indicatoren naast de catalogus."
    )
    themas: list[Thema] = Field(default_factory=empty_list)
    aanleiding: str | None = Field(None, description="Waarom er nu een nieuw plan komt.")
    vorig_plan: VorigPlan | None = None
    participatie: Participatie | None = None
    taken_en_voorwaarden: dict[str, str] = Field(
        default_factory=empty_dict,
        description="Per id van een wettelijke taak of voorwaarde (councilkit catalogus onderwerpen): "
        "hoe de gemeente die invult.",
    )
    financieel_kader: FinancieelKader | None = None
    sturing: Sturing | None = None
    versie: str | None = Field(None, description="Versie van het plan op het titelblad, bijvoorbeeld 0.3.")
    onthulling: Onthulling = Field(default_factory=Onthulling)

    @field_validator(
        "waarden", "leidende_principes", "maatschappelijke_resultaten", "kwaliteitseisen", mode="before"
    )
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        """`waarden:` with nothing under it means an empty list, as a user would expect."""
        return [] if value is None else value


def load_kompas(path: str | Path) -> Loaded[Kompas]:
    """Load a kompas file; shape problems raise `InputError` (exit 2) with file and line."""
    return load_model(Kompas, path, what="kompasbestand")
