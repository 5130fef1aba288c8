"""Finding indicator ids and legal-topic ids without opening `frameworks/`.

A kompas refers to catalogue indicators (`indicator: eenzaamheid`) and to the legal topics of a law
(`wettelijke_onderwerpen: [wmo-plan-mantelzorg-vrijwilligers]`). Writers should not have to read YAML
framework files to find those ids: `councilkit catalogus` searches them, and the JSON Schema offers
them to editors for completion. Both read the lists from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from councilkit.domeinen import SOCIAAL_DOMEIN
from councilkit.model.catalogue import Indicator, load_catalogue
from councilkit.model.wetten import Wet, WettelijkOnderwerp, load_wetten


@dataclass(frozen=True)
class Onderwerp:
    """A legal topic with the law it belongs to and whether it goes in the plan or the verordening."""

    wet: Wet
    onderwerp: WettelijkOnderwerp
    waar: str  # "beleidsplan", "verordening", "taak" or "voorwaarde"


def _matches(term: str | None, *texts: str | None) -> bool:
    if not term:
        return True
    needle = term.casefold()
    return any(needle in text.casefold() for text in texts if text)


def indicatoren(term: str | None = None, domein: str | None = None) -> list[Indicator]:
    """Catalogue indicators whose id, name, definition or source matches `term` (case-insensitive)."""
    found = []
    for indicator in load_catalogue().indicatoren:
        if domein and domein not in indicator.domeinen and "algemeen" not in indicator.domeinen:
            continue
        source = indicator.bron
        if _matches(
            term,
            indicator.id,
            indicator.naam,
            indicator.definitie,
            source.organisatie if source else None,
            source.tabel if source else None,
            source.maat if source else None,
            *indicator.bronnen,
        ):
            found.append(indicator)
    return found


def onderwerpen(term: str | None = None, domein: str | None = None) -> list[Onderwerp]:
    """Legal topics (plan and verordening) whose id, label or requirement matches `term`."""
    found = []
    for wet in load_wetten().wetten:
        if domein and domein not in {wet.id, SOCIAAL_DOMEIN}:
            continue
        groups: list[tuple[str, list[WettelijkOnderwerp]]] = [
            ("beleidsplan", list(wet.beleidsplan)),
            ("verordening", list(wet.verordening)),
            ("taak", list(wet.taken)),
            ("voorwaarde", list(wet.voorwaarden)),
        ]
        for waar, items in groups:
            for item in items:
                if _matches(term, item.id, item.onderwerp, item.eis, wet.afkorting):
                    found.append(Onderwerp(wet=wet, onderwerp=item, waar=waar))
    return found


def indicator_ids() -> list[str]:
    return [indicator.id for indicator in load_catalogue().indicatoren]


def onderwerp_ids() -> list[str]:
    """The topics a theme can take up under `wettelijke_onderwerpen` (those of a beleidsplan)."""
    return [topic.onderwerp.id for topic in onderwerpen() if topic.waar == "beleidsplan"]


def taak_ids() -> list[str]:
    """The statutory tasks and conditions a kompas can fill in under `taken_en_voorwaarden`."""
    return [topic.onderwerp.id for topic in onderwerpen() if topic.waar in {"taak", "voorwaarde"}]
