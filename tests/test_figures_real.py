"""The shared figure lookup on the real Almere file: breaks, boundary changes and sources as a reader sees them."""

from __future__ import annotations

import pytest

from councilkit.data import disclosure, figures


@pytest.fixture(scope="module")
def almere_store(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import RESEARCH_DATA

    if not RESEARCH_DATA.is_dir():
        pytest.skip(f"../shared/research-data ontbreekt ({RESEARCH_DATA})")
    from councilkit.data.store import open_store

    path = tmp_path_factory.mktemp("almere") / "s.duckdb"
    with open_store(path, create=True, read_only=False) as db:
        db.import_file(RESEARCH_DATA / "cbs-kwb-almere-2018-2025" / "CBS_Kerncijfers_raw.csv")
    store = open_store(path)
    yield store
    store.close()


def test_almere_wmo_break_is_flagged_with_its_source(almere_store) -> None:
    reeks = figures.reeks(almere_store, "wmo-clienten", "GM0034")
    f2022, f2023 = reeks.get("2022"), reeks.get("2023")
    assert f2022 is not None and f2023 is not None
    assert (f2022.waarde, f2023.waarde) == (11940, 9375)  # as CBS published them
    assert "definitiebreuk" in f2023.vlaggen and "breuk in de reeks" in f2023.tekst
    assert any("KWB 2023" in note and "bron: CBS" in note for note in f2023.toelichting)
    # the break as data: kind, period, explanation and source, rendered once
    (breuk,) = f2023.breuken
    assert (breuk.soort, breuk.periode) == ("definitie", "2023")
    assert breuk.bron.startswith("CBS, Kerncijfers wijken en buurten 2022 en 2023")
    assert breuk.tekst.startswith("breuk in de reeks vanaf 2023: Het aantal Wmo-cliënten van Almere daalt")
    assert breuk.tekst.count("breuk in de reeks") == 1 and breuk.zin.endswith(".")
    assert f2023.as_dict()["breuken"][0]["soort"] == "definitie"
    assert reeks.breuken_tussen("2021", "2024") and not reeks.breuken_tussen("2023", "2024")
    assert f2023.regio_label == "GM0034 Almere"
    assert f2023.bronregel() == "Bron: CBS, tabel 85618NED, 2023"


def test_boundary_change_is_flagged_on_every_comparison_across_it(almere_store) -> None:
    """WK003401 went from 23.530 inhabitants (2021) to 1.635 (2022): CBS marks the re-drawing."""
    reeks = figures.reeks(almere_store, "inwoners", "WK003401")
    assert reeks.get("2021").waarde == 23530 and reeks.get("2022").waarde == 1635
    assert "grenswijziging" in reeks.get("2022").vlaggen
    assert reeks.breuken_tussen("2021", "2024")
    rate = figures.reeks(almere_store, "wmo-clienten-per-1000", "WK003401")
    assert rate.breuken_tussen("2021", "2024") and "grenswijziging" in rate.get("2022").vlaggen


def test_many_regions_in_one_read(almere_store) -> None:
    got = figures.lees(almere_store, ["wmo-clienten", "inwoners"], niveau="wijk")
    regios = got.regios("wmo-clienten")
    assert len(regios) > 30 and all(r.startswith("WK") for r in regios)
    for fig in got:
        assert (
            fig.bron.uitgever == "CBS" and fig.bron.tabel and fig.bronregel().startswith("Bron: CBS, tabel ")
        )
        if fig.indicator == "wmo-clienten" and fig.waarde is not None:
            assert (
                fig.waarde > 7 and fig.waarde % 5 == 0
            )  # disclosure: wijk counts rounded, small ones hidden


def test_uncertain_figures_are_never_plain(almere_store) -> None:
    got = figures.lees(
        almere_store, ["percentage-jongeren-met-jeugdzorg", "huishoudens-rond-sociaal-minimum"]
    )
    unsure = [f for f in got if "onzeker" in f.vlaggen]
    assert unsure, "the Almere file has figures the import could not settle"
    for fig in unsure:
        assert fig.tekst.endswith("(onzeker)") or "onzeker" in fig.tekst
        assert fig.as_dict()["onzeker"]


def test_kompas_values_of_counts_are_disclosed() -> None:
    from councilkit.model.catalogue import load_catalogue

    wmo = load_catalogue().by_id()["wmo-clienten"]
    rate = load_catalogue().by_id()["wmo-clienten-per-1000"]
    assert disclosure.kompas_waarde(5, wmo, "GM0758").label == "geheim"
    assert disclosure.kompas_waarde(1200, wmo, "GM0758").label == "1.200"
    assert disclosure.kompas_waarde(4, rate, "BU07580101", bevolking=1250).label == "geheim"
    assert disclosure.kompas_waarde(42, rate, "GM0758").label == "42"


def test_periode_tekst() -> None:
    assert figures.periode_tekst("2024HJ01") == "1e halfjaar 2024"
    assert figures.periode_tekst("2024KW02") == "2e kwartaal 2024"
    assert figures.periode_tekst("2020") == "2020"


def test_one_decimal_is_printed_in_every_output(almere_store, cli) -> None:
    """WK003422 2024: 11,0% as CBS publishes it (the issue: "Values with one decimal print as 9%"),
    and the KWB average 2,0 kept under its source name: in the figure, `data show` and its JSON."""
    pct = figures.reeks(almere_store, "percentage-jongeren-met-jeugdzorg", "WK003422").get("2024")
    assert pct is not None and pct.waarde == 11.0 and pct.tekst == "11,0%"
    size = figures.reeks(almere_store, "GemiddeldeHuishoudensgrootte", "WK003425").get("2023")
    assert size is not None and size.waarde == 2.0 and size.tekst.startswith("2,0")
    path = almere_store.path
    shown = cli("data", "show", "percentage-jongeren-met-jeugdzorg", "--regio", "WK003422", "--store", path)
    assert shown.code == 0, shown
    line = next(x for x in shown.out.splitlines() if x.strip().startswith("2024"))
    assert " 11,0% " in line + " " and "11%" not in line
    as_json = cli(
        "data",
        "show",
        "GemiddeldeHuishoudensgrootte",
        "--regio",
        "WK003425",
        "--store",
        path,
        "--format",
        "json",
    )
    import json

    by_period = {f["periode"]: f for f in json.loads(as_json.out)}
    assert by_period["2023"]["tekst"].startswith("2,0") and by_period["2023"]["waarde"] == 2.0
