"""Findings about a kompas: the method of the vision worksheet turned into checks.

The worksheet asks raadsleden to chain waarden → leidende principes (with the assumption behind each)
→ maatschappelijke resultaten (with indicator, nulmeting and streefwaarde) → kwaliteitseisen. Each
check below looks for a broken link in that chain and says, in plain Dutch, how to mend it. Errors
(`fout`) are things a document cannot be built on honestly; warnings are weaknesses a council would
want to know about.

Why one module of this size: one short function per rule of the method; they share the indicator
index and the line lookup, and `check` and the plan read their findings from one place.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from councilkit.checks.findings import Finding, Level
from councilkit.checks.gemeente import check_gemeente
from councilkit.checks.legal import laws_for, legal_coverage, open_statutory, theme_topics
from councilkit.model.catalogue import (
    FREQUENTIE_JAREN,
    FREQUENTIE_TEKST,
    Catalogue,
    Indicator,
    indicator_index,
    load_catalogue,
)
from councilkit.model.kompas import Kompas, Meting
from councilkit.model.starter import PLACEHOLDER_MARK, is_starter_example
from councilkit.model.validate import Loaded
from councilkit.model.wetten import load_wetten

_PERCENT_UNITS = {"procent"}


@dataclass(repr=False, eq=False)
class _Collector:
    """Accumulates findings with the file and line of the offending part."""

    loaded: Loaded[Kompas]
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, level: Level, loc: Sequence[str | int], message: str, hint: str) -> None:
        self.findings.append(
            Finding(
                code=code,
                level=level,
                file=str(self.loaded.file),
                line=self.loaded.line_of(*loc),
                message=message,
                hint=hint,
                pad=tuple(loc),
            )
        )


#: Reference lists that are links of the method's chain waarde → principe → resultaat → indicator →
#: kwaliteitseis: (section, key). A dangling reference in one of them is a broken link.
_CHAIN_REFERENCES = {
    ("leidende_principes", "waarden"),
    ("maatschappelijke_resultaten", "principes"),
    ("kwaliteitseisen", "principes"),
    ("kwaliteitseisen", "resultaten"),
}

#: Finding codes that always mean a broken or missing link in that chain.
CHAIN_CODES = frozenset(
    {
        "waarde-zonder-principe",
        "principe-zonder-waarde",
        "principe-zonder-resultaat",
        "principe-zonder-onderbouwing",
        "resultaat-zonder-principe",
        "resultaat-zonder-indicator",
        "resultaat-zonder-thema",
        "eis-zonder-principe",
    }
)


def breaks_chain(finding: Finding) -> bool:
    """Whether `finding` is a broken link between waarde, principe, resultaat, indicator and eis.

    The beleidsplan's traceability appendix lists exactly these findings in its own words, so
    `check` and the plan can never disagree about what is not linked.
    """
    if finding.code in CHAIN_CODES:
        return True
    pad = finding.pad
    if finding.code == "verwijzing-onbekend":
        return len(pad) == 4 and (pad[0], pad[2]) in _CHAIN_REFERENCES
    if finding.code == "indicator-onbekend":
        return pad[:1] == ("maatschappelijke_resultaten",) and pad[2:3] == ("indicator",)
    return False


def check_kompas(
    loaded: Loaded[Kompas], catalogue: Catalogue | None = None, *, today: datetime.date | None = None
) -> list[Finding]:
    """All findings for a loaded kompas, in file order.

    `today` is the date the dates in the kompas are judged against (a period that began years ago,
    a beslispunt dated in the past); tests pass a fixed one.
    """
    kompas = loaded.model
    catalogue = catalogue or load_catalogue()
    out = _Collector(loaded)
    indicators = indicator_index(kompas.indicatoren, catalogue)
    today = today or _today()

    _check_duplicates(out, kompas)
    value_ids = {value.id for value in kompas.waarden}
    principle_ids = {principle.id for principle in kompas.leidende_principes}
    result_ids = {result.id for result in kompas.maatschappelijke_resultaten}
    requirement_ids = {requirement.id for requirement in kompas.kwaliteitseisen}

    _check_values(out, kompas)
    _check_principles(out, kompas, value_ids)
    _check_results(out, kompas, principle_ids, indicators)
    _check_requirements(out, kompas, principle_ids, result_ids)
    _check_local_indicators(out, kompas, catalogue, indicators)
    _check_themes(out, kompas, result_ids, requirement_ids)
    _check_legal_topics(out, kompas)
    _check_tasks(out, kompas)
    _check_dates(out, kompas, today)
    _check_placeholders(out, kompas)
    out.findings.extend(check_gemeente(loaded))
    return sorted(out.findings, key=lambda finding: (finding.line or 0, finding.code))


def _check_duplicates(out: _Collector, kompas: Kompas) -> None:
    sections: list[tuple[str, Iterable[str]]] = [
        ("waarden", (item.id for item in kompas.waarden)),
        ("leidende_principes", (item.id for item in kompas.leidende_principes)),
        ("maatschappelijke_resultaten", (item.id for item in kompas.maatschappelijke_resultaten)),
        ("kwaliteitseisen", (item.id for item in kompas.kwaliteitseisen)),
        ("indicatoren", (item.id for item in kompas.indicatoren)),
        ("themas", (item.id for item in kompas.themas)),
    ]
    for section, ids in sections:
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                first_line = out.loaded.line_of(section, seen[item_id])
                out.add(
                    "dubbele-id",
                    "fout",
                    (section, index, "id"),
                    f"id '{item_id}' komt twee keer voor in {section} (eerst op regel {first_line})",
                    "geef elk onderdeel een eigen id; verwijzingen worden anders dubbelzinnig",
                )
            else:
                seen[item_id] = index


def _dangling(
    out: _Collector,
    loc: tuple[str | int, ...],
    refs: list[str],
    known: set[str],
    what: str,
    section: str,
) -> None:
    """Report every reference in `refs` that names no item in `known`."""
    import difflib

    for index, ref in enumerate(refs):
        if ref in known:
            continue
        close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
        hint = (
            f"bedoelt u '{close[0]}'?"
            if close
            else f"voeg {what} '{ref}' toe onder '{section}' of verwijder de verwijzing"
        )
        out.add(
            "verwijzing-onbekend",
            "fout",
            (*loc, index),
            f"verwijzing naar {what} '{ref}', maar die bestaat niet",
            hint,
        )


def _check_values(out: _Collector, kompas: Kompas) -> None:
    served = {value for principle in kompas.leidende_principes for value in principle.waarden}
    for index, value in enumerate(kompas.waarden):
        if value.id not in served:
            out.add(
                "waarde-zonder-principe",
                "waarschuwing",
                ("waarden", index),
                f"waarde '{value.id}' wordt door geen enkel leidend principe gediend",
                "noem de waarde bij 'waarden:' van een principe, of vraag de raad of zij nog richting geeft",
            )


def _check_principles(out: _Collector, kompas: Kompas, value_ids: set[str]) -> None:
    used = {principle for result in kompas.maatschappelijke_resultaten for principle in result.principes}
    for index, principle in enumerate(kompas.leidende_principes):
        loc = ("leidende_principes", index)
        if not principle.onderbouwing:
            out.add(
                "principe-zonder-onderbouwing",
                "fout",
                loc,
                f"leidend principe '{principle.id}' heeft geen onderbouwing",
                "schrijf de veronderstelling erachter op: '... omdat we veronderstellen dat ...'",
            )
        if not principle.waarden:
            out.add(
                "principe-zonder-waarde",
                "waarschuwing",
                loc,
                f"leidend principe '{principle.id}' noemt geen waarde die het dient",
                "voeg 'waarden: [id]' toe zodat zichtbaar is waarom dit principe er is",
            )
        _dangling(out, (*loc, "waarden"), principle.waarden, value_ids, "waarde", "waarden")
        if principle.id not in used:
            out.add(
                "principe-zonder-resultaat",
                "waarschuwing",
                loc,
                f"leidend principe '{principle.id}' leidt tot geen enkel maatschappelijk resultaat",
                "koppel het aan een resultaat via 'principes:', of schrap het principe",
            )


def _check_results(
    out: _Collector, kompas: Kompas, principle_ids: set[str], indicators: dict[str, Indicator]
) -> None:
    for index, result in enumerate(kompas.maatschappelijke_resultaten):
        loc: tuple[str | int, ...] = ("maatschappelijke_resultaten", index)
        if not result.principes:
            out.add(
                "resultaat-zonder-principe",
                "fout",
                loc,
                f"resultaat '{result.id}' is aan geen leidend principe gekoppeld",
                "voeg 'principes: [id]' toe: elk resultaat volgt uit een principe van de raad",
            )
        _dangling(
            out,
            (*loc, "principes"),
            result.principes,
            principle_ids,
            "leidend principe",
            "leidende_principes",
        )
        indicator = None
        if not result.indicator:
            out.add(
                "resultaat-zonder-indicator",
                "fout",
                loc,
                f"resultaat '{result.id}' heeft geen indicator",
                "kies een indicator uit de catalogus ('councilkit catalogus indicatoren ZOEKTERM') of definieer er een onder 'indicatoren'",
            )
        elif result.indicator not in indicators:
            _unknown_indicator(out, (*loc, "indicator"), result.indicator, indicators)
        else:
            indicator = indicators[result.indicator]
        for key in ("nulmeting", "streefwaarde"):
            measurement = getattr(result, key)
            if measurement is None:
                out.add(
                    f"resultaat-zonder-{key}",
                    "fout",
                    loc,
                    f"resultaat '{result.id}' heeft geen {key}",
                    f"vul '{key}: {{jaar: JJJJ, waarde: getal}}' in"
                    + (" (de nulmeting is het vertrekpunt)" if key == "nulmeting" else ""),
                )
                continue
            for part in ("jaar", "waarde"):
                if getattr(measurement, part) is None:
                    out.add(
                        f"{key}-zonder-{part}",
                        "fout",
                        (*loc, key),
                        f"de {key} van '{result.id}' heeft geen {part}",
                        f"vul '{part}:' in bij de {key}",
                    )
        _check_measurements(out, kompas, result_index=index, indicator=indicator)


def _unknown_indicator(
    out: _Collector, loc: tuple[str | int, ...], name: str, indicators: dict[str, Indicator]
) -> None:
    import difflib

    close = difflib.get_close_matches(name, sorted(indicators), n=1, cutoff=0.6)
    hint = (
        f"bedoelt u '{close[0]}'?"
        if close
        else "zoek de id op met 'councilkit catalogus indicatoren ZOEKTERM' of definieer de indicator onder 'indicatoren'"
    )
    out.add("indicator-onbekend", "fout", loc, f"indicator '{name}' staat niet in de catalogus", hint)


def _check_measurements(
    out: _Collector, kompas: Kompas, *, result_index: int, indicator: Indicator | None
) -> None:
    result = kompas.maatschappelijke_resultaten[result_index]
    loc: tuple[str | int, ...] = ("maatschappelijke_resultaten", result_index)
    base, target = result.nulmeting, result.streefwaarde
    if indicator is not None and indicator.eenheid in _PERCENT_UNITS:
        for key, measurement in (("nulmeting", base), ("streefwaarde", target)):
            if (
                measurement is not None
                and measurement.waarde is not None
                and not 0 <= measurement.waarde <= 100
            ):
                out.add(
                    "percentage-buiten-bereik",
                    "waarschuwing",
                    (*loc, key, "waarde"),
                    f"de {key} van '{result.id}' is {measurement.waarde:g}, maar '{indicator.id}' is een percentage",
                    "een percentage ligt tussen 0 en 100; schrijf 55 voor 55%",
                )
    if base is None or target is None:
        return
    if base.jaar is not None and target.jaar is not None:
        if target.jaar <= base.jaar:
            out.add(
                "streefjaar-voor-nulmeting",
                "waarschuwing",
                (*loc, "streefwaarde", "jaar"),
                f"het streefjaar {target.jaar} van '{result.id}' ligt niet na de nulmeting ({base.jaar})",
                "de streefwaarde hoort bij een later jaar dan de nulmeting",
            )
        if not kompas.periode.van - 1 <= target.jaar <= kompas.periode.tot + 4:
            out.add(
                "streefjaar-buiten-periode",
                "waarschuwing",
                (*loc, "streefwaarde", "jaar"),
                f"het streefjaar {target.jaar} van '{result.id}' valt ver buiten de periode "
                f"{kompas.periode.van}–{kompas.periode.tot}",
                "kies een streefjaar binnen (of kort na) de looptijd van het kompas",
            )
    _check_measured_years(out, loc, result.id, indicator, base, target, result.tussenwaarden)
    if indicator is None or base.waarde is None or target.waarde is None:
        return
    if target.waarde == base.waarde:
        out.add(
            "streefwaarde-gelijk-aan-nulmeting",
            "waarschuwing",
            (*loc, "streefwaarde", "waarde"),
            f"de streefwaarde van '{result.id}' is gelijk aan de nulmeting ({base.waarde:g})",
            "zeg wat er moet veranderen, of schrijf in 'toelichting' dat vasthouden het doel is",
        )
        return
    rising = target.waarde > base.waarde
    wrong = (indicator.polariteit == "hoger-is-beter" and not rising) or (
        indicator.polariteit == "lager-is-beter" and rising
    )
    if wrong:
        direction = "hoger" if indicator.polariteit == "hoger-is-beter" else "lager"
        out.add(
            "streefwaarde-tegen-polariteit",
            "waarschuwing",
            (*loc, "streefwaarde", "waarde"),
            f"de streefwaarde van '{result.id}' ({target.waarde:g}) beweegt de verkeerde kant op: "
            f"bij '{indicator.id}' is {direction} beter, maar de nulmeting is {base.waarde:g}",
            "controleer de streefwaarde, of kies een indicator waarvan de richting past bij het resultaat",
        )


def _check_requirements(
    out: _Collector, kompas: Kompas, principle_ids: set[str], result_ids: set[str]
) -> None:
    for index, requirement in enumerate(kompas.kwaliteitseisen):
        loc: tuple[str | int, ...] = ("kwaliteitseisen", index)
        if not requirement.principes:
            out.add(
                "eis-zonder-principe",
                "waarschuwing",
                loc,
                f"kwaliteitseis '{requirement.id}' is aan geen leidend principe gekoppeld",
                "voeg 'principes: [id]' toe zodat de aanbieder ziet waarom de eis er is",
            )
        if not requirement.toetsing:
            out.add(
                "eis-zonder-toetsing",
                "waarschuwing",
                loc,
                f"bij kwaliteitseis '{requirement.id}' staat niet hoe de gemeente toetst",
                "vul 'toetsing:' in, bijvoorbeeld 'jaarlijks via contractmanagement'",
            )
        _dangling(
            out,
            (*loc, "principes"),
            requirement.principes,
            principle_ids,
            "leidend principe",
            "leidende_principes",
        )
        _dangling(
            out,
            (*loc, "resultaten"),
            requirement.resultaten,
            result_ids,
            "resultaat",
            "maatschappelijke_resultaten",
        )


def _check_local_indicators(
    out: _Collector, kompas: Kompas, catalogue: Catalogue, indicators: dict[str, Indicator]
) -> None:
    shipped = catalogue.by_id()
    for index, indicator in enumerate(kompas.indicatoren):
        loc: tuple[str | int, ...] = ("indicatoren", index)
        if indicator.id in shipped:
            out.add(
                "indicator-vervangt-catalogus",
                "waarschuwing",
                (*loc, "id"),
                f"lokale indicator '{indicator.id}' vervangt de indicator met dezelfde id uit de catalogus",
                "geef de lokale indicator een eigen id als hij iets anders meet",
            )
        if indicator.afgeleid_van and indicator.afgeleid_van not in indicators:
            _unknown_indicator(out, (*loc, "afgeleid_van"), indicator.afgeleid_van, indicators)
        if not indicator.definitie:
            out.add(
                "indicator-zonder-definitie",
                "waarschuwing",
                loc,
                f"lokale indicator '{indicator.id}' heeft geen definitie",
                "schrijf op wat precies geteld of gemeten wordt, zodat het cijfer elk jaar hetzelfde betekent",
            )


def _check_themes(out: _Collector, kompas: Kompas, result_ids: set[str], requirement_ids: set[str]) -> None:
    if not kompas.themas:
        return
    in_theme: set[str] = set()
    for index, theme in enumerate(kompas.themas):
        loc: tuple[str | int, ...] = ("themas", index)
        _dangling(
            out,
            (*loc, "resultaten"),
            theme.resultaten,
            result_ids,
            "resultaat",
            "maatschappelijke_resultaten",
        )
        _dangling(
            out,
            (*loc, "kwaliteitseisen"),
            theme.kwaliteitseisen,
            requirement_ids,
            "kwaliteitseis",
            "kwaliteitseisen",
        )
        in_theme.update(theme.resultaten)
    for index, result in enumerate(kompas.maatschappelijke_resultaten):
        if result.id not in in_theme:
            out.add(
                "resultaat-zonder-thema",
                "waarschuwing",
                ("maatschappelijke_resultaten", index),
                f"resultaat '{result.id}' hoort bij geen enkel thema",
                "noem het bij 'resultaten:' van een thema; in het beleidsplan komt het anders onder 'Overige resultaten'",
            )


def _check_legal_topics(out: _Collector, kompas: Kompas) -> None:
    """Legal topics the kompas names but that do not exist, and statutory topics it does not yet
    say how it answers (`councilkit.checks.legal`, the rule the plan uses too)."""
    laws = laws_for(kompas)
    if not laws:
        return
    known = {topic.id for wet in laws for topic in wet.beleidsplan}
    for index, theme in enumerate(kompas.themas):
        for key, refs in (
            ("wettelijke_onderwerpen", theme.wettelijke_onderwerpen),
            ("uitwerking", list(theme.uitwerking)),
        ):
            _dangling(
                out, ("themas", index, key), refs, known, "wettelijk onderwerp", "frameworks/wetten.yaml"
            )
    linked: list[tuple[str, list[list[str]]]] = [
        (
            "maatschappelijke_resultaten",
            [r.wettelijke_onderwerpen for r in kompas.maatschappelijke_resultaten],
        ),
        ("kwaliteitseisen", [e.wettelijke_onderwerpen for e in kompas.kwaliteitseisen]),
    ]
    for section, per_item in linked:
        for index, refs in enumerate(per_item):
            _dangling(
                out,
                (section, index, "wettelijke_onderwerpen"),
                refs,
                known,
                "wettelijk onderwerp",
                "frameworks/wetten.yaml",
            )
    wet_naam = laws[0].afkorting if len(laws) == 1 else None
    for cov in open_statutory(legal_coverage(kompas)):
        law = wet_naam or cov.wet.naam
        named = [i for i in range(len(kompas.themas)) if cov.id in theme_topics(kompas, i)]
        if named:
            index = named[0]
            tags = kompas.themas[index].wettelijke_onderwerpen
            loc: tuple[str | int, ...] = (
                ("themas", index, "wettelijke_onderwerpen", tags.index(cov.id))
                if cov.id in tags
                else ("themas", index)
            )
            out.add(
                "wettelijk-onderwerp-open",
                "waarschuwing",
                loc,
                f"{_topic_phrase(cov.onderwerp.status, law)} '{cov.onderwerp.onderwerp}' ({cov.id}); "
                f"{', '.join(cov.alleen_genoemd)} noemt het, maar het kompas zegt nog niet hoe",
                f"schrijf onder 'uitwerking:' van het thema '{cov.id}: ...' hoe de gemeente dit doet, of "
                "noem het onderwerp bij 'wettelijke_onderwerpen:' van een resultaat of kwaliteitseis",
            )
        else:
            out.add(
                "wettelijk-onderwerp-open",
                "waarschuwing",
                ("themas",) if kompas.themas else ("domein",),
                f"{_topic_phrase(cov.onderwerp.status, law)} '{cov.onderwerp.onderwerp}' ({cov.id}), "
                "maar het kompas werkt dat nog niet uit",
                f"schrijf onder 'uitwerking:' van een thema '{cov.id}: ...' hoe de gemeente dit doet, of "
                "noem het onderwerp bij 'wettelijke_onderwerpen:' van een resultaat of kwaliteitseis",
            )


def _topic_phrase(status: str, law: str) -> str:
    """How strongly the law asks for a topic, as the start of a finding."""
    if status == "wettelijk":
        return f"het beleidsplan moet volgens de {law} ingaan op"
    if status == "aanbevolen":
        return f"bij de {law} wordt aanbevolen dat het beleidsplan ingaat op"
    return f"het is niet zeker of het beleidsplan volgens de {law} moet ingaan op"


def measured_in(indicator: Indicator, anchor: int, year: int) -> bool:
    """Whether `indicator` gets a figure for `year`, counting from a year it was measured (`anchor`).

    Shared by `check` and the plan's reporting calendar, so both say the same about a four-yearly
    survey.
    """
    if indicator.frequentie == "eenmalig":
        return year == anchor
    interval = FREQUENTIE_JAREN.get(indicator.frequentie)
    return interval is None or (year - anchor) % interval == 0


def _check_measured_years(
    out: _Collector,
    loc: tuple[str | int, ...],
    result_id: str,
    indicator: Indicator | None,
    base: Meting,
    target: Meting,
    between: list[Meting],
) -> None:
    """A target set for a year in which its indicator is never measured cannot be verified."""
    if indicator is None or base.jaar is None:
        return
    targets: list[tuple[tuple[str | int, ...], Meting]] = [((*loc, "streefwaarde", "jaar"), target)]
    targets += [((*loc, "tussenwaarden", index, "jaar"), item) for index, item in enumerate(between)]
    anchor = base.jaar
    for where, measurement in targets:
        year = measurement.jaar
        if year is None or measured_in(indicator, anchor, year):
            continue
        interval = FREQUENTIE_JAREN.get(indicator.frequentie)
        if interval is None:
            hint = "deze indicator wordt één keer gemeten; kies een indicator die herhaald wordt"
            when = "wordt maar één keer gemeten"
        else:
            options = list(range(anchor + interval, year + interval, interval))
            near = min(options, key=lambda option: abs(option - year)) if options else None
            hint = (
                f"kies een meetjaar, bijvoorbeeld {near}, of een indicator die elk jaar gemeten wordt"
                if near
                else "kies een jaar waarin de indicator gemeten wordt"
            )
            when = f"wordt {FREQUENTIE_TEKST[indicator.frequentie]} gemeten (nulmeting {anchor})"
        out.add(
            "streefjaar-zonder-meting",
            "waarschuwing",
            where,
            f"voor '{result_id}' staat een doel in {year}, maar '{indicator.id}' {when}: "
            f"in {year} is er geen cijfer",
            hint,
        )


_YEAR = re.compile(r"\b(20\d\d)\b")


def _today() -> datetime.date:
    """The day a kompas is judged on: the real date, in one place so a test can fix the day and stay
    true after the example's period has passed."""
    return datetime.date.today()


