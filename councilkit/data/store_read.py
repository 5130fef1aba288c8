"""The store's reads: current figures, series, revisions and summaries, as reports see them.

A mixin of `councilkit.data.store.Store` (which owns the connection); kept apart from the imports
so that the code every document uses to read figures is small and readable on its own.

`StoreReader` is a store opened for reading only, without the import code (`store_import`, the
importers, the measure mapping: pydantic); `councilkit.data.open_reader` gives one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from councilkit.data import normalize as nz

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

#: The store's schema version (`councilkit_meta`); `store` migrates an older store to it.
SCHEMA_VERSION = "4"
DEFAULT_STORE_NAME = "monitordata.duckdb"


def is_store_file(path: Path) -> bool:
    """True when `path` is a DuckDB database file (checked by its header, not its name)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) >= 12 and head[8:12] == b"DUCK"


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
    #: Why this figure may be wrong (e.g. a lost decimal separator that no signal settled); None
    #: when it is as the source published it. Every output must show it, never a plain figure.
    onzeker: str | None = None
    #: What kind of figure: aantal, gemiddelde, procent, relatief, afstand, bedrag, dichtheid (None:
    #: unknown). Disclosure rules apply to counts (and what they can be derived from) only.
    soort: str | None = None
    #: Part of the series' identity beyond indicator and region: a StatLine filter ("Geslacht:
    #: Mannen"); '' for the whole population.
    reeks: str = ""
    #: The source's publication date (CBS metadata, StatLine download date; import time otherwise)
    #: and how it is known: "metadata", "downloaddatum" or "importdatum".
    gepubliceerd: dt.datetime | None = None
    gepubliceerd_bron: str | None = None
    #: CBS's boundary-change marker for this region and year (IndelingswijzigingWijkenEnBuurten):
    #: "1" unchanged, "2" new code for the same area, "3" re-drawn — not comparable with the year before.
    indeling: str | None = None
    #: A series break between the period before and this one: "definitie: …" (known) or
    #: "mogelijke breuk: …" (a jump the population does not explain — controleer de bron).
    breuk: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `data show --format json`."""
        return {
            "periode": self.periode,
            "waarde": self.waarde,
            "eenheid": self.eenheid,
            "soort": self.soort,
            "status": self.status,
            "vlag": self.vlag,
            "onzeker": self.onzeker,
            "reeks": self.reeks,
            "bron": self.bron,
            "bestand": self.bestand,
            "tabel": self.tabel,
            "gepubliceerd": self.gepubliceerd.isoformat() if self.gepubliceerd else None,
            "indeling": self.indeling,
            "breuk": self.breuk,
        }


@dataclass(frozen=True)
class Revision:
    """A cell whose figure changed: the value before (`oud`) and the current one (`nieuw`)."""

    indicator: str
    regio: str
    periode: str
    oud: Observation
    nieuw: Observation


def figure_changed_sql(
    old: str, new: str, old_notes: dict[str, str] | None = None, new_notes: dict[str, str] | None = None
) -> str:
    """SQL that is true where row `new` revises row `old`: another value, flag or known status.

    The one definition of a revision, used by the import's comparison and by `revisions()`, so the
    counts an import reports and the revisions a report shows cannot drift apart. A status or unit
    that only becomes known ("aangevuld") is not a revision. `old_notes` and `new_notes` give the
    SQL of a row's `vlag` and `status` where they are no columns of it (the import reads them by
    note id, `store_notes.note_sql`).
    """
    o, n = old_notes or {}, new_notes or {}
    o_vlag, o_status = o.get("vlag", f"{old}.vlag"), o.get("status", f"{old}.status")
    n_vlag, n_status = n.get("vlag", f"{new}.vlag"), n.get("status", f"{new}.status")
    return (
        f"(({old}.waarde IS NULL) <> ({new}.waarde IS NULL)"
        f" OR abs({old}.waarde - {new}.waarde) > 1e-9 * greatest(1, abs({new}.waarde))"
        f" OR nullif({o_vlag}, 'afgerond') IS DISTINCT FROM nullif({n_vlag}, 'afgerond')"
        f" OR ({o_status} IS NOT NULL AND {n_status} IS NOT NULL AND {o_status} <> {n_status}))"
    )


@dataclass(frozen=True)
class IndicatorSummary:
    """One line of `data list`."""

    indicator: str
    regios: int
    perioden: list[str]
    aantal: int
    eenheid: str | None


OBS_COLUMNS = (
    "o.indicator, o.regio, o.periode, o.waarde, o.eenheid, o.status, o.vlag, i.bestand, o.tabel, i.sha256, "
    "i.geimporteerd, o.bron_maat, o.import_id, o.onzeker, o.soort, o.reeks, o.gepubliceerd, i.gepubliceerd_bron"
)

#: The versions of one cell, best first: a figure as published beats a guessed one (`onzeker`), then
#: the newest publication, then (same date) the later import. The one definition of "current".
NEWEST_FIRST = "(o.onzeker IS NULL) DESC, o.gepubliceerd DESC NULLS LAST, o.import_id DESC"

#: A cell: indicator, region, period and the series' filter.
CELL = "o.indicator, o.regio, o.periode, o.reeks"

#: Extra columns `series` reads beside `OBS_COLUMNS`: boundary marker and series break.
_CONTEXT = (
    "(SELECT max(code) FROM indelingen d WHERE d.regio = o.regio AND d.periode = o.periode), "
    "(SELECT string_agg(b.soort || ': ' || b.toelichting, '; ') FROM breuken b "
    "WHERE (b.indicator = o.indicator OR b.indicator IS NULL) AND (b.regio = o.regio OR b.regio IS NULL) "
    "AND b.periode = o.periode)"
)


def observation(row: tuple) -> Observation:
    indicator, regio, periode, waarde, eenheid, status, vlag, bestand, tabel, sha, when, maat, imp = row[:13]
    onzeker, soort, reeks, gepubliceerd, gepubliceerd_bron = row[13:18]
    indeling, breuk = row[18:20] if len(row) >= 20 else (None, None)
    bron = f"{bestand} ({tabel})" if tabel else bestand
    return Observation(
        indicator,
        regio,
        periode,
        waarde,
        eenheid,
        status,
        vlag,
        bron,
        bestand,
        tabel,
        sha,
        when,
        maat,
        imp,
        onzeker,
        soort,
        reeks or "",
        gepubliceerd,
        gepubliceerd_bron,
        indeling,
        breuk,
    )


class StoreReads:
    """Reading methods of `Store`."""

    con: DuckDBPyConnection

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (a store of an older councilkit may lack one)."""
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main' "
            "AND database_name = current_database()",
            [name],
        ).fetchone()
        return bool(row and row[0])

    def series(self, indicator: str, regio: str, reeks: str = "") -> list[Observation]:
        """The current figure for each period of `indicator` in `regio`, sorted by period, with its
        uncertainty, boundary marker and series break."""
        rows = self.con.execute(
            f"SELECT {OBS_COLUMNS}, {_CONTEXT} FROM observaties o JOIN imports i ON i.id = o.import_id "
            "WHERE o.indicator = ? AND o.regio = ? AND o.reeks = ? "
            f"QUALIFY row_number() OVER (PARTITION BY o.periode ORDER BY {NEWEST_FIRST}) = 1 ORDER BY o.periode",
            [indicator, regio, reeks],
        ).fetchall()
        return [observation(r) for r in rows]

    def versions(self, indicator: str, regio: str, reeks: str = "") -> list[Observation]:
        """Every stored version of every period of this series, current first within a period: which
        file each figure came from, and which it replaced."""
        rows = self.con.execute(
            f"SELECT {OBS_COLUMNS} FROM observaties o JOIN imports i ON i.id = o.import_id "
            "WHERE o.indicator = ? AND o.regio = ? AND o.reeks = ? "
            f"ORDER BY o.periode, {NEWEST_FIRST}",
            [indicator, regio, reeks],
        ).fetchall()
        return [observation(r) for r in rows]

    def reeksen(self, indicator: str, regio: str) -> list[str]:
        """The filters under which this indicator is stored for `regio` ('' = the whole population)."""
        rows = self.con.execute(
            "SELECT DISTINCT reeks FROM observaties WHERE indicator = ? AND regio = ? ORDER BY reeks",
            [indicator, regio],
        ).fetchall()
        return [r[0] for r in rows]

    def indelingen(self, regio: str) -> dict[str, str]:
        """CBS's boundary-change marker per year for `regio` ("3": re-drawn, not comparable)."""
        rows = self.con.execute(
            "SELECT periode, max(code) FROM indelingen WHERE regio = ? GROUP BY periode ORDER BY periode",
            [regio],
        ).fetchall()
        return dict(rows)

    def breaks(self, indicator: str, regio: str) -> list[tuple[str, str, str]]:
        """Series breaks (period, soort, toelichting) known or suspected for this series."""
        return [
            tuple(r)
            for r in self.con.execute(
                "SELECT periode, soort, toelichting FROM breuken WHERE (indicator = ? OR indicator IS NULL) "
                "AND (regio = ? OR regio IS NULL) ORDER BY periode, soort",
                [indicator, regio],
            ).fetchall()
        ]

    def latest(self, indicator: str, regio: str) -> Observation | None:
        """The current figure of the newest period that has a value (None when there is none)."""
        with_value = [o for o in self.series(indicator, regio) if o.waarde is not None]
        return with_value[-1] if with_value else None

    def periods(self, indicator: str, regio: str | None = None) -> list[str]:
        """Periods with a figure (a value, not only a flag) for `indicator` in `regio` (or any region)."""
        where, params = "o.indicator = ?", [indicator]
        if regio is not None:
            where += " AND o.regio = ?"
            params.append(regio)
        rows = self.con.execute(
            f"SELECT periode FROM (SELECT o.periode, o.waarde FROM observaties o WHERE {where} AND o.reeks = '' "
            f"QUALIFY row_number() OVER (PARTITION BY o.regio, o.periode ORDER BY {NEWEST_FIRST}) = 1) "
            "WHERE waarde IS NOT NULL GROUP BY periode ORDER BY periode",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    def revisions(self, indicator: str, regio: str, reeks: str = "") -> list[Revision]:
        """Cells of this series whose current figure replaced an earlier, different one."""
        rows = self.con.execute(
            f"SELECT {OBS_COLUMNS}, row_number() OVER (PARTITION BY o.periode ORDER BY {NEWEST_FIRST}) AS rn "
            "FROM observaties o JOIN imports i ON i.id = o.import_id WHERE o.indicator = ? AND o.regio = ? "
            "AND o.reeks = ? QUALIFY rn <= 2 ORDER BY o.periode, rn",
            [indicator, regio, reeks],
        ).fetchall()
        revised = {
            row[0]
            for row in self.con.execute(
                "WITH r AS (SELECT o.periode, o.waarde, o.vlag, o.status, row_number() OVER "
                f"(PARTITION BY o.periode ORDER BY {NEWEST_FIRST}) AS rn FROM observaties o "
                "WHERE o.indicator = ? AND o.regio = ? AND o.reeks = ?) "
                f"SELECT c.periode FROM r c JOIN r p ON p.periode = c.periode AND c.rn = 1 AND p.rn = 2 "
                f"WHERE {figure_changed_sql('p', 'c')}",
                [indicator, regio, reeks],
            ).fetchall()
        }
        by_period: dict[str, list[Observation]] = {}
        for row in rows:
            by_period.setdefault(row[2], []).append(observation(row[:-1]))
        return [
            Revision(indicator, regio, p, obs[1], obs[0])
            for p, obs in sorted(by_period.items())
            if p in revised
        ]

    def indicators(self, regio: str | None = None) -> list[IndicatorSummary]:
        """Indicators in the store (for `regio` only, if given) with regions, periods and counts.

        What `data list` shows is per cell (indicator, region, period, series): its newest figure
        matters only for the unit (`mode(eenheid)` over the cells' newest rows). Picking the newest
        row of every cell with a window over the four text columns cost 12–19 s on a store of 5
        million figures; so an indicator whose provenance rows all carry one unit (the usual case)
        is counted on its distinct cells by a hash aggregate, and its unit is that one unit — the
        same answer. Only an indicator whose unit differs between imports takes the window.
        """
        params: dict[str, Any] = {"r": regio} if regio else {}
        mixed = [
            r[0]
            for r in self.con.execute(
                "SELECT indicator FROM herkomst GROUP BY indicator "
                "HAVING count(DISTINCT eenheid) > 1 OR count(eenheid) NOT IN (0, count(*))"
            ).fetchall()
        ]
        # the cells of every series (indicator, reeks: numbered on the small provenance table)
        cells = (
            "WITH s AS (SELECT id, dense_rank() OVER (ORDER BY indicator, reeks) AS g, indicator, eenheid "
            "FROM herkomst), k AS (SELECT g, any_value(indicator) AS indicator, any_value(eenheid) AS eenheid "
            "FROM s GROUP BY g), c AS (SELECT s.g, w.regio, w.periode FROM waarden w JOIN s ON s.id = w.herkomst "
            f"{'WHERE w.regio = $r' if regio else ''} GROUP BY ALL) "
            "SELECT k.indicator, count(DISTINCT c.regio), list(DISTINCT c.periode ORDER BY c.periode), count(*), "
            "any_value(k.eenheid) FROM c JOIN k USING (g) "
        )
        if not mixed:
            rows = self.con.execute(cells + "GROUP BY k.indicator ORDER BY 1", params).fetchall()
        else:
            newest = (
                "SELECT indicator, count(DISTINCT regio), list(DISTINCT periode ORDER BY periode), count(*), "
                "mode(eenheid) FROM (SELECT * FROM observaties o "
                f"{'WHERE o.regio = $r' if regio else ''} "
                f"QUALIFY row_number() OVER (PARTITION BY {CELL} ORDER BY {NEWEST_FIRST}) = 1) "
            )
            rows = self.con.execute(
                f"{cells} WHERE k.indicator NOT IN (SELECT unnest(CAST($m AS VARCHAR[]))) GROUP BY k.indicator "
                f"UNION ALL {newest} WHERE indicator IN (SELECT unnest(CAST($m AS VARCHAR[]))) "
                "GROUP BY indicator ORDER BY 1",
                {"m": mixed, **params},
            ).fetchall()
        return [IndicatorSummary(r[0], r[1], list(r[2]), r[3], r[4]) for r in rows]

    def has_indicator(self, indicator: str) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM observaties WHERE indicator = ? LIMIT 1", [indicator]
        ).fetchone()
        return row is not None

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
            "SELECT id, bestand, sha256, formaat, tabel, geimporteerd, cellen, nieuw, herzien, gepubliceerd, "
            "gepubliceerd_bron, bijbestanden, ingetrokken, onzeker FROM imports ORDER BY id"
        ).fetchall()
        keys = [
            "id",
            "bestand",
            "sha256",
            "formaat",
            "tabel",
            "geimporteerd",
            "cellen",
            "nieuw",
            "herzien",
            "gepubliceerd",
            "gepubliceerd_bron",
            "bijbestanden",
            "ingetrokken",
            "onzeker",
        ]
        return [dict(zip(keys, r, strict=True)) for r in rows]


class StoreReader(StoreReads):
    """A store opened read-only by `open_reader`: the reads of `Store`, without its import code."""

    read_only = True

    def __init__(self, con: DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path
