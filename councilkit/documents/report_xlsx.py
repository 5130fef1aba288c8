"""The annual report as an Excel workbook: an overview sheet, one sheet per result with a native
line chart, and a sheet with the sources of every figure.

Analysts and griffiers re-use the figures, so the workbook holds numbers (not text) wherever a
figure may be shown, with a Dutch-readable number format; a figure hidden by disclosure is the word
"geheim" (never the number). Text from the kompas is always written as text, never as a formula
(a kompas line starting with "=" must not run in Excel).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from councilkit.documents.report_context import ReportContext, Resultaatverslag

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = "DDE6F0"


def _number_format(eenheid: str | None, waarde: float | None, decimalen: int | None = None) -> str:
    """Excel's format for a figure: the indicator's decimals when declared (9,0 stays 9,0)."""
    if decimalen is not None:
        digits = "#,##0" + ("." + "0" * decimalen if decimalen else "")
        return digits + '"%"' if eenheid == "%" else digits
    if eenheid == "%":
        return '0.0"%"'
    if waarde is not None and not float(waarde).is_integer():
        return "#,##0.0"
    return "#,##0"


def _text(ws: Any, row: int, col: int, value: object) -> Any:
    """Write `value` as a text cell (never a formula), whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def _header(ws: Any, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, label in enumerate(labels, start=1):
        cell = _text(ws, row, col, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)


def _sheet_name(res: Resultaatverslag, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", f"{res.nummer} {res.id}")[:31]
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name.lower())
    return name


def write_xlsx(context: ReportContext, path: Path) -> None:
    """Write the workbook for `context` to `path` (the pipeline renames it into place)."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.create_sheet("Overzicht", 0)
    for extra in wb.worksheets[1:]:
        wb.remove(extra)
    _text(ws, 1, 1, context.titel)
    _text(ws, 2, 1, context.ondertitel)
    _header(
        ws,
        4,
        ["Nr.", "Resultaat", "Indicator", "Laatste cijfer", "Nulmeting", "Streefwaarde", "Status", "Bron"],
    )
    for row, res in enumerate(context.resultaten, start=5):
        values = [
            res.nummer,
            res.omschrijving,
            res.indicator_naam,
            res.laatste,
            res.nulmeting,
            res.streefwaarde,
            res.status + (" (reeksbreuk)" if res.breuken else ""),
            res.laatste_bron or "–",
        ]
        for col, value in enumerate(values, start=1):
            _text(ws, row, col, value).alignment = Alignment(wrap_text=col == 2, vertical="top")
    note_row = 6 + len(context.resultaten)
    _text(ws, note_row, 1, context.uitleg_op_koers)
    for warning_row, warning in enumerate(context.waarschuwingen, start=note_row + 1):
        _text(ws, warning_row, 1, f"Let op: {warning}")
    ws.freeze_panes = "A5"
    for letter, width in zip("ABCDEFGH", (6, 60, 32, 16, 16, 16, 20, 40), strict=True):
        ws.column_dimensions[letter].width = width

    used = {"overzicht", "bronnen"}
    for res in context.resultaten:
        sheet = wb.create_sheet(_sheet_name(res, used))
        _text(sheet, 1, 1, f"{res.nummer}. {res.omschrijving}")
        _text(sheet, 2, 1, f"{res.indicator_naam} ({res.eenheid or ''}) — status: {res.status}")
        _header(sheet, 3, ["Jaar", context.gemeente, "Lijn naar streefwaarde", "Opmerking", "Bron"])
        for row, rij in enumerate(res.rijen, start=4):
            _text(sheet, row, 1, rij.periode)
            if rij.waarde is not None:
                cell = sheet.cell(row=row, column=2, value=rij.waarde)
                cell.number_format = _number_format(res.eenheid, rij.waarde, res.decimalen)
            else:
                _text(sheet, row, 2, rij.tekst)
            pad = res.pad_waarden.get(rij.periode)
            if pad is not None:
                cell = sheet.cell(row=row, column=3, value=round(pad, 2))
                cell.number_format = "#,##0.0"
            _text(sheet, row, 4, rij.opmerking)
            _text(sheet, row, 5, rij.bron)
        last = 3 + len(res.rijen)
        if res.rijen and any(
            isinstance(sheet.cell(row=r, column=2).value, float | int) for r in range(4, last + 1)
        ):
            chart = LineChart()
            chart.title = res.indicator_naam
            chart.y_axis.title = res.eenheid or ""
            chart.x_axis.title = "Jaar"
            if res.pad_waarden:
                chart.add_data(Reference(sheet, min_col=3, min_row=3, max_row=last), titles_from_data=True)
            # The series as the report's chart draws it: split at each break (never a line across
            # one), in columns beside the table (from column F), so the chart can show the gap.
            segments = res.grafiek["series"] if res.grafiek else []
            own = [seg for seg in segments if str(seg["naam"]).startswith(context.gemeente)]
            if len(own) > 1:
                for offset, seg in enumerate(own):
                    col = 6 + offset
                    _text(sheet, 3, col, f"Grafiek: {seg['naam']}")
                    for r, value in enumerate(seg["waarden"], start=4):
                        if value is not None:
                            sheet.cell(row=r, column=col, value=value)
                chart.add_data(
                    Reference(sheet, min_col=6, max_col=5 + len(own), min_row=3, max_row=last),
                    titles_from_data=True,
                )
            else:
                chart.add_data(Reference(sheet, min_col=2, min_row=3, max_row=last), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last))
            chart.height, chart.width = 8, 16
            sheet.add_chart(chart, "I3")
        row = last + 2
        if res.breuken:
            _text(
                sheet,
                row,
                1,
                "Reeksbreuk — de cijfers zijn niet vergelijkbaar over de breuk heen. "
                + " ".join(res.breuken),
            )
            row += 2
        if res.vergelijkingen:
            _header(sheet, row, ["Vergelijking", "Jaar", "Cijfer", "", "Bron"])
            for v in res.vergelijkingen:
                row += 1
                _text(sheet, row, 1, v.naam)
                _text(sheet, row, 2, v.periode)
                _text(sheet, row, 3, v.tekst)
                _text(sheet, row, 5, v.bron)
            row += 2
        _text(sheet, row, 1, f"Conclusie: {res.conclusie}")
        sheet.freeze_panes = "A4"
        for letter, width in zip("ABCDE", (14, 16, 22, 40, 44), strict=True):
            sheet.column_dimensions[letter].width = width

    src = wb.create_sheet("Bronnen")
    _header(src, 1, ["Bestand", "Tabel", "Geïmporteerd", "Cijfers", "sha256"])
    for row, b in enumerate(context.bronnen, start=2):
        for col, value in enumerate([b.bestand, b.tabel, b.geimporteerd, str(b.cijfers), b.sha256], start=1):
            _text(src, row, col, value)
    note = 3 + len(context.bronnen)
    _text(
        src,
        note,
        1,
        f"Statistische geheimhouding: aantallen personen van {context.drempel} of minder, en cijfers waaruit "
        "zo'n aantal is af te leiden, staan als 'geheim' in deze werkmap.",
    )
    src.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (40, 30, 20, 10, 70), strict=True):
        src.column_dimensions[letter].width = width
    wb.properties.title = context.titel
    wb.properties.language = "nl-NL"
    wb.save(path)
