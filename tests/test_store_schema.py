"""The store's layout of schema 4 (`herkomst` + `waarden` + `noten`, `observaties` a view) and the
migration of an older store: every revision kept, and `data show` / `data list` print exactly what
they printed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from councilkit.data import normalize as nz
from councilkit.data import store_notes
from councilkit.data.store import SCHEMA_VERSION, open_store
from councilkit.data.store_import import StoreImports
from tests.test_data_versions import typed_table

#: The tables of schema 2 exactly as that version created them (`observaties` one wide table).
SCHEMA_2 = [
    "CREATE TABLE councilkit_meta (sleutel VARCHAR PRIMARY KEY, waarde VARCHAR)",
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY, bestand VARCHAR, pad VARCHAR, sha256 VARCHAR, formaat VARCHAR,
        tabel VARCHAR, geimporteerd TIMESTAMP, cellen BIGINT, nieuw BIGINT, herzien BIGINT,
        gepubliceerd TIMESTAMP, gepubliceerd_bron VARCHAR, bijbestanden VARCHAR, ingetrokken BIGINT,
        onzeker BIGINT)""",
    """CREATE TABLE observaties (
        indicator VARCHAR, regio VARCHAR, periode VARCHAR, waarde DOUBLE, eenheid VARCHAR,
        status VARCHAR, vlag VARCHAR, bron_maat VARCHAR, tabel VARCHAR, import_id INTEGER,
        onzeker VARCHAR, soort VARCHAR, reeks VARCHAR DEFAULT '', gepubliceerd TIMESTAMP)""",
    """CREATE TABLE indelingen (
        regio VARCHAR, periode VARCHAR, code VARCHAR, tabel VARCHAR, import_id INTEGER)""",
    """CREATE TABLE breuken (
        indicator VARCHAR, regio VARCHAR, periode VARCHAR, soort VARCHAR, toelichting VARCHAR,
        bron VARCHAR, import_id INTEGER)""",
    """CREATE TABLE regios (
        regio VARCHAR, periode VARCHAR, naam VARCHAR, gemeente VARCHAR, tabel VARCHAR, import_id INTEGER)""",
    "INSERT INTO councilkit_meta VALUES ('schema', '2')",
]

