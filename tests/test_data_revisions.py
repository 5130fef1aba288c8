"""A revision is a changed figure: a status or unit that only becomes known is 'aangevuld', not 'herzien'."""

from __future__ import annotations

from pathlib import Path

from councilkit.data.store import open_store


def test_typed_table_after_the_almere_file(tmp_path: Path, research_data: Path) -> None:
    raw = research_data / "cbs-kwb-almere-2018-2025" / "CBS_Kerncijfers_raw.csv"
    typed = research_data / "cbs-84799NED-kwb-2020" / "cbs.v3.84799NED_TypedDataSet.parquet"
    with open_store(tmp_path / "monitor.duckdb", create=True, read_only=False) as store:
        store.import_file(raw)
        result = store.import_file(typed)
        assert result.herzien > 0 and result.aangevuld > 0
        assert result.cellen == result.nieuw + result.herzien + result.aangevuld + result.ongewijzigd
        assert all(old != new for _, _, _, old, new in result.voorbeelden_herzien), result.voorbeelden_herzien
        # Same 0,3 km in both files; the typed table adds unit and status: no revision.
        assert store.revisions("AfstandTotGroteSupermarkt", "BU00340101") == []
        (current,) = [
            o for o in store.series("AfstandTotGroteSupermarkt", "BU00340101") if o.periode == "2020"
        ]
        assert (current.waarde, current.eenheid, current.status) == (0.3, "km", "definitief")
        # The Almere file's ambiguous "1" (restored as 0,1) is corrected by the typed table: a revision.
        (revision,) = [
            r for r in store.revisions("AfstandTotKinderdagverblijf", "BU00340405") if r.periode == "2020"
        ]
        assert (revision.oud.waarde, revision.nieuw.waarde) == (0.1, 1.0)
