"""The official list of gemeenten and the kompas cross-check (`check`, and `plan`/`check --data`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit.model.gemeenten import load_gemeenten


def test_list_of_2020_equals_the_cbs_table(research_data: Path) -> None:
    """The 2020 list is CBS 84799NED's gemeenten, code for code and name for name."""
    import duckdb

    table = research_data / "cbs-84799NED-kwb-2020" / "cbs.v3.84799NED_TypedDataSet.parquet"
    rows = duckdb.sql(
        f"SELECT trim(WijkenEnBuurten), trim(Gemeentenaam_1) FROM '{table}' WHERE trim(SoortRegio_2) = 'Gemeente'"
    ).fetchall()
    assert {(g.code, g.naam) for g in load_gemeenten().in_jaar(2020)} == set(rows)


@pytest.mark.parametrize(
    ("jaar", "aantal"),
    [(2018, 380), (2019, 355), (2020, 355), (2021, 352), (2022, 345), (2023, 342), (2026, 342)],
)
def test_herindelingen_give_the_known_number_of_gemeenten(jaar: int, aantal: int) -> None:
    assert len(load_gemeenten().in_jaar(jaar)) == aantal


def test_lookups() -> None:
    lijst = load_gemeenten()
    assert lijst.naam("GM0855") == "Tilburg" and lijst.naam("gm0758") == "Breda"
    assert [g.code for g in lijst.op_naam("gemeente 's-hertogenbosch")] == ["GM0796"]
    assert [g.naam for g in lijst.opvolgers("GM0003")] == ["Eemsdelta"]
    assert {g.code for g in lijst.opvolgers("GM0788")} == {"GM0757", "GM0824", "GM0855", "GM0865"}
    assert lijst.naam("GM0457", 2022) == "Weesp" and lijst.naam("GM0457", 2023) is None
    assert lijst.naam("GM1992", 2022) is None and lijst.naam("GM1992", 2023) == "Voorne aan Zee"


KOMPAS = "gemeente: {{naam: {naam}, code: {code}}}\ndomein: wmo\nperiode: {{van: 2024, tot: 2027}}\n"


def _check(cli, tmp_path: Path, naam: str, code: str):
    path = tmp_path / "kompas.yaml"
    path.write_text(KOMPAS.format(naam=naam, code=code), encoding="utf-8")
    return cli("check", path)


def test_check_names_the_gemeente_a_wrong_code_belongs_to(cli, tmp_path: Path) -> None:
    result = _check(cli, tmp_path, "Breda", "GM0855")
    assert result.code == 1
    assert "fout [gemeente-naam-code]" in result.out and "Tilburg" in result.out and "GM0758" in result.out


def test_check_warns_about_a_merged_gemeente_with_its_successor(cli, tmp_path: Path) -> None:
    result = _check(cli, tmp_path, "Appingedam", "GM0003")
    assert "waarschuwing [gemeente-opgeheven]" in result.out and "Eemsdelta (GM1979)" in result.out
    assert "gemeente-naam-code" not in result.out


def test_check_refuses_the_placeholder_code(cli, tmp_path: Path) -> None:
    result = _check(cli, tmp_path, "Breda", "GM0000")
    assert result.code == 1 and "fout [gemeente-onbekend]" in result.out and "GM0758" in result.out


def test_real_gemeente_checks_clean_on_name(cli, tmp_path: Path) -> None:
    result = _check(cli, tmp_path, "'s-Hertogenbosch", "GM0796")
    assert "gemeente-" not in result.out


def test_with_data_a_mismatch_never_gives_another_gemeentes_figures(cli, tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    data.write_text("regio;jaar;personen_bijstand\nGM0855;2020;5210\nGM0758;2020;4520\n", encoding="utf-8")
    path = tmp_path / "kompas.yaml"
    path.write_text(
        KOMPAS.format(naam="Breda", code="GM0855")
        + "maatschappelijke_resultaten:\n  - id: r\n    omschrijving: Minder bijstand.\n"
        "    indicator: personen-bijstand\n",
        encoding="utf-8",
    )
    checked = cli("check", path, "--data", data)
    assert checked.code == 1 and "gemeente-naam-code" in checked.out
    assert "5.210" not in checked.out and "5210" not in checked.out
    out = tmp_path / "plan.md"
    planned = cli("plan", path, "-o", out, "--data", data)
    assert planned.code == 2 and "Tilburg" in planned.err
    assert not out.exists()
