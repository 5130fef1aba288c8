"""The status of a result against the straight path from nulmeting to streefwaarde, on hand-made series."""

from __future__ import annotations

import pytest

from councilkit.documents.report_status import (
    ACHTER,
    BEREIKT,
    GEEN_GEGEVENS,
    NIET_TE_BEOORDELEN,
    OP_KOERS,
    Ijkpunt,
    Punt,
    beoordeel,
    pad_waarde,
)


def reeks(*pairs: tuple[int, float | None], vlaggen: dict[int, set[str]] | None = None) -> list[Punt]:
    flags = vlaggen or {}
    return [Punt(j, w, frozenset(flags.get(j, set()))) for j, w in pairs]


NUL_UP = Ijkpunt(2020, 50.0)
STREEF_UP = Ijkpunt(2024, 60.0)  # higher is better: path 50, 52.5, 55, 57.5, 60
NUL_DOWN = Ijkpunt(2020, 40.0)
STREEF_DOWN = Ijkpunt(2024, 30.0)  # lower is better: path 40, 37.5, 35, 32.5, 30


def test_path_is_straight_and_flat_outside_the_period() -> None:
    assert pad_waarde(NUL_UP, STREEF_UP, 2022) == 55.0
    assert pad_waarde(NUL_UP, STREEF_UP, 2019) == 50.0
    assert pad_waarde(NUL_UP, STREEF_UP, 2026) == 60.0
    assert pad_waarde(NUL_DOWN, STREEF_DOWN, 2021) == 37.5


@pytest.mark.parametrize(
    ("waarde", "status"),
    [(56.0, OP_KOERS), (55.0, OP_KOERS), (54.9, ACHTER), (49.0, ACHTER), (60.0, BEREIKT), (63.0, BEREIKT)],
)
def test_higher_is_better(waarde: float, status: str) -> None:
    oordeel = beoordeel(
        reeks((2020, 50.0), (2022, waarde)),
        jaar=2022,
        nulmeting=NUL_UP,
        streefwaarde=STREEF_UP,
        polariteit="hoger-is-beter",
    )
    assert oordeel.status == status


@pytest.mark.parametrize(
    ("waarde", "status"),
    [(34.0, OP_KOERS), (35.0, OP_KOERS), (35.1, ACHTER), (41.0, ACHTER), (30.0, BEREIKT), (28.0, BEREIKT)],
)
def test_lower_is_better(waarde: float, status: str) -> None:
    oordeel = beoordeel(
        reeks((2020, 40.0), (2022, waarde)),
        jaar=2022,
        nulmeting=NUL_DOWN,
        streefwaarde=STREEF_DOWN,
        polariteit="lager-is-beter",
    )
    assert oordeel.status == status
    if status != BEREIKT:
        assert oordeel.pad == 35.0


def test_target_reached_early_says_so() -> None:
    oordeel = beoordeel(
        reeks((2020, 50.0), (2021, 61.0)), jaar=2021, nulmeting=NUL_UP, streefwaarde=STREEF_UP
    )
    assert oordeel.status == BEREIKT
    assert any("al gehaald" in r for r in oordeel.redenen)


def test_the_kompas_direction_wins_over_a_neutral_polarity() -> None:
    # A neutral indicator with a falling target is judged as "lower is better".
    oordeel = beoordeel(
        reeks((2022, 34.0)), jaar=2022, nulmeting=NUL_DOWN, streefwaarde=STREEF_DOWN, polariteit="neutraal"
    )
    assert oordeel.status == OP_KOERS


def test_no_baseline_only_reached_or_no_judgement() -> None:
    up = "hoger-is-beter"
    reached = beoordeel(reeks((2022, 61.0)), jaar=2022, nulmeting=None, streefwaarde=STREEF_UP, polariteit=up)
    assert reached.status == BEREIKT
    open_ = beoordeel(reeks((2022, 52.0)), jaar=2022, nulmeting=None, streefwaarde=STREEF_UP, polariteit=up)
    assert open_.status == GEEN_GEGEVENS
    assert any("nulmeting" in r for r in open_.redenen)


