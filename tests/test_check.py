"""`councilkit check`: breaking the Breda example gives the matching finding on the right line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import BREDA

BREDA_TEXT = (BREDA / "kompas.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert BREDA_TEXT.count(old) >= 1, old
    text = BREDA_TEXT.replace(old, new, 1)
    path = tmp_path / "kompas.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def findings(cli, path: Path, *extra: str) -> tuple[int, list[dict]]:
    result = cli("check", path, "--format", "json", *extra)
    assert result.err == "", result
    return result.code, json.loads(result.out)["findings"]


def test_breda_checks_clean(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Judged on a day while the plan is being written (the year before its period), so the test
    does not turn red in the years after the example's period has passed."""
    monkeypatch.setattr("councilkit.checks.kompas._today", lambda: datetime.date(2026, 11, 29))
    code, found = findings(cli, BREDA / "kompas.yaml", "--strict")
    assert (code, found) == (0, [])


@pytest.mark.parametrize(
    ("day", "code"),
    [(datetime.date(2029, 3, 1), "periode-al-begonnen"), (datetime.date(2031, 1, 2), "periode-voorbij")],
)
def test_the_same_breda_file_is_stale_later(
    cli, monkeypatch: pytest.MonkeyPatch, day: datetime.date, code: str
) -> None:
    """The fixed day above does not hide the stale-period check: later, the same file gets it."""
    monkeypatch.setattr("councilkit.checks.kompas._today", lambda: day)
    exit_code, found = findings(cli, BREDA / "kompas.yaml")
    assert code in [f["code"] for f in found], found
    assert exit_code == 0, "a stale period is a warning, not an error"


def test_result_pointing_at_missing_principle(tmp_path: Path, cli) -> None:
    path, text = broken(
        tmp_path,
        "principes: [mantelzorg-ontlasten]\n    indicator",
        "principes: [mantelzorg-ontlaste]\n    indicator",
    )
    code, found = findings(cli, path)
    assert code == 1
    errors = [f for f in found if f["code"] == "verwijzing-onbekend"]
    assert len(errors) == 1
    assert errors[0]["level"] == "fout"
    assert errors[0]["line"] == line_of(text, "principes: [mantelzorg-ontlaste]")
    assert errors[0]["file"] == str(path)
    assert "'mantelzorg-ontlaste'" in errors[0]["message"]
    assert "mantelzorg-ontlasten" in errors[0]["hint"], "suggests the id that was probably meant"


def test_principle_without_onderbouwing(tmp_path: Path, cli) -> None:
    old = """    onderbouwing: >-
      Omdat we veronderstellen dat familie, buren en vrijwilligers veel kunnen dragen als zij daarin
      gesteund worden, en dat professionele hulp dan beschikbaar blijft voor wie die echt nodig heeft.
"""
    path, text = broken(tmp_path, old, "")
    code, found = findings(cli, path)
    assert code == 1
    hit = [f for f in found if f["code"] == "principe-zonder-onderbouwing"]
    assert [f["line"] for f in hit] == [line_of(text, "- id: netwerk-eerst")]
    assert "netwerk-eerst" in hit[0]["message"]


def test_target_below_baseline_where_higher_is_better(tmp_path: Path, cli) -> None:
    path, text = broken(
        tmp_path, "streefwaarde: {jaar: 2030, waarde: 85}", "streefwaarde: {jaar: 2030, waarde: 71}"
    )
    code, found = findings(cli, path)
    assert code == 0, "a warning alone does not fail the check"
    hit = [f for f in found if f["code"] == "streefwaarde-tegen-polariteit"]
    assert len(hit) == 1
    assert hit[0]["level"] == "waarschuwing"
    assert hit[0]["line"] == line_of(text, "streefwaarde: {jaar: 2030, waarde: 71}")
    code, _ = findings(cli, path, "--strict")
    assert code == 1, "--strict makes warnings count"


def test_result_without_indicator_baseline_or_target(tmp_path: Path, cli) -> None:
    old = """    indicator: doorlooptijd-onderzoek
    nulmeting: {jaar: 2025, waarde: 52}
    streefwaarde: {jaar: 2030, waarde: 42}
"""
    path, text = broken(tmp_path, old, "")
    code, found = findings(cli, path)
    assert code == 1
    codes = {f["code"] for f in found if f["line"] == line_of(text, "- id: snel-besluit")}
    assert {
        "resultaat-zonder-indicator",
        "resultaat-zonder-nulmeting",
        "resultaat-zonder-streefwaarde",
    } <= codes


def test_unknown_indicator_suggests_catalogue_id(tmp_path: Path, cli) -> None:
    path, text = broken(tmp_path, "indicator: eenzaamheid", "indicator: eenzaamhied")
    code, found = findings(cli, path)
    hit = [f for f in found if f["code"] == "indicator-onbekend"]
    assert code == 1 and len(hit) == 1
    assert hit[0]["line"] == line_of(text, "indicator: eenzaamhied")
    assert "'eenzaamheid'" in hit[0]["hint"]


def test_duplicate_id(tmp_path: Path, cli) -> None:
    path, text = broken(tmp_path, "- id: meedoen", "- id: solidariteit")
    code, found = findings(cli, path)
    hit = [f for f in found if f["code"] == "dubbele-id"]
    assert code == 1 and len(hit) == 1
    assert hit[0]["line"] == line_of(text, "- id: solidariteit", occurrence=2)


def test_value_no_principle_serves(tmp_path: Path, cli) -> None:
    path, text = broken(tmp_path, "waarden: [betrouwbare-overheid]", "waarden: [solidariteit]")
    code, found = findings(cli, path)
    hit = [f for f in found if f["code"] == "waarde-zonder-principe"]
    assert code == 0 and len(hit) == 1
    assert hit[0]["line"] == line_of(text, "- id: betrouwbare-overheid")


def test_percentage_outside_range(tmp_path: Path, cli) -> None:
    path, _ = broken(tmp_path, "nulmeting: {jaar: 2024, waarde: 58}", "nulmeting: {jaar: 2024, waarde: 580}")
    _, found = findings(cli, path)
    assert "percentage-buiten-bereik" in {f["code"] for f in found}


def test_text_output_is_one_line_per_finding(tmp_path: Path, cli) -> None:
    path, text = broken(
        tmp_path, "principes: [mantelzorg-ontlasten]\n    indicator", "principes: [onbekend]\n    indicator"
    )
    result = cli("check", path)
    assert result.code == 1
    (error,) = [line for line in result.out.splitlines() if ": fout [" in line]
    assert error.startswith(f"{path}:{line_of(text, 'principes: [onbekend]')}: fout [verwijzing-onbekend]: ")
    assert result.out.splitlines()[-1].endswith("1 fout, 1 waarschuwing")


def test_json_shape(tmp_path: Path, cli) -> None:
    path, _ = broken(tmp_path, "indicator: eenzaamheid", "indicator: eenzaamhied")
    _, found = findings(cli, path)
    assert found and all({"code", "level", "file", "line", "message"} <= set(item) for item in found)
