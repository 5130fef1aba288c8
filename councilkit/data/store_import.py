"""The store's imports: one export file in one transaction — stage it, map its measures, compare
with the current figures, write new figures and revisions.

A mixin of `councilkit.data.store.Store`; the file layouts themselves are read by
`councilkit.data.importers`.

Why one module of this size: the steps of one import share the transaction and the staging table;
split up, they would pass the connection state around.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.data import normalize as nz
from councilkit.data import store_notes
from councilkit.data.importers import (
    AGAIN_MARK,
    BAD_VALUE_MARK,
    DECIMAL_COMMA_NOTE,
    Opnieuw,
    Reading,
    stage,
    values_table,
)
from councilkit.data.importers.cbs import sidecars
from councilkit.data.importers.common import Staged, aggregate, nl_int
from councilkit.data.mapping import MeasureMap, default_map
from councilkit.data.sources import SourceFile, open_source
from councilkit.data.store_notes import NEW_NOTE_MARK, NOTE_JOIN
from councilkit.data.store_read import CELL, NEWEST_FIRST, figure_changed_sql
from councilkit.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from duckdb import DuckDBPyConnection


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
    #: The source's own publication date and how it is known ("metadata", "downloaddatum",
    #: "importdatum"); versions of a figure are ordered by it, not by the order of importing.
    gepubliceerd: dt.datetime | None = None
    gepubliceerd_bron: str | None = None
    #: Figures this (newer) publication empties: stored as withdrawn ("ingetrokken"), reported.
    ingetrokken: int = 0
    voorbeelden_ingetrokken: list[tuple[str, str, str, float | None]] = field(default_factory=list)
    #: Figures that differ from the current one but come from an older publication: kept as earlier
    #: versions, the current figure stays.
    eerder: int = 0
    #: Figures stored with a reason for doubt (`onzeker`), and figures of this file that settle
    #: earlier doubtful ones.
    onzeker: int = 0
    beslecht: int = 0
    #: Sidecar files read with the data (DataProperties, Metadata) and their sha256.
    bijbestanden: dict[str, str] = field(default_factory=dict)
    #: Figures exactly 10 or 100 times the current one (a decimal separator): stored as doubtful.
    verdacht: int = 0

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
            "gepubliceerd": self.gepubliceerd.isoformat() if self.gepubliceerd else None,
            "gepubliceerd_bron": self.gepubliceerd_bron,
            "ingetrokken": self.ingetrokken,
            "ingetrokken_voorbeelden": [
                {"indicator": i, "regio": r, "periode": p, "oud": o}
                for i, r, p, o in self.voorbeelden_ingetrokken
            ],
            "eerder": self.eerder,
            "onzeker": self.onzeker,
            "beslecht": self.beslecht,
            "bijbestanden": self.bijbestanden,
        }


class StoreImports:
    """Writing methods of `Store`."""

    #: The same connection as `Store.con` (an aggregate's one row is read through `aggregate`).
    con: DuckDBPyConnection
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
            try:
                return self._import_source(path, source, fmt, measures)
            except Exception:
                # The first 256 kB were UTF-8 but the rest of the file is not (DuckDB refuses it, or
                # the hashing thread found it): nothing was written; read it again as Windows-1252.
                if not source.misread():
                    raise
            source.recode()
            return self._import_source(path, source, fmt, measures)
        finally:
            source.cleanup()

    def _import_source(
        self, path: Path, source: SourceFile, fmt: str | None, measures: MeasureMap
    ) -> ImportResult:
        copy, reading = False, Reading.TYPED
        try:
            while True:
                try:
                    return self._import_once(path, source, fmt, measures, copy=copy, reading=reading)
                except _Doubled:
                    # rare: a long file with doubled cells; redo it through `_stage`, which keeps one
                    # copy of identical duplicates and refuses conflicting ones
                    if copy:
                        raise
                    copy = True
                except Opnieuw as again:
                    # a long file was not what its first rows promised (a one-pass reading), or held a
                    # region or period that needs mapping (a fast one): read it again, more carefully
                    if again.reading <= reading:
                        raise
                    reading = again.reading
        except _AlreadyImported as known:
            result = ImportResult(bestand=path.name, pad=str(path), sha256=source.sha256)
            result.al_geimporteerd = True
            result.formaat, result.tabel = known.formaat, known.tabel
            result.opmerkingen.append(f"al eerder geïmporteerd (als {known.bestand}); niets gewijzigd")
            return result

    def _import_once(
        self,
        path: Path,
        source: SourceFile,
        fmt: str | None,
        measures: MeasureMap,
        *,
        copy: bool,
        reading: Reading = Reading.FAST,
    ) -> ImportResult:
        sidecars = _sidecar_hashes(path)
        result = ImportResult(bestand=path.name, pad=str(path), sha256="")
        result.bijbestanden = sidecars

        def identity() -> None:
            if result.sha256:
                return
            if source.misread():  # not UTF-8 after all: roll back, `import_file` reads it again
                raise _Misread
            # a file whose sha256 and sidecars were imported before changes nothing
            earlier = self.con.execute(
                "SELECT bestand, formaat, tabel FROM imports WHERE sha256 = ? AND coalesce(bijbestanden, '{}') = ? "
                "ORDER BY id LIMIT 1",
                [source.sha256, json.dumps(sidecars, sort_keys=True)],
            ).fetchone()
            if earlier:
                raise _AlreadyImported(*earlier)
            result.sha256 = source.sha256

        self.con.execute("BEGIN TRANSACTION")
        try:
            staged = stage(self.con, source, fmt, measures, reading=reading)
            # The file's identity is known once the thread beside the reading has hashed it all. A
            # one-pass reading has read nothing yet: it writes the figures meanwhile and asks just
            # before the import is recorded — unless a file of this name was imported before (the
            # usual way to import a file twice), which is then refused before anything is written.
            if source.hashing.done() or self._imported_as(path.name):
                identity()
            self._finish(result, staged, measures, copy=copy, identity=identity)
            self.con.execute("COMMIT")
        except BaseException:
            # also on KeyboardInterrupt (Ctrl-C): nothing of this file stays in the store
            with contextlib.suppress(Exception):
                self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.execute("RESET disabled_optimizers")  # set for one insert; a failed one skips its reset
        return result

    def _imported_as(self, name: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM imports WHERE bestand = ? LIMIT 1", [name]).fetchone())

    def _finish(
        self,
        result: ImportResult,
        staged: Staged,
        measures: MeasureMap,
        *,
        copy: bool = False,
        identity: Callable[[], None],
    ) -> None:
        """Map measures, refuse conflicting duplicates, write new figures and revisions.

        The rows come from `_stage`, or — for a long table and a single CBS table — as a query
        (`staged.relatie`) over the file or the importer's cells, never copied. Rows of indicators the
        store does not hold yet cannot be revisions: they are inserted straight into `observaties` in
        one `INSERT … SELECT` and only checked for doubled cells afterwards (a doubled cell redoes the
        import through `_compare`). Rows of indicators already in the store go through `_compare`.
        """
        con = self.con
        result.formaat, result.tabel, result.rijen = staged.formaat, staged.tabel, staged.rijen
        result.overgeslagen, result.opmerkingen = list(staged.overgeslagen), list(staged.opmerkingen)
        now = dt.datetime.now().replace(microsecond=0)
        if staged.gepubliceerd is not None:
            result.gepubliceerd, result.gepubliceerd_bron = staged.gepubliceerd, staged.gepubliceerd_bron
        else:
            result.gepubliceerd, result.gepubliceerd_bron = now, "importdatum"
        if staged.relatie is None:
            names = [r[0] for r in con.execute("SELECT DISTINCT bron_maat FROM _stage").fetchall()]
        else:
            names = list(staged.maten)
        rows: list[tuple[str, str, str | None, str, str | None]] = []
        for name in sorted(names):
            target = measures.lookup(name)
            kind = nz.measure_kind(
                name, target.eenheid if target else None, telling=bool(target and target.telling)
            )
            if target is None:
                result.niet_gekoppeld.append(name)
                rows.append((name, name, None, "0", kind))
            else:
                result.gekoppeld[name] = target.indicator
                rows.append((name, target.indicator, target.eenheid, "1" if target.telling else "0", kind))
        held = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT indicator FROM herkomst WHERE indicator IN (SELECT unnest(CAST(? AS VARCHAR[])))",
                [sorted({r[1] for r in rows})],
            ).fetchall()
        }
        mapped = [(*r, "1" if r[1] in held else "0") for r in rows]
        # A one-pass reading whose first rows hold stored measures (a newer version): every row is
        # compared. Otherwise it is a first import of these measures, and the names the file may
        # hold are those not in the store (`_insert_fresh` joins only those; a stored one among the
        # rows reads the file again, and is compared then).
        guessed = set(staged.vermoed or ())
        if staged.vermoed is not None and any(r[1] in held for r in mapped if r[0] not in guessed):
            copy = True
        values_table(
            con, "_map", ["bron_maat", "indicator", "eenheid", "telling", "soort", "bestaand"], mapped
        )
        import_id = aggregate(con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports"))[0]
        compare, rows_from = True, "_stage"
        if staged.relatie is not None:
            # a long file is compared straight from the file (a CBS table from its cells): no copy of
            # its rows in `_stage`
            con.execute("DROP TABLE IF EXISTS _stage")
            source_rows = f"({staged.relatie})"
        else:
            source_rows = "_stage"
        fresh = any(r[5] == "0" for r in mapped)
        if copy or not fresh:
            rows_from = source_rows
        else:
            self._insert_fresh(result, staged, import_id, source_rows, some_held=bool(held))
            if held and staged.vermoed is None:
                rows_from = f"(SELECT * FROM {source_rows} WHERE bron_maat IN (SELECT bron_maat FROM _map WHERE bestaand = '1'))"
            else:
                compare = False
                con.execute("DROP TABLE IF EXISTS _stage")
        # a one-pass reading allowed more names than the file held: the report names those it held
        present: set[str] = set()
        if compare:
            self._compare(result, staged, import_id, rows_from, present)
        if staged.vermoed is not None:
            present |= {
                r[0]
                for r in con.execute(
                    "SELECT DISTINCT bron_maat FROM herkomst WHERE import_id = ?", [import_id]
                ).fetchall()
            }
            result.gekoppeld = {k: v for k, v in result.gekoppeld.items() if k in present}
            result.niet_gekoppeld = [n for n in result.niet_gekoppeld if n in present]
            result.rijen = result.rijen or result.cellen
        if staged.nacontrole is not None:
            # the labels a fast reading stored as they were: all canonical, or the file is read again
            low, high = aggregate(
                con.execute("SELECT min(id), max(id) FROM herkomst WHERE import_id = ?", [import_id])
            )
            if low is not None:
                staged.nacontrole(
                    con,
                    f"SELECT regio, periode FROM waarden WHERE herkomst BETWEEN {int(low)} AND {int(high)}",
                )
        if staged.indelingen:
            con.execute(
                "INSERT INTO indelingen SELECT i.regio, i.periode, i.code, i.tabel, ? FROM _indeling i",
                [import_id],
            )
            con.execute("DROP TABLE _indeling")
        if staged.regionamen:
            con.execute(
                "INSERT INTO regios SELECT n.regio, n.periode, n.naam, n.gemeente, n.tabel, ? FROM _regionamen n",
                [import_id],
            )
            con.execute("DROP TABLE _regionamen")
        result.ongewijzigd = (
            result.cellen
            - result.nieuw
            - result.herzien
            - result.aangevuld
            - result.eerder
            - result.ingetrokken
            - result.beslecht
            - result.verdacht
        )
        identity()  # the file's sha256, or a roll-back when it was imported before
        con.execute(
            "INSERT INTO imports (id, bestand, pad, sha256, formaat, tabel, geimporteerd, cellen, nieuw, herzien, "
            "gepubliceerd, gepubliceerd_bron, bijbestanden, ingetrokken, onzeker) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                import_id,
                result.bestand,
                result.pad,
                result.sha256,
                result.formaat,
                result.tabel,
                now,
                result.cellen,
                result.nieuw,
                result.herzien,
                result.gepubliceerd,
                result.gepubliceerd_bron,
                json.dumps(result.bijbestanden, sort_keys=True),
                result.ingetrokken,
                result.onzeker,
            ],
        )
        self._detect_breaks(result, import_id)
        for table in staged.tijdelijk:
            con.execute(f"DROP TABLE IF EXISTS {table}")

    def _run(self, staged: Staged, sql: str) -> None:
        """Execute a statement over `staged.relatie`, turning a text among the figures into its error."""
        import duckdb

        # read_csv does not know how many rows it has: without the first two DuckDB builds its hash
        # tables on the file and probes them with the small label tables. The third would compute a
        # part that two CASE branches share (`trim` of the figure) for every row before either CASE
        # could skip it: 0,7 s on five million rows where only a few need it.
        self.con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side,common_subexpressions'")
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            text = str(exc)
            if NEW_NOTE_MARK in text:  # a figure with notes the store has no id for yet
                raise _NewNote from exc
            if AGAIN_MARK in text:  # a one-pass reading met a row its first rows did not promise
                raise Opnieuw(Reading.FAST) from exc
            if staged.terugval is not None:  # a typed reading met a figure it cannot read as a number
                raise Opnieuw(staged.terugval) from exc
            if BAD_VALUE_MARK not in text or staged.ongeldig is None:
                raise
            code = text.split(BAD_VALUE_MARK, 1)[1]
            code = code[: len(code) - len(code.lstrip("0123456789ABCDEFabcdef"))]
            raise staged.ongeldig(bytes.fromhex(code).decode("utf-8", errors="replace")) from exc
        finally:
            with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses even this
                self.con.execute("RESET disabled_optimizers")

    def _insert_fresh(
        self, result: ImportResult, staged: Staged, import_id: int, rows: str, *, some_held: bool
    ) -> None:
        """Insert the rows of indicators new to the store straight from `rows` (the file, or
        `_stage`): none of them can be a revision. One `herkomst` row per measure (and per unit,
        table, kind and filter where the rows give those), then the figures into `waarden` in one
        `INSERT … SELECT`. Then make sure no cell came twice (exactly: each cell is one bit of a
        bitmap over series × regions × periods, or one distinct hash where that bitmap would be too
        large); a doubled cell redoes the import through `_compare`."""
        con = self.con
        base = aggregate(con.execute("SELECT coalesce(max(id), 0) FROM herkomst"))[0]
        match = self._provenance(staged, "_h", rows, int(base), "WHERE m.bestaand = '0'" if some_held else "")
        last = aggregate(con.execute(f"SELECT coalesce(max(id), {int(base)}) FROM _h"))[0]
        con.execute(
            f"INSERT INTO herkomst SELECT id, {int(import_id)}, indicator, eenheid, bron_maat, tabel, soort, reeks, "
            f"{_ts(result.gepubliceerd)} FROM _h"
        )
        join, src = _join(staged, "h.id")
        figures = (
            f"SELECT {src} AS herkomst, s.regio, s.periode, s.waarde, s.status, "
            f"{_rounded_sql(staged, 'h', 'h.soort')} AS vlag, {_doubt_sql('h')} AS onzeker "
            f"FROM {rows} s {join} _h h ON {match}"
        )
        note, notes_join = store_notes.note_id_sql(con, figures, read_once=staged.relatie is not None)
        self._run(
            staged,
            f"INSERT INTO waarden SELECT r.herkomst, r.regio, r.periode, r.waarde, {note} FROM ({figures}) r {notes_join}",
        )
        new = f"FROM waarden WHERE herkomst BETWEEN {int(base) + 1} AND {int(last)}"
        # a cell is a series (indicator and filter) in a region and period
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _k_reeks AS SELECT id AS herkomst, "
            "CAST(dense_rank() OVER (ORDER BY indicator, reeks) - 1 AS BIGINT) AS k FROM _h"
        )
        n_ser = aggregate(con.execute("SELECT count(DISTINCT k) FROM _k_reeks"))[0]
        low, high = int(base) + 1, int(last)
        cells, distinct_cells, noted, used = self._count_cells(
            "SELECT i.k, o.regio, o.periode, o.noot, o.herkomst FROM waarden o JOIN _k_reeks i USING (herkomst) "
            f"WHERE o.herkomst BETWEEN {low} AND {high}",
            n_ser,
            new.removeprefix("FROM "),
            # the figures with a note; the provenance rows with figures: a bitmap over their few ids
            "count(x.noot), "
            + (f"CAST(bitstring_agg(x.herkomst, {low}, {high}) AS VARCHAR)" if high >= low else "''"),
        )
        con.execute("DROP TABLE _k_reeks")
        if cells != distinct_cells:
            raise _Doubled
        self._note_comma(result, staged, new.removeprefix("FROM "))
        # (no figures at all: no bitmap, and every provenance row goes)
        unused = [low + i for i, bit in enumerate(used or "0" * (high - low + 1)) if bit == "0"]
        if unused:  # a measure whose rows all fell away: no provenance without figures
            con.execute("DELETE FROM herkomst WHERE id IN (SELECT unnest(CAST(? AS INTEGER[])))", [unused])
        doubtful = fractions = 0
        if noted:  # the few figures with a note: how many are doubtful, and for a fraction
            doubtful, fractions = aggregate(
                con.execute(
                    f"SELECT count(n.onzeker), count(*) FILTER (WHERE n.onzeker = {_lit(nz.GEEN_HEEL_GETAL)}) "
                    f"FROM waarden w JOIN noten n ON n.id = w.noot WHERE w.herkomst BETWEEN {low} AND {high}"
                )
            )
        con.execute("DROP TABLE _h")
        result.cellen += cells
        result.nieuw += cells
        result.onzeker += doubtful
        _note_fractions(result, fractions)

    def _note_comma(self, result: ImportResult, staged: Staged, rows: str) -> None:
        """A one-pass reading that took the decimal comma on trust (`Staged.komma_vermoed`) names it
        in the report once a figure of `rows` (a FROM clause) with a fraction shows the comma."""
        if staged.komma_vermoed is None or DECIMAL_COMMA_NOTE in result.opmerkingen:
            return
        if self.con.execute(
            f"SELECT 1 FROM (SELECT waarde FROM {rows}) x WHERE waarde <> trunc(waarde) LIMIT 1"
        ).fetchone():
            result.opmerkingen.insert(staged.komma_vermoed, DECIMAL_COMMA_NOTE)

    def _count_cells(self, rows: str, n_series: int, labels: str, extra: str = "") -> tuple[Any, ...]:
        """The number of rows of `rows` (a SELECT with `k`, `regio` and `periode`), of distinct cells
        among them, and the aggregates `extra` over them (its rows are `x`). A cell is a series (`k`: a
        number from 0 to `n_series` - 1) in a region and period; `labels` (a FROM clause) gives at
        least the rows' regions and periods.

        Exact and cheap: each cell is one bit of a bitmap over series × regions × periods, with the
        regions and periods numbered once on their few distinct values; where that bitmap would be too
        large, a distinct hash (exact enough to clear a file: a collision only costs the slow route)."""
        con = self.con
        sizes = []
        for key in ("regio", "periode"):
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _k_{key} AS SELECT {key}, "
                f"CAST(row_number() OVER () - 1 AS BIGINT) AS k FROM (SELECT DISTINCT {key} FROM {labels})"
            )
            sizes.append(aggregate(con.execute(f"SELECT count(*) FROM _k_{key}"))[0])
        n_reg, n_per = sizes
        span = n_series * n_reg * n_per
        if span <= 2**31:
            distinct = (
                f"bit_count(bitstring_agg((x.k * {n_per} + p.k) * {n_reg} + r.k, 0, {max(span - 1, 0)}))"
            )
        else:
            distinct = "count(DISTINCT hash(x.k, r.k, p.k))"
        # every row finds its region and period: the filters DuckDB would derive from the joins and
        # test on every row of `rows` before them cost a fifth of the query and remove nothing
        con.execute("SET disabled_optimizers = 'join_filter_pushdown'")
        try:
            found = aggregate(
                con.execute(
                    f"SELECT count(*), {distinct}{', ' + extra if extra else ''} FROM ({rows}) x "
                    "JOIN _k_regio r ON r.regio = x.regio JOIN _k_periode p ON p.periode = x.periode"
                )
            )
        finally:
            con.execute("RESET disabled_optimizers")
        con.execute("DROP TABLE _k_regio")
        con.execute("DROP TABLE _k_periode")
        return (found[0], found[1] or 0, *found[2:])

    def _provenance(self, staged: Staged, table: str, rows: str, base: int, where: str = "") -> str:
        """Fill `table` with one row per provenance of `rows` (measure, and unit, table, kind and filter
        where the rows give those): `id` from `base` + 1, the stored indicator, eenheid, tabel, soort,
        reeks and the measure's `telling`. Returns the join condition of a row `s` with its `h`."""
        if staged.vast:  # no unit, table, kind or filter per row: the measure alone decides
            keys = (
                "SELECT bron_maat, NULL::VARCHAR AS eenheid, NULL::VARCHAR AS tabel, NULL::VARCHAR AS soort, "
                "'' AS reeks FROM _map"
            )
            match = "h.bron_maat = s.bron_maat"
        else:
            keys = staged.herkomst or (
                f"SELECT DISTINCT bron_maat, eenheid, tabel, soort, coalesce(reeks, '') AS reeks FROM {rows}"
            )
            match = "h.bron_maat = s.bron_maat AND " + " AND ".join(
                f"h.s_{c} IS NOT DISTINCT FROM s.{c}" for c in ("eenheid", "tabel", "soort")
            )
            match += " AND h.s_reeks = coalesce(s.reeks, '')"
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST({base} + row_number() OVER () AS INTEGER) AS id,
            k.bron_maat, k.eenheid AS s_eenheid, k.tabel AS s_tabel, k.soort AS s_soort, k.reeks AS s_reeks,
            m.indicator, coalesce(m.eenheid, k.eenheid) AS eenheid, coalesce(k.tabel, {_lit(staged.tabel)}) AS tabel,
            {_kind_sql("k", "m")} AS soort, k.reeks AS reeks, m.telling
            FROM ({keys}) k JOIN _map m USING (bron_maat) {where}"""
        )
        return match

    def _store_rows(self, rows: str) -> None:
        """Write `rows` (a SELECT with the 14 columns of `observaties`) into `herkomst` and `waarden`:
        one `herkomst` row per distinct provenance among them. For the rows of a comparison and for
        copies between stores, which are read twice; a first import goes through `_insert_fresh`."""
        con = self.con
        base = aggregate(con.execute("SELECT coalesce(max(id), 0) FROM herkomst"))[0]
        keys = ("import_id", "indicator", "eenheid", "bron_maat", "tabel", "soort", "reeks", "gepubliceerd")
        con.execute(
            f"INSERT INTO herkomst SELECT CAST({int(base)} + row_number() OVER () AS INTEGER), * "
            f"FROM (SELECT DISTINCT {', '.join(keys)} FROM ({rows}))"
        )
        match = " AND ".join(f"h.{c} IS NOT DISTINCT FROM r.{c}" for c in keys)
        store_notes.register(con, f"({rows})")
        con.execute(
            "INSERT INTO waarden SELECT h.id, r.regio, r.periode, r.waarde, n.id "
            f"FROM ({rows}) r JOIN herkomst h ON h.id > {int(base)} AND {match} {NOTE_JOIN}"
        )

    def _compare(
        self,
        result: ImportResult,
        staged: Staged,
        import_id: int,
        rows_from: str = "_stage",
        present: set[str] | None = None,
    ) -> None:
        """`_stage` against the current figures: refuse conflicting duplicates, write what is new,
        revised, withdrawn, an earlier version, or settles a doubtful figure. The measure names the
        rows held are added to `present`."""
        con = self.con
        # Narrow rows: each new row names its provenance (`src`, in `_src`) and its series (`k`: an
        # indicator and filter, in `_ser`); the stored rows of those series get the same `k` through
        # their `herkomst` (`_hk`). Cells are then compared on (k, regio, periode), not on four texts.
        match = self._provenance(staged, "_src", rows_from, 0)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _ser AS SELECT indicator, reeks, CAST(row_number() OVER () AS INTEGER) AS k "
            "FROM (SELECT indicator, reeks FROM _src UNION SELECT indicator, reeks FROM herkomst "
            "WHERE indicator IN (SELECT indicator FROM _src))"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _src AS SELECT x.*, s.k FROM _src x JOIN _ser s USING (indicator, reeks)"
        )
        join, src = _join(staged, "h.id")
        # the new figures with their notes as one id, like the stored ones (three text columns
        # would cost a third of writing `_new`, and widen the comparison's join)
        figures = (
            f"SELECT {src} AS src, h.k, s.regio, s.periode, s.waarde, s.status, "
            f"{_rounded_sql(staged, 'h', 'h.soort')} AS vlag, {_doubt_sql('h')} AS onzeker "
            f"FROM {rows_from} s {join} _src h ON {match}"
        )
        unknown = store_notes.UNKNOWN_NOTE

        def write_new(read_once: bool) -> None:
            note, notes_join = store_notes.note_id_sql(con, figures, read_once=read_once, unknown=unknown)
            self._run(
                staged,
                "CREATE OR REPLACE TEMP TABLE _new AS SELECT r.src, r.k, r.regio, r.periode, r.waarde, "
                f"{note} AS noot FROM ({figures}) r {notes_join}",
            )

        write_new(read_once=staged.relatie is not None)
        if (
            staged.relatie is not None
            and con.execute(f"SELECT 1 FROM _new WHERE noot = {unknown} LIMIT 1").fetchone()
        ):
            write_new(read_once=False)  # rare: notes the store has no id for yet; the file is read twice more
        if present is not None:
            present.update(
                r[0]
                for r in con.execute(
                    "SELECT bron_maat FROM _src WHERE id IN (SELECT DISTINCT src FROM _new)"
                ).fetchall()
            )
        # the stored rows of the series the file held (`_src` may name more: a one-pass reading's)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _hk AS SELECT h.id, s.k, h.tabel, h.gepubliceerd, h.import_id "
            "FROM herkomst h JOIN _ser s USING (indicator, reeks) WHERE s.k IN (SELECT DISTINCT k FROM _new)"
        )
        con.execute("DROP TABLE IF EXISTS _stage")
        self._note_comma(result, staged, "_new")
        # as many distinct cells as rows: no cell is doubled; only otherwise the exact grouping runs
        n_series = aggregate(con.execute("SELECT coalesce(max(k), 0) + 1 FROM _ser"))[0]
        rows, distinct = self._count_cells("SELECT k, regio, periode FROM _new", n_series, "_new")
        doubled = 0
        if rows != distinct:
            doubled = aggregate(
                con.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM _new GROUP BY k, regio, periode HAVING count(*) > 1)"
                )
            )[0]
        dup = None
        if doubled:
            dup = con.execute(
                "SELECT any_value(x.indicator), n.regio, n.periode, list(DISTINCT x.bron_maat), count(DISTINCT n.waarde), "
                "count(n.waarde), count(*) FROM _new n JOIN _src x ON x.id = n.src GROUP BY n.k, n.regio, n.periode "
                "HAVING count(*) > 1 ORDER BY count(DISTINCT n.waarde) DESC LIMIT 1"
            ).fetchone()
        if dup:
            indicator, regio, periode, sources, distinct, filled, total = dup
            if distinct > 1 or (0 < filled < total):
                raise InputError(
                    f"{indicator} voor {regio} in {periode} staat meer dan eens in het bestand, met verschillende "
                    f"cijfers (uit {', '.join(sorted(sources))})",
                    file=result.pad,
                    hint="houd per indicator, regio en periode één cijfer over",
                )
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _new AS SELECT DISTINCT ON (k, regio, periode) * FROM _new"
            )
            result.opmerkingen.append("dubbele regels met dezelfde cijfers één keer bewaard")
        result.cellen += rows if not dup else aggregate(con.execute("SELECT count(*) FROM _new"))[0]
        if staged.vermoed is not None:  # a one-pass reading counts the file's rows here
            result.rijen += rows
        pub = _ts(result.gepubliceerd)
        dated = "TRUE" if result.gepubliceerd_bron != "importdatum" else "FALSE"
        typed = "TRUE" if staged.getypeerd else "FALSE"
        # A stored figure's notes by its note id, an index into three lists (`$status`, `$vlag`,
        # `$onzeker`), read after the join with the new figures: carrying them as text (or joining
        # every stored version with `noten`) made the hash table of that join spill to disk.
        old_notes, new_notes = store_notes.note_sql("c.noot"), store_notes.note_sql("n.noot")
        n_doubt = new_notes["onzeker"]
        newer = (
            f"(({n_doubt} IS NULL AND {old_notes['onzeker']} IS NOT NULL) OR "
            f"(({n_doubt} IS NULL) = ({old_notes['onzeker']} IS NULL) AND {pub} >= c.gepubliceerd))"
        )
        # ten or a hundred times the current figure, up to rounding: a lost or misplaced decimal
        # separator, never a revision (unless a typed CBS table says so)
        tenfold = f"(NOT {typed} AND {_tenfold_sql('c.waarde', 'n.waarde', 'x.soort')})"
        # The current figure of each cell. Most cells have one stored version, which is then current:
        # when every stored cell has one (counted exactly), all are; otherwise only cells whose hash
        # occurs more than once (`_multi`: every cell with several versions, and at worst a few
        # others whose hashes collide) go through the window that picks the newest.
        stored = "waarden w JOIN _hk o ON o.id = w.herkomst"
        cell_hash = "hash(o.k, w.regio, w.periode)"
        cur_cols = "o.k, w.regio, w.periode, w.waarde, w.noot, o.tabel, o.gepubliceerd, o.import_id"
        newest = (
            f"({store_notes.note_sql('w.noot')['onzeker']} IS NULL) DESC, o.gepubliceerd DESC NULLS LAST, "
            "o.import_id DESC"
        )
        versions, cells = self._count_cells(
            f"SELECT o.k, w.regio, w.periode FROM {stored}",
            n_series,
            "waarden w WHERE w.herkomst IN (SELECT id FROM _hk)",
        )
        if versions == cells:
            con.execute("CREATE OR REPLACE TEMP TABLE _multi (h UBIGINT)")
            current = f"SELECT {cur_cols} FROM {stored}"
        else:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _multi AS SELECT h FROM (SELECT {cell_hash} AS h FROM {stored}) "
                "GROUP BY h HAVING count(*) > 1"
            )
            current = f"""SELECT {cur_cols} FROM {stored} WHERE {cell_hash} NOT IN (SELECT h FROM _multi)
                UNION ALL
                SELECT {cur_cols} FROM {stored} WHERE {cell_hash} IN (SELECT h FROM _multi)
                QUALIFY row_number() OVER (PARTITION BY o.k, w.regio, w.periode ORDER BY {newest}) = 1"""
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _diff AS
            WITH cur AS ({current}),
            classified AS (
                SELECT n.*, c.waarde AS oud,
                    CASE WHEN c.k IS NULL THEN 'nieuw'
                         -- a figure as published settles one that was a guess
                         WHEN {old_notes["onzeker"]} IS NOT NULL AND {n_doubt} IS NULL THEN 'beslecht'
                         -- an emptied cell withdraws a figure only in a newer, dated edition of the same
                         -- table; a file that merely lacks a figure does not
                         WHEN n.waarde IS NULL AND {new_notes["vlag"]} = 'ontbrekend' THEN
                              CASE WHEN {dated} AND {newer} AND c.waarde IS NOT NULL AND x.tabel = c.tabel
                                   THEN 'ingetrokken' END
                         WHEN {n_doubt} IS NULL AND {tenfold} THEN 'verdacht'
                         WHEN {figure_changed_sql("c", "n", old_notes, new_notes)} THEN CASE WHEN {newer} THEN 'herzien' ELSE 'eerder' END
                         -- same figure, but the newer file knows its status: stored, not a revision
                         WHEN {newer} AND {new_notes["status"]} IS NOT NULL AND {old_notes["status"]} IS NULL
                              THEN 'aangevuld'
                    END AS klasse
                FROM _new n JOIN _src x ON x.id = n.src LEFT JOIN cur c
                    ON c.k = n.k AND c.regio = n.regio AND c.periode = n.periode)
            SELECT * EXCLUDE (oud, klasse, noot), {", ".join(f"{sql} AS {c}" for c, sql in new_notes.items())},
                klasse, oud FROM classified n WHERE klasse IS NOT NULL""",
            store_notes.note_lists(con),
        )
        counts = dict(con.execute("SELECT klasse, count(*) FROM _diff GROUP BY klasse").fetchall())
        result.nieuw += counts.get("nieuw", 0)
        result.herzien += counts.get("herzien", 0)
        result.aangevuld += counts.get("aangevuld", 0)
        result.eerder += counts.get("eerder", 0)
        result.ingetrokken += counts.get("ingetrokken", 0)
        result.beslecht += counts.get("beslecht", 0)
        result.verdacht = counts.get("verdacht", 0)
        result.onzeker += aggregate(
            con.execute("SELECT count(*) FROM _diff WHERE onzeker IS NOT NULL OR klasse = 'verdacht'")
        )[0]
        _note_fractions(
            result,
            aggregate(
                con.execute(
                    f"SELECT count(*) FROM _diff WHERE onzeker = {_lit(nz.GEEN_HEEL_GETAL)} AND klasse <> 'verdacht'"
                )
            )[0],
        )
        if result.verdacht:
            result.opmerkingen.append(
                f"{nl_int(result.verdacht)} cijfers wijken, op afronding na, een factor 10 of 100 af van het cijfer dat "
                "al in de store staat (decimaalteken?): het bestaande cijfer blijft gelden, het nieuwe is als onzeker "
                "bewaard"
            )
        result.voorbeelden_herzien = [
            tuple(r)
            for r in con.execute(
                "SELECT x.indicator, d.regio, d.periode, d.oud, d.waarde FROM _diff d JOIN _src x ON x.id = d.src "
                "WHERE d.klasse = 'herzien' ORDER BY x.indicator, d.regio, d.periode LIMIT 5"
            ).fetchall()
        ]
        result.voorbeelden_ingetrokken = [
            tuple(r)
            for r in con.execute(
                "SELECT x.indicator, d.regio, d.periode, d.oud FROM _diff d JOIN _src x ON x.id = d.src "
                "WHERE d.klasse = 'ingetrokken' ORDER BY x.indicator, d.regio, d.periode LIMIT 5"
            ).fetchall()
        ]
        self._store_rows(
            "SELECT x.indicator, d.regio, d.periode, d.waarde, x.eenheid, d.status, "
            "CASE WHEN d.klasse = 'ingetrokken' THEN 'ingetrokken' ELSE d.vlag END AS vlag, x.bron_maat, "
            f"x.tabel, {int(import_id)} AS import_id, "
            f"CASE WHEN d.klasse = 'verdacht' THEN {_lit(_TENFOLD)} || d.oud ELSE d.onzeker END AS onzeker, "
            f"x.soort, x.reeks, {pub} AS gepubliceerd FROM _diff d JOIN _src x ON x.id = d.src"
        )
        for table in ("_diff", "_new", "_multi", "_src", "_ser", "_hk"):
            con.execute(f"DROP TABLE {table}")

    def _detect_breaks(self, result: ImportResult, import_id: int) -> None:
        """Flag a jump in a count that the population does not explain as a possible series break.

        For gemeenten, provincies and Nederland: from one year to the next, a count of at least 100 whose
        change differs from the change in inhabitants by more than `BREAK_SHARE` is stored in `breuken` as
        "mogelijke breuk" — never smoothed, never read as a result; the output says "controleer de bron".
        Recomputed for the indicators this import touched.
        """
        con = self.con
        touched = [
            r[0]
            # every provenance row has figures (`_insert_fresh` and `_store_rows` make no others)
            for r in con.execute(
                "SELECT DISTINCT indicator FROM herkomst WHERE import_id = ? AND soort IN ('aantal', 'relatief')",
                [import_id],
            ).fetchall()
        ]
        if not touched:
            return
        con.execute(
            "DELETE FROM breuken WHERE soort = 'mogelijke breuk' AND indicator IN (SELECT unnest(CAST(? AS VARCHAR[])))",
            [touched],
        )
        con.execute(
            f"""INSERT INTO breuken
            WITH cur AS (
                SELECT o.indicator, o.regio, CAST(o.periode AS INTEGER) AS jaar, o.waarde FROM observaties o
                WHERE (o.indicator IN (SELECT unnest(CAST(? AS VARCHAR[]))) OR o.indicator = {_lit(POPULATION)})
                  AND o.reeks = '' AND length(o.periode) = 4
                  AND (o.regio LIKE 'GM%' OR o.regio LIKE 'PV%' OR o.regio LIKE 'NL%')
                QUALIFY row_number() OVER (PARTITION BY {CELL} ORDER BY {NEWEST_FIRST}) = 1),
            pop AS (SELECT regio, jaar, waarde FROM cur WHERE indicator = {_lit(POPULATION)})
            SELECT c.indicator, c.regio, CAST(c.jaar AS VARCHAR), 'mogelijke breuk',
                   'van ' || {_nl_int("p.waarde")} || ' naar ' || {_nl_int("c.waarde")}
                   || ' terwijl het aantal inwoners ' ||
                   CASE WHEN pn.waarde IS NULL THEN 'onbekend is'
                        ELSE 'met ' || replace(CAST(round(100 * (pn.waarde / pp.waarde - 1), 1) AS VARCHAR), '.', ',')
                             || '% veranderde' END
                   || '; controleer de bron',
                   'councilkit', ?
            FROM cur c JOIN cur p ON p.indicator = c.indicator AND p.regio = c.regio AND p.jaar = c.jaar - 1
            LEFT JOIN pop pn ON pn.regio = c.regio AND pn.jaar = c.jaar
            LEFT JOIN pop pp ON pp.regio = c.regio AND pp.jaar = c.jaar - 1
            WHERE c.indicator <> {_lit(POPULATION)} AND c.indicator IN (SELECT unnest(CAST(? AS VARCHAR[])))
              AND p.waarde >= 100 AND c.waarde > 0
              AND abs(ln((c.waarde / p.waarde) / coalesce(pn.waarde / pp.waarde, 1))) > ln(1 + {BREAK_SHARE})""",
            [touched, import_id, touched],
        )

    def record_break(
        self, indicator: str | None, regio: str | None, periode: str, toelichting: str, bron: str
    ) -> None:
        """Store a known definition break (from the catalogue or a CBS note) for the outputs to show."""
        self.con.execute(
            "INSERT INTO breuken VALUES (?, ?, ?, 'definitie', ?, ?, NULL)",
            [indicator, regio, periode, toelichting, bron],
        )

    def copy_from(self, other: Path) -> None:
        """Append everything of another store file (used by `open_data` for mixed `--data` paths)."""
        con = self.con
        con.execute(f"ATTACH {_lit(str(other))} AS _other (READ_ONLY)")
        try:
            offset = int(aggregate(con.execute("SELECT coalesce(max(id), 0) FROM imports"))[0])
            tables = {
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = '_other'"
                ).fetchall()
            }
            columns = {
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = '_other' "
                    "AND table_name = 'observaties'"
                ).fetchall()
            }
            if "gepubliceerd" in columns:
                con.execute(
                    "INSERT INTO imports SELECT * REPLACE (id + ? AS id) FROM _other.imports", [offset]
                )
                if "waarden" in tables:  # schema 3 or 4: copy the tables, provenance and note ids shifted
                    shift = int(aggregate(con.execute("SELECT coalesce(max(id), 0) FROM herkomst"))[0])
                    con.execute(
                        "INSERT INTO herkomst SELECT * REPLACE (id + ? AS id, import_id + ? AS import_id) "
                        "FROM _other.herkomst",
                        [shift, offset],
                    )
                    figures = (
                        "(SELECT w.herkomst, w.regio, w.periode, w.waarde, o.status, o.vlag, o.onzeker "
                        "FROM _other.waarden w LEFT JOIN _other.noten o ON o.id = w.noot)"
                        if "noten" in tables
                        else "_other.waarden"  # schema 3: the notes are columns of `waarden`
                    )
                    store_notes.register(con, figures)
                    con.execute(
                        f"INSERT INTO waarden SELECT r.herkomst + ?, r.regio, r.periode, r.waarde, n.id "
                        f"FROM {figures} r {NOTE_JOIN}",
                        [shift],
                    )
                else:
                    self._store_rows(
                        f"SELECT * REPLACE (import_id + {offset} AS import_id) FROM _other.observaties"
                    )
                con.execute(
                    "INSERT INTO indelingen SELECT * REPLACE (import_id + ? AS import_id) FROM _other.indelingen",
                    [offset],
                )
                con.execute(
                    "INSERT INTO breuken SELECT * REPLACE (import_id + ? AS import_id) FROM _other.breuken",
                    [offset],
                )
                if "regios" in tables:
                    con.execute(
                        "INSERT INTO regios SELECT * REPLACE (import_id + ? AS import_id) FROM _other.regios",
                        [offset],
                    )
            else:  # a store of schema 1
                con.execute(
                    "INSERT INTO imports (id, bestand, pad, sha256, formaat, tabel, geimporteerd, cellen, nieuw, herzien, "
                    "gepubliceerd, gepubliceerd_bron) SELECT id + ?, bestand, pad, sha256, formaat, tabel, geimporteerd, "
                    "cellen, nieuw, herzien, geimporteerd, 'importdatum' FROM _other.imports",
                    [offset],
                )
                self._store_rows(
                    "SELECT o.indicator, o.regio, o.periode, o.waarde, o.eenheid, o.status, o.vlag, o.bron_maat, "
                    f"o.tabel, o.import_id + {offset} AS import_id, NULL::VARCHAR AS onzeker, NULL::VARCHAR AS soort, "
                    "'' AS reeks, i.geimporteerd AS gepubliceerd FROM _other.observaties o "
                    "JOIN _other.imports i ON i.id = o.import_id"
                )
        finally:
            con.execute("DETACH _other")


