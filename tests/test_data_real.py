"""The importers on the real CBS files in ../shared/research-data, read where they lie.

Every quirk listed in research-data/README.md is a case here (numbered as in the README), plus the
"done when" figures of the issue: Almere wmo-clienten 11,940 (KWB 2022) and 9,375 (KWB 2023), Breda
inwoners 184,069 and personen-bijstand 4,520 for 2020.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit.data.store import Store, open_store

RESEARCH = Path(__file__).resolve().parents[2] / "shared" / "research-data"
KWB_2020 = RESEARCH / "cbs-84799NED-kwb-2020" / "cbs.v3.84799NED_TypedDataSet.parquet"
TIDY_2020 = RESEARCH / "cbs-84799NED-kwb-2020" / "gemeenten_2020_tidy.csv"
ALMERE_RAW = RESEARCH / "cbs-kwb-almere-2018-2025" / "CBS_Kerncijfers_raw.csv"
ALMERE_LONG = RESEARCH / "cbs-kwb-almere-2018-2025" / "almere_sociaal_domein_long.csv"
STATLINE = RESEARCH / "statline-csv-download-example" / "Bevolking_pc4_Almere_statline_download.csv"

pytestmark = pytest.mark.skipif(
    not RESEARCH.is_dir(), reason=f"../shared/research-data ontbreekt ({RESEARCH})"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("real") / "monitordata.duckdb"
    db = open_store(path, create=True, read_only=False)
    db.results = {f.name: db.import_file(f) for f in (KWB_2020, ALMERE_RAW, TIDY_2020, STATLINE)}  # type: ignore[attr-defined]
    yield db
    db.close()


def _values(store: Store, indicator: str, regio: str) -> dict[str, float | None]:
    return {o.periode: o.waarde for o in store.series(indicator, regio)}


# --- done when -------------------------------------------------------------------------------------------


def test_almere_wmo_clients_per_yearly_table(store: Store) -> None:
    series = {o.periode: o for o in store.series("wmo-clienten", "GM0034")}
    assert series["2022"].waarde == 11940
    assert series["2023"].waarde == 9375
    assert series["2022"].bestand == "CBS_Kerncijfers_raw.csv"
    # each yearly KWB table by its id, not its title (issue 8: tables 2021-2025 by id)
    assert (series["2022"].tabel, series["2023"].tabel, series["2024"].tabel) == (
        "85318NED",
        "85618NED",
        "85984NED",
    )


def test_breda_2020_inhabitants_and_social_assistance(store: Store) -> None:
    assert _values(store, "inwoners", "GM0758")["2020"] == 184069
    bijstand = store.latest("personen-bijstand", "GM0758")
    assert bijstand is not None and bijstand.periode == "2020" and bijstand.waarde == 4520
    assert bijstand.tabel == "84799NED"


# --- quirk 1: padded region codes; NL00 is Nederland --------------------------------------------------


def test_padded_region_codes_are_stripped(store: Store) -> None:
    regions = {r[0] for r in store.con.execute("SELECT DISTINCT regio FROM observaties").fetchall()}
    assert "GM0034" in regions and "WK003401" in regions and "BU00340101" in regions
    assert not any(r != r.strip() for r in regions)
    assert _values(store, "inwoners", "NL01")["2020"] == 17407585


# --- quirk 2: positional suffixes differ per yearly table ---------------------------------------------


def test_measure_suffixes_are_matched_without_number(store: Store) -> None:
    # WmoClienten_86 (2018), _89 (2019-2022), _98 (2023), _93 (2024) all land on wmo-clienten
    values = _values(store, "wmo-clienten", "GM0034")
    assert values["2018"] == 10820 and values["2019"] == 11440 and values["2024"] == 9515
    assert store.results["CBS_Kerncijfers_raw.csv"].gekoppeld["WmoClienten"] == "wmo-clienten"  # type: ignore[attr-defined]


def test_empty_2025_wmo_column_is_skipped_not_stored_as_zero(store: Store) -> None:
    assert "2025" not in store.periods("wmo-clienten", "GM0034")


# --- quirk 3: BOM, lost decimal separators, "         ." markers ------------------------------------------


def test_lost_decimal_separators_are_restored(store: Store) -> None:
    pct = _values(store, "percentage-jongeren-met-jeugdzorg", "GM0034")
    assert pct["2023"] == pytest.approx(11.4)  # "114" in the file
    size = _values(store, "GemiddeldeHuishoudensgrootte", "GM0034")
    assert size["2022"] == pytest.approx(2.3)  # "23"
    # a whole value lost nothing: "2" is 2,0 (checked against the 2020 parquet for the same buurt)
    raw = store.results["CBS_Kerncijfers_raw.csv"]  # type: ignore[attr-defined]
    assert any("decimaalteken" in r for r in raw.opmerkingen)


def test_bom_does_not_hide_the_first_column(store: Store) -> None:
    assert store.results["CBS_Kerncijfers_raw.csv"].formaat == "cbs-kwb"  # type: ignore[attr-defined]


def test_text_markers_and_code_columns_are_not_figures(store: Store) -> None:
    stored = {r[0] for r in store.con.execute("SELECT DISTINCT bron_maat FROM observaties").fetchall()}
    assert "MeestVoorkomendePostcode" not in stored and "Gemeentenaam" not in stored


def test_gemeente_wijk_and_buurt_rows_are_all_kept(store: Store) -> None:
    levels = dict(
        store.con.execute(
            "SELECT left(regio, 2), count(DISTINCT regio) FROM observaties WHERE indicator = 'wmo-clienten' GROUP BY 1"
        ).fetchall()
    )
    assert levels["GM"] >= 1 and levels["WK"] > 10 and levels["BU"] > 50


# --- quirk 4: wijk counts are multiples of 5 -------------------------------------------------------------


def test_wijk_counts_are_flagged_as_rounded(store: Store) -> None:
    wijk = store.series("wmo-clienten", "WK003401")
    assert wijk and all(o.waarde is None or o.waarde % 5 == 0 for o in wijk)
    assert {o.vlag for o in wijk if o.waarde is not None} == {"afgerond"}


# --- quirk 5: the series break 11,940 → 9,375 is kept, not smoothed ------------------------------------


def test_series_break_is_kept(store: Store) -> None:
    values = _values(store, "wmo-clienten", "GM0034")
    assert values["2022"] - values["2023"] == 2565


# --- metadata, provenance, revisions ---------------------------------------------------------------------------


def test_dataproperties_give_status_and_unit(store: Store) -> None:
    bijstand = store.latest("personen-bijstand", "GM0758")
    inwoners = store.latest("inwoners", "GM0758")
    assert bijstand is not None and bijstand.status == "voorlopig"  # "Het betreft voorlopige cijfers."
    assert inwoners is not None and inwoners.status == "definitief" and inwoners.eenheid == "aantal"
    assert len(bijstand.sha256) == 64 and bijstand.bron == "cbs.v3.84799NED_TypedDataSet.parquet (84799NED)"


def test_unmapped_measures_are_kept_and_listed(store: Store) -> None:
    result = store.results["cbs.v3.84799NED_TypedDataSet.parquet"]  # type: ignore[attr-defined]
    assert "GemiddeldeHuishoudensgrootte" in result.niet_gekoppeld
    assert _values(store, "GemiddeldeHuishoudensgrootte", "GM0758")["2020"] == pytest.approx(2.1)


def test_tidy_file_with_same_figures_changes_nothing_for_breda(store: Store) -> None:
    tidy = store.results["gemeenten_2020_tidy.csv"]  # type: ignore[attr-defined]
    assert tidy.ongewijzigd > 0
    assert [o.bestand for o in store.series("inwoners", "GM0758")] == ["cbs.v3.84799NED_TypedDataSet.parquet"]
    # the tidy file lacks the Wmo figures that the later KWB file has: a lack does not withdraw them
    assert _values(store, "wmo-clienten", "GM0034")["2020"] == 11980


def test_reimport_of_same_file_changes_nothing(store: Store) -> None:
    before = store.con.execute("SELECT count(*) FROM observaties").fetchone()[0]
    again = store.import_file(KWB_2020)
    assert again.al_geimporteerd and again.nieuw == 0
    assert store.con.execute("SELECT count(*) FROM observaties").fetchone()[0] == before


def test_different_edition_of_a_cell_is_kept_as_revision(store: Store) -> None:
    # The KWB 2020 rows in the Almere file are a later edition than the 2021 parquet snapshot.
    revisions = store.revisions("Gehuwd", "BU00340109")
    assert revisions and revisions[0].oud.waarde == 780 and revisions[0].nieuw.waarde == 785
    assert revisions[0].oud.bestand.endswith(".parquet")


def test_almere_long_derived_file_imports(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as db:
        result = db.import_file(ALMERE_LONG)
        assert result.formaat == "monitor"
        assert "pct_jongeren_jeugdzorg_raw" in result.niet_gekoppeld
        assert {o.periode: o.waarde for o in db.series("wmo-clienten", "GM0034")}["2023"] == 9375


# --- StatLine download ------------------------------------------------------------------------------------------


def test_statline_download_layout(store: Store) -> None:
    result = store.results["Bevolking_pc4_Almere_statline_download.csv"]  # type: ignore[attr-defined]
    assert result.formaat == "statline-csv"
    assert result.tabel.startswith("Bevolking; geslacht, leeftijd")  # title line
    assert ("voetregels (bron, toelichting)", 1) in result.overgeslagen  # "Bron: CBS"
    total = {o.periode: o.waarde for o in store.series("Bevolking", "NL01")}
    assert total["2022"] == 17590672
    assert {o.periode: o.waarde for o in store.series("Bevolking", "PC1311")}["2022"] == 4755
    # "" is a missing figure, stored as such
    missing = store.series("Bevolking", "PC1322")
    assert missing[0].waarde is None and missing[0].vlag == "ontbrekend"
    assert "Bevolking — 15 tot 20 jaar" in result.niet_gekoppeld


# --- issue 8: wrong figures, lost measures, breaks ------------------------------------------------------


def _current(store: Store, indicator: str, regio: str, periode: str):  # type: ignore[no-untyped-def]
    (obs,) = [o for o in store.series(indicator, regio) if o.periode == periode]
    return obs


def test_lost_separator_settled_by_the_counts(almere: Store) -> None:
    # WK003422 2024: "11" with 1.360 young people and 150 with youth care is 11%, not 1,1%
    obs = _current(almere, "percentage-jongeren-met-jeugdzorg", "WK003422", "2024")
    assert (obs.waarde, obs.onzeker, obs.soort) == (11.0, None, "procent")


def test_lost_separator_settled_by_the_social_minimum_ordering(almere: Store) -> None:
    # WK003409 2023: only 0,9 fits onder of rond sociaal minimum ≤ tot 110% ≤ tot 120%
    obs = _current(almere, "huishoudens-rond-sociaal-minimum", "WK003409", "2023")
    assert (obs.waarde, obs.onzeker) == (0.9, None)
    ladder = [
        _current(almere, name, "WK003409", "2023").waarde
        for name in (
            "huishoudens-rond-sociaal-minimum",
            "HuishoudensTot110VanSociaalMinimum",
            "HuishoudensTot120VanSociaalMinimum",
        )
    ]
    assert ladder == sorted(ladder)


@pytest.fixture(scope="module")
def almere(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The Almere file alone: its restored figures, not settled by any typed table."""
    db = open_store(tmp_path_factory.mktemp("almere") / "monitordata.duckdb", create=True, read_only=False)
    db.import_file(ALMERE_RAW)
    yield db
    db.close()


