"""What is particular to CBS "Kerncijfers wijken en buurten" (KWB): the yearly tables' ids, their
text columns, units and decimals, and the repair of a multi-year file that lost its decimal separators.

The Almere file stacks eight yearly TypedDataSets in one CSV whose Double columns lost their decimal
separator: "23" is 2,3 but "2" is 2,0 (the writer dropped ".0"), so "8" may be 0,8 or 8 and "12"
1,2 or 12. `restore_decimals` decides each such cell with every signal the file gives, strongest
first: ranges CBS publishes within, the counts the figure is computed from (inhabitants and
households for the household size, cars and households for cars per household, young people and
those with youth care for the percentage), the ordering of related measures (onder of rond sociaal
minimum ≤ tot 110% ≤ tot 120%), how the column behaves in that year's table (a yearly table may
publish a measure without decimals), and the neighbouring years of the same region. A cell that
stays ambiguous is stored with a reason in `onzeker`, never as a plain figure; a typed CBS table
imported later settles it.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: Text and code columns of the KWB tables (by key without suffix): not figures.
CBS_TEXT_STEMS = {
    "Gemeentenaam",
    "SoortRegio",
    "Codering",
    "IndelingswijzigingGemeenteWijkBuurt",
    "IndelingswijzigingWijkenEnBuurten",
    "MeestVoorkomendePostcode",
    "Dekkingspercentage",
    "MateVanStedelijkheid",
}

#: CBS's boundary-change marker per region and year (the name changed with the 2022 table).
INDELING_STEMS = {"IndelingswijzigingWijkenEnBuurten", "IndelingswijzigingGemeenteWijkBuurt"}

#: Units of the KWB measures (CBS DataProperties of 84799NED), for files that come without them.
KWB_UNITS: dict[str, str] = {
    "AantalInwoners": "aantal",
    "Mannen": "aantal",
    "Vrouwen": "aantal",
    "k_0Tot15Jaar": "aantal",
    "k_15Tot25Jaar": "aantal",
    "k_25Tot45Jaar": "aantal",
    "k_45Tot65Jaar": "aantal",
    "k_65JaarOfOuder": "aantal",
    "Ongehuwd": "aantal",
    "Gehuwd": "aantal",
    "Gescheiden": "aantal",
    "Verweduwd": "aantal",
    "WestersTotaal": "aantal",
    "NietWestersTotaal": "aantal",
    "Marokko": "aantal",
    "NederlandseAntillenEnAruba": "aantal",
    "Suriname": "aantal",
    "Turkije": "aantal",
    "OverigNietWesters": "aantal",
    "GeboorteTotaal": "aantal",
    "GeboorteRelatief": "per 1 000 inwoners",
    "SterfteTotaal": "aantal",
    "SterfteRelatief": "per 1 000 inwoners",
    "HuishoudensTotaal": "aantal",
    "Eenpersoonshuishoudens": "aantal",
    "HuishoudensZonderKinderen": "aantal",
    "HuishoudensMetKinderen": "aantal",
    "GemiddeldeHuishoudensgrootte": "aantal",
    "Bevolkingsdichtheid": "aantal inwoners per km²",
    "Woningvoorraad": "aantal",
    "GemiddeldeWoningwaarde": "x 1 000 euro",
    "PercentageEengezinswoning": "%",
    "PercentageMeergezinswoning": "%",
    "PercentageBewoond": "%",
    "PercentageOnbewoond": "%",
    "Koopwoningen": "%",
    "HuurwoningenTotaal": "%",
    "InBezitWoningcorporatie": "%",
    "InBezitOverigeVerhuurders": "%",
    "EigendomOnbekend": "%",
    "BouwjaarVoor2000": "%",
    "BouwjaarVanaf2000": "%",
    "GemiddeldElektriciteitsverbruikTotaal": "kWh",
    "GemiddeldAardgasverbruikTotaal": "m³",
    "PercentageWoningenMetStadsverwarming": "%",
    "OpleidingsniveauLaag": "aantal",
    "OpleidingsniveauMiddelbaar": "aantal",
    "OpleidingsniveauHoog": "aantal",
    "NettoArbeidsparticipatie": "%",
    "PercentageWerknemers": "%",
    "PercentageZelfstandigen": "%",
    "AantalInkomensontvangers": "aantal",
    "GemiddeldInkomenPerInkomensontvanger": "x 1 000 euro",
    "GemiddeldInkomenPerInwoner": "x 1 000 euro",
    "k_40PersonenMetLaagsteInkomen": "%",
    "k_20PersonenMetHoogsteInkomen": "%",
    "GemGestandaardiseerdInkomenVanHuish": "x 1 000 euro",
    "k_40HuishoudensMetLaagsteInkomen": "%",
    "k_20HuishoudensMetHoogsteInkomen": "%",
    "HuishoudensMetEenLaagInkomen": "%",
    "HuishOnderOfRondSociaalMinimum": "%",
    "HuishoudensTot110VanSociaalMinimum": "%",
    "HuishoudensTot120VanSociaalMinimum": "%",
    "MediaanVermogenVanParticuliereHuish": "x 1 000 euro",
    "PersonenPerSoortUitkeringBijstand": "aantal",
    "PersonenPerSoortUitkeringAO": "aantal",
    "PersonenPerSoortUitkeringWW": "aantal",
    "PersonenPerSoortUitkeringAOW": "aantal",
    "JongerenMetJeugdzorgInNatura": "aantal",
    "PercentageJongerenMetJeugdzorg": "%",
    "WmoClienten": "aantal",
    "WmoClientenRelatief": "per 1 000 inwoners",
    "BedrijfsvestigingenTotaal": "aantal",
    "ALandbouwBosbouwEnVisserij": "aantal",
    "BFNijverheidEnEnergie": "aantal",
    "GIHandelEnHoreca": "aantal",
    "HJVervoerInformatieEnCommunicatie": "aantal",
    "KLFinancieleDienstenOnroerendGoed": "aantal",
    "MNZakelijkeDienstverlening": "aantal",
    "RUCultuurRecreatieOverigeDiensten": "aantal",
    "PersonenautoSTotaal": "aantal",
    "PersonenautoSBrandstofBenzine": "aantal",
    "PersonenautoSOverigeBrandstof": "aantal",
    "PersonenautoSPerHuishouden": "per huishouden",
    "PersonenautoSNaarOppervlakte": "per km²",
    "Motorfietsen": "aantal",
    "AfstandTotHuisartsenpraktijk": "km",
    "AfstandTotGroteSupermarkt": "km",
    "AfstandTotKinderdagverblijf": "km",
    "AfstandTotSchool": "km",
    "ScholenBinnen3Km": "aantal",
    "OppervlakteTotaal": "ha",
    "OppervlakteLand": "ha",
    "OppervlakteWater": "ha",
    "Dekkingspercentage": "code",
    "MateVanStedelijkheid": "code",
    "Omgevingsadressendichtheid": "per km²",
}

#: Measures that occur twice in one yearly table under the same key without its suffix, in table
#: order: the energy use per dwelling type, first electricity (kWh) then natural gas (m³).
KWB_TWINS: dict[str, list[tuple[str, str]]] = {
    stem: [("elektriciteit", "kWh"), ("aardgas", "m³")]
    for stem in (
        "Appartement",
        "Tussenwoning",
        "Hoekwoning",
        "TweeOnderEenKapWoning",
        "VrijstaandeWoning",
        "Huurwoning",
        "EigenWoning",
    )
}


# --- lost decimal separators --------------------------------------------------------------------------------

#: Measures that are percentages: between 0 and 100.
_PERCENT = {stem for stem, unit in KWB_UNITS.items() if unit == "%"} | {
    "HuishOnderOfRondSociaalMinimum",
    "HuishoudensTot110VanSociaalMinimum",
    "HuishoudensTot120VanSociaalMinimum",
}

#: Bounds CBS publishes within (DataProperties descriptions: cars per household only where at most
#: 2,5), and what cannot occur (an average household of fewer than one or more than ten persons; an
#: average income, in thousands of euros, below 5 or above 200).
_RANGE: dict[str, tuple[float, float]] = {
    "PersonenautoSPerHuishouden": (0.0, 2.5),
    "GemiddeldeHuishoudensgrootte": (1.0, 10.0),
    "GemiddeldInkomenPerInwoner": (5.0, 200.0),
    "GemiddeldInkomenPerInkomensontvanger": (5.0, 200.0),
    "GemGestandaardiseerdInkomenVanHuish": (5.0, 200.0),
}

#: Chains of measures that cannot decrease: the share below 110% of the social minimum includes
#: those below or around it, the share below 120% both.
_CHAINS = [
    (
        "HuishOnderOfRondSociaalMinimum",
        "HuishoudensTot110VanSociaalMinimum",
        "HuishoudensTot120VanSociaalMinimum",
    ),
    ("GemiddeldInkomenPerInwoner", "GemiddeldInkomenPerInkomensontvanger"),
]

#: Sums that cannot exceed 100%: the lowest 40% and the highest 20% of incomes are disjoint.
_SUMS = [
    ("k_40PersonenMetLaagsteInkomen", "k_20PersonenMetHoogsteInkomen"),
    ("k_40HuishoudensMetLaagsteInkomen", "k_20HuishoudensMetHoogsteInkomen"),
]

#: Measures of the same households that stay close: the share with a low income is within a factor
#: 2,5 of the share below or around the social minimum (so in the Almere file wherever both are known).
_NEAR = [("HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", 2.5)]

#: Counts a measure is computed from: (numerator stems, denominator stems with weights, factor).
_DERIVED: dict[str, tuple[tuple[str, ...], tuple[tuple[str, float], ...], float]] = {
    "GemiddeldeHuishoudensgrootte": (("AantalInwoners",), (("HuishoudensTotaal", 1.0),), 1.0),
    "PersonenautoSPerHuishouden": (("PersonenautoSTotaal",), (("HuishoudensTotaal", 1.0),), 1.0),
    # young people up to 23: 0-15 and about eight of the ten years 15-25
    "PercentageJongerenMetJeugdzorg": (
        ("JongerenMetJeugdzorgInNatura",),
        (("k_0Tot15Jaar", 1.0), ("k_15Tot25Jaar", 0.8)),
        100.0,
    ),
}

#: Stems whose values `restore_decimals` needs besides the measures it repairs.
SUPPORT_STEMS = {s for nums, dens, _ in _DERIVED.values() for s in (*nums, *(d for d, _ in dens))}


def _within(factor: float, values: tuple[float, ...]) -> bool:
    return min(values) > 0 and max(values) <= factor * min(values)


@dataclass
class Restored:
    """The outcome of `restore_decimals`: value and doubt per cell, and what decided how many."""

    values: dict[tuple[str, str, str], tuple[float, str | None]] = field(default_factory=dict)
    decided_by: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    doubtful: int = 0
    whole_columns: list[str] = field(default_factory=list)


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _candidates(text: str, decimals: int) -> list[float]:
    """The values a separator-less text can stand for: "12" with one decimal is 1,2 or 12 (12,0
    written without ".0"); a text ending in 0 was whole, since the writer never kept a trailing 0."""
    number = int(text)
    out = [float(number)]
    if not text.rstrip("-").endswith("0"):
        out += [number / 10**k for k in range(1, decimals + 1)]
    return out


def restore_decimals(
    cells: Iterable[tuple[str, str, str, str, str]],
    support: Iterable[tuple[str, str, str, float]],
    decimals: dict[str, int],
) -> Restored:
    """Decide each separator-less cell `(region, period, stem, column, text)`.

    `support` gives the counts `(region, period, stem, value)` the derived measures are computed
    from; `decimals` the decimals per column (one yearly table's edition of a measure). Returns the value and, when no signal decides, the
    reason for doubt (the alternatives) per `(region, period, column)`.
    """
    counts: dict[tuple[str, str, str], float] = {(r, p, s): v for r, p, s, v in support}
    cand: dict[tuple[str, str, str], list[float]] = {}
    column_of: dict[tuple[str, str, str], str] = {}
    text_of: dict[tuple[str, str, str], str] = {}
    for region, period, stem, column, text in cells:
        key = (region, period, stem)
        options = _candidates(text, decimals.get(column, 0))
        if stem in _PERCENT:
            options = [v for v in options if 0 <= v <= 100] or options
        if stem in _RANGE:
            low, high = _RANGE[stem]
            options = [v for v in options if low <= v <= high] or options
        cand[key], column_of[key], text_of[key] = options, column, text
    out = Restored()
    decided: dict[tuple[str, str, str], float] = {}

    def settle(key: tuple[str, str, str], value: float, why: str) -> None:
        decided[key] = value
        cand[key] = [value]
        out.decided_by[why] += 1

    for key, options in cand.items():
        if len(options) == 1:
            decided[key] = options[0]

    # 1. counts the figure is computed from
    for key, options in cand.items():
        if key in decided or key[2] not in _DERIVED:
            continue
        region, period, stem = key
        nums, dens, factor = _DERIVED[stem]
        num = sum(counts.get((region, period, s), math.nan) for s in nums)
        den = sum(w * counts.get((region, period, s), math.nan) for s, w in dens)
        if not (num > 0 and den > 0):
            continue
        expected = factor * num / den
        near = [v for v in options if v > 0 and abs(math.log10(v / expected)) < 0.3]
        if len(near) == 1:
            settle(key, near[0], "tellingen")

    # 2. orderings and sums between related measures of the same region and year
    def constrain(group: tuple[str, ...], ok: Callable[[tuple[float, ...]], bool]) -> None:
        by_cell: dict[tuple[str, str], list[tuple[str, str, str] | None]] = defaultdict(
            lambda: [None] * len(group)
        )
        for key in cand:
            if key[2] in group:
                by_cell[(key[0], key[1])][group.index(key[2])] = key
        for keys in by_cell.values():
            if any(k is None for k in keys) or all(k in decided for k in keys):
                continue
            combos: list[tuple[float, ...]] = [()]
            for k in keys:
                assert k is not None
                combos = [(*c, v) for c in combos for v in cand[k]]
            valid = [c for c in combos if ok(c)]
            if not valid:
                continue
            for i, k in enumerate(keys):
                assert k is not None
                left = sorted({c[i] for c in valid})
                if k not in decided and len(left) == 1:
                    settle(k, left[0], "samenhang")
                elif len(left) < len(cand[k]):
                    cand[k] = left

    def _chain_ok(c: tuple[float, ...]) -> bool:
        # non-decreasing, and the next step of the social-minimum ladder at most 4× the first
        return all(a <= b for a, b in itertools.pairwise(c)) and (c[0] <= 0 or c[-1] <= 4 * c[0])

    for _ in range(2):
        for chain in _CHAINS:
            constrain(chain, _chain_ok)
        for pair in _SUMS:
            constrain(pair, lambda c: sum(c) <= 100)
        for first, second, factor in _NEAR:
            constrain((first, second), functools.partial(_within, factor))

    # 3. per yearly table: a column in which every decided ambiguous cell proved whole was published
    # without decimals that year
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, value in decided.items():
        if len(_candidates(text_of[key], decimals.get(column_of[key], 0))) > 1:
            votes[column_of[key]][0 if value == float(int(text_of[key])) else 1] += 1
    whole = {col for col, (w, d) in votes.items() if w >= 3 and d == 0}
    for key in cand:
        if key not in decided and column_of[key] in whole:
            settle(key, float(int(text_of[key])), "jaartabel zonder decimalen")
    out.whole_columns = sorted(whole)

    # 4. the neighbouring years of the same region and measure (repeated: a decision helps the next)
    by_series: dict[tuple[str, str], dict[int, tuple[str, str, str]]] = defaultdict(dict)
    for key in cand:
        by_series[(key[0], key[2])][int(key[1][:4])] = key
    changed = True
    while changed:
        changed = False
        for years in by_series.values():
            for year, key in years.items():
                if key in decided:
                    continue
                near = [
                    decided[years[y]]
                    for y in (year - 1, year + 1, year - 2, year + 2)
                    if y in years and years[y] in decided
                ]
                if not near:
                    continue
                anchor = near[0] if len(near) == 1 else sorted(near)[len(near) // 2]
                if anchor <= 0:
                    continue
                scored = sorted((abs(math.log10(v / anchor)) if v > 0 else 9.0, v) for v in cand[key])
                if scored[0][0] < 0.2 and (len(scored) == 1 or scored[1][0] > 0.6):
                    settle(key, scored[0][1], "buurjaren")
                    changed = True

    # What is left is stored flagged, as its most likely reading: the one nearest the figures decided
    # for the same measure, else the reading with decimals (a whole x,0 is one value in ten).
    typical: dict[str, float] = {}
    by_stem: dict[str, list[float]] = defaultdict(list)
    for key, value in decided.items():
        if value > 0:
            by_stem[key[2]].append(value)
    for stem, values in by_stem.items():
        typical[stem] = sorted(values)[len(values) // 2]
    for key, options in cand.items():
        region, period, stem = key
        if key in decided:
            out.values[(region, period, column_of[key])] = (decided[key], None)
            continue
        text = text_of[key]
        if stem in typical:
            guess = min(options, key=lambda v: abs(math.log10(v / typical[stem])) if v > 0 else 9.0)
        else:
            guess = min(options)
        others = " of ".join(_fmt(v) for v in sorted(options))
        out.values[(region, period, column_of[key])] = (
            guess,
            f"decimaalteken verloren: '{text}' kan {others} zijn; geen signaal in het bestand beslist",
        )
        out.doubtful += 1
    return out


def tenfold_columns(medians: dict[str, dict[str, float]]) -> list[tuple[str, str]]:
    """Yearly columns of a measure that one edition published with a decimal.

    `medians[stem][period]` is the median of that year's column over the regions; a year about ten
    times both its neighbours (or its one neighbour at the ends of the series) kept a digit the other
    editions never had. Returns (period, stem) for each such column.
    """
    found = []
    for stem, by_period in medians.items():
        years = sorted(by_period)
        for i, year in enumerate(years):
            value = by_period[year]
            near = [by_period[y] for y in years[max(i - 1, 0) : i + 2] if y != year]
            if value > 0 and near and all(n > 0 and 6 <= value / n <= 16 for n in near):
                found.append((year, stem))
    return found