def _check_dates(out: _Collector, kompas: Kompas, today: datetime.date) -> None:
    """A plan for a period that is already half over, or decisions dated in the past, are stale."""
    periode = kompas.periode
    if periode.tot < today.year:
        out.add(
            "periode-voorbij",
            "waarschuwing",
            ("periode",),
            f"de periode {periode.van}–{periode.tot} is al voorbij",
            "kies de jaren van het nieuwe plan, bijvoorbeeld vanaf volgend jaar",
        )
    elif periode.van < today.year - 1:
        out.add(
            "periode-al-begonnen",
            "waarschuwing",
            ("periode", "van"),
            f"de periode begon in {periode.van}, {today.year - periode.van} jaar geleden",
            f"een nieuw plan geldt meestal vanaf het komende jaar; pas 'van' aan (bijvoorbeeld {today.year + 1})",
        )
    for index, theme in enumerate(kompas.themas):
        for number, point in enumerate(theme.beslispunten):
            mentioned = [int(year) for year in _YEAR.findall(point)]
            if mentioned and max(mentioned) < today.year:
                out.add(
                    "beslispunt-in-verleden",
                    "waarschuwing",
                    ("themas", index, "beslispunten", number),
                    f"beslispunt {number + 1} van thema '{theme.id}' noemt {max(mentioned)}, een jaar dat al voorbij is",
                    "de raad besluit over wat komt: pas het jaar aan of schrap het beslispunt",
                )


