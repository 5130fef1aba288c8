"""The StatLine web "CSV download": title and filter lines, two header rows (periods over
regions), every field quoted, a `Bron: CBS` footer."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.data import normalize as nz
from councilkit.data.importers.common import (
    STAGE_INSERT_ALL,
    Staged,
    choose_decimal,
    commas_in_doubt,
    parse_figure,
    shape_counts,
)
from councilkit.data.sources import SourceFile

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection


def stage_statline(con: DuckDBPyConnection, source: SourceFile) -> Staged:
    """The StatLine "CSV download": title, filters, two header rows, data, `Bron: CBS` footer.

    The leading columns are the row dimensions (Onderwerp, then others such as Leeftijd) and, last,
    the unit; above them the period row says `Perioden` and the region row names the region
    dimension (e.g. `Postcode`). A measure's name is its Onderwerp, followed by the categories of
    the other row dimensions unless they are the totals ("Totaal leeftijd").
    """
    staged = Staged(formaat="statline-csv")
    assert source.text_path is not None
    with source.text_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=source.delimiter)
        try:
            rows = [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            raise source.error(
                f"het bestand is afgebroken of beschadigd ({exc})", line=reader.line_num + 1
            ) from exc
    # fix line numbers: csv.reader reports the line a row *ends* on; enumerate once more for clarity
    title = next((r[0].strip() for _, r in rows if r and r[0].strip()), "")
    period_idx = next((i for i, (_, r) in enumerate(rows) if "Perioden" in [c.strip() for c in r]), None)
    if period_idx is None or period_idx + 1 >= len(rows):
        raise source.error("StatLine-download zonder regel 'Perioden'", line=1)
    # Filter lines between the title and the header ("Geslacht: Mannen") are part of the series'
    # identity: a men-only download is another series, not a revision of the totals.
    filters = []
    for _, row in rows[1:period_idx]:
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) == 1 and ":" in cells[0] and cells[0] != title:
            dim, _, value = cells[0].partition(":")
            if not value.strip().lower().startswith("totaal"):
                filters.append(f"{dim.strip()}: {value.strip()}")
    reeks = "; ".join(filters)
    if reeks:
        staged.opmerkingen.append(f"filter van de download: {reeks} (bewaard als aparte reeks)")
    staged.gepubliceerd = dt.datetime.fromtimestamp(source.path.stat().st_mtime).replace(microsecond=0)
    staged.gepubliceerd_bron = "downloaddatum"
    period_row = [c.strip() for c in rows[period_idx][1]]
    lead = period_row.index("Perioden") + 1
    region_row = [c.strip() for c in rows[period_idx + 1][1]]
    region_dim = region_row[lead - 1] if lead - 1 < len(region_row) else ""
    numeric_means = (
        "PC"
        if nz.name_key(region_dim) in {"postcode", "pc4"}
        else ("GM" if nz.name_key(region_dim) in {"gemeentecode", "gemeenten"} else None)
    )
    width = len(period_row)
    regions: list[str | None] = [None] * width
    periods: list[nz.ParsedPeriod | None] = [None] * width
    for j in range(lead, width):
        label = region_row[j] if j < len(region_row) else ""
        regions[j] = nz.parse_region(label, numeric_means=numeric_means)
        if regions[j] is None:
            raise source.error(
                f"onbekende regio '{label}' in de kopregel",
                line=rows[period_idx + 1][0],
                column=j + 1,
                hint="kies bij het downloaden in StatLine 'Codes' of 'Codes en labels' voor de regio's",
            )
        periods[j] = nz.parse_period(period_row[j])
        if periods[j] is None:
            raise source.error(f"onbekende periode '{period_row[j]}'", line=rows[period_idx][0], column=j + 1)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    dims = region_row[: lead - 1]
    footer = 0
    # the decimal mark is the whole file's (`choose_decimal`): "1.234" is a thousand and more beside
    # "1,5", but one and a bit beside "12.5" (an English download)
    shapes = shape_counts(
        v.strip().replace("\u00a0", "").replace(" ", "")
        for _, row in rows[period_idx + 2 :]
        for v in row[lead:]
        if v.strip() and v.strip() not in nz.MISSING_MARKERS
    )
    decimal = choose_decimal(shapes, source.delimiter)
    commas_doubtful = commas_in_doubt(shapes, decimal)
    for line, row in rows[period_idx + 2 :]:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len([c for c in cells if c]) == 1 and len(cells) < lead:
            footer += 1  # "Bron: CBS" and other footnotes
            continue
        if len(cells) != width:
            raise source.error(
                f"het bestand is afgebroken of beschadigd: deze regel heeft {len(cells)} van de {width} kolommen",
                line=line,
                hint="download de tabel opnieuw uit StatLine",
            )
        staged.rijen += 1
        parts = [cells[0]] + [c for c in cells[1 : lead - 1] if c and not c.lower().startswith("totaal")]
        name = " — ".join(parts)
        unit = nz.parse_unit(cells[lead - 1])
        for j in range(lead, width):
            value = cells[j]
            flag = nz.MISSING_MARKERS.get(value)
            number, doubt = None, None
            if flag is None:
                number, doubt = parse_figure(value, decimal, commas_doubtful)
                if number is None:
                    raise source.error(
                        f"tekst in een kolom met cijfers: '{value}'",
                        line=line,
                        column=j + 1,
                        hint="een cijfer, of leeg / . voor een ontbrekend cijfer",
                    )
            p = periods[j]
            assert p is not None
            writer.writerow(
                [
                    name,
                    regions[j],
                    p.periode,
                    "" if number is None else repr(number),
                    unit or "",
                    p.status or "",
                    flag or "",
                    reeks,
                    doubt or "",
                ]
            )
        _ = dims
    staged.skip("voetregels (bron, toelichting)", footer)
    staged.tabel = title or None
    _load_rows(con, source, out.getvalue())
    return staged


def _load_rows(con: DuckDBPyConnection, source: SourceFile, text: str) -> None:
    """Load rows prepared in Python (small files) into `_stage` through a temporary CSV."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as fh:
        fh.write(text)
        name = fh.name
    try:
        if text:
            con.execute(
                f"{STAGE_INSERT_ALL} SELECT bron_maat, regio, periode, TRY_CAST(waarde AS DOUBLE), "
                "nullif(eenheid, ''), nullif(status, ''), nullif(vlag, ''), ?, nullif(onzeker, ''), NULL, "
                "coalesce(reeks, '') FROM read_csv(?, delim = ';', "
                "header = false, quote = '\"', auto_detect = false, columns = {'bron_maat': 'VARCHAR', "
                "'regio': 'VARCHAR', 'periode': 'VARCHAR', 'waarde': 'VARCHAR', 'eenheid': 'VARCHAR', "
                "'status': 'VARCHAR', 'vlag': 'VARCHAR', 'reeks': 'VARCHAR', 'onzeker': 'VARCHAR'})",
                [None, name],
            )
    finally:
        Path(name).unlink(missing_ok=True)
