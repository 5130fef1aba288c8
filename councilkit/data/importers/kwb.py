"""What is particular to CBS "Kerncijfers wijken en buurten" (KWB): the yearly tables' ids, their
text columns, and the decimals of their Double-typed measures (for files that lost the separator)."""

from __future__ import annotations

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
    "Omgevingsadressendichtheid",
}

#: Double-typed KWB measures and their decimals (CBS DataProperties of the KWB tables). Used when a
#: KWB CSV comes without its DataProperties and lost its decimal separators ("23" = 2,3).
KWB_DECIMALS = {
    "GemiddeldeHuishoudensgrootte": 1,
    "PercentageWoningenMetStadsverwarming": 1,
    "GemiddeldInkomenPerInkomensontvanger": 1,
    "GemiddeldInkomenPerInwoner": 1,
    "k_40PersonenMetLaagsteInkomen": 1,
    "k_20PersonenMetHoogsteInkomen": 1,
    "GemGestandaardiseerdInkomenVanHuish": 1,
    "k_40HuishoudensMetLaagsteInkomen": 1,
    "k_20HuishoudensMetHoogsteInkomen": 1,
    "HuishoudensMetEenLaagInkomen": 1,
    "HuishOnderOfRondSociaalMinimum": 1,
    "HuishoudensTot110VanSociaalMinimum": 1,
    "HuishoudensTot120VanSociaalMinimum": 1,
    "PercentageJongerenMetJeugdzorg": 1,
    "PersonenautoSPerHuishouden": 1,
    "AfstandTotHuisartsenpraktijk": 1,
    "AfstandTotGroteSupermarkt": 1,
    "AfstandTotKinderdagverblijf": 1,
    "AfstandTotSchool": 1,
    "ScholenBinnen3Km": 1,
    "GemiddeldeElektriciteitsleveringTotaal": 0,
    "PercentageMeergezinswoning": 0,
}

#: Table ids of the yearly KWB tables (anchors.md §1.1).
KWB_TABLES = {
    "2015": "83220NED",
    "2016": "83487NED",
    "2017": "83765NED",
    "2018": "84286NED",
    "2019": "84583NED",
    "2020": "84799NED",
}
