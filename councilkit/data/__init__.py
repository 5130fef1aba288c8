"""Monitor data: importers per export layout, the DuckDB store, disclosure rules, the figures lookup.

Importing this package is cheap (no DuckDB): commands that never touch monitor data do not pay for
it. `open_data` is the one entry point for the `--data PAD ...` option of check, plan and report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.errors import InputError

if TYPE_CHECKING:
    from councilkit.data.store import Store
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


__all__ = ["open_data"]
