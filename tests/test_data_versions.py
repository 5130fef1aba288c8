"""Versions of a figure: ordered by the source's publication date, each knowing its file; withdrawn
figures, StatLine filters, sidecar edits and tenfold slips (issue 8, "Revisions and provenance")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = open_store(tmp_path / "s.duckdb", create=True, read_only=False)
    yield db
    db.close()


def typed_table(
    folder: Path, modified: str, rows: list[tuple[str, str, int | None]], table: str = "85000NED"
) -> Path:
    """A small CBS OData table (JSON) with its Metadata: region, period, Wmo clients."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "t_TypedDataSet.json"
    data.write_text(
        json.dumps({"value": [{"RegioS": r, "Perioden": p, "WmoClienten_1": v} for r, p, v in rows]}),
        encoding="utf-8",
    )
    (folder / "t_Metadata.json").write_text(
        json.dumps({"Identifier": table, "Modified": modified}), encoding="utf-8"
    )
    return data


def test_older_edition_imported_later_does_not_revise(tmp_path: Path, store: Store) -> None:
    new = typed_table(tmp_path / "nieuw", "2024-06-01T02:00:00", [("GM0758", "2022JJ00", 1200)])
    old = typed_table(tmp_path / "oud", "2023-01-15T02:00:00", [("GM0758", "2022JJ00", 1000)])
    store.import_file(new)
    result = store.import_file(old)
    assert (result.herzien, result.eerder, result.gepubliceerd_bron) == (0, 1, "metadata")
    (current,) = store.series("wmo-clienten", "GM0758")
    assert current.waarde == 1200 and current.onzeker is None
    versions = store.versions("wmo-clienten", "GM0758")
    assert [(o.waarde, o.gepubliceerd.date().isoformat()) for o in versions] == [
        (1200, "2024-06-01"),
        (1000, "2023-01-15"),
    ]
    assert [o.bestand for o in versions] == ["t_TypedDataSet.json", "t_TypedDataSet.json"]
    assert {o.tabel for o in versions} == {"85000NED"}


def test_newer_edition_revises_and_knows_what_it_replaced(tmp_path: Path, store: Store) -> None:
    store.import_file(typed_table(tmp_path / "oud", "2023-01-15T02:00:00", [("GM0758", "2022JJ00", 1000)]))
    result = store.import_file(
        typed_table(tmp_path / "nieuw", "2024-06-01T02:00:00", [("GM0758", "2022JJ00", 1200)])
    )
    assert result.herzien == 1 and result.voorbeelden_herzien == [
        ("wmo-clienten", "GM0758", "2022", 1000, 1200)
    ]
    (revision,) = store.revisions("wmo-clienten", "GM0758")
    assert revision.oud.gepubliceerd < revision.nieuw.gepubliceerd


def test_value_emptied_in_newer_edition_is_withdrawn(tmp_path: Path, store: Store) -> None:
    old = [("GM0758", "2022JJ00", 1000), ("GM0034", "2022JJ00", 9000)]
    store.import_file(typed_table(tmp_path / "oud", "2023-01-15T02:00:00", old))
    new = [("GM0758", "2022JJ00", None), ("GM0034", "2022JJ00", 9000)]
    result = store.import_file(typed_table(tmp_path / "nieuw", "2024-06-01T02:00:00", new))
    assert result.ingetrokken == 1 and result.ongewijzigd == 1
    assert result.as_dict()["ingetrokken_voorbeelden"] == [
        {"indicator": "wmo-clienten", "regio": "GM0758", "periode": "2022", "oud": 1000}
    ]
    (current,) = store.series("wmo-clienten", "GM0758")
    assert current.waarde is None and current.vlag == "ingetrokken"


def test_file_that_merely_lacks_a_figure_withdraws_nothing(tmp_path: Path, store: Store) -> None:
    store.import_file(typed_table(tmp_path / "oud", "2023-01-15T02:00:00", [("GM0758", "2022JJ00", 1000)]))
    tidy = tmp_path / "tidy.csv"
    tidy.write_text("indicator;regio;periode;waarde\nwmo-clienten;GM0758;2022;\n", encoding="utf-8")
    assert store.import_file(tidy).ingetrokken == 0
    assert store.series("wmo-clienten", "GM0758")[0].waarde == 1000


def test_edited_sidecar_beside_unchanged_data_is_a_new_import(tmp_path: Path, store: Store) -> None:
    data = typed_table(tmp_path / "t", "2023-01-15T02:00:00", [("GM0758", "2022JJ00", 1000)])
    first = store.import_file(data)
    assert set(first.bijbestanden) == {"t_Metadata.json"}
    assert store.import_file(data).al_geimporteerd
    (tmp_path / "t" / "t_Metadata.json").write_text(
        json.dumps({"Identifier": "85000NED", "Modified": "2024-02-01T00:00:00"}), encoding="utf-8"
    )
    again = store.import_file(data)
    assert not again.al_geimporteerd and again.gepubliceerd.year == 2024


