"""Monitor data: importers per export layout, the DuckDB store, disclosure rules, the figures lookup.

Importing this package is cheap (no DuckDB): commands that never touch monitor data do not pay for
it. `open_data` is the one entry point for the `--data PAD ...` option of check, plan and report;
`open_reader` opens a store for `data show` and `data list`, which only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.errors import InputError

if TYPE_CHECKING:
    from councilkit.data.store import Store
    from councilkit.data.store_read import StoreReads
    from councilkit.model.catalogue import Indicator

#: Sidecar files of a CBS table: read together with the TypedDataSet, not imported on their own.
_SIDECARS = ("DataProperties", "Metadata", "ColDescriptions", "TableInfos")
_EXPORT_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".parquet", ".json"}


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Directories stand for the export files and store files in them (sidecars excluded)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(".") or any(s in child.stem for s in _SIDECARS):
                    continue
                if child.suffix.lower() in _EXPORT_SUFFIXES or child.suffix.lower() == ".duckdb":
                    out.append(child)
        else:
            out.append(path)
    return out


def open_data(paths: Sequence[str | Path], *, local_indicators: Iterable[Indicator] = ()) -> Store:
    """The store behind `--data PAD ...`.

    A single store file is opened read-only. Otherwise (export files, directories of exports, or a
    mix with store files) everything is imported into a temporary store that disappears on
    `close()`; `local_indicators` (a kompas's own `indicatoren`) take part in mapping measures.
    Errors in any file are raised as `InputError` (exit 2), as for `data import`.
    """
    # Deferred: importing `councilkit.data` stays cheap (the mapping loads pydantic, the store DuckDB).
    from councilkit.data.mapping import default_map
    from councilkit.data.store import is_store_file, open_store, temporary_store

    files = _expand([Path(p) for p in paths])
    if not files:
        raise InputError(
            "geen monitorcijfers gevonden bij --data", hint="geef een databestand of exportbestanden"
        )
    if len(files) == 1 and is_store_file(files[0]):
        return open_store(files[0])
    store = temporary_store()
    try:
        measures = default_map(local_indicators)
        for path in files:
            if is_store_file(path):
                store.copy_from(path)
            else:
                store.import_file(path, measures=measures)
    except BaseException:
        store.close()
        raise
    return store


#: One query that fails unless councilkit's tables are there, and gives the schema version. It
#: names the tables instead of listing the catalogue: listing it costs DuckDB ~10 ms, and the reads
#: bind these tables anyway.
_CURRENT = (
    "SELECT waarde FROM councilkit_meta WHERE sleutel = 'schema' "
    "AND NOT EXISTS (SELECT 1 FROM imports WHERE false) AND NOT EXISTS (SELECT 1 FROM observaties WHERE false)"
)


def open_reader(path: str | Path) -> StoreReads:
    """The store at `path`, opened read-only for reading only: `data show` and `data list`.

    Without the import code (`store_import`, the importers, the measure mapping: pydantic), when
    the file is plainly a current councilkit store. Anything else (missing, not a DuckDB file,
    locked, damaged, another program's database, an older schema that needs its columns added)
    goes through `store.open_store`, which says what is wrong in Dutch or migrates the store,
    exactly as before.
    """
    import duckdb

    # Deferred: importing `councilkit.data` stays cheap for a plan without --data (no store code).
    from councilkit.data.store_read import SCHEMA_VERSION, StoreReader, is_store_file

    path = Path(path)
    if path.is_file() and is_store_file(path):
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error:
            pass  # locked or damaged: the full route below says which
        else:
            try:
                con.execute("SET enable_progress_bar = false")
                row = con.execute(_CURRENT).fetchone()
            except duckdb.Error:
                row = None
            if row is not None and row[0] == SCHEMA_VERSION:
                return StoreReader(con, path)
            con.close()
    # Deferred: the full route loads the import code, which a current store never needs for reading.
    from councilkit.data.store import open_store

    return open_store(path)


__all__ = ["open_data", "open_reader"]
