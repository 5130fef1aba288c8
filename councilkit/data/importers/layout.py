"""Reading the header of a plain table (monitor, WSJG, tidy exports): which column is the region,
the period, the measure or the value, and whether the table is long or wide."""

from __future__ import annotations

from dataclasses import dataclass

from councilkit.data import normalize as nz
from councilkit.data.importers.common import clean_header
from councilkit.errors import InputError

_ROLE_NAMES: dict[str, set[str]] = {
    "regio": {
        "regio",
        "regiocode",
        "regiocodes",
        "gemeentecode",
        "gemcode",
        "code",
        "geoitem",
        "wijkenenbuurten",
        "regios",
        "gwbcode",
        "wijkcode",
        "buurtcode",
        "codering",
        "gebiedcode",
        "gebiedscode",
        "regioid",
        "postcode",
        "pc4",
    },
    "periode": {
        "periode",
        "perioden",
        "jaar",
        "peiljaar",
        "period",
        "year",
        "jaartal",
        "peildatum",
        "tijd",
        "tijdvak",
        "verslagperiode",
        "verslagjaar",
    },
    "indicator": {
        "indicator",
        "indicatornaam",
        "indicatorid",
        "onderwerp",
        "onderwerpen",
        "variabele",
        "maat",
        "kenmerk",
        "indicatorcode",
    },
    "waarde": {"waarde", "value", "waarden", "cijfer", "getal"},
    "eenheid": {"eenheid", "unit", "maateenheid"},
    "status": {"status", "cijferstatus"},
    "tabel": {"brontabel", "tabel", "tabelid", "bron", "tabelnummer"},
    "label": {
        "gemeente",
        "gemeentenaam",
        "regionaam",
        "naam",
        "soortregio",
        "wijknaam",
        "buurtnaam",
        "gebiedsnaam",
        "geolevel",
        "omschrijving",
        "toelichting",
        "regioniveau",
        "niveau",
        "indicatoromschrijving",
        "wijk",
        "buurt",
        "gebied",
        "id",
        "opmerking",
        "label",
    },
}
NUMERIC_REGION = {"gemeentecode": "GM", "gemcode": "GM", "geoitem": "GM", "postcode": "PC", "pc4": "PC"}
_TIDY_KEYS = {"indicator", "regio", "periode", "waarde", "eenheid", "status"}


@dataclass
class TableLayout:
    """How a table's header reads: which column plays which role, and which way it is spread."""

    header_row: int  # index into the head rows
    header: list[str]
    roles: dict[str, int]  # role → column index
    kind: str  # "lang", "breed-perioden", "breed-maten"
    value_columns: list[int]  # period or measure columns (wide layouts)
    labels: list[int]
    tidy: bool = False


def _role(cell: str) -> str | None:
    key = nz.name_key(cell)
    for role, names in _ROLE_NAMES.items():
        if key in names:
            return role
    return None


def analyse_table(rows: list[list[str]]) -> TableLayout | None:
    """Find the header row and read the layout from it (no data needed)."""
    for index, row in enumerate(rows[:15]):
        cells = [clean_header(c) for c in row]
        if sum(bool(c) for c in cells) < 2:
            continue
        roles: dict[str, int] = {}
        labels: list[int] = []
        periods: list[int] = []
        others: list[int] = []
        for i, cell in enumerate(cells):
            if not cell:
                continue
            role = _role(cell)
            if role == "label" or (role and role in roles):
                labels.append(i)
            elif role:
                roles[role] = i
            elif nz.parse_period(cell) is not None:
                periods.append(i)
            else:
                others.append(i)
        if "regio" not in roles and not {"periode", "indicator"} & roles.keys():
            continue
        kind = None
        value_columns: list[int] = []
        if {"indicator", "waarde", "regio", "periode"} <= roles.keys():
            kind = "lang"
            labels += others + periods
        elif {"indicator", "regio"} <= roles.keys() and periods:
            kind, value_columns = "breed-perioden", periods
            labels += others
        elif {"regio", "periode"} <= roles.keys() and (others or periods):
            kind, value_columns = "breed-maten", others + periods
        if kind is None:
            continue
        tidy = kind == "lang" and {nz.name_key(c) for c in cells if c} <= _TIDY_KEYS
        return TableLayout(index, cells, roles, kind, value_columns, sorted(labels), tidy)
    return None


def table_error_hint(rows: list[list[str]]) -> InputError | None:
    """A more precise refusal when a header was found but a needed column is missing."""
    for row in rows[:15]:
        cells = [clean_header(c) for c in row]
        roles = {_role(c) for c in cells if c}
        if "indicator" in roles or "periode" in roles:
            if "regio" not in roles:
                return InputError("de kopregel heeft geen regiokolom (regio, regiocode, gemeentecode, …)")
            if "periode" not in roles and not any(nz.parse_period(c) for c in cells if c):
                return InputError("de kopregel heeft geen periodekolom (periode, jaar, peiljaar, …)")
    return None
