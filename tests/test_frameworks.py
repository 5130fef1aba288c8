"""The shipped framework files load through their models and hold what the seeds define.

Code reads frameworks instead of hard-coding them, so a broken or thinned-out YAML file would silently
produce half-empty documents. These tests pin the shape (ids, herkomst), the counts the seeds fix
(4 steps, 5 core values, criteria A–E, ...) and the links inside the indicator catalogue.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from councilkit.errors import InputError
from councilkit.model.catalogue import Catalogue, load_catalogue
from councilkit.model.cbs_tabellen import load_cbs_tabellen
from councilkit.model.frameworks import (
    load_preventie,
    load_proceskader,
    load_raadsvoorstel,
    load_schoolvakanties,
    load_visie,
    load_waardemodel,
    load_wetten,
    load_woordenlijst,
)
from councilkit.model.gemeenten import load_gemeenten
from councilkit.resources import frameworks_dir

LOADERS = {
    "indicatoren.yaml": load_catalogue,
    "wetten.yaml": load_wetten,
    "werkbladen/visie.yaml": load_visie,
    "werkbladen/waardemodel.yaml": load_waardemodel,
    "werkbladen/preventie.yaml": load_preventie,
    "raadsvoorstel.yaml": load_raadsvoorstel,
    "proceskader.yaml": load_proceskader,
    "woordenlijst.yaml": load_woordenlijst,
    "schoolvakanties.yaml": load_schoolvakanties,
}

#: Framework files that are reference lists (no ids, one source for the whole file).
LIST_LOADERS = {"gemeenten.yaml": load_gemeenten, "cbs-tabellen.yaml": load_cbs_tabellen}


def _models(node: object, parent_herkomst: str | None = None) -> Iterator[tuple[BaseModel, str | None]]:
    """Every pydantic model inside `node`, with the nearest herkomst (its own or an ancestor's)."""
    if isinstance(node, BaseModel):
        own = getattr(node, "herkomst", None)
        herkomst = own if isinstance(own, str) and own.strip() else parent_herkomst
        yield node, herkomst
        for name in type(node).model_fields:
            yield from _models(getattr(node, name), herkomst)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _models(item, parent_herkomst)


def _ids(model: BaseModel) -> list[str]:
    return [m.id for m, _ in _models(model) if isinstance(getattr(m, "id", None), str)]


def test_every_framework_file_has_a_loader() -> None:
    shipped = {p.relative_to(frameworks_dir()).as_posix() for p in frameworks_dir().rglob("*.yaml")}
    assert shipped == set(LOADERS) | set(LIST_LOADERS)
    for loader in LIST_LOADERS.values():
        assert loader().bron  # a list names where it comes from


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_ids_unique_and_kebab_case(name: str) -> None:
    ids = _ids(LOADERS[name]())
    assert ids, name
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"{name}: dubbele ids {dupes}"
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_item_has_herkomst(name: str) -> None:
    root = LOADERS[name]()
    for model, herkomst in _models(root):
        if isinstance(getattr(model, "id", None), str):
            assert herkomst and herkomst.strip(), f"{name}: '{model.id}' zonder herkomst"
    if isinstance(root, Catalogue):  # every catalogue entry names its own source, not a parent's
        assert all(ind.herkomst for ind in root.indicatoren)


def test_loaders_are_cached() -> None:
    assert load_wetten() is load_wetten()
    assert load_catalogue() is load_catalogue()


# --- indicator catalogue ------------------------------------------------------------------------


def test_catalogue_size_and_required_ids() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.indicatoren) >= 25
    required = {
        "inwoners",
        "wmo-clienten",
        "wmo-clienten-per-1000",
        "jongeren-met-jeugdzorg",
        "personen-bijstand",
    }
    assert required <= set(catalogue.by_id())


def test_derived_rates_point_at_existing_counts() -> None:
    by_id = load_catalogue().by_id()
    derived = [ind for ind in by_id.values() if ind.afgeleid_van]
    assert derived
    for ind in derived:
        base = by_id.get(ind.afgeleid_van)
        assert base is not None, f"{ind.id}: afgeleid_van '{ind.afgeleid_van}' bestaat niet"
        assert base.telling, f"{ind.id}: '{base.id}' is geen telling"
        assert not ind.telling, f"{ind.id}: een afgeleid cijfer is zelf geen telling"
    assert by_id["wmo-clienten-per-1000"].afgeleid_van == "wmo-clienten"
    assert by_id["percentage-jongeren-met-jeugdzorg"].afgeleid_van == "jongeren-met-jeugdzorg"
    assert by_id["wmo-clienten"].polariteit == "neutraal"


