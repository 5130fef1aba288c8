"""A proces.yaml: the startnotitie (procesontwerp) of one council decision process.

Breda's griffie practised "proceskaders" on the dossier armoede en schuldhulpverlening: before a big
dossier starts, raad, college and organisatie agree how it will run — who writes the design, whether
the raad adopts it, which frames are set, how society takes part, the planning from beeldvorming to
besluitvorming, who organises what and how they keep in step (`frameworks/proceskader.yaml`). This
model is that agreement as data, so `check` can test it and `process` can publish it and its calendar.

As with the kompas, the model is strict about *shape* (unknown keys, dates that do not exist, phase
names the framework does not know: those stop with exit 2) and lenient about *completeness* (an
element without an answer, an activity without an owner): those are findings `check` reports, so a
griffier sees everything that is missing at once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator

from councilkit.model.common import Strict, empty_list
from councilkit.model.frameworks import load_proceskader
from councilkit.model.validate import Loaded, load_model

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_HELP = "Vaste sleutel in kleine letters, cijfers en streepjes; de agenda herkent een activiteit eraan."

#: The participation ladder, lowest rung first (what is asked of a group, from hearing to deciding).
TREDEN: tuple[str, ...] = ("informeren", "raadplegen", "adviseren", "coproduceren", "meebeslissen")
Trede = Literal["informeren", "raadplegen", "adviseren", "coproduceren", "meebeslissen"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _datum(value: Any) -> Any:
    """Only ISO dates (JJJJ-MM-DD): a Dutch 23-05-2023 or a bare number is refused, never guessed."""
    if isinstance(value, dt.datetime):
        raise ValueError(
            f"'{value}' is een tijdstip, geen datum — zet de tijd bij 'begin' en 'eind', en bij 'datum' alleen JJJJ-MM-DD"
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"de datum {value.strip()} bestaat niet — controleer dag en maand (JJJJ-MM-DD)"
            ) from None
    raise ValueError(f"'{value}' is geen datum — schrijf JJJJ-MM-DD, bijvoorbeeld 2023-05-23")


def _tijd(value: Any) -> Any:
    """`19:30` (or `19.30`). YAML 1.1 reads an unquoted 19:30 as the number 1170 (base 60); undo that."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is geen tijd — schrijf UU:MM, bijvoorbeeld \"19:30\"")
    if isinstance(value, int):
        hours, minutes = divmod(value, 60)
        text = f"{hours}:{minutes:02d}"
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError(f"'{value}' is geen tijd — schrijf UU:MM, bijvoorbeeld \"19:30\"")
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is geen tijd — schrijf UU:MM, bijvoorbeeld \"19:30\"")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f"de tijd {text} bestaat niet — gebruik 00:00 tot en met 23:59")
    return dt.time(hours, minutes)


Datum = Annotated[
    dt.date,
    BeforeValidator(_datum),
    WithJsonSchema({"type": "string", "format": "date", "description": "Datum als JJJJ-MM-DD."}),
]
Tijd = Annotated[
    dt.time,
    BeforeValidator(_tijd),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]?\d|2[0-3])[:.][0-5]\d$",
            "description": 'Tijd als UU:MM (Nederlandse tijd), bijvoorbeeld "19:30".',
        }
    ),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, description=ID_HELP)]


def fase_namen() -> dict[str, str]:
    """Every name a phase may go by (the framework id and its common term) → the framework id."""

    names: dict[str, str] = {}
    for fase in load_proceskader().fasen:
        names[fase.id] = fase.id
        if fase.ook_genoemd:
            names[fase.ook_genoemd] = fase.id
    return names


# --- the seven elements ----------------------------------------------------------------------------


class Element(Strict):
    """One element of the startnotitie: the answer to the framework's questions for it."""

    _schema_beschrijving: ClassVar[str] = (
        "Een element van de startnotitie: het antwoord op de vragen die erbij horen."
    )

    antwoord: str | None = Field(None, description="Het antwoord op de vragen bij dit element.")


class Opsteller(Element):
    """1. Who writes the startnotitie, and who commissions it."""

    _schema_beschrijving: ClassVar[str] = (
        "Element 1: wie de startnotitie schrijft en wie daartoe de opdracht geeft."
    )

    opdrachtgever: str | None = Field(
        None, description="Wie opdracht geeft en regisseert, meestal de agendacommissie."
    )


class Vaststelling(Element):
    """2. Does the design come to the raad for information, or for adoption (and amendment)?"""

    _schema_beschrijving: ClassVar[str] = (
        "Element 2: komt het procesontwerp ter informatie naar de raad, of ter vaststelling (met amendementen)?"
    )

    wijze: Literal["ter-kennisname", "ter-vaststelling"] | None = Field(
        None,
        description="ter-kennisname: de raad krijgt het ontwerp ter informatie. ter-vaststelling: de raad "
        "bespreekt het, kan het amenderen en stelt het vast.",
    )
    activiteit: str | None = Field(
        None, description="Id van de activiteit waarop de raad het ontwerp behandelt."
    )