class _AlreadyImported(Exception):
    """This file (same sha256 and sidecars) is in the store already: roll back, report, change nothing."""

    def __init__(self, bestand: str, formaat: str | None, tabel: str | None) -> None:
        super().__init__(bestand)
        self.bestand, self.formaat, self.tabel = bestand, formaat, tabel


class _Misread(Exception):
    """A CSV read as UTF-8 is not UTF-8 throughout: roll back and read it as Windows-1252."""


class _Doubled(Exception):
    """A long file names a cell twice: redo the import through `_stage` (see `Store._finish`)."""


class _NewNote(_Doubled):
    """A file read once holds a figure whose notes (status, flag, doubt) the store has no id for
    yet: redo the import through a table, which gives them one (`store_notes`)."""


def _lit(text: str | None) -> str:
    if text is None:
        return "NULL"
    return "'" + text.replace("'", "''") + "'"


#: The catalogue indicator for inhabitants: the denominator that explains (or not) a jump in a count.
POPULATION = "inwoners"

#: A change in a count this much larger or smaller than the change in population: a possible break.
BREAK_SHARE = 0.15

_TENFOLD = nz.TIENVOUD


def _tenfold_sql(a: str, b: str, kind: str) -> str:
    """SQL: `a` and `b` differ by a factor 10 or 100 up to the rounding of the smaller one.

    A value whose separator slipped is often rounded too: 12,4 becomes "12" becomes 1,2 (×10,33).
    So the smaller value must equal the larger one divided by 10 or 100, within half a unit of its
    own last decimal (1,2 stands for 1,15 … 1,25; a whole 1 of a percentage or average for 1,0).
    Between counts (`kind` aantal or unknown) only an exact factor is a slip: 124 and 12 persons may
    be a real revision.
    """
    small, large = f"least(abs({a}), abs({b}))", f"greatest(abs({a}), abs({b}))"
    places = (
        f"CASE WHEN coalesce({kind}, 'aantal') = 'aantal' THEN NULL "
        f"WHEN {small} = round({small}, 1) THEN 0.05 "
        f"WHEN {small} = round({small}, 2) THEN 0.005 ELSE 0.0005 END"
    )
    room = f"greatest(coalesce({places}, 0), 1e-6 * {small}) + 1e-9"
    return (
        f"({a} IS NOT NULL AND {b} IS NOT NULL AND {a} <> 0 AND {b} <> 0 AND sign({a}) = sign({b}) "
        f"AND (abs({small} - {large} / 10) <= {room} OR abs({small} - {large} / 100) <= {room}))"
    )


