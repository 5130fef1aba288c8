"""The CBS tables councilkit knows by name (`frameworks/cbs-tabellen.yaml`): id, title and year.

The store keeps a figure's table id only; every output that names a source asks for the title
(`titel`, `bronnaam`, `tabellen_tekst`: defined in `model.facts`, offered here too),
so "CBS, 85318NED Kerncijfers wijken en buurten 2022" is worded the same everywhere and a new yearly
table is one line of data. The same file holds the decimals CBS publishes the KWB measures with
(DataProperties `Decimals`): the KWB importer repairs lost separators with them, and a measure kept
under its source name is shown with them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from councilkit.model.common import Strict, empty_dict
from councilkit.model.facts import bronnaam as bronnaam  # the lookups' home: no pydantic there
from councilkit.model.facts import kwb_decimalen as kwb_decimalen
from councilkit.model.facts import kwb_tabellen as kwb_tabellen
from councilkit.model.facts import tabellen_tekst as tabellen_tekst
from councilkit.model.facts import titel as titel
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
