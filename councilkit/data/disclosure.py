"""Statistical disclosure: the one place that decides whether and how a figure may be shown.

Every output (documents, charts, the xlsx appendix, `data show`) passes figures through `shown`,
so the rules cannot differ between outputs. The default policy follows CBS's own rules for the
Wmo and jeugd tables (84799NED DataProperties, TopicGroup "Zorg"):

* counts of persons (`telling: true` in the catalogue) from 0 up to and including the threshold
  (CBS: 7) are shown as "geheim", at every region level;
* a rate or share derived from such a count (`afgeleid_van`) is never shown either, because the
  count could be recomputed from it;
* counts at wijk and buurt level are treated as rounded to multiples of 5 (CBS rounds them at
  random): a figure that is not yet a multiple of 5 is rounded before it is shown, and the label
  says it is rounded;
* figures the source withheld (`vlag: geheim`) or lacked stay hidden.

A project sets its own policy in the kompas (`Kompas.onthulling`):

```yaml
onthulling:
  drempel: 10      # aantallen tot en met 10 niet tonen
  afronding: 5     # wijk- en buurtaantallen gelden als afgerond op vijftallen
```

`policy_for(kompas)` turns that block into a `Policy`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from councilkit.data import normalize as nz

if TYPE_CHECKING:
    from councilkit.data.store import Observation, Store


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Displayed:
    """What an output may show: `waarde` (None when hidden), the Dutch `label`, and why (`reden`)."""

    waarde: float | None
    label: str
    reden: str | None = None

    @property
    def verborgen(self) -> bool:
        return self.waarde is None


def _is_count(observation: Observation, indicator: Any | None) -> bool:
    """A count of persons. Without catalogue information, any figure in "aantal" is treated as one:
    hiding too much is the safe side."""
    if indicator is not None:
        return bool(getattr(indicator, "telling", False))
    return (observation.eenheid or "") == "aantal"


def format_number(waarde: float, eenheid: str | None = None) -> str:
    """Dutch notation: thousands dot, decimal comma; whole numbers without decimals."""
    if float(waarde).is_integer():
        text = f"{int(waarde):,}".replace(",", ".")
    else:
        text = (
            f"{waarde:,.1f}" if abs(waarde) >= 10 or eenheid in {"procent"} else f"{waarde:,.2f}".rstrip("0")
        )
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    if eenheid == "procent":
        return f"{text}%"
    return text


def shown(
    observation: Observation,
    indicator: Any | None = None,
    policy: Policy = DEFAULT_POLICY,
    *,
    basis: Observation | None = None,
    basis_indicator: Any | None = None,
) -> Displayed:
    """Decide how one figure may be shown.

    `indicator` is the catalogue/kompas `Indicator` of the figure (None when unknown). For a derived
    figure (`indicator.afgeleid_van` set), pass the count it derives from as `basis` (same region
    and period); `display_series` does that lookup for you.
    """
    if observation.waarde is None:
        if observation.vlag == nz.GEHEIM:
            return Displayed(None, "geheim", "door de bron geheimgehouden")
        return Displayed(None, "geen cijfer", "ontbreekt in de bron")
    if observation.vlag == nz.GEHEIM:
        return Displayed(None, "geheim", "door de bron geheimgehouden")
    if basis is not None:
        basis_shown = shown(basis, basis_indicator, policy)
        if basis_shown.verborgen and basis_shown.label == "geheim":
            return Displayed(None, "geheim", f"afgeleid van een telling van {policy.drempel} of minder")
    waarde = observation.waarde
    if _is_count(observation, indicator):
        wijk_buurt = nz.region_level(observation.regio) in {"wijk", "buurt"}
        if wijk_buurt and policy.afronding > 1:
            rounded = policy.afronding * round(waarde / policy.afronding)
            if waarde <= policy.drempel or rounded <= policy.drempel:
                return Displayed(None, "geheim", f"telling van {policy.drempel} of minder")
            reden = "afgerond op veelvouden van " + str(policy.afronding)
            return Displayed(float(rounded), format_number(rounded, observation.eenheid), reden)
        if waarde <= policy.drempel:
            return Displayed(None, "geheim", f"telling van {policy.drempel} of minder")
    return Displayed(waarde, format_number(waarde, observation.eenheid), None)


def display_series(
    store: Store,
    indicator_id: str,
    regio: str,
    *,
    indicators: Iterable[Any] | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> list[tuple[Observation, Displayed]]:
    """The series with each figure passed through `shown`, including derived-from-count lookups.

    `indicators` are the catalogue and kompas indicators (default: the shipped catalogue).
    """
    if indicators is None:
        from councilkit.model.catalogue import load_catalogue

        indicators = load_catalogue().indicatoren
    by_id = {ind.id: ind for ind in indicators}
    indicator = by_id.get(indicator_id)
    series = store.series(indicator_id, regio)
    base_id = getattr(indicator, "afgeleid_van", None) if indicator is not None else None
    bases = {o.periode: o for o in store.series(base_id, regio)} if base_id else {}
    return [
        (
            obs,
            shown(
                obs, indicator, policy, basis=bases.get(obs.periode), basis_indicator=by_id.get(base_id or "")
            ),
        )
        for obs in series
    ]
