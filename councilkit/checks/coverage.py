"""`check KOMPAS --data PAD`: which years of each result's indicator the monitor data covers.

A result is only measurable if the data holds its indicator for the municipality (or the result's
own region) in the nulmeting year and in the latest year that the source publishes. `report` lists
per result the years with data (for the text and JSON output of `check`); `findings` turns the gaps
into warnings with the line of the kompas to look at:

* `data-geen-cijfers` — the indicator is not in the data at all, or not for this region;
* `data-nulmeting-ontbreekt` — no figure for the nulmeting year;
* `data-nulmeting-wijkt-af` — the data's figure for that year differs from the kompas's nulmeting;
* `data-laatste-jaar-ontbreekt` — other regions have a newer year than this region;
* `data-breuk` — a break (definition, boundaries, or an unexplained jump) lies between the
  nulmeting year and the latest figure, so the two may not be compared;
* `data-onzeker` — the latest figure is flagged uncertain (a decimal separator may have been lost).

Figures come from `councilkit.data.figures`, the lookup every output uses, so a value this check
prints is disclosed exactly as in the documents ("3 in 2024" of a count is never printed). When the
kompas's gemeente name and code belong to different gemeenten, no figures are read at all: they
would be another gemeente's (`councilkit.checks.gemeente`).

Coverage is a check, so it lives in `checks/`; `data/` never imports from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from councilkit.checks.findings import Finding
from councilkit.checks.gemeente import mismatch
from councilkit.data import figures as fg
from councilkit.data.disclosure import kompas_waarde, policy_for
from councilkit.model.catalogue import indicator_index

if TYPE_CHECKING:
    from councilkit.data.store import Store
    from councilkit.model.kompas import Kompas
    from councilkit.model.validate import Loaded


@dataclass
class ResultCoverage:
    """The data behind one result: which years it has, and the newest year any region has."""

    resultaat: str
    indicator: str | None
    regio: str
    jaren: list[int] = field(default_factory=list)
    laatste_jaar_bron: int | None = None
    nulmeting_jaar: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        """One Dutch line for the text output of `check --data`."""
        if not self.indicator:
            return f"{self.resultaat}: geen indicator"
        if not self.jaren:
            return f"{self.resultaat} ({self.indicator}, {self.regio}): geen cijfers"
        return f"{self.resultaat} ({self.indicator}, {self.regio}): cijfers over {_years(self.jaren)}"


def _years(years: list[int]) -> str:
    """2018, 2019, 2020, 2022 → '2018–2020, 2022'."""
    parts: list[str] = []
    start: int | None = None
    prev = 0
    for year in sorted(set(years)):
        if start is None:
            start = prev = year
        elif year == prev + 1:
            prev = year
        else:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = prev = year
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(parts)


def _series(loaded: Loaded[Kompas], store: Store) -> dict[str, fg.Reeks]:
    """Per result id: its indicator's series in its region, all read in one query."""
    kompas = loaded.model
    results = [(r, r.indicator) for r in kompas.maatschappelijke_resultaten if r.indicator]
    if not results:
        return {}
    figuren = fg.lees(
        store,
        sorted({indicator for _, indicator in results}),
        sorted({r.regio or kompas.gemeente.code for r, _ in results}),
        definities=indicator_index(kompas.indicatoren),
        policy=policy_for(kompas),
    )
    return {r.id: figuren.reeks(indicator, r.regio or kompas.gemeente.code) for r, indicator in results}


def report(loaded: Loaded[Kompas], store: Store) -> list[ResultCoverage]:
    """Per result of the kompas: the years (of any period) with a figure in `store`."""
    kompas = loaded.model
    if mismatch(kompas):
        return [
            ResultCoverage(r.id, r.indicator, r.regio or kompas.gemeente.code)
            for r in kompas.maatschappelijke_resultaten
        ]
    series = _series(loaded, store)
    out = []
    for result in kompas.maatschappelijke_resultaten:
        regio = result.regio or kompas.gemeente.code
        cov = ResultCoverage(result.id, result.indicator, regio)
        cov.nulmeting_jaar = result.nulmeting.jaar if result.nulmeting else None
        if result.indicator:
            cov.jaren = sorted({f.jaar for f in series[result.id] if f.in_bron})
            everywhere = store.periods(result.indicator)
            cov.laatste_jaar_bron = max((int(p[:4]) for p in everywhere), default=None)
        out.append(cov)
    return out


