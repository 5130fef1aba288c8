"""The CBS tables councilkit knows by name (`frameworks/cbs-tabellen.yaml`): id, title and year.

The store keeps a figure's table id only; every output that names a source asks here for the title,
so "CBS, 85318NED Kerncijfers wijken en buurten 2022" is worded the same everywhere and a new yearly
table is one line of data. The same file holds the decimals CBS publishes the KWB measures with
(DataProperties `Decimals`): the KWB importer repairs lost separators with them, and a measure kept
under its source name is shown with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pydantic import Field

from councilkit.model.common import Strict, empty_dict
from councilkit.model.shipped import load_framework


class CbsTabel(Strict):
    id: str = Field(pattern=r"^\d{5}(NED|ENG)$", description="Het tabelnummer, bijvoorbeeld 84799NED.")
    titel: str = Field(description="De titel zoals het CBS hem publiceert.")
    jaar: int | None = Field(None, description="Het jaar van een jaartabel.")
    reeks: str | None = Field(None, description="De reeks jaartabellen, bijvoorbeeld kwb.")


class CbsTabellenBestand(Strict):
    """The file `frameworks/cbs-tabellen.yaml`."""

    bron: str
    tabellen: list[CbsTabel]
    kwb_decimalen: dict[str, int] = Field(default_factory=empty_dict)


@cache
def load_cbs_tabellen(path: Path | None = None) -> CbsTabellenBestand:
    """The shipped file (through the framework cache, so `data show` needs no YAML), or `path`."""
    return load_framework(CbsTabellenBestand, "cbs-tabellen.yaml", path)


def titel(tabel: str | None) -> str | None:
    """The CBS title of a table id ("Kerncijfers wijken en buurten 2022"), None when unknown."""
    if not tabel:
        return None
    return _titels().get(str(tabel).strip().upper())


def bronnaam(tabel: str) -> str:
    """ "85318NED Kerncijfers wijken en buurten 2022", or the id alone when its title is unknown."""
    name = titel(tabel)
    return f"{tabel} {name}" if name else tabel


def tabellen_tekst(tabellen: Iterable[str], uitgever: str | None = "CBS") -> str:
    """ "CBS, 84286NED Kerncijfers wijken en buurten 2018; 84583NED Kerncijfers …" — every table with
    its title where known; without a publisher "tabel X" / "tabellen X, Y" as before."""
    ids = sorted({t.strip() for t in tabellen if t and t.strip()})
    if not ids:
        return uitgever or "–"
    if uitgever:
        return f"{uitgever}, " + "; ".join(bronnaam(t) for t in ids)
    return ("tabel " if len(ids) == 1 else "tabellen ") + ", ".join(ids)


def kwb_tabellen() -> dict[str, str]:
    """Year → table id of the yearly KWB tables."""
    return {str(t.jaar): t.id for t in load_cbs_tabellen().tabellen if t.reeks == "kwb" and t.jaar}


def kwb_decimalen() -> dict[str, int]:
    """KWB measure (key without suffix) → the decimals CBS publishes it with."""
    return load_cbs_tabellen().kwb_decimalen


@cache
def _titels() -> dict[str, str]:
    return {t.id: t.titel for t in load_cbs_tabellen().tabellen}
