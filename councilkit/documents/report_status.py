"""Is a result on course? The pure judgement behind the annual result report's status column.

The raad asks in step 5 of the policy cycle "in hoeverre is het gelukt om het maatschappelijke
resultaat te behalen?" (seed 002, §3.1). The report answers with one of these words per result:

* ``bereikt`` — the latest figure is at or past the streefwaarde, in the direction the kompas wants
  (also when that happens before the target year);
* ``op koers`` — not yet there, but at or past the straight path from nulmeting to streefwaarde at
  the year of the latest figure;
* ``achter op koers`` — behind that path;
* ``geen gegevens`` — no figure for the year or earlier, or no streefwaarde to judge against;
* ``niet te beoordelen`` — a figure exists, but a series break (definition or boundary change,
  possible break) lies between the nulmeting and the latest figure, or the latest figure is
  uncertain. Such a change is never read as a result, good or bad.

The direction comes from the kompas itself (streefwaarde above or below the nulmeting); the
indicator's polarity decides only when both are equal ("hold the level"). This module knows no
store, no CBS and no template, so it can be tested on hand-made series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

BEREIKT = "bereikt"
OP_KOERS = "op koers"
ACHTER = "achter op koers"
GEEN_GEGEVENS = "geen gegevens"
NIET_TE_BEOORDELEN = "niet te beoordelen"

STATUSSEN = (BEREIKT, OP_KOERS, ACHTER, NIET_TE_BEOORDELEN, GEEN_GEGEVENS)

#: Flags of a figure that mean the series is not comparable across it (set by the data layer).
BREUK_VLAGGEN = frozenset({"definitiebreuk", "mogelijke-breuk", "mogelijke breuk", "grenswijziging"})
#: Flags of a figure that mean the figure itself is not reliable enough to claim anything.
ONZEKER_VLAGGEN = frozenset({"onzeker", "ingetrokken"})

#: How "op koers" is explained in every report (one sentence, the same everywhere).
UITLEG_OP_KOERS = (
    "Een resultaat is op koers als het laatste cijfer minstens zo ver is als de rechte lijn van de "
    "nulmeting naar de streefwaarde in het jaar van dat cijfer; bereikt als de streefwaarde al gehaald "
    "is. Ligt er een reeksbreuk tussen nulmeting en laatste cijfer, of is het cijfer onzeker, dan is "
    "het resultaat niet te beoordelen: zo'n verandering zegt niets over het beleid."
)


@dataclass(frozen=True)
class Punt:
    """One figure of a series: year, value (None when absent or suppressed) and its data flags."""

    jaar: int
    waarde: float | None
    vlaggen: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Ijkpunt:
    """A nulmeting or streefwaarde: a year and a value."""

    jaar: int
    waarde: float


@dataclass
class Oordeel:
    """The judgement: status, the figure it rests on, the path value it was compared with, and why."""

    status: str
    laatste: Punt | None = None
    pad: float | None = None
    redenen: list[str] = field(default_factory=list)

    @property
    def succes(self) -> bool:
        return self.status in {BEREIKT, OP_KOERS}


def pad_waarde(nulmeting: Ijkpunt, streefwaarde: Ijkpunt, jaar: int) -> float:
    """The straight path from nulmeting to streefwaarde at `jaar` (flat before and after)."""
    if streefwaarde.jaar <= nulmeting.jaar or jaar >= streefwaarde.jaar:
        return streefwaarde.waarde if jaar >= streefwaarde.jaar else nulmeting.waarde
    if jaar <= nulmeting.jaar:
        return nulmeting.waarde
    share = (jaar - nulmeting.jaar) / (streefwaarde.jaar - nulmeting.jaar)
    return nulmeting.waarde + share * (streefwaarde.waarde - nulmeting.waarde)


def richting(nulmeting: Ijkpunt | None, streefwaarde: Ijkpunt, polariteit: str | None) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when the aim is to hold the level."""
    if nulmeting is not None and streefwaarde.waarde != nulmeting.waarde:
        return 1 if streefwaarde.waarde > nulmeting.waarde else -1
    if polariteit == "hoger-is-beter":
        return 1
    if polariteit == "lager-is-beter":
        return -1
    return 0


def _minstens(waarde: float, doel: float, sign: int) -> bool:
    """Is `waarde` at or past `doel` in direction `sign` (0: equal within rounding)?"""
    tolerance = 1e-9 * max(1.0, abs(doel))
    if sign == 0:
        return abs(waarde - doel) <= tolerance
    return sign * (waarde - doel) >= -tolerance


def beoordeel(
    reeks: Sequence[Punt],
    *,
    jaar: int,
    nulmeting: Ijkpunt | None,
    streefwaarde: Ijkpunt | None,
    polariteit: str | None = None,
) -> Oordeel:
    """Judge a result for report year `jaar` from its series; see the module text for the rules."""
    known = sorted((p for p in reeks if p.waarde is not None and p.jaar <= jaar), key=lambda p: p.jaar)
    if not known:
        later = [p.jaar for p in reeks if p.waarde is not None and p.jaar > jaar]
        reden = (
            f"er is geen cijfer over {jaar} of eerder (wel over {min(later)})"
            if later
            else "er is geen cijfer voor deze indicator"
        )
        return Oordeel(GEEN_GEGEVENS, redenen=[reden])
    laatste = known[-1]
    redenen: list[str] = []
    if laatste.jaar < jaar:
        redenen.append(f"het laatste cijfer is van {laatste.jaar}, niet van {jaar}")
    if streefwaarde is None:
        redenen.append("het kompas geeft geen streefwaarde")
        return Oordeel(GEEN_GEGEVENS, laatste, redenen=redenen)
    assert laatste.waarde is not None
    onzeker = sorted(laatste.vlaggen & ONZEKER_VLAGGEN)
    start = nulmeting.jaar if nulmeting is not None else min(p.jaar for p in known)
    breuken = sorted(
        {(p.jaar, v) for p in reeks if start < p.jaar <= laatste.jaar for v in p.vlaggen & BREUK_VLAGGEN}
    )
    if onzeker or breuken:
        redenen += [f"het laatste cijfer is {v}" for v in onzeker]
        redenen += [f"{v} in {j}: de reeks is daar niet vergelijkbaar" for j, v in breuken]
        return Oordeel(NIET_TE_BEOORDELEN, laatste, redenen=redenen)
    sign = richting(nulmeting, streefwaarde, polariteit)
    if _minstens(laatste.waarde, streefwaarde.waarde, sign):
        if laatste.jaar < streefwaarde.jaar:
            redenen.append(f"de streefwaarde voor {streefwaarde.jaar} is al gehaald")
        return Oordeel(BEREIKT, laatste, streefwaarde.waarde, redenen)
    if nulmeting is None:
        redenen.append("zonder nulmeting is er geen koers om mee te vergelijken")
        return Oordeel(GEEN_GEGEVENS, laatste, redenen=redenen)
    pad = pad_waarde(nulmeting, streefwaarde, laatste.jaar)
    status = OP_KOERS if sign != 0 and _minstens(laatste.waarde, pad, sign) else ACHTER
    return Oordeel(status, laatste, pad, redenen)