def test_no_unflagged_tenfold_error_against_the_typed_table(almere: Store) -> None:
    """The Almere file's 2020 rows against an independent reading of the typed 84799NED parquet:
    every restored figure of a Double measure equals CBS's, or is flagged onzeker (cells that differ
    otherwise are a later edition, not a lost separator)."""
    import duckdb

    rel = duckdb.sql(
        f"SELECT trim(WijkenEnBuurten) AS regio, * EXCLUDE (WijkenEnBuurten) FROM read_parquet('{KWB_2020}') "
        "WHERE WijkenEnBuurten LIKE '%0034%'"
    )
    names = rel.columns
    typed = {
        (row[0], name.rsplit("_", 1)[0]): value
        for row in rel.fetchall()
        for name, value in zip(names, row, strict=True)
    }
    doubles = {n.rsplit("_", 1)[0] for n, t in zip(names, rel.types, strict=True) if str(t) == "DOUBLE"}
    stored = almere.con.execute(
        "SELECT bron_maat, regio, waarde, onzeker FROM observaties WHERE periode = '2020' AND waarde IS NOT NULL"
    ).fetchall()
    checked = equal = flagged = wrong = 0
    for measure, regio, value, onzeker in stored:
        cbs = typed.get((regio, measure))
        if measure not in doubles or cbs is None:
            continue
        checked += 1
        equal += abs(value - cbs) < 1e-9
        flagged += onzeker is not None
        if onzeker is None and any(abs(value * f - cbs) < 1e-9 for f in (10, 0.1)):
            wrong += 1
    assert checked > 200 and wrong == 0
    assert equal > 0.6 * checked  # most are settled by a signal, not merely flagged


