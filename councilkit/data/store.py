"""The monitor data store: one tidy table of figures, with provenance and revisions, in DuckDB.

Every figure is a row of `observaties` (a view over `waarden` and `herkomst`, see `_SCHEMA`):
indicator, regio, periode, waarde, eenheid, status, vlag, the source measure name and table, and the
import it came from (`imports`: file name, sha256, layout, import time). Figures are never updated or deleted. A cell's current value is the one from
its newest import; an import whose figure for a cell equals the current one adds nothing, one that
differs adds a row that becomes the current value (a revision), and re-importing a file whose
sha256 is already in `imports` changes nothing at all. Each file is imported in one transaction, so
a refused or broken file leaves the store exactly as it was.

Periods are stored in the canonical form of `councilkit.data.normalize` ("2020" for a year,
"2024HJ01" for a half-year, "2024KW01", "2024MM01"), regions as CBS codes (GM0758, WK075801,
BU07580101, NL01).

Public API (other modules call exactly these):

* `open_store(path, *, create=False, read_only=True) -> Store`
* `Store.series(indicator, regio) -> list[Observation]` — current value per period, sorted
* `Store.latest(indicator, regio) -> Observation | None`
* `Store.periods(indicator, regio=None) -> list[str]` — periods with a figure (any region if None)
* `Store.revisions(indicator, regio) -> list[Revision]` — cells whose figure was revised
* `Store.indicators(regio=None) -> list[IndicatorSummary]`
* `Store.import_file(path, fmt=None, measures=None) -> ImportResult`

The reads live in `store_read` and the imports in `store_import` (mixins of `Store`); this
module owns the file, the connection and the schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.data.store_import import ImportResult, StoreImports
from councilkit.data.store_notes import NOTE_JOIN, NOTEN, register_sql
from councilkit.data.store_read import (
    DEFAULT_STORE_NAME,
    SCHEMA_VERSION,
    IndicatorSummary,
    Observation,
    Revision,
    StoreReads,
    is_store_file,
)
from councilkit.errors import InputError

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

STORE_SUFFIX = ".duckdb"

#: The store's tables. Every version of every figure is one row of `waarden` (region, period, value,
#: and `noot`: its status, flag and `onzeker` — why a figure may be wrong — as one row of `noten`,
#: NULL for none of the three, see `store_notes`) pointing at one row of
#: `herkomst`, which holds what is the same for all figures of one measure in one import: the
#: indicator, the unit, the source measure name and table, the import, `soort` (aantal, gemiddelde,
#: procent, relatief, afstand, bedrag, dichtheid; disclosure applies to counts only), `reeks` (the
#: part of a series' identity beyond indicator and region: a StatLine filter such as "Geslacht:
#: Mannen"; '' for the whole population) and `gepubliceerd` (the source's own publication date, which
#: orders the versions). Why two tables: an import of five million figures would otherwise write
#: those nine constant columns five million times, which cost more than reading the file. Every
#: reader sees the view `observaties`, with the columns of the single table of schema 2.
#: `indelingen` keeps CBS's boundary-change marker per region and year; `breuken` known and suspected
#: series breaks; `regios` the region names a CBS table gives, per region and year (`naam`: the wijk's
#: or buurt's own name, from the table's WijkenEnBuurten dimension; `gemeente`: the gemeente it lies
#: in, from the Gemeentenaam column).
_HERKOMST = """CREATE TABLE IF NOT EXISTS herkomst (
        id INTEGER, import_id INTEGER, indicator VARCHAR, eenheid VARCHAR, bron_maat VARCHAR, tabel VARCHAR,
        soort VARCHAR, reeks VARCHAR, gepubliceerd TIMESTAMP)"""
_WAARDEN = """CREATE TABLE IF NOT EXISTS waarden (
        herkomst INTEGER, regio VARCHAR, periode VARCHAR, waarde DOUBLE, noot INTEGER)"""
_OBSERVATIES = """CREATE VIEW IF NOT EXISTS observaties AS SELECT h.indicator, w.regio, w.periode, w.waarde,
        h.eenheid, n.status, n.vlag, h.bron_maat, h.tabel, h.import_id, n.onzeker, h.soort, h.reeks,
        h.gepubliceerd FROM waarden w JOIN herkomst h ON h.id = w.herkomst LEFT JOIN noten n ON n.id = w.noot"""
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS councilkit_meta (sleutel VARCHAR PRIMARY KEY, waarde VARCHAR)",
    """CREATE TABLE IF NOT EXISTS imports (
        id INTEGER PRIMARY KEY, bestand VARCHAR, pad VARCHAR, sha256 VARCHAR, formaat VARCHAR,
        tabel VARCHAR, geimporteerd TIMESTAMP, cellen BIGINT, nieuw BIGINT, herzien BIGINT,
        gepubliceerd TIMESTAMP, gepubliceerd_bron VARCHAR, bijbestanden VARCHAR, ingetrokken BIGINT,
        onzeker BIGINT)""",
    _HERKOMST,
    NOTEN,
    _WAARDEN,
    _OBSERVATIES,
    """CREATE TABLE IF NOT EXISTS indelingen (
        regio VARCHAR, periode VARCHAR, code VARCHAR, tabel VARCHAR, import_id INTEGER)""",
    """CREATE TABLE IF NOT EXISTS breuken (
        indicator VARCHAR, regio VARCHAR, periode VARCHAR, soort VARCHAR, toelichting VARCHAR,
        bron VARCHAR, import_id INTEGER)""",
    """CREATE TABLE IF NOT EXISTS regios (
        regio VARCHAR, periode VARCHAR, naam VARCHAR, gemeente VARCHAR, tabel VARCHAR, import_id INTEGER)""",
]

#: Columns added to `imports` since schema 1, added to an older store when it is opened for writing.
_MIGRATIONS = [
    "ALTER TABLE imports ADD COLUMN IF NOT EXISTS gepubliceerd TIMESTAMP",
    "ALTER TABLE imports ADD COLUMN IF NOT EXISTS gepubliceerd_bron VARCHAR",
    "ALTER TABLE imports ADD COLUMN IF NOT EXISTS bijbestanden VARCHAR",
    "ALTER TABLE imports ADD COLUMN IF NOT EXISTS ingetrokken BIGINT",
    "ALTER TABLE imports ADD COLUMN IF NOT EXISTS onzeker BIGINT",
    "UPDATE imports SET gepubliceerd = geimporteerd, gepubliceerd_bron = 'importdatum' WHERE gepubliceerd IS NULL",
]

#: A store of schema 1 or 2 has `observaties` as a table: first brought to the columns of schema 2,
#: then split into `herkomst`, `noten` and `waarden` (every row, so every revision, kept) and replaced by
#: the view.
_OLD_OBSERVATIES = [
    "ALTER TABLE observaties ADD COLUMN IF NOT EXISTS onzeker VARCHAR",
    "ALTER TABLE observaties ADD COLUMN IF NOT EXISTS soort VARCHAR",
    "ALTER TABLE observaties ADD COLUMN IF NOT EXISTS reeks VARCHAR DEFAULT ''",
    "ALTER TABLE observaties ADD COLUMN IF NOT EXISTS gepubliceerd TIMESTAMP",
    "UPDATE observaties SET reeks = '' WHERE reeks IS NULL",
    "UPDATE observaties o SET gepubliceerd = i.gepubliceerd FROM imports i "
    "WHERE i.id = o.import_id AND o.gepubliceerd IS NULL",
    _HERKOMST,
    NOTEN,
    _WAARDEN,
    register_sql("observaties"),
    "INSERT INTO herkomst SELECT CAST(row_number() OVER (ORDER BY import_id, indicator, bron_maat) AS INTEGER), * "
    "FROM (SELECT DISTINCT import_id, indicator, eenheid, bron_maat, tabel, soort, reeks, gepubliceerd "
    "FROM observaties)",
    "INSERT INTO waarden SELECT h.id, r.regio, r.periode, r.waarde, n.id FROM observaties r JOIN herkomst h ON "
    + " AND ".join(
        f"h.{c} IS NOT DISTINCT FROM r.{c}"
        for c in ("import_id", "indicator", "eenheid", "bron_maat", "tabel", "soort", "reeks", "gepubliceerd")
    )
    + f" {NOTE_JOIN}",
    "DROP TABLE observaties",
]

#: A store of schema 3 has the three notes as columns of `waarden`: they go to `noten`, and `waarden`
#: is written again with the note's id (every row kept, in one transaction).
_NOTES_AS_COLUMNS = [
    NOTEN,
    register_sql("waarden"),
    "CREATE TABLE _waarden_4 AS SELECT r.herkomst, r.regio, r.periode, r.waarde, n.id AS noot "
    f"FROM waarden r {NOTE_JOIN}",
    "DROP VIEW observaties",
    "DROP TABLE waarden",
    "ALTER TABLE _waarden_4 RENAME TO waarden",
]

#: DuckDB settings for imports: bounded memory (spills to disk), order of rows not needed. DuckDB's
#: own buffers get 768 MB so that the whole process (Python, DuckDB's other allocations) stays within
#: the store's limit of 1 GB, also when a second version of a 5-million-row export is compared.
_SETTINGS = ["SET memory_limit = '768MB'", "SET preserve_insertion_order = false"]


class Store(StoreReads, StoreImports):
    """An open monitor data store. Use `open_store` (or `councilkit.data.open_data`) to get one."""

    def __init__(
        self,
        con: DuckDBPyConnection,
        path: Path,
        *,
        read_only: bool,
        temp_dir: tempfile.TemporaryDirectory[str] | None = None,
    ) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._temp_dir = temp_dir

    # -- lifecycle ---------------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
            self._temp_dir = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> str | None:
        row = self.con.execute("SELECT waarde FROM councilkit_meta WHERE sleutel = 'schema'").fetchone()
        return row[0] if row else None


def open_store(path: str | Path, *, create: bool = False, read_only: bool = True) -> Store:
    """Open the store file at `path`.

    With `create=True` a missing file is created (and the store opened for writing). A missing file
    without `create`, a file that is not a DuckDB database, or one without councilkit's tables raise
    an `InputError` in Dutch.
    """
    import duckdb

    path = Path(path)
    if not path.exists():
        if not create:
            raise InputError(
                "databestand niet gevonden",
                file=path,
                hint="importeer eerst cijfers met 'councilkit data import BESTAND --store PAD'",
            )
        if not path.parent.exists():
            raise InputError("de map voor het databestand bestaat niet", file=path)
        read_only = False
    elif not is_store_file(path):
        raise InputError(
            "dit is geen councilkit-databestand (DuckDB)",
            file=path,
            hint="geef het .duckdb-bestand dat 'councilkit data import' maakte, of de exportbestanden zelf",
        )
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc
    store = _init(con, path, read_only=read_only)
    if read_only and store.schema_version() != SCHEMA_VERSION:
        # an older store: add the new columns once (writable), then open it as asked
        store.close()
        try:
            _init(duckdb.connect(str(path)), path, read_only=False).close()
        except duckdb.Error as exc:
            raise _open_error(path, exc) from exc
        store = _init(duckdb.connect(str(path), read_only=True), path, read_only=True)
    return store


def _open_error(path: Path, exc: Exception) -> InputError:
    """The Dutch reason a DuckDB file cannot be opened: locked by another process, or damaged."""
    text = str(exc)
    low = text.lower()
    if "could not set lock" in low or "conflicting lock" in low or "resource temporarily unavailable" in low:
        return InputError(
            "het databestand is in gebruik door een ander programma",
            file=path,
            hint="sluit het andere councilkit-proces en probeer het opnieuw",
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return InputError(
        f"het databestand is beschadigd of geen geldig DuckDB-bestand ({first})",
        file=path,
        hint="importeer de exportbestanden opnieuw in een nieuw databestand (--store NIEUW.duckdb)",
    )


def _init(
    con: DuckDBPyConnection,
    path: Path,
    *,
    read_only: bool,
    temp_dir: tempfile.TemporaryDirectory[str] | None = None,
) -> Store:
    con.execute("SET enable_progress_bar = false")
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    ours = {"councilkit_meta", "imports", "observaties"}
    if (tables and not ours <= tables) or (read_only and not ours <= tables):
        # another program's database (or an empty one opened for reading): never add tables to it
        con.close()
        raise InputError(
            "dit DuckDB-bestand is geen councilkit-databestand (tabellen ontbreken)",
            file=path,
            hint="importeer cijfers in een nieuw bestand met 'councilkit data import --store PAD'",
        )
    store = Store(con, path, read_only=read_only, temp_dir=temp_dir)
    if not read_only:
        for sql in _SETTINGS:
            con.execute(sql)
        if tables and store.schema_version() == SCHEMA_VERSION:
            # up to date: nothing to create or add (so a change to `_SCHEMA` or `_MIGRATIONS` needs a
            # new SCHEMA_VERSION, or stores of the current one would never get it)
            return store
        if "observaties" in tables and "waarden" not in tables:
            _migrate(con, _OLD_OBSERVATIES)
        elif "waarden" in tables and "noten" not in tables:
            _migrate(con, _NOTES_AS_COLUMNS)
        # one transaction: a new store is written once, not once per table
        con.execute("BEGIN TRANSACTION")
        try:
            for sql in _SCHEMA:
                con.execute(sql)
            for sql in _MIGRATIONS:
                con.execute(sql)
            con.execute(
                "INSERT INTO councilkit_meta SELECT 'schema', ? WHERE NOT EXISTS "
                "(SELECT 1 FROM councilkit_meta WHERE sleutel = 'schema')",
                [SCHEMA_VERSION],
            )
            con.execute("UPDATE councilkit_meta SET waarde = ? WHERE sleutel = 'schema'", [SCHEMA_VERSION])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return store


def _migrate(con: DuckDBPyConnection, steps: list[str]) -> None:
    """Bring the figures of an older store to the current tables (`_OLD_OBSERVATIES` for schema 1
    and 2, `_NOTES_AS_COLUMNS` for 3), in one transaction: a failure leaves the old store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        for sql in _MIGRATIONS:  # the import dates the publication dates fall back on
            con.execute(sql)
        for sql in steps:
            con.execute(sql)
        con.execute(_OBSERVATIES)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def temporary_store() -> Store:
    """A writable store in a temporary directory, removed on `close()` (for `--data EXPORTS`)."""
    import duckdb

    temp_dir = tempfile.TemporaryDirectory(prefix="councilkit-data-")
    path = Path(temp_dir.name) / DEFAULT_STORE_NAME
    con = duckdb.connect(str(path))
    return _init(con, path, read_only=False, temp_dir=temp_dir)


__all__ = [
    "DEFAULT_STORE_NAME",
    "ImportResult",
    "IndicatorSummary",
    "Observation",
    "Revision",
    "Store",
    "is_store_file",
    "open_store",
    "temporary_store",
]
