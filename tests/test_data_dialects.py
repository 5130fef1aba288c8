"""Monitor and waarstaatjegemeente dialects without a real fixture: small made-up files.

anchors.md §1.6: the WSJG export layout could not be confirmed, so the reader is tolerant and every
dialect choice has a case here: `;` or `,`, decimal comma or point, thousands dot, missing markers
`.`, `x`, `-`, `-99998` and empty, UTF-8 with or without BOM, Windows-1252, wide or long, XLSX.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "monitordata.duckdb", create=True, read_only=False)
    yield store
    store.close()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def values(db: Store, indicator: str, regio: str) -> dict[str, float | None]:
    return {o.periode: o.waarde for o in db.series(indicator, regio)}


def test_wsjg_long_semicolon_decimal_comma_thousands_dot(db: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wsjg.csv",
        "Indicator;Gemeente;GEOITEM;Periode;Waarde\n"
        "Cliënten met een maatwerkarrangement Wmo;Breda;758;2022;612,5\n"
        "Cliënten met een maatwerkarrangement Wmo;Breda;758;2023;-99998\n"
        "wmo_clienten;Breda;758;2023;1.234.567\n"
        "wmo_clienten;Breda;758;2022;x\n",
    )
    result = db.import_file(path)
    assert result.formaat == "monitor"
    assert values(db, "wmo-clienten-maatwerkarrangement-bbv", "GM0758") == {"2022": 612.5, "2023": None}
    series = {o.periode: o for o in db.series("wmo-clienten", "GM0758")}
    assert series["2023"].waarde == 1234567
    assert series["2022"].waarde is None and series["2022"].vlag == "geheim"


def test_comma_separated_with_decimal_point(db: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path, "m.csv", "regio_code,jaar,wmo_clienten_per_1000,wmo_clienten\nGM0758,2021,61.5,11250\n"
    )
    db.import_file(path)
    assert values(db, "wmo-clienten-per-1000", "GM0758") == {"2021": 61.5}


@pytest.mark.parametrize("layout", ["lang", "breed"])
def test_english_thousands_commas_before_a_decimal_point(db: Store, tmp_path: Path, layout: str) -> None:
    # An English export: "1,234.5" is a thousand and more, not 1,2345; "2,000" beside "12.5" is two
    # thousand. Read with a decimal comma, both would be a thousand times too small, without a flag.
    rows = [("GM0758", "2021", '"1,234.5"'), ("GM0758", "2022", '"2,000"'), ("GM0758", "2023", "12.5")]
    if layout == "lang":
        text = "indicator,regio,periode,waarde\n" + "".join(
            f"wmo-kosten-per-client,{r},{p},{v}\n" for r, p, v in rows
        )
    else:
        text = "regio_code,jaar,wmo_kosten_per_client\n" + "".join(f"{r},{p},{v}\n" for r, p, v in rows)
    result = db.import_file(write(tmp_path, "en.csv", text))
    assert values(db, "wmo-kosten-per-client", "GM0758") == {"2021": 1234.5, "2022": 2000, "2023": 12.5}
    assert "decimaalpunt (komma als duizendtalteken)" in result.opmerkingen
    assert not any("decimaalkomma" in r for r in result.opmerkingen)
    assert result.onzeker == 0


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (["1,5", "2,000"], {"2021": 1.5, "2022": 2.0}),  # a comma that can only be a decimal comma decides
        (["1.234,5", "2,000"], {"2021": 1234.5, "2022": 2.0}),
        (["2,000", "3,500"], {"2021": 2.0, "2022": 3.5}),  # commas alone: read as a Dutch export means them
    ],
)
def test_commas_that_may_be_thousands_marks_stay_decimal_commas_without_english_evidence(
    db: Store, tmp_path: Path, figures: list[str], expected: dict[str, float]
) -> None:
    text = "indicator;regio;periode;waarde\n" + "".join(
        f"wmo-kosten-per-client;GM0758;{2021 + i};{f}\n" for i, f in enumerate(figures)
    )
    result = db.import_file(write(tmp_path, "nl.csv", text))
    assert values(db, "wmo-kosten-per-client", "GM0758") == expected
    assert "decimaalkomma (punt als duizendtalteken)" in result.opmerkingen


def test_semicolon_file_with_thousands_dots_only(db: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "regio;jaar;wmo_clienten\nGM0758;2021;11.250\nGM0034;2021;9.375\n")
    db.import_file(path)
    assert values(db, "wmo-clienten", "GM0758") == {"2021": 11250}


@pytest.mark.parametrize("marker", [".", "x", "-", "-99998", ""])
def test_missing_markers(db: Store, tmp_path: Path, marker: str) -> None:
    path = write(tmp_path, "m.csv", f"regio;jaar;wmo_clienten\nGM0758;2021;{marker}\nGM0758;2022;10\n")
    db.import_file(path)
    first = db.series("wmo-clienten", "GM0758")[0]
    assert first.waarde is None and first.vlag == ("geheim" if marker == "x" else "ontbrekend")


def test_windows_1252_and_bom(db: Store, tmp_path: Path) -> None:
    text = "Indicator;Regio;Periode;Waarde\nCliënten met een maatwerkarrangement Wmo;GM0758;2023;640\n"
    db.import_file(write(tmp_path, "ansi.csv", text, "cp1252"))
    assert values(db, "wmo-clienten-maatwerkarrangement-bbv", "GM0758") == {"2023": 640}
    bom = write(tmp_path, "bom.csv", "\ufeffregio;jaar;wmo_clienten\nGM0034;2022;11940\n")
    assert db.import_file(bom).nieuw == 1


@pytest.mark.parametrize("layout", ["lang", "breed"])
def test_windows_1252_only_after_the_first_256_kb(db: Store, tmp_path: Path, layout: str) -> None:
    """The encoding is decided on the first 256 kB; a 'ë' in Windows-1252 further down must still be
    read as 'ë' (the file is read again as Windows-1252), never refused or stored as a wrong text."""
    import hashlib

    if layout == "lang":
        head = "Indicator;Regio;Periode;Waarde\n"
        filler = "".join(f"wmo_clienten;BU{i:08d};2023;{i % 500}\n" for i in range(15_000))
        last = "Cliënten met een maatwerkarrangement Wmo;GM0758;2023;640\n"
    else:
        head = "Regio;Periode;wmo_clienten;Cliënten met een maatwerkarrangement Wmo\n".replace("ë", "e")
        filler = "".join(f"BU{i:08d};2023;{i % 500};1\n" for i in range(15_000))
        last = "GM0758;2023;700;640\n"
    text = head + filler + last
    assert len(filler) > 256 * 1024
    path = write(
        tmp_path,
        f"ansi-{layout}.csv",
        text + ("Bron: eigen bewerking; cliënten\n" if layout == "breed" else ""),
        "cp1252",
    )
    result = db.import_file(path)
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    if layout == "lang":
        assert values(db, "wmo-clienten-maatwerkarrangement-bbv", "GM0758") == {"2023": 640}
    else:
        assert values(db, "wmo-clienten", "GM0758") == {"2023": 700}
        assert any("cliënten" in o for o in result.opmerkingen)  # the footer, read as Windows-1252
    assert values(db, "wmo-clienten", "BU00000007") == {"2023": 7}


def test_wide_periods_with_status_marks(db: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "breed.csv",
        "Onderwerp;Regiocode;2022;2023*;1e halfjaar 2024**\nwmo_clienten;GM0758;11.250;11.400;9.010\n",
    )
    db.import_file(path)
    series = {o.periode: o for o in db.series("wmo-clienten", "GM0758")}
    assert series["2022"].waarde == 11250 and series["2022"].status is None
    assert series["2023"].status == "voorlopig"
    assert series["2024HJ01"].waarde == 9010 and series["2024HJ01"].status == "nader voorlopig"


def test_tidy_with_unit_and_status(db: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tidy.csv",
        "indicator,regio,periode,waarde,eenheid,status\nwmo-clienten,GM0758,2023JJ00,11400,aantal,voorlopig\n",
    )
    result = db.import_file(path)
    assert result.formaat == "tidy"
    obs = db.latest("wmo-clienten", "GM0758")
    assert obs is not None and obs.periode == "2023" and obs.status == "voorlopig" and obs.eenheid == "aantal"


def test_revision_kept_and_newest_wins(db: Store, tmp_path: Path) -> None:
    db.import_file(write(tmp_path, "a.csv", "regio;jaar;status;wmo_clienten\nGM0758;2023;voorlopig;11400\n"))
    result = db.import_file(
        write(tmp_path, "b.csv", "regio;jaar;status;wmo_clienten\nGM0758;2023;definitief;11425\n")
    )
    assert result.herzien == 1 and result.voorbeelden_herzien[0][3:] == (11400, 11425)
    latest = db.latest("wmo-clienten", "GM0758")
    assert latest is not None and latest.waarde == 11425 and latest.status == "definitief"
    (revision,) = db.revisions("wmo-clienten", "GM0758")
    assert revision.oud.waarde == 11400 and revision.oud.bestand == "a.csv"
    same = db.import_file(write(tmp_path, "c.csv", "regio;jaar;wmo_clienten\nGM0758;2023;11425\n"))
    assert same.ongewijzigd == 1 and same.herzien == 0


def test_unmapped_column_is_kept_and_listed(db: Store, tmp_path: Path) -> None:
    result = db.import_file(
        write(tmp_path, "m.csv", "regio;jaar;wmo_clienten;eigen_teller\nGM0758;2023;10;4\n")
    )
    assert result.niet_gekoppeld == ["eigen_teller"]
    assert values(db, "eigen_teller", "GM0758") == {"2023": 4}


def test_xlsx_wide_and_long(db: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    info = book.active
    info.title = "Toelichting"
    info["A1"] = "Bron: waarstaatjegemeente.nl"
    sheet = book.create_sheet("Data")
    sheet.append(["Indicator", "Gemeentecode", "2022", "2023"])
    sheet.append(["wmo_clienten_per_1000", "GM0758", 61.5, "62,3"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = db.import_file(path)
    assert result.formaat == "monitor"
    assert values(db, "wmo-clienten-per-1000", "GM0758") == {"2022": 61.5, "2023": pytest.approx(62.3)}

    long = Workbook()
    long.active.append(["indicator", "regio", "periode", "waarde"])
    long.active.append(["inwoners", "GM0758", 2024, 185000])
    long_path = tmp_path / "lang.xlsx"
    long.save(long_path)
    assert db.import_file(long_path).formaat == "tidy"
    assert values(db, "inwoners", "GM0758") == {"2024": 185000}


def test_local_kompas_indicator_maps_its_bronnen(db: Store, tmp_path: Path) -> None:
    from councilkit.data.mapping import MeasureMap, default_map
    from councilkit.model.catalogue import Indicator

    local = Indicator(
        id="mantelzorg-ondersteund",
        naam="Ondersteunde mantelzorgers",
        eenheid="aantal",
        bronnen=["Mantelzorgers met ondersteuning"],
    )
    measures: MeasureMap = default_map([local])
    path = write(
        tmp_path, "m.csv", "Indicator;Regio;Jaar;Waarde\nMantelzorgers met ondersteuning;GM0758;2023;310\n"
    )
    db.import_file(path, measures=measures)
    assert values(db, "mantelzorg-ondersteund", "GM0758") == {"2023": 310}


def test_format_override(db: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "indicator;regio;periode;waarde\ninwoners;GM0758;2023;185000\n")
    assert db.import_file(path, "monitor").formaat == "tidy"  # same reader; reported as what it is


def test_indicator_id_wins_over_another_indicators_source_label() -> None:
    from councilkit.data.mapping import default_map

    measures = default_map()
    target = measures.lookup("jongeren-met-jeugdhulp")
    assert target is not None and target.indicator == "jongeren-met-jeugdhulp"


def test_the_shape_of_a_figure_is_the_same_in_python_and_in_duckdb() -> None:
    # the first rows of a long file are judged in Python, the rest of it in DuckDB: one rule
    import duckdb

    from councilkit.data.importers.common import Shape, figure_shape, figure_shape_sql

    texts = ["12", "-3", "1,5", "1.234,5", "1.5", "12.345", "-1.234.567", "2,000", "-12,345,678", "1,234.5"]
    texts += ["1,2345", ",5", ".5", "1.2.3", ".", "", "x", "1,234,5", "12,000.25"]
    con = duckdb.connect()
    shapes = con.execute(
        f"SELECT t, {figure_shape_sql('t', 'trim(t)')} FROM (SELECT unnest(?) AS t)", [texts]
    ).fetchall()
    assert {t: Shape(s) for t, s in shapes} == {t: figure_shape(t) for t in texts}
    assert figure_shape("1,234.5") is Shape.COMMA_POINT and figure_shape("1,234,5") is Shape.COMMA
    assert figure_shape("2,000") is Shape.COMMA_THOUSANDS and figure_shape("12.345") is Shape.POINT_THOUSANDS


def test_a_region_code_as_written_is_what_parse_region_would_write() -> None:
    # a long export's regions are stored unmapped only when each is exactly what parse_region writes
    from councilkit.data import normalize as nz

    texts = [
        "GM0758",
        "gm0758",
        " GM0758",
        "GM0758 ",
        "GM758",
        "758",
        "0758",
        "WK075801",
        "BU07580101",
        "NL01",
    ]
    texts += [
        "NL00",
        "NL",
        "Nederland",
        "PV27",
        "PC1309",
        "1309",
        "Breda (GM0758)",
        "",
        "GM07580",
        "BU0758010",
    ]
    for text in texts:
        for numeric in (None, "GM", "PC"):
            assert nz.is_region_code(text) == (nz.parse_region(text, numeric_means=numeric) == text), text


def statline(values: list[str]) -> str:
    """A StatLine CSV download with one measure for GM0758 over len(values) years."""
    years = [str(2020 + i) for i in range(len(values))]
    quote = lambda cells: ";".join(f'"{c}"' for c in cells)  # noqa: E731
    return "\n".join(
        [
            quote(["Kosten per cliënt; gemeenten"]),
            quote(["", ""]),
            quote(["", "Perioden", *years]),
            quote(["Onderwerp", "Regio's", *["GM0758"] * len(values)]),
            quote(["Kosten per cliënt", "euro", *values]),
            quote(["Bron: CBS"]),
        ]
    )


@pytest.mark.parametrize(
    ("figures", "expected", "doubtful"),
    [
        (["1.234", "1,5"], [1234, 1.5], []),  # Dutch: a thousands point beside a decimal comma
        (["1.234", "12.5"], [1.234, 12.5], []),  # English: "1.234" is one and a bit, not 1234
        (["1,234.5", "12.5"], [1234.5, 12.5], []),
        (["1.5", "2,5"], [1.5, 2.5], ["2020"]),  # a lone point among decimal commas: doubtful
        (["0,125", "0,250", "12.5"], [0.125, 0.25, 12.5], ["2022"]),  # no figure decides: commas win
        (["2,000", "12.5", "13.5"], [2000, 12.5, 13.5], ["2020"]),  # no figure decides: points win
    ],
)
def test_a_statline_download_reads_its_decimal_mark_from_the_whole_file(
    db: Store, tmp_path: Path, figures: list[str], expected: list[float], doubtful: list[str]
) -> None:
    db.import_file(write(tmp_path, "statline.csv", statline(figures)))
    series = db.series("Kosten per cliënt", "GM0758")
    assert [o.waarde for o in series] == expected
    assert [o.periode for o in series if o.onzeker] == doubtful


def test_figures_read_in_python_as_in_duckdb() -> None:
    # StatLine rows are read in Python, every other file in DuckDB: the same number and doubt
    import duckdb

    from councilkit.data.importers.common import number_sql, parse_figure, separator_doubt_sql

    texts = ["12", "-3", "1,5", "1.234,5", "1.5", "12.345", "2,000", "1,234.5", "12 345", "12\u00a0345,5"]
    texts += [",5", ".5", "-0,25", "1.234.567", "abc", "1,2,3", "nan", "inf", "1e3"]
    con = duckdb.connect()
    for decimal, commas in ((",", False), (".", False), (".", True)):
        rows = con.execute(
            f"SELECT t, {number_sql('t', decimal)}, {separator_doubt_sql('t', decimal, commas)} "
            "FROM (SELECT unnest(?) AS t)",
            [texts],
        ).fetchall()
        expected = {t: parse_figure(t, decimal, commas) for t in texts}
        # a text that is no number has no doubt in Python; DuckDB's doubt column does not look
        assert {t: (n, d if n is not None else None) for t, n, d in rows} == expected, (decimal, commas)


@pytest.mark.parametrize("layout", ["lang", "breed"])
@pytest.mark.parametrize(
    ("figures", "expected", "doubt"),
    [
        # Dutch figures with three decimals beside a stray point: a decimal comma, the point doubtful
        (["0,125", "0,250", "12.5"], [0.125, 0.25, 12.5], {"2023": "punt als decimaalteken"}),
        # more points than commas that may be thousands marks: decimal points, the comma doubtful
        (["2,000", "12.5", "13.5"], [2000, 12.5, 13.5], {"2021": "komma als duizendtalteken"}),
    ],
)
def test_when_no_figure_decides_the_more_common_mark_wins_and_the_others_are_doubtful(
    db: Store, tmp_path: Path, layout: str, figures: list[str], expected: list[float], doubt: dict
) -> None:
    quoted = [f'"{f}"' for f in figures]
    if layout == "lang":
        text = "indicator,regio,periode,waarde\n" + "".join(
            f"wmo-kosten-per-client,GM0758,{2021 + i},{f}\n" for i, f in enumerate(quoted)
        )
    else:
        text = "regio_code,jaar,wmo_kosten_per_client\n" + "".join(
            f"GM0758,{2021 + i},{f}\n" for i, f in enumerate(quoted)
        )
    db.import_file(write(tmp_path, "m.csv", text))
    series = db.series("wmo-kosten-per-client", "GM0758")
    assert [o.waarde for o in series] == expected
    assert {o.periode for o in series if o.onzeker} == set(doubt)
    for o in series:
        if o.onzeker:
            assert doubt[o.periode] in o.onzeker