#: Schema 1: no publication dates, kinds, filters or doubts yet.
SCHEMA_1 = [
    "CREATE TABLE councilkit_meta (sleutel VARCHAR PRIMARY KEY, waarde VARCHAR)",
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY, bestand VARCHAR, pad VARCHAR, sha256 VARCHAR, formaat VARCHAR,
        tabel VARCHAR, geimporteerd TIMESTAMP, cellen BIGINT, nieuw BIGINT, herzien BIGINT)""",
    """CREATE TABLE observaties (
        indicator VARCHAR, regio VARCHAR, periode VARCHAR, waarde DOUBLE, eenheid VARCHAR,
        status VARCHAR, vlag VARCHAR, bron_maat VARCHAR, tabel VARCHAR, import_id INTEGER)""",
    "CREATE TABLE indelingen (regio VARCHAR, periode VARCHAR, code VARCHAR, tabel VARCHAR, import_id INTEGER)",
    """CREATE TABLE breuken (indicator VARCHAR, regio VARCHAR, periode VARCHAR, soort VARCHAR,
        toelichting VARCHAR, bron VARCHAR, import_id INTEGER)""",
    "INSERT INTO councilkit_meta VALUES ('schema', '1')",
]


#: Schema 3: `observaties` a view over `herkomst` and `waarden`, the notes columns of `waarden`.
SCHEMA_3 = [
    *SCHEMA_2[:2],
    """CREATE TABLE herkomst (
        id INTEGER, import_id INTEGER, indicator VARCHAR, eenheid VARCHAR, bron_maat VARCHAR, tabel VARCHAR,
        soort VARCHAR, reeks VARCHAR, gepubliceerd TIMESTAMP)""",
    """CREATE TABLE waarden (
        herkomst INTEGER, regio VARCHAR, periode VARCHAR, waarde DOUBLE, status VARCHAR, vlag VARCHAR,
        onzeker VARCHAR)""",
    """CREATE VIEW observaties AS SELECT h.indicator, w.regio, w.periode, w.waarde,
        h.eenheid, w.status, w.vlag, h.bron_maat, h.tabel, h.import_id, w.onzeker, h.soort, h.reeks,
        h.gepubliceerd FROM waarden w JOIN herkomst h ON h.id = w.herkomst""",
    *SCHEMA_2[3:-1],
    "INSERT INTO councilkit_meta VALUES ('schema', '3')",
]


def _filled_store(tmp_path: Path) -> Path:
    """A store with revisions, a withdrawn figure, a doubtful (tenfold) figure and a series break."""
    path = tmp_path / "nieuw.duckdb"
    first = typed_table(
        tmp_path / "v1",
        "2023-01-15T02:00:00",
        [
            ("GM0758", "2021JJ00", 1100),
            ("GM0758", "2022JJ00", 1000),
            ("GM0758", "2023JJ00", 900),
            ("GM0034", "2023JJ00", 500),
        ],
    )
    second = typed_table(
        tmp_path / "v2",
        "2024-06-01T02:00:00",
        [
            ("GM0758", "2021JJ00", 1100),
            ("GM0758", "2022JJ00", 1200),
            ("GM0758", "2023JJ00", None),
            ("GM0034", "2023JJ00", 500),
        ],
    )
    tidy = tmp_path / "eigen.csv"
    tidy.write_text(
        "indicator;regio;periode;waarde\nwmo-clienten-per-1000;GM0758;2022;48,5\n"
        "wmo-clienten-per-1000;GM0758;2023;51,2\nwmo-clienten-per-1000;GM0034;2023;40,1\n",
        encoding="utf-8",
    )
    slip = tmp_path / "eigen-2.csv"
    slip.write_text(
        "indicator;regio;periode;waarde\nwmo-clienten-per-1000;GM0758;2023;512\n", encoding="utf-8"
    )
    with open_store(path, create=True, read_only=False) as store:
        for file in (first, second, tidy, slip):
            store.import_file(file)
        store.record_break("wmo-clienten", "GM0758", "2022", "nieuwe definitie", "test")
    return path


def _as_older_store(new: Path, old: Path, schema: list[str]) -> None:
    """The same figures, every version, written in an older layout by its own CREATE statements."""
    con = duckdb.connect(str(old))
    for sql in schema:
        con.execute(sql)
    con.execute(f"ATTACH '{new}' AS n (READ_ONLY)")
    imports = [r[0] for r in con.execute("DESCRIBE imports").fetchall()]
    con.execute(f"INSERT INTO imports SELECT {', '.join(imports)} FROM n.imports")
    if schema is SCHEMA_3:
        con.execute("INSERT INTO herkomst SELECT * FROM n.herkomst")
        con.execute(
            "INSERT INTO waarden SELECT w.herkomst, w.regio, w.periode, w.waarde, o.status, o.vlag, o.onzeker "
            "FROM n.waarden w LEFT JOIN n.noten o ON o.id = w.noot"
        )
    else:
        observaties = [r[0] for r in con.execute("DESCRIBE observaties").fetchall()]
        con.execute(f"INSERT INTO observaties SELECT {', '.join(observaties)} FROM n.observaties")
    con.execute("INSERT INTO indelingen SELECT * FROM n.indelingen")
    con.execute("INSERT INTO breuken SELECT * FROM n.breuken")
    if "regios" in {r[0] for r in con.execute("SHOW TABLES").fetchall()}:
        con.execute("INSERT INTO regios SELECT * FROM n.regios")
    con.close()


def _outputs(cli, store: Path) -> list[str]:  # type: ignore[no-untyped-def]
    runs = [
        ("data", "show", "wmo-clienten", "--regio", "GM0758", "--store", store),
        ("data", "show", "wmo-clienten", "--regio", "GM0758", "--store", store, "--format", "json"),
        ("data", "show", "wmo-clienten-per-1000", "--regio", "GM0758", "--store", store),
        ("data", "list", "--store", store),
    ]
    out = []
    for args in runs:
        result = cli(*args)
        assert result.code == 0, result.err
        out.append(result.out.replace(str(store), "STORE"))
    return out


def _rows(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(
        "SELECT indicator, regio, periode, waarde, vlag, onzeker, import_id FROM observaties ORDER BY ALL"
    ).fetchall()
    con.close()
    return rows


def test_new_store_keeps_constants_per_measure_and_import(tmp_path: Path) -> None:
    path = _filled_store(tmp_path)
    con = duckdb.connect(str(path), read_only=True)
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    )
    assert kinds["observaties"] == "VIEW" and kinds["waarden"] == kinds["herkomst"] == "BASE TABLE"
    # one provenance row per measure and import, however many figures it has
    per_import = con.execute(
        "SELECT import_id, count(*) FROM herkomst GROUP BY import_id ORDER BY import_id"
    ).fetchall()
    assert per_import == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert con.execute("SELECT count(*) FROM waarden").fetchone()[0] == 4 + 2 + 3 + 1
    # each combination of notes once; a figure without status, flag or doubt points at none
    notes = con.execute("SELECT status, vlag, onzeker FROM noten").fetchall()
    assert len(notes) == len(set(notes)) and (None, None, None) not in notes
    noted = con.execute(
        "SELECT count(*) FROM observaties WHERE status IS NOT NULL OR vlag IS NOT NULL OR onzeker IS NOT NULL"
    ).fetchone()[0]
    assert con.execute("SELECT count(*) FROM waarden WHERE noot IS NOT NULL").fetchone()[0] == noted == 2
    flags = con.execute("SELECT vlag, onzeker FROM observaties WHERE vlag IS NOT NULL").fetchall()
    assert flags == [("ingetrokken", None)]
    (doubt,) = con.execute("SELECT onzeker FROM observaties WHERE onzeker IS NOT NULL").fetchone()
    assert doubt.startswith(nz.TIENVOUD)
    con.close()


def _long_export_with_notes(tmp_path: Path) -> Path:
    """A long export of 41 figures, one missing and one secret."""
    export = tmp_path / "lang.csv"
    export.write_text(
        "indicator;regio;periode;waarde\n"
        + "".join(f"inwoners;GM{n:04d};2023;{n * 10}\n" for n in range(1, 40))
        + "inwoners;GM0040;2023;.\ninwoners;GM0041;2023;x\n",
        encoding="utf-8",
    )
    return export


def _comparisons(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The calls of `StoreImports._compare` from now on: an import that took the route through a table."""
    calls: list[tuple] = []
    compare = StoreImports._compare

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return compare(self, *args, **kwargs)

    monkeypatch.setattr(StoreImports, "_compare", spy)
    return calls


