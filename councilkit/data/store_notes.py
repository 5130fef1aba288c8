"""A figure's notes — status, flag and doubt — stored once per distinct combination (`noten`).

Why: almost every figure has none of the three (NULL, NULL, NULL) and the rest share a handful of
combinations ("ontbrekend", "voorlopig", a reason for doubt). Three text columns in `waarden`, nearly
all empty, cost a third of writing five million figures; one small number (`waarden.noot`, NULL when
a figure has no note) pointing at a row of `noten` costs next to nothing. Readers never see it: the
view `observaties` joins `noten` back to the three columns.

Every combination has one id, so two figures have the same notes exactly when they have the same
`noot`. Ids are given when a combination is first written and never change; the table only grows.

A write gets its ids in one of two ways (`note_id_sql` takes the right one):

* from a table (or any relation that may be read twice): `register` gives every combination of it
  an id, then `NOTE_JOIN` looks the ids up;
* straight from an export file read once: `note_case` maps the usual combinations (`register_usual`:
  the statuses, flags and doubts a file read once can give) to their ids in a CASE per row; any
  other combination fails the statement with `NEW_NOTE_MARK`, and the import is redone through a
  table. Combinations with a text of their own (a doubt that names the figure) come from tables
  only; the CASE never holds them, however many the store collects.
"""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING, Any

from councilkit.data import normalize as nz

if TYPE_CHECKING:
    from collections.abc import Callable

    from duckdb import DuckDBPyConnection

NOTEN = "CREATE TABLE IF NOT EXISTS noten (id INTEGER, status VARCHAR, vlag VARCHAR, onzeker VARCHAR)"

#: The three columns a note combines, in the order of `noten`.
COLUMNS = ("status", "vlag", "onzeker")

#: The error text of a row whose combination `note_case` does not know.
NEW_NOTE_MARK = "councilkit-nieuwe-noot"

#: The `noot` `note_case` gives a combination it does not know, when asked not to fail.
UNKNOWN_NOTE = -1

#: Rows `r` (with status, vlag, onzeker) joined to their note `n` (no row: no note, `n.id` NULL).
NOTE_JOIN = "LEFT JOIN noten n ON " + " AND ".join(f"n.{c} IS NOT DISTINCT FROM r.{c}" for c in COLUMNS)