def findings(loaded: Loaded[Kompas], store: Store) -> list[Finding]:
    """Warnings where the data cannot measure a result (see the module docstring for the codes)."""
    kompas = loaded.model
    file = str(loaded.file)
    if mismatch(kompas):
        return []  # the kompas check reports the mismatch itself, as an error; no figures are read
    series = _series(loaded, store)
    indicators = indicator_index(kompas.indicatoren)
    policy = policy_for(kompas)
    found: list[Finding] = []
    for index, (result, cov) in enumerate(
        zip(kompas.maatschappelijke_resultaten, report(loaded, store), strict=True)
    ):
        if not result.indicator:
            continue  # the kompas checks already report a result without indicator
        loc = ("maatschappelijke_resultaten", index)
        line = loaded.line_of(*loc, "indicator") or loaded.line_of(*loc)
        if not cov.jaren:
            elsewhere = store.periods(result.indicator)
            where = "voor deze regio" if elsewhere else "in de data"
            found.append(
                Finding(
                    "data-geen-cijfers",
                    "waarschuwing",
                    file,
                    line,
                    f"resultaat '{result.id}': geen cijfers voor indicator '{result.indicator}' {where} ({cov.regio})",
                    "importeer een export met deze indicator, of voeg de kolomnaam toe aan 'bronnen'",
                )
            )
            continue
        reeks = series[result.id]
        nul = result.nulmeting
        if nul is not None and nul.jaar is not None:
            nul_line = loaded.line_of(*loc, "nulmeting", "jaar") or loaded.line_of(*loc, "nulmeting") or line
            if nul.jaar not in cov.jaren:
                found.append(
                    Finding(
                        "data-nulmeting-ontbreekt",
                        "waarschuwing",
                        file,
                        nul_line,
                        f"resultaat '{result.id}': geen cijfer voor het nulmetingsjaar {nul.jaar} "
                        f"(wel voor {_years(cov.jaren)})",
                        "kies een nulmetingsjaar waarvoor de monitor cijfers heeft, of importeer dat jaar",
                    )
                )
            elif nul.waarde is not None:
                observed = reeks.jaar(nul.jaar)
                if (
                    observed is not None
                    and observed.waarde is not None
                    and abs(observed.waarde - nul.waarde) > max(0.05, 0.005 * abs(observed.waarde))
                ):
                    typed = kompas_waarde(nul.waarde, indicators.get(result.indicator), cov.regio, policy)
                    found.append(
                        Finding(
                            "data-nulmeting-wijkt-af",
                            "waarschuwing",
                            file,
                            loaded.line_of(*loc, "nulmeting", "waarde") or nul_line,
                            f"resultaat '{result.id}': "
                            + (
                                f"nulmeting {typed.label}"
                                if typed.waarde is not None
                                else "de nulmeting (niet getoond)"
                            )
                            + " wijkt af van de monitor "
                            f"({observed.tekst} in {nul.jaar}; {observed.bronregel()})",
                            "neem het cijfer uit de bron over of noem in 'nulmeting.bron' waar het vandaan komt",
                        )
                    )
        latest = reeks.laatste()
        if nul is not None and nul.jaar is not None and latest is not None and latest.jaar > nul.jaar:
            start = reeks.jaar(nul.jaar)
            breaks = reeks.breuken_tussen(start.periode if start else str(nul.jaar), latest.periode)
            if breaks:
                found.append(
                    Finding(
                        "data-breuk",
                        "waarschuwing",
                        file,
                        line,
                        f"resultaat '{result.id}': de cijfers van {nul.jaar} en {latest.periode} zijn niet "
                        f"zonder meer vergelijkbaar: {breaks[0]}",
                        "vermeld de breuk bij de vergelijking, of kies een nulmeting na de breuk",
                    )
                )
        if latest is not None and "onzeker" in latest.vlaggen:
            found.append(
                Finding(
                    "data-onzeker",
                    "waarschuwing",
                    file,
                    line,
                    f"resultaat '{result.id}': het laatste cijfer ({latest.tekst}, {latest.periode}) is onzeker",
                    "controleer het cijfer in de bron of importeer de getypeerde CBS-tabel",
                )
            )
        if cov.laatste_jaar_bron is not None and cov.laatste_jaar_bron not in cov.jaren:
            found.append(
                Finding(
                    "data-laatste-jaar-ontbreekt",
                    "waarschuwing",
                    file,
                    line,
                    f"resultaat '{result.id}': de data heeft {cov.laatste_jaar_bron} voor andere regio's, "
                    f"maar voor {cov.regio} alleen {_years(cov.jaren)}",
                    "importeer de nieuwste export voor deze gemeente",
                )
            )
    return found
