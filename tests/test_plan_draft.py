"""The beleidsplan as a draft a beleidsmedewerker can hand on, read back the way she would see it.

For the Breda (Wmo), Jeugdwet and Participatiewet examples: a title page, chapters on a new page, table
rows that never split, a running header, the writer's open points in an appendix of the docx only,
honesty about what the kompas leaves open, and Dutch a griffier would not correct.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _render_sample import assert_contents_match_pages, require

from councilkit.documents.plan import PlanContext, write_plan
from councilkit.render.document import NO_LAYOUT_VARIABLE
from councilkit.render.nl import telwoord
from tests.conftest import BREDA

EXAMPLES = {"breda": BREDA, "jeugd": BREDA.parent / "jeugd", "participatie": BREDA.parent / "participatie"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("plannen")
    built: dict[str, dict[str, object]] = {}
    for name, folder in EXAMPLES.items():
        entry: dict[str, object] = {}
        for suffix in ("docx", "md"):
            path, context = write_plan(folder / "kompas.yaml", out / f"{name}.{suffix}")
            entry[suffix] = path
            entry["context"] = context
        built[name] = entry
    return built


def _docx(path: object):
    import docx

    return docx.Document(str(path))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_title_page_then_toc_on_its_own_page(plans, name: str) -> None:
    document = _docx(plans[name]["docx"])
    context = plans[name]["context"]
    assert isinstance(context, PlanContext)
    body = list(document.element.body.iterchildren())
    paragraphs = document.paragraphs
    toc_index = next(i for i, p in enumerate(paragraphs) if p.style.name == "TOC Heading")
    front = paragraphs[:toc_index]
    texts = [p.text for p in front if p.text.strip()]
    assert [p.text for p in front if p.style.name == "Title"] == [context.titel]
    assert "Gemeente " + context.gemeente in texts
    assert "Status: concept" in texts
    assert any(t.startswith("Datum: ") for t in texts)
    assert any(re.fullmatch(r"Versie \d+(\.\d+)*", t) for t in texts)
    breaks = [p for p in front if p._p.xpath(".//w:br[@w:type='page']")]
    assert breaks, "the title page ends with a page break"
    assert body, "document has content"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_chapters_on_a_new_page_rows_never_split_and_running_header(plans, name: str) -> None:
    document = _docx(plans[name]["docx"])
    chapters = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(chapters) >= 6
    assert all(p.paragraph_format.page_break_before for p in chapters), "each chapter starts a page"
    rows = document.element.body.findall(f".//{W}tr")
    assert rows and all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    header = document.sections[0].header
    context = plans[name]["context"]
    assert f"{context.titel} — concept" in " ".join(p.text for p in header.paragraphs)
    assert document.sections[0].different_first_page_header_footer, "no header on the title page"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_open_points_go_to_the_writer_not_the_council_text(plans, name: str) -> None:
    context = plans[name]["context"]
    assert isinstance(context, PlanContext) and context.inhoud is not None
    points = context.inhoud.open_punten
    assert points, "every example leaves something for the writer"
    document = _docx(plans[name]["docx"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Nog te doen"
    docx_text = "\n".join(p.text for p in document.paragraphs)
    appendix = docx_text.split("\nNog te doen\n", 1)[1]
    for point in points:
        assert point in appendix
    md = Path(str(plans[name]["md"])).read_text(encoding="utf-8")
    council = docx_text.split("\nNog te doen\n", 1)[0]
    for text in (md, council):
        assert "Nog te doen" not in text.replace("Nog te doen voor", "")
        for instruction in (
            "(na te gaan)",
            "Beschrijf hoe",
            "artikel nog na te gaan",
            "spreek vooraf af",
            "volgens seed",
        ):
            assert instruction.lower() not in text.lower(), instruction


def test_honesty_a_topic_tagged_without_how_is_open_in_check_and_plan(tmp_path: Path, cli) -> None:
    text = (BREDA / "kompas.yaml").read_text(encoding="utf-8")
    # Thema 1 keeps the tag 'wmo-plan-preventie' but no longer says how.
    start = text.index("      wmo-plan-preventie: >-\n")
    end = text.index("      wmo-plan-algemene-voorzieningen: >-\n")
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(text[:start] + text[end:], encoding="utf-8")
    checked = cli("check", kompas)
    assert "wettelijk-onderwerp-open" in checked.out and "(wmo-plan-preventie)" in checked.out
    out = tmp_path / "plan.docx"
    written = cli("plan", kompas, "-o", out)
    assert written.code == 0, written
    document = _docx(out)
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text == "Preventie"
    ]
    assert rows and rows[0][-1] == "nog niet uitgewerkt"
    assert "Preventie" in written.err and "nog te doen" in written.err


# ---------------------------------------------------------------------------------------- language

_SMALL = re.compile(
    r"(?<![\w.,€/:–-])(\d|1\d|20)(?![\w.,%:/–-])\s+(?!januari|februari|maart|april|mei|juni|juli|augustus"
    r"|september|oktober|november|december|per\b|weken\b|dagen\b|uur\b)([a-zë]+)"
)


def _running_text(md: str) -> list[str]:
    """Paragraph and list lines written by the template (no headings, tables, quotes or YAML text)."""
    lines = []
    for line in md.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "|", ">", "Tabel:")) or re.match(r"^\d+\.\s", stripped):
            continue
        lines.append(stripped)
    return lines


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_dutch_a_griffier_would_not_correct(plans, name: str) -> None:
    md = Path(str(plans[name]["md"])).read_text(encoding="utf-8")
    document = _docx(plans[name]["docx"])
    docx_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    kompas_text = (EXAMPLES[name] / "kompas.yaml").read_text(encoding="utf-8")
    for line in _running_text(md):
        for match in _SMALL.finditer(line):
            # The kompas's own sentences are the council's words; the template's must spell small counts.
            # A chapter or paragraph reference is a number, not a count.
            before = line[: match.start()].lower()
            if re.search(r"(hoofdstuk|hoofdstukken|paragraaf|thema|bijlage)( \d+ tot en met)? $", before):
                continue
            if match.group(0) not in kompas_text:
                pytest.fail(f"a count up to twenty in digits in running text: {match.group(0)!r} in {line!r}")
    assert not re.search(r"\b(1|één) maatschappelijke resultaten\b", md)
    assert not re.search(
        r"\b(\d{2,}|[2-9]|twee|drie|vier|vijf|zes|zeven|acht|negen|tien) maatschappelijk resultaat\b", md
    )
    for fragment in ("Dient:", "Volgt uit:", "Toetsing:"):
        assert fragment not in md and fragment not in docx_text, fragment
    for pasted in (
        "hoger-is-beter",
        "lager-is-beter",
        "per-1000-inwoners",
        "None",
        "{jaar:",
        "wmo-plan-",
        "jeugd-plan-",
    ):
        assert pasted not in docx_text.split("\nNog te doen\n")[0], pasted
    assert md.count("Het plan zegt") <= 1, "no repeated 'Het plan zegt' openings"
    for text in (md, docx_text):
        assert not re.search(r"€ \d", text), "€ and its amount are joined by a no-break space"
    assert re.search("€\u00a0\\d", docx_text), "amounts are there, joined"


@pytest.mark.parametrize("name", ["jeugd", "participatie"])
def test_no_wmo_wording_outside_the_wmo_plan(plans, name: str) -> None:
    md = Path(str(plans[name]["md"])).read_text(encoding="utf-8")
    lines = [
        line for line in md.splitlines() if not line.startswith("- **Wet maatschappelijke ondersteuning")
    ]
    text = "\n".join(lines)
    assert "Wmo" not in text
    assert "maatschappelijke ondersteuning" not in text.lower()
    if name == "jeugd":
        assert "kwaliteit van de jeugdhulp" in text


def test_counts_in_the_summary_are_words(plans) -> None:
    md = Path(str(plans["jeugd"]["md"])).read_text(encoding="utf-8")
    context = plans["jeugd"]["context"]
    assert isinstance(context, PlanContext)
    assert f"{telwoord(len(context.waarden))} maatschappelijke waarden" in md
    assert f"uitgewerkt in {telwoord(len(context.themas))} thema's" in md


# ------------------------------------------------------------------------------------ LibreOffice


@pytest.fixture(scope="module")
def in_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each example's plan written as a user with LibreOffice gets it (the LibreOffice step on: page
    numbers in the contents, a preview picture), then opened as is by LibreOffice and saved as PDF —
    all three in one conversion, shared by the tests below (LibreOffice costs seconds per start)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (apt: libreoffice-writer)")
    require(shutil.which("pdftotext") is not None, "pdftotext (apt: poppler-utils)")
    require(shutil.which("pdftoppm") is not None, "pdftoppm (apt: poppler-utils)")
    assert soffice is not None
    out = tmp_path_factory.mktemp("libreoffice")
    files: dict[str, dict[str, Path]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NO_LAYOUT_VARIABLE, "1")
        for name, folder in EXAMPLES.items():
            docx_path, _ = write_plan(folder / "kompas.yaml", out / f"{name}.docx")
            files[name] = {"docx": docx_path, "pdf": out / f"{name}.pdf"}
    # a plain conversion: LibreOffice shows the stored field results, it updates no index here
    profile = f"-env:UserInstallation={(out / 'lo').as_uri()}"
    docs = [str(f["docx"]) for f in files.values()]
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out), *docs],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name, entry in files.items():
        assert entry["pdf"].is_file(), f"LibreOffice could not convert the {name} docx"
    return files


@functools.cache
def _pdf_pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """The PDF's text, one string per page (read once per file and mode)."""
    command = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_libreoffice_shows_the_contents_with_the_pages_the_headings_are_on(in_libreoffice, name: str) -> None:
    """The issue's complaint: a docx opened directly in LibreOffice showed the contents without page
    numbers. Now every line has one, and it is the page the heading really is on."""
    docx_path = in_libreoffice[name]["docx"]
    document = _docx(docx_path)
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert_contents_match_pages(_pdf_pages(in_libreoffice[name]["pdf"]), chapters)
    # Word still refreshes the field with its own layout: dirty field, update on opening
    begin = document.element.body.find(f".//{W}fldChar[@{W}fldCharType='begin']")
    assert begin is not None and begin.get(f"{W}dirty") == "true"
    assert document.settings.element.find(f"{W}updateFields") is not None
    toc = [
        p for p in document.paragraphs if p.style.name.startswith("TOC ") and p.style.name != "TOC Heading"
    ]
    assert toc and all(re.fullmatch(r".+\t\d+", p.text) for p in toc), [p.text for p in toc[:3]]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_pdf_has_title_page_chapter_pages_running_header_and_unsplit_rows(
    in_libreoffice, plans, name: str
) -> None:
    pages = _pdf_pages(in_libreoffice[name]["pdf"])
    context = plans[name]["context"]
    assert isinstance(context, PlanContext)
    first = " ".join(pages[0].split())
    assert context.titel in first and "Status: concept" in first, "the first page is the title page"
    assert "Inhoudsopgave" not in pages[0]
    document = _docx(in_libreoffice[name]["docx"])
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    header = f"{context.titel} — concept"
    tops = []
    for page in pages[1:]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            assert lines[0] == header, "every page after the title page carries the running header"
            tops.append(lines[1] if len(lines) > 1 else "")
    for chapter in chapters:
        assert chapter in tops, f"chapter '{chapter}' starts a page"
    # no table row split over two pages: its first and last words are on one page
    flat = ["".join(page.split()) for page in _pdf_pages(in_libreoffice[name]["pdf"], layout=False)]
    rows = 0
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.split() for c in row.cells if c.text.strip()]
            if not cells:
                continue
            rows += 1
            start, end = "".join(cells[0][:3]), "".join(cells[-1][-3:])
            assert any(start in page and end in page for page in flat), (start, end)
    assert rows > 40


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_table_breaks_a_word(in_libreoffice, name: str) -> None:
    """Every word in a table stays one word on the page: a header such as "Kwaliteitseis" above a
    narrow column of numbers, and a long word such as "Cliëntervaringsonderzoek" in a column beside
    long sentences (LibreOffice broke them as "Kwalitei / tseis" and "Cliëntervaringsonder / zoek"
    when the sentence columns took the room the longest words needed)."""
    tokens = {
        part
        for page in _pdf_pages(in_libreoffice[name]["pdf"], layout=False)
        for word in page.split()
        for part in re.split(r"[-,.:;()‘’'\"]+", word)
    }
    document = _docx(in_libreoffice[name]["docx"])
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for part in re.split(r"[\s\-,.:;()‘’'\"]+", cell.text):
                    assert not part or part in tokens, f"'{part}' in a table breaks in the PDF"


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_preview_picture_is_the_title_page(in_libreoffice, name: str, tmp_path: Path) -> None:
    """Word's open dialog and file managers show docProps/thumbnail.jpeg: the title page, not blank."""
    import io
    import zipfile

    from PIL import Image, ImageChops, ImageStat

    with zipfile.ZipFile(in_libreoffice[name]["docx"]) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode()
        picture = Image.open(io.BytesIO(package.read("docProps/thumbnail.jpeg")))
    assert 'Extension="jpeg" ContentType="image/jpeg"' in types
    assert (
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" '
        'Target="docProps/thumbnail.jpeg"'
    ) in rels
    assert picture.format == "JPEG" and picture.height == 256
    grey = picture.convert("L")
    assert ImageStat.Stat(grey).stddev[0] > 5, "not a blank page"
    # closer to the title page than to the contents page that follows it
    pdf = in_libreoffice[name]["pdf"]
    subprocess.run(
        ["pdftoppm", "-png", "-f", "1", "-l", "2", "-scale-to", "256", str(pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    difference = [
        ImageStat.Stat(ImageChops.difference(grey, Image.open(p).convert("L").resize(grey.size))).mean[0]
        for p in pages
    ]
    assert difference[0] < difference[1] / 2, difference


@pytest.mark.libreoffice
def test_breda_pdf_holds_every_theme_and_result(in_libreoffice) -> None:
    """Moved here from test_plan.py so Breda is converted once: the PDF has substance."""
    from councilkit.model.kompas import load_kompas

    pages = _pdf_pages(in_libreoffice["breda"]["pdf"], layout=False)
    assert len(pages) >= 8, "a real plan has substance"
    text = " ".join(" ".join(pages).replace("\u00ad", "").split())
    kompas = load_kompas(BREDA / "kompas.yaml").model
    for thema in kompas.themas:
        assert thema.naam in text
    for result in kompas.maatschappelijke_resultaten:
        assert " ".join(result.omschrijving.split()) in text, result.id


def test_the_long_column_of_the_legal_table_gets_the_width(plans) -> None:
    document = _docx(plans["breda"]["docx"])
    table = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:2] == ["Onderwerp", "Wat de wet vraagt"]
    )
    grid = [int(col.get(f"{W}w")) for col in table._tbl.find(f"{W}tblGrid")]
    # Each column first gets room for its longest word ("Cliëntervaringsonderzoek" in the first
    # column must not break, see test_no_table_breaks_a_word); the room left goes to the long column.
    assert grid[1] > grid[2] and grid[1] > 0.9 * max(grid), grid


def test_with_data_the_context_figures_and_the_chart_equal_the_cbs_file(
    tmp_path: Path, research_data: Path
) -> None:
    import csv

    from councilkit.render.nl import getal

    folder = research_data / "cbs-kwb-almere-2018-2025"
    rows = [
        r
        for r in csv.DictReader((folder / "almere_sociaal_domein_long.csv").open(encoding="utf-8-sig"))
        if r["regio_code"] == "GM0034"
    ]
    newest = max(rows, key=lambda r: r["peiljaar"])
    path, _ = write_plan(
        EXAMPLES["jeugd"] / "kompas.yaml", tmp_path / "jeugd.md", data=[folder / "CBS_Kerncijfers_raw.csv"]
    )
    md = path.read_text(encoding="utf-8")
    inwoners = getal(int(newest["aantal_inwoners"]))
    line = next(line for line in md.splitlines() if line.startswith("| Aantal inwoners |"))
    assert f"| {inwoners} ({newest['peiljaar']}) |" in line and "CBS, tabel" in line
    # The chart of the theme's indicator: one row per year, the value CBS published (raw/10, see README quirk 3).
    expected = {
        r["peiljaar"]: float(r["pct_jongeren_jeugdzorg"]) for r in rows if r["pct_jongeren_jeugdzorg"]
    }
    assert len(expected) >= 3
    chart_rows = {
        m.group(1): float(m.group(2).replace(",", "."))
        for m in re.finditer(r"^\| (\d{4}) \| (\d+,\d) \|$", md, re.MULTILINE)
    }
    assert chart_rows == expected
    assert "Lijngrafiek van percentage jongeren met jeugdzorg in Almere" in md