class Reikwijdte(Element):
    """3. Only process frames, or content frames too?"""

    _schema_beschrijving: ClassVar[str] = (
        "Element 3: gaat het alleen om proceskaders, of ook om inhoudelijke kaders?"
    )

    kaders: Literal["alleen-proces", "proces-en-inhoud"] | None = Field(
        None, description="Stelt de raad alleen proceskaders, of geeft hij ook inhoudelijke kaders mee?"
    )
    inhoudelijke_kaders: list[str] = Field(
        default_factory=empty_list,
        description="De inhoudelijke kaders die in elk geval blijven staan of meegaan.",
    )


class Samenleving(Element):
    """4. What the raad wants from involving society; the groups themselves are under `participatie`."""

    _schema_beschrijving: ClassVar[str] = (
        "Element 4: wat de raad wil bereiken met het betrekken van de samenleving; de groepen zelf staan onder ‘participatie’."
    )

    communicatie: str | None = Field(
        None, description="Hoe de deelnemers horen wat er van hen gevraagd wordt."
    )


class Planning(Element):
    """5. How long the process takes; the phases themselves are under `fasen`."""

    _schema_beschrijving: ClassVar[str] = (
        "Element 5: hoe lang het proces duurt; de fasen zelf staan onder ‘fasen’."
    )


class Taak(Strict):
    _schema_beschrijving: ClassVar[str] = "Wie welke taak heeft in het proces."

    wie: str
    wat: str


class Organisatie(Element):
    """6. Who organises what (invitations, listening, weighing together)."""

    _schema_beschrijving: ClassVar[str] = "Element 6: wie wat organiseert (uitnodigen, ophalen, afwegen)."

    taken: list[Taak] = Field(default_factory=empty_list)


class Afstemming(Element):
    """7. How raad, college and organisatie keep in step, with roles and tasks."""

    _schema_beschrijving: ClassVar[str] = (
        "Element 7: hoe raad, college en ambtelijke organisatie op één lijn blijven, met rollen en taken."
    )

    rollen: list[Taak] = Field(default_factory=empty_list, description="Per partij de rol in dit proces.")


class Elementen(Strict):
    """The seven elements, keyed by their ids in `frameworks/proceskader.yaml`."""

    _schema_beschrijving: ClassVar[str] = "De zeven elementen van het procesontwerp."

    opsteller: Opsteller | None = None
    vaststelling: Vaststelling | None = None
    reikwijdte: Reikwijdte | None = None
    samenleving: Samenleving | None = None
    planning: Planning | None = None
    organisatie: Organisatie | None = None
    afstemming: Afstemming | None = None


# --- participation, phases, activities --------------------------------------------------------------


class Deelnemer(Strict):
    """A group that takes part, with its rung on the participation ladder and what is asked of it."""

    _schema_beschrijving: ClassVar[str] = (
        "Een groep die meedoet, met haar trede op de participatieladder en wat er van haar gevraagd wordt."
    )

    groep: str = Field(
        description="De groep, bijvoorbeeld inwoners, ervaringsdeskundigen, aanbieders, adviesraad sociaal domein."
    )
    trede: Trede | None = Field(
        None,
        description="Wat de groep mag: informeren, raadplegen, adviseren, coproduceren of meebeslissen.",
    )
    vraag: str | None = Field(None, description="Wat er precies van de groep gevraagd wordt.")
    fasen: list[str] = Field(default_factory=empty_list, description="In welke fasen de groep meedoet.")
    uitnodiging: str | None = Field(None, description="Wie de groep uitnodigt en hoe.")

    @field_validator("fasen")
    @classmethod
    def _known_phases(cls, value: list[str]) -> list[str]:
        return [_fase_id(name) for name in value]


class Activiteit(Strict):
    """One meeting or step in a phase: when, where, in what form, who owns it and who is invited."""

    _schema_beschrijving: ClassVar[str] = (
        "Een bijeenkomst of stap in een fase: wanneer, waar, in welke vorm, wie haar trekt en wie is uitgenodigd."
    )

    id: Id
    titel: str
    datum: Datum | None = None
    begin: Tijd | None = Field(None, description="Begintijd (Nederlandse tijd); leeg = de hele dag.")
    eind: Tijd | None = Field(None, description="Eindtijd (Nederlandse tijd).")
    vorm: str | None = Field(
        None, description="Werkvorm: presentatie, rondetafelgesprek, werkbezoek, raadsvergadering, …"
    )
    eigenaar: str | None = Field(
        None, description="Wie de activiteit organiseert en ervoor aanspreekbaar is."
    )
    genodigden: list[str] = Field(default_factory=empty_list)
    plaats: str | None = None
    besluit: bool = Field(False, description="true als de raad hier een besluit neemt.")
    geannuleerd: bool = Field(
        False, description="true als de activiteit niet doorgaat (blijft in de agenda als afgelast)."
    )
    toelichting: str | None = None


