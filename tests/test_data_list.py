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