def test_cars_per_household_against_typed_table(almere: Store) -> None:
    # "1" is 1,0 (cars / households), not 0,1: 16 of 53 cells were 0,1 before
    values = almere.con.execute(
        "SELECT waarde, onzeker FROM observaties WHERE bron_maat = 'PersonenautoSPerHuishouden' "
        "AND periode = '2020' AND waarde IS NOT NULL"
    ).fetchall()
    assert len(values) > 40 and all(v >= 0.5 for v, onzeker in values if onzeker is None)
    assert sum(onzeker is None for _, onzeker in values) > 40


def test_gemeente_series_have_no_unflagged_tenfold_jumps(store: Store) -> None:
    # before: HuishoudensTot120VanSociaalMinimum 12,4 / 1,2 / 12,1; stadsverwarming 52,5 / 5,3
    ladder = [o.waarde for o in store.series("HuishoudensTot120VanSociaalMinimum", "GM0034")][:3]
    assert ladder[0] == 12.4 and ladder[2] == 12.1 and 10 < ladder[1] < 15
    jumps = store.con.execute(
        """WITH s AS (SELECT indicator, CAST(periode AS INTEGER) AS jaar, waarde, onzeker FROM observaties o
                      WHERE regio = 'GM0034' AND waarde > 0 AND length(periode) = 4
                      QUALIFY row_number() OVER (PARTITION BY indicator, periode ORDER BY
                          (onzeker IS NULL) DESC, gepubliceerd DESC, import_id DESC) = 1)
        SELECT a.indicator, a.jaar FROM s a JOIN s b ON a.indicator = b.indicator AND b.jaar = a.jaar + 1
        WHERE (b.waarde / a.waarde > 6 OR a.waarde / b.waarde > 6) AND a.onzeker IS NULL AND b.onzeker IS NULL"""
    ).fetchall()
    assert jumps == []


