"""Findings about a proces.yaml: is the startnotitie complete, and is its planning one people can keep?

Errors (`fout`) are what a raad cannot adopt a process design with: a missing element of the seven,
phases out of order, an activity nobody owns or that has no date, no moment at which the raad decides.
Warnings (`waarschuwing`) are choices somebody may have made on purpose but should make knowingly: a
gap between phases, a meeting on a public holiday, in the school holidays or the council's recess, a
decision in the months around the municipal elections, a group taking part without knowing what is
asked of it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from councilkit.checks.findings import Finding, Level
from councilkit.model.frameworks import Proceskader, load_proceskader, load_schoolvakanties
from councilkit.model.proces import Proces
from councilkit.model.validate import Loaded, validate
from councilkit.model.yamlload import Located
from councilkit.render import nl

if TYPE_CHECKING:
    from councilkit.checks.dispatch import CheckOptions

#: The first municipal elections under the current four-year rhythm that this check knows of.
EERSTE_VERKIEZING = 2026
#: How many months before and after election day a council decision is flagged.
MAANDEN_VOOR_VERKIEZINGEN = 2
MAANDEN_NA_VERKIEZINGEN = 3


@cache
def verkiezingsdag(jaar: int) -> dt.date | None:
    """Election day of the municipal elections in `jaar`, or None in a year without them.

    Municipal elections are held every four years (2022, 2026, 2030, …) on the Wednesday between 15
    and 21 March (Kieswet, art. J 1): 16 March 2022, 18 March 2026, 20 March 2030.
    """
    if (jaar - EERSTE_VERKIEZING) % 4:
        return None
    return next(dt.date(jaar, 3, day) for day in range(15, 22) if dt.date(jaar, 3, day).weekday() == 2)


def _plus_maanden(dag: dt.date, maanden: int) -> dt.date:
    month = dag.month - 1 + maanden
    year, month = dag.year + month // 12, month % 12 + 1
    import calendar

    return dt.date(year, month, min(dag.day, calendar.monthrange(year, month)[1]))


def verkiezingsperiode(dag: dt.date) -> dt.date | None:
    """The election day whose surrounding months `dag` falls in, if any."""
    for jaar in (dag.year - 1, dag.year, dag.year + 1):
        verkiezing = verkiezingsdag(jaar)
        if verkiezing is None:
            continue
        start = _plus_maanden(verkiezing, -MAANDEN_VOOR_VERKIEZINGEN)
        end = _plus_maanden(verkiezing, MAANDEN_NA_VERKIEZINGEN)
        if start <= dag <= end:
            return verkiezing
    return None


@cache
def _feestdagen(jaar: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("NL", years=jaar, language="nl").items())


def feestdag(dag: dt.date) -> str | None:
    """The name of the Dutch public holiday on `dag` (library `holidays`, country NL), if any."""
    return _feestdagen(dag.year).get(dag)


@dataclass
class _Collector:
    loaded: Loaded[Proces]
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, level: Level, loc: Sequence[str | int], message: str, hint: str = "") -> None:
        self.findings.append(
            Finding(code, level, str(self.loaded.file), self.loaded.line_of(*loc), message, hint)
        )


def check_proces_file(located: Located, options: CheckOptions) -> tuple[list[Finding], list[Any]]:
    """The checker of the `proces` kind (see `councilkit.kinds`)."""
    loaded = validate(Proces, located)
    kompas = None
    if options.kompas is not None:
        # Deferred: the kompas model only with --kompas.
        from councilkit.model.kompas import load_kompas

        kompas = load_kompas(options.kompas).model
    return check_proces(loaded, kompas=kompas), []


def check_proces(loaded: Loaded[Proces], *, kompas: Any = None) -> list[Finding]:
    """All findings for a loaded proces file, in file order."""
    proces = loaded.model
    kader = load_proceskader()
    out = _Collector(loaded)
    if not (proces.onderwerp or "").strip():
        out.add(
            "onderwerp-ontbreekt",
            "fout",
            ("onderwerp",),
            "het proces heeft geen onderwerp",
            "vul bij 'onderwerp:' het dossier in, bijvoorbeeld 'Armoede en schuldhulpverlening'",
        )
    if not (proces.gemeente or "").strip():
        out.add(
            "gemeente-ontbreekt",
            "waarschuwing",
            ("gemeente",),
            "het proces noemt geen gemeente",
            "vul 'gemeente:' in; de naam staat in de startnotitie en in elke afspraak in de agenda",
        )
    if not (proces.aanleiding or "").strip():
        out.add(
            "aanleiding-ontbreekt",
            "fout",
            ("aanleiding",),
            "de aanleiding ontbreekt",
            "schrijf bij 'aanleiding:' waarom dit dossier een eigen procesontwerp krijgt",
        )
    _check_elements(out, proces, kader)
    activity_ids = _check_activities(out, proces)
    _check_phases(out, proces, kader)
    _check_decision(out, proces, kader, activity_ids)
    _check_participation(out, proces)
    _check_information(out, proces, kader, activity_ids)
    _check_calendar(out, proces)
    if kompas is not None:
        _check_kompas_links(out, proces, kompas)
    return sorted(out.findings, key=lambda f: (f.line or 0, f.code))


def _check_elements(out: _Collector, proces: Proces, kader: Proceskader) -> None:
    for element in kader.elementen:
        value = getattr(proces.elementen, element.id, None)
        loc: tuple[str | int, ...] = ("elementen", element.id) if value is not None else ("elementen",)
        if value is None or not (value.antwoord or "").strip():
            out.add(
                "element-ontbreekt",
                "fout",
                (*loc, "antwoord") if value is not None else loc,
                f"element {element.nummer} ({element.naam.lower()}) is niet beantwoord",
                f"vul 'elementen: {element.id}: antwoord:' in; de vraag is: {element.vragen[0]}",
            )
    els = proces.elementen
    if els.vaststelling is not None and els.vaststelling.wijze is None:
        out.add(
            "vaststelling-onbepaald",
            "fout",
            ("elementen", "vaststelling"),
            "er staat niet of het procesontwerp ter kennisname of ter vaststelling naar de raad gaat",
            "vul 'wijze: ter-kennisname' of 'wijze: ter-vaststelling' in",
        )
    if els.reikwijdte is not None:
        if els.reikwijdte.kaders is None:
            out.add(
                "reikwijdte-onbepaald",
                "fout",
                ("elementen", "reikwijdte"),
                "er staat niet of de raad alleen proceskaders stelt of ook inhoudelijke kaders meegeeft",
                "vul 'kaders: alleen-proces' of 'kaders: proces-en-inhoud' in",
            )
        elif els.reikwijdte.kaders == "proces-en-inhoud" and not els.reikwijdte.inhoudelijke_kaders:
            out.add(
                "inhoudelijke-kaders-ontbreken",
                "waarschuwing",
                ("elementen", "reikwijdte", "kaders"),
                "de raad geeft ook inhoudelijke kaders mee, maar ze staan er niet bij",
                "noem ze onder 'inhoudelijke_kaders:'",
            )


def _check_activities(out: _Collector, proces: Proces) -> dict[str, tuple[int, int]]:
    """Per-activity findings; returns the known activity ids with their place."""
    seen: dict[str, tuple[int, int]] = {}
    for f_index, a_index, fase, act in proces.activiteiten():
        loc = ("fasen", f_index, "activiteiten", a_index)
        if act.id in seen:
            first = out.loaded.line_of("fasen", *_flat(seen[act.id]))
            out.add(
                "dubbele-id",
                "fout",
                (*loc, "id"),
                f"activiteit-id '{act.id}' komt twee keer voor (eerst op regel {first})",
                "geef elke activiteit een eigen id; de agenda herkent afspraken eraan",
            )
        else:
            seen[act.id] = (f_index, a_index)
        if act.datum is None:
            if act.begin is not None or act.eind is not None:
                out.add(
                    "tijd-zonder-datum",
                    "fout",
                    (*loc, "begin" if act.begin else "eind"),
                    f"activiteit '{act.id}' heeft een tijd maar geen datum",
                    "vul 'datum: JJJJ-MM-DD' in bij deze activiteit",
                )
            else:
                out.add(
                    "activiteit-zonder-datum",
                    "fout",
                    loc,
                    f"activiteit '{act.id}' heeft geen datum",
                    "vul 'datum: JJJJ-MM-DD' in; zonder datum komt de activiteit niet in de agenda",
                )
        if not (act.eigenaar or "").strip():
            out.add(
                "activiteit-zonder-eigenaar",
                "fout",
                loc,
                f"activiteit '{act.id}' heeft geen eigenaar",
                "vul bij 'eigenaar:' in wie de activiteit organiseert (griffie, beleidsafdeling, …)",
            )
        if act.eind is not None and act.begin is None:
            out.add(
                "eind-zonder-begin",
                "fout",
                (*loc, "eind"),
                f"activiteit '{act.id}' heeft een eindtijd maar geen begintijd",
                "vul 'begin:' in, of laat beide weg voor een activiteit die de hele dag duurt",
            )
        if act.begin is not None and act.eind is not None and act.eind <= act.begin:
            out.add(
                "eind-voor-begin",
                "fout",
                (*loc, "eind"),
                f"activiteit '{act.id}' eindigt ({act.eind:%H:%M}) niet na het begin ({act.begin:%H:%M})",
                "controleer de tijden; een activiteit eindigt op dezelfde dag na het begin",
            )
        for veld, tijd in (("begin", act.begin), ("eind", act.eind)):
            if act.datum is not None and tijd is not None and not _bestaat(act.datum, tijd):
                out.add(
                    "tijd-bestaat-niet",
                    "fout",
                    (*loc, veld),
                    f"op {nl.datum(act.datum)} bestaat {tijd:%H:%M} niet: de klok gaat die nacht van 2:00 naar 3:00",
                    "kies een tijd vanaf 03:00; agenda's zouden de afspraak anders een uur verschuiven",
                )
        periode = (fase.van, fase.tot) if fase.van and fase.tot and fase.van <= fase.tot else None
        if act.datum is not None and periode is not None and not periode[0] <= act.datum <= periode[1]:
            out.add(
                "activiteit-buiten-fase",
                "fout",
                (*loc, "datum"),
                f"activiteit '{act.id}' op {nl.datum(act.datum)} valt buiten de fase {_fase_naam(fase.fase)}"
                f" ({nl.datum(periode[0])} tot en met {nl.datum(periode[1])})",
                "verplaats de activiteit naar de fase waarin ze valt, of pas de periode van de fase aan",
            )
    return seen


def _bestaat(dag: dt.date, tijd: dt.time) -> bool:
    """Whether `tijd` exists on `dag` in Dutch time (not in the hour skipped when summer time starts)."""
    from zoneinfo import ZoneInfo

    local = dt.datetime.combine(dag, tijd, tzinfo=ZoneInfo("Europe/Amsterdam"))
    return local.astimezone(dt.UTC).astimezone(local.tzinfo).replace(tzinfo=None) == local.replace(
        tzinfo=None
    )


def _flat(place: tuple[int, int]) -> tuple[int, str, int]:
    return place[0], "activiteiten", place[1]


def _fase_naam(fase_id: str) -> str:
    """The common term for a phase (beeldvorming, …), which is what raadsleden say."""
    fase = next(f for f in load_proceskader().fasen if f.id == fase_id)
    return fase.ook_genoemd or fase.naam.lower()


def _werkdagen_tussen(na: dt.date, voor: dt.date) -> int:
    """Weekdays strictly between two dates (a weekend between phases is not a gap)."""
    dagen = (voor - na).days - 1
    return sum(1 for i in range(1, dagen + 1) if (na + dt.timedelta(days=i)).weekday() < 5)


def _check_phases(out: _Collector, proces: Proces, kader: Proceskader) -> None:
    order = {fase.id: index for index, fase in enumerate(kader.fasen)}
    seen: dict[str, int] = {}
    for index, fase in enumerate(proces.fasen):
        loc = ("fasen", index)
        if fase.fase in seen:
            out.add(
                "fase-dubbel",
                "fout",
                (*loc, "fase"),
                f"de fase {_fase_naam(fase.fase)} staat er twee keer in "
                f"(eerst op regel {out.loaded.line_of('fasen', seen[fase.fase])})",
                "zet alle activiteiten van één fase onder één kopje",
            )
            continue
        seen[fase.fase] = index
        if fase.van is None or fase.tot is None:
            out.add(
                "fase-zonder-periode",
                "fout",
                loc,
                f"de fase {_fase_naam(fase.fase)} heeft geen {'begin' if fase.van is None else 'einde'}",
                "vul 'van:' en 'tot:' in als JJJJ-MM-DD",
            )
        elif fase.tot < fase.van:
            out.add(
                "periode-omgekeerd",
                "fout",
                (*loc, "tot"),
                f"de fase {_fase_naam(fase.fase)} eindigt ({nl.datum(fase.tot)}) vóór ze begint "
                f"({nl.datum(fase.van)})",
                "draai 'van' en 'tot' om of corrigeer een van beide",
            )
    for kaderfase in kader.fasen:
        if kaderfase.id not in seen:
            out.add(
                "fase-ontbreekt",
                "fout",
                ("fasen",),
                f"de fase {_fase_naam(kaderfase.id)} ontbreekt in de planning",
                f"voeg '- fase: {_fase_naam(kaderfase.id)}' toe met een periode en activiteiten",
            )
    listed = [(index, fase) for index, fase in enumerate(proces.fasen) if seen.get(fase.fase) == index]
    for (_, before), (index, after) in itertools.pairwise(listed):
        if order[after.fase] < order[before.fase]:
            out.add(
                "fasen-volgorde",
                "fout",
                ("fasen", index, "fase"),
                f"de fase {_fase_naam(after.fase)} staat na {_fase_naam(before.fase)}",
                "zet de fasen in de volgorde beeldvorming, oordeelsvorming, besluitvorming",
            )
            continue
        if None in (before.van, before.tot, after.van, after.tot):
            continue
        assert before.tot is not None and after.van is not None and before.van is not None
        if before.tot < before.van:
            continue
        if after.van <= before.tot:
            if not after.aansluiting:
                out.add(
                    "fasen-overlappen",
                    "waarschuwing",
                    ("fasen", index, "van"),
                    f"de fase {_fase_naam(after.fase)} begint ({nl.datum(after.van)}) voordat "
                    f"{_fase_naam(before.fase)} is afgelopen ({nl.datum(before.tot)})",
                    "laat de fasen op elkaar aansluiten, of leg bij 'aansluiting:' uit waarom ze overlappen",
                )
        elif _werkdagen_tussen(before.tot, after.van) > 0 and not after.aansluiting:
            out.add(
                "gat-tussen-fasen",
                "waarschuwing",
                ("fasen", index, "van"),
                f"tussen {_fase_naam(before.fase)} (tot en met {nl.datum(before.tot)}) en "
                f"{_fase_naam(after.fase)} (vanaf {nl.datum(after.van)}) zitten "
                f"{_werkdagen_tussen(before.tot, after.van)} werkdagen zonder fase",
                "laat de fasen op elkaar aansluiten, of leg bij 'aansluiting:' uit waarom er een pauze is",
            )


def _check_decision(
    out: _Collector, proces: Proces, kader: Proceskader, activity_ids: dict[str, tuple[int, int]]
) -> None:
    laatste = kader.fasen[-1].id
    besluiten = [
        (f, a, act) for f, a, fase, act in proces.activiteiten() if act.besluit and fase.fase == laatste
    ]
    if not any(not act.geannuleerd for _, _, act in besluiten):
        out.add(
            "geen-besluitmoment",
            "fout",
            ("fasen",),
            f"de planning heeft geen moment waarop de raad besluit (in de fase {_fase_naam(laatste)})",
            "zet 'besluit: true' bij de raadsvergadering waarin de raad het besluit neemt",
        )
    vaststelling = proces.elementen.vaststelling
    if vaststelling is not None and vaststelling.activiteit and vaststelling.activiteit not in activity_ids:
        _unknown(out, ("elementen", "vaststelling", "activiteit"), vaststelling.activiteit, activity_ids)


def _unknown(out: _Collector, loc: Sequence[str | int], ref: str, known: dict[str, Any] | set[str]) -> None:
    close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
    out.add(
        "verwijzing-onbekend",
        "fout",
        loc,
        f"verwijzing naar activiteit '{ref}', maar die bestaat niet",
        f"bedoelt u '{close[0]}'?" if close else "gebruik de id van een activiteit onder 'fasen'",
    )


def _check_participation(out: _Collector, proces: Proces) -> None:
    if not proces.participatie:
        out.add(
            "participatie-ontbreekt",
            "waarschuwing",
            ("participatie",) if "participatie" in out.loaded.source.data else (),
            "er staat niet in welke groepen uit de samenleving meedoen",
            "noem onder 'participatie:' per groep de trede (informeren … meebeslissen) en wat u vraagt",
        )
    for index, deelnemer in enumerate(proces.participatie):
        loc = ("participatie", index)
        if deelnemer.trede is None:
            out.add(
                "deelnemer-zonder-rol",
                "waarschuwing",
                loc,
                f"bij '{deelnemer.groep}' staat niet wat de groep mag (de trede op de participatieladder)",
                "vul 'trede:' in: informeren, raadplegen, adviseren, coproduceren of meebeslissen",
            )
        if not (deelnemer.vraag or "").strip():
            out.add(
                "deelnemer-zonder-vraag",
                "waarschuwing",
                loc,
                f"bij '{deelnemer.groep}' staat niet wat er van de groep gevraagd wordt",
                "schrijf bij 'vraag:' wat u de groep vraagt; dat moet u hun ook kunnen vertellen",
            )


def _check_information(
    out: _Collector, proces: Proces, kader: Proceskader, activity_ids: dict[str, tuple[int, int]]
) -> None:
    given = {item.vraag: index for index, item in enumerate(proces.informatievragen)}
    for index, item in enumerate(proces.informatievragen):
        for r_index, ref in enumerate(item.activiteiten):
            if ref not in activity_ids:
                _unknown(out, ("informatievragen", index, "activiteiten", r_index), ref, activity_ids)
    for vraag in kader.informatievragen:
        found = given.get(vraag.id)
        if found is None:
            out.add(
                "informatievraag-open",
                "waarschuwing",
                ("informatievragen",) if proces.informatievragen else (),
                f"informatievraag {vraag.nummer} ('{vraag.kort}') heeft geen antwoord en geen eigenaar",
                f"voeg '- vraag: {vraag.id}' toe met 'antwoord:' of 'eigenaar:'",
            )
        else:
            item = proces.informatievragen[found]
            if not (item.antwoord or "").strip() and not (item.eigenaar or "").strip():
                out.add(
                    "informatievraag-open",
                    "waarschuwing",
                    ("informatievragen", found),
                    f"informatievraag {vraag.nummer} ('{vraag.kort}') heeft geen antwoord en geen eigenaar",
                    "vul 'antwoord:' in, of 'eigenaar:' met wie het antwoord levert",
                )


def _check_calendar(out: _Collector, proces: Proces) -> None:
    """Warnings for dates people are away or the council is not there (holidays, recess, elections)."""
    vakanties = load_schoolvakanties()
    regios = [proces.schoolregio] if proces.schoolregio else ["noord", "midden", "zuid"]
    for index, reces in enumerate(proces.reces):
        if reces.tot < reces.van:
            out.add(
                "periode-omgekeerd",
                "fout",
                ("reces", index, "tot"),
                f"het reces eindigt ({nl.datum(reces.tot)}) vóór het begint ({nl.datum(reces.van)})",
                "draai 'van' en 'tot' om of corrigeer een van beide",
            )
    for f_index, a_index, _fase, act in proces.activiteiten():
        if act.datum is None or act.geannuleerd:
            continue
        loc = ("fasen", f_index, "activiteiten", a_index, "datum")
        wanneer = f"activiteit '{act.id}' op {nl.datum(act.datum)}"
        naam = feestdag(act.datum)
        if naam:
            out.add(
                "feestdag",
                "waarschuwing",
                loc,
                f"{wanneer} valt op een feestdag ({naam})",
                "kies een andere dag; veel deelnemers zijn dan vrij",
            )
        treffers = [(regio, vakanties.in_vakantie(act.datum, regio)) for regio in regios]
        in_vakantie = [(regio, hit) for regio, hit in treffers if hit is not None]
        if in_vakantie:
            vakantie, jaar = in_vakantie[0][1]
            waar = (
                f"regio {in_vakantie[0][0]}"
                if proces.schoolregio
                else "regio " + ", ".join(regio for regio, _ in in_vakantie)
            )
            voorlopig = (
                " (voorlopige data; controleer ze met rijksoverheid.nl)" if jaar.status == "voorlopig" else ""
            )
            out.add(
                "schoolvakantie",
                "waarschuwing",
                loc,
                f"{wanneer} valt in de {vakantie.naam.lower()} ({waar}){voorlopig}",
                "inwoners met kinderen, ouders en veel raadsleden zijn dan weg; kies zo mogelijk een andere week",
            )
        for r_index, reces in enumerate(proces.reces):
            if reces.van <= act.datum <= reces.tot:
                out.add(
                    "reces",
                    "waarschuwing",
                    loc,
                    f"{wanneer} valt in het reces{f' ({reces.naam})' if reces.naam else ''} "
                    f"(regel {out.loaded.line_of('reces', r_index)})",
                    "de raad vergadert dan niet; verplaats de activiteit of leg uit waarom ze toch doorgaat",
                )
        if act.besluit:
            verkiezing = verkiezingsperiode(act.datum)
            if verkiezing is not None:
                out.add(
                    "verkiezingen",
                    "waarschuwing",
                    loc,
                    f"het besluit op {nl.datum(act.datum)} valt rond de gemeenteraadsverkiezingen van "
                    f"{nl.datum(verkiezing)}",
                    "een vertrekkende raad besluit liever niet over grote dossiers en een nieuwe raad heeft "
                    "tijd nodig om zich in te werken; plan het besluit ruim ervoor of erna",
                )


def _check_kompas_links(out: _Collector, proces: Proces, kompas: Any) -> None:
    known = {
        "principes": ({p.id for p in kompas.leidende_principes}, "leidend principe"),
        "resultaten": ({r.id for r in kompas.maatschappelijke_resultaten}, "maatschappelijk resultaat"),
    }
    for key, (ids, what) in known.items():
        for index, ref in enumerate(getattr(proces.kompas, key)):
            if ref in ids:
                continue
            close = difflib.get_close_matches(ref, sorted(ids), n=1, cutoff=0.6)
            out.add(
                "kompas-verwijzing-onbekend",
                "fout",
                ("kompas", key, index),
                f"het kompas heeft geen {what} '{ref}'",
                f"bedoelt u '{close[0]}'?" if close else f"gebruik een id uit '{key}' van het kompas",
            )
