"""The official list of gemeenten (`frameworks/gemeenten.yaml`): code ↔ name, per year, with successors.

A kompas names its gemeente twice (`naam` and `code`); the monitor figures are looked up by the
code. If the two disagree, a plan for Breda would be built on Tilburg's figures. This lookup lets
`check` (and `init`, and every output through `councilkit.data.figures`) say which gemeente a code
is, in which years it existed, and what it became after a herindeling.

The list is data with its source: the 355 gemeenten of 1 January 2020 (CBS 84799NED) and the
herindelingen 2018–2026 (CBS, Gemeentelijke indelingen per jaar); every other year is derived from
those two, forwards and backwards.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from pathlib import Path

from pydantic import Field

from councilkit.model.common import Strict, empty_list
from councilkit.model.facts import Gemeente as Gemeente  # pydantic-free, for reading figures
from councilkit.model.shipped import load_framework, load_framework_index


class GemeenteRef(Strict):
    code: str = Field(pattern=r"^GM\d{4}$")
    naam: str
    nieuw: bool = False


class Herindeling(Strict):
    """Gemeenten in `van` ceased on `datum`; their area went to the gemeente(n) in `naar`."""

    datum: dt.date
    van: list[GemeenteRef]
    naar: list[GemeenteRef]
    toelichting: str | None = None


class BronGemeenten(Strict):
    lijst: str
    herindelingen: str


class GemeentenBestand(Strict):
    """The file `frameworks/gemeenten.yaml`."""

    bron: BronGemeenten
    peiljaar: int
    gemeenten: list[GemeenteRef]
    herindelingen: list[Herindeling] = Field(default_factory=empty_list)


def naam_sleutel(naam: str) -> str:
    """Compare names ignoring case, accents, punctuation and a leading "gemeente"."""
    text = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii").lower().strip()
    if text.startswith("gemeente "):
        text = text[len("gemeente ") :]
    return "".join(ch for ch in text if ch.isalnum())


class Gemeenten:
    """Lookups over the official list. Get it with `load_gemeenten()`."""

    def __init__(self, data: GemeentenBestand) -> None:
        self.bron = data.bron
        self.peiljaar = data.peiljaar
        self.herindelingen = sorted(data.herindelingen, key=lambda h: h.datum)
        self._by_code: dict[str, Gemeente] = {}
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        names = {g.code: g.naam for g in data.gemeenten}
        for h in self.herindelingen:
            ceases = h.datum.year if h.datum.month == 1 and h.datum.day == 1 else h.datum.year + 1
            for old in h.van:
                names.setdefault(old.code, old.naam)
                last[old.code] = ceases - 1
            for new in h.naar:
                names.setdefault(new.code, new.naam)
                if new.nieuw:
                    first[new.code] = ceases
        for code, naam in names.items():
            self._by_code[code] = Gemeente(code, naam, first.get(code), last.get(code))
        self._by_name: dict[str, list[Gemeente]] = {}
        for g in self._by_code.values():
            self._by_name.setdefault(naam_sleutel(g.naam), []).append(g)

    # -- lookups ------------------------------------------------------------------------------------

    def get(self, code: str) -> Gemeente | None:
        return self._by_code.get(code.strip().upper())

    def naam(self, code: str, jaar: int | None = None) -> str | None:
        """The name of a code (in `jaar`, if given: None when the gemeente did not exist then)."""
        g = self.get(code)
        return g.naam_in(jaar) if g is not None else None

    def alle(self) -> list[Gemeente]:
        """Every gemeente on the list, of any year."""
        return list(self._by_code.values())

    def op_naam(self, naam: str) -> list[Gemeente]:
        """Gemeenten with this name (case, accents and "gemeente" ignored), newest first."""
        found = self._by_name.get(naam_sleutel(naam), [])
        return sorted(found, key=lambda g: (g.tot is not None, -(g.tot or 0)))

    def in_jaar(self, jaar: int) -> list[Gemeente]:
        """The gemeenten on 1 January of `jaar`."""
        return sorted((g for g in self._by_code.values() if g.bestaat_in(jaar)), key=lambda g: g.code)

    def laatste_jaar(self) -> int:
        """The newest year the list speaks for (the year of the last herindeling, at least 2026)."""
        return max([2026, *(h.datum.year for h in self.herindelingen)])

    def opvolgers(self, code: str) -> list[Gemeente]:
        """The gemeente(n) that exist today where `code` was (itself when it still exists)."""
        g = self.get(code)
        if g is None:
            return []
        if g.tot is None:
            return [g]
        out: list[Gemeente] = []
        for h in self.herindelingen:
            if any(v.code == g.code for v in h.van):
                for new in h.naar:
                    for succ in self.opvolgers(new.code):
                        if succ not in out:
                            out.append(succ)
        return out

    def herindeling_van(self, code: str) -> Herindeling | None:
        """The herindeling in which `code` ceased, if it did."""
        return next((h for h in self.herindelingen if any(v.code == code.upper() for v in h.van)), None)


@cache
def load_gemeenten(path: Path | None = None) -> Gemeenten:
    """Load and validate the shipped list (cached)."""
    if path is None:  # the shipped list: its lookups too come from the framework cache
        return load_framework_index(Gemeenten, GemeentenBestand, "gemeenten.yaml", what="bestand")
    return Gemeenten(load_framework(GemeentenBestand, "gemeenten.yaml", path, what="bestand"))
