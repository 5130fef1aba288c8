"""The Word output read back with python-docx: real styles, TOC field, language, header rows, alt text."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from _render_sample import HEADINGS, SAMPLE, meta, write_png
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from councilkit.render.document import render_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    write_png(tmp_path / "kaart.png")
    return render_document(SAMPLE, tmp_path / "plan.docx", meta=meta(), resources=tmp_path)


def test_headings_title_and_order(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Beleidsplan Wmo 2025–2028")
    assert ("Subtitle", "Samen zorgen in Breda") in styled
    headings = [(name, text) for name, text in styled if name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Inleiding"),
        ("Heading 2", "Waarden en principes"),
        ("Heading 3", "Uitwerking per thema"),
        ("Heading 1", "Financiën"),
    ]
    levels = [int(name[-1]) for name, _ in headings]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False)), "kopniveau overgeslagen"


def test_skipped_heading_levels_are_closed_up(tmp_path: Path) -> None:
    out = render_document("# Een\n\n### Drie\n\n#### Vier\n", tmp_path / "k.docx", meta=meta())
    styles = [p.style.name for p in docx.Document(str(out)).paragraphs if p.style.name.startswith("Heading")]
    assert styles == ["Heading 1", "Heading 2", "Heading 3"]


def test_toc_field_and_update_on_open(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    instructions = " ".join(el.text for el in document.element.body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    toc_entries = [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2", "TOC 3")]
    assert toc_entries == HEADINGS


def test_language_and_core_properties(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:val")) == "nl-NL"
    props = document.core_properties
    assert props.title == "Beleidsplan Wmo 2025–2028"
    assert props.author == "Team Beleid"
    assert props.subject == "Wmo-beleid"
    assert props.keywords == "wmo, kompas"
    assert props.language == "nl-NL"


def test_tables_have_header_rows_and_captions(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    assert len(document.tables) == 2
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    assert document.tables[0].rows[1].cells[1].text == "11.940"
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Tabel 1: Aantal cliënten met een Wmo-voorziening" in captions
    assert "Tabel 2: Budget per jaar" in captions
    assert "Figuur 1: Wijken in Breda" in captions
    # the caption comes directly before its table in the body
    body = list(document.element.body)
    table_index = body.index(document.tables[0]._tbl)
    assert DocxParagraph(body[table_index - 1], document._body).text.startswith("Tabel 1")


def test_pictures_have_alt_text(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    doc_prs = list(
        document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    )
    assert len(doc_prs) == 1
    assert all(el.get("descr") for el in doc_prs)
    assert doc_prs[0].get("descr") == "Kaart van de wijken van Breda"


def test_lists_use_list_styles_and_restart(sample_docx: Path, tmp_path: Path) -> None:
    document = docx.Document(str(sample_docx))
    by_text = {p.text: p.style.name for p in document.paragraphs}
    assert by_text["Solidariteit"] == "List Bullet"
    assert by_text["Samen zorgen voor elkaar"] == "List Bullet 2"
    assert by_text["Eerste stap"] == "List Number"
    # two numbered lists get two different w:num ids, so the second starts at 1 again
    out = render_document("1. a\n2. b\n\nTekst\n\n1. c\n", tmp_path / "n.docx", meta=meta())
    numbered = [p for p in docx.Document(str(out)).paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2]


def test_callout_links_and_inline_formatting(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    callouts = [p for p in document.paragraphs if p.style.name == "Let op"]
    assert callouts[0].text.startswith("Let op: Concept — bevat fouten")
    assert any("nog niet uitgewerkt" in p.text for p in callouts)
    hyperlinks = list(document.element.body.iter(qn("w:hyperlink")))
    assert len(hyperlinks) == 1
    target = document.part.rels[hyperlinks[0].get(qn("r:id"))].target_ref
    assert target == "https://www.breda.nl"
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Dit plan"))
    assert any(r.italic and r.text == "waarom" for r in paragraph.runs)


def test_page_number_in_footer(sample_docx: Path) -> None:
    document = docx.Document(str(sample_docx))
    assert "PAGE" in document.sections[0].footer._element.xml


def test_custom_reference_doc_styles_are_used(tmp_path: Path) -> None:
    """A municipality's reference document: its styles and footer stay, its body text goes."""
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Georgia"
    reference.add_paragraph("Deze tekst hoort niet in de uitvoer")
    reference.sections[0].footer.paragraphs[0].text = "Gemeente Voorbeeld – huisstijl"
    ref_path = tmp_path / "huisstijl.docx"
    reference.save(str(ref_path))
    out = render_document("# Kop\n\nTekst\n", tmp_path / "uit.docx", meta=meta(), reference_doc=ref_path)
    document = docx.Document(str(out))
    assert "Deze tekst hoort niet in de uitvoer" not in [p.text for p in document.paragraphs]
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert "Gemeente Voorbeeld – huisstijl" in document.sections[0].footer.paragraphs[0].text
    assert "Let op" in [s.name for s in document.styles]


def test_column_widths_keep_words_whole_and_fill_the_page() -> None:
    from councilkit.render.docx import column_widths

    total = 9000
    texts = [
        ["Nr", "Onderwerp", "Toelichting"],
        ["1", "Ondersteuningsbehoefte", "Een lange toelichting die over meerdere regels mag lopen " * 3],
    ]
    widths = column_widths(texts, 3, total)
    assert sum(widths) <= total and sum(widths) > total - 3
    assert widths[0] < widths[1] < widths[2], "the short number column stays narrow"
    assert widths[1] >= 105 * len("Ondersteuningsbehoefte"), "the longest word fits on one line"
    equal = column_widths([["a", "b"], ["c", "d"]], 2, total)
    assert equal[0] == equal[1]