def test_twin_columns_are_kept_apart_with_their_units(store: Store) -> None:
    kwh = _current(store, "Appartement (kWh)", "GM0034", "2022")
    gas = _current(store, "Appartement (m³)", "GM0034", "2022")
    assert kwh.waarde != gas.waarde and kwh.eenheid == "kWh" and gas.eenheid == "m³"
    assert {"Nederland (1)", "Nederland (2)"} <= {i.indicator for i in store.indicators("GM0034")}
    notes = " ".join(store.results["CBS_Kerncijfers_raw.csv"].opmerkingen)  # type: ignore[attr-defined]
    assert "Appartement_48 → 'Appartement (kWh)'" in notes


def test_kinds_averages_are_not_counts(store: Store) -> None:
    size = _current(store, "GemiddeldeHuishoudensgrootte", "GM0758", "2020")
    assert (size.soort, size.waarde) == ("gemiddelde", 2.1)
    assert _current(store, "wmo-clienten", "GM0034", "2022").soort == "aantal"
    assert _current(store, "AfstandTotGroteSupermarkt", "GM0758", "2020").soort == "afstand"
    density = _current(store, "Omgevingsadressendichtheid", "GM0758", "2020")
    assert density.soort == "dichtheid" and density.waarde > 1000


def test_boundary_change_marker_per_region_year(store: Store) -> None:
    # Almere re-drew WK003401 in 2022: 23.530 inhabitants in 2021, 1.635 in 2022
    assert store.indelingen("WK003401")["2022"] == "3"
    assert _current(store, "wmo-clienten", "WK003401", "2022").indeling == "3"
    assert _current(store, "wmo-clienten", "WK003401", "2024").indeling == "1"


