"""The monitor data store: one tidy table of figures, with provenance and revisions, in DuckDB.

Every figure is a row of `observaties`: indicator, regio, periode, waarde, eenheid, status, vlag,
the source measure name and table, and the import it came from (`imports`: file name, sha256,
layout, import time). Figures are never updated or deleted. A cell's current value is the one from
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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.data import normalize as nz
from councilkit.data.mapping import MeasureMap, default_map
from councilkit.errors import InputError

SCHEMA_VERSION = "1"
STORE_SUFFIX = ".duckdb"
DEFAULT_STORE_NAME = "monitordata.duckdb"

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS councilkit_meta (sleutel VARCHAR PRIMARY KEY, waarde VARCHAR)",
    """CREATE TABLE IF NOT EXISTS imports (
        id INTEGER PRIMARY KEY, bestand VARCHAR, pad VARCHAR, sha256 VARCHAR, formaat VARCHAR,
        tabel VARCHAR, geimporteerd TIMESTAMP, cellen BIGINT, nieuw BIGINT, herzien BIGINT)""",
    """CREATE TABLE IF NOT EXISTS observaties (
        indicator VARCHAR, regio VARCHAR, periode VARCHAR, waarde DOUBLE, eenheid VARCHAR,
        status VARCHAR, vlag VARCHAR, bron_maat VARCHAR, tabel VARCHAR, import_id INTEGER)""",
]

#: DuckDB settings for imports: bounded memory (spills to disk), order of rows not needed.
_SETTINGS = ["SET memory_limit = '1GB'", "SET preserve_insertion_order = false"]


@dataclass(frozen=True)
class Observation:
    """One figure as reports see it: the current value of a cell with where it came from.

    `waarde` is None when the source gave no figure (`vlag` says why: geheim or ontbrekend).
    `bron` is the file name and source table ("kwb.parquet (84799NED)"), for captions.
    """

    indicator: str
    regio: str
    periode: str
    waarde: float | None
    eenheid: str | None
    status: str | None
    vlag: str | None
    bron: str
    bestand: str
    tabel: str | None
    sha256: str
    geimporteerd: dt.datetime
    bron_maat: str
    import_id: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `data show --format json`."""
        return {
            "periode": self.periode,
            "waarde": self.waarde,
            "eenheid": self.eenheid,
            "status": self.status,
            "vlag": self.vlag,
            "bron": self.bron,
        }


@dataclass(frozen=True)
class Revision:
    """A cell whose figure changed: the value before (`oud`) and the current one (`nieuw`)."""

    indicator: str
    regio: str
    periode: str
    oud: Observation
    nieuw: Observation


def _figure_changed_sql(old: str, new: str) -> str:
    """SQL that is true where row `new` revises row `old`: another value, flag or known status.

    The one definition of a revision, used by the import's comparison and by `revisions()`, so the
    counts an import reports and the revisions a report shows cannot drift apart. A status or unit
    that only becomes known ("aangevuld") is not a revision.
    """
    return (
        f"(({old}.waarde IS NULL) <> ({new}.waarde IS NULL)"
        f" OR abs({old}.waarde - {new}.waarde) > 1e-9 * greatest(1, abs({new}.waarde))"
        f" OR nullif({old}.vlag, 'afgerond') IS DISTINCT FROM nullif({new}.vlag, 'afgerond')"
        f" OR ({old}.status IS NOT NULL AND {new}.status IS NOT NULL AND {old}.status <> {new}.status))"
    )


@dataclass(frozen=True)
class IndicatorSummary:
    """One line of `data list`."""

    indicator: str
    regios: int
    perioden: list[str]
    aantal: int
    eenheid: str | None


