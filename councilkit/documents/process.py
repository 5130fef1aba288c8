"""The startnotitie (procesontwerp) of a council decision process, and its calendar.

`templates/startnotitie.md.j2` lays out what this module gathers from a proces.yaml: the aanleiding,
the seven elements with the framework's questions beside the answers, who takes part on which rung
of the participation ladder, the phases with a timeline chart and a table of every activity, and the
five questions of the information phase. A proces file with check errors still gives a document,
marked as concept with the findings up front, so a griffier can share a draft.

The same build feeds the iCalendar writer: every dated activity becomes an event in Europe/Amsterdam
time with a UID made of the process and activity ids, so re-importing an updated file changes the
events instead of adding copies. When the output file already exists (`--force`), its events are read
back and SEQUENCE goes up only for the events whose content changed, which is what calendar programs
look at to accept an update.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.checks.proces import check_proces
from councilkit.documents.pipeline import Built, DocumentType, Request, afzender
from councilkit.model.frameworks import load_proceskader
from councilkit.model.kompas import load_kompas
from councilkit.model.proces import TREDEN, Activiteit, Proces, load_proces
from councilkit.render import nl
from councilkit.render.document import DocumentMeta

if TYPE_CHECKING:
    from councilkit.checks.findings import Finding
    from councilkit.model.validate import Loaded

TIJDZONE = "Europe/Amsterdam"
#: Where the UIDs of councilkit events live; together with process and activity id globally unique.
UID_DOMEIN = "councilkit"

_WIJZE = {
    "ter-kennisname": "ter kennisname: de raad krijgt het ontwerp ter informatie",
    "ter-vaststelling": "ter vaststelling: de raad bespreekt het ontwerp, kan het amenderen en stelt het vast",
}
_KADERS = {
    "alleen-proces": "alleen proceskaders",
    "proces-en-inhoud": "proceskaders en inhoudelijke kaders",
}


@dataclass
class Detail:
    label: str
    tekst: str


@dataclass
class ElementRegel:
    """One of the seven elements: the framework's question and the process's answer."""

    id: str
    nummer: int
    naam: str
    vragen: list[str]
    antwoord: str | None
    details: list[Detail] = field(default_factory=list)
    lijst_label: str = ""
    lijst: list[str] = field(default_factory=list)


@dataclass
class DeelnemerRegel:
    groep: str
    trede: str | None
    trede_nummer: int | None
    vraag: str | None
    fasen: list[str]
    uitnodiging: str | None


@dataclass
class ActiviteitRegel:
    id: str
    titel: str
    fase: str
    datum: dt.date | None
    tijd: str
    vorm: str | None
    eigenaar: str | None
    genodigden: str
    plaats: str | None
    besluit: bool
    geannuleerd: bool
    toelichting: str | None


@dataclass
class FaseRegel:
    nummer: int
    naam: str
    term: str
    van: dt.date | None
    tot: dt.date | None
    doel: str | None
    kader_doel: str
    producten: list[str]
    aansluiting: str | None
    activiteiten: list[ActiviteitRegel]


@dataclass
class InformatieRegel:
    nummer: int
    kort: str
    tekst: str
    antwoord: str | None
    eigenaar: str | None
    activiteiten: list[str]


@dataclass
class Startnotitie:
    """Everything `templates/startnotitie.md.j2` reads."""

    id: str
    titel: str
    gemeente: str | None
    onderwerp: str
    aanleiding: str | None
    datum: dt.date
    concept: bool
    fouten: list[str]
    waarschuwingen: list[str]
    kompas_principes: list[str]
    kompas_resultaten: list[str]
    elementen: list[ElementRegel]
    ladder: list[str]
    participatie: list[DeelnemerRegel]
    fasen: list[FaseRegel]
    van: dt.date | None
    tot: dt.date | None
    grafiek: str | None
    informatievragen: list[InformatieRegel]
    reces: list[tuple[str, dt.date, dt.date]]
    activiteiten: list[ActiviteitRegel]
    besluit: ActiviteitRegel | None


def tijd_tekst(act: Activiteit) -> str:
    """`19:30–21:30`, `vanaf 19:30`, or `hele dag` when no time is given."""
    if act.begin is None:
        return "hele dag"
    if act.eind is None:
        return f"vanaf {act.begin:%H:%M}"
    return f"{act.begin:%H:%M}–{act.eind:%H:%M}"


def build_context(
    loaded: Loaded[Proces], *, findings: list[Finding], kompas: Any = None, today: dt.date | None = None
) -> Startnotitie:
    """Gather the startnotitie from a loaded proces file (and, when given, its kompas for names)."""
    proces = loaded.model
    kader = load_proceskader()
    fase_kader = {fase.id: fase for fase in kader.fasen}

    def term(fase_id: str) -> str:
        fase = fase_kader[fase_id]
        return (fase.ook_genoemd or fase.naam).capitalize()

    elementen: list[ElementRegel] = []
    for element in kader.elementen:
        value = getattr(proces.elementen, element.id, None)
        regel = ElementRegel(
            element.id, element.nummer, element.naam, element.vragen, value.antwoord if value else None
        )
        if value is not None:
            _element_details(regel, value, proces)
        elementen.append(regel)

    activiteiten: list[ActiviteitRegel] = []
    fasen: list[FaseRegel] = []
    for fase in proces.fasen:
        regels = [
            ActiviteitRegel(
                id=act.id,
                titel=act.titel,
                fase=term(fase.fase),
                datum=act.datum,
                tijd=tijd_tekst(act),
                vorm=act.vorm,
                eigenaar=act.eigenaar,
                genodigden=", ".join(act.genodigden),
                plaats=act.plaats,
                besluit=act.besluit,
                geannuleerd=act.geannuleerd,
                toelichting=act.toelichting,
            )
            for act in sorted(
                fase.activiteiten, key=lambda a: (a.datum or dt.date.max, a.begin or dt.time.min)
            )
        ]
        activiteiten += regels
        kf = fase_kader[fase.fase]
        fasen.append(
            FaseRegel(
                kf.nummer,
                kf.naam,
                term(fase.fase),
                fase.van,
                fase.tot,
                fase.doel,
                kf.doel,
                kf.producten,
                fase.aansluiting,
                regels,
            )
        )

    titels = {act.id: act.titel for _, _, _, act in proces.activiteiten()}
    given = {item.vraag: item for item in proces.informatievragen}
    informatie = [
        InformatieRegel(
            vraag.nummer,
            vraag.kort,
            vraag.tekst,
            given[vraag.id].antwoord if vraag.id in given else None,
            given[vraag.id].eigenaar if vraag.id in given else None,
            [titels.get(ref, ref) for ref in given[vraag.id].activiteiten] if vraag.id in given else [],
        )
        for vraag in kader.informatievragen
    ]
    principes, resultaten = list(proces.kompas.principes), list(proces.kompas.resultaten)
    if kompas is not None:
        names = {p.id: p.naam for p in kompas.leidende_principes}
        principes = [names.get(p, p) for p in principes]
        results = {r.id: r.omschrijving for r in kompas.maatschappelijke_resultaten}
        resultaten = [results.get(r, r) for r in resultaten]

    periods = [d for fase in proces.fasen for d in (fase.van, fase.tot) if d is not None]
    onderwerp = proces.onderwerp or "(onderwerp ontbreekt)"
    besluit = next((a for a in reversed(activiteiten) if a.besluit and not a.geannuleerd), None)
    return Startnotitie(
        id=proces.id,
        titel=f"Procesontwerp {onderwerp}",
        gemeente=proces.gemeente,
        onderwerp=onderwerp,
        aanleiding=proces.aanleiding,
        datum=today or dt.date.today(),
        concept=any(f.level == "fout" for f in findings),
        fouten=[
            f"{f.message} (regel {f.line})" if f.line else f.message for f in findings if f.level == "fout"
        ],
        waarschuwingen=[f.message[:1].upper() + f.message[1:] + "." for f in findings if f.level != "fout"],
        kompas_principes=principes,
        kompas_resultaten=resultaten,
        elementen=elementen,
        ladder=list(TREDEN),
        participatie=[
            DeelnemerRegel(
                d.groep,
                d.trede,
                TREDEN.index(d.trede) + 1 if d.trede else None,
                d.vraag,
                [term(f) for f in d.fasen],
                d.uitnodiging,
            )
            for d in proces.participatie
        ],
        fasen=fasen,
        van=min(periods) if periods else None,
        tot=max(periods) if periods else None,
        grafiek=_timeline_spec(proces, onderwerp, term),
        informatievragen=informatie,
        reces=[(r.naam or "reces", r.van, r.tot) for r in proces.reces],
        activiteiten=activiteiten,
        besluit=besluit,
    )


def _element_details(regel: ElementRegel, value: Any, proces: Proces) -> None:
    """The structured parts of an element (choices, tasks, roles) as labelled lines."""
    if regel.id == "opsteller" and value.opdrachtgever:
        regel.details.append(Detail("Opdrachtgever", value.opdrachtgever))
    elif regel.id == "vaststelling":
        if value.wijze:
            regel.details.append(Detail("Keuze", _WIJZE[value.wijze]))
        titels = {act.id: (act.titel, act.datum) for _, _, _, act in proces.activiteiten()}
        if value.activiteit in titels:
            titel, datum = titels[value.activiteit]
            regel.details.append(Detail("Behandeling", f"{titel}{f', {nl.datum(datum)}' if datum else ''}"))
    elif regel.id == "reikwijdte":
        if value.kaders:
            regel.details.append(Detail("Keuze", _KADERS[value.kaders]))
        regel.lijst_label, regel.lijst = (
            "Inhoudelijke kaders die de raad meegeeft",
            list(value.inhoudelijke_kaders),
        )
    elif regel.id == "samenleving" and value.communicatie:
        regel.details.append(Detail("Communicatie", value.communicatie))
    elif regel.id in ("organisatie", "afstemming"):
        items = value.taken if regel.id == "organisatie" else value.rollen
        regel.lijst_label = "Wie doet wat" if regel.id == "organisatie" else "Rollen"
        regel.lijst = [f"{t.wie}: {t.wat}" for t in items]


def _timeline_spec(proces: Proces, onderwerp: str, term: Any) -> str | None:
    """The `grafiek` block for the timeline, as one line of JSON (valid YAML that no text can break)."""
    balken: list[dict[str, object]] = []
    rijen = 0
    for fase in proces.fasen:
        if fase.van is None or fase.tot is None or fase.tot < fase.van:
            continue
        rijen += 1
        naam = term(fase.fase)
        balken.append({"naam": naam, "van": fase.van.isoformat(), "tot": fase.tot.isoformat()})
        for act in sorted(fase.activiteiten, key=lambda a: a.datum or dt.date.max):
            if act.datum is not None:
                balken.append(
                    {
                        "naam": act.titel,
                        "van": act.datum.isoformat(),
                        "rij": naam,
                        "afgelast": act.geannuleerd,
                        "besluit": act.besluit,
                    }
                )
    if not rijen:
        return None
    momenten = sum(1 for b in balken if "rij" in b)
    besluiten = sorted(str(b["van"]) for b in balken if b.get("besluit") and not b.get("afgelast"))
    first = min(str(b["van"]) for b in balken)
    last = max(str(b.get("tot") or b["van"]) for b in balken)
    alt = (
        f"Tijdlijn van {nl.aantal(rijen, 'fase', 'fasen')} van {nl.datum(str(first))} tot en met "
        f"{nl.datum(str(last))}, met {nl.aantal(momenten, 'activiteit', 'activiteiten')} als punten op de rij "
        "van hun fase"
        + (f"; de raad besluit op {nl.datum(besluiten[-1])}" if besluiten else "")
        + ". De tabel hieronder geeft dezelfde gegevens."
    )
    spec = {
        "type": "tijdlijn",
        "titel": f"Planning {onderwerp}",
        "balken": balken,
        "alt": alt,
        "bron": f"Procesontwerp {onderwerp}",
    }
    return json.dumps(spec, ensure_ascii=True)


# --------------------------------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------------------------------


@dataclass
class ProcesBuild:
    """What the writers get: the context plus the model (the calendar needs times, not text)."""

    context: Startnotitie
    proces: Proces


def build(request: Request) -> Built:
    """Load and check the proces file (with `--kompas` also its references), gather the context."""

    loaded = load_proces(request.inputs[0])
    kompas = None
    kompas_path = request.options.get("kompas")
    if kompas_path:
        kompas = load_kompas(Path(str(kompas_path))).model
    findings = check_proces(loaded, kompas=kompas)
    context = build_context(loaded, findings=findings, kompas=kompas)
    auteur, organisatie = afzender(request, context.gemeente or "", zonder_gemeente="Griffie")
    meta = DocumentMeta(
        titel=context.titel,
        ondertitel="Startnotitie: hoe de raad dit dossier behandelt",
        auteur=auteur,
        onderwerp=context.onderwerp,
        organisatie=organisatie,
        datum=context.datum,
        status="concept" if context.concept else "ontwerp",
        taal="nl-NL",
        trefwoorden=["procesontwerp", "startnotitie", context.onderwerp],
    )
    built = Built(
        variables={"s": context},
        meta=meta,
        payload=ProcesBuild(context, loaded.model),
        resources=loaded.file.parent,
    )
    zonder_datum = [a.id for a in context.activiteiten if a.datum is None]
    if zonder_datum:
        built.warnings.append(
            f"{nl.aantal(len(zonder_datum), 'activiteit heeft', 'activiteiten hebben', woorden=False)} geen datum "
            f"en {'staat' if len(zonder_datum) == 1 else 'staan'} niet in de agenda: {', '.join(zonder_datum)}"
        )
    if context.concept:
        built.warnings.append(
            f"het procesbestand bevat {nl.aantal(len(context.fouten), 'fout', 'fouten', woorden=False)}; "
            "de startnotitie is gemarkeerd als concept"
        )
    return built


# --------------------------------------------------------------------------------------------------
# iCalendar
# --------------------------------------------------------------------------------------------------


def event_uid(proces: Proces, activiteit_id: str) -> str:
    """The UID of an activity's event: the same for every export of the same process.

    Made of the activity id, the process id and the gemeente, so two gemeenten (or two processes)
    that both have an activity `raadsbesluit` never overwrite each other's events in one calendar.
    """
    import re

    gemeente = re.sub(r"[^a-z0-9]+", "-", (proces.gemeente or "").lower()).strip("-")
    return ".".join(part for part in (activiteit_id, proces.id, gemeente) if part) + f"@{UID_DOMEIN}"


def _inhoud(event: Any) -> str:
    """A fingerprint of what a reader sees in an event, to tell a changed event from an unchanged one."""
    parts = [
        event[name].to_ical().decode() if name in event else ""
        for name in ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _previous(path: Path) -> dict[str, tuple[int, str]]:
    """UID → (SEQUENCE, fingerprint) from an earlier export at `path`; empty when there is none."""
    if not path.is_file():
        return {}
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except Exception:  # not our calendar, or damaged: start counting again
        return {}
    found: dict[str, tuple[int, str]] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        found[uid] = (int(event.get("SEQUENCE", 0)), str(event.get("X-COUNCILKIT-INHOUD", "")))
    return found


def _beschrijving(act: Activiteit, fase: str, onderwerp: str) -> str:
    lines = [f"{onderwerp} — fase {fase.lower()}"]
    for label, value in (
        ("Vorm", act.vorm),
        ("Eigenaar", act.eigenaar),
        ("Genodigden", ", ".join(act.genodigden)),
        ("Toelichting", act.toelichting),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if act.besluit:
        lines.append("De raad neemt hier een besluit.")
    if act.geannuleerd:
        lines.append("Deze activiteit gaat niet door.")
    return "\n".join(lines)


def calendar_bytes(
    proces: Proces, *, previous: dict[str, tuple[int, str]] | None = None, now: dt.datetime | None = None
) -> bytes:
    """The .ics of every dated activity (library `icalendar`, which escapes all text)."""
    from zoneinfo import ZoneInfo

    import icalendar

    tz = ZoneInfo(TIJDZONE)
    now = now or dt.datetime.now(dt.UTC)
    previous = previous or {}
    kader = {fase.id: fase for fase in load_proceskader().fasen}
    onderwerp = proces.onderwerp or proces.id
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//councilkit//procesontwerp//NL")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", f"Procesontwerp {onderwerp}")
    calendar.add("X-WR-TIMEZONE", TIJDZONE)
    for _, _, fase, act in proces.activiteiten():
        if act.datum is None:
            continue
        event = icalendar.Event()
        uid = event_uid(proces, act.id)
        event.add("UID", uid)
        event.add("DTSTAMP", now)
        if act.begin is None:
            event.add("DTSTART", act.datum)
            event.add("DTEND", act.datum + dt.timedelta(days=1))
            event.add("TRANSP", "TRANSPARENT")
        else:
            event.add("DTSTART", dt.datetime.combine(act.datum, act.begin, tzinfo=tz))
            if act.eind is not None and act.eind > act.begin:
                event.add("DTEND", dt.datetime.combine(act.datum, act.eind, tzinfo=tz))
        event.add("SUMMARY", act.titel)
        if act.plaats:
            event.add("LOCATION", act.plaats)
        kf = kader[fase.fase]
        event.add("DESCRIPTION", _beschrijving(act, kf.ook_genoemd or kf.naam, onderwerp))
        event.add("CATEGORIES", [(kf.ook_genoemd or kf.naam).capitalize()])
        event.add("STATUS", "CANCELLED" if act.geannuleerd else "CONFIRMED")
        inhoud = _inhoud(event)
        sequence, vorige = previous.get(uid, (0, inhoud))
        event.add("SEQUENCE", sequence if vorige == inhoud else sequence + 1)
        event.add("X-COUNCILKIT-INHOUD", inhoud)
        calendar.add_component(event)
    dates = [act.datum for _, _, _, act in proces.activiteiten() if act.datum is not None]
    if dates:
        # Only the transitions of the years the process spans: a VTIMEZONE from 1970 to 2038 is 70 lines.
        calendar.add_missing_timezones(
            first_date=dt.date(min(dates).year, 1, 1), last_date=dt.date(max(dates).year + 1, 12, 31)
        )
        for timezone in calendar.walk("VTIMEZONE"):
            timezone.pop("COMMENT", None)  # the library's English note on the covered range
    return calendar.to_ical()


def write_ics(built: Built, tmp: Path, request: Request) -> None:
    """The `ics` writer of the startnotitie: the activities as a calendar file."""
    payload = built.payload
    assert isinstance(payload, ProcesBuild)
    tmp.write_bytes(calendar_bytes(payload.proces, previous=_previous(request.output)))


STARTNOTITIE = DocumentType(
    name="startnotitie",
    template="startnotitie.md.j2",
    formats=("docx", "html", "md", "ics"),
    build=build,
    writers={"ics": write_ics},
)