def test_unexplained_jump_is_a_possible_break(store: Store) -> None:
    wmo = {o.periode: o for o in store.series("wmo-clienten", "GM0034")}
    assert wmo["2023"].breuk is not None and wmo["2023"].breuk.startswith(
        "mogelijke breuk: van 11.940 naar 9.375"
    )
    assert wmo["2022"].breuk is None and wmo["2024"].breuk is None


def test_store_equals_an_independent_reading_of_the_typed_table(store: Store) -> None:
    """Every figure of 84799NED, read here straight from the parquet with DuckDB, is in the store
    under its own measure (twin columns apart), region and 2020, with the same value — none lost."""
    import duckdb

    typed_id = store.con.execute("SELECT id FROM imports WHERE bestand = ?", [KWB_2020.name]).fetchone()[0]
    con = duckdb.connect()
    props = dict(
        con.execute(
            "SELECT Key, Datatype FROM read_parquet(?) WHERE Type = 'Topic'",
            [str(KWB_2020.with_name("cbs.v3.84799NED_DataProperties.parquet"))],
        ).fetchall()
    )
    # class codes (MateVanStedelijkheid 1-5, Dekkingspercentage 1-6) are not figures: skipped, and reported
    classes = ("MateVanStedelijkheid", "Dekkingspercentage")
    numeric = [
        k for k, datatype in props.items() if datatype in {"Long", "Double"} and not k.startswith(classes)
    ]
    cells = con.execute(
        f"SELECT trim(WijkenEnBuurten) AS regio, kol, CAST(v AS DOUBLE) FROM (SELECT WijkenEnBuurten, "
        f"{', '.join(numeric)} FROM read_parquet('{KWB_2020}')) UNPIVOT (v FOR kol IN ({', '.join(numeric)}))"
    ).fetchall()
    stored = {
        (regio, maat): waarde
        for regio, maat, waarde in store.con.execute(
            "SELECT regio, bron_maat, waarde FROM observaties WHERE import_id = ? AND waarde IS NOT NULL",
            [typed_id],
        ).fetchall()
    }
    twins = {"Appartement", "Tussenwoning", "Hoekwoning", "TweeOnderEenKapWoning", "VrijstaandeWoning"}
    twins |= {"Huurwoning", "EigenWoning"}
    missing = []
    for regio, kol, value in cells:
        stem, number = kol.rsplit("_", 1)
        name = stem if stem not in twins else f"{stem} ({'kWh' if int(number) < 55 else 'm³'})"
        code = "NL01" if regio == "NL00" else regio
        if stored.get((code, name)) != value:
            missing.append((code, kol, value, stored.get((code, name))))
    assert len(cells) > 690_000 and missing == []
    assert len(stored) == len(cells)
    skipped = dict(store.results[KWB_2020.name].overgeslagen)  # type: ignore[attr-defined]
    assert any("codekolommen" in reason for reason in skipped)


