"""Bad input: a clear Dutch error with file, line and column, and nothing half-imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store
from councilkit.errors import InputError

GOOD = "regio;jaar;wmo_clienten\nGM0758;2022;11250\n"


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "monitordata.duckdb", create=True, read_only=False)
    store.import_file(_write(tmp_path, "goed.csv", GOOD))
    yield store
    store.close()


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _snapshot(db: Store) -> tuple[int, int]:
    return (
        db.con.execute("SELECT count(*) FROM observaties").fetchone()[0],
        db.con.execute("SELECT count(*) FROM imports").fetchone()[0],
    )


def _refused(db: Store, path: Path, *fragments: str) -> InputError:
    before = _snapshot(db)
    with pytest.raises(InputError) as info:
        db.import_file(path)
    text = info.value.format()
    for fragment in fragments:
        assert fragment in text, text
    assert text.startswith(f"fout: {path}")
    assert _snapshot(db) == before, "store changed by a refused file"
    return info.value


def test_unknown_layout_names_the_formats_tried(db: Store, tmp_path: Path) -> None:
    err = _refused(
        db,
        _write(tmp_path, "x.csv", "a;b;c\n1;2;3\n"),
        "onbekende indeling",
        "StatLine-download",
        "monitor-",
        "CBS OData",
    )
    assert err.line == 1


def test_header_without_any_known_measure(db: Store, tmp_path: Path) -> None:
    _refused(
        db,
        _write(tmp_path, "x.csv", "regio;jaar;aantal_fietsen\nGM0758;2022;5\n"),
        "geen enkele bekende maat",
        "aantal_fietsen",
    )


def test_text_in_numeric_column_gives_line_and_column(db: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "x.csv", "regio;jaar;wmo_clienten\nGM0758;2023;11300\nGM0034;2023;ongeveer 9000\n"
    )
    err = _refused(db, path, "tekst in een kolom met cijfers", "'ongeveer 9000'", "wmo_clienten")
    assert (err.line, err.column) == (3, 3)
    assert err.format().startswith(f"fout: {path}:3:3:")


def test_unknown_region_code_gives_line(db: Store, tmp_path: Path) -> None:
    err = _refused(
        db,
        _write(tmp_path, "x.csv", "regio;jaar;wmo_clienten\nGM0758;2023;1\nBreda;2023;2\n"),
        "onbekende regiocode 'Breda'",
    )
    assert err.line == 3 and err.column == 1


def test_truncated_csv(db: Store, tmp_path: Path) -> None:
    text = "regio;jaar;wmo_clienten;wmo_clienten_per_1000\nGM0758;2023;11300;61\nGM0034;20"
    err = _refused(db, _write(tmp_path, "x.csv", text), "afgebroken")
    assert err.line == 3


def test_unclosed_quote_is_a_broken_file(db: Store, tmp_path: Path) -> None:
    text = 'regio;jaar;wmo_clienten\nGM0758;2023;11300\n"GM0034;2023;9375\n'
    _refused(db, _write(tmp_path, "x.csv", text), "fout:")


def test_truncated_parquet(db: Store, tmp_path: Path) -> None:
    import duckdb

    good = tmp_path / "t.parquet"
    duckdb.sql("SELECT 'GM0758    ' AS RegioS, 1 AS WmoClienten_1, 2 AS WmoClienten_2").write_parquet(
        str(good)
    )
    data = good.read_bytes()
    _refused(
        db, _write(tmp_path, "kapot_TypedDataSet.parquet", data[: len(data) // 2]), "afgebroken of beschadigd"
    )


def test_xlsx_that_is_not_a_spreadsheet(db: Store, tmp_path: Path) -> None:
    _refused(db, _write(tmp_path, "x.xlsx", b"PK\x03\x04 dit is geen zip"), "geen Excel-bestand")
    other = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hallo")
    _refused(db, other, "geen Excel-werkmap")


def test_xlsx_that_unpacks_to_absurd_size(db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from councilkit.data import sources

    monkeypatch.setattr(sources, "XLSX_MAX_UNPACKED", 1_000_000)
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    _refused(db, bomb, "pakt uit tot", "MB")


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(db: Store, tmp_path: Path, content: bytes) -> None:
    _refused(db, _write(tmp_path, "leeg.csv", content), "het bestand is leeg")


def test_header_only(db: Store, tmp_path: Path) -> None:
    _refused(db, _write(tmp_path, "kop.csv", "regio;jaar;wmo_clienten\n"), "geen cijfers")


def test_bsn_column_is_refused(db: Store, tmp_path: Path) -> None:
    text = "BSN;regio;jaar;wmo_clienten\n123456782;GM0758;2023;1\n"
    err = _refused(db, _write(tmp_path, "x.csv", text), "BSN", "geaggregeerde cijfers")
    assert err.column == 1


def test_elfproef_column_is_refused(db: Store, tmp_path: Path) -> None:
    from councilkit.data.normalize import passes_elfproef

    numbers = []
    for stem in range(12345670, 12345770):  # find the check digit that makes each pass the elfproef
        for last in range(10):
            if passes_elfproef(f"{stem}{last}") and len(numbers) < 6:
                numbers.append(f"{stem}{last}")
    assert len(numbers) == 6 and not passes_elfproef("123456789")
    rows = "".join(f"GM0758;2023;{n};1\n" for n in numbers)
    _refused(db, _write(tmp_path, "x.csv", "regio;jaar;klantnummer;wmo_clienten\n" + rows), "elfproef")


def test_large_aggregates_are_not_mistaken_for_bsn(db: Store, tmp_path: Path) -> None:
    rows = "".join(f"GM0{700 + i};2023;{350_000_000 + 7 * i};1\n" for i in range(10))
    result = db.import_file(_write(tmp_path, "x.csv", "regio;jaar;wmo_uitgaven;wmo_clienten\n" + rows))
    assert result.nieuw > 0


def test_conflicting_duplicate_cell(db: Store, tmp_path: Path) -> None:
    text = "regio;jaar;wmo_clienten\nGM0758;2024;10\nGM0758;2024;12\n"
    _refused(db, _write(tmp_path, "x.csv", text), "meer dan eens", "wmo-clienten")


def test_missing_file_and_wrong_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="databestand niet gevonden"):
        open_store(tmp_path / "nee.duckdb")
    not_store = _write(tmp_path, "x.duckdb", "geen database")
    with pytest.raises(InputError, match="geen councilkit-databestand"):
        open_store(not_store)
