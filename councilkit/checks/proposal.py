"""The pre-check of a raadsvoorstel against the council's criteria: explainable rules, fully offline.

Plain keyword presence is a poor judge: "alternatief" and "uitvoering" turn up in sentences that
answer nothing ("Alternatieven zijn niet onderzocht", "De uitvoering ligt bij de regio"). So each
criterion is split into the parts a griffier looks for, and a part only counts when a sentence has
the *shape* of an answer:

- A: a named earlier frame of the council, with a date, and a sentence on how the proposal relates to it;
- B: an expected effect that says what changes, and a risk or unwanted effect with what is then done;
- C: the people who carry it out were consulted and their view is reported, or capacity is quantified;
- D: another option is named, and why it was not chosen;
- E: a measurable target (a number) and a moment when the council hears about it.

Sentences with hollow phrases ("n.v.t.", "volgt later", "niet onderzocht", "wordt nader bepaald")
never count as an answer; they are shown as what they are. A section whose heading names the topic
("Alternatieven", "Hoe meten we het") makes its sentences count for that topic even without the
keyword. Every status carries the sentences and the reason it rests on, so a reader can disagree.

Criteria a council adds itself (`--criteria`) have no built-in rules; they are judged on their
`signalen` and say so.

Why one module of this size: the rules for A–E, the publiekssamenvatting and the kompas references
share one sentence model and one set of hollow-phrase patterns, and they are tuned together against
the labelled set; split per criterion, the patterns that must be read side by side would scatter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from councilkit.model.proposal import Sectie, Voorstel, Zin, normalise, progress, split_sentences

if TYPE_CHECKING:
    from councilkit.model.catalogue import Indicator
    from councilkit.model.frameworks import Criterium, Raadsvoorstelkader
    from councilkit.model.kompas import Kompas

Status = Literal["aanwezig", "deels", "ontbreekt"]
STATUSSEN: tuple[Status, ...] = ("aanwezig", "deels", "ontbreekt")


@dataclass
class Bewijs:
    """A quoted sentence and what it shows (`steun`) or why it does not count (`leeg`)."""

    sectie: str
    zin: str
    wat: str
    soort: Literal["steun", "leeg"] = "steun"


@dataclass
class Oordeel:
    """The verdict on one criterion: status, why, the evidence and the questions for the college."""

    id: str
    criterium: str
    naam: str
    status: Status
    waarom: str
    bewijs: list[Bewijs] = field(default_factory=list)
    vragen: list[str] = field(default_factory=list)


@dataclass
class Leesbaarheid:
    """A readability indication for Dutch text; an indication towards B1, never a verdict."""

    woorden: int
    zinnen: int
    flesch_douma: float
    woorden_per_zin: float
    lettergrepen_per_woord: float
    lange_woorden: float  # share of words with four syllables or more
    zeldzame_woorden: float  # share of words rare in Dutch (wordfreq Zipf below 3)
    voorbeelden_zeldzaam: list[str]
    indicatie: str


@dataclass
class KompasVerwijzing:
    soort: Literal["waarde", "principe", "resultaat"]
    id: str
    naam: str
    hoe: Literal["genoemd", "verwant"]
    bewijs: list[Bewijs]
    indicator: str | None = None
    indicator_genoemd: bool | None = None


@dataclass
class KompasToets:
    bestand: str
    verwijzingen: list[KompasVerwijzing]
    niet_genoemd: list[tuple[str, str, str]]  # (soort, id, naam)

    @property
    def zonder_indicator(self) -> list[KompasVerwijzing]:
        return [v for v in self.verwijzingen if v.soort == "resultaat" and v.indicator_genoemd is False]


@dataclass
class Toets:
    """The whole pre-check of one proposal."""

    bestand: str
    titel: str | None
    woorden: int
    secties: int
    criteria: list[Oordeel]
    publiekssamenvatting: Oordeel
    leesbaarheid: Leesbaarheid | None
    kompas: KompasToets | None
    vervolgvragen: list[str]


# --------------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------------


class _Patroon:
    """A compiled pattern that remembers its answer per text.

    The same sentence meets the same pattern several times (once per part and criterion that asks);
    on a 500-page proposal that repetition, not the first match, is what costs time.
    """

    __slots__ = ("cache", "rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.cache: dict[str, re.Match[str] | None] = {}

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def search(self, text: str) -> re.Match[str] | None:
        try:
            return self.cache[text]
        except KeyError:
            if len(self.cache) > 100_000:
                self.cache.clear()
            found = self.cache[text] = self.rx.search(text)
            return found


def _rx(*patterns: str) -> _Patroon:
    return _Patroon(re.compile("|".join(f"(?:{p})" for p in patterns)))


_JAAR = r"\b(?:19|20)\d{2}\b"
_MAAND = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_GETAL = r"\d"

#: Phrases that hold the place of an answer without giving one.
HOL = _rx(
    r"\bn\.?\s?v\.?\s?t\b",
    r"niet van toepassing",
    r"\b(?:volgt|volgen)\s+(?:later|nog|te zijner tijd)\b",
    r"^\s*(?:volgt|volgen)\s+later\b",
    r"\b(?:later|nader)\s+(?:uitgewerkt|bepaald|ingevuld|uit te werken)\b",
    r"\bworden?\s+(?:nader|later)\b",
    r"in een later stadium",
    r"te zijner tijd",
    r"in kaart gebracht",
    r"\bnog\s+(?:berekend|bepaald|uitgewerkt|onderzocht)\b",
    r"\bniet\s+(?:onderzocht|overwogen|bekeken|aan de orde)\b",
    r"\b(?:er zijn|zijn er)\s+geen\s+(?:risico|alternatie|gevolgen|effecten)",
    r"^\s*geen\.?\s*$",
    r"\b(?:verschillende|diverse|meerdere)\s+(?:alternatieven|scenario'?s|opties|varianten)\b(?!\s*:)",
    r"\bvoldoende\s+geborgd\b",
    r"\b(?:deze|die)\s+worden\s+beheerst\b",
    r"\b(?:wordt|worden)\s+(?:getoetst|betrokken|opgepakt)\b",
    r"\bligt bij\b",
    r"\bvoortgang\s+(?:monitoren|volgen|bewaken)\b",
    r"\bzal\s+positieve?\b",
    r"\bpast binnen (?:de|het) (?:kaders|beleid|visie)\b(?![^.]*(?:" + _JAAR + r"|['\"]))",
)


def hol(zin: Zin) -> bool:
    return bool(HOL.search(zin.plat))


# --------------------------------------------------------------------------------------------------
# Rules per criterion
# --------------------------------------------------------------------------------------------------


@dataclass
class Deel:
    """One part of a criterion: what a sentence must look like to count, and what to ask if it is absent."""

    naam: str
    test: Callable[[Zin, Sectie, Voorstel], bool]
    vragen: tuple[str, ...] = ()


@dataclass
class Regels:
    """How a criterion is judged: its parts, the headings that name its topic, and the status rule."""

    delen: list[Deel]
    koppen: re.Pattern[str]
    status: Callable[[dict[str, list[Zin]]], tuple[Status, str]]


def _buren(zin: Zin, sectie: Sectie, van: int, tot: int) -> list[Zin]:
    """The sentences `van`..`tot` places from `zin` within its section (sections are contiguous)."""
    pos = zin.index - sectie.zinnen[0].index
    return sectie.zinnen[max(0, pos + van) : max(0, pos + tot + 1)]


def _sectie_heeft(
    sectie: Sectie, voorstel: Voorstel, naam: str, test: Callable[[Zin, Sectie, Voorstel], bool]
) -> bool:
    """Whether any sentence of the section passes `test`; remembered per section, so long ones stay linear."""
    if naam not in sectie.kenmerken:
        sectie.kenmerken[naam] = any(test(z, sectie, voorstel) for z in sectie.zinnen)
    return sectie.kenmerken[naam]


# --- A: earlier frames -----------------------------------------------------------------------------

_KADER_WOORD = (
    r"(?:beleidsplan|beleidskader|kader|visie|nota|koersnota|verordening|motie|agenda|plan|akkoord|"
    r"raadsbesluit|programma|beleid|strategie|koersdocument)"
)
_KADER = re.compile(r"\b(\w*?)" + _KADER_WOORD + r"(?:s|en)?\b")
_RAAD_BESLUIT = _rx(
    r"\braad\b",
    r"raadsbesluit",
    r"vastgesteld",
    r"vaststelde",
    r"aangenomen",
    r"\bnam\b.*\baan\b",
    r"\bkoos\b",
)
_RELATIE = _rx(
    r"sluit\w* (?:ook )?aan bij",
    r"\bpast (?:in|binnen|bij)\b",
    r"\bpast niet\b",
    r"in lijn met",
    r"bouwt voort op",
    r"uitwerking van",
    r"\bwerkt\b.*\buit\b",
    r"\bvoert\b.*\buit\b",
    r"uitvoering aan",
    r"\bvolgt uit\b",
    r"vloeit voort",
    r"\bvervangt\b",
    r"\bbotst",
    r"schuren",
    r"strijdig",
    r"volgende stap",
    r"\bvult\b.*\bin\b",
    r"in de praktijk brengt",
    r"\braakt\b",
    r"gevolgen voor",
    r"betekent\b.*\bvoor\b",
    r"haalt\b.*\bweg\b",
    r"blijft bestaan",
    r"verandert niets",
    r"uitzondering op",
    r"\bvolgt\b.*\bafspraak",
    r"afgesproken",
    r"\bdit voorstel\b.*\b(?:werkt|voert|geeft|vult|haalt)\b",
)


def _titelwoorden(voorstel: Voorstel) -> set[str]:
    """Words of the proposal's own title: the proposal itself is not an earlier frame."""
    words = re.findall(r"\w+", normalise(voorstel.titel or ""))
    return {w for w in words if len(w) > 5}


