"""Statistical disclosure: the one place that decides whether and how a figure may be shown.

Every output (documents, charts, the xlsx appendix, `data show`, `check --data`, the import report)
passes figures through `shown` — directly or through `councilkit.data.figures` — so the rules cannot
differ between outputs. The default policy follows CBS's own rules for the Wmo and jeugd tables
(84799NED DataProperties, TopicGroup "Zorg"). The rule is: a count of persons at or below the
threshold, and any figure from which one can be derived, appears nowhere. In detail:

* **counts** (`kind_of` → "telling": `telling: true` in the catalogue, *any* indicator in "aantal",
  and source measures of unknown unit) from 0 up to and including the threshold (CBS: 7) are
  shown as "geheim", at every region level;
* counts at wijk and buurt level are treated as rounded to multiples of 5 (CBS rounds them at
  random): a figure that is not yet a multiple of 5 is rounded before it is shown, and the reason
  says so;
* **rates derived from a count** (`afgeleid_van`, or any figure per 1.000/10.000 inwoners) are
  hidden when their count is hidden; when the count is absent (".", not imported, or only there
  for another year) the count the rate implies is computed from the population
  (4 per 1.000 at a buurt of 1.250 inwoners → about 5 persons) and the rate is hidden when that
  may be at or below the threshold — or when it cannot be computed: in doubt, hide and say why;
* averages, distances, areas, amounts, percentages and scores that do not count persons are never
  rounded or hidden as counts;
* figures the source withheld (`vlag: geheim`) or lacked stay hidden; NaN/inf never reach an output.

A project sets its own policy in the kompas (`Kompas.onthulling`):

```yaml
onthulling:
  drempel: 10      # aantallen tot en met 10 niet tonen
  afronding: 5     # wijk- en buurtaantallen gelden als afgerond op vijftallen
```

`policy_for(kompas)` turns that block into a `Policy`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from councilkit.data import normalize as nz

if TYPE_CHECKING:
    from councilkit.data.store import Observation
    from councilkit.model.catalogue import Indicator

#: What a figure is, for disclosure: a count of persons, a rate derived from one, or anything else.
Soort = Literal["telling", "afgeleid", "overig"]

#: Units of a rate per N inwoners, with N: the count they imply is rate × inwoners / N.
PER_INWONERS = {"per-1000-inwoners": 1000, "per-10000-inwoners": 10000}

#: Words in a source measure's name that mark an average or a density, not a count of persons.
_NOT_A_COUNT_WORDS = ("gemiddeld", "dichtheid", "afstand", "oppervlakte", "percentage", "relatief")


@dataclass(frozen=True, repr=False)
class Policy:
    """Disclosure settings: counts ≤ `drempel` hidden; wijk/buurt counts rounded to `afronding`."""

    drempel: int = 7
    afronding: int = 5


DEFAULT_POLICY = Policy()


def policy_for(kompas: Any | None) -> Policy:
    """The policy of a kompas (its `onthulling` block), or the CBS default."""
    block = getattr(kompas, "onthulling", None) if kompas is not None else None
    if block is None:
        return DEFAULT_POLICY
    return Policy(drempel=int(getattr(block, "drempel", 7)), afronding=int(getattr(block, "afronding", 5)))


@dataclass(frozen=True, repr=False)
class Displayed:
    """What an output may show: `waarde` (None when hidden), the Dutch `label`, and why (`reden`)."""

    waarde: float | None
    label: str
    reden: str | None = None

    @property
    def verborgen(self) -> bool:
        return self.waarde is None

    @property
    def geheim(self) -> bool:
        """Hidden by disclosure (by the source or by councilkit), not merely missing."""
        return self.waarde is None and self.label == "geheim"


#: The store's kind of a figure (`observaties.soort`, from CBS DataProperties, the unit or the name).
_STORED_KIND: dict[str, Soort] = {
    "aantal": "telling",
    "relatief": "afgeleid",
    "procent": "overig",
    "gemiddelde": "overig",
    "afstand": "overig",
    "bedrag": "overig",
    "dichtheid": "overig",
}


def kind_of(
    indicator: Any | None, eenheid: str | None, naam: str = "", soort: str | None = None
) -> tuple[Soort, str | None]:
    """Is this figure a count of persons, a rate derived from one, or something else?

    `indicator` is the catalogue/kompas `Indicator` (None for a measure kept under its source name);
    `eenheid` the stored unit; `soort` the kind the import stored (CBS DataProperties knows an average
    from a count where both say "aantal"). The catalogue wins; the second element explains a decision
    taken for lack of knowledge.
    """
    if indicator is None and soort in _STORED_KIND:
        return _STORED_KIND[soort], None
    unit = (getattr(indicator, "eenheid", None) if indicator is not None else None) or eenheid
    if indicator is not None:
        if getattr(indicator, "telling", False) or unit == "aantal":
            return "telling", None
        if getattr(indicator, "afgeleid_van", None) or unit in PER_INWONERS:
            return "afgeleid", None
        return "overig", None
    if unit is None or not str(unit).strip():
        return "telling", "eenheid onbekend; bij twijfel behandeld als telling"
    if unit in PER_INWONERS:
        return "afgeleid", None
    if unit == "aantal":
        if any(word in naam.lower() for word in _NOT_A_COUNT_WORDS):
            return "overig", None
        return "telling", None
    return "overig", None


def format_number(waarde: float, eenheid: str | None = None, decimalen: int | None = None) -> str:
    """Dutch notation with the indicator's decimals (`decimals_for`); "geen cijfer" for NaN/inf."""
    # Deferred: babel only where a figure is written out; the `data` commands count without it.
    from councilkit.render import nl

    if not math.isfinite(waarde):
        return "geen cijfer"
    if decimalen is None:
        decimalen = decimals_for(None, eenheid, waarde)
    if eenheid == "procent":
        return nl.procent(waarde, decimalen)
    return nl.getal(waarde, decimalen)