def test_every_count_in_the_catalogue_is_marked_as_one() -> None:
    """An indicator in "aantal" counts persons (eenpersoonshuishoudens included): the disclosure rule
    decides from the unit too, and the catalogue says the same thing."""
    for ind in load_catalogue().indicatoren:
        if ind.eenheid == "aantal":
            assert ind.telling and ind.is_telling, ind.id


def test_source_names_map_to_one_indicator() -> None:
    """An importer maps a source column onto exactly one id; a name listed twice would be ambiguous."""
    names = [name for ind in load_catalogue().indicatoren for name in ind.bronnen]
    assert not [n for n, c in Counter(names).items() if c > 1]
    by_id = load_catalogue().by_id()
    assert {"AantalInwoners", "aantal_inwoners"} <= set(by_id["inwoners"].bronnen)
    assert {"WmoClientenRelatief", "WmoClientenPer1000Inwoners", "wmo_clienten_per_1000"} <= set(
        by_id["wmo-clienten-per-1000"].bronnen
    )
    assert not any(re.fullmatch(r"[A-Za-z]\w*[A-Z]\w*_\d+", n) for n in names), "CBS-sleutels zonder _NN"


def test_bbv_numbers_unique() -> None:
    numbers = [ind.bbv_nummer for ind in load_catalogue().indicatoren if ind.bbv_nummer is not None]
    assert len(numbers) == len(set(numbers))
    assert all(21 <= n <= 32 for n in numbers)


def test_cbs_measures_exist_in_kwb_2020(research_data: Path) -> None:
    """Every catalogue measure taken from table 84799NED is a real key of that table (suffix removed)."""
    pq = pytest.importorskip("pyarrow.parquet")
    props = research_data / "cbs-84799NED-kwb-2020" / "cbs.v3.84799NED_DataProperties.parquet"
    keys = {re.sub(r"_\d+$", "", key) for key in pq.read_table(props).column("Key").to_pylist() if key}
    checked = 0
    for ind in load_catalogue().indicatoren:
        if ind.bron and ind.bron.tabel == "84799NED":
            assert ind.bron.maat in keys, ind.id
            checked += 1
    assert checked >= 8


# --- wetten ---------------------------------------------------------------------------------------


def test_three_laws_with_topics() -> None:
    wetten = load_wetten().by_id()
    assert set(wetten) == {"wmo", "jeugd", "participatie"}
    for wet_id, wet in wetten.items():
        assert wet.beleidsplan, wet_id
        assert wet.rol_raad, wet_id
        assert all(o.id.startswith(f"{wet_id}-") for o in wet.onderwerpen())
        assert any(o.status == "wettelijk" for o in wet.beleidsplan), wet_id
    assert wetten["wmo"].bwb_id == "BWBR0035362"
    assert len(wetten["wmo"].beleidsplan) >= 15


def test_uncertain_items_say_why() -> None:
    for wet in load_wetten().wetten:
        for onderwerp in wet.onderwerpen():
            if onderwerp.status == "onzeker":
                assert onderwerp.let_op, f"{onderwerp.id}: status onzeker zonder let_op"


# --- worksheets, criteria, proceskader ------------------------------------------------------------


def test_visie_has_four_steps_with_both_prompts() -> None:
    visie = load_visie()
    assert [s.nummer for s in visie.stappen] == [1, 2, 3, 4]
    assert [s.kompas_sleutel for s in visie.stappen] == [
        "waarden",
        "leidende_principes",
        "maatschappelijke_resultaten",
        "kwaliteitseisen",
    ]
    for stap in visie.stappen:
        assert stap.zelf.noteer.strip() and stap.raad.noteer.strip()
    assert [k.id for k in visie.koppeltabel.kolommen] == ["waarde", "principe", "onderbouwing", "resultaat"]
    assert len(visie.koppeltabel.voorbeelden) == 2


