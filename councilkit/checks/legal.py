"""Which legal topics a kompas answers, and where: the one rule `check` and every document use.

The law names topics a beleidsplan must address (`frameworks/wetten.yaml`). Tagging a theme with a
topic is not an answer: a council document may only call a topic worked out where the kompas says
*how* — a text for the topic in the theme (`uitwerking:`), a result or quality requirement linked to
it (`wettelijke_onderwerpen:`), or, for the few topics a fixed chapter of the plan answers
(`plan_hoofdstuk`), the content that chapter is built from. Everything else is "nog niet
uitgewerkt", in `check` and in the plan alike; the guard test in `tests/test_legal_coverage.py` holds
them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from councilkit.domeinen import SOCIAAL_DOMEIN
from councilkit.model.kompas import Kompas
from councilkit.model.wetten import Wet, WettelijkOnderwerp, Wetten, load_wetten

#: What a fixed chapter of the plan answers, when the kompas gives its content.
_HOOFDSTUK_PLAATS = {
    "sturen": "Sturen op resultaten (rapportagekalender)",
    "resultaten": "Maatschappelijke resultaten en Sturen op resultaten",
    "kwaliteit": "Kwaliteitseisen (met toetsing)",
    "visie": "Inleiding (waarden en leidende principes)",
}


@dataclass(repr=False, eq=False)
class TopicCoverage:
    """One legal topic: where the kompas says how it is answered, and which themes only name it.

    `waar` are places a reader can find (e.g. "Thema 2: Toegang"); `hoe` the kompas's own texts;
    `alleen_genoemd` the themes that tag the topic without saying how.
    """

    wet: Wet
    onderwerp: WettelijkOnderwerp
    waar: list[str] = field(default_factory=list)
    hoe: list[str] = field(default_factory=list)
    alleen_genoemd: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.onderwerp.id

    @property
    def uitgewerkt(self) -> bool:
        return bool(self.waar)


def laws_for(kompas: Kompas, wetten: Wetten | None = None) -> list[Wet]:
    """The laws a kompas answers to: its domain's law, or all three for the whole sociaal domein."""
    wetten = wetten or load_wetten()
    if kompas.domein == SOCIAAL_DOMEIN:
        return list(wetten.wetten)
    wet = wetten.by_id().get(kompas.domein)
    return [wet] if wet else []


def theme_topics(kompas: Kompas, index: int) -> list[str]:
    """The topic ids theme `index` names, in order: its tags, then topics it only gives a text for."""
    theme = kompas.themas[index]
    return list(dict.fromkeys([*theme.wettelijke_onderwerpen, *theme.uitwerking]))


def theme_label(kompas: Kompas, index: int) -> str:
    return f"Thema {index + 1}: {kompas.themas[index].naam}"


def _chapter_answers(kompas: Kompas) -> dict[str, bool]:
    measured = any(r.indicator and r.streefwaarde for r in kompas.maatschappelijke_resultaten)
    return {
        "sturen": measured,
        "resultaten": measured,
        "kwaliteit": any(e.toetsing for e in kompas.kwaliteitseisen),
        "visie": bool(kompas.waarden and kompas.leidende_principes),
    }


def legal_coverage(kompas: Kompas, wetten: Wetten | None = None) -> list[TopicCoverage]:
    """Per beleidsplan topic of the kompas's law(s), in the law's order: where it is worked out."""
    laws = laws_for(kompas, wetten)
    chapters = _chapter_answers(kompas)
    result_numbers_ = result_numbers(kompas)
    out: list[TopicCoverage] = []
    for wet in laws:
        for topic in wet.beleidsplan:
            cov = TopicCoverage(wet, topic)
            for index, theme in enumerate(kompas.themas):
                if topic.id not in theme_topics(kompas, index):
                    continue
                text = (theme.uitwerking.get(topic.id) or "").strip()
                linked = [
                    r.id
                    for r in kompas.maatschappelijke_resultaten
                    if topic.id in r.wettelijke_onderwerpen and r.id in theme.resultaten
                ]
                if text or linked:
                    cov.waar.append(theme_label(kompas, index))
                    if text:
                        cov.hoe.append(text)
                else:
                    cov.alleen_genoemd.append(theme_label(kompas, index))
            placed = {p for p in cov.waar}
            for result in kompas.maatschappelijke_resultaten:
                if topic.id in result.wettelijke_onderwerpen and not any(
                    result.id in t.resultaten and theme_label(kompas, i) in placed
                    for i, t in enumerate(kompas.themas)
                ):
                    cov.waar.append(f"Resultaat {result_numbers_.get(result.id, result.id)}")
            for number, eis in enumerate(kompas.kwaliteitseisen, start=1):
                if topic.id in eis.wettelijke_onderwerpen:
                    cov.waar.append(f"Kwaliteitseis K{number}")
            if not cov.waar and topic.plan_hoofdstuk and chapters[topic.plan_hoofdstuk]:
                cov.waar.append(_HOOFDSTUK_PLAATS[topic.plan_hoofdstuk])
            out.append(cov)
    return out


def result_numbers(kompas: Kompas) -> dict[str, str]:
    """Result numbers as the plan shows them: per theme `T.R`, the rest `O.N` (or `N` without themes)."""
    results = {r.id for r in kompas.maatschappelijke_resultaten}
    numbers: dict[str, str] = {}
    for t_index, theme in enumerate(kompas.themas, start=1):
        shown = [r for r in dict.fromkeys(theme.resultaten) if r in results]
        for r_index, result_id in enumerate(shown, start=1):
            numbers.setdefault(result_id, f"{t_index}.{r_index}")
    rest = [r.id for r in kompas.maatschappelijke_resultaten if r.id not in numbers]
    for r_index, result_id in enumerate(rest, start=1):
        numbers[result_id] = f"O.{r_index}" if kompas.themas else str(r_index)
    return numbers


def open_statutory(coverage: Sequence[TopicCoverage]) -> list[TopicCoverage]:
    """Topics the kompas does not yet say how it answers — every status, as the plan counts them.

    The plan marks a recommended topic that a theme only names as "nog niet uitgewerkt" just like a
    required one, so `check` must report it too; the finding's wording says which kind it is."""
    return [c for c in coverage if not c.uitgewerkt]