def _benoemd_kader(zin: Zin, voorstel: Voorstel) -> re.Match[str] | None:
    """A frame the reader can look up: a compound name ('mantelzorgagenda'), a title in quotes or a year."""
    text = zin.plat
    eigen = _titelwoorden(voorstel)
    for match in _KADER.finditer(text):
        if match.group(0) in eigen:
            continue
        compound = bool(match.group(1))
        quoted = bool(re.match(r"\s*[a-z0-9 ]{0,25}['\"]", text[match.end() : match.end() + 40]))
        if compound or quoted or re.search(_JAAR, text):
            return match
    return None


def _a_kader(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """A frame one can look up: a title in quotes, or a year together with the council's decision."""
    text = zin.plat
    match = _benoemd_kader(zin, voorstel)
    if match is None:
        return False
    quoted = bool(re.match(r"\s*[a-z0-9 ]{0,25}['\"]", text[match.end() : match.end() + 40]))
    return quoted or bool(re.search(_JAAR, text) and _RAAD_BESLUIT.search(text))


def _a_genoemd(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """A frame named (a compound like 'mantelzorgagenda', a title in quotes or a year), not adopted per se."""
    return _benoemd_kader(zin, voorstel) is not None


def _a_relatie(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    text = zin.plat
    return bool(_RELATIE.search(text)) and (
        _benoemd_kader(zin, voorstel) is not None
        or bool(
            re.search(
                r"\b(?:dit|het) (?:voorstel|plan|kader|actieplan)\b|\bdaarvan\b|\bdaarin\b|\bdie\b", text
            )
        )
    )


def _status_a(found: dict[str, list[Zin]]) -> tuple[Status, str]:
    if found["kader"] and found["relatie"]:
        return (
            "aanwezig",
            "noemt een eerder kader met titel of datum en zegt hoe het voorstel zich daartoe verhoudt",
        )
    if found["kader"]:
        return (
            "deels",
            "noemt een eerder kader met titel of datum, maar niet hoe het voorstel zich daartoe verhoudt",
        )
    if found["genoemd"]:
        return (
            "deels",
            "noemt een eerder kader, maar niet wanneer de raad het vaststelde of hoe het voorstel zich verhoudt",
        )
    return "ontbreekt", "noemt geen eerder vastgesteld kader van de raad met naam en datum"


# --- B: effects and risks --------------------------------------------------------------------------

_EFFECT_AANLOOP = _rx(
    r"verwacht\w*\s+(?:we|wij|het college)?\s*(?:dat|een)\b",
    r"de verwachting is dat",
    r"\bleidt tot\b",
    r"\bleiden tot\b",
    r"zorgt ervoor dat",
    r"\bzorgt voor\b",
    r"\bdaardoor\b",
    r"\bwaardoor\b",
    r"het effect (?:is|van [^.]* is) dat",
    r"willen we bereiken dat",
    r"\blevert\b.*\bop\b",
    r"\bbespaart\b",
    r"\bdoor de\b.*\b(?:gaat|krijgen|komen)\b",
)
_VERANDERING = _rx(
    r"\b(?:minder|meer|sneller|eerder|vaker|korter|langer|lager|lagere|hoger|hogere|goedkoper|dichter)\b",
    r"\b(?:daalt|dalen|stijgt|stijgen|bespaart|verdwijnt|verdwijnen)\b",
    r"\bniet (?:meer|langer|verder)\b",
    r"\bniemand\b",
    r"\beigen (?:voordeur|gemeente)\b",
    r"\d",
)
_EFFECT_KOP = re.compile(r"effect|gevolg|resultaat|oplever|bereiken|verwacht|veranderen|verandert|wat levert")
_RISICO = _rx(
    r"\brisico",
    r"kan (?:het )?zijn dat",
    r"tegenvall",
    r"\bnadeel\b",
    r"ongewenst",
    r"onzeker",
    r"waterbed",
    r"bezwaar",
    r"misgaan",
    r"afhaken",
    r"buiten de boot",
)
_MAATREGEL = _rx(
    r"\bdaarom\b",
    r"vangen\b.*\bop\b",
    r"\bopvangen\b",
    r"maatregel",
    r"bijsturen|bijgesteld|bij te stellen",
    r"achtervang",
    r"\bblijft\b.*\b(?:bestaan|de ingang|rijden|nodig)\b",
    r"\bbeperken\b",
    r"afspraken",
    r"overgangsregeling",
    r"\bdan\s+(?:zetten|betalen|werken|stellen|bespreken|wordt|blijft|kan|kunnen|gaan|komt)\b",
    r"\bgeldt\b",
    r"\bkomt\b.*\bbinnen\b",
)
_ALS_DAN = re.compile(
    r"^(?:als|wanneer|komt|lukt het niet|is er)\b[^.]*,\s*(?:dan\b|\w+\s+(?:we|wij|het college)\b)"
)


def _b_effect(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """What changes because of the proposal; a risk is not an expected effect (see `_b_risico_genoemd`)."""
    text = zin.plat
    if _RISICO.search(text):
        return False
    match = _EFFECT_AANLOOP.search(text)
    if match:
        return bool(_VERANDERING.search(text[match.end() :]))
    return bool(_EFFECT_KOP.search(sectie.kop_plat) and _VERANDERING.search(text) and zin.soort != "tabel")


def _b_risico(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """A risk with what is then done: in the sentence itself, or in the next one of its section."""
    text = zin.plat
    if _ALS_DAN.search(text):
        return True
    if not _RISICO.search(text):
        return False
    if _MAATREGEL.search(text):
        return True
    later = _buren(zin, sectie, 1, 2)
    return any(_MAATREGEL.search(z.plat) for z in later)


def _b_risico_genoemd(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """A risk named without what is then done: worth showing, not yet an answer."""
    return bool(_RISICO.search(zin.plat)) and not _b_risico(zin, sectie, voorstel)


def _status_b(found: dict[str, list[Zin]]) -> tuple[Status, str]:
    if found["effect"] and found["risico"]:
        return "aanwezig", "beschrijft wat er verandert en welk risico er is, met wat er dan gebeurt"
    if found["risico_genoemd"] and not found["risico"]:
        return "deels", "noemt een risico, maar niet wat er dan gebeurt" + (
            "" if found["effect"] else ", en niet welke effecten worden verwacht"
        )
    if found["effect"]:
        return (
            "deels",
            "beschrijft verwachte effecten, maar geen risico's of ongewenste gevolgen met een maatregel",
        )
    if found["risico"]:
        return "deels", "noemt risico's met een maatregel, maar niet welke effecten worden verwacht"
    return (
        "ontbreekt",
        "zegt niet concreet wat er door het voorstel verandert, en noemt geen risico's met een maatregel",
    )


# --- C: feasibility --------------------------------------------------------------------------------

_UITVOERDER = _rx(
    r"aanbieder", r"uitvoerder", r"consulent", r"wijkteam", r"medewerker", r"corporatie", r"hulpverlener",
    r"zorggroep", r"huisarts", r"praktijk", r"\bggd\b", r"steunpunt", r"vereniging", r"vervoerder",
    r"leverancier", r"adviesraad", r"clientenraad", r"ketenpartner", r"logeerhuis", r"bibliotheek",
    r"afdeling", r"\bteam\b", r"klankbord", r"zorgaanbieder", r"servicepunt", r"ouderenbond", r"bonden",
    r"energiebedrijf", r"\bzij\b", r"werkgever", r"scholen", r"school",
)  # fmt: skip
_RAADPLEEG = _rx(
    r"getoetst\s+(?:bij|met|door|op)", r"uitvoeringstoets", r"besproken", r"in gesprek", r"doorgelopen",
    r"nagespeeld", r"uitgeprobeerd", r"beoordeeld", r"meegedacht", r"samen opgesteld", r"enquete",
    r"\badvies\b", r"gaven aan", r"geven aan", r"geeft aan", r"aangegeven", r"laten weten", r"toegezegd",
    r"bevestigd", r"zien het zitten", r"vroegen", r"stresstest", r"\bproef\b", r"\bpilot\b",
)  # fmt: skip
_OORDEEL_UITVOERDER = _rx(
    r"gaven aan", r"geven aan", r"geeft aan", r"aangegeven", r"laten weten", r"zien het zitten", r"vroegen",
    r"vragen", r"\bverwacht", r"positief", r"haalbaar", r"\bkan\b", r"\bkunnen\b", r"aankan", r"aankunnen",
    r"bevestigd", r"\bbleek\b", r"toegezegd", r"\bin \w+ gevallen\b",
)  # fmt: skip
_CAPACITEIT = _rx(
    r"\bfte\b",
    r"\bformatie",
    r"(?:\d+|een|twee|drie|vier|vijf|halve|meer|extra)\s+(?:extra\s+)?(?:medewerkers|monteurs|schuldhulpverleners?|"
    r"klantmanagers|personeel|jobcoach\w*|vrijwilligers|behandelaars|consulenten)\b[^.]*"
    r"\b(?:nodig|vraagt|vragen|werven|betaalt|opgenomen|beschikbaar)\b",
    r"doenvermogen",
    r"formulierenbrigade",
    r"\bopgevangen\b",
    r"aanvragen\b.*\b(?:digitaal|opgevangen)",
)
_C_KOP = re.compile(r"uitvoer|getest|toets|voorbereid|praktijk|wie doet|samen met|kan dat")


_UITVOERDER_ZEGT = re.compile(
    "(?:"
    + _UITVOERDER.pattern
    + r")[^.;:]{0,60}\b(?:verwacht\w*|geeft aan|geven aan|gaven aan|zien|vinden|vonden)\b"
)


def _c_raadpleging(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """Those who carry it out were consulted, or their own view is reported ('de afdeling verwacht …')."""
    text = zin.plat
    return bool(_UITVOERDER.search(text) and _RAADPLEEG.search(text)) or bool(_UITVOERDER_ZEGT.search(text))


def _c_oordeel(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """What those who carry it out think or found: reported in a section about feasibility or consultation."""
    text = zin.plat
    if not _OORDEEL_UITVOERDER.search(text):
        return False
    return bool(_UITVOERDER.search(text) or _C_KOP.search(sectie.kop_plat)) and (
        _sectie_heeft(sectie, voorstel, "raadpleging", _c_raadpleging)
    )


def _c_capaciteit(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    return bool(_CAPACITEIT.search(zin.plat))


def _status_c(found: dict[str, list[Zin]]) -> tuple[Status, str]:
    steun = {z.index for deel in found.values() for z in deel}
    if found["raadpleging"] and (found["oordeel"] or found["capaciteit"]) and len(steun) >= 2:
        return (
            "aanwezig",
            "wie het uitvoert is geraadpleegd en hun oordeel of de benodigde capaciteit staat erin",
        )
    if found["raadpleging"] or found["capaciteit"] or found["oordeel"]:
        return "deels", "er is iets over uitvoerders of capaciteit, maar geen toets met hen en hun oordeel"
    return (
        "ontbreekt",
        "zegt niet of wie het moet uitvoeren is geraadpleegd, en niets over capaciteit of doenvermogen",
    )


# --- D: alternatives -------------------------------------------------------------------------------

_ALTERNATIEF = _rx(
    r"\balternatie",
    r"\bopties?\b",
    r"\bscenario",
    r"\bvariant",
    r"andere (?:mogelijkheid|route|routes|weg|wegen|keuze|keuzes|aanpak)",
    r"(?:een|de) mogelijkheid is",
    r"\boverwogen\b",
    r"\book gekeken\b",
    r"\bgekeken (?:naar|of)\b",
    r"\bbekeken\b",
    r"\bvergeleken\b",
    r"\bin plaats van\b",
    r"als we niets (?:doen|veranderen)",
    r"\bnulalternatief\b",
)
_AFGEWEZEN = _rx(
    r"niet (?:voor )?gekozen",
    r"\bvalt af\b",
    r"\bvallen af\b",
    r"afgevallen",
    r"verworpen",
    r"afgewezen",
    r"doen (?:we|wij) niet",
    r"kiezen (?:we|wij) niet",
    r"niet haalbaar",
    r"te duur",
    r"\bzou\b.*\bkosten\b",
    r"\bpast niet\b",
    r"\bnadeel\b",
    r"\bdaarom\b",
    r"\bomdat\b",
    r"\bwant\b",
    r"\bvanwege\b",
)
_D_KOP = re.compile(
    r"alternatie|andere (?:keuze|mogelijk|weg|route)|keuzes|afweg|niet anders|variant|scenario|niet doen"
)


def _d_in_context(zin: Zin, sectie: Sectie) -> bool:
    if _D_KOP.search(sectie.kop_plat):
        return True
    text = zin.plat
    return bool(_ALTERNATIEF.search(text))


_HET_VOORSTEL = re.compile(r"\b(?:het|dit) (?:voorliggende )?voorstel\b")


def _d_alternatief(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """Another option is named; in an alternatives section any sentence that is not about the proposal itself."""
    text = zin.plat
    if _ALTERNATIEF.search(text):
        return True
    return bool(_D_KOP.search(sectie.kop_plat)) and len(text.split()) >= 5 and not _HET_VOORSTEL.search(text)


def _d_afgewezen(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """A reason an option fell away: in an alternatives sentence or right after one."""
    if not _AFGEWEZEN.search(zin.plat):
        return False
    if _d_in_context(zin, sectie):
        return True
    before = _buren(zin, sectie, -2, -1)
    return any(_ALTERNATIEF.search(z.plat) and not hol(z) for z in before)


def _status_d(found: dict[str, list[Zin]]) -> tuple[Status, str]:
    if found["afgewezen"] and found["alternatief"]:
        return "aanwezig", "noemt een ander alternatief en waarom het college dat niet voorstelt"
    if found["alternatief"]:
        return "deels", "noemt een alternatief, maar niet waarom het afviel"
    return "ontbreekt", "noemt geen alternatief met een reden waarom het niet is gekozen"


# --- E: measurable effects -------------------------------------------------------------------------

_MEETWOORD = _rx(
    r"indicator", r"\bmeten\b", r"gemeten", r"meting", r"\btellen\b", r"houden\b.*\bbij\b", r"bijhouden",
    r"\b(?:we|wij) volgen\b", r"\bvolgen (?:we|wij)\b", r"gevolgd", r"vergelijken", r"rapport", r"monitor", r"\baandeel\b", r"\baantal\b", r"percentage",
    r"tevreden", r"wachttijd", r"doorlooptijd", r"ervaring", r"\bhoeveel\b", r"\bdoel\b", r"streefwaarde",
    r"\bverwacht", r"\bstijg", r"\bdaal", r"\bdalen\b",
)  # fmt: skip
_SPECIFIEK = _rx(
    r"\baantal\b", r"\baandeel\b", r"percentage", r"wachttijd", r"doorlooptijd", r"tevredenheid", r"kosten per",
    r"\bhoeveel\b", r"ervaring", r"instroom", r"levertijd",
)  # fmt: skip
_DOEL_GETAL = _rx(
    r"\d+(?:[.,]\d+)?\s?(?:%|procent)",
    r"\bvan\s+(?:ongeveer\s+|gemiddeld\s+)?(?:€\s?)?\d[\d.,]*\s+(?:\w+\s+){0,3}(?:naar|tot)\s+(?:€\s?)?\d",
    r"\bnaar\s+(?:€\s?)?\d",
    r"\b(?:doel|streefwaarde|streven)\b[^.]*\d",
    r"\b(?:minstens|minimaal|ten minste|maximaal|onder de|boven de)\s+(?:€\s?)?\d",
    r"\bnul\b",
    r"\d+ van de \d+",
)
_EVALUATIE = _rx(
    r"evaluat", r"evalueren", r"geevalueerd", r"rapportage", r"rapporte", r"krijgt de raad", r"ontvangt de raad",
    r"de raad (?:krijgt|ontvangt)", r"verantwoording", r"jaarrekening", r"monitor", r"vergelijken", r"kijken we",
)  # fmt: skip
_MOMENT = _rx(
    _JAAR,
    r"kwartaal",
    r"halfjaar",
    r"jaarlijks",
    r"elk (?:half )?jaar",
    r"\bna\s+(?:een|een|twee|drie|\d+)\s+(?:jaar|jaren|maanden|maand)\b",
    r"voorjaar|najaar|winter|zomer",
    r"\b" + _MAAND + r"\b",
)
_E_KOP = re.compile(
    r"meten|evaluat|monitor|indicator|resultaten|volgen|zicht|werkt|bijsturen|hoe weten|meetbaar"
)


def _e_doel(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    text = zin.plat
    in_e = bool(_E_KOP.search(sectie.kop_plat))
    if not (_MEETWOORD.search(text) or in_e):
        return False
    if _DOEL_GETAL.search(text):
        return True
    numbers = [n for n in re.findall(r"\b\d[\d.,]*\b", text) if not re.fullmatch(r"(?:19|20)\d{2}", n)]
    return in_e and bool(numbers) and "€" not in zin.tekst


def _e_moment(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    text = zin.plat
    return bool(_EVALUATIE.search(text) and _MOMENT.search(text))


_MEETWERKWOORD = _rx(
    r"\bmeten\b", r"gemeten", r"\btellen\b", r"houden\b.*\bbij\b", r"bijhouden", r"\b(?:we|wij) volgen\b",
    r"\bvolgen (?:we|wij)\b", r"gevolgd", r"vergelijken", r"rapporte", r"monitor",
)  # fmt: skip


def _e_indicator(zin: Zin, sectie: Sectie, voorstel: Voorstel) -> bool:
    """Something specific is followed ('we volgen de wachttijd'): an indicator noun and a measuring verb."""
    text = zin.plat
    return bool(_SPECIFIEK.search(text) and _MEETWERKWOORD.search(text))


def _status_e(found: dict[str, list[Zin]]) -> tuple[Status, str]:
    if found["doel"] and found["moment"]:
        return "aanwezig", "noemt een meetbaar doel met een getal en wanneer de raad de uitkomst hoort"
    if found["doel"]:
        return "deels", "noemt een meetbaar doel, maar niet wanneer het wordt gemeten of geëvalueerd"
    if found["moment"]:
        return "deels", "noemt een evaluatiemoment, maar geen meetbaar doel of indicator met een getal"
    if found["indicator"]:
        return "deels", "noemt wat gevolgd wordt, maar geen doel en geen moment"
    return "ontbreekt", "noemt geen indicator met een doel en geen moment waarop de raad hoort of het werkt"


REGELS: dict[str, Regels] = {
    "A": Regels(
        delen=[
            Deel("kader", _a_kader, ("a-visies-kaders",)),
            Deel("relatie", _a_relatie, ("a-lopend-beleid", "a-conflict")),
            Deel("genoemd", _a_genoemd, ()),
        ],
        koppen=re.compile(r"eerder|kader|relatie|samenhang|beleid|aanleiding|motivering|achtergrond|vandaan"),
        status=_status_a,
    ),
    "B": Regels(
        delen=[
            Deel("effect", _b_effect, ("b-effecten",)),
            Deel("risico", _b_risico, ("b-onzekerheid", "b-ongewenst", "b-als-dan")),
            Deel("risico_genoemd", _b_risico_genoemd, ()),
        ],
        koppen=re.compile(r"effect|gevolg|risico|misgaan|verwacht|oplever|tegenvallen"),
        status=_status_b,
    ),
    "C": Regels(
        delen=[
            Deel("raadpleging", _c_raadpleging, ("c-uitvoerders", "c-stresstest")),
            Deel("oordeel", _c_oordeel, ()),
            Deel("capaciteit", _c_capaciteit, ("c-capaciteit", "c-doenvermogen")),
        ],
        koppen=_C_KOP,
        status=_status_c,
    ),
    "D": Regels(
        delen=[
            Deel("alternatief", _d_alternatief, ("d-opties",)),
            Deel("afgewezen", _d_afgewezen, ("d-afgewezen",)),
        ],
        koppen=_D_KOP,
        status=_status_d,
    ),
    "E": Regels(
        delen=[
            Deel("doel", _e_doel, ("e-succes", "e-meten")),
            Deel("moment", _e_moment, ("e-wanneer",)),
            Deel("indicator", _e_indicator, ("e-tussendoelen",)),
        ],
        koppen=_E_KOP,
        status=_status_e,
    ),
}

#: What each part shows, in the evidence list.
_DEEL_UITLEG = {
    "kader": "eerder kader met titel of datum",
    "genoemd": "eerder kader genoemd",
    "relatie": "verhouding tot eerder of lopend beleid",
    "effect": "verwacht effect",
    "risico": "risico met maatregel",
    "risico_genoemd": "risico genoemd, zonder maatregel",
    "raadpleging": "uitvoerders geraadpleegd",
    "oordeel": "oordeel van uitvoerders",
    "capaciteit": "capaciteit of doenvermogen",
    "alternatief": "alternatief genoemd",
    "afgewezen": "reden waarom het afviel",
    "doel": "meetbaar doel",
    "moment": "meet- of evaluatiemoment",
    "indicator": "wat er gevolgd wordt",
}

MAX_BEWIJS = 3


def _judge(voorstel: Voorstel, criterium: Criterium, regels: Regels) -> Oordeel:
    found: dict[str, list[Zin]] = {deel.naam: [] for deel in regels.delen}
    hollow: list[tuple[Zin, Sectie]] = []
    for sectie in voorstel.secties:
        topical = bool(regels.koppen.search(sectie.kop_plat))
        for zin in sectie.zinnen:
            if hol(zin):
                if topical or _signal(zin, criterium):
                    hollow.append((zin, sectie))
                continue
            for deel in regels.delen:
                if deel.test(zin, sectie, voorstel):
                    found[deel.naam].append(zin)
    status, waarom = regels.status(found)
    # Evidence round-robin over the parts, so each part that was found shows at least one sentence.
    bewijs: list[Zin] = []
    wat: dict[int, str] = {}
    for _ in range(MAX_BEWIJS):
        for deel in regels.delen:
            rest = [z for z in found[deel.naam] if z.index not in wat]
            if rest and len(bewijs) < MAX_BEWIJS + 1:
                wat[rest[0].index] = _DEEL_UITLEG.get(deel.naam, deel.naam)
                bewijs.append(rest[0])
    bewijs_lijst = [Bewijs(z.sectie, z.tekst, wat[z.index]) for z in sorted(bewijs, key=lambda z: z.index)]
    # Hollow phrases under the criterion's own heading say most; others only when there are none.
    in_topic = [h for h in hollow if regels.koppen.search(h[1].kop_plat)]
    hollow = in_topic or hollow
    for zin, _ in hollow[:2]:
        bewijs_lijst.append(
            Bewijs(zin.sectie, zin.tekst, "telt niet: een lege formulering zonder antwoord", "leeg")
        )
    if status == "ontbreekt" and hollow:
        waarom += "; wat er wel staat is een lege formulering"
    vragen: list[str] = []
    if status != "aanwezig":
        by_id = {v.id: v.tekst for v in criterium.vragen}
        wanted = [vid for deel in regels.delen if not found[deel.naam] for vid in deel.vragen]
        vragen = [by_id[v] for v in dict.fromkeys(wanted) if v in by_id]
        if not vragen:
            vragen = [v.tekst for v in criterium.vragen]
    return Oordeel(criterium.letter, criterium.id, criterium.naam, status, waarom, bewijs_lijst, vragen)


def _signal(zin: Zin, criterium: Criterium) -> bool:
    text = zin.plat
    return any(normalise(s) in text for s in criterium.signalen)


def _judge_by_signals(voorstel: Voorstel, criterium: Criterium) -> Oordeel:
    """A council's own criterion: judged on its `signalen`, in a topical section or in substantial sentences."""
    signalen = [normalise(s) for s in criterium.signalen]
    steun: list[tuple[Zin, str]] = []
    leeg: list[Zin] = []
    topical_sections = 0
    for sectie in voorstel.secties:
        kop = sectie.kop_plat
        topical = any(s in kop for s in signalen)
        substantive = [z for z in sectie.zinnen if not hol(z)]
        if topical and len(substantive) >= 2:
            topical_sections += 1
            steun += [(z, "onder een kop die het onderwerp noemt") for z in substantive[:2]]
        for zin in sectie.zinnen:
            text = zin.plat
            if any(s in text for s in signalen):
                if hol(zin):
                    leeg.append(zin)
                elif not topical:
                    steun.append((zin, "noemt een signaalwoord"))
    if topical_sections:
        status: Status = "aanwezig"
        waarom = "een eigen paragraaf over dit onderwerp met inhoud (beoordeeld op de signaalwoorden)"
    elif steun:
        status, waarom = (
            "deels",
            "het onderwerp komt voor in zinnen met inhoud (beoordeeld op de signaalwoorden)",
        )
    else:
        status = "ontbreekt"
        waarom = "geen paragraaf en geen zin met inhoud over dit onderwerp (beoordeeld op de signaalwoorden)"
    if not signalen:
        waarom += "; dit criterium heeft geen signaalwoorden in het criteriabestand"
    bewijs = [Bewijs(z.sectie, z.tekst, wat) for z, wat in steun[:MAX_BEWIJS]]
    bewijs += [
        Bewijs(z.sectie, z.tekst, "telt niet: een lege formulering zonder antwoord", "leeg") for z in leeg[:2]
    ]
    vragen = [v.tekst for v in criterium.vragen] if status != "aanwezig" else []
    return Oordeel(criterium.letter, criterium.id, criterium.naam, status, waarom, bewijs, vragen)


def judge_criterion(voorstel: Voorstel, criterium: Criterium) -> Oordeel:
    """Judge one criterion: built-in rules for the framework's A–E, signal words for a council's own."""
    regels = REGELS.get(criterium.letter)
    if regels is not None and criterium.id == f"criterium-{criterium.letter.lower()}":
        return _judge(voorstel, criterium, regels)
    return _judge_by_signals(voorstel, criterium)


# --------------------------------------------------------------------------------------------------
# Publiekssamenvatting and readability
# --------------------------------------------------------------------------------------------------

_PUBLIEK_KOP = re.compile(
    r"publiekssamenvatting|in (?:gewone|eenvoudige|begrijpelijke|heldere|duidelijke) taal|in het kort|"
    r"waar gaat (?:het|dit) over|voor inwoners|samenvatting voor"
)
_SAMENVATTING_KOP = re.compile(r"samenvatting|\bsamengevat\b|kort gezegd")


def find_summary(voorstel: Voorstel) -> tuple[Sectie | None, bool]:
    """The public summary section, and whether it is explicitly one (or a plain 'Samenvatting')."""
    for sectie in voorstel.secties:
        if _PUBLIEK_KOP.search(sectie.kop_plat) and sectie.zinnen:
            return sectie, True
    for sectie in voorstel.secties:
        if _SAMENVATTING_KOP.search(sectie.kop_plat) and sectie.zinnen:
            return sectie, False
    return None, False


def judge_summary(voorstel: Voorstel, kader: Raadsvoorstelkader) -> tuple[Oordeel, Leesbaarheid | None]:
    eis = kader.publiekssamenvatting
    sectie, expliciet = find_summary(voorstel)
    vragen = [f"Wil het college een publiekssamenvatting toevoegen? {eis.eis}"]
    if sectie is None:
        oordeel = Oordeel(
            "publiekssamenvatting", eis.id, "Publiekssamenvatting", "ontbreekt",
            "het voorstel heeft geen samenvatting in gewone taal", [], vragen,
        )  # fmt: skip
        return oordeel, None
    substantive = [z for z in sectie.zinnen if not hol(z) and len(z.tekst.split()) >= 5]
    position = [s for s in voorstel.secties if s.zinnen].index(sectie)
    vooraan = position <= 2
    bewijs = [Bewijs(sectie.kop, z.tekst, "samenvatting") for z in substantive[:2]]
    status: Status
    if substantive and (expliciet or (vooraan and len(substantive) >= 2)):
        status = "aanwezig"
        waarom = (
            f"het voorstel heeft een publiekssamenvatting (‘{sectie.kop}’)"
            if expliciet
            else f"het voorstel begint met een korte samenvatting (‘{sectie.kop}’)"
        )
        vragen = []
    elif substantive:
        status = "deels"
        waarom = f"er is een samenvatting (‘{sectie.kop}’), maar niet vooraan of niet meer dan één zin"
    else:
        status = "ontbreekt"
        waarom = f"de samenvatting (‘{sectie.kop}’) zegt niets inhoudelijks"
    oordeel = Oordeel("publiekssamenvatting", eis.id, "Publiekssamenvatting", status, waarom, bewijs, vragen)
    return oordeel, readability(sectie.tekst) if substantive else None


_WOORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")


def readability(text: str) -> Leesbaarheid:
    """Flesch-Douma, sentence length and the share of long and rare words, as an indication towards B1.

    Flesch-Douma = 206,835 − 0,93 × words per sentence − 77 × syllables per word. Syllables come from
    the Dutch hyphenation dictionary (pyphen, nl_NL); word frequencies from wordfreq's Dutch list,
    which ships with the package. Both work offline.
    """
    import pyphen  # type: ignore[import-untyped]
    from wordfreq import zipf_frequency

    dic = pyphen.Pyphen(lang="nl_NL")
    sentences = [s for s in split_sentences(text) if _WOORD.search(s)]
    words = [w for s in sentences for w in _WOORD.findall(s)]
    n_words = max(len(words), 1)
    n_sentences = max(len(sentences), 1)
    syllables = [_syllables(dic, w) for w in words]
    per_sentence = n_words / n_sentences
    per_word = sum(syllables) / n_words
    score = 206.835 - 0.93 * per_sentence - 77 * per_word
    long_share = sum(1 for s in syllables if s >= 4) / n_words
    rare = [w for w in words if not w[0].isupper() and zipf_frequency(w.lower(), "nl") < 3.0]
    rare_share = len(rare) / n_words
    notes = []
    notes.append(
        "de zinnen zijn gemiddeld kort genoeg voor B1"
        if per_sentence <= 15
        else "de zinnen zijn gemiddeld langer dan de 15 woorden die voor B1 als richtlijn gelden"
    )
    if score >= 70:
        notes.append("de Flesch-Douma-score wijst op makkelijke tekst")
    elif score >= 60:
        notes.append("de Flesch-Douma-score past bij gewone, goed leesbare tekst")
    elif score >= 45:
        notes.append("de Flesch-Douma-score wijst op vrij moeilijke tekst")
    else:
        notes.append("de Flesch-Douma-score wijst op moeilijke tekst")
    if rare_share > 0.10:
        notes.append(
            "er staan veel weinig gebruikte woorden in (vaak samenstellingen; ga na of lezers ze kennen)"
        )
    return Leesbaarheid(
        woorden=len(words),
        zinnen=len(sentences),
        flesch_douma=round(score, 1),
        woorden_per_zin=round(per_sentence, 1),
        lettergrepen_per_woord=round(per_word, 2),
        lange_woorden=round(long_share, 3),
        zeldzame_woorden=round(rare_share, 3),
        voorbeelden_zeldzaam=list(dict.fromkeys(w.lower() for w in rare))[:6],
        indicatie="; ".join(notes),
    )


def _syllables(dic: object, word: str) -> int:
    from pyphen import Pyphen

    assert isinstance(dic, Pyphen)
    return max(1, len(dic.positions(word.lower())) + 1)


# --------------------------------------------------------------------------------------------------
# Kompas
# --------------------------------------------------------------------------------------------------

_STOP = set(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "met",
        "in",
        "op",
        "aan",
        "te",
        "bij",
        "door",
        "uit",
        "naar",
        "over",
        "als",
        "dat",
        "die",
        "dit",
        "wat",
        "wie",
        "hun",
        "hen",
        "zij",
        "wij",
        "we",
        "ze",
        "is",
        "zijn",
        "wordt",
        "worden",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "heeft",
        "hebben",
        "hun",
        "hunzelf",
        "eigen",
        "meer",
        "minder",
        "niet",
        "ook",
        "nog",
        "zo",
        "zoveel",
        "mogelijk",
        "wel",
        "iedereen",
        "alle",
        "elk",
        "elke",
    ]
)


def _kernwoorden(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", normalise(text))
    return [w for w in words if len(w) >= 5 and w not in _STOP]


def _stem(word: str) -> str:
    """A crude Dutch stem (plural and -e endings) so 'mantelzorgers' matches 'mantelzorger'."""
    for suffix in ("heden", "en", "ers", "er", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def check_kompas_refs(
    voorstel: Voorstel, kompas: Kompas, bestand: str, indicators: dict[str, Indicator]
) -> KompasToets:
    """Which values, principles and results of the kompas the proposal refers to.

    'genoemd': the name (or id) appears as a whole; 'verwant': most key words of the name appear in
    one sentence. For results it also says whether the proposal names the result's indicator, or a
    figure in the same sentence: a result touched without an indicator is a question for the debate.
    """
    zinnen = [(z, z.plat) for z in voorstel.zinnen()]
    hele_tekst = " ".join(t for _, t in zinnen).replace("-", " ")
    stems = [(z, text, {_stem(w) for w in re.findall(r"[a-z0-9]+", text)}) for z, text in zinnen]
    items: list[tuple[Literal["waarde", "principe", "resultaat"], str, str, str | None]] = []
    items += [("waarde", w.id, w.naam, None) for w in kompas.waarden]
    items += [("principe", p.id, p.naam, None) for p in kompas.leidende_principes]
    # A result's name is its description up to the colon ("Minder mantelzorgers zijn zwaar belast").
    items += [
        ("resultaat", r.id, r.omschrijving.split(":")[0].strip(), r.indicator)
        for r in kompas.maatschappelijke_resultaten
    ]
    verwijzingen: list[KompasVerwijzing] = []
    niet: list[tuple[str, str, str]] = []
    for soort, item_id, naam, indicator_id in items:
        # The name as a whole, or the id as written in the kompas ('eigen-regie'); a one-word id such as
        # 'dichtbij' is an ordinary word and would match anything.
        exact = [item_id] if "-" in item_id else []
        if soort != "resultaat":
            exact.append(normalise(naam))
        hits = [z for z, text in zinnen if any(re.search(r"\b" + re.escape(p) + r"\b", text) for p in exact)]
        hoe: Literal["genoemd", "verwant"] = "genoemd"
        if not hits:
            kern = {_stem(w) for w in _kernwoorden(naam)}
            need = len(kern) if len(kern) <= 2 else max(2, math.ceil(len(kern) * 0.6))
            if kern:
                scored = [(len(kern & s), z) for z, _, s in stems if len(kern & s) >= need]
                hits = [z for _, z in sorted(scored, key=lambda pair: (-pair[0], pair[1].index))]
            hoe = "verwant"
        if not hits:
            niet.append((soort, item_id, naam))
            continue
        ref = KompasVerwijzing(
            soort,
            item_id,
            naam,
            hoe,
            [Bewijs(z.sectie, z.tekst, "verwijzing naar het kompas") for z in hits[:2]],
        )
        if soort == "resultaat":
            indicator = indicators.get(indicator_id) if indicator_id else None
            ref.indicator = indicator.naam if indicator else indicator_id
            names = [n for n in (indicator.naam if indicator else None, indicator_id) if n]
            named = any(normalise(n).replace("-", " ") in hele_tekst for n in names)
            with_figure = any(re.search(r"\d", z.tekst) and _MEETWOORD.search(z.plat) for z in hits)
            ref.indicator_genoemd = named or with_figure
        verwijzingen.append(ref)
    return KompasToets(bestand, verwijzingen, niet)


# --------------------------------------------------------------------------------------------------
# The whole check
# --------------------------------------------------------------------------------------------------


def check_proposal(
    voorstel: Voorstel,
    kader: Raadsvoorstelkader,
    *,
    kompas: Kompas | None = None,
    kompas_bestand: str = "",
    indicators: dict[str, Indicator] | None = None,
) -> Toets:
    # A long proposal takes seconds per criterion: say on a terminal that the check is moving.
    stappen = progress(
        kader.criteria, len(kader.criteria), "voorstel toetsen", " criteria", size=voorstel.alineas
    )
    criteria = [judge_criterion(voorstel, c) for c in stappen]
    samenvatting, leesbaarheid = judge_summary(voorstel, kader)
    kompas_toets = (
        check_kompas_refs(voorstel, kompas, kompas_bestand, indicators or {}) if kompas is not None else None
    )
    return Toets(
        bestand=str(voorstel.bestand),
        titel=voorstel.titel,
        woorden=voorstel.woorden,
        secties=sum(1 for s in voorstel.secties if s.kop),
        criteria=criteria,
        publiekssamenvatting=samenvatting,
        leesbaarheid=leesbaarheid,
        kompas=kompas_toets,
        vervolgvragen=[v.tekst for v in kader.vervolgvragen],
    )


def keyword_baseline(voorstel: Voorstel, kader: Raadsvoorstelkader) -> dict[str, Status]:
    """Plain keyword presence, the yardstick the check must beat: a signal word anywhere = aanwezig.

    One signal word gives 'deels', two different ones 'aanwezig'; the summary counts when the word
    'samenvatting' occurs. Only for the benchmark and its test.
    """
    text = " ".join(z.plat + " " + normalise(z.sectie) for z in voorstel.zinnen())
    out: dict[str, Status] = {}
    for criterium in kader.criteria:
        hits = {s for s in criterium.signalen if normalise(s) in text}
        out[criterium.letter] = "aanwezig" if len(hits) >= 2 else "deels" if hits else "ontbreekt"
    out["publiekssamenvatting"] = "aanwezig" if "samenvatting" in text else "ontbreekt"
    return out


def statuses(toets: Toets) -> dict[str, Status]:
    out = {o.id: o.status for o in toets.criteria}
    out["publiekssamenvatting"] = toets.publiekssamenvatting.status
    return out


__all__: Sequence[str] = (
    "STATUSSEN",
    "Bewijs",
    "Oordeel",
    "Toets",
    "check_proposal",
    "keyword_baseline",
    "readability",
    "statuses",
)