def test_waardemodel_has_five_core_values_with_both_sides() -> None:
    model = load_waardemodel()
    assert [k.id for k in model.kernwaarden] == [
        "gelijkheid",
        "efficientie",
        "welzijn",
        "vrijheid",
        "veiligheid",
    ]
    for kernwaarde in model.kernwaarden:
        assert kernwaarde.vraag and kernwaarde.aanbod, kernwaarde.id
    assert len(model.fasen) == 4


def test_preventie_has_three_levels_with_questions() -> None:
    kaart = load_preventie()
    assert [n.nummer for n in kaart.niveaus] == [1, 2, 3]
    assert all(n.vragen for n in kaart.niveaus)
    assert {t.wet for t in kaart.wettelijke_taken} == {"jeugd", "wmo", "wpg"}


def test_raadsvoorstel_criteria_a_to_e() -> None:
    kader = load_raadsvoorstel()
    assert [c.letter for c in kader.criteria] == ["A", "B", "C", "D", "E"]
    assert all(c.vragen for c in kader.criteria)
    assert len([a for a in kader.aanbevelingen if a.gericht_aan == "opsteller"]) == 6
    assert kader.publiekssamenvatting.eis


def test_proceskader_elements_phases_questions() -> None:
    kader = load_proceskader()
    assert [e.nummer for e in kader.elementen] == list(range(1, 8))
    assert [f.id for f in kader.fasen] == ["informeren", "wikken-en-wegen", "besluiten"]
    assert [v.nummer for v in kader.informatievragen] == [1, 2, 3, 4, 5]


# --- broken files -----------------------------------------------------------------------------------

BROKEN_WETTEN = """\
wetten:
  - id: wmo
    naam: Wet maatschappelijke ondersteuning 2015
    afkorting: Wmo 2015
    herkomst: "seed 002"
    rol_raad:
      - {id: wmo-rol, tekst: Kaders stellen., herkomst: "seed 002"}
    beleidsplan:
      - id: wmo-plan-preventie
        onderwerp: Preventie
        eis: Het plan zegt hoe de gemeente voorkomt dat inwoners ondersteuning nodig hebben.
        grondslag: null
        status: verplicht
        herkomst: "seed 000, L90"
"""


def test_broken_framework_file_points_at_line(tmp_path: Path) -> None:
    path = tmp_path / "wetten.yaml"
    path.write_text(BROKEN_WETTEN, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_wetten(path)
    assert caught.value.line == 13
    assert caught.value.file == str(path)
    assert "status" in caught.value.message


def test_unknown_key_in_framework_file_points_at_line(tmp_path: Path) -> None:
    path = tmp_path / "wetten.yaml"
    text = BROKEN_WETTEN.replace("status: verplicht", "status: wettelijk\n        statuss: wettelijk")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_wetten(path)
    assert caught.value.line == 14
    assert "statuss" in caught.value.message
    assert caught.value.hint and "status" in caught.value.hint


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    text = BROKEN_WETTEN.replace("status: verplicht", "status: wettelijk").replace(
        "id: wmo-rol,", "id: wmo-plan-preventie,"
    )
    path = tmp_path / "wetten.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_wetten(path)
    assert "wmo-plan-preventie" in caught.value.message


def test_school_holidays_cover_five_school_years_in_three_regions() -> None:
    vakanties = load_schoolvakanties()
    assert [jaar.id for jaar in vakanties.schooljaren] == [f"{y}-{y + 1}" for y in range(2023, 2028)]
    assert "rijksoverheid.nl" in vakanties.herkomst
    for jaar in vakanties.schooljaren:
        assert [v.naam for v in jaar.vakanties] == [
            "Herfstvakantie",
            "Kerstvakantie",
            "Voorjaarsvakantie",
            "Meivakantie",
            "Zomervakantie",
        ]
        for vakantie in jaar.vakanties:
            for regio in ("noord", "midden", "zuid"):
                periode = vakantie.periode(regio)
                # a school holiday runs from a Saturday to a Sunday
                assert periode.van.weekday() == 5 and periode.tot.weekday() == 6, (
                    jaar.id,
                    vakantie.naam,
                    regio,
                )