# --- the tidy file's ÷10 values (issue 8: "the tidy file's wrong ÷10 values overwrite right ones") -------


def _copy_of(store: Store, tmp_path: Path) -> Store:
    """A writable copy of a module store, so one test's imports do not change the others'."""
    import shutil

    store.con.execute("CHECKPOINT")
    shutil.copy(store.path, tmp_path / "kopie.duckdb")
    return open_store(tmp_path / "kopie.duckdb", read_only=False)


def _tidy_pct(rounded: bool, tmp_path: Path) -> tuple[Path, dict[tuple[str, str], float]]:
    """The real tidy file, or a copy whose percentages were rounded to whole numbers before the ÷10
    (12,4 → "12" → 1,2: a factor 10,33, the shape of GM0034's 12,4 / 1,2 in the issue)."""
    import csv
    import math

    rows = list(csv.DictReader(ALMERE_LONG.open(encoding="utf-8-sig")))
    pct = {
        (r["regio_code"], r["peiljaar"]): float(r["pct_jongeren_jeugdzorg"])
        for r in rows
        if r["pct_jongeren_jeugdzorg"]
    }
    if not rounded:
        return ALMERE_LONG, pct
    out = tmp_path / "almere_afgerond.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["peiljaar", "regio_code", "pct_jongeren_jeugdzorg"])
        writer.writeheader()
        for (regio, jaar), value in pct.items():
            shown = math.floor(value + 0.5) / 10  # rounded to a whole number, then ÷10
            writer.writerow({"peiljaar": jaar, "regio_code": regio, "pct_jongeren_jeugdzorg": shown})
            pct[(regio, jaar)] = shown
    return out, pct


@pytest.mark.parametrize("rounded", [False, True], ids=["tidy-bestand", "afgerond-en-gedeeld"])
def test_tidy_tenfold_values_are_flagged_not_revisions(almere: Store, tmp_path: Path, rounded: bool) -> None:
    """Importing the derived tidy file after the Almere file: every value that is the restored figure
    ÷10 (exactly, or up to the rounding of the smaller value) is kept aside as onzeker, the right
    figure stays current; values that agree are unchanged, and nothing is counted as a revision."""
    tidy, pct = _tidy_pct(rounded, tmp_path)
    current = {
        (r, p): v
        for r, p, v in almere.con.execute(
            "SELECT regio, periode, waarde FROM observaties WHERE indicator = 'percentage-jongeren-met-jeugdzorg' "
            "AND waarde IS NOT NULL"
        ).fetchall()
    }
    # an independent reading: which tidy values are the stored figure ÷10 within the tidy value's rounding?
    slips = {
        key
        for key, value in pct.items()
        if key in current
        and value not in (0, current[key])
        and min(abs(value - current[key] / 10), abs(value - current[key] / 100)) <= 0.05 + 1e-9
    }
    others = {key for key, value in pct.items() if key in current and value != current[key]} - slips
    db = _copy_of(almere, tmp_path)
    try:
        result = db.import_file(tidy)
        assert len(slips) >= (300 if rounded else 70)
        assert result.verdacht == len(slips)
        assert result.herzien == len(others)
        for regio, periode in sorted(slips)[:40]:
            obs = _current(db, "percentage-jongeren-met-jeugdzorg", regio, periode)
            assert obs.waarde == current[(regio, periode)] and obs.onzeker is None
        if not rounded:  # the example
            assert _current(db, "percentage-jongeren-met-jeugdzorg", "WK003422", "2024").waarde == 11.0
            from councilkit.data import figures

            fig = figures.reeks(db, "percentage-jongeren-met-jeugdzorg", "WK003422").get("2024")
            assert fig is not None and fig.tekst == "11,0%" and "herzien" not in fig.vlaggen
            assert not fig.eerder  # the slip is no earlier version of the figure …
            assert any(
                "gaf 1,1%" in note and "niet overgenomen" in note for note in fig.toelichting
            )  # … but said
    finally:
        db.close()