def test_notes_the_store_does_not_know_yet_are_written_through_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long file is written straight from the file with the notes the store knows; a figure with
    another combination redoes the import through a table, with the same figures and notes."""
    export = _long_export_with_notes(tmp_path)
    stores: list[list[tuple]] = []
    compared = _comparisons(monkeypatch)
    for name, usual in (("gewoon", True), ("leeg", False)):
        if not usual:  # a store that knows no combination at all beforehand
            monkeypatch.setattr(store_notes, "_usual", lambda: [])
        path = tmp_path / f"{name}.duckdb"
        with open_store(path, create=True, read_only=False) as store:
            result = store.import_file(export)
            assert result.nieuw == 41
            rows = "SELECT * EXCLUDE (gepubliceerd) FROM observaties ORDER BY regio"
            stores.append(store.con.execute(rows).fetchall())
        # the usual notes are written straight from the file; unknown ones through the comparison
        assert len(compared) == (0 if usual else 1)
    assert stores[0] == stores[1]
    assert [r[6] for r in stores[0][-2:]] == [nz.ONTBREKEND, nz.GEHEIM]


def test_many_notes_with_their_own_text_never_push_the_usual_ones_out_of_the_fast_route(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that collected many doubts naming their figure first (as restoring lost decimal
    separators does) still writes a long file with missing and secret figures straight from the file."""
    export = _long_export_with_notes(tmp_path)
    compared = _comparisons(monkeypatch)
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as store:
        store.con.execute(
            "INSERT INTO noten SELECT CAST(i AS INTEGER), NULL, NULL, "
            "'decimaalteken verloren: ' || i || ' kan ook ' || i * 10 || ' zijn' FROM range(1, 1001) r(i)"
        )
        assert store.import_file(export).nieuw == 41
        flags = store.con.execute(
            "SELECT vlag FROM observaties WHERE vlag IS NOT NULL ORDER BY regio"
        ).fetchall()
    assert compared == [] and flags == [(nz.ONTBREKEND,), (nz.GEHEIM,)]