def test_column_widths_keep_a_short_columns_header_whole_when_space_is_tight() -> None:
    """Bijlage A: five columns whose longest words together exceed the page. A column of numbers
    under a long header ("Kwaliteitseis") keeps the same share of its header's width as the column
    of long sentences keeps of its longest word — before, the sentences took the room and the
    header broke in the middle ("Kwalitei-tseis")."""
    from councilkit.render.docx import column_widths

    header = ["Waarde", "Leidend principe", "Resultaat", "Indicator", "Kwaliteitseis"]
    row = [
        "Solidariteit, Meedoen",
        "De leefwereld van de inwoner is het vertrekpunt en ondersteuning dichtbij, in de wijk",
        "1.1",
        "Cliëntervaring met de toegang",
        "K1, K2",
    ]
    total = 9070
    widths = column_widths([header, *[row] * 8], 5, total)
    assert sum(widths) <= total
    longest = [
        max(len(part) for text in (h, r) for part in re.split(r"[\s-]+", text))
        for h, r in zip(header, row, strict=True)
    ]
    per_char = [w / n for w, n in zip(widths, longest, strict=True)]
    assert min(per_char) > 0.85 * max(per_char), per_char
    assert widths[4] > widths[2] > 0.5 * widths[1], "the header columns are not starved for the sentences"


def _write_with_layout(tmp_path: Path, layout) -> Path:
    """The sample written through `write_docx` with a stand-in for LibreOffice's layout step."""
    from councilkit.render.blocks import parse
    from councilkit.render.docx import open_reference, write_docx

    write_png(tmp_path / "kaart.png")
    tree = parse(SAMPLE, resources=tmp_path)
    target = tmp_path / "plan.docx"
    write_docx(tree, target, meta=meta(), reference=open_reference(None), layout=layout)
    return target


def _contents(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2", "TOC 3")]


def test_layout_page_numbers_go_after_each_contents_line(tmp_path: Path) -> None:
    """LibreOffice's lines are matched to the entries by title (extra lines skipped); each entry gets
    a tab and its page, the field is marked dirty for Word, and the preview picture is stored."""
    from councilkit.render.pdf import Layout

    lines = [("Inleiding", 2), ("Waarden en principes", 2), ("Extra", 3)]
    lines += [("Uitwerking per thema", 3), ("Financiën", 4)]
    jpeg = b"\xff\xd8\xff\xe0 stand-in"
    target = _write_with_layout(tmp_path, lambda _path: Layout(contents=lines, first_page=jpeg))
    assert _contents(target) == [
        "Inleiding\t2",
        "Waarden en principes\t2",
        "Uitwerking per thema\t3",
        "Financiën\t4",
    ]
    document = docx.Document(str(target))
    begin = document.element.body.find(f".//{W}fldChar[@{W}fldCharType='begin']")
    assert begin is not None and begin.get(qn("w:dirty")) == "true"
    style = document.styles["TOC 1"].paragraph_format.tab_stops
    assert len(style) == 1 and style[0].leader is not None, "a dotted leader to the page number"
    import zipfile

    with zipfile.ZipFile(target) as package:
        assert package.read("docProps/thumbnail.jpeg") == jpeg


def test_layout_that_does_not_match_changes_no_contents_line(tmp_path: Path) -> None:
    """A contents LibreOffice built differently (another house style) is never half-applied."""
    from councilkit.render.pdf import Layout

    lines = [("Inleiding", 2), ("Financiën", 4)]
    target = _write_with_layout(tmp_path, lambda _path: Layout(contents=lines, first_page=None))
    assert _contents(target) == ["Inleiding", "Waarden en principes", "Uitwerking per thema", "Financiën"]


def test_without_libreoffice_the_docx_has_no_borrowed_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No LibreOffice: the step is skipped quietly, and the shipped reference document's own preview
    picture (it has one) is not passed on as this document's preview."""
    import shutil
    import zipfile

    from councilkit.render.docx import default_reference

    with zipfile.ZipFile(default_reference()) as reference:
        assert "docProps/thumbnail.jpeg" in reference.namelist()
    monkeypatch.setenv("COUNCILKIT_DOCX_LIBREOFFICE", "1")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    write_png(tmp_path / "kaart.png")
    target = render_document(SAMPLE, tmp_path / "plan.docx", meta=meta(), resources=tmp_path)
    with zipfile.ZipFile(target) as package:
        assert not [n for n in package.namelist() if "thumbnail" in n]
        assert "thumbnail" not in package.read("_rels/.rels").decode()
    assert _contents(target) == ["Inleiding", "Waarden en principes", "Uitwerking per thema", "Financiën"]


def test_named_style_finds_what_python_docx_finds() -> None:
    """`named_style` (an index instead of an XPath query per lookup) gives the same style as
    `document.styles[name]` for every style of the reference, also by UI name, and after a style
    is added; a name that is not there is python-docx's own KeyError."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    from councilkit.render.docx import named_style, open_reference

    document = open_reference(None)
    names = [
        style.find(qn("w:name")).get(qn("w:val"))
        for style in document.styles.element.iterchildren(qn("w:style"))
        if style.find(qn("w:name")) is not None
    ]
    assert len(names) > 100
    for name in [*names, "Heading 1", "Caption", "Title", "TOC Heading", "Table Grid", "Hyperlink"]:
        assert named_style(document, name).element is document.styles[name].element, name
    document.styles.add_style("Eigen stijl", WD_STYLE_TYPE.PARAGRAPH)
    assert named_style(document, "Eigen stijl").element is document.styles["Eigen stijl"].element
    with pytest.raises(KeyError):
        named_style(document, "Bestaat niet")
