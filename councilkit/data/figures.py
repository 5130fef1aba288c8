"""The one lookup of monitor figures for every output: plan, annual report, `data show`, `check --data`.

Outputs never read the store's rows themselves. They ask this module for figures and get `Figuur`
objects that already carry everything a reader must be told:

* the value **as disclosure allows it** (`councilkit.data.disclosure`): None when it is missing or
  hidden, with the reason; a rate whose count is absent is checked against the population;
* a Dutch display text with the indicator's decimals (`tekst`), which never says "NaN" and never
  shows an uncertain or broken figure as a plain number;
* its flags (`vlaggen`): onzeker, mogelijke-breuk, definitiebreuk, grenswijziging, herzien,
  ingetrokken, geheim, afgerond — with the explanation in `toelichting`;
* its source (`Bron`: publisher, table id and title, file, sha256, publication and import date) and
  a source line (`bronregel()` → "Bron: CBS, tabel 84799NED, 2020, voorlopig");
* the earlier versions of a revised figure, each with the file it came from.

Reading is done in ONE query for any number of indicators × regions × periods (`lees`): the
annual report reads all 355 gemeenten at once. The counts that rates derive from and the
population (`inwoners`) are read in the same query, because disclosure and break detection need
them. `reeks` and `laatste` are conveniences for one region.

Breaks: known definition breaks come from the catalogue (`Indicator.breuken`, with their source);
a jump that the population does not explain is flagged "mogelijke breuk — controleer de bron";
boundary changes come from the store's marker when the import kept it, and otherwise from a
population jump at wijk or buurt level. A flag on a figure means: between the previous period and
this one lies a break; `Reeks.breuken_tussen(a, b)` answers it for any comparison.

Why one module of this size: the one query, the application of disclosure and the display texts are
one contract with every output; kept together, no output can take a figure without its flags.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from councilkit.data import disclosure as dc
from councilkit.data import normalize as nz
from councilkit.data.store_read import NEWEST_FIRST, Observation, StoreReads
from councilkit.model import facts

if TYPE_CHECKING:
    from councilkit.model.catalogue import Indicator
    from councilkit.model.facts import IndicatorFacts

    #: What an indicator's definition may be: the catalogue's or a kompas's model, or the facts of a
    #: catalogue indicator (`model.facts`, for reading without pydantic); they answer alike.
    Definitie = Indicator | IndicatorFacts

Vlag = Literal[
    "onzeker",
    "mogelijke-breuk",
    "definitiebreuk",
    "grenswijziging",
    "herzien",
    "ingetrokken",
    "geheim",
    "afgerond",
]

#: Flags in the order they are mentioned, with the words a reader sees.
VLAG_TEKST: dict[str, str] = {
    "onzeker": "onzeker",
    "definitiebreuk": "breuk in de reeks",
    "grenswijziging": "grenzen gewijzigd",
    "mogelijke-breuk": "mogelijke breuk — controleer de bron",
    "ingetrokken": "ingetrokken door de bron",
    "herzien": "herzien",
    "geheim": "geheim",
    "afgerond": "afgerond",
}

#: Flags after which a figure may not be read as a plain number: they appear in `tekst` itself.
_IN_TEKST = ("onzeker", "definitiebreuk", "grenswijziging", "mogelijke-breuk", "ingetrokken")

#: The population indicator used for implied counts and break detection.
BEVOLKING = "inwoners"

#: Boundary-change detection without the source's marker: population changed by more than half.
_GRENS_FACTOR = 1.5

_CBS_FORMATS = {"cbs-odata", "cbs-kwb", "statline-csv"}
_CBS_TABLE = re.compile(r"^\d{5}(NED|ENG)$")


# -- the objects outputs receive ----------------------------------------------------------------------


@dataclass(frozen=True)
class Bron:
    """Where a figure came from: publisher, table, the imported file, and when."""

    uitgever: str | None
    tabel: str | None
    titel: str | None
    bestand: str
    sha256: str
    gepubliceerd: dt.date | None
    geimporteerd: dt.datetime | None
    #: How the publication date is known: "metadata", "downloaddatum" or "importdatum".
    gepubliceerd_bron: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "uitgever": self.uitgever,
            "tabel": self.tabel,
            "titel": self.titel,
            "bestand": self.bestand,
            "sha256": self.sha256,
            "gepubliceerd": self.gepubliceerd.isoformat() if self.gepubliceerd else None,
            "gepubliceerd_bron": self.gepubliceerd_bron,
            "geimporteerd": self.geimporteerd.isoformat() if self.geimporteerd else None,
        }

    def regel(self, periode: str | None = None, status: str | None = None, *, bestand: bool = False) -> str:
        """ "Bron: CBS, tabel 84799NED, 2020, voorlopig" — what stands beside every figure.

        With `bestand=True` the imported file follows in brackets, for a reader who wants to trace it.
        """
        parts = [self.uitgever or f"bestand {self.bestand}"]
        if self.tabel:
            parts.append(f"tabel {self.tabel}")
        elif self.uitgever:
            parts.append(f"bestand {self.bestand}")
        if periode:
            parts.append(periode_tekst(periode))
        if status:
            parts.append(status)
        text = "Bron: " + ", ".join(parts)
        if bestand and (self.tabel or self.uitgever):
            text += f" (bestand {self.bestand})"
        return text


@dataclass(frozen=True)
class Breuknoot:
    """A break between a figure and the periods before it, as data: what kind, from which period,
    why, and who says so. Outputs render it once, through `tekst` or `zin`, never as a flag word
    followed by the same explanation again."""

    #: "definitie" (the catalogue or a CBS note), "grenswijziging" (CBS's marker, or a population
    #: jump at wijk or buurt level) or "mogelijke-breuk" (a jump the population does not explain).
    soort: str
    periode: str
    toelichting: str
    bron: str | None = None
    #: The period before the break, where the note compares two (a possible break, a population jump).
    vorige: str | None = None

    @property
    def tekst(self) -> str:
        """The note as a clause that follows "let op:" ("breuk in de reeks vanaf 2023: …")."""
        uitleg = self.toelichting.strip().rstrip(".")
        bron = f" (bron: {self.bron.strip().rstrip('.')})" if self.bron and self.bron.strip() else ""
        if self.soort == "definitie":
            return f"breuk in de reeks vanaf {periode_tekst(self.periode)}: {uitleg}{bron}"
        return f"{uitleg}{bron}"

    @property
    def zin(self) -> str:
        """The note as a sentence of its own, for running text (a capital, a full stop)."""
        text = self.tekst
        return text[:1].upper() + text[1:] + "."

    def as_dict(self) -> dict[str, Any]:
        return {
            "soort": self.soort,
            "periode": self.periode,
            "vorige": self.vorige,
            "toelichting": self.toelichting,
            "bron": self.bron,
            "tekst": self.tekst,
        }


@dataclass(frozen=True)
class Versie:
    """An earlier, different version of a figure (the figure was revised since)."""

    waarde: float | None
    tekst: str
    status: str | None
    bron: Bron

    def as_dict(self) -> dict[str, Any]:
        return {
            "waarde": self.waarde,
            "tekst": self.tekst,
            "status": self.status,
            "bron": self.bron.as_dict(),
        }


@dataclass(frozen=True)
class Figuur:
    """One monitor figure as an output may show it. `waarde` is None when missing or hidden."""

    indicator: str
    regio: str
    regio_naam: str | None
    periode: str
    waarde: float | None
    eenheid: str | None
    status: str | None
    vlaggen: frozenset[str]
    getal: str
    reden: str | None
    bron: Bron
    toelichting: tuple[str, ...] = ()
    eerder: tuple[Versie, ...] = ()
    in_bron: bool = True  # the source published a value (shown or hidden by disclosure)
    soort: str | None = None  # the store's kind: aantal, relatief, procent, gemiddelde, …
    onzeker: str | None = None  # why the value may be wrong (None: as published)
    reeks: str = ""  # the series' filter ("Geslacht: Mannen"); "" = the whole population
    breuken: tuple[Breuknoot, ...] = ()  # the breaks before this figure, as data (also in `toelichting`)
    regio_gemeente: str | None = None  # the gemeente a wijk or buurt lies in, as the source names it

    @property
    def jaar(self) -> int:
        return nz.period_year(self.periode)

    @property
    def bekend(self) -> bool:
        """A value that may be shown (not missing, not hidden)."""
        return self.waarde is not None

    @property
    def regio_label(self) -> str:
        """ "GM0758 Breda", "WK075801 Breda noord"; "WK003401 (wijk in Almere)" when the source names
        only the gemeente; the code alone when nothing is known."""
        if self.regio_naam:
            return f"{self.regio} {self.regio_naam}"
        if self.regio_gemeente:
            level = nz.region_level(self.regio)
            return f"{self.regio} ({level} in {self.regio_gemeente})" if level else self.regio
        return self.regio

    @property
    def tekst(self) -> str:
        """The display text: the Dutch number with the flags that change its meaning ("1,1% (onzeker)")."""
        marks = [VLAG_TEKST[v] for v in _IN_TEKST if v in self.vlaggen]
        if self.waarde is None or not marks:
            return self.getal
        return f"{self.getal} ({'; '.join(marks)})"

    @property
    def vlag_tekst(self) -> str:
        """All flags in words, for a note column ("voorlopig" is the status, not a flag)."""
        return "; ".join(VLAG_TEKST[v] for v in VLAG_TEKST if v in self.vlaggen)

    def bronregel(self, *, bestand: bool = False) -> str:
        """ "Bron: CBS, tabel 84799NED, 2020, voorlopig" (see `Bron.regel`)."""
        return self.bron.regel(self.periode, self.status, bestand=bestand)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape shared by `data show --format json`, `check --data --format json` and reports."""
        return {
            "indicator": self.indicator,
            "regio": self.regio,
            "regio_naam": self.regio_naam,
            "regio_gemeente": self.regio_gemeente,
            "regio_label": self.regio_label,
            "periode": self.periode,
            "waarde": self.waarde,
            "eenheid": self.eenheid,
            "soort": self.soort,
            "reeks": self.reeks,
            "status": self.status,
            "onzeker": self.onzeker,
            "tekst": self.tekst,
            # why there is no value: hidden ("geheim") or not in the source ("ontbrekend")
            "vlag": "geheim" if "geheim" in self.vlaggen else (None if self.in_bron else "ontbrekend"),
            "vlaggen": [v for v in VLAG_TEKST if v in self.vlaggen],
            "reden": self.reden,
            "toelichting": list(self.toelichting),
            "breuken": [b.as_dict() for b in self.breuken],
            "bronregel": self.bronregel(),
            "bron": self.bron.as_dict(),
            "eerdere_versies": [v.as_dict() for v in self.eerder],
        }