def test_statline_filter_is_part_of_the_series(tmp_path: Path, store: Store, research_data: Path) -> None:
    original = research_data / "statline-csv-download-example" / "Bevolking_pc4_Almere_statline_download.csv"
    text = original.read_text(encoding="utf-8-sig")
    assert '"Geslacht: Totaal mannen en vrouwen"' in text
    men = tmp_path / "mannen.csv"
    men.write_text(
        text.replace('"Geslacht: Totaal mannen en vrouwen"', '"Geslacht: Mannen"').replace(
            '"17590672"', '"8733243"'
        ),
        encoding="utf-8",
    )
    store.import_file(original)
    result = store.import_file(men)
    assert result.herzien == 0 and result.nieuw > 0
    assert store.reeksen("Bevolking", "NL01") == ["", "Geslacht: Mannen"]
    total = {o.periode: o.waarde for o in store.series("Bevolking", "NL01")}
    men_only = {o.periode: o.waarde for o in store.series("Bevolking", "NL01", reeks="Geslacht: Mannen")}
    assert total["2022"] == 17590672 and men_only["2022"] == 8733243
    assert result.gepubliceerd_bron == "downloaddatum"


def test_tenfold_difference_is_a_separator_slip_not_a_revision(tmp_path: Path, store: Store) -> None:
    first = tmp_path / "a.csv"
    first.write_text(
        "indicator;regio;periode;waarde\npercentage-jongeren-met-jeugdzorg;GM0758;2022;11,4\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.csv"
    second.write_text(
        "indicator;regio;periode;waarde\npercentage-jongeren-met-jeugdzorg;GM0758;2022;1,14\n",
        encoding="utf-8",
    )
    store.import_file(first)
    result = store.import_file(second)
    assert result.herzien == 0 and result.verdacht == 1 and result.onzeker == 1
    (current,) = store.series("percentage-jongeren-met-jeugdzorg", "GM0758")
    assert current.waarde == 11.4 and current.onzeker is None
    slip = store.versions("percentage-jongeren-met-jeugdzorg", "GM0758")[1]
    assert slip.waarde == 1.14 and "factor 10" in (slip.onzeker or "")


@pytest.mark.parametrize(
    ("indicator", "old", "new", "slip"),
    [
        ("percentage-jongeren-met-jeugdzorg", "12,4", "1,2", True),  # rounded, then ÷10: ×10,33
        ("percentage-jongeren-met-jeugdzorg", "52,5", "5,3", True),  # GM0034's other example
        ("percentage-jongeren-met-jeugdzorg", "9,6", "1", True),  # 0,96 rounded to a whole 1
        ("percentage-jongeren-met-jeugdzorg", "12,4", "0,12", True),  # ÷100, rounded
        ("percentage-jongeren-met-jeugdzorg", "11,4", "11,7", False),  # a real revision
        ("percentage-jongeren-met-jeugdzorg", "11,4", "1,0", False),  # 1,14 is not 1,0
        ("wmo-clienten", "124", "12", False),  # counts: only an exact factor is a slip
        ("wmo-clienten", "1240", "124", True),
    ],
)
def test_tenfold_difference_allows_for_rounding(
    tmp_path: Path, store: Store, indicator: str, old: str, new: str, slip: bool
) -> None:
    for name, value in (("a.csv", old), ("b.csv", new)):
        (tmp_path / name).write_text(
            f"indicator;regio;periode;waarde\n{indicator};GM0758;2022;{value}\n", encoding="utf-8"
        )
    store.import_file(tmp_path / "a.csv")
    result = store.import_file(tmp_path / "b.csv")
    assert (result.verdacht, result.herzien) == ((1, 0) if slip else (0, 1))


def test_nan_in_a_csv_is_a_missing_figure_and_json_stays_valid(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "nan.csv"
    data.write_text("regio;jaar;wmo_clienten\nGM0758;2022;NaN\nGM0758;2023;1200\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    assert cli("data", "import", data, "--store", store).code == 0
    shown = cli("data", "show", "wmo-clienten", "--regio", "GM0758", "--store", store, "--format", "json")
    figures = json.loads(shown.out)  # NaN would make this fail
    assert figures[0]["waarde"] is None and figures[0]["vlag"] == "ontbrekend"
    inf = tmp_path / "inf.csv"
    inf.write_text("regio;jaar;wmo_clienten\nGM0758;2022;inf\nGM0758;2023;1200\n", encoding="utf-8")
    refused = cli("data", "import", inf, "--store", store)
    assert refused.code == 2 and "'inf'" in refused.err and ":2:" in refused.err