class Fase(Strict):
    """A phase of the process with its period and activities."""

    _schema_beschrijving: ClassVar[str] = "Een fase van het proces, met de periode en de activiteiten."

    fase: str = Field(description="beeldvorming, oordeelsvorming of besluitvorming.")
    van: Datum | None = None
    tot: Datum | None = Field(None, description="Laatste dag van de fase (tot en met).")
    doel: str | None = None
    aansluiting: str | None = Field(
        None,
        description="Alleen invullen als de fase bewust niet direct aansluit op de vorige (een pauze of "
        "een overlap): waarom.",
    )
    activiteiten: list[Activiteit] = Field(default_factory=empty_list)

    @field_validator("fase")
    @classmethod
    def _known_phase(cls, value: str) -> str:
        return _fase_id(value)

    @field_validator("activiteiten", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


def _fase_id(name: str) -> str:
    names = fase_namen()
    key = name.strip().lower()
    if key not in names:
        import difflib

        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        hint = (
            f"bedoelt u '{close[0]}'?"
            if close
            else "kies uit beeldvorming, oordeelsvorming en besluitvorming"
        )
        raise ValueError(f"onbekende fase '{name}' — {hint}")
    return names[key]


class Informatievraag(Strict):
    """The answer to (or the owner of) one of the five questions of the information phase."""

    _schema_beschrijving: ClassVar[str] = (
        "Het antwoord op een van de vijf vragen van de informatiefase, of wie dat antwoord geeft."
    )

    vraag: str = Field(description="Id uit frameworks/proceskader.yaml, bijvoorbeeld info-huidig-beleid.")
    antwoord: str | None = None
    eigenaar: str | None = Field(None, description="Wie het antwoord levert, als het er nog niet is.")
    activiteiten: list[str] = Field(
        default_factory=empty_list, description="Ids van activiteiten waar het aan bod komt."
    )

    @field_validator("vraag")
    @classmethod
    def _known_question(cls, value: str) -> str:
        known = [v.id for v in load_proceskader().informatievragen]
        if value not in known:
            import difflib

            close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
            hint = f"bedoelt u '{close[0]}'?" if close else f"kies uit {', '.join(known)}"
            raise ValueError(f"onbekende informatievraag '{value}' — {hint}")
        return value


class KompasLinks(Strict):
    """Which principles and results of the kompas the dossier touches (checked with `check --kompas`)."""

    _schema_beschrijving: ClassVar[str] = "Welke principes en resultaten uit het kompas het dossier raakt."

    principes: list[str] = Field(default_factory=empty_list)
    resultaten: list[str] = Field(default_factory=empty_list)


class Reces(Strict):
    """A period in which the raad does not meet."""

    _schema_beschrijving: ClassVar[str] = "Een periode waarin de raad niet vergadert."

    naam: str | None = None
    van: Datum
    tot: Datum


class Proces(Strict):
    """The whole proces.yaml."""

    _schema_beschrijving: ClassVar[str] = (
        "Het procesontwerp (startnotitie) van de griffie: de zeven elementen, de deelnemers, de fasen en de planning."
    )

    soort: Literal["proces"] = Field(description="Altijd 'proces'.")
    id: Id = Field(description="Vaste sleutel van het proces; de agenda gebruikt hem in elke afspraak.")
    gemeente: str | None = Field(None, description="Naam van de gemeente.")
    onderwerp: str | None = Field(
        None, description="Het dossier, bijvoorbeeld 'Armoede en schuldhulpverlening'."
    )
    aanleiding: str | None = Field(None, description="Waarom dit dossier een eigen procesontwerp krijgt.")
    schoolregio: Literal["noord", "midden", "zuid"] | None = Field(
        None, description="Regio van de schoolvakanties in uw gemeente (leeg: alle drie)."
    )
    kompas: KompasLinks = Field(default_factory=KompasLinks)
    elementen: Elementen = Field(default_factory=Elementen)
    participatie: list[Deelnemer] = Field(default_factory=empty_list)
    fasen: list[Fase] = Field(default_factory=empty_list)
    informatievragen: list[Informatievraag] = Field(default_factory=empty_list)
    reces: list[Reces] = Field(
        default_factory=empty_list, description="Periodes waarin de raad niet vergadert."
    )

    @field_validator("participatie", "fasen", "informatievragen", "reces", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    def activiteiten(self) -> list[tuple[int, int, Fase, Activiteit]]:
        """Every activity with its phase index, activity index and phase, in file order."""
        return [
            (f_index, a_index, fase, activiteit)
            for f_index, fase in enumerate(self.fasen)
            for a_index, activiteit in enumerate(fase.activiteiten)
        ]


def load_proces(path: str | Path) -> Loaded[Proces]:
    """Load a proces file; shape problems raise `InputError` (exit 2) with file and line."""
    return load_model(Proces, path, what="procesbestand")
