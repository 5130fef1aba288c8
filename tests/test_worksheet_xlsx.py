"""The Excel worksheet: protected except the yellow answer cells, choices as lists, read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from councilkit.documents.worksheet_xlsx import META_SHEET

TEXT = " Één “aanhalingstekens” 'enkel' \"dubbel\" 😀 café\ntweede regel\n\n</script><b>x</b> - a: b # c "


def _answer_cells(wb) -> list:
    return [
        (ws, cell)
        for ws in wb.worksheets
        if ws.title != META_SHEET
        for row in ws.iter_rows()
        for cell in row
        if cell.protection.locked is False
    ]


@pytest.fixture
def filled(tmp_path: Path, cli) -> tuple[Path, dict[str, str]]:
    """A visie workbook filled through openpyxl in every unlocked cell; the marker → text typed."""
    blank = tmp_path / "visie.xlsx"
    assert cli("worksheet", "new", "visie", "-o", blank, "--gemeente", "Tilburg").code == 0
    wb = load_workbook(blank)
    typed: dict[str, str] = {}
    for ws, cell in _answer_cells(wb):
        marker = ws.cell(row=cell.row, column=1).value
        key = f"{marker}@{cell.column_letter}"
        if marker == "ck:meta:datum":
            value = "2026-11-27"
        elif marker == "ck:meta:naam":
            value = "Fatima “El Amrani” 🌷"
        elif marker == "ck:meta:fractie":
            value = "D66"
        else:
            value = f"{key}:{TEXT}"
        cell.value = value
        typed[key] = value
    path = tmp_path / "fatima.xlsx"
    wb.save(path)
    return path, typed


def test_only_answer_cells_are_open(tmp_path: Path, cli) -> None:
    path = tmp_path / "visie.xlsx"
    assert cli("worksheet", "new", "visie", "-o", path).code == 0
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Instructies"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert [s for s in wb.sheetnames if s.startswith("Stap")] == [
        "Stap 1 Maatschappelijke waarden",
        "Stap 2 Leidende principes",
        "Stap 3 Maatschappelijke resulta",
        "Stap 4 Kwaliteitseisen aan onde",
    ]
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
    open_cells = _answer_cells(wb)
    # 3 about-you cells, 4 lists of 5, 3 free texts, 11 koppeltabel rows of 4 columns.
    assert len(open_cells) == 3 + 20 + 3 + 44
    for ws, cell in open_cells:
        assert cell.fill.fgColor.rgb.endswith("FFF2CC")
        assert str(ws.cell(row=cell.row, column=1).value).startswith("ck:")
    locked_with_text = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value and c.protection.locked
    ]
    assert locked_with_text, "questions and explanations are protected"
    koppel = wb["Koppeltabel"]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in koppel.data_validations.dataValidation}
    assert lists["B"].startswith("='Stap 1 Maatschappelijke waarden'!$C$")
    assert set(lists) == {"B", "C", "E"}


def test_filled_workbook_reads_back_exactly(filled, tmp_path: Path, cli) -> None:
    path, typed = filled
    before = path.read_bytes()
    out = tmp_path / "fatima.yaml"
    result = cli("worksheet", "read", path, "-o", out)
    assert result.code == 0, result
    assert path.read_bytes() == before
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (data["naam"], data["fractie"], data["datum"], data["gemeente"]) == (
        "Fatima “El Amrani” 🌷",
        "D66",
        "2026-11-27",
        "Tilburg",
    )
    for i in range(1, 6):
        assert data["antwoorden"]["gekozen-waarden"][i - 1] == typed[f"ck:veld:gekozen-waarden:{i}@C"]
    assert data["antwoorden"]["resultaten-informatie"] == typed["ck:veld:resultaten-informatie@C"]
    assert len(data["koppeltabel"]) == 11
    assert data["koppeltabel"][10]["onderbouwing"] == typed["ck:koppel:11@D"]
    n_typed = len([k for k in typed if not k.startswith("ck:meta")])
    n_read = sum(len(v) if isinstance(v, list) else 1 for v in data["antwoorden"].values())
    n_read += sum(len(r) for r in data["koppeltabel"])
    assert n_read == n_typed
    assert cli("check", out).code == 0


def test_unprotected_and_rows_moved_still_reads(filled, tmp_path: Path, cli) -> None:
    path, typed = filled
    wb = load_workbook(path)
    ws = wb["Stap 1 Maatschappelijke waarden"]
    ws.protection.sheet = False
    first = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "ck:veld:gekozen-waarden:1"
    )
    ws.insert_rows(first, amount=3)  # rows pushed down, as in Excel
    ws.move_range(f"A{first + 3}:C{first + 3}", rows=10)  # answer 1 moved below the others
    moved = tmp_path / "verschoven.xlsx"
    wb.save(moved)
    out = tmp_path / "verschoven.yaml"
    result = cli("worksheet", "read", moved, "-o", out)
    assert result.code == 0, result
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["antwoorden"]["gekozen-waarden"][0] == typed["ck:veld:gekozen-waarden:1@C"]


def test_lost_or_doubled_marker_is_named(filled, tmp_path: Path, cli) -> None:
    path, _ = filled
    wb = load_workbook(path)
    ws = wb["Stap 2 Leidende principes"]
    row = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "ck:veld:gekozen-principes:2"
    )
    ws.cell(row=row, column=1).value = None
    lost = tmp_path / "kwijt.xlsx"
    wb.save(lost)
    result = cli("worksheet", "read", lost, "-o", tmp_path / "kwijt.yaml")
    assert result.code == 2
    assert "antwoordvak niet meer te vinden" in result.err and "(antwoord 2)" in result.err
    assert not (tmp_path / "kwijt.yaml").exists()

    ws.cell(row=row, column=1).value = "ck:veld:gekozen-principes:2"
    ws.cell(row=row + 1, column=1).value = "ck:veld:gekozen-principes:2"
    double = tmp_path / "dubbel.xlsx"
    wb.save(double)
    result = cli("worksheet", "read", double, "-o", tmp_path / "dubbel.yaml")
    assert result.code == 2 and "staat twee keer" in result.err, result


def test_not_a_councilkit_workbook(tmp_path: Path, cli) -> None:
    from openpyxl import Workbook

    plain = tmp_path / "eigen.xlsx"
    Workbook().save(plain)
    result = cli("worksheet", "read", plain, "-o", tmp_path / "x.yaml")
    assert result.code == 2 and "geen werkblad van councilkit" in result.err
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(plain.read_bytes()[:200])
    result = cli("worksheet", "read", broken, "-o", tmp_path / "x.yaml")
    assert result.code == 2 and "geen leesbaar Excel-bestand" in result.err
