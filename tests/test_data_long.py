"""Long (tidy) exports: inserted straight from the file, with the same checks and revisions as before.

A long file's rows for indicators the store does not hold yet go in with one `INSERT … SELECT` from
the file; rows of indicators already in the store are compared with the current figures. These
cases pin down that both halves keep provenance, revisions, duplicates, errors and no-op re-imports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store
from councilkit.errors import InputError

HEAD = "indicator;regio;periode;waarde\n"


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "monitordata.duckdb", create=True, read_only=False)
    yield store
    store.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def values(db: Store, indicator: str, regio: str) -> dict[str, float | None]:
    return {o.periode: o.waarde for o in db.series(indicator, regio)}


def snapshot(db: Store) -> tuple[int, int]:
    return (
        db.con.execute("SELECT count(*) FROM observaties").fetchone()[0],
        db.con.execute("SELECT count(*) FROM imports").fetchone()[0],
    )


def test_revisions_for_an_indicator_already_in_the_store(db: Store, tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "a.csv",
        HEAD
        + "wmo-clienten;GM0758;2022;11250\nwmo-clienten;GM0758;2023;11400\ninwoners;GM0758;2023;185000\n",
    )
    result = db.import_file(first)
    assert (result.cellen, result.nieuw, result.herzien, result.ongewijzigd) == (3, 3, 0, 0)
    obs = db.latest("wmo-clienten", "GM0758")
    assert obs is not None and obs.bestand == "a.csv" and obs.sha256 == result.sha256 and obs.import_id == 1

    # one revised figure, one unchanged, one new cell of a held indicator, and an indicator new to the store
    second = write(
        tmp_path,
        "b.csv",
        HEAD + "wmo-clienten;GM0758;2022;11250\nwmo-clienten;GM0758;2023;11425\n"
        "wmo-clienten;GM0758;2024;11600\njongeren-met-jeugdhulp;GM0758;2023;2100\n",
    )
    result = db.import_file(second)
    assert (result.cellen, result.nieuw, result.herzien, result.ongewijzigd) == (4, 2, 1, 1)
    assert result.voorbeelden_herzien == [("wmo-clienten", "GM0758", "2023", 11400.0, 11425.0)]
    assert values(db, "wmo-clienten", "GM0758") == {"2022": 11250, "2023": 11425, "2024": 11600}
    [revision] = db.revisions("wmo-clienten", "GM0758")
    assert (revision.oud.waarde, revision.nieuw.waarde, revision.nieuw.bestand) == (11400, 11425, "b.csv")
    before = snapshot(db)
    assert db.import_file(second).al_geimporteerd
    assert snapshot(db) == before  # never updated, never deleted, nothing added
    assert db.con.execute("SELECT count(*) FROM observaties").fetchone()[0] == 6


def test_values_flags_and_labels(db: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.csv",
        "Indicator;Regio;Periode;Waarde;Brontabel\n"
        "wmo-clienten;Breda (GM0758);2022;1.234,5;T1\n"
        "wmo-clienten;Breda (GM0758);2023*;-99998;T1\n"
        "wmo-clienten;Breda (GM0758);2024;x;\n"
        ";;;;\n",
    )
    result = db.import_file(path)
    assert ("lege regels", 1) in result.overgeslagen
    assert result.cellen == 3 and result.tabel == "T1"
    series = {o.periode: o for o in db.series("wmo-clienten", "GM0758")}
    assert series["2022"].waarde == 1234.5 and series["2022"].tabel == "T1"
    assert series["2023"].waarde is None and series["2023"].vlag == "ontbrekend"
    assert series["2023"].status == "voorlopig"
    assert series["2024"].waarde is None and series["2024"].vlag == "geheim"


def test_identical_duplicates_are_kept_once(db: Store, tmp_path: Path) -> None:
    text = HEAD + "wmo-clienten;GM0758;2023;10\nwmo-clienten;GM0758;2023;10\ninwoners;GM0758;2023;5\n"
    result = db.import_file(write(tmp_path, "x.csv", text))
    assert result.cellen == 2 and "dubbele regels met dezelfde cijfers één keer bewaard" in result.opmerkingen
    assert db.con.execute("SELECT count(*) FROM observaties").fetchone()[0] == 2


def test_conflicting_duplicates_are_refused(db: Store, tmp_path: Path) -> None:
    text = HEAD + "wmo-clienten;GM0758;2023;10\nwmo-clienten;GM0758;2023;12\n"
    with pytest.raises(InputError, match="meer dan eens"):
        db.import_file(write(tmp_path, "x.csv", text))
    assert snapshot(db) == (0, 0)


def test_text_among_the_figures_names_line_and_column(db: Store, tmp_path: Path) -> None:
    db.import_file(write(tmp_path, "a.csv", HEAD + "inwoners;GM0758;2022;185000\n"))
    text = HEAD + "inwoners;GM0758;2023;185100\nwmo-clienten;GM0758;2023;veel\n"
    with pytest.raises(InputError) as info:
        db.import_file(write(tmp_path, "x.csv", text))
    assert "'veel' in kolom 'waarde'" in info.value.message
    assert (info.value.line, info.value.column) == (3, 4)
    assert snapshot(db) == (1, 1)


def test_missing_indicator_names_its_line(db: Store, tmp_path: Path) -> None:
    text = HEAD + "inwoners;GM0758;2023;185100\n;GM0758;2023;4\n"
    with pytest.raises(InputError, match="indicator ontbreekt") as info:
        db.import_file(write(tmp_path, "x.csv", text))
    assert info.value.line == 3


def test_client_numbers_among_the_figures_are_refused(db: Store, tmp_path: Path) -> None:
    from councilkit.data.normalize import passes_elfproef

    numbers = [str(n) for n in range(123456700, 123457800) if passes_elfproef(str(n))][:6]
    rows = "".join(f"wmo-clienten;GM0758;{2015 + i};{n}\n" for i, n in enumerate(numbers))
    with pytest.raises(InputError, match="elfproef") as info:
        db.import_file(write(tmp_path, "x.csv", HEAD + rows))
    assert info.value.column == 4
    assert snapshot(db) == (0, 0)


def _long_head(rows: int = 10000) -> str:
    """Canonical rows filling more than the 256 kB the reader looks at first (GM codes, years)."""
    return HEAD + "".join(f"wmo-clienten;GM{i % 400:04d};{2000 + i // 400};{i},5\n" for i in range(rows))


@pytest.mark.parametrize(
    ("label", "periode", "status"),
    [("Breda (GM0758)", "2030", None), ("GM0758", "2030*", "voorlopig"), ("GM0758", "2030JJ00", None)],
)
def test_labels_spelled_otherwise_after_the_first_rows_are_mapped(
    db: Store, tmp_path: Path, label: str, periode: str, status: str | None
) -> None:
    # The first rows decide that regions and periods are stored as written; a later label that needs
    # mapping makes the import read the file again with every label mapped, as one import.
    text = _long_head() + f"wmo-clienten;{label};{periode};12,5\n"
    assert len(text.encode()) > 300_000
    result = db.import_file(write(tmp_path, "lang.csv", text))
    assert result.cellen == 10001 and result.nieuw == 10001
    (last,) = [o for o in db.series("wmo-clienten", "GM0758") if o.periode == "2030"]
    assert (last.waarde, last.status) == (12.5, status)
    assert snapshot(db) == (10001, 1)
    assert db.con.execute("SELECT count(*) FROM herkomst").fetchone()[0] == 1


def test_unknown_region_after_the_first_rows_names_its_line(db: Store, tmp_path: Path) -> None:
    text = _long_head() + "wmo-clienten;Nergenshuizen;2030;12,5\n"
    with pytest.raises(InputError, match="onbekende regiocode 'Nergenshuizen'") as info:
        db.import_file(write(tmp_path, "lang.csv", text))
    assert info.value.line == 10002
    assert snapshot(db) == (0, 0)


def test_second_version_of_a_long_file_with_a_late_mapped_label(db: Store, tmp_path: Path) -> None:
    # the rows of an indicator already held are compared, not inserted straight: the same check
    db.import_file(write(tmp_path, "a.csv", _long_head()))
    result = db.import_file(write(tmp_path, "b.csv", _long_head() + "wmo-clienten;GM0758;2030*;1\n"))
    assert result.nieuw == 1 and result.ongewijzigd == 10000
    (last,) = [o for o in db.series("wmo-clienten", "GM0758") if o.periode == "2030"]
    assert (last.waarde, last.status) == (1, "voorlopig")


def test_padded_names_and_marker_lookalikes(db: Store, tmp_path: Path) -> None:
    # a name with spaces around it is the same measure; -99.998 (thousands dot) is a figure, -99998 not
    text = (
        HEAD
        + " wmo-clienten ;GM0758;2022;-99.998\nwmo-clienten;GM0758;2023;-99998\ninwoners;GM0758;2023;1,5\n"
    )
    result = db.import_file(write(tmp_path, "x.csv", text))
    assert result.gekoppeld == {"wmo-clienten": "wmo-clienten", "inwoners": "inwoners"}
    series = {o.periode: o for o in db.series("wmo-clienten", "GM0758")}
    assert series["2022"].waarde == -99998 and series["2022"].vlag is None
    assert series["2023"].waarde is None and series["2023"].vlag == "ontbrekend"


def test_a_count_of_persons_with_a_fraction_is_doubtful_everywhere(db: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from councilkit.cli import cli
    from councilkit.data import normalize as nz

    path = write(
        tmp_path,
        "f.csv",
        HEAD + "wmo-clienten;GM0758;2023;1.106,5\nwmo-clienten;GM0758;2022;11250\n"
        "wmo-clienten-per-1000;GM0758;2023;6,5\n",
    )
    result = db.import_file(path)
    assert any(o.startswith("1 telling van personen is geen heel getal") for o in result.opmerkingen)
    assert result.onzeker == 1
    series = {o.periode: o for o in db.series("wmo-clienten", "GM0758")}
    assert series["2023"].onzeker == nz.GEEN_HEEL_GETAL and series["2022"].onzeker is None
    rate = db.latest("wmo-clienten-per-1000", "GM0758")
    assert rate is not None and rate.waarde == 6.5 and rate.onzeker is None  # a rate may have decimals
    store = db.path
    db.close()
    shown = CliRunner().invoke(
        cli, ["data", "show", "wmo-clienten", "--regio", "GM0758", "--store", str(store)]
    )
    assert shown.exit_code == 0, shown.output
    line = next(row for row in shown.output.splitlines() if "2023" in row)
    assert "onzeker" in line, shown.output
    # a later publication with the whole number settles it
    with open_store(store, read_only=False) as again:
        settled = again.import_file(write(tmp_path, "g.csv", HEAD + "wmo-clienten;GM0758;2023;1107\n"))
        assert settled.beslecht == 1
        latest = again.latest("wmo-clienten", "GM0758")
        assert latest is not None and latest.waarde == 1107 and latest.onzeker is None


@pytest.mark.parametrize("wide", [False, True])
def test_a_decimal_point_among_decimal_commas_is_read_as_one_and_doubtful(
    db: Store, tmp_path: Path, wide: bool
) -> None:
    from councilkit.data import normalize as nz

    if wide:
        text = "regio;jaar;wmo_kosten_per_client\nGM0758;2022;12,5\nGM0758;2023;1.5\nGM0758;2024;1.234\nGM0758;2021;.\n"
    else:
        text = HEAD + "".join(
            f"wmo-kosten-per-client;GM0758;{p};{v}\n"
            for p, v in (("2022", "12,5"), ("2023", "1.5"), ("2024", "1.234"), ("2021", "."))
        )
    result = db.import_file(write(tmp_path, "p.csv", text))
    assert result.onzeker == 1
    got = {o.periode: (o.waarde, o.onzeker) for o in db.series("wmo-kosten-per-client", "GM0758")}
    # 1.5 is not fifteen: a point that cannot be a thousands mark is a decimal point, flagged;
    # 1.234 in a file with decimal commas is a thousand and more, as written in Dutch
    assert got == {
        "2021": (None, None),
        "2022": (12.5, None),
        "2023": (1.5, nz.PUNT_IN_KOMMABESTAND),
        "2024": (1234.0, None),
    }