#: Decimals per unit when the catalogue does not say (`Indicator.decimalen`).
_UNIT_DECIMALS = {
    "aantal": 0,
    "procent": 1,
    "per-1000-inwoners": 0,
    "per-10000-inwoners": 1,
    "euro": 0,
    "euro-per-inwoner": 0,
    "score": 1,
    "cijfer": 1,
    "jaren": 1,
    "dagen": 0,
    "weken": 1,
}


def decimals_for(
    indicator: Any | None, eenheid: str | None, waarde: float | None = None, *, maat: str | None = None
) -> int:
    """How many decimals a figure of this indicator is shown with: the catalogue's `decimalen` (what
    CBS publishes), else — for a measure kept under its source name (`maat`) — the decimals CBS gives
    that KWB measure, else by unit, else as many as the value carries (at most two). Never "9" for a
    published 9,0 nor "1%" for 1,1%."""
    declared = getattr(indicator, "decimalen", None) if indicator is not None else None
    if declared is not None:
        return int(declared)
    if indicator is None and maat:
        # the framework facts only for a measure outside the catalogue (a plan without one loads none)
        from councilkit.model.facts import kwb_decimalen

        published = kwb_decimalen().get(nz.strip_cbs_suffix(maat.split(" (")[0]))
        if published is not None:
            return max(published, _carried(waarde))
    if indicator is not None and indicator.eenheid in _UNIT_DECIMALS:
        # a monitor may publish 4,2 per 1.000 where CBS gives whole numbers: never drop a decimal
        return max(_UNIT_DECIMALS[indicator.eenheid], _carried(waarde))
    # a source measure without catalogue entry: its unit ("aantal") does not say whether it is an
    # average, so the value decides — at least one decimal for a percentage
    if eenheid == "procent" and waarde is not None and float(waarde).is_integer():
        return 1
    return _carried(waarde)


def _carried(waarde: float | None) -> int:
    """The decimals a value carries (0, 1 or 2): 4.2 → 1, 4.25 → 2, 4.0 → 0."""
    if waarde is None or not math.isfinite(waarde) or float(waarde).is_integer():
        return 0
    return 1 if abs(round(waarde, 1) - waarde) < 1e-9 else 2


def _hidden(reden: str) -> Displayed:
    return Displayed(None, "geheim", reden)


def count_shown(waarde: float, regio: str, policy: Policy = DEFAULT_POLICY) -> Displayed:
    """A count of persons: hidden at or below the threshold, rounded at wijk and buurt level."""
    level = nz.region_level(regio)
    if level in {"wijk", "buurt", "postcode"} and policy.afronding > 1:
        rounded = policy.afronding * round(waarde / policy.afronding)
        if waarde <= policy.drempel or rounded <= policy.drempel:
            return _hidden(f"telling van {policy.drempel} of minder")
        if rounded != waarde:
            reden = f"afgerond op veelvouden van {policy.afronding}"
            return Displayed(float(rounded), format_number(rounded, "aantal"), reden)
        return Displayed(waarde, format_number(waarde, "aantal"))
    if waarde <= policy.drempel:
        return _hidden(f"telling van {policy.drempel} of minder")
    return Displayed(waarde, format_number(waarde, "aantal"))


def rate_shown(
    waarde: float,
    eenheid: str | None,
    policy: Policy,
    *,
    basis: Displayed | None,
    bevolking: float | None,
) -> Displayed | None:
    """Is a rate derived from a count safe? None when it is; otherwise the hidden `Displayed`.

    `basis` is the count it derives from (same region and period) as disclosure showed it, or
    None when that count is absent; `bevolking` the population of the same region and period.
    """
    if basis is not None and basis.geheim:
        return _hidden(f"afgeleid van een telling van {policy.drempel} of minder")
    if basis is not None and basis.waarde is not None:
        return None
    per = PER_INWONERS.get(eenheid or "")
    if waarde == 0:
        return _hidden(f"het cijfer verraadt een telling van {policy.drempel} of minder")
    if per is None:
        return _hidden("de telling waarvan dit cijfer is afgeleid ontbreekt; niet getoond bij twijfel")
    if bevolking is None:
        return _hidden("telling en inwonertal ontbreken; niet getoond bij twijfel")
    # the rate is itself rounded: allow half a unit of it before calling the count large enough
    implied = waarde * bevolking / per
    margin = 0.5 * bevolking / per
    if implied - margin <= policy.drempel + 0.5:
        return _hidden(f"het cijfer verraadt een telling van {policy.drempel} of minder")
    return None


