"""Which source measure is which catalogue indicator: the `bronnen` lists, matched loosely.

A civil servant never renames columns before importing. The catalogue (`frameworks/indicatoren.yaml`)
and a kompas's local `indicatoren` list, per indicator, the names under which sources publish it:
CBS keys without their `_NN` suffix (`WmoClienten`), monitor column names (`wmo_clienten`), WSJG
labels ("Cliënten met een maatwerkarrangement Wmo"). Matching ignores case, accents and punctuation,
and an indicator's own id always matches itself, so a tidy file may simply use catalogue ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from councilkit.data.normalize import name_key
from councilkit.model.facts import indicator_bronnen

if TYPE_CHECKING:
    from councilkit.model.catalogue import Indicator


class CatalogueSources(NamedTuple):
    """A catalogue indicator as `model.facts.indicator_bronnen` gives it: what `from_indicators` reads
    of an `Indicator`, without the pydantic model."""

    id: str
    eenheid: str
    telling: bool
    bronnen: list[str]


@dataclass(frozen=True)
class Target:
    """The catalogue indicator a source name maps onto."""

    indicator: str
    eenheid: str | None
    telling: bool = False


@dataclass
class MeasureMap:
    """Source name → indicator lookup; build it with `MeasureMap.from_indicators` or `default_map`."""

    targets: dict[str, Target] = field(default_factory=dict)
    #: The names as the catalogue and kompas write them (ids and `bronnen`), each of which `lookup`
    #: knows: a long file that uses only these can be read in one pass (`importers.common.Reading`).
    spellings: frozenset[str] = frozenset()

    @classmethod
    def from_indicators(cls, indicators: Iterable[Indicator | CatalogueSources]) -> MeasureMap:
        """Build from catalogue/kompas `Indicator` models; later entries (local ones) win."""
        targets: dict[str, Target] = {}
        spellings: set[str] = set()
        indicators = list(indicators)
        made = {
            id(ind): Target(ind.id, getattr(ind, "eenheid", None), bool(getattr(ind, "telling", False)))
            for ind in indicators
        }
        for ind in indicators:
            for name in getattr(ind, "bronnen", []):
                if name_key(name):
                    targets[name_key(name)] = made[id(ind)]
                    spellings.add(name)
        # An id always means its own indicator, even where another indicator's source label
        # normalises to the same key ("Jongeren met jeugdhulp" vs jongeren-met-jeugdhulp).
        for ind in indicators:
            targets[name_key(ind.id)] = made[id(ind)]
            spellings.add(ind.id)
        return cls(targets, frozenset(spellings))

    def lookup(self, source_name: str) -> Target | None:
        return self.targets.get(name_key(source_name))

    def knows(self, source_name: str) -> bool:
        return self.lookup(source_name) is not None


def default_map(local_indicators: Iterable[Indicator] = ()) -> MeasureMap:
    """The catalogue's `bronnen` plus a kompas's local indicators (which override the catalogue).

    Without local indicators the catalogue's facts suffice (`model.facts.indicator_bronnen`: the same
    validated catalogue, cached as plain data), so importing a file loads no pydantic."""
    local = list(local_indicators)
    try:
        if not local:
            return _catalogue_map()
        # deferred: the catalogue model loads pydantic, which only a kompas's own indicators need
        from councilkit.model.catalogue import indicator_index

        return MeasureMap.from_indicators(indicator_index(local).values())
    except FileNotFoundError:  # an incomplete installation; the import still keeps source names
        return MeasureMap.from_indicators(local)


def _catalogue_map() -> MeasureMap:
    """`MeasureMap.from_indicators(catalogue)` built from the catalogue's facts, target for target."""
    return MeasureMap.from_indicators(CatalogueSources(*found) for found in indicator_bronnen())
