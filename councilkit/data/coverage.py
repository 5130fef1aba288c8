"""`check KOMPAS --data PAD`: which years of each result's indicator the monitor data covers.

A result is only measurable if the data holds its indicator for the municipality (or the result's
own region) in the nulmeting year and in the latest year that the source publishes. `report` lists
per result the years with data (for the text and JSON output of `check`); `findings` turns the gaps
into warnings with the line of the kompas to look at:

* `data-geen-cijfers` — the indicator is not in the data at all, or not for this region;
* `data-nulmeting-ontbreekt` — no figure for the nulmeting year;
* `data-nulmeting-wijkt-af` — the data's figure for that year differs from the kompas's nulmeting;
* `data-laatste-jaar-ontbreekt` — other regions have a newer year than this region.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from councilkit.checks.findings import Finding
from councilkit.data.normalize import period_year


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


def report(loaded: Any, store: Any) -> list[ResultCoverage]:
    """Per result of the kompas: the years (of any period) with a figure in `store`."""
    kompas = loaded.model
    out = []
    for result in kompas.maatschappelijke_resultaten:
        regio = result.regio or kompas.gemeente.code
        cov = ResultCoverage(result.id, result.indicator, regio)
        cov.nulmeting_jaar = result.nulmeting.jaar if result.nulmeting else None
        if result.indicator:
            cov.jaren = sorted({period_year(p) for p in store.periods(result.indicator, regio)})
            everywhere = store.periods(result.indicator)
            cov.laatste_jaar_bron = max((period_year(p) for p in everywhere), default=None)
        out.append(cov)
    return out


def findings(loaded: Any, store: Any) -> list[Finding]:
    """Warnings where the data cannot measure a result (see the module docstring for the codes)."""
    kompas = loaded.model
    file = str(loaded.file)
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
                observed = _year_value(store, result.indicator, cov.regio, nul.jaar)
                if observed is not None and abs(observed - nul.waarde) > max(0.05, 0.005 * abs(observed)):
                    found.append(
                        Finding(
                            "data-nulmeting-wijkt-af",
                            "waarschuwing",
                            file,
                            loaded.line_of(*loc, "nulmeting", "waarde") or nul_line,
                            f"resultaat '{result.id}': nulmeting {nul.waarde:g} wijkt af van de monitor "
                            f"({observed:g} in {nul.jaar})",
                            "neem het cijfer uit de bron over of noem in 'nulmeting.bron' waar het vandaan komt",
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


def _year_value(store: Any, indicator: str, regio: str, year: int) -> float | None:
    """The figure of the whole year (periode "2023"), or of the year's last period if only parts exist."""
    series = [
        o for o in store.series(indicator, regio) if o.waarde is not None and period_year(o.periode) == year
    ]
    whole = [o for o in series if o.periode == str(year)]
    chosen = whole or series
    return chosen[-1].waarde if chosen else None