@dataclass(frozen=True)
class Reeks:
    """The figures of one indicator in one region, by period, with the breaks between them."""

    indicator: str
    regio: str
    figuren: tuple[Figuur, ...]

    def __iter__(self) -> Iterator[Figuur]:
        return iter(self.figuren)

    def __len__(self) -> int:
        return len(self.figuren)

    def get(self, periode: str) -> Figuur | None:
        return next((f for f in self.figuren if f.periode == periode), None)

    def jaar(self, jaar: int) -> Figuur | None:
        """The figure of a whole year, or of that year's last period if only parts exist."""
        whole = self.get(str(jaar))
        if whole is not None:
            return whole
        parts = [f for f in self.figuren if f.jaar == jaar]
        return parts[-1] if parts else None

    def laatste(self) -> Figuur | None:
        """The newest figure with a value that may be shown."""
        known = [f for f in self.figuren if f.bekend]
        return known[-1] if known else None

    def breuken_tussen(self, van: str, tot: str) -> list[str]:
        """Why figures of periods `van` and `tot` may not be compared (empty when they may)."""
        lo, hi = sorted((van, tot))
        out: list[str] = []
        for f in self.figuren:
            if lo < f.periode <= hi and f.vlaggen & {"definitiebreuk", "grenswijziging", "mogelijke-breuk"}:
                out.extend([b.tekst for b in f.breuken] or [f.vlag_tekst])
        return out