def shown(
    observation: Observation,
    indicator: Any | None = None,
    policy: Policy = DEFAULT_POLICY,
    *,
    basis: Observation | None = None,
    basis_indicator: Any | None = None,
    bevolking: float | None = None,
    decimalen: int | None = None,
) -> Displayed:
    """Decide how one figure may be shown (see the module docstring for the rules).

    `indicator` is the catalogue/kompas `Indicator` of the figure (None when unknown). For a derived
    figure pass the count it derives from as `basis` (same region and period) and the population
    as `bevolking`; `councilkit.data.figures` does those lookups for every output.
    """
    waarde = observation.waarde
    if waarde is not None and not math.isfinite(waarde):
        waarde = None
    if observation.vlag == nz.GEHEIM:
        return _hidden("door de bron geheimgehouden")
    if waarde is None:
        return Displayed(None, "geen cijfer", "ontbreekt in de bron")
    naam = str(getattr(observation, "bron_maat", None) or getattr(observation, "indicator", ""))
    soort, twijfel = kind_of(indicator, observation.eenheid, naam, getattr(observation, "soort", None))
    if soort == "telling":
        result = count_shown(waarde, observation.regio, policy)
        if twijfel and result.geheim:
            return _hidden(f"{result.reden}; {twijfel}")
        return result
    if soort == "afgeleid":
        basis_shown = None
        if basis is not None:
            basis_shown = shown(basis, basis_indicator, policy)
            if basis_shown.waarde is None and not basis_shown.geheim:
                basis_shown = None  # "." in the source: as good as absent
        eenheid = (
            getattr(indicator, "eenheid", None) if indicator is not None else None
        ) or observation.eenheid
        hidden = rate_shown(waarde, eenheid, policy, basis=basis_shown, bevolking=bevolking)
        if hidden is not None:
            return hidden
    unit = (getattr(indicator, "eenheid", None) if indicator is not None else None) or observation.eenheid
    if decimalen is None:
        decimalen = decimals_for(indicator, unit, waarde)
    return Displayed(waarde, format_number(waarde, unit, decimalen), None)


def value_text(
    waarde: float | None,
    indicator: Any | None,
    eenheid: str | None,
    regio: str,
    policy: Policy = DEFAULT_POLICY,
    *,
    naam: str = "",
) -> str:
    """A value printed outside a series (the import report's "herzien: oud → nieuw", `check --data`).

    Without the count and population beside it, a rate cannot be cleared: it is not printed.
    """
    if waarde is None or not math.isfinite(waarde):
        return "geen cijfer"
    soort, _ = kind_of(indicator, eenheid, naam)
    if soort == "telling":
        return count_shown(waarde, regio, policy).label
    if soort == "afgeleid":
        return "niet getoond"
    unit = (getattr(indicator, "eenheid", None) if indicator is not None else None) or eenheid
    return format_number(waarde, unit, decimals_for(indicator, unit, waarde))


def kompas_waarde(
    waarde: float | None,
    indicator: Indicator | None,
    regio: str,
    policy: Policy = DEFAULT_POLICY,
    *,
    bevolking: float | None = None,
) -> Displayed:
    """A nulmeting, streefwaarde or tussenwaarde typed into the kompas, as disclosure allows it.

    Here and not in `councilkit.data.figures` (which re-exports it), so that a plan without monitor
    data does not load the monitor lookup.

    Counts follow the same rule as the monitor's; a rate is checked against the population when it
    is known, and otherwise only shown at gemeente or land level (a wijk or buurt is too small to
    be sure).
    """
    if waarde is None or not math.isfinite(waarde):
        return Displayed(None, "geen cijfer")
    soort, _ = kind_of(indicator, getattr(indicator, "eenheid", None))
    eenheid = getattr(indicator, "eenheid", None)
    if soort == "telling":
        return count_shown(waarde, regio, policy)
    if soort == "afgeleid":
        if bevolking is not None or nz.region_level(regio) not in {"gemeente", "land"}:
            hidden = rate_shown(waarde, eenheid, policy, basis=None, bevolking=bevolking)
            if hidden is not None:
                return hidden
        elif waarde == 0:
            return Displayed(
                None, "geheim", f"het cijfer verraadt een telling van {policy.drempel} of minder"
            )
    return Displayed(waarde, format_number(waarde, eenheid, decimals_for(indicator, eenheid, waarde)))