# --- region names (issue 8: "data show names the region") ---------------------------------------------------


def test_region_names_from_the_kwb_tables(store: Store) -> None:
    """The typed 84799NED table gives each row its gemeente (Gemeentenaam_1): kept per region and year."""
    rows = dict(
        ((r, p), (n, g))
        for r, p, n, g in store.con.execute(
            "SELECT regio, periode, naam, gemeente FROM regios WHERE regio IN ('GM0758', 'WK075801', 'WK003401')"
        ).fetchall()
    )
    assert rows[("GM0758", "2020")] == ("Breda", "Breda")
    assert rows[("WK075801", "2020")] == (None, "Breda")  # the table has no wijk names of its own
    assert rows[("WK003401", "2024")] == (None, "Almere")  # the Almere file, per yearly table


def test_data_show_names_wijk_and_gemeente(store: Store, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    store.con.execute("CHECKPOINT")
    path = shutil.copy(store.path, tmp_path / "kopie.duckdb")
    shown = cli("data", "show", "wmo-clienten", "--regio", "WK003401", "--store", path)
    assert shown.out.splitlines()[0] == "wmo-clienten — WK003401 (wijk in Almere)", shown
    breda = cli("data", "show", "inwoners", "--regio", "GM0758", "--store", path, "--format", "json")
    import json

    assert json.loads(breda.out)[0]["regio_label"] == "GM0758 Breda"


def test_wijk_names_from_the_region_dimension_beside_the_table(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """With the table's WijkenEnBuurten dimension beside it (CBS OData: Key, Title), every wijk and
    buurt is named: "WK075801 Breda noord". The rows are CBS's own for 84799NED."""
    import json
    import shutil

    for side in KWB_2020.parent.glob("cbs.v3.84799NED_*"):
        shutil.copy(side, tmp_path / side.name)
    dimension = [
        {"Key": "GM0758    ", "Title": "Breda", "Municipality": "GM0758", "DetailRegionCode": "GM0758"},
        {
            "Key": "WK075801  ",
            "Title": "Breda noord",
            "Municipality": "GM0758",
            "DetailRegionCode": "WK075801",
        },
        {
            "Key": "WK075800  ",
            "Title": "Breda centrum",
            "Municipality": "GM0758",
            "DetailRegionCode": "WK075800",
        },
    ]
    (tmp_path / "cbs.v3.84799NED_WijkenEnBuurten.json").write_text(
        json.dumps({"value": dimension}), encoding="utf-8"
    )
    db = tmp_path / "s.duckdb"
    assert cli("data", "import", tmp_path / "cbs.v3.84799NED_TypedDataSet.parquet", "--store", db).code == 0
    shown = cli("data", "show", "inwoners", "--regio", "WK075801", "--store", db)
    assert shown.out.splitlines()[0] == "inwoners — WK075801 Breda noord", shown
    other = cli("data", "show", "inwoners", "--regio", "WK075802", "--store", db)
    assert other.out.splitlines()[0] == "inwoners — WK075802 (wijk in Breda)"


def test_a_wijk_from_a_monitor_export_is_placed_in_its_gemeente_by_its_code(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The long monitor export gives codes only; CBS numbers a wijk after its gemeente (WK0034xx lies in
    GM0034), so the official list names the gemeente of that year — also for a buurt."""
    db = tmp_path / "lang.duckdb"
    assert cli("data", "import", ALMERE_LONG, "--store", db).code == 0
    shown = cli("data", "show", "wmo-clienten", "--regio", "WK003401", "--store", db)
    assert shown.out.splitlines()[0] == "wmo-clienten — WK003401 (wijk in Almere)", shown
    gemeente = cli("data", "show", "wmo-clienten", "--regio", "GM0034", "--store", db)
    assert gemeente.out.splitlines()[0] == "wmo-clienten — GM0034 Almere"