def _kind_sql(s: str, m: str) -> str:
    """The stored kind: what the importer knew (DataProperties), else from the unit, else the name."""
    unit = f"coalesce({m}.eenheid, {s}.eenheid)"
    by_unit = (
        f"CASE WHEN {unit} IN ('procent', '%') THEN 'procent' "
        f"WHEN {unit} LIKE 'per-1000%' OR {unit} LIKE 'per 1%' THEN 'relatief' "
        f"WHEN {unit} = 'km' THEN 'afstand' WHEN {unit} LIKE '%euro%' THEN 'bedrag' "
        f"WHEN {unit} LIKE '%per km%' THEN 'dichtheid' END"
    )
    return f"coalesce({s}.soort, {by_unit}, {m}.soort, CASE WHEN {unit} = 'aantal' THEN 'aantal' END)"


def _doubt_sql(m: str) -> str:
    """The stored `onzeker`: the importer's reason, or — for a count of persons (`m`.telling, kind
    aantal) that is not a whole number — `GEEN_HEEL_GETAL`: "6,5 cliënten" is no figure to show plain."""
    return (
        # the numeric test first: it rules out nearly every row before the texts are compared
        f"CASE WHEN s.waarde <> trunc(s.waarde) AND s.onzeker IS NULL AND {m}.telling = '1' "
        f"AND coalesce({m}.soort, 'aantal') = 'aantal' THEN {_lit(nz.GEEN_HEEL_GETAL)} ELSE s.onzeker END"
    )