@dataclass
class Figuren:
    """The result of `lees`: figures by (indicator, regio, periode), with series per region."""

    _cells: dict[tuple[str, str, str], Figuur] = field(default_factory=dict)

    def get(self, indicator: str, regio: str, periode: str) -> Figuur | None:
        return self._cells.get((indicator, regio, periode))

    def __iter__(self) -> Iterator[Figuur]:
        return iter(self._cells.values())

    def __len__(self) -> int:
        return len(self._cells)

    def regios(self, indicator: str | None = None) -> list[str]:
        return sorted({r for i, r, _ in self._cells if indicator is None or i == indicator})

    def reeks(self, indicator: str, regio: str) -> Reeks:
        figs = sorted(
            (f for (i, r, _), f in self._cells.items() if i == indicator and r == regio),
            key=lambda f: f.periode,
        )
        return Reeks(indicator, regio, tuple(figs))

    def laatste(self, indicator: str, regio: str) -> Figuur | None:
        return self.reeks(indicator, regio).laatste()


# -- reading ------------------------------------------------------------------------------------------------


def lees(
    store: StoreReads,
    indicators: Sequence[str],
    regios: Sequence[str] | None = None,
    *,
    niveau: str | None = None,
    perioden: Sequence[str] | None = None,
    definities: Mapping[str, Definitie] | None = None,
    policy: dc.Policy = dc.DEFAULT_POLICY,
    reeks: str = "",
) -> Figuren:
    """Read many indicators × regions × periods in one query, disclosure and flags applied.

    `regios` limits to those region codes (None: all); `niveau` ("gemeente", "wijk", "buurt",
    "land", "provincie") to one region level; `perioden` to those periods (breaks are still judged
    against the periods before them). `definities` are the catalogue and kompas indicators by id,
    from `model.catalogue.indicator_index` (default: the shipped catalogue); a kompas's local
    indicators must be passed to be recognised.
    `reeks` is a series' filter ("Geslacht: Mannen"); the default is the whole population.
    """
    defs = _definities(definities)
    wanted = list(dict.fromkeys(indicators))
    extra = {defs[i].afgeleid_van for i in wanted if i in defs and defs[i].afgeleid_van}
    extra.add(BEVOLKING)
    read = [*wanted, *sorted(x for x in extra if x and x not in wanted)]
    rows = _query(store, read, regios, niveau, reeks)
    cells: dict[tuple[str, str, str], list[_Row]] = {}
    for row in rows:
        cells.setdefault((row.indicator, row.regio, row.periode), []).append(row)
    # the query orders the versions of a cell best first (`store_read.NEWEST_FIRST`)
    current = {key: versions[0] for key, versions in cells.items()}
    population = {(r, p): row.waarde for (i, r, p), row in current.items() if i == BEVOLKING}
    context = _Context(
        defs=defs,
        current=current,
        population=population,
        names=_RegioNamen(store, regios, niveau),
        policy=policy,
        indelingen=_indelingen(store, regios, niveau),
        breuken=_breuken(store, read, regios, niveau),
    )
    by_series: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for key in cells:
        if key[0] in wanted:
            by_series.setdefault((key[0], key[1]), []).append(key)
    out = Figuren()
    period_filter = set(perioden) if perioden is not None else None
    for (indicator, regio), keys in by_series.items():
        keys.sort(key=lambda k: k[2])
        definition = defs.get(indicator)
        series = [_figuur(cells[key], definition, context) for key in keys]
        series = _flag_breaks(series, definition, context)
        for fig in series:
            if period_filter is None or fig.periode in period_filter:
                out._cells[(indicator, regio, fig.periode)] = fig
    return out