@dataclass
class ImportResult:
    """What one `import_file` did, for the per-file report of `data import`."""

    bestand: str
    pad: str
    sha256: str
    formaat: str | None = None
    tabel: str | None = None
    rijen: int = 0
    cellen: int = 0
    nieuw: int = 0
    herzien: int = 0
    aangevuld: int = 0  # same figure, now with a known status (and the unit that file gives)
    ongewijzigd: int = 0
    al_geimporteerd: bool = False
    gekoppeld: dict[str, str] = field(default_factory=dict)
    niet_gekoppeld: list[str] = field(default_factory=list)
    overgeslagen: list[tuple[str, int]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    voorbeelden_herzien: list[tuple[str, str, str, float | None, float | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bestand": self.bestand,
            "sha256": self.sha256,
            "formaat": self.formaat,
            "tabel": self.tabel,
            "rijen": self.rijen,
            "cellen": self.cellen,
            "nieuw": self.nieuw,
            "herzien": self.herzien,
            "aangevuld": self.aangevuld,
            "ongewijzigd": self.ongewijzigd,
            "al_geimporteerd": self.al_geimporteerd,
            "gekoppeld": self.gekoppeld,
            "niet_gekoppeld": self.niet_gekoppeld,
            "overgeslagen": [{"reden": r, "aantal": n} for r, n in self.overgeslagen],
            "opmerkingen": self.opmerkingen,
            "herzien_voorbeelden": [
                {"indicator": i, "regio": r, "periode": p, "oud": o, "nieuw": n}
                for i, r, p, o, n in self.voorbeelden_herzien
            ],
        }


_OBS_COLUMNS = (
    "o.indicator, o.regio, o.periode, o.waarde, o.eenheid, o.status, o.vlag, i.bestand, o.tabel, i.sha256, "
    "i.geimporteerd, o.bron_maat, o.import_id"
)


def _observation(row: tuple) -> Observation:
    indicator, regio, periode, waarde, eenheid, status, vlag, bestand, tabel, sha, when, maat, imp = row
    bron = f"{bestand} ({tabel})" if tabel else bestand
    return Observation(
        indicator, regio, periode, waarde, eenheid, status, vlag, bron, bestand, tabel, sha, when, maat, imp
    )


def is_store_file(path: Path) -> bool:
    """True when `path` is a DuckDB database file (checked by its header, not its name)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) >= 12 and head[8:12] == b"DUCK"


class Store:
    """An open monitor data store. Use `open_store` (or `councilkit.data.open_data`) to get one."""

    def __init__(self, con: Any, path: Path, *, read_only: bool, temp_dir: Any = None) -> None:
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

    # -- reading -------------------------------------------------------------------------------------------

    def series(self, indicator: str, regio: str) -> list[Observation]:
        """The current figure for each period of `indicator` in `regio`, sorted by period."""
        rows = self.con.execute(
            f"SELECT {_OBS_COLUMNS} FROM observaties o JOIN imports i ON i.id = o.import_id "
            "WHERE o.indicator = ? AND o.regio = ? "
            "QUALIFY row_number() OVER (PARTITION BY o.periode ORDER BY o.import_id DESC) = 1 ORDER BY o.periode",
            [indicator, regio],
        ).fetchall()
        return [_observation(r) for r in rows]

    def latest(self, indicator: str, regio: str) -> Observation | None:
        """The current figure of the newest period that has a value (None when there is none)."""
        with_value = [o for o in self.series(indicator, regio) if o.waarde is not None]
        return with_value[-1] if with_value else None

    def periods(self, indicator: str, regio: str | None = None) -> list[str]:
        """Periods with a figure (a value, not only a flag) for `indicator` in `regio` (or any region)."""
        where, params = "indicator = ?", [indicator]
        if regio is not None:
            where += " AND regio = ?"
            params.append(regio)
        rows = self.con.execute(
            f"SELECT periode FROM (SELECT periode, waarde FROM observaties WHERE {where} "
            "QUALIFY row_number() OVER (PARTITION BY regio, periode ORDER BY import_id DESC) = 1) "
            "WHERE waarde IS NOT NULL GROUP BY periode ORDER BY periode",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    def revisions(self, indicator: str, regio: str) -> list[Revision]:
        """Cells of this series whose current figure replaced an earlier, different one."""
        rows = self.con.execute(
            f"SELECT {_OBS_COLUMNS}, row_number() OVER (PARTITION BY o.periode ORDER BY o.import_id DESC) AS rn "
            "FROM observaties o JOIN imports i ON i.id = o.import_id WHERE o.indicator = ? AND o.regio = ? "
            "QUALIFY rn <= 2 ORDER BY o.periode, rn",
            [indicator, regio],
        ).fetchall()
        revised = {
            row[0]
            for row in self.con.execute(
                "WITH r AS (SELECT periode, waarde, vlag, status, row_number() OVER "
                "(PARTITION BY periode ORDER BY import_id DESC) AS rn FROM observaties "
                "WHERE indicator = ? AND regio = ?) "
                f"SELECT c.periode FROM r c JOIN r p ON p.periode = c.periode AND c.rn = 1 AND p.rn = 2 "
                f"WHERE {_figure_changed_sql('p', 'c')}",
                [indicator, regio],
            ).fetchall()
        }
        by_period: dict[str, list[Observation]] = {}
        for row in rows:
            by_period.setdefault(row[2], []).append(_observation(row[:-1]))
        return [
            Revision(indicator, regio, p, obs[1], obs[0])
            for p, obs in sorted(by_period.items())
            if p in revised
        ]

    def indicators(self, regio: str | None = None) -> list[IndicatorSummary]:
        """Indicators in the store (for `regio` only, if given) with regions, periods and counts."""
        where, params = ("WHERE regio = ?", [regio]) if regio else ("", [])
        rows = self.con.execute(
            "SELECT indicator, count(DISTINCT regio), list(DISTINCT periode ORDER BY periode), count(*), "
            "mode(eenheid) FROM (SELECT * FROM observaties "
            f"{where} QUALIFY row_number() OVER (PARTITION BY indicator, regio, periode ORDER BY import_id DESC) = 1) "
            "GROUP BY indicator ORDER BY indicator",
            params,
        ).fetchall()
        return [IndicatorSummary(r[0], r[1], list(r[2]), r[3], r[4]) for r in rows]

    def has_indicator(self, indicator: str) -> bool:
        return (
            self.con.execute(
                "SELECT count(*) FROM observaties WHERE indicator = ? LIMIT 1", [indicator]
            ).fetchone()[0]
            > 0
        )

    def resolve_indicator(self, name: str) -> str | None:
        """The stored indicator called `name`, matched exactly or ignoring case and punctuation."""
        if self.has_indicator(name):
            return name
        key = nz.name_key(name)
        for (stored,) in self.con.execute("SELECT DISTINCT indicator FROM observaties").fetchall():
            if nz.name_key(stored) == key:
                return stored
        return None

    def imports(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT id, bestand, sha256, formaat, tabel, geimporteerd, cellen, nieuw, herzien FROM imports ORDER BY id"
        ).fetchall()
        keys = ["id", "bestand", "sha256", "formaat", "tabel", "geimporteerd", "cellen", "nieuw", "herzien"]
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- writing ---------------------------------------------------------------------------------------------

    def import_file(
        self, path: str | Path, fmt: str | None = None, measures: MeasureMap | None = None
    ) -> ImportResult:
        """Import one export file in one transaction; see the module docstring for revisions."""
        from councilkit.data.sources import open_source

        if self.read_only:
            raise InputError("het databestand is alleen-lezen geopend", file=self.path)
        path = Path(path)
        measures = measures or default_map()
        source = open_source(path)
        try:
            earlier = self.con.execute(
                "SELECT bestand, formaat, tabel FROM imports WHERE sha256 = ? ORDER BY id LIMIT 1",
                [source.sha256],
            ).fetchone()
            if earlier:
                result = ImportResult(bestand=path.name, pad=str(path), sha256=source.sha256)
                result.al_geimporteerd = True
                result.formaat, result.tabel = earlier[1], earlier[2]
                result.opmerkingen.append(f"al eerder geïmporteerd (als {earlier[0]}); niets gewijzigd")
                return result
            try:
                return self._import_once(path, source, fmt, measures, copy=False)
            except _Doubled:
                # rare: a long file with doubled cells; redo it through `_stage`, which keeps one
                # copy of identical duplicates and refuses conflicting ones
                return self._import_once(path, source, fmt, measures, copy=True)
        finally:
            source.cleanup()

    def _import_once(
        self, path: Path, source: Any, fmt: str | None, measures: MeasureMap, *, copy: bool
    ) -> ImportResult:
        from councilkit.data.importers import stage

        result = ImportResult(bestand=path.name, pad=str(path), sha256=source.sha256)
        self.con.execute("BEGIN TRANSACTION")
        try:
            staged = stage(self.con, source, fmt, measures)
            self._finish(result, staged, measures, copy=copy)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.execute("RESET disabled_optimizers")  # set for one insert; a failed one skips its reset
        return result

    def _finish(self, result: ImportResult, staged: Any, measures: MeasureMap, *, copy: bool = False) -> None:
        """Map measures, refuse conflicting duplicates, write new figures and revisions.

        Layouts staged into the table `_stage` go through `_compare`. A long table comes as a query
        over the file (`staged.relatie`); its rows for indicators the store does not hold yet cannot
        be revisions, so they are inserted straight from the file in one `INSERT … SELECT` and only
        checked for doubled cells afterwards. Rows of indicators already in the store are copied into
        `_stage` and compared like any other layout.
        """
        from councilkit.data.importers import _values_table

        con = self.con
        result.formaat, result.tabel, result.rijen = staged.formaat, staged.tabel, staged.rijen
        result.overgeslagen, result.opmerkingen = list(staged.overgeslagen), list(staged.opmerkingen)
        if staged.relatie is None:
            names = [r[0] for r in con.execute("SELECT DISTINCT bron_maat FROM _stage").fetchall()]
        else:
            names = list(staged.maten)
        rows: list[tuple[str, str, str | None, str]] = []
        for name in sorted(names):
            target = measures.lookup(name)
            if target is None:
                result.niet_gekoppeld.append(name)
                rows.append((name, name, None, "0"))
            else:
                result.gekoppeld[name] = target.indicator
                rows.append((name, target.indicator, target.eenheid, "1" if target.telling else "0"))
        held = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT indicator FROM observaties WHERE indicator IN (SELECT unnest(CAST(? AS VARCHAR[])))",
                [sorted({r[1] for r in rows})],
            ).fetchall()
        }
        mapped = [(*r, "1" if r[1] in held else "0") for r in rows]
        _values_table(con, "_map", ["bron_maat", "indicator", "eenheid", "telling", "bestaand"], mapped)
        import_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()[0]
        compare = True
        if staged.relatie is not None:
            fresh = any(r[4] == "0" for r in mapped)
            if copy or not fresh:
                self._run(staged, f"CREATE OR REPLACE TEMP TABLE _stage AS {staged.relatie}")
            else:
                self._insert_fresh(result, staged, import_id, some_held=bool(held))
                if held:
                    self._run(
                        staged,
                        f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT * FROM ({staged.relatie}) "
                        "WHERE bron_maat IN (SELECT bron_maat FROM _map WHERE bestaand = '1')",
                    )
                else:
                    compare = False
                    con.execute("DROP TABLE IF EXISTS _stage")
        if compare:
            self._compare(result, staged, import_id)
        result.ongewijzigd = result.cellen - result.nieuw - result.herzien - result.aangevuld
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                import_id,
                result.bestand,
                result.pad,
                result.sha256,
                result.formaat,
                result.tabel,
                dt.datetime.now().replace(microsecond=0),
                result.cellen,
                result.nieuw,
                result.herzien,
            ],
        )

    def _run(self, staged: Any, sql: str) -> None:
        """Execute a statement over `staged.relatie`, turning a text among the figures into its error."""
        import duckdb

        from councilkit.data.importers import BAD_VALUE_MARK

        # read_csv does not know how many rows it has: without this DuckDB builds its hash tables on
        # the file and probes them with the small label tables
        self.con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side'")
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            text = str(exc)
            if BAD_VALUE_MARK not in text or staged.ongeldig is None:
                raise
            code = text.split(BAD_VALUE_MARK, 1)[1]
            code = code[: len(code) - len(code.lstrip("0123456789ABCDEFabcdef"))]
            raise staged.ongeldig(bytes.fromhex(code).decode("utf-8", errors="replace")) from exc
        finally:
            with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses even this
                self.con.execute("RESET disabled_optimizers")

    def _insert_fresh(self, result: ImportResult, staged: Any, import_id: int, *, some_held: bool) -> None:
        """Insert the rows of indicators new to the store straight from the file, then make sure no
        cell came twice (exactly: each cell is one bit of a bitmap over regions × periods × indicators)."""
        con = self.con
        only = "WHERE m.bestaand = '0'" if some_held else ""
        self._run(
            staged,
            "INSERT INTO observaties SELECT m.indicator, s.regio, s.periode, s.waarde, "
            "coalesce(m.eenheid, s.eenheid), s.status, s.vlag, s.bron_maat, "
            f"coalesce(s.tabel, {_lit(staged.tabel)}), {int(import_id)} "
            f"FROM ({staged.relatie}) s JOIN _map m USING (bron_maat) {only}",
        )
        new = f"FROM observaties WHERE import_id = {int(import_id)}"
        sizes = []
        for key in ("indicator", "regio", "periode"):
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _k_{key} AS SELECT {key}, "
                f"CAST(row_number() OVER () - 1 AS BIGINT) AS k FROM (SELECT DISTINCT {key} {new})"
            )
            sizes.append(con.execute(f"SELECT count(*) FROM _k_{key}").fetchone()[0])
        n_ind, n_reg, n_per = sizes
        span = n_ind * n_reg * n_per
        if span <= 2**31:
            cells, distinct = con.execute(
                f"SELECT count(*), bit_count(bitstring_agg((i.k * {n_per} + p.k) * {n_reg} + r.k, 0, "
                f"{max(span - 1, 0)})) FROM observaties o JOIN _k_indicator i USING (indicator) "
                f"JOIN _k_regio r USING (regio) JOIN _k_periode p USING (periode) "
                f"WHERE o.import_id = {int(import_id)}"
            ).fetchone()
        else:  # a hash is exact enough to clear a file; a collision only costs the slow route
            cells, distinct = con.execute(
                f"SELECT count(*), count(DISTINCT hash(indicator, regio, periode)) {new}"
            ).fetchone()
        for key in ("indicator", "regio", "periode"):
            con.execute(f"DROP TABLE _k_{key}")
        if cells != (distinct or 0):
            raise _Doubled
        result.cellen += cells
        result.nieuw += cells

    def _compare(self, result: ImportResult, staged: Any, import_id: int) -> None:
        """`_stage` against the current figures: refuse conflicting duplicates, write new and revised."""
        con = self.con
        cbs = staged.formaat in {"cbs-odata", "cbs-kwb", "statline-csv"}
        rounded = (
            "CASE WHEN s.vlag IS NULL AND m.telling = '1' AND (s.regio LIKE 'WK%' OR s.regio LIKE 'BU%') "
            "AND s.waarde % 5 = 0 THEN 'afgerond' ELSE s.vlag END"
            if cbs
            else "s.vlag"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _new AS SELECT m.indicator, s.regio, s.periode, s.waarde, "
            f"coalesce(m.eenheid, s.eenheid) AS eenheid, s.status, {rounded} AS vlag, s.bron_maat, "
            f"coalesce(s.tabel, {_lit(staged.tabel)}) AS tabel FROM _stage s JOIN _map m USING (bron_maat)"
        )
        con.execute("DROP TABLE _stage")
        # cheap test first (plain counts); the detailed query only runs when something is doubled
        doubled = con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM _new GROUP BY indicator, regio, periode HAVING count(*) > 1)"
        ).fetchone()[0]
        dup = None
        if doubled:
            dup = con.execute(
                "SELECT indicator, regio, periode, list(DISTINCT bron_maat), count(DISTINCT waarde), count(waarde), "
                "count(*) FROM _new GROUP BY indicator, regio, periode HAVING count(*) > 1 "
                "ORDER BY count(DISTINCT waarde) DESC LIMIT 1"
            ).fetchone()
        if dup:
            indicator, regio, periode, sources, distinct, filled, total = dup
            if distinct > 1 or (0 < filled < total):
                raise InputError(
                    f"{indicator} voor {regio} in {periode} staat meer dan eens in het bestand, met verschillende "
                    f"cijfers (uit {', '.join(sources)})",
                    file=result.pad,
                    hint="houd per indicator, regio en periode één cijfer over",
                )
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _new AS SELECT DISTINCT ON (indicator, regio, periode) * FROM _new"
            )
            result.opmerkingen.append("dubbele regels met dezelfde cijfers één keer bewaard")
        result.cellen += con.execute("SELECT count(*) FROM _new").fetchone()[0]
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _diff AS
            WITH cur AS (
                SELECT o.indicator, o.regio, o.periode, o.waarde, o.vlag, o.status FROM observaties o
                SEMI JOIN _new n ON n.indicator = o.indicator AND n.regio = o.regio AND n.periode = o.periode
                QUALIFY row_number() OVER (PARTITION BY o.indicator, o.regio, o.periode ORDER BY o.import_id DESC) = 1),
            classified AS (
                SELECT n.*, c.waarde AS oud,
                    CASE WHEN c.indicator IS NULL THEN 'nieuw'
                         -- a file that lacks a figure does not withdraw one: only values and 'geheim' revise
                         WHEN n.waarde IS NULL AND n.vlag = 'ontbrekend' THEN NULL
                         WHEN {_figure_changed_sql("c", "n")} THEN 'herzien'
                         -- same figure, but the newer file knows its status: stored, not a revision
                         WHEN n.status IS NOT NULL AND c.status IS NULL THEN 'aangevuld'
                    END AS soort
                FROM _new n LEFT JOIN cur c
                    ON c.indicator = n.indicator AND c.regio = n.regio AND c.periode = n.periode)
            SELECT * EXCLUDE (oud, soort), soort, oud FROM classified WHERE soort IS NOT NULL"""
        )
        counts = dict(con.execute("SELECT soort, count(*) FROM _diff GROUP BY soort").fetchall())
        result.nieuw += counts.get("nieuw", 0)
        result.herzien += counts.get("herzien", 0)
        result.aangevuld += counts.get("aangevuld", 0)
        result.voorbeelden_herzien = [
            tuple(r)
            for r in con.execute(
                "SELECT indicator, regio, periode, oud, waarde FROM _diff WHERE soort = 'herzien' "
                "ORDER BY indicator, regio, periode LIMIT 5"
            ).fetchall()
        ]
        con.execute(
            "INSERT INTO observaties SELECT indicator, regio, periode, waarde, eenheid, status, vlag, bron_maat, "
            f"tabel, {int(import_id)} FROM _diff"
        )
        con.execute("DROP TABLE _diff")
        con.execute("DROP TABLE _new")

    def copy_from(self, other: Path) -> None:
        """Append everything of another store file (used by `open_data` for mixed `--data` paths)."""
        con = self.con
        con.execute(f"ATTACH {_lit(str(other))} AS _other (READ_ONLY)")
        try:
            offset = con.execute("SELECT coalesce(max(id), 0) FROM imports").fetchone()[0]
            con.execute(
                "INSERT INTO imports SELECT id + ?, bestand, pad, sha256, formaat, tabel, geimporteerd, cellen, nieuw, "
                "herzien FROM _other.imports",
                [offset],
            )
            con.execute(
                "INSERT INTO observaties SELECT indicator, regio, periode, waarde, eenheid, status, vlag, bron_maat, "
                "tabel, import_id + ? FROM _other.observaties",
                [offset],
            )
        finally:
            con.execute("DETACH _other")


class _Doubled(Exception):
    """A long file names a cell twice: redo the import through `_stage` (see `Store._finish`)."""


def _lit(text: str | None) -> str:
    if text is None:
        return "NULL"
    return "'" + text.replace("'", "''") + "'"


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
        text = str(exc)
        if "lock" in text.lower():
            raise InputError(
                "het databestand is in gebruik door een ander programma",
                file=path,
                hint="sluit het andere councilkit-proces en probeer het opnieuw",
            ) from exc
        raise InputError(
            f"het databestand kan niet geopend worden ({text.splitlines()[0]})", file=path
        ) from exc
    return _init(con, path, read_only=read_only)


def _init(con: Any, path: Path, *, read_only: bool, temp_dir: Any = None) -> Store:
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        for sql in _SETTINGS:
            con.execute(sql)
        for sql in _SCHEMA:
            con.execute(sql)
        con.execute(
            "INSERT INTO councilkit_meta SELECT 'schema', ? WHERE NOT EXISTS "
            "(SELECT 1 FROM councilkit_meta WHERE sleutel = 'schema')",
            [SCHEMA_VERSION],
        )
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"councilkit_meta", "imports", "observaties"} <= tables:
        con.close()
        raise InputError(
            "dit DuckDB-bestand is geen councilkit-databestand (tabellen ontbreken)",
            file=path,
            hint="importeer cijfers in een nieuw bestand met 'councilkit data import --store PAD'",
        )
    return Store(con, path, read_only=read_only, temp_dir=temp_dir)


def temporary_store() -> Store:
    """A writable store in a temporary directory, removed on `close()` (for `--data EXPORTS`)."""
    import duckdb

    temp_dir = tempfile.TemporaryDirectory(prefix="councilkit-data-")
    path = Path(temp_dir.name) / DEFAULT_STORE_NAME
    con = duckdb.connect(str(path))
    return _init(con, path, read_only=False, temp_dir=temp_dir)
