"""The jaarverslag's context objects and the facts they are built from (size classes, questions).

Split from `report.py` so that `report_input`, `report_xlsx` and `report_batch` can use them without
importing the builder that in turn loads them: no import circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from councilkit.documents.report_data import Figuren, Figuur
from councilkit.render import nl

#: CBS gemeentegrootteklassen (inwoners on 1 January): lower bound, label.
GROOTTEKLASSEN: list[tuple[int, str]] = [
    (0, "minder dan 5.000 inwoners"),
    (5_000, "5.000 tot 10.000 inwoners"),
    (10_000, "10.000 tot 20.000 inwoners"),
    (20_000, "20.000 tot 50.000 inwoners"),
    (50_000, "50.000 tot 100.000 inwoners"),
    (100_000, "100.000 tot 150.000 inwoners"),
    (150_000, "150.000 tot 250.000 inwoners"),
    (250_000, "250.000 inwoners of meer"),
]

NEDERLAND = "NL01"

#: The four duiding questions (seed 002, §8.5), keyed as they appear in the duiding file.
DUIDING_VRAGEN: dict[str, str] = {
    "herkennen": "Herkennen we dit beeld in de praktijk?",
    "verklaren": "Kunnen we het verklaren (ontwikkelingen, doelgroep, context)?",
    "vinden": "Wat vinden we ervan?",
    "betekenis": "Wat betekent het voor wat we doen?",
}

OPEN_PLEK = "Nog in te vullen door de gemeente."


def grootteklasse(inwoners: float | None) -> str | None:
    """The CBS size class of a gemeente with this many inhabitants."""
    if inwoners is None:
        return None
    label = None
    for lower, name in GROOTTEKLASSEN:
        if inwoners >= lower:
            label = name
    return label


# --------------------------------------------------------------------------------------------------
# Context objects
# --------------------------------------------------------------------------------------------------


@dataclass
class Rij:
    """One period of a result's table: the figure, the path value and what to note."""

    periode: str
    tekst: str
    pad: str
    opmerking: str
    bron: str
    waarde: float | None = None  # the shown value (None when hidden or absent), for the xlsx


@dataclass
class Vergelijking:
    naam: str
    soort: str  # "gemeente", "grootteklasse", "Nederland"
    periode: str
    tekst: str
    bron: str


@dataclass
class Resultaatverslag:
    id: str
    nummer: str
    omschrijving: str
    toelichting: str | None
    indicator_id: str | None
    indicator_naam: str
    definitie: str | None
    eenheid: str | None
    richting_tekst: str
    nulmeting: str
    streefwaarde: str
    laatste: str
    laatste_bron: str
    status: str
    redenen: list[str]
    conclusie: str
    bijsturen: list[str]
    rijen: list[Rij]
    breuken: list[str]
    vergelijkingen: list[Vergelijking]
    vergelijking_noot: str | None
    grafiek: dict[str, Any] | None
    duiding: dict[str, str | None]
    figuren: list[Figuur] = field(default_factory=list)
    pad_waarden: dict[str, float] = field(default_factory=dict)
    #: The indicator's declared decimals (catalogue `decimalen`), for the xlsx number format.
    decimalen: int | None = None


@dataclass
class Bronregel:
    bestand: str
    tabel: str
    geimporteerd: str
    sha256: str
    cijfers: int


@dataclass
class ReportContext:
    titel: str
    ondertitel: str
    gemeente: str
    gemeentecode: str
    jaar: int
    datum: date
    grootteklasse: str | None
    klassegenoten: int
    uitleg_op_koers: str
    duiding_vragen: dict[str, str]
    resultaten: list[Resultaatverslag]
    waarschuwingen: list[str]
    bronnen: list[Bronregel]
    drempel: int
    met_duiding: bool
    zonder_data: bool
    statussen: dict[str, int]
    met_kompas: bool = True


# --------------------------------------------------------------------------------------------------
# Formatting (Dutch, through render/nl.py)
# --------------------------------------------------------------------------------------------------


def tekst(waarde: float | None, eenheid: str | None, decimalen: int | None = None) -> str:
    """A value in the Dutch way for its unit, with the indicator's `decimalen` when it declares them
    (a target of 9 for a one-decimal percentage reads "9,0%"); `–` when absent."""

    if waarde is None:
        return nl.MISSING
    if eenheid == "procent":
        return nl.procent(waarde, decimalen)
    if eenheid in {"euro", "euro-per-inwoner"}:
        return nl.bedrag(waarde)
    if decimalen is not None:
        return nl.getal(waarde, decimalen)
    return nl.getal(round(waarde, 1) if not float(waarde).is_integer() else int(waarde))


@dataclass
class Invoer:
    """Everything `build_context` needs, so the batch can call it per gemeente without reloading."""

    kompas: Any  # Kompas, or None in catalogue mode
    resultaten: list[Any]  # kompas results, or stand-ins per catalogue indicator
    gemeente: str
    code: str
    jaar: int
    indicators: dict[str, Any]
    figuren: Figuren
    vergelijk: list[str] = field(default_factory=list)
    namen: dict[str, str] = field(default_factory=dict)
    klasse_codes: list[str] = field(default_factory=list)
    duiding: dict[str, dict[str, str]] = field(default_factory=dict)
    waarschuwingen: list[str] = field(default_factory=list)
    drempel: int = 7
    policy: Any = None
    titel: str | None = None
    met_duiding: bool = False
    zonder_data: bool = False
    today: date | None = None
