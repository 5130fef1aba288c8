"""The beleidsplan's context objects: plain data the template reads (see `documents/plan.py`).

Split from `plan.py` so the objects the template and tests see stand apart from how they are built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from councilkit.documents.plan_inhoud import PlanInhoud

#: What the plan says where the kompas does not link or fill something; tests look for these words.
NIET_UITGEWERKT = "nog niet uitgewerkt"
NIET_GEKOPPELD = "niet gekoppeld"
ONBEKEND = "nog niet bepaald"

#: Name of the section for results that no theme carries; they are shown, never dropped.
OVERIGE_RESULTATEN = "Overige resultaten"


# --------------------------------------------------------------------------------------------------
# Context objects: plain data the template reads. Dataclasses rather than dicts so a typo in the
# template fails loudly under Jinja's StrictUndefined instead of printing nothing.
# --------------------------------------------------------------------------------------------------


@dataclass(repr=False, eq=False)
class Cijfer:
    """A figure with its unit, so the template formats it the Dutch way (`getal`, `procent`, …)."""

    waarde: float | None
    eenheid: str | None
    jaar: int | str | None = None
    bron: str | None = None
    status: str | None = None
    opmerking: str | None = None
    #: The indicator's declared decimals (catalogue `decimalen`): 9,0% stays 9,0%. None: as it comes.
    decimalen: int | None = None

    @property
    def bekend(self) -> bool:
        return self.waarde is not None


@dataclass(repr=False, eq=False)
class ResultaatRegel:
    """One maatschappelijk resultaat as the plan shows it."""

    id: str
    nummer: str
    omschrijving: str
    toelichting: str | None
    principes: list[str]
    indicator_id: str | None
    indicator_naam: str | None
    indicator_definitie: str | None
    eenheid: str | None
    polariteit: str | None
    nulmeting: Cijfer | None
    streefwaarde: Cijfer | None
    tussenwaarden: list[Cijfer]
    laatste: Cijfer | None
    kwaliteitseisen: list[str]


@dataclass(repr=False, eq=False)
class EisRegel:
    id: str
    nummer: str
    eis: str
    toetsing: str | None
    principes: list[str]


@dataclass(repr=False, eq=False)
class WetOnderwerpRegel:
    """One row of the wettelijk-kader table: a topic the law wants the plan to address."""

    id: str
    onderwerp: str
    eis: str
    grondslag: str | None
    status: str
    waar: list[str]
    #: In a theme's chapter: that theme's own text on how it answers the topic.
    hoe: str | None = None

    @property
    def uitgewerkt(self) -> bool:
        return bool(self.waar)


@dataclass(repr=False, eq=False)
class Post:
    jaar: int
    bedrag: float
    omschrijving: str | None


@dataclass(repr=False, eq=False)
class ThemaSectie:
    id: str
    nummer: int
    naam: str
    ambitie: str | None
    koers: str | None
    beslispunten: list[str]
    resultaten: list[ResultaatRegel]
    kwaliteitseisen: list[EisRegel]
    wettelijke_onderwerpen: list[WetOnderwerpRegel]
    begroting: list[Post]
    begroting_totaal: float


@dataclass(repr=False, eq=False)
class Rapportagemoment:
    """One moment the raad hears about the results: which year, what kind, which indicators."""

    jaar: int
    soort: str
    moment: str
    indicatoren: list[str]
    resultaten: list[str]
    alle: bool = False


@dataclass(repr=False, eq=False)
class IndicatorPlanning:
    naam: str
    eenheid: str | None
    frequentie: str
    bron: str | None
    resultaten: list[str]
    jaren: list[int]


@dataclass(repr=False, eq=False)
class Financieel:
    jaren: list[int]
    rijen: list[tuple[str, list[float | None], float]]
    totalen: list[float]
    totaal: float
    #: Millions per cell do not fit a six-column table; Dutch budgets then count in € 1.000.
    in_duizenden: bool = False


@dataclass(repr=False, eq=False)
class MatrixRij:
    """A row of the traceability matrix; `None` in a column means the link is missing there."""

    waarde: str | None
    principe: str | None
    resultaat: str | None
    indicator: str | None
    kwaliteitseis: str | None


@dataclass(repr=False, eq=False)
class PlanContext:
    """Everything the beleidsplan template reads."""

    titel: str
    ondertitel: str
    gemeente: str
    gemeentecode: str
    domein: str
    domein_naam: str
    wet_naam: str
    periode_van: int
    periode_tot: int
    datum: date
    concept: bool
    fouten: list[str]
    waarschuwingen: list[str]
    toelichting: str | None
    waarden: list[Any]
    principes: list[Any]
    principe_waarden: dict[str, list[str]]
    andere_wetten: list[Any]
    rol_raad: list[Any]
    resultaten_compleet: bool
    wettelijk_kader: list[WetOnderwerpRegel]
    themas: list[ThemaSectie]
    overige_resultaten: list[ResultaatRegel]
    losse_kwaliteitseisen: list[EisRegel]
    sturing_jaarrapportage: str
    tussenevaluatie: int
    eindevaluatie: int
    rapportages: list[Rapportagemoment]
    indicatorplanning: list[IndicatorPlanning]
    financieel: Financieel | None
    matrix: list[MatrixRij]
    ongekoppeld: list[str]
    met_data: bool
    databronnen: list[str] = field(default_factory=list)
    #: The parts of a real draft beyond the kompas chain, and the writer's open points.
    inhoud: PlanInhoud | None = None
    #: Figures about the gemeente itself (inwoners, 65-plus) from the monitor, with `--data`.
    context_cijfers: list[ContextCijfer] = field(default_factory=list)
    #: The output format, so a template can add the writer's appendix to the docx only.
    formaat: str = "md"
    #: Per result id, a `grafiek` spec (YAML) of its monitor series, with `--data` and three or more points.
    reeksen: dict[str, str] = field(default_factory=dict)


@dataclass(repr=False, eq=False)
class ContextCijfer:
    naam: str
    cijfer: Cijfer