def reeks(
    store: StoreReads,
    indicator: str,
    regio: str,
    *,
    definities: Mapping[str, Definitie] | None = None,
    policy: dc.Policy = dc.DEFAULT_POLICY,
) -> Reeks:
    """The series of one indicator in one region (see `lees`)."""
    return lees(store, [indicator], [regio], definities=definities, policy=policy).reeks(indicator, regio)


def laatste(
    store: StoreReads,
    indicator: str,
    regio: str,
    *,
    definities: Mapping[str, Definitie] | None = None,
    policy: dc.Policy = dc.DEFAULT_POLICY,
) -> Figuur | None:
    """The newest figure of an indicator in a region that may be shown, or None."""
    return reeks(store, indicator, regio, definities=definities, policy=policy).laatste()


def periode_tekst(periode: str) -> str:
    """ "2020" → "2020"; "2024HJ01" → "1e halfjaar 2024"; "2024KW02" → "2e kwartaal 2024"."""
    year, part = periode[:4], periode[4:]
    if part.startswith("HJ"):
        return f"{int(part[2:])}e halfjaar {year}"
    if part.startswith("KW"):
        return f"{int(part[2:])}e kwartaal {year}"
    if part.startswith("MM"):
        months = "januari februari maart april mei juni juli augustus september oktober november december"
        return f"{months.split()[int(part[2:]) - 1]} {year}"
    return periode


