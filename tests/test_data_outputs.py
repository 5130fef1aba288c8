"""Disclosure rules, coverage findings for `check --data`, `open_data`, and the data commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from councilkit.cli import cli
from councilkit.data import open_data
from councilkit.data.disclosure import DEFAULT_POLICY, Policy, policy_for, shown
from councilkit.data.figures import reeks
from councilkit.data.store import Observation, open_store
from councilkit.model.catalogue import load_catalogue

CATALOGUE = load_catalogue().by_id()


def obs(
    waarde: float | None, regio: str = "GM0758", vlag: str | None = None, eenheid: str = "aantal"
) -> Observation:
    return Observation(
        "wmo-clienten",
        regio,
        "2023",
        waarde,
        eenheid,
        None,
        vlag,
        "x.csv",
        "x.csv",
        None,
        "0" * 64,
        dt.datetime(2024, 1, 1),
        "wmo_clienten",
        1,
    )


# --- disclosure -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("waarde", [0, 3, 7])
def test_small_counts_are_secret(waarde: int) -> None:
    result = shown(obs(waarde), CATALOGUE["wmo-clienten"])
    assert result.waarde is None and result.label == "geheim"


def test_count_above_threshold_is_shown_in_dutch_notation() -> None:
    result = shown(obs(11940), CATALOGUE["wmo-clienten"])
    assert result.waarde == 11940 and result.label == "11.940"


def test_rate_derived_from_secret_count_is_hidden() -> None:
    rate = obs(4.2, eenheid="per-1000-inwoners")
    hidden = shown(
        rate, CATALOGUE["wmo-clienten-per-1000"], basis=obs(6), basis_indicator=CATALOGUE["wmo-clienten"]
    )
    assert hidden.waarde is None and "afgeleid" in (hidden.reden or "")
    ok = shown(
        rate, CATALOGUE["wmo-clienten-per-1000"], basis=obs(60), basis_indicator=CATALOGUE["wmo-clienten"]
    )
    assert ok.label == "4,2"  # CBS publishes it whole; a monitor's decimal is kept (no `decimalen`)


@pytest.mark.parametrize(
    ("waarde", "label"), [(9.0, "9,0%"), (1.1, "1,1%"), (11.0, "11,0%"), (11.43, "11,4%")]
)
def test_percentage_follows_the_catalogue_decimals(waarde: float, label: str) -> None:
    """`decimalen: 1` as CBS publishes the percentage: a 9,0 never prints as "9%", nor 1,1 as "1%"."""
    indicator = CATALOGUE["percentage-jongeren-met-jeugdzorg"]
    assert indicator.decimalen == 1
    count = CATALOGUE["jongeren-met-jeugdzorg"]
    assert (
        shown(obs(waarde, eenheid="procent"), indicator, basis=obs(150), basis_indicator=count).label == label
    )


def test_source_measure_shows_the_decimals_cbs_publishes() -> None:
    """A KWB average kept under its source name: 9,0 as CBS publishes it, never "9" or "9 (afgerond)"."""
    from councilkit.data.disclosure import decimals_for, format_number

    places = decimals_for(None, "aantal", 9.0, maat="GemiddeldeHuishoudensgrootte_32")
    assert format_number(9.0, "aantal", places) == "9,0"


def test_every_cbs_indicator_in_the_catalogue_declares_its_decimals() -> None:
    """Counts whole, percentages with one decimal, as the CBS DataProperties say (per-1.000 rates keep
    the decimals their source gives: CBS's are whole anyway)."""
    published = {
        "inwoners": 0,
        "wmo-clienten": 0,
        "jongeren-met-jeugdzorg": 0,
        "percentage-jongeren-met-jeugdzorg": 1,
        "personen-bijstand": 0,
        "huishoudens-laag-inkomen": 1,
        "huishoudens-rond-sociaal-minimum": 1,
    }
    assert {i: CATALOGUE[i].decimalen for i in published} == published
    for indicator in CATALOGUE.values():
        if (
            indicator.bron is not None
            and indicator.bron.tabel == "84799NED"
            and indicator.afgeleid_van is None
        ):
            assert indicator.decimalen is not None, indicator.id


def test_wijk_counts_are_rounded_to_five() -> None:
    result = shown(obs(1207, regio="WK075801"), CATALOGUE["wmo-clienten"])
    assert result.waarde == 1205 and "afgerond" in (result.reden or "")
    assert shown(obs(9, regio="BU07580101"), CATALOGUE["wmo-clienten"]).waarde == 10  # as CBS would
    assert shown(obs(7, regio="BU07580101"), CATALOGUE["wmo-clienten"]).label == "geheim"
    assert shown(obs(9, regio="GM0758"), CATALOGUE["wmo-clienten"]).label == "9"


def test_non_counts_and_source_flags() -> None:
    share = CATALOGUE["percentage-jongeren-met-jeugdzorg"]
    base = CATALOGUE["jongeren-met-jeugdzorg"]
    assert shown(obs(3, eenheid="procent"), share, basis=obs(60), basis_indicator=base).label == "3,0%"
    # without its count a share may hide a small one: in doubt, not shown, and the reason says so
    alone = shown(obs(3, eenheid="procent"), share)
    assert alone.label == "geheim" and "ontbreekt" in (alone.reden or "")
    assert shown(obs(None, vlag="geheim"), CATALOGUE["wmo-clienten"]).label == "geheim"
    assert shown(obs(None, vlag="ontbrekend"), None).label == "geen cijfer"
    assert shown(obs(5), None).label == "geheim"  # unknown indicator in "aantal": the safe side


def test_policy_is_configurable_per_kompas() -> None:
    class Block:
        drempel, afronding = 10, 1

    class Kompas:
        onthulling = Block()

    policy = policy_for(Kompas())
    assert policy == Policy(10, 1) and policy_for(None) == DEFAULT_POLICY
    assert shown(obs(9), CATALOGUE["wmo-clienten"], policy).label == "geheim"
    assert shown(obs(1207, regio="WK075801"), CATALOGUE["wmo-clienten"], policy).waarde == 1207


def test_series_looks_up_the_base_count(tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text("regio;jaar;wmo_clienten;wmo_clienten_per_1000\nWK075801;2022;5;2\nWK075801;2023;150;61\n")
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as db:
        db.import_file(csv)
        rows = reeks(db, "wmo-clienten-per-1000", "WK075801")
    assert [(f.periode, f.getal) for f in rows] == [("2022", "geheim"), ("2023", "61")]


# --- coverage ---------------------------------------------------------------------------------------------

KOMPAS = """\
gemeente: {naam: Breda, code: GM0758}
domein: wmo
periode: {van: 2024, tot: 2027}
maatschappelijke_resultaten:
  - id: minder-bijstand
    omschrijving: Minder mensen zijn afhankelijk van bijstand.
    indicator: personen-bijstand
    nulmeting: {jaar: 2020, waarde: 4600}
    streefwaarde: {jaar: 2027, waarde: 4000}
  - id: wmo-bereik
    omschrijving: Wie ondersteuning nodig heeft krijgt die.
    indicator: wmo-clienten
    nulmeting: {jaar: 2019, waarde: 9000}
    streefwaarde: {jaar: 2027, waarde: 9500}
  - id: steun
    omschrijving: Ouderen ervaren steun.
    indicator: ervaren-steun-75plus
    nulmeting: {jaar: 2022, waarde: 58}
    streefwaarde: {jaar: 2027, waarde: 70}
"""


def test_coverage_findings(tmp_path: Path) -> None:
    from councilkit.checks.coverage import findings, report
    from councilkit.model.kompas import load_kompas

    (tmp_path / "kompas.yaml").write_text(KOMPAS, encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        "regio;jaar;personen_bijstand;wmo_clienten\nGM0758;2020;4520;9100\nGM0758;2021;4400;9200\n"
        "GM0034;2022;5000;11940\n",
        encoding="utf-8",
    )
    loaded = load_kompas(tmp_path / "kompas.yaml")
    with open_data([tmp_path / "m.csv"]) as store:
        cov = {c.resultaat: c for c in report(loaded, store)}
        found = findings(loaded, store)
    assert cov["minder-bijstand"].jaren == [2020, 2021] and cov["minder-bijstand"].laatste_jaar_bron == 2022
    assert (
        cov["minder-bijstand"].format()
        == "minder-bijstand (personen-bijstand, GM0758): cijfers over 2020–2021"
    )
    codes = {(f.code, f.message.split("'")[1]) for f in found}
    assert ("data-nulmeting-wijkt-af", "minder-bijstand") in codes  # 4600 vs 4520
    assert ("data-laatste-jaar-ontbreekt", "minder-bijstand") in codes
    assert ("data-nulmeting-ontbreekt", "wmo-bereik") in codes
    assert ("data-geen-cijfers", "steun") in codes
    assert all(f.level == "waarschuwing" and f.line for f in found)
    nul = next(f for f in found if f.code == "data-nulmeting-ontbreekt")
    assert nul.line == 13  # the nulmeting line of wmo-bereik


def test_open_data_with_store_file_and_exports(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("regio;jaar;wmo_clienten\nGM0758;2022;10\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("regio;jaar;wmo_clienten\nGM0758;2023;12\n", encoding="utf-8")
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as db:
        db.import_file(tmp_path / "a.csv")
    with open_data([tmp_path / "s.duckdb"]) as store:
        assert store.read_only and store.periods("wmo-clienten", "GM0758") == ["2022"]
    with open_data([tmp_path / "s.duckdb", tmp_path / "b.csv"]) as store:
        assert store.periods("wmo-clienten", "GM0758") == ["2022", "2023"]


def test_package_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, councilkit.data, councilkit.commands.data; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- commands ---------------------------------------------------------------------------------------------


def test_data_commands(tmp_path: Path) -> None:
    from councilkit.cli import main

    csv = tmp_path / "m.csv"
    csv.write_text("regio;jaar;wmo_clienten;status\nGM0758;2022;11250;definitief\nGM0758;2023;5;voorlopig\n")
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    result = runner.invoke(cli, ["data", "import", str(csv), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "nieuw: 2" in result.output and "wmo_clienten → wmo-clienten" in result.output
    again = runner.invoke(cli, ["data", "import", str(csv), "--store", str(store)])
    assert "niets gewijzigd" in again.output
    listed = runner.invoke(cli, ["data", "list", "--store", str(store), "--regio", "GM0758"])
    assert "wmo-clienten" in listed.output
    shown_json = runner.invoke(
        cli, ["data", "show", "wmo-clienten", "--regio", "GM0758", "--store", str(store), "--format", "json"]
    )
    data = json.loads(shown_json.output)
    first = {
        k: data[0][k] for k in ("periode", "waarde", "eenheid", "status", "vlaggen", "regio_naam", "tekst")
    }
    assert first == {
        "periode": "2022",
        "waarde": 11250,
        "eenheid": "aantal",
        "status": "definitief",
        "vlaggen": [],
        "regio_naam": "Breda",
        "tekst": "11.250",
    }
    # what the store knows beside the figure: its kind (a count: disclosure applies), no doubt, its file
    assert (data[0]["soort"], data[0]["onzeker"], data[0]["bron"]["bestand"]) == ("aantal", None, "m.csv")
    assert len(data[0]["bron"]["sha256"]) == 64
    assert data[0]["bron"]["gepubliceerd"]  # only the import date is known for a monitor CSV
    assert data[0]["bron"]["gepubliceerd_bron"] == "importdatum"
    assert data[1]["waarde"] is None and data[1]["vlaggen"] == ["geheim"]  # 5 ≤ 7
    assert "5" not in data[1]["tekst"]
    text = runner.invoke(cli, ["data", "show", "WmoClienten", "--regio", "gm0758", "--store", str(store)])
    assert "11.250" in text.output and "geheim" in text.output

    bad = tmp_path / "bad.csv"
    bad.write_text("a;b\n1;2\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["data", "import", str(bad), "--store", str(store)])
    assert exit_info.value.code == 2


def test_fast_count_formatting_equals_the_shared_formatter() -> None:
    """Counts skip babel for speed; the text must be exactly what `render.nl.getal` writes."""
    from councilkit.data.disclosure import format_number
    from councilkit.render import nl

    for value in (0, 1, -1, 999, 1000, -1234567, 184069, 10**12):
        assert format_number(float(value), "aantal", 0) == nl.getal(float(value), 0)
    assert format_number(2.1, "aantal") == "2,1" and format_number(9.0, "procent") == "9,0%"
    assert format_number(float("nan")) == "geen cijfer"


def test_data_show_names_the_unit_in_dutch(tmp_path: Path) -> None:
    """A rate reads "per 1.000 inwoners" beside its figure, never the catalogue key per-1000-inwoners."""
    from councilkit.model.catalogue import EENHEID_TEKST, Eenheid

    csv = tmp_path / "m.csv"
    csv.write_text(
        "regio;jaar;inwoners;wmo_clienten;wmo_clienten_per_1000_inwoners\nGM0758;2023;184000;8832;48\n"
    )
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(cli, ["data", "import", str(csv), "--store", str(store)]).exit_code == 0
    text = runner.invoke(
        cli, ["data", "show", "wmo-clienten-per-1000", "--regio", "GM0758", "--store", str(store)]
    ).output
    assert "48  per 1.000 inwoners" in text, text
    assert "per-1000-inwoners" not in text
    assert set(EENHEID_TEKST) == set(Eenheid.__args__), "every unit has its Dutch text"


def test_import_report_counts_in_singular_and_plural(tmp_path: Path) -> None:
    one = tmp_path / "een.csv"
    one.write_text("indicator;regio;periode;waarde\nwmo-clienten;GM0758;2023;11250\n", encoding="utf-8")
    two = tmp_path / "twee.csv"
    two.write_text(
        "indicator;regio;periode;waarde\nwmo-clienten;GM0758;2021;11000\nwmo-clienten;GM0758;2022;11250\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    first = runner.invoke(cli, ["data", "import", str(one), "--store", str(store)])
    assert "gelezen: 1 rij, 1 cijfer\n" in first.output, first.output
    second = runner.invoke(cli, ["data", "import", str(two), "--store", str(store)])
    assert "gelezen: 2 rijen, 2 cijfers\n" in second.output, second.output