def test_a_newer_version_with_notes_the_store_does_not_know_yet_is_compared_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer version is compared straight from the file, with the notes the store knows; a figure
    with another combination (here: a count of persons that is no whole number) has the file read
    again, with the same figures, notes and report as when the store knew the combination."""
    first, second = tmp_path / "lang.csv", tmp_path / "lang-2.csv"
    rows = [f"inwoners;GM{n:04d};2023;{n * 10}\n" for n in range(1, 40)]
    first.write_text("indicator;regio;periode;waarde\n" + "".join(rows), encoding="utf-8")
    rows[0], rows[1] = "inwoners;GM0001;2023;10,5\n", "inwoners;GM0002;2023;25\n"
    second.write_text("indicator;regio;periode;waarde\n" + "".join(rows), encoding="utf-8")
    outcomes = []
    for name, usual in (("gewoon", True), ("leeg", False)):
        if not usual:  # a store that knows no combination at all beforehand
            monkeypatch.setattr(store_notes, "_usual", lambda: [])
        with open_store(tmp_path / f"{name}.duckdb", create=True, read_only=False) as store:
            store.import_file(first)
            result = store.import_file(second)
            doubt = store.con.execute(
                "SELECT onzeker FROM observaties WHERE regio = 'GM0001' AND waarde = 10.5"
            )
            outcomes.append(
                (
                    result.as_dict() | {"bestand": None, "sha256": None, "gepubliceerd": None},
                    doubt.fetchall(),
                    store.con.execute("SELECT regio, waarde FROM observaties ORDER BY ALL").fetchall(),
                )
            )
    assert outcomes[0] == outcomes[1]
    report, doubt, _ = outcomes[0]
    assert doubt == [(nz.GEEN_HEEL_GETAL,)] and report["herzien"] == 1 and report["onzeker"] == 1


@pytest.mark.parametrize("schema", [SCHEMA_2, SCHEMA_3], ids=["schema-2", "schema-3"])
def test_older_store_migrates_with_every_revision_and_same_output(
    tmp_path: Path, cli, schema: list[str]
) -> None:  # type: ignore[no-untyped-def]
    new = _filled_store(tmp_path)
    expected = _outputs(cli, new)
    assert "1.000" in expected[0] and "1.200" in expected[0]  # the revision is shown
    old = tmp_path / "oud.duckdb"
    _as_older_store(new, old, schema)
    before = _rows(old)
    assert len(before) == 10
    # opened for reading, the older store is migrated once, then read
    assert _outputs(cli, old) == expected
    assert _rows(old) == before
    with open_store(old) as store:
        assert store.schema_version() == SCHEMA_VERSION
        revisions = store.revisions("wmo-clienten", "GM0758")
        assert [(r.periode, r.oud.waarde, r.nieuw.waarde) for r in revisions] == [
            ("2022", 1000, 1200),
            ("2023", 900, None),
        ]
        withdrawn = [o for o in store.series("wmo-clienten", "GM0758") if o.periode == "2023"]
        assert withdrawn[0].vlag == "ingetrokken" and withdrawn[0].waarde is None
    # and a further import into the migrated store is compared with what it holds
    again = tmp_path / "eigen-3.csv"
    again.write_text(
        "indicator;regio;periode;waarde\nwmo-clienten-per-1000;GM0034;2023;41,0\n", encoding="utf-8"
    )
    with open_store(old, read_only=False) as store:
        result = store.import_file(again)
        assert result.herzien == 1 and result.nieuw == 0
        assert [o.waarde for o in store.versions("wmo-clienten-per-1000", "GM0034")] == [41.0, 40.1]


def test_schema_1_store_migrates_every_row(tmp_path: Path) -> None:
    new = _filled_store(tmp_path)
    old = tmp_path / "oud.duckdb"
    _as_older_store(new, old, SCHEMA_1)
    con = duckdb.connect(str(old), read_only=True)
    before = con.execute(
        "SELECT indicator, regio, periode, waarde, vlag, import_id FROM observaties ORDER BY ALL"
    ).fetchall()
    con.close()
    with open_store(old, read_only=False) as store:
        after = store.con.execute(
            "SELECT indicator, regio, periode, waarde, vlag, import_id FROM observaties ORDER BY ALL"
        ).fetchall()
        assert after == before and len(after) == 10
        # schema 1 knew no publication dates: the import time stands in, and says so
        (first,) = [o for o in store.versions("wmo-clienten", "GM0758") if o.periode == "2021"][:1]
        assert first.gepubliceerd_bron == "importdatum" and first.gepubliceerd == first.geimporteerd


@pytest.mark.parametrize("schema", [SCHEMA_2, SCHEMA_3], ids=["schema-2", "schema-3"])
def test_copy_from_an_older_store_keeps_every_version(tmp_path: Path, schema: list[str]) -> None:
    new = _filled_store(tmp_path)
    old = tmp_path / "oud.duckdb"
    _as_older_store(new, old, schema)
    expected = _rows(new)
    with open_store(tmp_path / "samen.duckdb", create=True, read_only=False) as store:
        store.copy_from(old)  # read as it is, not migrated
        store.copy_from(new)
        rows = store.con.execute(
            "SELECT indicator, regio, periode, waarde, vlag, onzeker, import_id FROM observaties ORDER BY ALL"
        ).fetchall()
    shifted = [*expected, *[(*r[:6], r[6] + 4) for r in expected]]
    assert sorted(rows, key=repr) == sorted(shifted, key=repr) and len(rows) == 20
