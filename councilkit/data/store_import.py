"""The store's imports: one export file in one transaction — stage it, map its measures, compare
with the current figures, write new figures and revisions.

A mixin of `councilkit.data.store.Store`; the file layouts themselves are read by
`councilkit.data.importers`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.data.importers import BAD_VALUE_MARK, stage, values_table
from councilkit.data.mapping import MeasureMap, default_map
from councilkit.data.sources import open_source
from councilkit.data.store_read import figure_changed_sql
from councilkit.errors import InputError


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


class StoreImports:
    """Writing methods of `Store`."""

    con: Any
    path: Path
    read_only: bool

    def import_file(
        self, path: str | Path, fmt: str | None = None, measures: MeasureMap | None = None
    ) -> ImportResult:
        """Import one export file in one transaction; see the module docstring for revisions."""
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
        values_table(con, "_map", ["bron_maat", "indicator", "eenheid", "telling", "bestaand"], mapped)
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
                         WHEN {figure_changed_sql("c", "n")} THEN 'herzien'
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
