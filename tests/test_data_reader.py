"""`open_reader` (data show, data list) reads a current store without the import code, and leaves
every other case to `open_store`: the same Dutch errors, the same migration of an older store."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from councilkit.data import open_reader
from councilkit.data.store import Store, open_store
from councilkit.data.store_read import SCHEMA_VERSION, StoreReader
from councilkit.errors import InputError


@pytest.fixture
def store(tmp_path: Path) -> Path:
    export = tmp_path / "a.csv"
    export.write_text(
        "indicator;regio;periode;waarde\ninwoners;GM0758;2020;184069\ninwoners;GM0758;2021;184126\n",
        encoding="utf-8",
    )
    path = tmp_path / "s.duckdb"
    with open_store(path, create=True, read_only=False) as db:
        db.import_file(export)
    return path


def test_a_current_store_is_read_without_the_import_code(store: Path) -> None:
    with open_reader(store) as reader, open_store(store) as full:
        assert isinstance(reader, StoreReader)
        assert reader.series("inwoners", "GM0758") == full.series("inwoners", "GM0758")
        assert reader.indicators() == full.indicators()
        assert reader.has_table("regios") and not reader.has_table("bestaat_niet")


def test_an_older_store_is_migrated_as_before(store: Path) -> None:
    con = duckdb.connect(str(store))
    con.execute("UPDATE councilkit_meta SET waarde = '1' WHERE sleutel = 'schema'")
    con.close()
    with open_reader(store) as reader:
        assert isinstance(reader, Store)  # the full route, which adds the newer columns
        assert [o.waarde for o in reader.series("inwoners", "GM0758")] == [184069, 184126]
    with open_reader(store) as reader:
        assert isinstance(reader, StoreReader)
        assert reader.con.execute("SELECT waarde FROM councilkit_meta").fetchone() == (SCHEMA_VERSION,)


def _error(opener, path: Path) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as error:
        opener(path).close()
    return error.value.format()


def test_what_is_not_a_current_store_gets_the_same_dutch_error(store: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "ander.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE x (a INTEGER)").close()
    text = tmp_path / "tekst.duckdb"
    text.write_text("geen database", encoding="utf-8")
    for path in (tmp_path / "ontbreekt.duckdb", foreign, text, tmp_path):
        assert _error(open_reader, path) == _error(open_store, path)
    holder = duckdb.connect(str(store))  # held open for writing elsewhere
    try:
        assert _error(open_reader, store) == _error(open_store, store)
    finally:
        holder.close()