def test_no_target_is_no_judgement() -> None:
    oordeel = beoordeel(reeks((2022, 52.0)), jaar=2022, nulmeting=NUL_UP, streefwaarde=None)
    assert oordeel.status == GEEN_GEGEVENS
    assert oordeel.laatste == Punt(2022, 52.0)


def test_figure_older_than_the_report_year_is_used_and_named() -> None:
    oordeel = beoordeel(
        reeks((2020, 50.0), (2021, 53.0), (2025, 70.0)),
        jaar=2023,
        nulmeting=NUL_UP,
        streefwaarde=STREEF_UP,
    )
    # 2021: path 52.5, figure 53 → on course; the 2025 figure lies after the report year and is ignored.
    assert oordeel.status == OP_KOERS
    assert oordeel.laatste is not None and oordeel.laatste.jaar == 2021
    assert any("2021" in r and "2023" in r for r in oordeel.redenen)


def test_only_figures_after_the_year_is_no_data() -> None:
    oordeel = beoordeel(reeks((2025, 70.0)), jaar=2023, nulmeting=NUL_UP, streefwaarde=STREEF_UP)
    assert oordeel.status == GEEN_GEGEVENS
    assert "2025" in oordeel.redenen[0]


def test_empty_or_suppressed_series_is_no_data() -> None:
    assert beoordeel([], jaar=2023, nulmeting=NUL_UP, streefwaarde=STREEF_UP).status == GEEN_GEGEVENS
    hidden = reeks((2022, None), (2023, None))
    assert beoordeel(hidden, jaar=2023, nulmeting=NUL_UP, streefwaarde=STREEF_UP).status == GEEN_GEGEVENS


@pytest.mark.parametrize("vlag", ["definitiebreuk", "mogelijke breuk", "grenswijziging"])
def test_a_break_since_the_baseline_is_never_read_as_success(vlag: str) -> None:
    # Lower is better and the figure fell far below the target — but across a break.
    series = reeks((2020, 40.0), (2022, 39.0), (2023, 29.0), vlaggen={2023: {vlag}})
    oordeel = beoordeel(
        series, jaar=2023, nulmeting=NUL_DOWN, streefwaarde=STREEF_DOWN, polariteit="lager-is-beter"
    )
    assert oordeel.status == NIET_TE_BEOORDELEN
    assert not oordeel.succes
    assert any(vlag in r and "2023" in r for r in oordeel.redenen)


def test_a_break_before_the_baseline_does_not_block() -> None:
    series = reeks((2019, 45.0), (2020, 40.0), (2022, 34.0), vlaggen={2019: {"definitiebreuk"}})
    oordeel = beoordeel(series, jaar=2022, nulmeting=NUL_DOWN, streefwaarde=STREEF_DOWN)
    assert oordeel.status == OP_KOERS


def test_an_uncertain_latest_figure_claims_nothing() -> None:
    series = reeks((2020, 50.0), (2022, 70.0), vlaggen={2022: {"onzeker"}})
    oordeel = beoordeel(series, jaar=2022, nulmeting=NUL_UP, streefwaarde=STREEF_UP)
    assert oordeel.status == NIET_TE_BEOORDELEN
    assert "onzeker" in oordeel.redenen[0]


def test_hold_the_level() -> None:
    nul, streef = Ijkpunt(2020, 10.0), Ijkpunt(2024, 10.0)
    assert beoordeel(reeks((2022, 10.0)), jaar=2022, nulmeting=nul, streefwaarde=streef).status == BEREIKT
    # A neutral indicator that moved away from the level to hold is behind, whatever the direction.
    assert beoordeel(reeks((2022, 11.0)), jaar=2022, nulmeting=nul, streefwaarde=streef).status == ACHTER
    # With a polarity, holding means "no worse than": above the level is reached for higher-is-better.
    up = beoordeel(
        reeks((2022, 11.0)), jaar=2022, nulmeting=nul, streefwaarde=streef, polariteit="hoger-is-beter"
    )
    assert up.status == BEREIKT