def _lit(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def register_sql(rows: str) -> str:
    """SQL: give every combination of `rows` (a FROM-able relation with status, vlag and onzeker)
    that `noten` does not hold yet an id."""
    cols = ", ".join(COLUMNS)
    any_note = " OR ".join(f"{c} IS NOT NULL" for c in COLUMNS)
    return (
        f"INSERT INTO noten SELECT CAST((SELECT coalesce(max(id), 0) FROM noten) + "
        f"row_number() OVER (ORDER BY {cols}) AS INTEGER), {cols} FROM "
        f"(SELECT DISTINCT {cols} FROM {rows} WHERE {any_note} EXCEPT SELECT {cols} FROM noten)"
    )


def register(con: DuckDBPyConnection, rows: str) -> None:
    """Execute `register_sql(rows)`."""
    con.execute(register_sql(rows))


def _usual() -> list[tuple[str | None, str | None, str | None]]:
    """The combinations a file usually gives: a status, a missing or secret or rounded figure, and
    the doubts an importer or the store itself writes."""
    statuses = (None, nz.DEFINITIEF, nz.VOORLOPIG, nz.NADER_VOORLOPIG)
    flags = (None, nz.ONTBREKEND, nz.GEHEIM, nz.AFGEROND)
    doubts = (None, nz.GEEN_HEEL_GETAL, nz.PUNT_IN_KOMMABESTAND, nz.KOMMA_IN_PUNTBESTAND)
    return [t for t in product(statuses, flags, doubts) if any(x is not None for x in t)]


def register_usual(con: DuckDBPyConnection) -> None:
    """Make sure the usual combinations have ids, so that a first import straight from a file
    rarely meets one `note_case` does not know."""
    rows = ", ".join("(" + ", ".join(_lit(x) for x in t) + ")" for t in _usual())
    if rows:
        register(con, f"(VALUES {rows}) v({', '.join(COLUMNS)})")


def note_id_sql(
    con: DuckDBPyConnection, figures: str, *, read_once: bool, unknown: int | None = None
) -> tuple[str, str]:
    """The SQL of the note id of a row `r` of `figures` (a SELECT with status, vlag and onzeker), and
    the join it needs after `FROM (figures) r`. Rows that may be read twice (a table) get their
    combinations registered first and looked up; rows `read_once` (straight from a file) go through
    `note_case`, with `unknown` as there."""
    if not read_once:
        register(con, f"({figures})")
        return "n.id", NOTE_JOIN
    register_usual(con)
    return note_case(con, "r", unknown), ""


def note_case(con: DuckDBPyConnection, row: str, unknown: int | None = None) -> str:
    """SQL: the `noot` of row `row` (with status, vlag and onzeker columns), as a CASE over the
    usual combinations (those `noten` holds ids for), nested per column so that a row without
    notes takes three tests. Any other combination raises `NEW_NOTE_MARK`, or is `unknown` when
    given (`UNKNOWN_NOTE`: the caller then registers the rows' notes and reads them again)."""
    usual = _usual()
    known = con.execute(
        "SELECT n.id, n.status, n.vlag, n.onzeker FROM noten n JOIN (SELECT unnest(CAST(? AS VARCHAR[])) AS status, "
        "unnest(CAST(? AS VARCHAR[])) AS vlag, unnest(CAST(? AS VARCHAR[])) AS onzeker) r ON "
        + " AND ".join(f"n.{c} IS NOT DISTINCT FROM r.{c}" for c in COLUMNS),
        [[t[i] for t in usual] for i in range(3)],
    ).fetchall()
    tree: dict[str | None, dict[str | None, dict[str | None, int | None]]] = {None: {None: {None: None}}}
    for note_id, status, flag, doubt in known:
        tree.setdefault(status, {}).setdefault(flag, {})[doubt] = note_id
    fail = f"CAST(error({_lit(NEW_NOTE_MARK)}) AS INTEGER)" if unknown is None else str(int(unknown))

    def level(column: str, branches: dict[str | None, Any], inner: Callable[[Any], str]) -> str:
        # NULL first: most rows have no note and stop at the first test of each level
        whens = [
            f"WHEN {row}.{column} IS NULL THEN {inner(branches[None])}"
            if key is None
            else f"WHEN {row}.{column} = {_lit(key)} THEN {inner(branches[key])}"
            for key in sorted(branches, key=lambda k: (k is not None, k or ""))
        ]
        return f"(CASE {' '.join(whens)} ELSE {fail} END)"

    def leaf(note_id: int | None) -> str:
        return "NULL" if note_id is None else str(int(note_id))

    return level(
        "status",
        tree,
        lambda flags: level("vlag", flags, lambda doubts: level("onzeker", doubts, leaf)),
    )


def note_lists(con: DuckDBPyConnection) -> dict[str, list[str | None]]:
    """Per column, the notes of every id as a list indexed by id (from 1; ids are given densely):
    `list_extract($vlag, noot)` (`note_sql`) reads a figure's flag without a join."""
    size = con.execute("SELECT coalesce(max(id), 0) FROM noten").fetchone()
    lists: dict[str, list[str | None]] = {c: [None] * int(size[0] if size else 0) for c in COLUMNS}
    for note_id, *values in con.execute("SELECT id, status, vlag, onzeker FROM noten").fetchall():
        for column, value in zip(COLUMNS, values, strict=True):
            lists[column][note_id - 1] = value
    return lists


def note_sql(noot: str) -> dict[str, str]:
    """SQL per note column: its value for the note id `noot`, from the lists `note_lists` gives as
    the statement's parameters `$status`, `$vlag` and `$onzeker`."""
    # most figures have no note: the guard spares them the list lookup, a fifth of its cost
    return {c: f"(CASE WHEN {noot} IS NULL THEN NULL ELSE list_extract(${c}, {noot}) END)" for c in COLUMNS}
