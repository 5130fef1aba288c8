"""`councilkit report`: the Almere example on real CBS figures, read back the way readers meet it.

The figures in the docx (python-docx), the HTML (its text) and the XLSX (openpyxl) are compared with
the example's source CSV; disclosure is checked on a store with small counts; bad input (unknown
duiding ids, a comparison gemeente not in the data, a year outside the series, no data) must give a
complete report that says what is missing.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_plan import run_cli

ALMERE = ROOT / "examples" / "almere"
KOMPAS = ALMERE / "kompas.yaml"
CIJFERS = ALMERE / "cijfers.csv"


def source_figures() -> dict[tuple[str, str], float]:
    """(indicator, jaar) → value for GM0034, straight from the example's CSV."""
    with CIJFERS.open(encoding="utf-8") as fh:
        return {(r["indicator"], r["periode"]): float(r["waarde"]) for r in csv.DictReader(fh)}


def nl(value: float, percent: bool = False) -> str:
    """Dutch notation of a source value, as a reader would type it."""
    text = f"{value:,.1f}" if not float(value).is_integer() else f"{int(value):,}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text + ("%" if percent else "")


#: The example's results: indicator and whether it is a percentage.
SERIES = {
    "wmo-clienten-per-1000": False,
    "percentage-jongeren-met-jeugdzorg": True,
    "personen-bijstand": False,
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("jaarverslag")
    paths = {}
    for fmt in ("md", "html", "xlsx", "docx"):
        path = out / f"jaarverslag.{fmt}"
        code, err = run_cli("report", KOMPAS, "--jaar", 2024, "--data", CIJFERS, "-o", path)
        assert code == 0, err
        paths[fmt] = path
    return paths


def expected_rows() -> list[tuple[str, str, str]]:
    """(indicator, year, Dutch text) for every year up to 2024 of the example's series."""
    figures = source_figures()
    return [
        (ind, year, nl(value, SERIES[ind]))
        for (ind, year), value in figures.items()
        if ind in SERIES and int(year) <= 2024
    ]


def test_markdown_tables_equal_the_source(outputs: dict[str, Path]) -> None:
    text = outputs["md"].read_text(encoding="utf-8")
    for _ind, year, value in expected_rows():
        assert re.search(rf"\| {year} \| {re.escape(value)}( \([^)|]*\))? \|", text), (year, value)
    assert "Bron: CBS, tabel 85984NED, 2024" in text


def test_docx_tables_equal_the_source(outputs: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(outputs["docx"]))
    cells = {
        (row.cells[0].text.strip(), re.sub(r" \(.*\)$", "", row.cells[1].text.strip()))
        for table in document.tables
        for row in table.rows
        if len(row.cells) >= 2
    }
    for _ind, year, value in expected_rows():
        assert (year, value) in cells, (year, value)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Overzicht" in headings
    assert any(h.startswith("Bijlage") for h in headings)
    # The charts are images with alt text stating what they show.
    alts = [el.get("descr") for el in document.element.body.iter() if el.tag.endswith("}docPr")]
    assert any(a and "Wmo-cliënten per 1.000 inwoners" in a and "2018" in a for a in alts), alts


def test_html_text_equals_the_source_and_plotly_is_embedded_once(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    assert html.count("plotly.js v") <= 1 or html.count("Plotly=") <= 1
    assert '<script src="http' not in html
    text = re.sub(r"<[^>]+>", " ", html)
    for _ind, year, value in expected_rows():
        assert re.search(rf"\b{year}\s+{re.escape(value)}\s", text), (year, value)


def test_xlsx_cells_equal_the_source(outputs: dict[str, Path]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(outputs["xlsx"])
    assert wb.sheetnames[0] == "Overzicht" and wb.sheetnames[-1] == "Bronnen"
    figures = source_figures()
    sheets = {
        "wmo-clienten-per-1000": wb["1 wmo-gebruik"],
        "percentage-jongeren-met-jeugdzorg": wb["2 jeugdzorg"],
        "personen-bijstand": wb["3 bijstand"],
    }
    for indicator, sheet in sheets.items():
        assert sheet.freeze_panes == "A4"
        values = {str(r[0].value): r[1].value for r in sheet.iter_rows(min_row=4) if r[0].value}
        for (ind, year), value in figures.items():
            if ind == indicator and int(year) <= 2024:
                assert values[year] == value, (indicator, year)
        assert sheet._charts, f"no native chart on {sheet.title}"
    # The break splits the chart's series: two columns, the chart draws a gap between them.
    header = [c.value for c in sheets["wmo-clienten-per-1000"][3]]
    assert "Grafiek: Almere (tot en met 2022)" in header and "Grafiek: Almere (vanaf 2023)" in header
    bronnen = [c.value for row in wb["Bronnen"].iter_rows() for c in row if c.value]
    assert any(v == "cijfers.csv" for v in bronnen)


def test_overview_status_and_sources(outputs: dict[str, Path]) -> None:
    text = outputs["md"].read_text(encoding="utf-8")
    overview = text.split("## 1.")[0]
    assert "achter op koers" in overview
    assert "op koers" in overview and "rechte lijn" in overview  # "op koers" is explained
    # Every row of a figure table names CBS, the table and the period (the chart's data table
    # carries one source line under it, checked too).
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"\| 20\d\d \| [\d.,%]+ \|", line):
            if line.count("|") >= 6:
                assert "Bron: CBS, tabel " in line, line
            else:
                below = next(ln for ln in lines[i:] if ln.startswith("Bron:"))
                assert below.startswith("Bron: CBS, tabel "), below
    assert "## Bijlage: herkomst van de cijfers" in text
    # every KWB table named with its CBS title (issue 8: "tables 2021–2025 by id, with their title")
    assert re.search(
        r"\*\*cijfers\.csv\*\* — CBS, 84286NED Kerncijfers wijken en buurten 2018; .*"
        r"85984NED Kerncijfers wijken en buurten 2024; geïmporteerd op",
        text,
    )
    assert re.search(r"[0-9a-f]{64}", text)


def test_duiding_template_and_file(tmp_path: Path) -> None:
    sjabloon = tmp_path / "duiding.yaml"
    code, err = run_cli("report", KOMPAS, "--duiding-sjabloon", sjabloon)
    assert code == 0, err
    import yaml

    data = yaml.safe_load(sjabloon.read_text(encoding="utf-8"))
    assert set(data["resultaten"]) == {"wmo-gebruik", "jeugdzorg", "bijstand"}
    assert all(
        set(v) == {"herkennen", "verklaren", "vinden", "betekenis"} for v in data["resultaten"].values()
    )
    # Fill in part of it, with an unknown id and an unknown question.
    data["resultaten"]["jeugdzorg"]["herkennen"] = "Ja, wijkteams zien meer aanmeldingen van tieners."
    data["resultaten"]["onbekend-resultaat"] = {"herkennen": "x"}
    data["resultaten"]["bijstand"]["waarom"] = "y"
    sjabloon.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "verslag.md"
    code, err = run_cli("report", KOMPAS, "--jaar", 2024, "--data", CIJFERS, "--duiding", sjabloon, "-o", out)
    assert code == 0, err
    assert "onbekend-resultaat" in err and "onbekende vraag 'waarom'" in err
    text = out.read_text(encoding="utf-8")
    assert "Ja, wijkteams zien meer aanmeldingen van tieners." in text
    assert "onbekend resultaat 'onbekend-resultaat'" in text  # said in the document too
    assert "Nog in te vullen door de gemeente." in text  # the unanswered questions stay visible


def test_bad_input_completes_and_says_so(tmp_path: Path) -> None:
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(
        KOMPAS.read_text(encoding="utf-8").replace(
            "kwaliteitseisen:",
            "  - id: steun-ouderen\n    omschrijving: Meer 75-plussers ervaren steun.\n"
            "    indicator: ervaren-steun-75plus\n"
            "    nulmeting: {jaar: 2022, waarde: 58}\n    streefwaarde: {jaar: 2026, waarde: 65}\n\n"
            "kwaliteitseisen:",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "verslag.md"
    code, err = run_cli(
        "report", kompas, "--jaar", 2016, "--data", CIJFERS, "--vergelijk", "GM9999", "-o", out
    )
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "GM9999 komt niet voor in de monitordata" in text and "GM9999" in err
    assert "beginnen pas na 2016" in text
    assert "er is geen cijfer over 2016 of eerder (wel over 2018)" in text
    # A result whose indicator has no data at all: said in the document and on the terminal.
    assert "geen cijfers voor ervaren-steun-75plus in GM0034" in text
    assert "ervaren-steun-75plus" in err
    assert "Traceback" not in err


def test_the_example_finds_its_figures_through_councilkit_yaml(tmp_path: Path) -> None:
    out = tmp_path / "verslag.md"
    code, err = run_cli("report", KOMPAS, "--jaar", 2024, "-o", out)
    assert code == 0, err
    assert "| 2024 | 11,7% |" in out.read_text(encoding="utf-8")


def test_without_data_the_report_completes(tmp_path: Path) -> None:
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(KOMPAS.read_text(encoding="utf-8"), encoding="utf-8")  # no councilkit.yaml here
    out = tmp_path / "verslag.html"
    code, err = run_cli("report", kompas, "--jaar", 2024, "-o", out)
    assert code == 0, err
    assert "geen monitordata opgegeven" in err
    assert "geen monitordata opgegeven" in out.read_text(encoding="utf-8")


def test_wrong_suffix_and_existing_file_are_refused(tmp_path: Path) -> None:
    code, err = run_cli("report", KOMPAS, "--jaar", 2024, "-o", tmp_path / "verslag.pptx")
    assert code == 2 and "fout:" in err
    existing = tmp_path / "verslag.md"
    existing.write_text("van de gebruiker", encoding="utf-8")
    code, err = run_cli("report", KOMPAS, "--jaar", 2024, "--data", CIJFERS, "-o", existing)
    assert code == 2 and existing.read_text(encoding="utf-8") == "van de gebruiker"


SMALL_KOMPAS = """\
gemeente: {{naam: Kleindorp, code: GM0001}}
domein: wmo
periode: {{van: 2021, tot: 2024}}
maatschappelijke_resultaten:
  - id: clienten
    omschrijving: "=HYPERLINK(\\"http://example.org\\") Minder cliënten"
    indicator: wmo-clienten
    nulmeting: {{jaar: 2021, waarde: 5}}
    streefwaarde: {{jaar: 2024, waarde: {streef}}}
  - id: per-1000
    omschrijving: Minder cliënten per 1.000 inwoners
    indicator: wmo-clienten-per-1000
    nulmeting: {{jaar: 2021, waarde: 2.8}}
    streefwaarde: {{jaar: 2024, waarde: 2}}
"""


def test_no_small_count_in_any_output(tmp_path: Path) -> None:
    """Counts 1–7 (and rates derived from them, and kompas values) appear in no output."""
    data = tmp_path / "klein.csv"
    rows = ["indicator,regio,periode,waarde,eenheid,tabel"]
    counts = {2021: 5, 2022: 3, 2023: 7, 2024: 12}
    for year, count in counts.items():
        rows.append(f"wmo-clienten,GM0001,{year},{count},aantal,85984NED")
        rows.append(f"wmo-clienten-per-1000,GM0001,{year},{count / 2.5:.1f},per-1000-inwoners,85984NED")
        rows.append(f"inwoners,GM0001,{year},2500,aantal,85984NED")
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(SMALL_KOMPAS.format(streef=4), encoding="utf-8")
    secret = {"5", "3", "7", "4", "2", "1,2", "2,8", "2,0"}  # counts ≤ 7 and the rates they give
    for fmt in ("md", "html", "xlsx"):
        out = tmp_path / f"verslag.{fmt}"
        code, err = run_cli("report", kompas, "--jaar", 2024, "--data", data, "-o", out)
        assert code == 0, err
        if fmt == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(out)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        if ws.title == "Overzicht" and cell.column == 1:
                            continue  # result numbers
                        if isinstance(cell.value, int | float):
                            assert round(cell.value, 1) not in {1.2, 2.0, 2.8, 3, 4, 5, 7}, (
                                ws.title,
                                cell.value,
                            )
                        if isinstance(cell.value, str):
                            assert cell.data_type == "s", ("kompas text became a formula", cell.value)
                            scanned = re.sub(
                                r"\d+ of minder|[0-9a-f]{64}", "", cell.value
                            )  # threshold, sha256
                            for number in re.findall(r"(?<![\d.,])\d+(?:,\d+)?(?![\d.,])", scanned):
                                if len(number) < 4:  # years and ids are not figures
                                    assert number not in secret, (ws.title, cell.coordinate, cell.value)
            continue
        text = out.read_text(encoding="utf-8")
        if fmt == "html":
            text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
            text = re.sub(r"<[^>]+>", " ", text)
        table_rows = [ln for ln in text.splitlines() if re.match(r"\s*\|?\s*20\d\d\s*\|", ln)]
        for line in table_rows:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert cells[1] not in secret, line
        assert "geheim" in text
        assert "12" in text  # the figure above the threshold is shown


def test_status_is_not_success_across_the_almere_break(outputs: dict[str, Path]) -> None:
    """Almere's Wmo clients fell from 11.940 to 9.375 at a definition change: no policy success."""
    text = outputs["md"].read_text(encoding="utf-8")
    overview_row = next(ln for ln in text.splitlines() if ln.startswith("| 1 |"))
    assert "niet te beoordelen (reeksbreuk)" in overview_row
    section = text.split("## 1.")[1].split("## 2.")[0]
    assert "Reeksbreuk" in section and "2023" in section
    # the break note says kind, year, explanation and source once, in a sentence: no flag word
    # repeated before the catalogue's explanation ("2023: reeksbreuk: andere definitie — breuk in …")
    callout = section.split("Let op: Reeksbreuk")[1].split("De grafiek onderbreekt")[0]
    assert "Breuk in de reeks vanaf 2023: afgeleid van het aantal Wmo-cliënten van Almere" in callout
    assert "(bron: CBS, Kerncijfers wijken en buurten 2022 en 2023" in callout
    assert callout.count("breuk in de reeks") + callout.count("Breuk in de reeks") == 1
    assert "reeksbreuk: andere definitie" not in callout and " — " not in callout


def test_docx_without_a_browser_has_tables_and_says_how_to_get_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    from councilkit.render import chart

    monkeypatch.setattr(chart, "find_browser", lambda: None)
    out = tmp_path / "verslag.docx"
    code, err = run_cli("report", KOMPAS, "--jaar", 2024, "--data", CIJFERS, "-o", out)
    assert code == 0, err
    assert "geen Chrome of Chromium gevonden" in err and "BROWSER_PATH" in err
    document = docx.Document(str(out))
    assert not document.inline_shapes
    cells = {(r.cells[0].text, r.cells[1].text) for t in document.tables for r in t.rows if len(r.cells) > 1}
    assert ("2023", "9.375") not in cells  # counts are not in the per-1000 table …
    assert ("2023", "42 (breuk in de reeks)") in cells  # … the figure of the result is, with its break


@pytest.mark.browser
def test_html_in_chromium_charts_render_without_errors_and_axe_is_clean(outputs: dict[str, Path]) -> None:
    from _render_sample import axe_in_chromium

    errors: list[str] = []
    counts = {".grafiek__plot svg.main-svg": 0, ".grafiek__plot": 0}
    serious, headings = axe_in_chromium(
        outputs["html"], wait_for=".grafiek__plot svg.main-svg", console_errors=errors, counts=counts
    )
    assert not serious, serious
    assert not errors, errors
    assert counts[".grafiek__plot"] == 3  # one chart per result
    assert counts[".grafiek__plot svg.main-svg"] >= 3
    assert "Overzicht" in headings


@pytest.mark.libreoffice
def test_docx_opens_in_libreoffice(outputs: dict[str, Path], tmp_path: Path) -> None:
    from _render_sample import docx_to_pdf, pdf_text

    text = " ".join(pdf_text(docx_to_pdf(outputs["docx"], tmp_path)).split())
    assert "Resultatenrapportage sociaal domein Almere 2024" in text
    assert "Bron: CBS, tabel 85984NED" in text
    assert "achter op koers" in text and "11,7%" in text


def test_all_gemeenten_one_report_each_with_index(tmp_path: Path) -> None:
    """Catalogue mode: every gemeente in the data gets a report, compared per 1.000 inwoners."""
    data = tmp_path / "landelijk.csv"
    rows = ["indicator,regio,periode,waarde,eenheid,tabel"]
    gemeenten = {
        "GM0001": (21_000, 420),
        "GM0002": (22_000, 660),
        "GM0003": (24_000, 240),
        "GM0004": (30_000, 5),
    }
    for code, (inwoners, bijstand) in gemeenten.items():
        rows.append(f"inwoners,{code},2020,{inwoners},aantal,84799NED")
        rows.append(f"personen-bijstand,{code},2020,{bijstand},aantal,84799NED")
    rows.append("inwoners,NL01,2020,17407585,aantal,84799NED")
    rows.append("personen-bijstand,NL01,2020,421110,aantal,84799NED")
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "verslagen"
    code, err = run_cli(
        "report",
        "--alle-gemeenten",
        "--jaar",
        2020,
        "--data",
        data,
        "-o",
        out,
        "--formaat",
        "md",
        "--werkers",
        2,
    )
    assert code == 0, err
    assert sorted(p.name for p in out.glob("GM*.md")) == [f"{c}.md" for c in gemeenten]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"{c}.md" in index for c in gemeenten)
    report = (out / "GM0001.md").read_text(encoding="utf-8")
    assert "20 per 1.000 inwoners" in report  # 420 of 21.000, computed and said so
    assert "Mediaan van 3 gemeenten met 20.000 tot 50.000 inwoners" in report  # GM0004 hidden
    assert "24,2 per 1.000 inwoners" in report  # Nederland
    small = (out / "GM0004.md").read_text(encoding="utf-8")
    assert "geheim" in small and "| 2020 | 5 |" not in small and "0,2 per 1.000" not in small
    # Nothing is overwritten without --force.
    code, err = run_cli(
        "report", "--alle-gemeenten", "--jaar", 2020, "--data", data, "-o", out, "--formaat", "md"
    )
    assert code == 2 and "--force" in err


def test_a_locked_store_gives_a_complete_report_that_says_so(tmp_path: Path) -> None:
    import subprocess
    import sys

    store = tmp_path / "monitor.duckdb"
    code, err = run_cli("data", "import", CIJFERS, "--store", store)
    assert code == 0, err
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        out = tmp_path / "verslag.md"
        code, err = run_cli("report", KOMPAS, "--jaar", 2024, "--data", store, "-o", out)
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, err
    assert "in gebruik door een ander programma" in err
    text = out.read_text(encoding="utf-8")
    assert "in gebruik door een ander programma" in text
    assert "geen gegevens" in text


def test_all_gemeenten_follows_councilkit_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch reads the project's councilkit.yaml like every other document: its data, and its
    stricter disclosure threshold (10), which hides a count of 9 that CBS's 7 would show."""
    data = tmp_path / "landelijk.csv"
    rows = ["indicator,regio,periode,waarde,eenheid,tabel"]
    for code, (inwoners, bijstand) in {"GM0001": (21_000, 420), "GM0004": (30_000, 9)}.items():
        rows.append(f"inwoners,{code},2020,{inwoners},aantal,84799NED")
        rows.append(f"personen-bijstand,{code},2020,{bijstand},aantal,84799NED")
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "councilkit.yaml").write_text(
        "data: [landelijk.csv]\nonthulling:\n  drempel: 10\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "verslagen"
    code, err = run_cli("report", "--alle-gemeenten", "--jaar", 2020, "-o", out, "--formaat", "md")
    assert code == 0, err
    small = (out / "GM0004.md").read_text(encoding="utf-8")
    assert "geheim" in small and "| 2020 | 9 |" not in small
    assert "| 2020 | 420 |" in (out / "GM0001.md").read_text(encoding="utf-8")


def test_an_html_batch_shares_one_plotly_and_its_charts_still_draw(tmp_path: Path) -> None:
    """355 pages with 4,8 MB of plotly.js each would fill 1,7 GB: the batch writes it once beside them."""
    data = tmp_path / "landelijk.csv"
    rows = ["indicator,regio,periode,waarde,eenheid,tabel"]
    for code, inwoners, bijstand in (("GM0001", 21_000, 420), ("GM0002", 22_000, 660)):
        for year, extra in ((2019, 0), (2020, 30)):
            rows.append(f"inwoners,{code},{year},{inwoners},aantal,84799NED")
            rows.append(f"personen-bijstand,{code},{year},{bijstand + extra},aantal,84799NED")
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "verslagen"
    code, err = run_cli(
        "report", "--alle-gemeenten", "--jaar", 2020, "--data", data, "-o", out, "--formaat", "html"
    )
    assert code == 0, err
    shared = out / "plotly.min.js"
    assert shared.stat().st_size > 1_000_000
    page = out / "GM0001.html"
    html = page.read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"></script>' in html
    assert page.stat().st_size < 500_000  # the page's own text and figures, not the library
    from _render_sample import axe_in_chromium

    errors: list[str] = []
    counts = {".grafiek__plot svg.main-svg": 0, ".grafiek__plot": 0}
    serious, _ = axe_in_chromium(
        page, wait_for=".grafiek__plot svg.main-svg", console_errors=errors, counts=counts
    )
    assert not serious and not errors, (serious, errors)
    assert counts[".grafiek__plot"] >= 1 and counts[".grafiek__plot svg.main-svg"] >= counts[".grafiek__plot"]
