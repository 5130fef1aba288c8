"""Files a monitor import must read or refuse clearly (issue 8, "Files it must read" and "Privacy"):
footers and titles, header-only files, FIFOs and devices, Ctrl-C, damaged and foreign stores, names
with wildcard characters, huge cell comments, and BSNs in any column."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store
from councilkit.errors import InputError

DATA = "regio;jaar;wmo_clienten\nGM0758;2022;11250\nGM0758;2023;11500\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = open_store(tmp_path / "s.duckdb", create=True, read_only=False)
    yield db
    db.close()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "skipped"),
    [
        ("voet1.csv", DATA + "Bron: eigen bewerking; cliënten\n", ["voetregels (bron, toelichting)"]),
        ("voet2.csv", DATA + "\nBron: CBS\n", ["voetregels (bron, toelichting)"]),
        ("titel.csv", "Monitor sociaal domein Breda\n" + DATA, ["titelregels boven de kopregel"]),
        (
            "excel.csv",
            "Monitor sociaal domein Breda;;\n" + DATA + ";;\nBron: CBS;;\n",
            ["titelregels boven de kopregel", "voetregels (bron, toelichting)"],
        ),
    ],
)
def test_titles_and_footers_are_recognised_and_reported(
    store: Store, tmp_path: Path, name: str, text: str, skipped: list[str]
) -> None:
    result = store.import_file(_write(tmp_path / name, text))
    assert [o.waarde for o in store.series("wmo-clienten", "GM0758")] == [11250, 11500]
    assert [reason for reason, _ in result.overgeslagen if reason in skipped] == skipped


@pytest.mark.parametrize(
    ("footer", "echoed"),
    [
        ("Bron: eigen bewerking; cliënten\n", "Bron: eigen bewerking; cliënten"),
        ('"Bron: CBS";;\n', "Bron: CBS"),
        ("Bron: gemeente\x07 <b>x</b>\n", "Bron: gemeente  <b>x</b>"),
    ],
)
def test_footer_is_echoed_as_written(store: Store, tmp_path: Path, footer: str, echoed: str) -> None:
    """The report repeats a skipped footnote exactly — the `;` the reader split on included — as
    plain text on one line (a control character becomes a space)."""
    result = store.import_file(_write(tmp_path / "voet.csv", DATA + footer))
    assert f"voetregel: {echoed}" in result.opmerkingen


def test_xlsx_with_merged_title_row(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Monitor sociaal domein Breda"
    sheet.merge_cells("A1:C1")
    for row in (["regio", "jaar", "wmo_clienten"], ["GM0758", 2022, 11250]):
        sheet.append(row)
    book.save(tmp_path / "titel.xlsx")
    result = store.import_file(tmp_path / "titel.xlsx")
    assert ("titelregels boven de kopregel", 1) in result.overgeslagen
    assert store.series("wmo-clienten", "GM0758")[0].waarde == 11250


def test_truncated_last_row_is_still_a_broken_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="afgebroken"):
        store.import_file(_write(tmp_path / "kapot.csv", DATA + "GM0034;2023\n"))


def test_header_only_xlsx(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["regio", "jaar", "wmo_clienten"])
    book.save(tmp_path / "leeg.xlsx")
    with pytest.raises(InputError, match="kopregel maar geen cijfers"):
        store.import_file(tmp_path / "leeg.xlsx")


def test_fifo_and_device_are_refused_without_hanging(store: Store, tmp_path: Path) -> None:
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        store.import_file(fifo)
    with pytest.raises(InputError, match="apparaat"):
        store.import_file(Path("/dev/zero"))


@pytest.mark.parametrize("name", ["cijfers[ab].csv", "cijfers*.csv", "cijfers?.csv"])
def test_wildcard_characters_are_literal(store: Store, tmp_path: Path, name: str) -> None:
    _write(tmp_path / "cijfersa.csv", "regio;jaar;wmo_clienten\nGM0758;2022;1\n")  # what a glob would find
    result = store.import_file(_write(tmp_path / name, DATA))
    assert result.rijen == 2 and [o.waarde for o in store.series("wmo-clienten", "GM0758")] == [11250, 11500]


def test_ctrl_c_during_import_leaves_the_store_as_it_was(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from councilkit.data.store_import import StoreImports

    store.import_file(_write(tmp_path / "a.csv", DATA))
    before = store.con.execute("SELECT count(*) FROM observaties").fetchone()[0]

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(StoreImports, "_compare", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.import_file(_write(tmp_path / "b.csv", DATA.replace("11500", "11600")))
    monkeypatch.undo()
    assert store.con.execute("SELECT count(*) FROM observaties").fetchone()[0] == before
    assert len(store.imports()) == 1
    assert store.import_file(tmp_path / "b.csv").herzien == 1  # and the store still works


def test_damaged_store_is_not_called_in_use(tmp_path: Path) -> None:
    path = tmp_path / "kapot.duckdb"
    with open_store(path, create=True, read_only=False) as db:
        db.import_file(_write(tmp_path / "a.csv", DATA))
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x00\x13" * ((len(data) - 4096) // 2)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as info:
        open_store(path)
    assert "in gebruik" not in info.value.message and "beschadigd" in info.value.message


def test_other_programs_duckdb_is_refused_and_left_alone(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "ander.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE klanten (naam VARCHAR)")
    with pytest.raises(InputError, match="geen councilkit-databestand"):
        open_store(path, create=True, read_only=False)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables == {"klanten"}


def test_huge_cell_comments_are_refused_before_openpyxl(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["regio", "jaar", "wmo_clienten"])
    book.active.append(["GM0758", 2022, 11250])
    book.save(tmp_path / "gewoon.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "gewoon.xlsx") as src,
        zipfile.ZipFile(tmp_path / "opmerking.xlsx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/comments1.xml", "<comments>" + "x" * 5_000_000 + "</comments>")
    with pytest.raises(InputError, match="opmerkingen"):
        store.import_file(tmp_path / "opmerking.xlsx")


# --- privacy: no identifier enters the store ----------------------------------------------------------


def test_one_bsn_in_a_label_column_refuses_the_file(store: Store, tmp_path: Path) -> None:
    text = "regio;jaar;klant;wmo_clienten\nGM0758;2022;Breda;11250\nGM0758;2023;111222333;11500\n"
    with pytest.raises(InputError) as info:
        store.import_file(_write(tmp_path / "klant.csv", text))
    err = info.value
    assert "klant" in err.message and "elfproef" in err.message and err.line == 3 and err.column == 3
    assert store.con.execute("SELECT count(*) FROM observaties").fetchone()[0] == 0


def test_one_bsn_among_the_figures_of_a_long_file(store: Store, tmp_path: Path) -> None:
    text = (
        "indicator;regio;periode;waarde\nwmo-clienten;GM0758;2022;11250\nwmo-clienten;GM0758;2023;111222333\n"
    )
    with pytest.raises(InputError) as info:
        store.import_file(_write(tmp_path / "lang.csv", text))
    assert info.value.line == 3 and "waarde" in info.value.message


def test_amounts_in_euros_with_nine_digits_still_import(store: Store, tmp_path: Path) -> None:
    # 111.222.333 passes the elfproef, but it is an amount in euros, not a person
    wide = "regio;jaar;wmo_clienten;uitgaven_wmo_euro\nGM0758;2022;11250;111222333\n"
    assert store.import_file(_write(tmp_path / "breed.csv", wide)).nieuw == 2
    long = (
        "indicator;regio;periode;waarde;eenheid\nwmo-clienten;GM0758;2023;11500;aantal\n"
        "wmo-budget;GM0758;2022;111222333;euro\n"
    )
    assert store.import_file(_write(tmp_path / "lang.csv", long)).nieuw == 2
    assert store.series("wmo-budget", "GM0758")[0].waarde == 111222333


def test_nl00_is_nederland_everywhere(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    data = _write(tmp_path / "nl.csv", "regio;jaar;inwoners\nNL00;2020;17407585\n")
    store = tmp_path / "s.duckdb"
    assert cli("data", "import", data, "--store", store).code == 0
    shown = cli("data", "show", "inwoners", "--regio", "NL00", "--store", store)
    assert shown.code == 0 and "17.407.585" in shown.out
    assert "inwoners" in cli("data", "list", "--regio", "nl00", "--store", store).out
