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
        # The typed table is the edition of 26 March 2021 (its Metadata), older than the Almere file
        # (only its import date is known): its other figures are earlier versions, not revisions —
        # but as a publication it settles every figure the Almere file could only guess.
        assert (
            result.gepubliceerd_bron == "metadata" and result.gepubliceerd.date().isoformat() == "2021-03-26"
        )
        assert result.herzien == 0 and result.eerder > 0 and result.beslecht > 0
        assert result.cellen == (
            result.nieuw
            + result.herzien
            + result.aangevuld
            + result.ongewijzigd
            + result.eerder
            + result.beslecht
            + result.ingetrokken
            + result.verdacht
        )
        (married,) = [o for o in store.series("Gehuwd", "BU00340109") if o.periode == "2020"]
        assert married.waarde == 785 and married.bestand == "CBS_Kerncijfers_raw.csv"
        earlier = [o for o in store.versions("Gehuwd", "BU00340109") if o.periode == "2020"]
        assert [(o.waarde, o.bestand) for o in earlier] == [
            (785, "CBS_Kerncijfers_raw.csv"),
            (780, "cbs.v3.84799NED_TypedDataSet.parquet"),
        ]
        # Same 0,3 km in both files; the typed table adds unit and status: no revision.
        assert store.revisions("AfstandTotGroteSupermarkt", "BU00340101") == []
        (current,) = [
            o for o in store.series("AfstandTotGroteSupermarkt", "BU00340101") if o.periode == "2020"
        ]
        assert (current.waarde, current.eenheid, current.status) == (0.3, "km", "definitief")
        # The Almere file's ambiguous "1" (stored as 0,1, flagged onzeker) is settled by the typed table.
        (revision,) = [
            r for r in store.revisions("AfstandTotKinderdagverblijf", "BU00340405") if r.periode == "2020"
        ]
        assert (revision.oud.waarde, revision.nieuw.waarde) == (0.1, 1.0)
        assert revision.oud.onzeker and "'1' kan 0,1 of 1 zijn" in revision.oud.onzeker
        assert revision.nieuw.onzeker is None and revision.nieuw.tabel == "84799NED"
