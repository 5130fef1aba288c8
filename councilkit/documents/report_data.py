"""The figures the annual report shows, as disclosure allows them, with their source line and flags.

One seam between the report and the monitor data: `Figuren.lees` reads every series the report
needs (indicators × regions) and hands back `Figuur` values that already passed the shared
disclosure rule (`councilkit.data.disclosure.shown`) — a suppressed count, or a rate derived from
one, has `waarde=None` and says why. The report, its charts, alt texts, tables, XLSX and appendix
only ever see these values, so nothing can bypass the rule.

Every figure carries its source line ("Bron: CBS, tabel 84799NED, 2020, voorlopig") and the
provenance the appendix lists (file, table id, import date, sha256).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from councilkit.data.disclosure import DEFAULT_POLICY, Policy, shown

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

    @property
    def jaar(self) -> int | None:
        match = _YEAR.match(self.periode)
        return int(match.group(1)) if match else None

    @property
    def bronregel(self) -> str:
        """`Bron: CBS, tabel 84799NED, 2020, voorlopig` — printed beside every figure."""
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


def _flags(observation: Any) -> frozenset[str]:
    """The observation's flags: `vlag` may hold several, comma-separated; `geheim` is not a flag here."""
    raw = getattr(observation, "vlaggen", None)
    if raw:
        return frozenset(str(v) for v in raw)
    vlag = getattr(observation, "vlag", None) or ""
    return frozenset(
        v.strip() for v in str(vlag).split(",") if v.strip() and v.strip() not in {"geheim", "ontbrekend"}
    )


@dataclass
class _Kompaswaarde:
    """A value typed into the kompas, shaped like an observation so `shown` can judge it."""

    waarde: float | None
    regio: str
    eenheid: str | None
    vlag: str | None = None


#: Units of a rate per N inwoners: the count such a rate implies is rate × inwoners / N.
_PER_INWONERS = {"per-1000-inwoners": 1000, "per-10000-inwoners": 10000}


def kompaswaarde(
    waarde: float | None,
    regio: str,
    indicator: Any | None,
    policy: Policy = DEFAULT_POLICY,
    *,
    bevolking: float | None = None,
) -> tuple[float | None, str]:
    """A nulmeting or streefwaarde typed into the kompas, through the same disclosure rule.

    A count goes through `shown` as it is; a rate per N inwoners is judged by the count it implies
    in the population of that year (`bevolking`), so "2 per 1.000" in a village of 2.500 stays hidden.
    """
    if waarde is None:
        return None, "–"
    eenheid = getattr(indicator, "eenheid", None)
    per = _PER_INWONERS.get(eenheid or "")
    if per and bevolking:
        implied = _Kompaswaarde(waarde * bevolking / per, regio, "aantal")
        if shown(implied, None, policy).verborgen:  # type: ignore[arg-type]
            return None, "geheim"
    displayed = shown(_Kompaswaarde(waarde, regio, eenheid), indicator, policy)  # type: ignore[arg-type]
    return displayed.waarde, displayed.label


@dataclass
class Figuren:
    """The figures of one report, read once: (indicator, regio) → series sorted by period."""

    reeksen: dict[tuple[str, str], list[Figuur]] = field(default_factory=dict)

    def reeks(self, indicator: str, regio: str) -> list[Figuur]:
        return self.reeksen.get((indicator, regio), [])

    @classmethod
    def lees(
        cls,
        store: Any,
        indicator_ids: Iterable[str],
        regios: Iterable[str],
        *,
        indicators: Sequence[Any],
        policy: Policy = DEFAULT_POLICY,
    ) -> Figuren:
        """Read every series needed, pass each figure (and its base count) through `shown`."""
        by_id = {i.id: i for i in indicators}
        out = cls()
        regio_list = list(dict.fromkeys(regios))
        for indicator_id in dict.fromkeys(indicator_ids):
            indicator = by_id.get(indicator_id)
            base_id = getattr(indicator, "afgeleid_van", None)
            for regio in regio_list:
                series = store.series(indicator_id, regio)
                if not series:
                    continue
                bases = {o.periode: o for o in store.series(base_id, regio)} if base_id else {}
                out.reeksen[(indicator_id, regio)] = [
                    _figuur(o, indicator, policy, bases.get(o.periode), by_id.get(base_id or ""))
                    for o in series
                ]
        return out


def _figuur(observation: Any, indicator: Any, policy: Policy, basis: Any, basis_indicator: Any) -> Figuur:
    displayed = shown(observation, indicator, policy, basis=basis, basis_indicator=basis_indicator)
    flags = _flags(observation)
    if displayed.reden and "afgerond" in displayed.reden:
        flags = flags | {"afgerond"}
    return Figuur(
        indicator=observation.indicator,
        regio=observation.regio,
        periode=observation.periode,
        waarde=displayed.waarde,
        tekst=displayed.label,
        eenheid=getattr(observation, "eenheid", None) or getattr(indicator, "eenheid", None),
        status=observation.status,
        vlaggen=flags,
        reden=displayed.reden,
        herkomst=Herkomst(
            observation.bestand, observation.tabel, observation.geimporteerd, observation.sha256
        ),
        organisatie=_organisatie(observation, indicator),
    )


def _organisatie(observation: Any, indicator: Any) -> str:
    """CBS for CBS tables (table ids end in NED); otherwise the catalogue's organisation, or the file."""
    tabel = getattr(observation, "tabel", None) or ""
    if re.fullmatch(r"\d{5}NED", tabel):
        return "CBS"
    bron = getattr(indicator, "bron", None)
    return getattr(bron, "organisatie", None) or "CBS"
