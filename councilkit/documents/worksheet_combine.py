"""The griffie's synthesis of N filled-in worksheets, and a draft kompas that traces every item back.

What was named (values, principles, results, requirements: the `lijst` fields of the form), how
often and by which fracties; what at least half of the raadsleden named (common ground) and what
only some did (the differences); the koppeltabel rows and the open answers per raadslid.

Grouping is conservative and always visible. Two wordings count as one when they are equal after
plain normalisation (case, accents, punctuation, spaces) or when `frameworks/woordenlijst.yaml` says
they mean the same; the synthesis lists every wording in every group. rapidfuzz only *proposes*
further groups ("mogelijk hetzelfde"); they are shown for the griffie to decide and never merged.

A raadslid counts once: two worksheets with the same name are resolved by the latest `datum`, and
the synthesis and the terminal say which one counted; equal dates are an error, never a guess.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.documents.pipeline import Built, DocumentType, Request
from councilkit.documents.worksheet_read import read_any, refuse_input_as_output
from councilkit.domeinen import SOCIAAL_DOMEIN
from councilkit.errors import InputError
from councilkit.model.frameworks import load_woordenlijst
from councilkit.model.werkblad import Werkblad, dump_yaml
from councilkit.model.werkbladformulier import Werkbladformulier, load_formulier
from councilkit.render.document import DocumentMeta
from councilkit.taal import opsomming

#: From this rapidfuzz score (0–100; plain, token-set, or without spaces) two different wordings are
#: proposed (never merged) as one.
VOORSTEL_DREMPEL = 85
GEEN_FRACTIE = "(geen fractie)"
#: How many groups a chart shows (the table below it always has all of them).
GRAFIEK_MAX = 12

KOMPAS_NAMEN = {
    "waarden": "Maatschappelijke waarden",
    "leidende_principes": "Leidende principes",
    "maatschappelijke_resultaten": "Maatschappelijke resultaten",
    "kwaliteitseisen": "Kwaliteitseisen",
}


# --------------------------------------------------------------------------------------------------
# Normalisation and the vocabulary
# --------------------------------------------------------------------------------------------------


def normaliseer(text: str) -> str:
    """The comparison key of a wording: no case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def woordenlijst_index(path: Path | None = None) -> dict[str, str]:
    """Normalised wording → the vocabulary's term; a wording in two groups is an error."""

    index: dict[str, str] = {}
    for groep in load_woordenlijst(path).groepen:
        for wording in (groep.term, *groep.ook):
            key = normaliseer(wording)
            if key in index and index[key] != groep.term:
                raise InputError(
                    f"'{wording}' staat in de woordenlijst bij '{index[key]}' én bij '{groep.term}'",
                    file="frameworks/woordenlijst.yaml",
                    hint="laat elke formulering in één groep staan",
                )
            index[key] = groep.term
    return index


# --------------------------------------------------------------------------------------------------
# The synthesis as data
# --------------------------------------------------------------------------------------------------


@dataclass
class Raadslid:
    naam: str
    fractie: str
    datum: str | None
    bron: str
    werkblad: Werkblad

    @property
    def wie(self) -> str:
        return f"{self.naam} ({self.fractie})"


@dataclass
class Groep:
    """One value, principle, result or requirement as named by one or more raadsleden."""

    id: str
    sleutel: str
    label: str
    via_woordenlijst: bool
    noemers: list[Raadslid] = field(default_factory=list)
    formuleringen: Counter[str] = field(default_factory=Counter)

    @property
    def aantal(self) -> int:
        return len(self.noemers)

    @property
    def per_fractie(self) -> dict[str, int]:
        return dict(sorted(Counter(r.fractie for r in self.noemers).items()))

    @property
    def herkomst(self) -> str:
        return "Genoemd door " + ", ".join(r.wie for r in self.noemers)

    @property
    def samengenomen(self) -> bool:
        return len(self.formuleringen) > 1