def _strings(data: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


def _check_placeholders(out: _Collector, kompas: Kompas) -> None:
    """Texts and numbers of `councilkit init` that were never replaced would end up in the plan."""
    for loc, text in _strings(out.loaded.source.data):
        if PLACEHOLDER_MARK in text:
            out.add(
                "voorbeeldtekst",
                "waarschuwing",
                loc,
                "hier staat nog een voorbeeldtekst uit het startbestand",
                f"vervang de tekst door die van uw gemeente en haal '{PLACEHOLDER_MARK}' weg",
            )
    for index, result in enumerate(kompas.maatschappelijke_resultaten):
        if is_starter_example(kompas.domein, result):
            out.add(
                "voorbeeldgetallen",
                "waarschuwing",
                ("maatschappelijke_resultaten", index, "nulmeting"),
                f"resultaat '{result.id}' heeft nog de voorbeeldgetallen uit het startbestand",
                "vul de echte nulmeting in (uit de monitor) en de streefwaarde die de raad wil",
            )


def _check_tasks(out: _Collector, kompas: Kompas) -> None:
    """`taken_en_voorwaarden` names known tasks; statutory tasks the kompas is silent on are open."""
    import difflib

    wetten = load_wetten()
    laws = laws_for(kompas, wetten)
    known = {item.id for wet in wetten.wetten for item in wet.taken_en_voorwaarden()}
    own = {item.id for wet in laws for item in wet.taken_en_voorwaarden()}
    for key in kompas.taken_en_voorwaarden:
        if key in own:
            continue
        close = difflib.get_close_matches(key, sorted(own), n=1, cutoff=0.6)
        out.add(
            "taak-onbekend",
            "fout",
            ("taken_en_voorwaarden", key),
            f"'{key}' is geen wettelijke taak of voorwaarde van de {wetten.domein_naam(kompas.domein)}"
            if key in known
            else f"'{key}' is geen bekende wettelijke taak of voorwaarde",
            f"bedoelt u '{close[0]}'?" if close else "zoek de id op met 'councilkit catalogus onderwerpen'",
        )
    if not kompas.themas:
        return
    silent = [
        task
        for wet in laws
        for task in wet.taken
        if not (kompas.taken_en_voorwaarden.get(task.id) or "").strip()
    ]
    if silent:
        names = ", ".join(f"'{task.onderwerp}' ({task.id})" for task in silent)
        out.add(
            "wettelijke-taak-open",
            "waarschuwing",
            ("taken_en_voorwaarden",) if kompas.taken_en_voorwaarden else ("themas",),
            f"het kompas zegt nog niet hoe de gemeente deze wettelijke taken uitvoert: {names}",
            "schrijf per taak onder 'taken_en_voorwaarden:' een zin over hoe de gemeente haar invult; "
            "in het plan staan ze anders als 'nog niet uitgewerkt'",
        )
