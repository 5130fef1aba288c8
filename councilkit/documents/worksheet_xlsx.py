"""The worksheet as an Excel file, and reading a filled one back.

Layout: an instructions sheet (with name, fractie and date), one sheet per step and a sheet for the
koppeltabel. Only the answer cells are unlocked (and yellow); everything else is protected, so a
raadslid cannot type over a question by accident. Choices (which value a principle serves) are data
validation lists that point at the answer cells of the earlier step; Excel warns but still accepts
another text.

Reading never relies on positions: every answer cell has a marker in hidden column A of its row
(`ck:veld:waarden:2`), and the koppeltabel has a hidden row naming the column of each kolom. Rows may
be moved, sheets renamed and the protection removed; when a marker is gone or doubled the reader
says which answer is affected instead of guessing. A very hidden sheet `councilkit` holds the kind,
variant and form version so `read` recognises the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from councilkit.errors import InputError
from councilkit.model.werkbladformulier import Werkbladformulier, load_formulier, onbekende_soort, soorten

META_SHEET = "councilkit"
MARKER_KOLOMMEN = "ck:kolommen"
TITLE_MAX = 31


def marker_veld(veld_id: str, nummer: int | None = None) -> str:
    return f"ck:veld:{veld_id}" + (f":{nummer}" if nummer is not None else "")


def marker_meta(name: str) -> str:
    return f"ck:meta:{name}"


def marker_koppel(nummer: int) -> str:
    return f"ck:koppel:{nummer}"


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()[:TITLE_MAX].strip()
    title, n = clean, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = clean[: TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def write_xlsx(
    formulier: Werkbladformulier, path: Path, *, gemeente: str = "", datum: dt.date | None = None
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    used: set[str] = set()
    wrap = Alignment(wrap_text=True, vertical="top")
    invul = PatternFill("solid", fgColor="FFF2CC")
    rand = Side(style="thin", color="7F6000")
    invul_rand = Border(left=rand, right=rand, top=rand, bottom=rand)
    kop = Font(bold=True, size=14, color="0B5394")
    vet = Font(bold=True)
    open_cel = Protection(locked=False)

    def sheet(title: str) -> Any:
        ws: Any = wb.active if not used else wb.create_sheet()
        ws.title = _sheet_title(title, used)
        ws.column_dimensions["A"].hidden = True
        ws.column_dimensions["B"].width = 48
        ws.column_dimensions["C"].width = 70
        ws.sheet_view.showGridLines = False
        return ws

    def text(ws: Any, value: str, font: Any = None) -> int:
        ws.append([None, value])
        cell = ws.cell(row=ws.max_row, column=2)
        cell.alignment = wrap
        if font is not None:
            cell.font = font
        return int(ws.max_row)

    def answer(ws: Any, marker: str, label: str, *, hoog: bool = True, naam: str | None = None) -> str:
        ws.append([marker, label, None])
        row = ws.max_row
        ws.cell(row=row, column=2).alignment = wrap
        cell = ws.cell(row=row, column=3)
        cell.protection = open_cel
        cell.fill = invul
        cell.border = invul_rand
        cell.alignment = wrap
        cell.number_format = "@"
        ws.row_dimensions[row].height = 75 if hoog else 30
        ref = f"'{ws.title}'!$C${row}"
        if naam:
            wb.defined_names[naam] = DefinedName(naam, attr_text=ref)
        return ref

    # Instructions and who fills it in.
    ws = sheet("Instructies")
    text(ws, formulier.titel + (f" — gemeente {gemeente}" if gemeente else ""), kop)
    text(ws, f"Werkblad {formulier.variant_naam}", vet)
    text(ws, formulier.inleiding)
    if formulier.opdracht:
        text(ws, formulier.opdracht.toelichting)
        text(ws, formulier.opdracht.noteer, vet)
    text(ws, "")
    text(ws, "Zo vult u dit werkblad in", vet)
    for regel in (
        "Vul alleen de gele vakken in; de rest van het werkblad is beveiligd, zodat er niets per ongeluk verdwijnt.",
        "Elke stap staat op een eigen tabblad (onderaan). Bij een lijst zet u één antwoord per vak.",
        "In de koppeltabel kiest u een waarde, principe of resultaat uit wat u eerder noteerde; een eigen tekst mag ook.",
        "Bewaar het bestand en stuur het naar de griffie. Laat de naam van de tabbladen en de volgorde van de "
        "vakken liefst staan.",
    ):
        text(ws, "• " + regel)
    text(ws, "")
    wie = "Over u" if formulier.variant == "zelf" else "Wie vulde dit in"
    text(ws, wie, vet)
    answer(ws, marker_meta("naam"), "Naam", hoog=False, naam="ck_naam")
    answer(ws, marker_meta("fractie"), "Fractie", hoog=False, naam="ck_fractie")
    answer(ws, marker_meta("datum"), "Datum van invullen (JJJJ-MM-DD)", hoog=False, naam="ck_datum")

    lijst_bereik: dict[str, str] = {}
    for stap in formulier.stappen:
        ws = sheet(f"Stap {stap.nummer} {stap.titel}")
        text(ws, f"Stap {stap.nummer}. {stap.titel}", kop)
        if stap.kernvraag:
            text(ws, stap.kernvraag, vet)
        if stap.uitleg:
            text(ws, stap.uitleg)
        if stap.voorbeelden:
            text(ws, "Voorbeelden", vet)
            for voorbeeld in stap.voorbeelden:
                text(ws, "• " + voorbeeld)
        if stap.opdracht:
            text(ws, stap.opdracht.toelichting)
            if stap.opdracht.vragen:
                text(ws, "Om over na te denken", vet)
                for vraag in stap.opdracht.vragen:
                    text(ws, "• " + vraag)
        for veld in stap.velden:
            text(ws, "")
            if veld.is_lijst:
                text(ws, veld.label + (f" ({veld.hulp})" if veld.hulp else ""), vet)
                refs = [
                    answer(ws, marker_veld(veld.id, i), f"Antwoord {i}", hoog=False)
                    for i in range(1, veld.aantal + 1)
                ]
                lijst_bereik[veld.id] = refs[0] + ":" + refs[-1].split("!")[1]
            else:
                answer(ws, marker_veld(veld.id), veld.label + (f" ({veld.hulp})" if veld.hulp else ""))
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=2, max_col=2):
            for cell in row:
                cell.alignment = wrap

    if formulier.koppeltabel:
        tabel = formulier.koppeltabel
        ws = sheet(tabel.titel)
        text(ws, tabel.titel, kop)
        text(ws, tabel.toelichting)
        for kolom in tabel.kolommen:
            text(ws, f"{kolom.kop}: {kolom.toelichting}")
        text(ws, "")
        ws.append([MARKER_KOLOMMEN, *[k.id for k in tabel.kolommen]])
        ws.row_dimensions[ws.max_row].hidden = True
        ws.append([None, *[k.kop for k in tabel.kolommen]])
        header = ws.max_row
        for col in range(2, 2 + len(tabel.kolommen)):
            ws.cell(row=header, column=col).font = vet
            ws.column_dimensions[ws.cell(row=header, column=col).column_letter].width = 36
        first = header + 1
        for nummer in range(1, tabel.rijen + 4):
            ws.append([marker_koppel(nummer)])
            row = ws.max_row
            ws.row_dimensions[row].height = 60
            for col in range(2, 2 + len(tabel.kolommen)):
                cell = ws.cell(row=row, column=col)
                cell.protection = open_cel
                cell.fill = invul
                cell.border = invul_rand
                cell.alignment = wrap
                cell.number_format = "@"
        last = ws.max_row
        for offset, kolom in enumerate(tabel.kolommen):
            if kolom.keuzes_uit and kolom.keuzes_uit in lijst_bereik:
                letter = ws.cell(row=first, column=2 + offset).column_letter
                validation = DataValidation(
                    type="list",
                    formula1="=" + lijst_bereik[kolom.keuzes_uit],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle="Niet uit de lijst",
                    error="Deze tekst staat niet bij de eerdere stap. Wilt u hem toch gebruiken?",
                    promptTitle=kolom.kop,
                    prompt=kolom.toelichting[:250],
                    showInputMessage=True,
                )
                validation.add(f"{letter}{first}:{letter}{last}")
                ws.add_data_validation(validation)

    meta = wb.create_sheet(META_SHEET)
    for key, value in (
        ("formaat", "councilkit-werkblad"),
        ("werkblad", formulier.soort),
        ("variant", formulier.variant),
        ("versie", formulier.versie),
        ("gemeente", gemeente),
        ("gemaakt", (datum or dt.date.today()).isoformat()),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    for ws in wb.worksheets:
        ws.protection.sheet = True
        ws.protection.enable()
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = formulier.titel
    wb.properties.creator = "councilkit"
    wb.properties.subject = f"werkblad {formulier.soort}"
    wb.active = 0
    wb.save(path)


# ---------------------------------------------------------------------------------------------------
# Reading a filled-in workbook
# ---------------------------------------------------------------------------------------------------


def read_xlsx(path: Path) -> dict[str, Any]:
    """The answers in a filled-in worksheet workbook, as the same dict the HTML form saves."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            "dit is geen leesbaar Excel-bestand (beschadigd of afgebroken)",
            file=path,
            hint=f"sla het opnieuw op als .xlsx of vraag het raadslid om het opnieuw te sturen ({type(exc).__name__})",
        ) from None
    if META_SHEET not in wb.sheetnames:
        raise InputError(
            "dit Excel-bestand is geen werkblad van councilkit (het verborgen blad 'councilkit' ontbreekt)",
            file=path,
            hint="gebruik een werkblad dat met 'councilkit worksheet new' is gemaakt",
        )
    meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    soort = str(meta.get("werkblad") or "")
    if soort not in soorten():
        raise onbekende_soort(soort, file=path)
    variant = str(meta.get("variant") or "zelf")
    if variant not in ("zelf", "raad"):
        raise InputError(f"onbekende variant '{variant}' in het verborgen blad", file=path)
    formulier = load_formulier(soort, variant)

    markers: dict[str, list[tuple[Any, int]]] = {}
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        for row in ws.iter_rows(min_col=1, max_col=1):
            value = row[0].value
            if isinstance(value, str) and value.startswith("ck:"):
                markers.setdefault(value, []).append((ws, int(row[0].row or 0)))

    def place(marker: str, what: str) -> tuple[Any, int] | None:
        found = markers.get(marker, [])
        if len(found) > 1:
            where = ", ".join(f"blad '{ws.title}' rij {row}" for ws, row in found)
            raise InputError(
                f"het antwoordvak voor {what} staat twee keer in het bestand ({where})",
                file=path,
                hint="verwijder de gekopieerde rij en bewaar het bestand opnieuw",
            )
        return found[0] if found else None

    missing: list[str] = []

    def cell_text(marker: str, what: str, column: int = 3) -> str | None:
        spot = place(marker, what)
        if spot is None:
            missing.append(what)
            return None
        ws, row = spot
        return _text(ws.cell(row=row, column=column).value)

    data: dict[str, Any] = {
        "formaat": "councilkit-werkblad",
        "werkblad": soort,
        "variant": variant,
        "versie": meta.get("versie"),
        "gemeente": meta.get("gemeente") or "",
        "naam": cell_text(marker_meta("naam"), "de naam"),
        "fractie": cell_text(marker_meta("fractie"), "de fractie"),
        "datum": cell_text(marker_meta("datum"), "de datum"),
        "antwoorden": {},
        "koppeltabel": [],
    }
    for veld in formulier.velden.values():
        if veld.is_lijst:
            data["antwoorden"][veld.id] = [
                cell_text(marker_veld(veld.id, i), f"'{veld.label}' (antwoord {i})") or ""
                for i in range(1, veld.aantal + 1)
            ]
        else:
            data["antwoorden"][veld.id] = cell_text(marker_veld(veld.id), f"'{veld.label}'") or ""
    if formulier.koppeltabel:
        spot = place(MARKER_KOLOMMEN, "de kolomnamen van de koppeltabel")
        if spot is None:
            missing.append("de verborgen rij met de kolommen van de koppeltabel")
        else:
            kop_ws, kop_rij = spot
            kolommen = {str(c.value): c.column for c in kop_ws[kop_rij][1:] if c.value is not None}
            nummers = sorted(
                int(m.rsplit(":", 1)[1]) for m in markers if m.startswith("ck:koppel:") and m[10:].isdigit()
            )
            for nummer in nummers:
                rij_ws, rij = place(marker_koppel(nummer), f"rij {nummer} van de koppeltabel") or (kop_ws, 0)
                data["koppeltabel"].append(
                    {
                        kolom.id: _text(rij_ws.cell(row=rij, column=kolommen[kolom.id]).value) or ""
                        for kolom in formulier.koppeltabel.kolommen
                        if kolom.id in kolommen
                    }
                )
    if missing:
        shown = "; ".join(missing[:5]) + (f" en nog {len(missing) - 5}" if len(missing) > 5 else "")
        raise InputError(
            f"in dit Excel-bestand {'is' if len(missing) == 1 else 'zijn'} {len(missing)} "
            f"{'antwoordvak' if len(missing) == 1 else 'antwoordvakken'} niet meer te vinden: {shown}",
            file=path,
            hint="de verborgen kolom A met de kenmerken is gewist of overschreven; neem de antwoorden over "
            "in een nieuw werkblad ('councilkit worksheet new')",
        )
    return data


def _text(value: object) -> str | None:
    """A cell as the text the raadslid typed (Excel may have turned a date into a date)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