@dataclass
class Voorstel:
    a: Groep
    b: Groep
    score: int


@dataclass
class Onderdeel:
    """One `lijst` field of the form across all worksheets."""

    veld: str
    titel: str
    kompas: str | None
    groepen: list[Groep]
    voorstellen: list[Voorstel]
    gemeenschappelijk: list[Groep]
    verschillen: list[Groep]
    grafiek: str | None = None


@dataclass
class Tekstvraag:
    label: str
    antwoorden: list[tuple[Raadslid, str]]


@dataclass
class Koppelregel:
    raadslid: Raadslid
    cellen: dict[str, str]


@dataclass
class Synthese:
    formulier: Werkbladformulier
    gemeente: str
    datum: dt.date
    werkbladen: list[Raadslid]
    fracties: dict[str, int]
    drempel: int
    onderdelen: list[Onderdeel]
    teksten: list[Tekstvraag]
    koppeltabel: list[Koppelregel]
    niet_meegeteld: list[str]
    kolommen: list[tuple[str, str]]
    links: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    onderbouwingen: dict[str, list[tuple[Raadslid, str]]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------------


def _slug(text: str, used: set[str], fallback: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", normaliseer(text).encode("ascii", "ignore").decode()).split()
    base = ""
    for word in words:  # whole words, at most about 40 characters: ids stay readable
        if base and len(base) + 1 + len(word) > 40:
            break
        base = f"{base}-{word}" if base else word[:40]
    base = base or fallback
    slug, n = base, 2
    while slug in used:
        slug = f"{base}-{n}"
        n += 1
    used.add(slug)
    return slug


def load_werkbladen(paths: list[Path], warnings: list[str]) -> tuple[list[Raadslid], list[str]]:
    """Read every input; skip empty ones (said), resolve doubles by date (said), refuse mixtures."""

    if not paths:
        raise InputError("geef minstens één ingevuld werkblad op")
    gelezen: list[tuple[Path, Werkblad]] = []
    niet_meegeteld: list[str] = []
    gezien: set[Path] = set()
    for path in paths:
        if Path(path).resolve() in gezien:
            warnings.append(f"{path} is twee keer opgegeven; het telt één keer")
            continue
        gezien.add(Path(path).resolve())
        werkblad, extra = read_any(path, allow_empty=True)
        warnings += extra
        if gelezen and werkblad.werkblad != gelezen[0][1].werkblad:
            raise InputError(
                f"dit is een werkblad '{werkblad.werkblad}', de eerdere zijn '{gelezen[0][1].werkblad}'",
                file=path,
                hint="voeg alleen werkbladen van dezelfde soort samen",
            )
        if gelezen and werkblad.variant != gelezen[0][1].variant:
            raise InputError(
                "dit werkblad is van de andere variant (voor de raad samen of voor één raadslid) dan de eerdere",
                file=path,
                hint="voeg de werkbladen van raadsleden en de uitkomst van de raad apart samen",
            )
        if werkblad.is_leeg():
            melding = f"{path.name}: er is niets ingevuld; dit werkblad telt niet mee"
            warnings.append(melding)
            niet_meegeteld.append(melding)
            continue
        if werkblad.variant == "zelf" and not (werkblad.naam or "").strip():
            raise InputError(
                "het werkblad zegt niet wie het invulde",
                file=path,
                hint="vraag het raadslid het werkblad opnieuw te bewaren met naam en fractie, of vul 'naam' in "
                "het ingelezen YAML-bestand in",
            )
        gelezen.append((Path(path), werkblad))

    per_naam: dict[str, list[tuple[Path, Werkblad]]] = {}
    for path, werkblad in gelezen:
        per_naam.setdefault(normaliseer(werkblad.naam or path.stem), []).append((path, werkblad))
    raadsleden: list[Raadslid] = []
    for versies in per_naam.values():
        if len(versies) > 1:
            versies = sorted(versies, key=lambda pw: pw[1].datum or "")
            laatste, vorige = versies[-1], versies[-2]
            if (laatste[1].datum or "") == (vorige[1].datum or ""):
                raise InputError(
                    f"{laatste[1].naam} staat twee keer in de invoer met dezelfde datum "
                    f"({vorige[0].name} en {laatste[0].name}); councilkit kiest niet zelf",
                    file=laatste[0],
                    hint="laat één van beide bestanden weg",
                )
            for path, werkblad in versies[:-1]:
                melding = (
                    f"{werkblad.naam} staat {len(versies)} keer in de invoer; het werkblad van "
                    f"{laatste[1].datum} ({laatste[0].name}) telt, dat van {werkblad.datum or 'zonder datum'} "
                    f"({path.name}) niet"
                )
                warnings.append(melding)
                niet_meegeteld.append(melding)
        path, werkblad = versies[-1]
        fractie = (werkblad.fractie or "").strip() or GEEN_FRACTIE
        if fractie == GEEN_FRACTIE and werkblad.variant == "zelf":
            warnings.append(f"{path.name}: geen fractie ingevuld; geteld als '{GEEN_FRACTIE}'")
        raadsleden.append(
            Raadslid(
                naam=(werkblad.naam or "").strip() or "De raad",
                fractie=fractie,
                datum=werkblad.datum,
                bron=path.name,
                werkblad=werkblad,
            )
        )
    if not raadsleden:
        raise InputError("in geen van de werkbladen is iets ingevuld", hint="controleer de bestanden")
    raadsleden.sort(key=lambda r: (r.fractie.casefold(), r.naam.casefold()))
    return raadsleden, niet_meegeteld


def synthese(paths: list[Path], *, gemeente: str | None, vandaag: dt.date, warnings: list[str]) -> Synthese:
    raadsleden, niet_meegeteld = load_werkbladen(paths, warnings)
    eerste = raadsleden[0].werkblad
    formulier = load_formulier(eerste.werkblad, eerste.variant)
    if not gemeente:
        namen = sorted({r.werkblad.gemeente for r in raadsleden if r.werkblad.gemeente})
        gemeente = namen[0] if len(namen) == 1 else ""
        if len(namen) > 1:
            warnings.append(
                f"de werkbladen noemen verschillende gemeenten ({', '.join(namen)}); geef --gemeente"
            )
    vocab = woordenlijst_index()
    n = len(raadsleden)
    drempel = (n + 1) // 2  # at least half
    used_ids: set[str] = set()
    onderdelen: list[Onderdeel] = []
    index_per_veld: dict[str, dict[str, Groep]] = {}
    for veld in formulier.velden.values():
        if not veld.is_lijst:
            continue
        groepen: dict[str, Groep] = {}
        for raadslid in raadsleden:
            antwoord = raadslid.werkblad.antwoorden.get(veld.id) or []
            items = antwoord if isinstance(antwoord, list) else [antwoord]
            for item in items:
                if not item.strip():
                    continue
                eigen = normaliseer(item)
                term = vocab.get(eigen)
                sleutel = normaliseer(term) if term else eigen
                groep = groepen.get(sleutel)
                if groep is None:
                    groep = groepen[sleutel] = Groep(id="", sleutel=sleutel, label="", via_woordenlijst=False)
                if term:
                    groep.via_woordenlijst = True
                    groep.label = term
                groep.formuleringen[item.strip()] += 1
                if raadslid not in groep.noemers:
                    groep.noemers.append(raadslid)
        lijst = list(groepen.values())
        for groep in lijst:
            if not groep.label:
                groep.label = groep.formuleringen.most_common(1)[0][0]
        lijst.sort(key=lambda g: (-g.aantal, g.label.casefold()))
        prefix = {"waarden": "waarde", "leidende_principes": "principe"}.get(veld.kompas or "", "item")
        for groep in lijst:
            groep.id = _slug(groep.label, used_ids, prefix)
        index_per_veld[veld.id] = groepen
        onderdelen.append(
            Onderdeel(
                veld=veld.id,
                titel=KOMPAS_NAMEN.get(veld.kompas or "", veld.label),
                kompas=veld.kompas,
                groepen=lijst,
                voorstellen=_voorstellen(lijst),
                gemeenschappelijk=[g for g in lijst if g.aantal >= drempel],
                verschillen=[g for g in lijst if g.aantal < drempel],
            )
        )
    fracties = dict(sorted(Counter(r.fractie for r in raadsleden).items(), key=lambda kv: kv[0].casefold()))
    for onderdeel in onderdelen:
        onderdeel.grafiek = _grafiek(onderdeel, fracties, n) if onderdeel.groepen else None

    teksten = []
    for veld in formulier.velden.values():
        if veld.is_lijst:
            continue
        antwoorden = [
            (r, str(r.werkblad.antwoorden[veld.id])) for r in raadsleden if veld.id in r.werkblad.antwoorden
        ]
        if antwoorden:
            teksten.append(Tekstvraag(veld.label, antwoorden))

    koppel: list[Koppelregel] = []
    links: dict[str, dict[str, set[str]]] = {}
    onderbouwingen: dict[str, list[tuple[Raadslid, str]]] = {}
    kolommen = list(formulier.koppeltabel.kolommen) if formulier.koppeltabel else []
    for raadslid in raadsleden:
        for rij in raadslid.werkblad.koppeltabel:
            koppel.append(Koppelregel(raadslid, rij))
            ids: dict[str, str] = {}
            for kolom in kolommen:
                cel = rij.get(kolom.id, "")
                if kolom.keuzes_uit and cel.strip() and kolom.keuzes_uit in index_per_veld:
                    eigen = normaliseer(cel)
                    sleutel = normaliseer(vocab[eigen]) if eigen in vocab else eigen
                    groep = index_per_veld[kolom.keuzes_uit].get(sleutel)
                    if groep is not None and kolom.kompas:
                        ids[kolom.kompas] = groep.id
            principe = ids.get("leidende_principes")
            if principe:
                if "waarden" in ids:
                    links.setdefault(principe, {}).setdefault("waarden", set()).add(ids["waarden"])
                onderbouwing = next(
                    (rij[k.id] for k in kolommen if not k.keuzes_uit and rij.get(k.id, "").strip()), None
                )
                if onderbouwing:
                    onderbouwingen.setdefault(principe, []).append((raadslid, onderbouwing))
            resultaat = ids.get("maatschappelijke_resultaten")
            if resultaat and principe:
                links.setdefault(resultaat, {}).setdefault("principes", set()).add(principe)
    return Synthese(
        formulier=formulier,
        gemeente=gemeente or "",
        datum=vandaag,
        werkbladen=raadsleden,
        fracties=fracties,
        drempel=drempel,
        onderdelen=onderdelen,
        teksten=teksten,
        koppeltabel=koppel,
        niet_meegeteld=niet_meegeteld,
        kolommen=[(k.id, k.kop) for k in kolommen],
        links=links,
        onderbouwingen=onderbouwingen,
    )


def _voorstellen(groepen: list[Groep]) -> list[Voorstel]:
    """Pairs of groups whose wordings look alike: proposed to the griffie, never merged."""
    if len(groepen) < 2:
        return []
    from rapidfuzz import fuzz

    found = []
    for i, a in enumerate(groepen):
        for b in groepen[i + 1 :]:
            score = max(
                fuzz.ratio(a.sleutel, b.sleutel),
                fuzz.token_set_ratio(a.sleutel, b.sleutel),
                fuzz.ratio(a.sleutel.replace(" ", ""), b.sleutel.replace(" ", "")),
            )
            if score >= VOORSTEL_DREMPEL:
                found.append(Voorstel(a, b, round(score)))
    return found


def _grafiek(onderdeel: Onderdeel, fracties: dict[str, int], n: int) -> str:
    """A `grafiek` block: per group how many raadsleden of each fractie named it."""
    groepen = onderdeel.groepen[:GRAFIEK_MAX]
    spec = {
        "type": "staaf",
        "titel": f"{onderdeel.titel}: genoemd per fractie",
        "x": [g.label for g in groepen],
        "series": [{"naam": f, "waarden": [g.per_fractie.get(f, 0) for g in groepen]} for f in fracties],
        "eenheid": "raadsleden",
        "x_titel": "Genoemd",
        "alt": f"Staafdiagram: hoeveel raadsleden per fractie elk onderdeel noemden. Het vaakst genoemd: "
        f"{groepen[0].label} ({groepen[0].aantal} van de {n} raadsleden).",
        "bron": f"werkbladen van {n} raadsleden, samengevoegd met councilkit",
    }
    # JSON is valid YAML; escaping backticks keeps a typed ``` from closing the fenced block.
    text = json.dumps(spec, ensure_ascii=True, indent=1).replace("`", "\\u0060")
    return f"```grafiek\n{text}\n```"


# --------------------------------------------------------------------------------------------------
# Markdown-safe text: what a raadslid typed stays text in every output
# --------------------------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:])")


def _md_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line.strip())
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", line)


def md_tekst(text: object, *, cel: bool = False) -> str:
    """Typed text as Markdown that shows exactly that text: markup characters backslash-escaped.

    Characters that start markup anywhere are always escaped, list and heading markers only at the
    start of a line, so the Markdown file stays readable. In a table cell line breaks become ' / ';
    elsewhere each line ends in a hard line break.
    """
    lines = [_md_line(line) for line in str(text).replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if cel:
        return " / ".join(lines) or "–"
    return "\\\n".join(lines) or "–"


# --------------------------------------------------------------------------------------------------
# Document type
# --------------------------------------------------------------------------------------------------


def build(request: Request) -> Built:
    warnings: list[str] = []
    vandaag = request.options.get("vandaag")
    datum = vandaag if isinstance(vandaag, dt.date) else dt.date.today()

    refuse_input_as_output(list(request.inputs), [request.output])
    if request.format == "yaml":
        _kompas_options(request, datum)  # refuse bad options before reading anything
    gemeente = request.options.get("gemeente")
    result = synthese(
        list(request.inputs), gemeente=str(gemeente) if gemeente else None, vandaag=datum, warnings=warnings
    )
    n = len(result.werkbladen)
    meta = DocumentMeta(
        titel=f"Synthese werkbladen: {result.formulier.titel}",
        ondertitel=f"{n} {'raadslid' if n == 1 else 'raadsleden'} uit {len(result.fracties)} "
        f"{'fractie' if len(result.fracties) == 1 else 'fracties'}"
        + (f" — gemeente {result.gemeente}" if result.gemeente else ""),
        organisatie=f"Griffie gemeente {result.gemeente}" if result.gemeente else "Griffie",
        onderwerp=f"synthese werkblad {result.formulier.soort}",
        datum=datum,
        status="Concept",
        trefwoorden=["werkblad", "synthese", result.formulier.soort],
    )
    return Built(
        variables={"s": result, "md": md_tekst, "namen": opsomming},
        meta=meta,
        payload=result,
        warnings=warnings,
    )


def _kompas_options(request: Request, vandaag: dt.date) -> tuple[str, tuple[int, int]]:
    code = request.options.get("gemeentecode")
    if not code or not re.fullmatch(r"GM\d{4}", str(code)):
        raise InputError(
            "een conceptkompas heeft de CBS-code van de gemeente nodig"
            if not code
            else f"'{code}' is geen CBS-gemeentecode",
            hint="geef --gemeentecode, bijvoorbeeld --gemeentecode GM0758 (Breda)",
        )
    periode = request.options.get("periode")
    if periode:
        match = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", str(periode))
        if not match or int(match.group(2)) < int(match.group(1)):
            raise InputError(f"'{periode}' is geen periode", hint="geef bijvoorbeeld --periode 2027-2030")
        return str(code), (int(match.group(1)), int(match.group(2)))
    return str(code), (vandaag.year + 1, vandaag.year + 4)


def kompas_data(result: Synthese, request: Request) -> dict[str, Any]:
    """The draft kompas: every group of a kompas field, with who named it in `herkomst`."""
    code, (van, tot) = _kompas_options(request, result.datum)
    n = len(result.werkbladen)
    blokken: dict[str, list[dict[str, Any]]] = {k: [] for k in KOMPAS_NAMEN}
    for onderdeel in result.onderdelen:
        if onderdeel.kompas is None:
            continue
        for groep in onderdeel.groepen:
            status = (
                "gemeenschappelijke grond"
                if groep.aantal >= result.drempel
                else "genoemd door minder dan de helft; bespreken"
            )
            toelichting = f"Genoemd door {groep.aantal} van de {n} raadsleden ({status})."
            if groep.samengenomen:
                toelichting += " Formuleringen: " + "; ".join(f"'{f}'" for f in groep.formuleringen) + "."
            item: dict[str, Any] = {"id": groep.id}
            if onderdeel.kompas == "waarden":
                item |= {"naam": groep.label, "toelichting": toelichting}
            elif onderdeel.kompas == "leidende_principes":
                item["naam"] = groep.label
                onderbouwing = result.onderbouwingen.get(groep.id)
                if onderbouwing:
                    item["onderbouwing"] = "\n".join(f"{tekst} ({r.wie})" for r, tekst in onderbouwing)
                waarden = sorted(result.links.get(groep.id, {}).get("waarden", set()))
                if waarden:
                    item["waarden"] = waarden
                item["toelichting"] = toelichting
            elif onderdeel.kompas == "maatschappelijke_resultaten":
                item["omschrijving"] = groep.label
                principes = sorted(result.links.get(groep.id, {}).get("principes", set()))
                if principes:
                    item["principes"] = principes
                item["toelichting"] = toelichting
            else:
                item["eis"] = groep.label
            item["herkomst"] = groep.herkomst
            blokken[onderdeel.kompas].append(item)
    wie = ", ".join(f"{f} ({aantal})" for f, aantal in result.fracties.items())
    data: dict[str, Any] = {
        "soort": "kompas",
        "titel": f"Conceptkompas {result.gemeente}".strip()
        + f" uit de werkbladen '{result.formulier.titel}'",
        "gemeente": {"naam": result.gemeente or "(gemeente)", "code": code},
        "domein": str(request.options.get("domein") or SOCIAAL_DOMEIN),
        "periode": {"van": van, "tot": tot},
        "toelichting": f"Concept van de griffie, samengesteld op {result.datum.isoformat()} uit de werkbladen van "
        f"{n} raadsleden: {wie}. Bij elk onderdeel staat in 'herkomst' wie het noemde en in 'toelichting' hoe "
        "vaak. Niets is weggelaten; wat minder dan de helft noemde, is om te bespreken.",
    }
    for key, items in blokken.items():
        data[key] = items
    return data


def _write_yaml(built: Built, tmp: Path, request: Request) -> None:
    assert isinstance(built.payload, Synthese)
    data = kompas_data(built.payload, request)
    header = (
        "# Conceptkompas, samengevoegd uit ingevulde werkbladen met 'councilkit worksheet combine'.\n"
        "# Controleer met 'councilkit check'; vul indicatoren, nulmetingen en streefwaarden aan.\n"
    )
    tmp.write_text(header + dump_yaml(data), encoding="utf-8")


SYNTHESE = DocumentType(
    name="synthese van werkbladen",
    template="werkblad-synthese.md.j2",
    formats=("docx", "html", "md", "yaml"),
    build=build,
    writers={"yaml": _write_yaml},
)