def _note_fractions(result: ImportResult, n: int) -> None:
    """Say in the import report how many counts of persons were stored as doubtful for a fraction."""
    if n:
        what = "telling van personen is" if n == 1 else "tellingen van personen zijn"
        result.opmerkingen.append(
            f"{nl_int(n)} {what} geen heel getal: als onzeker bewaard (controleer eenheid en koppeling van de maat)"
        )


def _rounded_sql(staged: Staged, m: str = "m", kind: str | None = None) -> str:
    """The stored flag: CBS rounds counts of wijken and buurten to fives, so such a count that is a
    multiple of five is flagged `afgerond` (its last digit is not exact). `m` is the row with the
    measure's `telling`, `kind` the figure's kind (computed from `s` and `m` when not given)."""
    if staged.formaat not in {"cbs-odata", "cbs-kwb", "statline-csv"}:
        return "s.vlag"
    kind = kind or _kind_sql("s", m)
    return (
        f"CASE WHEN s.vlag IS NULL AND {m}.telling = '1' AND (s.regio LIKE 'WK%' OR s.regio LIKE 'BU%') "
        f"AND coalesce({kind}, 'aantal') = 'aantal' AND s.waarde % 5 = 0 THEN 'afgerond' ELSE s.vlag END"
    )


def _join(staged: Staged, key: str) -> tuple[str, str]:
    """How rows `s` join their provenance `h`, and the provenance id (`key`) they get.

    Usually an inner join: every measure of the rows has its provenance. A one-pass reading knows
    only which names the file may hold: a row with another name finds none and reads the file again
    (`AGAIN_MARK`), in the join the insert needs anyway."""
    if staged.vermoed is None:
        return "JOIN", key
    return "LEFT JOIN", f"coalesce({key}, CAST(error({_lit(AGAIN_MARK)}) AS INTEGER))"


def _ts(value: dt.datetime | None) -> str:
    return "NULL" if value is None else f"TIMESTAMP '{value.isoformat(sep=' ')}'"


def _sidecar_hashes(path: Path) -> dict[str, str]:
    """sha256 of the DataProperties/Metadata read beside a CBS table: an edited sidecar is a new import."""
    out = {}
    for side in sidecars(path):
        digest = hashlib.sha256()
        with side.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        out[side.name] = digest.hexdigest()
    return out


def _nl_int(expr: str) -> str:
    """SQL for a whole number written the Dutch way (11.940)."""
    return f"replace(format('{{:,}}', CAST(round({expr}) AS BIGINT)), ',', '.')"