# -- internals ----------------------------------------------------------------------------------------------


class _Row(NamedTuple):  # NamedTuples for these two private records: cheaper to define (start-up)
    indicator: str
    regio: str
    periode: str
    waarde: float | None
    eenheid: str | None
    status: str | None
    vlag: str | None
    bron_maat: str
    bron: Bron
    onzeker: str | None
    soort: str | None
    reeks: str


class _Context(NamedTuple):
    """What judging one figure needs besides its own versions: the other figures read with it."""

    defs: Mapping[str, Definitie]
    current: dict[tuple[str, str, str], _Row]
    population: dict[tuple[str, str], float | None]
    names: _RegioNamen
    policy: dc.Policy
    indelingen: dict[tuple[str, str], str]
    breuken: dict[tuple[str | None, str | None, str], list[tuple[str, str, str | None]]]


def _definities(definities: Mapping[str, Definitie] | None) -> Mapping[str, Definitie]:
    if definities is not None:
        return definities
    # Deferred: reading the catalogue loads pydantic, which a caller passing `definities` never needs.
    from councilkit.model.catalogue import indicator_index

    return indicator_index()


_PREFIX = {"land": "NL", "provincie": "PV", "gemeente": "GM", "wijk": "WK", "buurt": "BU"}


def _region_filter(
    alias: str, regios: Sequence[str] | None, niveau: str | None
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if regios is not None:
        where.append(f"{alias}.regio IN (SELECT unnest(CAST(? AS VARCHAR[])))")
        params.append([r.upper() for r in regios])
    if niveau is not None:
        if niveau not in _PREFIX:
            raise ValueError(f"onbekend regioniveau: {niveau}")
        where.append(f"{alias}.regio LIKE ?")
        params.append(_PREFIX[niveau] + "%")
    return where, params


def _query(
    store: StoreReads, indicators: list[str], regios: Sequence[str] | None, niveau: str | None, reeks: str
) -> list[_Row]:
    where, params = _region_filter("o", regios, niveau)
    sql = (
        "SELECT o.indicator, o.regio, o.periode, o.waarde, o.eenheid, o.status, o.vlag, o.bron_maat, "
        "coalesce(o.tabel, i.tabel), i.bestand, i.sha256, i.geimporteerd, i.formaat, "
        "coalesce(o.gepubliceerd, i.gepubliceerd), i.gepubliceerd_bron, o.onzeker, o.soort, o.reeks "
        "FROM observaties o JOIN imports i ON i.id = o.import_id "
        "WHERE o.indicator IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND o.reeks = ? "
        + "".join(f"AND {w} " for w in where)
        + f"ORDER BY o.indicator, o.regio, o.periode, {NEWEST_FIRST}"
    )
    out = []
    for r in store.con.execute(sql, [indicators, reeks, *params]).fetchall():
        (
            ind,
            regio,
            per,
            waarde,
            eenheid,
            status,
            vlag,
            maat,
            tabel,
            bestand,
            sha,
            when,
            fmt,
            pub,
            pub_how,
        ) = r[:15]
        unsure, soort, series = r[15:]
        if waarde is not None and not math.isfinite(waarde):
            waarde, vlag = None, vlag or nz.ONTBREKEND
        uitgever = "CBS" if (fmt in _CBS_FORMATS or (tabel and _CBS_TABLE.match(str(tabel)))) else None
        published = pub.date() if isinstance(pub, dt.datetime) else pub
        bron = Bron(uitgever, tabel, facts.titel(tabel), bestand, sha, published, when, pub_how)
        out.append(
            _Row(
                ind, regio, per, waarde, eenheid, status, vlag, maat or ind, bron, unsure, soort, series or ""
            )
        )
    return out


def _indelingen(
    store: StoreReads, regios: Sequence[str] | None, niveau: str | None
) -> dict[tuple[str, str], str]:
    """CBS's boundary-change marker per (regio, periode): "3" means re-drawn, not comparable."""
    where, params = _region_filter("d", regios, niveau)
    sql = "SELECT d.regio, d.periode, max(d.code) FROM indelingen d"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = store.con.execute(sql + " GROUP BY d.regio, d.periode", params).fetchall()
    return {(r, p): str(c) for r, p, c in rows if c is not None}


def _breuken(
    store: StoreReads, indicators: list[str], regios: Sequence[str] | None, niveau: str | None
) -> dict[tuple[str | None, str | None, str], list[tuple[str, str, str | None]]]:
    """Series breaks the store knows (definitions recorded at import, jumps the import detected)."""
    where, params = _region_filter("b", regios, niveau)
    sql = (
        "SELECT b.indicator, b.regio, b.periode, b.soort, b.toelichting, b.bron FROM breuken b "
        "WHERE (b.indicator IS NULL OR b.indicator IN (SELECT unnest(CAST(? AS VARCHAR[])))) "
    )
    for w in where:  # a break without region holds everywhere
        sql += f"AND (b.regio IS NULL OR {w}) "
    out: dict[tuple[str | None, str | None, str], list[tuple[str, str, str | None]]] = {}
    for ind, regio, per, soort, text, bron in store.con.execute(sql, [indicators, *params]).fetchall():
        out.setdefault((ind, regio, per), []).append((soort, text, bron))
    return out


class _RegioNamen:
    """Region names: gemeenten from the official list (for the figure's year), others from the store's
    `regios` (the names a CBS table gave, per year: the name of that year, else the nearest year's)."""

    def __init__(
        self, store: StoreReads, regios: Sequence[str] | None = None, niveau: str | None = None
    ) -> None:
        self._store = store
        self._filter = (regios, niveau)
        self._stored: dict[str, list[tuple[int, str | None, str | None]]] | None = None

    def __call__(self, regio: str, jaar: int) -> str | None:
        if regio.startswith("NL"):
            return "Nederland"
        if regio.startswith("GM"):
            naam = facts.gemeente_naam(regio, jaar)
            if naam:
                return naam
        return self._nearest(regio, jaar, 1)

    def gemeente(self, regio: str, jaar: int) -> str | None:
        """The gemeente a wijk or buurt lies in (None for a gemeente or Nederland itself): as a CBS
        table in the store names it, else read from the code itself — CBS numbers a wijk
        `WK` + gemeente + 2 digits and a buurt `BU` + wijk + 2 digits, so a monitor export that
        only gives codes still shows "WK003401 (wijk in Almere)" — through the official list for
        that year."""
        if not regio.startswith(("WK", "BU")):
            return None
        return self._nearest(regio, jaar, 2) or facts.gemeente_naam(f"GM{regio[2:6]}", jaar)

    def _nearest(self, regio: str, jaar: int, field: int) -> str | None:
        known = [row for row in self._from_store().get(regio, []) if row[field]]
        if not known:
            return None
        value = min(known, key=lambda row: (abs(row[0] - jaar), -row[0]))[field]
        return str(value)

    def _from_store(self) -> dict[str, list[tuple[int, str | None, str | None]]]:
        if self._stored is None:
            self._stored = {}
            if self._store.has_table("regios"):
                where, params = _region_filter("n", *self._filter)
                sql = "SELECT n.regio, n.periode, n.naam, n.gemeente FROM regios n"
                if where:
                    sql += " WHERE " + " AND ".join(where)
                for regio, periode, naam, gemeente in self._store.con.execute(sql, params).fetchall():
                    jaar = nz.period_year(periode) if periode else 0
                    self._stored.setdefault(regio, []).append((jaar, naam, gemeente))
        return self._stored


def _shown(row: _Row, definition: Definitie | None, ctx: _Context) -> dc.Displayed:
    def obs(r: _Row) -> Observation:
        return Observation(
            r.indicator,
            r.regio,
            r.periode,
            r.waarde,
            r.eenheid,
            r.status,
            r.vlag,
            r.bron.bestand,
            r.bron.bestand,
            r.bron.tabel,
            r.bron.sha256,
            r.bron.geimporteerd or dt.datetime.min,
            r.bron_maat,
            0,
            soort=r.soort,
        )

    base_id = definition.afgeleid_van if definition is not None else None
    base = ctx.current.get((base_id, row.regio, row.periode)) if base_id else None
    return dc.shown(
        obs(row),
        definition,
        ctx.policy,
        basis=obs(base) if base is not None else None,
        basis_indicator=ctx.defs.get(base_id) if base_id else None,
        bevolking=ctx.population.get((row.regio, row.periode)),
        decimalen=dc.decimals_for(definition, row.eenheid, row.waarde, maat=row.bron_maat),
    )


def _figuur(versions: list[_Row], definition: Definitie | None, ctx: _Context) -> Figuur:
    row = versions[0]
    displayed = _shown(row, definition, ctx)
    flags: set[str] = set()
    notes: list[str] = []
    if displayed.geheim:
        flags.add("geheim")
    if row.vlag == nz.AFGEROND or (displayed.reden or "").startswith("afgerond"):
        flags.add("afgerond")
    if row.onzeker and displayed.waarde is not None:
        flags.add("onzeker")
        notes.append(f"onzeker: {row.onzeker} — controleer de bron")
    withdrawn = row.vlag == "ingetrokken" or (
        row.waarde is None and row.vlag != nz.GEHEIM and any(v.waarde is not None for v in versions[1:])
    )
    if withdrawn:
        flags.add("ingetrokken")
        notes.append(f"het cijfer is ingetrokken: in {row.bron.bestand} is het leeg")
    earlier: list[Versie] = []
    for old in versions[1:]:
        if _same(old, row):
            continue
        old_shown = _shown(old, definition, ctx)
        if (old.onzeker or "").startswith(nz.TIENVOUD) and row.onzeker is None:
            # set aside at import as a slipped separator: not a revision of this figure; said once
            notes.append(
                f"{old.bron.bestand} gaf {old_shown.label}, een factor 10 of 100 ernaast (decimaalteken?); "
                "dat cijfer is niet overgenomen"
            )
            continue
        earlier.append(Versie(old_shown.waarde, old_shown.label, old.status, old.bron))
    if earlier and not withdrawn:
        flags.add("herzien")
    unit = (definition.eenheid if definition is not None else None) or row.eenheid
    return Figuur(
        indicator=row.indicator,
        regio=row.regio,
        regio_naam=ctx.names(row.regio, nz.period_year(row.periode)),
        regio_gemeente=ctx.names.gemeente(row.regio, nz.period_year(row.periode)),
        periode=row.periode,
        waarde=displayed.waarde,
        eenheid=unit,
        status=row.status,
        vlaggen=frozenset(flags),
        getal=displayed.label,
        reden=displayed.reden,
        bron=row.bron,
        toelichting=tuple(notes),
        eerder=tuple(earlier),
        in_bron=row.waarde is not None,
        soort=row.soort,
        onzeker=row.onzeker,
        reeks=row.reeks,
    )


def _same(a: _Row, b: _Row) -> bool:
    """Versions that differ only in a status that became known are not a revision."""
    if (a.waarde is None) != (b.waarde is None):
        return False
    if (
        a.waarde is not None
        and b.waarde is not None
        and abs(a.waarde - b.waarde) > 1e-9 * max(1.0, abs(b.waarde))
    ):
        return False
    return (a.vlag or "afgerond") == (b.vlag or "afgerond")


def _flag_breaks(series: list[Figuur], definition: Definitie | None, ctx: _Context) -> list[Figuur]:
    """Add the breaks between each figure and the one before: known definition breaks (catalogue and
    store), CBS's boundary marker (or, without it, a population jump at wijk or buurt level), and
    the jumps the import found unexplained by the population. A rate inherits its count's breaks.
    Each break is a `Breuknoot`; its text joins the figure's `toelichting` once."""
    out: list[Figuur] = []
    base_id = definition.afgeleid_van if definition is not None else None
    for index, fig in enumerate(series):
        flags, notes = set(fig.vlaggen), list(fig.toelichting)
        found: list[Breuknoot] = []
        first_part = fig.periode[4:] in ("", "HJ01", "KW01", "MM01")
        for breuk in definition.breuken if definition is not None else []:
            if breuk.jaar == fig.jaar and first_part and (not breuk.regios or fig.regio in breuk.regios):
                flags.add("definitiebreuk")
                found.append(Breuknoot("definitie", fig.periode, breuk.toelichting, breuk.bron))
        for ind in (fig.indicator, base_id):
            if ind is None:
                continue
            for key in (
                (ind, fig.regio, fig.periode),
                (ind, None, fig.periode),
                (None, fig.regio, fig.periode),
            ):
                for soort, text, bron in ctx.breuken.get(key, []):
                    if soort == "definitie":
                        flags.add("definitiebreuk")
                        found.append(Breuknoot("definitie", fig.periode, text, bron))
                    elif fig.waarde is None or index == 0 or "definitiebreuk" in flags:
                        continue  # nothing shown to compare; the store's text would name the hidden value
                    else:
                        # the store's text quotes raw values; say it again with the disclosed ones
                        flags.add("mogelijke-breuk")
                        prev = series[index - 1]
                        found.append(
                            Breuknoot(
                                "mogelijke-breuk",
                                fig.periode,
                                f"mogelijke breuk tussen {periode_tekst(prev.periode)} en "
                                f"{periode_tekst(fig.periode)}: de verandering ({prev.getal} → {fig.getal}) "
                                "wordt niet verklaard door het aantal inwoners; controleer de bron",
                                vorige=prev.periode,
                            )
                        )
        marker = ctx.indelingen.get((fig.regio, fig.periode))
        if marker == "3":
            flags.add("grenswijziging")
            found.append(
                Breuknoot(
                    "grenswijziging",
                    fig.periode,
                    f"volgens het CBS is de wijk- en buurtindeling in {periode_tekst(fig.periode)} gewijzigd "
                    f"(IndelingswijzigingWijkenEnBuurten 3): vergelijk {fig.regio} niet zonder meer met "
                    "eerdere jaren",
                )
            )
        elif marker is None and index > 0:
            jump = _boundary_jump(fig.regio, series[index - 1].periode, fig.periode, ctx)
            if jump:
                flags.add("grenswijziging")
                found.append(Breuknoot("grenswijziging", fig.periode, jump, vorige=series[index - 1].periode))
        unique = list(dict.fromkeys(found))
        for note in unique:
            if note.tekst not in notes:
                notes.append(note.tekst)
        if flags != set(fig.vlaggen) or unique:
            fig = replace(fig, vlaggen=frozenset(flags), toelichting=tuple(notes), breuken=tuple(unique))
        out.append(fig)
    return out


def _boundary_jump(regio: str, before: str, after: str, ctx: _Context) -> str | None:
    """Without CBS's marker: a wijk or buurt whose population jumped most likely got new boundaries."""
    if nz.region_level(regio) not in {"wijk", "buurt"} or before[4:6] != after[4:6]:
        return None
    p0, p1 = ctx.population.get((regio, before)), ctx.population.get((regio, after))
    if not p0 or not p1 or max(p0, p1) / min(p0, p1) <= _GRENS_FACTOR:
        return None
    a = dc.count_shown(p0, regio, ctx.policy).label
    b = dc.count_shown(p1, regio, ctx.policy).label
    return (
        f"het aantal inwoners van {regio} veranderde van {a} ({periode_tekst(before)}) naar {b} "
        f"({periode_tekst(after)}): waarschijnlijk zijn de grenzen gewijzigd; vergelijk niet over deze grens"
    )
