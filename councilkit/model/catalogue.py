"""The indicator catalogue: what a figure means, its unit and polarity, and where it comes from.

The catalogue lives in `frameworks/indicatoren.yaml` (data, not code). Kompas results point at an
indicator id; local indicators in a kompas use the same model. `bronnen` lists the source measure
names (CBS keys without their `_NN` suffix, monitor column names) that importers map onto the id.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from councilkit.domeinen import Domein as KompasDomein
from councilkit.model.common import Strict, empty_list
from councilkit.model.facts import EENHEID_TEKST as EENHEID_TEKST  # the unit texts' home (no pydantic)
from councilkit.model.facts import Eenheid as Eenheid
from councilkit.model.shipped import load_framework

Polariteit = Literal["hoger-is-beter", "lager-is-beter", "neutraal"]
Regioniveau = Literal["land", "gemeente", "wijk", "buurt"]
#: An indicator belongs to kompas domains, or to none in particular.
Domein = Literal[KompasDomein, "algemeen"]
Frequentie = Literal["jaarlijks", "halfjaarlijks", "tweejaarlijks", "vierjaarlijks", "eenmalig"]
#: Years between two measurements per frequency (`eenmalig` has none: it is measured once).
FREQUENTIE_JAREN: dict[str, int] = {
    "jaarlijks": 1,
    "halfjaarlijks": 1,
    "tweejaarlijks": 2,
    "vierjaarlijks": 4,
}
#: How a frequency reads in a sentence or a table.
FREQUENTIE_TEKST: dict[str, str] = {
    "jaarlijks": "jaarlijks",
    "halfjaarlijks": "elk half jaar",
    "tweejaarlijks": "eens per twee jaar",
    "vierjaarlijks": "eens per vier jaar",
    "eenmalig": "eenmalig",
}


class Bron(Strict):
    """Where the official figure is published."""

    _schema_beschrijving: ClassVar[str] = "Waar het officiële cijfer gepubliceerd wordt."

    organisatie: str = Field(
        description="Bijvoorbeeld CBS, VNG (waarstaatjegemeente.nl) of de gemeente zelf."
    )
    tabel: str | None = Field(None, description="StatLine-tabel, bijvoorbeeld 84799NED.")
    maat: str | None = Field(None, description="Naam van de maat in de bron, zonder achtervoegsel _NN.")
    toelichting: str | None = None


class Breuk(Strict):
    """A known break in an indicator's series: figures before and after `jaar` are not comparable."""

    _schema_beschrijving: ClassVar[str] = (
        "Een bekende breuk in de reeks van een indicator: cijfers van vóór en vanaf het jaar van de breuk zijn niet met elkaar te vergelijken."
    )

    jaar: int = Field(ge=2000, le=2100, description="Het eerste jaar na de breuk.")
    regios: list[str] = Field(
        default_factory=empty_list, description="Regiocodes waar de breuk geldt; leeg betekent overal."
    )
    toelichting: str = Field(description="Wat er veranderde, in gewone taal.")
    bron: str = Field(description="Waar de breuk is vastgesteld (tabel, bestand of publicatie).")


class Indicator(Strict):
    """One measurable indicator, from the catalogue or defined locally in a kompas."""

    _schema_beschrijving: ClassVar[str] = (
        "Een meetbare indicator, uit de catalogus of in het kompas zelf omschreven."
    )

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$", description="Vaste sleutel, kleine letters en streepjes."
    )
    naam: str
    definitie: str | None = None
    eenheid: Eenheid
    polariteit: Polariteit = "neutraal"
    domeinen: list[Domein] = Field(default_factory=empty_list)
    regioniveaus: list[Regioniveau] = Field(default_factory=lambda: list[Regioniveau](["gemeente"]))
    frequentie: Frequentie = "jaarlijks"
    telling: bool = Field(
        False,
        description="Waar: het cijfer telt personen en valt onder de onthullingsregels (CBS: 0–7 geheim).",
    )
    afgeleid_van: str | None = Field(
        None, description="Id van de telling waaruit dit cijfer (een aandeel of per-1000) berekend is."
    )
    decimalen: int | None = Field(
        None,
        ge=0,
        le=3,
        description="Aantal decimalen waarmee het cijfer getoond wordt (standaard: volgens de eenheid).",
    )
    breuken: list[Breuk] = Field(
        default_factory=empty_list,
        description="Bekende breuken in de reeks (definitie of methode veranderd).",
    )
    bbv_nummer: int | None = Field(
        None, description="Nummer van de verplichte BBV-beleidsindicator, als die er is."
    )
    bron: Bron | None = None
    bronnen: list[str] = Field(
        default_factory=empty_list,
        description="Namen van maten of kolommen in exports die op deze indicator passen.",
    )
    herkomst: str | None = Field(None, description="Waar dit in de brondocumenten staat (seed en sectie).")

    @property
    def is_telling(self) -> bool:
        """A count of persons for the disclosure rules: marked `telling`, or any figure in "aantal".

        Deciding from the unit too means a count nobody marked (a local indicator, a catalogue
        entry written carelessly) is still protected: hiding too much is the safe side.
        """
        return self.telling or self.eenheid == "aantal"


class Catalogue(Strict):
    """The file `frameworks/indicatoren.yaml`."""

    indicatoren: list[Indicator]

    def by_id(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicatoren}


def indicator_index(
    local: Iterable[Indicator] = (), catalogue: Catalogue | None = None
) -> dict[str, Indicator]:
    """The one indicator lookup: the shipped catalogue with a kompas's local indicators over it.

    A local indicator with a catalogue id replaces that indicator entirely (as users expect, and
    `check` warns about it); local indicators come last, so where order decides (source labels in
    `data/mapping`) the local one wins too. `check`, every document, the data commands and
    `data/figures` use this, so an indicator means the same everywhere.
    """
    local = list(local)
    own = {indicator.id for indicator in local}
    index = {i.id: i for i in (catalogue or load_catalogue()).indicatoren if i.id not in own}
    index.update({indicator.id: indicator for indicator in local})
    return index


@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate the shipped catalogue (cached: it is read by check, data and documents)."""
    return load_framework(Catalogue, "indicatoren.yaml", path, what="bestand")
