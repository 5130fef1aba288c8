"""The figures the annual report shows, as disclosure allows them, with their source line and flags.

One seam between the report and the monitor data: `Figuren.lees` reads every series the report
needs (indicators × regions) in one query through `councilkit.data.figures`, the lookup every
output shares, and keeps `Figuur` values that already passed the disclosure rule
(`councilkit.data.disclosure`) — a suppressed count, or a rate derived from
one, has `waarde=None` and says why. The report, its charts, alt texts, tables, XLSX and appendix
only ever see these values, so nothing can bypass the rule.

Every figure carries its source line ("Bron: CBS, tabel 84799NED, 2020, voorlopig") and the
provenance the appendix lists (file, table id, import date, sha256).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from councilkit.data import disclosure as dc
from councilkit.data import figures as fg
from councilkit.data.disclosure import DEFAULT_POLICY, Policy, kompas_waarde
from councilkit.model.catalogue import Indicator

if TYPE_CHECKING:
    from councilkit.data.store import Store

#: Flags the data layer sets on a figure, in the words the report prints next to it.
VLAG_TEKST = {
    "voorlopig": "voorlopig cijfer",
    "nader voorlopig": "nader voorlopig cijfer",
    "onzeker": "onzeker cijfer",
    "mogelijke breuk": "mogelijke reeksbreuk — controleer de bron",
    "mogelijke-breuk": "mogelijke reeksbreuk — controleer de bron",
    "definitiebreuk": "reeksbreuk: andere definitie",
    "grenswijziging": "reeksbreuk: gewijzigde grenzen",
    "herzien": "herzien cijfer",
    "ingetrokken": "ingetrokken door de bron",
    "afgerond": "afgerond",
}

_YEAR = re.compile(r"^(\d{4})")


@dataclass(frozen=True)
class Herkomst:
    """Where a figure came from, for the provenance appendix."""

    bestand: str
    tabel: str | None
    geimporteerd: dt.datetime | None
    sha256: str
    gepubliceerd: dt.date | None = None
    uitgever: str | None = None  # "CBS" for a CBS table; None for another export


@dataclass(frozen=True)
class Figuur:
    """A figure as the report may show it."""

    indicator: str
    regio: str
    periode: str
    waarde: float | None  # None: absent or suppressed (see `tekst` and `reden`)
    tekst: str  # the Dutch display text ("11.940", "geheim", "geen cijfer")
    eenheid: str | None
    status: str | None
    vlaggen: frozenset[str] = frozenset()
    reden: str | None = None
    herkomst: Herkomst | None = None
    organisatie: str = "CBS"
    regel: str | None = None  # the source line as `councilkit.data.figures` words it
    toelichting: tuple[str, ...] = ()  # why a flag was set (a known break, with its source)
    breuken: tuple[Any, ...] = ()  # the breaks before it (`councilkit.data.figures.Breuknoot`)

    @property
    def jaar(self) -> int | None:
        match = _YEAR.match(self.periode)
        return int(match.group(1)) if match else None

    @property
    def bronregel(self) -> str:
        """`Bron: CBS, tabel 84799NED, 2020, voorlopig` — printed beside every figure."""
        if self.regel:
            return self.regel
        parts = [f"Bron: {self.organisatie}"]
        if self.herkomst is not None and self.herkomst.tabel:
            parts.append(f"tabel {self.herkomst.tabel}")
        elif self.herkomst is not None:
            parts.append(self.herkomst.bestand)
        parts.append(self.periode)
        if self.status:
            parts.append(self.status)
        return ", ".join(parts)

    @property
    def opmerkingen(self) -> list[str]:
        """The flags and the suppression reason, in words (voorlopig first, as readers expect)."""
        notes = []
        if self.status in {"voorlopig", "nader voorlopig"}:
            notes.append(VLAG_TEKST[self.status])
        notes += [VLAG_TEKST.get(v, v) for v in sorted(self.vlaggen) if v not in {"voorlopig", "afgerond"}]
        if self.reden:
            notes.append(self.reden)
        return notes


def kompaswaarde(
    waarde: float | None,
    regio: str,
    indicator: Any | None,
    policy: Policy = DEFAULT_POLICY,
    *,
    bevolking: float | None = None,
    noemer: float | None = None,
) -> tuple[float | None, str]:
    """A nulmeting or streefwaarde typed into the kompas, through the same disclosure rule as the
    monitor's figures (`councilkit.data.disclosure.kompas_waarde`): a count as it is, a rate per N
    inwoners by the count it implies in the population of that year.

    A percentage derived from a count (`afgeleid_van`) implies `waarde` % of the group it is a share
    of; `noemer` is that group's size, known from the data (count ÷ share). The implied count goes
    through the count rule (`disclosure.count_shown`), so "2% of 250 youngsters" stays hidden.
    """
    if waarde is None:
        return None, "–"

    eenheid = getattr(indicator, "eenheid", None)
    if eenheid == "procent" and getattr(indicator, "afgeleid_van", None) and noemer:
        if dc.count_shown(waarde * noemer / 100, regio, policy).verborgen:
            return None, "geheim"
        return waarde, dc.format_number(waarde, eenheid, dc.decimals_for(indicator, eenheid, waarde))
    displayed = kompas_waarde(waarde, indicator, regio, policy, bevolking=bevolking)
    return displayed.waarde, displayed.label


@dataclass
class Figuren:
    """The figures of one report, read once: (indicator, regio) → series sorted by period."""

    reeksen: dict[tuple[str, str], list[Figuur]] = field(default_factory=dict)
    namen: dict[str, str] = field(default_factory=dict)  # region code → name, where the data knows it

    def reeks(self, indicator: str, regio: str) -> list[Figuur]:
        return self.reeksen.get((indicator, regio), [])

    @classmethod
    def lees(
        cls,
        store: Store,
        indicator_ids: Iterable[str],
        regios: Iterable[str] | None,
        *,
        indicators: Mapping[str, Indicator] | None = None,
        policy: Policy = DEFAULT_POLICY,
        niveau: str | None = None,
    ) -> Figuren:
        """Read every series needed in one query through `councilkit.data.figures` (disclosure,
        flags and sources applied there) and keep them per (indicator, regio)."""

        found = fg.lees(
            store,
            list(dict.fromkeys(indicator_ids)),
            None if regios is None else list(dict.fromkeys(regios)),
            niveau=niveau,
            definities=indicators,
            policy=policy,
        )
        out = cls()
        for figuur in found:
            out.reeksen.setdefault((figuur.indicator, figuur.regio), []).append(van_figures(figuur))
            if figuur.regio_naam:
                out.namen[figuur.regio] = figuur.regio_naam
        for series in out.reeksen.values():
            series.sort(key=lambda f: f.periode)
        return out


def van_figures(figuur: Any) -> Figuur:
    """The report's view of a `councilkit.data.figures.Figuur` (the one lookup every output uses)."""
    bron = figuur.bron
    return Figuur(
        indicator=figuur.indicator,
        regio=figuur.regio,
        periode=figuur.periode,
        waarde=figuur.waarde,
        tekst=figuur.tekst,
        eenheid=figuur.eenheid,
        status=figuur.status,
        vlaggen=frozenset(v for v in figuur.vlaggen if v != "geheim"),
        reden=figuur.reden,
        herkomst=Herkomst(
            bron.bestand, bron.tabel, bron.geimporteerd, bron.sha256, bron.gepubliceerd, bron.uitgever
        ),
        organisatie=bron.uitgever or "CBS",
        regel=figuur.bronregel(),
        toelichting=tuple(figuur.toelichting),
        breuken=tuple(figuur.breuken),
    )
