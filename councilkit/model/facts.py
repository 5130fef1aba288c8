"""The few facts of the shipped frameworks that reading figures needs, without pydantic.

`councilkit data show` reads one series; importing pydantic to validate the catalogue, the gemeenten
list and the CBS table titles cost it more than DuckDB's query. So this module (which imports no
pydantic and no model) answers from facts derived from the *validated* models:

* per indicator of the catalogue: id, naam, eenheid, telling, afgeleid_van, decimalen, breuken —
  what disclosure, decimals, units and break notes need (`indicator_facts`) — and its `bronnen`,
  which the importers match source measures with (`indicator_bronnen`);
* the CBS tables: titles, the yearly KWB tables and the decimals CBS publishes KWB measures with
  (`titel`, `bronnaam`, `tabellen_tekst`, `kwb_tabellen`, `kwb_decimalen` — their one home;
  `model.cbs_tabellen` offers them too);
* the gemeenten: name per code and the years each existed (`gemeente_naam`).

Where they come from: `model.shipped.cached_facts`. A cached entry is used only while the framework
file, every model module, the YAML loader, pydantic and Python are the same as when the facts were
derived; otherwise (and with the cache off) the file is loaded and validated through its model as
always, and the facts are derived from that. A broken framework file fails exactly as before, with
file and line.

The models are named by "module:attribute" (as `cli.COMMANDS` names commands) and imported only
when facts must be derived: the model modules may use this module's types, and this module must stay
free of pydantic.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Literal, NamedTuple

from councilkit.model.shipped import cached_facts

Eenheid = Literal[
    "aantal",
    "per-1000-inwoners",
    "per-10000-inwoners",
    "procent",
    "euro",
    "euro-per-inwoner",
    "score",
    "cijfer",
    "jaren",
    "dagen",
    "weken",
]
#: How each unit reads in a sentence or beside a figure (the ids above are keys, not Dutch text).
EENHEID_TEKST: dict[str, str] = {
    "aantal": "aantal",
    "per-1000-inwoners": "per 1.000 inwoners",
    "per-10000-inwoners": "per 10.000 inwoners",
    "procent": "%",
    "euro": "euro",
    "euro-per-inwoner": "euro per inwoner",
    "score": "score",
    "cijfer": "cijfer",
    "jaren": "jaar",
    "dagen": "dagen",
    "weken": "weken",
}


class BreakFacts(NamedTuple):
    """A known break of a catalogue indicator (`catalogue.Breuk`): what the break notes need.

    (These records are NamedTuples, not dataclasses: defining a frozen dataclass costs ~1 ms of
    start-up, a NamedTuple a fifth of that, and `check` and `data show` import this module.)"""

    jaar: int
    regios: tuple[str, ...]
    toelichting: str
    bron: str


class IndicatorFacts(NamedTuple):
    """What reading a figure needs of a catalogue indicator (`catalogue.Indicator`), attribute for
    attribute the same, so `data.figures` and `data.disclosure` treat both alike."""

    id: str
    naam: str
    eenheid: str
    telling: bool
    afgeleid_van: str | None
    decimalen: int | None
    breuken: tuple[BreakFacts, ...]


class Gemeente(NamedTuple):
    """A gemeente and the years (1 January) in which it existed; `tot` None means it still exists."""

    code: str
    naam: str
    van: int | None  # first year on the list; None = before the list's first herindeling
    tot: int | None  # last year on the list (1 January); None = still exists

    def bestaat_in(self, jaar: int) -> bool:
        return (self.van is None or jaar >= self.van) and (self.tot is None or jaar <= self.tot)

    def naam_in(self, jaar: int | None) -> str | None:
        """Its name, if it existed in `jaar` (any year when None)."""
        return self.naam if jaar is None or self.bestaat_in(jaar) else None


#: facts → (framework file, "module:attribute" of its validated loader, what to keep of it)
_SOURCES: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    "indicatoren": (
        "indicatoren.yaml",
        "councilkit.model.catalogue:load_catalogue",
        lambda catalogue: [
            {
                "id": i.id,
                "naam": i.naam,
                "eenheid": i.eenheid,
                "telling": i.telling,
                "afgeleid_van": i.afgeleid_van,
                "decimalen": i.decimalen,
                "breuken": [[b.jaar, list(b.regios), b.toelichting, b.bron] for b in i.breuken],
                "bronnen": list(i.bronnen),
            }
            for i in catalogue.indicatoren
        ],
    ),
    "cbs-tabellen": (
        "cbs-tabellen.yaml",
        "councilkit.model.cbs_tabellen:load_cbs_tabellen",
        lambda bestand: {
            "titels": {t.id: t.titel for t in bestand.tabellen},
            "kwb": {str(t.jaar): t.id for t in bestand.tabellen if t.reeks == "kwb" and t.jaar},
            "kwb_decimalen": dict(bestand.kwb_decimalen),
        },
    ),
    "gemeenten": (
        "gemeenten.yaml",
        "councilkit.model.gemeenten:load_gemeenten",
        lambda gemeenten: [[g.code, g.naam, g.van, g.tot] for g in gemeenten.alle()],
    ),
}


def _facts(name: str) -> Any:
    relative, loader, keep = _SOURCES[name]

    def derive() -> Any:
        module, attribute = loader.split(":")
        return keep(getattr(importlib.import_module(module), attribute)())

    return cached_facts(relative, name, derive)


@cache
def indicator_facts() -> dict[str, IndicatorFacts]:
    """The shipped catalogue's indicators by id (see the module docstring)."""
    return {
        d["id"]: IndicatorFacts(
            d["id"],
            d["naam"],
            d["eenheid"],
            d["telling"],
            d["afgeleid_van"],
            d["decimalen"],
            tuple(BreakFacts(jaar, tuple(regios), text, bron) for jaar, regios, text, bron in d["breuken"]),
        )
        for d in _facts("indicatoren")
    }


def indicator_bronnen() -> list[tuple[str, str, bool, list[str]]]:
    """The shipped catalogue's indicators in file order as (id, eenheid, telling, bronnen): what
    `data.mapping` matches a source measure with when no kompas adds local indicators, so importing
    a file needs no pydantic (see the module docstring)."""
    return [(d["id"], d["eenheid"], d["telling"], list(d["bronnen"])) for d in _facts("indicatoren")]


@cache
def _cbs() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = _facts("cbs-tabellen")
    return data


def titel(tabel: str | None) -> str | None:
    """The CBS title of a table id ("Kerncijfers wijken en buurten 2022"), None when unknown."""
    if not tabel:
        return None
    found: str | None = _cbs()["titels"].get(str(tabel).strip().upper())
    return found


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
    return dict(_cbs()["kwb"])


def kwb_decimalen() -> dict[str, int]:
    """KWB measure (key without suffix) → the decimals CBS publishes it with (one shared dict: read it,
    do not change it)."""
    return _cbs()["kwb_decimalen"]


@cache
def _gemeenten() -> dict[str, list[Any]]:
    return {row[0]: row for row in _facts("gemeenten")}


def gemeente_naam(code: str, jaar: int | None = None) -> str | None:
    """The name of a gemeente code (in `jaar`, if given: None when it did not exist then); the same
    answer as `model.gemeenten.load_gemeenten().naam(code, jaar)`."""
    found = _gemeenten().get(code.strip().upper())
    return Gemeente(*found).naam_in(jaar) if found is not None else None
