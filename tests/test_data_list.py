"""`councilkit data list`: catalogue indicators first, measures kept under their source name after."""

from __future__ import annotations

from pathlib import Path


def test_list_puts_catalogue_indicators_first(tmp_path: Path, cli, research_data: Path) -> None:
    store = tmp_path / "monitor.duckdb"
    raw = research_data / "cbs-kwb-almere-2018-2025" / "CBS_Kerncijfers_raw.csv"
    assert cli("data", "import", raw, "--store", store).code == 0
    result = cli("data", "list", "--store", store, "--regio", "GM0034")
    assert result.code == 0, result
    lines = result.out.splitlines()
    split = lines.index("niet gekoppeld, onder de naam uit de bron:")
    catalogue_rows = [line.split()[0] for line in lines[1 : split - 1]]
    assert {"wmo-clienten", "wmo-clienten-per-1000", "inwoners", "personen-bijstand"} <= set(catalogue_rows)
    source_rows = [line.split()[0] for line in lines[split + 2 :]]
    assert "Bevolkingsdichtheid" in source_rows and "wmo-clienten" not in source_rows


def test_client_level_file_is_refused_even_in_an_unknown_layout(tmp_path: Path, cli) -> None:
    export = tmp_path / "clienten.csv"
    export.write_text("gemeente;bsn;waarde\nBreda;111222333;5\n", encoding="utf-8")
    store = tmp_path / "monitor.duckdb"
    result = cli("data", "import", export, "--store", store)
    assert result.code == 2
    assert result.err.startswith(f"fout: {export}:1:2: kolom 'bsn' lijkt een BSN te bevatten"), result.err
    assert not store.exists() or "geen cijfers" in cli("data", "list", "--store", store).out


def test_list_counts_cells_and_takes_the_unit_of_their_newest_figures(tmp_path: Path) -> None:
    """Every cell counts once however often it was revised, and the unit shown is the most common
    unit among the cells' newest figures — also when a later import gave the indicator another unit
    (the one case `Store.indicators` settles row by row)."""
    from councilkit.data.mapping import MeasureMap, Target
    from councilkit.data.store import open_store

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(
        "indicator;regio;periode;waarde\n"
        "wmo-clienten;GM0758;2020;100\nwmo-clienten;GM0758;2021;110\nwmo-clienten;GM0758;2022;120\n"
        "wmo-clienten;GM0034;2022;90\ninwoners;GM0758;2022;184069\ninwoners;GM0034;2022;220000\n",
        encoding="utf-8",
    )
    second.write_text(
        "indicator;regio;periode;waarde\n"
        "wmo-clienten;GM0758;2021;11,5\nwmo-clienten;GM0758;2022;12,5\n"
        "wmo-clienten;GM0034;2022;9,5\nwmo-clienten;GM0034;2023;9,8\n",
        encoding="utf-8",
    )
    in_percent = MeasureMap({"wmoclienten": Target("wmo-clienten", "procent")})
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as db:
        db.import_file(first)
        db.import_file(second, measures=in_percent)
        listed = {s.indicator: s for s in db.indicators()}
        assert (listed["wmo-clienten"].regios, listed["wmo-clienten"].aantal) == (2, 5)
        assert listed["wmo-clienten"].perioden == ["2020", "2021", "2022", "2023"]
        assert listed["wmo-clienten"].eenheid == "procent"  # 4 of the 5 newest figures
        assert (listed["inwoners"].regios, listed["inwoners"].aantal, listed["inwoners"].eenheid) == (
            2,
            2,
            "aantal",
        )
        (gm0758,) = [s for s in db.indicators("GM0758") if s.indicator == "wmo-clienten"]
        assert (gm0758.aantal, gm0758.perioden, gm0758.eenheid) == (3, ["2020", "2021", "2022"], "procent")
        assert [s.indicator for s in db.indicators()] == ["inwoners", "wmo-clienten"]
