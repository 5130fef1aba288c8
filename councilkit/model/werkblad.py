"""A filled-in worksheet (`soort: werkblad`): who filled it in, when, and every answer exactly.

Raadsleden fill in an HTML form or an Excel file; `councilkit worksheet read` turns what they typed
into this file, which `check`, `schema werkblad` and `worksheet combine` read. Answers are kept
character for character: unlike the kompas, whitespace is not stripped, and `dump_werkblad` writes
YAML that reads back to exactly the same strings (accents, quotes, emoji, line breaks, text that looks
like code or like YAML).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

import yaml
from pydantic import ConfigDict, Field, field_validator

from councilkit.model.common import Strict, empty_dict, empty_list

#: The marker in a saved HTML answer file; a JSON file without it is not a councilkit worksheet.
FORMAAT = "councilkit-werkblad"

Antwoord = str | list[str]


class Werkblad(Strict):
    """One raadslid's (or the council's) answers to one worksheet."""

    _schema_beschrijving: ClassVar[str] = (
        "De antwoorden van één raadslid, of van de raad samen, op één werkblad."
    )

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, defer_build=True)

    soort: Literal["werkblad"] = Field(description="Soort bestand: altijd 'werkblad'.")
    werkblad: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Welk werkblad: de naam van een bestand in frameworks/werkbladen/ (visie, waardemodel, preventie).",
    )
    variant: Literal["zelf", "raad"] = Field(
        "zelf", description="zelf: ingevuld door één raadslid; raad: de uitkomst van het gesprek in de raad."
    )
    versie: str | None = Field(None, description="Vingerafdruk van het formulier waarmee is ingevuld.")
    gemeente: str | None = None
    naam: str | None = Field(None, description="Wie het werkblad invulde.")
    fractie: str | None = None
    datum: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Datum van invullen, JJJJ-MM-DD."
    )
    antwoorden: dict[str, Antwoord] = Field(
        default_factory=empty_dict,
        description="Per veld-id het antwoord: een tekst, of bij een lijst de ingevulde vakken op volgorde.",
    )
    koppeltabel: list[dict[str, str]] = Field(
        default_factory=empty_list, description="Rijen van de koppeltabel: per kolom-id de tekst."
    )
    bron: str | None = Field(None, description="Uit welk bestand dit werkblad is ingelezen.")

    @field_validator("datum", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        """`datum: 2026-11-29` without quotes is a date to YAML; it means the same text here."""
        return value.isoformat() if isinstance(value, dt.date) else value

    def is_leeg(self) -> bool:
        """Nothing typed in any answer or table cell (name and date do not count)."""
        for value in self.antwoorden.values():
            items = value if isinstance(value, list) else [value]
            if any(item.strip() for item in items):
                return False
        return not any(cell.strip() for row in self.koppeltabel for cell in row.values())


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line answers as readable blocks where that is lossless."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = all(ch.isprintable() or ch == "\n" for ch in value)
    # Line separators other than \n, tabs and control characters only survive escaped ("\x85");
    # a tab would otherwise land in the indentation of a block, which councilkit's reader refuses.
    style = ("|" if "\n" in value else None) if plain else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_werkblad(werkblad: Werkblad) -> str:
    """YAML text that loads back to exactly `werkblad` (tested on awkward text)."""
    data: dict[str, Any] = werkblad.model_dump(exclude_none=True)
    header = (
        "# Ingevuld werkblad, ingelezen door councilkit. Controleer met 'councilkit check';\n"
        "# voeg werkbladen samen met 'councilkit worksheet combine'.\n"
    )
    return header + dump_yaml(data)


def dump_yaml(data: Any) -> str:
    """YAML of plain data whose strings read back exactly (also used for the draft kompas)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)
