"""The document tree → a Word document a civil servant can hand on.

Structure lives in named Word styles (Title, Heading 1–3, List Bullet/Number, Caption, Quote), never
in direct formatting, so a municipality's house style applies simply by giving its own reference
document (styles, headers, footers and page setup are kept; its body text is removed), as Pandoc and
Quarto do. What python-docx cannot do by itself is done in the XML, following the workarounds in the
python-docx issue tracker:

- table of contents: a `TOC \\o "1-3" \\h \\z \\u` field plus `w:updateFields` in settings.xml, so Word
  fills it when the document is opened (python-docx cannot paginate); the field result is pre-filled
  with the headings so the list is readable even before that, and with LibreOffice's page numbers
  when a `layout` step is given (`render.pdf.lay_out`), so LibreOffice shows them too;
- a preview picture of the first page (`docProps/thumbnail.jpeg`) from that same step;
- list numbering that restarts per list: each ordered list gets its own `w:num` (python-docx #25);
- alt text on pictures: `wp:docPr/@descr` (python-docx #1048);
- header rows that repeat on every page: `w:tblHeader`; table alt text: `w:tblCaption`;
- document language nl-NL in the style defaults, so Word's spelling check and screen readers use Dutch.

Why one module of this size: every Word XML workaround sits beside the writer step that needs it;
split up, the construction of one document would be spread over modules that all touch the same body.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraphClass
from lxml.etree import SubElement  # type: ignore[import-untyped]  # python-docx's own XML library

from councilkit.errors import CouncilkitError
from councilkit.render import blocks as b
from councilkit.render import nl
from councilkit.resources import templates_dir

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph as DocxParagraph

    from councilkit.render.meta import DocumentMeta
    from councilkit.render.pdf import Layout

# Clark names of the paragraph and run elements `DocxWriter` makes (qn() once, not per element).
_R, _RPR, _RSTYLE, _RFONTS, _B, _I, _BR, _T, _VAL = (
    qn(tag) for tag in ("w:r", "w:rPr", "w:rStyle", "w:rFonts", "w:b", "w:i", "w:br", "w:t", "w:val")
)
_P, _PPR, _PSTYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_CODE_FONT_ATTRS = (qn("w:ascii"), qn("w:hAnsi"), qn("w:cs"))
_XML_SPACE = qn("xml:space")

LANGUAGE = "nl-NL"
REFERENCE_NAME = "reference.docx"
FONT = "Arial"
CODE_FONT = "Courier New"
HEADING_COLOUR = RGBColor(0x1A, 0x3A, 0x5C)  # 11:1 contrast on white
CALLOUT_STYLE = "Let op"
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
#: Above this many paragraphs the LibreOffice layout step is skipped: it takes about 4 s plus 1 ms
#: per paragraph (a 25-page plan has 650; 20.000 is a document of several hundred pages, ~25 s).
LAYOUT_PARAGRAPHS = 20_000
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}

# settings.xml children that must come after w:updateFields (schema order of CT_Settings)
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{n}")
    for n in [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def xml_escape(text: str) -> str:
    """Text for an XML attribute or element. Not `xml.sax.saxutils.escape`: that module pulls in
    urllib and ssl at import, which costs every docx run start-up time for one function."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def default_reference() -> Path:
    """The neutral reference document shipped in `templates/`."""
    return templates_dir() / REFERENCE_NAME


# ---------------------------------------------------------------- reference document


def open_reference(path: Path | None) -> DocxDocument:
    """Open a reference document (styles only); a broken or non-docx file is a Dutch error."""
    ref = Path(path) if path is not None else default_reference()
    if not ref.is_file():
        raise CouncilkitError(
            "referentiedocument niet gevonden",
            file=ref,
            hint="geef bij --reference-doc een bestaand .docx op",
        )
    try:
        document = docx.Document(str(ref))
    except Exception:  # python-docx raises many kinds (zip, XML, missing part) for a broken file
        raise CouncilkitError(
            "referentiedocument is geen leesbaar Word-bestand (.docx)",
            file=ref,
            hint="sla de huisstijl in Word op als .docx (geen .doc of .dotx) en probeer opnieuw",
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _set_lang(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def set_language(document: DocxDocument) -> None:
    """nl-NL in the document defaults and the Normal style, and as the theme font language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr)
    normal = named_style(document, "Normal")
    _set_lang(normal.element.get_or_add_rPr())
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


#: The last styles part indexed by `named_style`: (its element, its number of children, name → style).
_style_index: tuple[Any, int, dict[str, Any]] | None = None


def named_style(document: DocxDocument, name: str) -> Any:
    """`document.styles[name]` through a name index instead of python-docx's XPath query, which
    costs ~0.7 ms per lookup over the ~170 styles of a house style (a plan makes 40 lookups: a
    tenth of its Word time). The same style comes back: the first with that (internal) name, as
    python-docx picks it; the index is rebuilt when the styles part is another or has grown, and a
    name it lacks goes to python-docx itself (a style id, or its KeyError)."""
    global _style_index
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    element = document.styles.element
    if _style_index is None or _style_index[0] is not element or _style_index[1] != len(element):
        names: dict[str, Any] = {}
        for style in element.iterchildren(qn("w:style")):
            label = style.find(qn("w:name"))
            if label is not None and label.get(qn("w:val")) is not None:
                names.setdefault(label.get(qn("w:val")), style)
        _style_index = (element, len(element), names)
    found = _style_index[2].get(BabelFish.ui2internal(name))
    return StyleFactory(found) if found is not None else document.styles[name]


def set_update_fields(document: DocxDocument) -> None:
    """Ask Word to update all fields (the TOC, page numbers) when the document is opened."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is not None:
        existing.set(qn("w:val"), "true")
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    for index, child in enumerate(settings):
        if child.tag in _AFTER_UPDATE_FIELDS:
            settings.insert(index, element)
            return
    settings.append(element)


def _style(document: DocxDocument, name: str, kind: WD_STYLE_TYPE, base: str | None) -> Any:
    try:
        return named_style(document, name)
    except KeyError:
        style = document.styles.add_style(name, kind)
        if base is not None:
            with contextlib.suppress(KeyError):
                style.base_style = named_style(document, base)
        return style


def _shade_and_border(ppr: Any, fill: str, colour: str) -> None:
    for tag in ("w:pBdr", "w:shd"):
        old = ppr.find(qn(tag))
        if old is not None:
            ppr.remove(old)
    borders = parse_xml(
        f"<w:pBdr {nsdecls('w')}>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="8" w:space="4" w:color="{colour}"/>'
            for side in ("top", "left", "bottom", "right")
        )
        + "</w:pBdr>"
    )
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    # schema order inside pPr: … pBdr, shd … come after numPr/suppressLineNumbers and before tabs/spacing
    anchor = None
    for tag in ("w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
        borders.addnext(shading)
    else:
        ppr.append(borders)
        ppr.append(shading)


def ensure_styles(document: DocxDocument) -> None:
    """Make sure every style the writer uses exists, so any reference document works.

    A municipality's own Word file often lacks styles it never used (Word keeps them "latent", which
    python-docx cannot address); those are added here with sober defaults based on Normal.
    """
    paragraph = WD_STYLE_TYPE.PARAGRAPH
    for name, base in (
        ("Title", "Normal"),
        ("Subtitle", "Normal"),
        ("Heading 1", "Normal"),
        ("Heading 2", "Heading 1"),
        ("Heading 3", "Heading 2"),
        ("Heading 4", "Heading 3"),
        ("Heading 5", "Heading 4"),
        ("Heading 6", "Heading 5"),
        ("List Paragraph", "Normal"),
        ("Caption", "Normal"),
        ("Quote", "Normal"),
        ("TOC Heading", "Heading 1"),
    ):
        style = _style(document, name, paragraph, base)
        if name.startswith("Heading"):
            level = int(name[-1])
            ppr = style.element.get_or_add_pPr()
            if ppr.find(qn("w:outlineLvl")) is None:
                outline = OxmlElement("w:outlineLvl")
                outline.set(qn("w:val"), str(level - 1))
                ppr.append(outline)
    for kind in ("List Bullet", "List Number", "List Continue"):
        for level in (1, 2, 3):
            name = kind if level == 1 else f"{kind} {level}"
            style = _style(document, name, paragraph, "List Paragraph")
            if kind == "List Continue":
                style.paragraph_format.left_indent = Cm(0.63 * level)
    section = document.sections[0]
    text_width = (
        (section.page_width or Cm(21)) - (section.left_margin or Cm(2.5)) - (section.right_margin or Cm(2.5))
    )
    for level in (1, 2, 3):
        style = _style(document, f"TOC {level}", paragraph, "Normal")
        style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        if not len(style.paragraph_format.tab_stops):  # the page number at the right, dots leading to it
            style.paragraph_format.tab_stops.add_tab_stop(
                Emu(text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
    callout = _style(document, CALLOUT_STYLE, paragraph, "Normal")
    if callout.element.pPr is None or callout.element.pPr.find(qn("w:shd")) is None:
        _shade_and_border(callout.element.get_or_add_pPr(), "FFF4CE", "B58A00")
        callout.paragraph_format.left_indent = Cm(0.2)
        callout.paragraph_format.right_indent = Cm(0.2)
    hyperlink = _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER, None)
    if hyperlink.font.color.rgb is None:
        hyperlink.font.color.rgb = RGBColor(0x0B, 0x53, 0x94)
        hyperlink.font.underline = True
    _style(document, "Table Grid", WD_STYLE_TYPE.TABLE, None)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def ensure_page_numbers(document: DocxDocument) -> None:
    """Add `Pagina X van Y` to an empty footer; a house style with its own footer is left alone."""
    section = document.sections[0]
    footer = section.footer
    xml = footer._element.xml if not footer.is_linked_to_previous else ""
    if "PAGE" in xml or any(p.text.strip() for p in footer.paragraphs):
        return
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Pagina ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" van ")
    _field(paragraph, "NUMPAGES", "1")


def ensure_running_header(document: DocxDocument, text: str) -> None:
    """Put `text` in an empty page header (a house style with its own header is left alone); the
    title page shows no header."""
    section = document.sections[0]
    header = section.header
    if not header.is_linked_to_previous and any(p.text.strip() for p in header.paragraphs):
        return
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    section.different_first_page_header_footer = True


def build_reference_docx(path: Path) -> Path:
    """Generate the neutral reference document shipped as `templates/reference.docx`.

    It starts from python-docx's own template (which defines every built-in style) and sets a sober
    house style: Arial, dark-blue headings, A4 with 2,5 cm margins, Dutch language and separators,
    a shaded `Let op` style and a page-number footer. Municipalities replace it with their own.
    """
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    normal = named_style(document, "Normal")
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    ensure_styles(document)
    sizes = {"Title": 26, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5}
    for name, size in sizes.items():
        style = named_style(document, name)
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style_rpr = style.element.get_or_add_rPr()
        style_fonts = style_rpr.find(qn("w:rFonts"))
        if style_fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                style_fonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                style_fonts.set(qn(attr), FONT)
        if name.startswith("Heading"):
            style.paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
    title_ppr = named_style(document, "Title").element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    caption = named_style(document, "Caption")
    caption.font.size = Pt(9.5)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_after = Pt(3)
    toc_heading = named_style(document, "TOC Heading")
    toc_heading.font.color.rgb = HEADING_COLOUR
    set_language(document)
    settings = document.settings.element
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    ensure_page_numbers(document)
    props = document.core_properties
    props.title = "councilkit referentiedocument"
    props.author = "councilkit"
    props.comments = "Alleen de opmaakprofielen (stijlen), kop- en voettekst van dit bestand worden gebruikt."
    props.language = LANGUAGE
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1
    props.last_modified_by = "councilkit"
    document.add_paragraph(
        "Referentiedocument voor councilkit: pas de opmaakprofielen (Titel, Kop 1–3, Lijstopsommingsteken, "
        "Lijstnummer, Bijschrift, Let op) aan de huisstijl aan. De tekst van dit document wordt niet gebruikt."
    )
    document.save(str(path))
    return path


# ---------------------------------------------------------------- numbering


class _Numbering:
    """Own bullet and decimal list definitions, so lists work with any reference document and each
    numbered list restarts at its own start value."""

    def __init__(self, document: DocxDocument) -> None:
        self.numbering = document.part.numbering_part.element
        self.bullet_abstract = self._abstract("bullet")
        self.decimal_abstract = self._abstract("decimal")
        self.bullet_num = self._num(self.bullet_abstract, None)

    def _next_id(self, tag: str, attr: str) -> int:
        ids = [int(el.get(qn(attr))) for el in self.numbering.findall(qn(tag))]
        return max(ids, default=0) + 1

    def _abstract(self, kind: str) -> int:
        abstract_id = self._next_id("w:abstractNum", "w:abstractNumId")
        levels = []
        bullets = ["\u2022", "\u25e6", "\u25aa"]
        formats = [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3.")]
        for lvl in range(3):
            if kind == "bullet":
                fmt, text, font = (
                    "bullet",
                    bullets[lvl],
                    '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>',
                )
            else:
                fmt, text = formats[lvl]
                font = ""
            left = 360 * (lvl + 1) + 0
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{font}</w:lvl>'
            )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.numbering.append(element)
        return abstract_id

    def _num(self, abstract_id: int, start: int | None) -> int:
        num_id = self._next_id("w:num", "w:numId")
        override = ""
        if start is not None:
            override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        element = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
        self.numbering.append(element)
        return num_id

    def new_ordered(self, start: int) -> int:
        return self._num(self.decimal_abstract, start)


def _set_numbering(paragraph: DocxParagraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(numpr)
    else:
        ppr.insert(0, numpr)


# ---------------------------------------------------------------- writer


class DocxWriter:
    def __init__(
        self,
        document: DocxDocument,
        tree: b.Document,
        chart_images: dict[int, bytes] | None,
    ) -> None:
        self.doc = document
        self.tree = tree
        self.numbering = _Numbering(document)
        self.chart_images = chart_images or {}
        self.chapters_on_new_page = False
        section = document.sections[-1]
        self.text_width = Emu(
            (section.page_width or Cm(21))
            - (section.left_margin or Cm(2.5))
            - (section.right_margin or Cm(2.5))
        )
        self.picture_id = 0
        #: The contents' entries: (title, the run holding it, the field's begin fldChar).
        self.toc_entries: list[tuple[str, Any, Any]] = []
        self._style_ids: dict[str, str] = {}
        self._body = document._body
        self._sect: Any = None

    def add_paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """`Document.add_paragraph` with a cached style lookup.

        python-docx resolves a style name by scanning all styles on every call, which made style
        lookups most of the run time for long documents.
        """
        # python-docx's own add_paragraph looks for the closing sectPr by scanning the whole body on
        # every call (quadratic for long documents); insert before it directly instead.
        body = self._body._element
        p = body.makeelement(_P)  # in the body's document, so python-docx's element classes apply
        if style is not None:
            style_id = self._style_ids.get(style)
            if style_id is None:
                style_id = self._style_ids[style] = named_style(self.doc, style).style_id
            SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, style_id)
        self._append_block(p)
        paragraph = DocxParagraphClass(p, self._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _append_block(self, element: Any) -> None:
        """Put a paragraph or table at the end of the body, before the closing section properties
        (found once, not by scanning the body per call)."""
        body = self._body._element
        sect = self._sect if self._sect is not None else body.find(qn("w:sectPr"))
        if sect is not None and sect.getparent() is body:
            self._sect = sect
            sect.addprevious(element)
        else:
            body.append(element)

    # ---- inline

    def _run(self, parent: Any, text: str, *, bold: bool, italic: bool, code: bool, link: bool) -> None:
        """One `w:r` with its text, made in place with lxml (python-docx's `OxmlElement` parses the
        tag name and declares the namespace anew for every element: most of a long document's time)."""
        run = SubElement(parent, _R)
        if bold or italic or code or link:
            rpr = SubElement(run, _RPR)
            if link:
                SubElement(rpr, _RSTYLE).set(_VAL, named_style(self.doc, "Hyperlink").style_id)
            if code:
                fonts = SubElement(rpr, _RFONTS)
                for attr in _CODE_FONT_ATTRS:
                    fonts.set(attr, CODE_FONT)
            if bold:
                SubElement(rpr, _B)
            if italic:
                SubElement(rpr, _I)
        for i, line in enumerate(text.split("\n")):
            if i:
                SubElement(run, _BR)
            t = SubElement(run, _T)
            t.set(_XML_SPACE, "preserve")
            t.text = line

    def inlines(
        self,
        parent: Any,
        items: list[b.Inline],
        *,
        bold: bool = False,
        italic: bool = False,
        link: bool = False,
    ) -> None:
        for item in items:
            if isinstance(item, b.Text):
                self._run(parent, item.text, bold=bold, italic=italic, code=False, link=link)
            elif isinstance(item, b.Code):
                self._run(parent, item.text, bold=bold, italic=italic, code=True, link=link)
            elif isinstance(item, b.Strong):
                self.inlines(parent, item.children, bold=True, italic=italic, link=link)
            elif isinstance(item, b.Emph):
                self.inlines(parent, item.children, bold=bold, italic=True, link=link)
            elif isinstance(item, b.InlineImage):
                self._run(parent, item.alt, bold=bold, italic=italic, code=False, link=link)
            elif isinstance(item, b.Break):
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:br"))
                parent.append(run)
            elif isinstance(item, b.Link):
                if "://" in item.href or item.href.startswith("mailto:"):
                    hyperlink = OxmlElement("w:hyperlink")
                    r_id = self.doc.part.relate_to(item.href, RT.HYPERLINK, is_external=True)
                    hyperlink.set(qn("r:id"), r_id)
                    parent.append(hyperlink)
                    self.inlines(hyperlink, item.children, bold=bold, italic=italic, link=True)
                else:
                    self.inlines(parent, item.children, bold=bold, italic=italic, link=link)

    def paragraph(self, items: list[b.Inline], style: str | None = None) -> DocxParagraph:
        paragraph = self.add_paragraph(style=style)
        self.inlines(paragraph._p, items)
        return paragraph

    # ---- blocks

    def title_block(self, meta: DocumentMeta) -> None:
        if meta.titelpagina:
            self._title_page(meta)
            return
        self.add_paragraph(meta.titel, style="Title")
        if meta.ondertitel:
            self.add_paragraph(meta.ondertitel, style="Subtitle")
        parts = [p for p in (meta.organisatie, meta.status, nl.datum(meta.datum) if meta.datum else "") if p]
        if parts:
            self.add_paragraph(" · ".join(parts))

    def _title_page(self, meta: DocumentMeta) -> None:
        """A page of its own: title, subtitle, then organisation, status, date and version, one per
        line, and a page break — what a draft that goes to a wethouder or adviesraad starts with."""
        from docx.enum.text import WD_BREAK

        spacer = self.add_paragraph()
        spacer.paragraph_format.space_before = Pt(120)
        self.add_paragraph(meta.titel, style="Title")
        if meta.ondertitel:
            self.add_paragraph(meta.ondertitel, style="Subtitle")
        lines = [
            meta.organisatie,
            f"Status: {meta.status.lower()}" if meta.status else "",
            f"Datum: {nl.datum(meta.datum)}" if meta.datum else "",
            f"Versie {meta.versie}" if meta.versie else "",
        ]
        for line in (item for item in lines if item):
            self.add_paragraph(line)
        self.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def blocks(self, items: list[b.Block], *, list_level: int = 0, callout: bool = False) -> None:
        for block in items:
            self.block(block, list_level=list_level, callout=callout)

    def block(self, block: b.Block, *, list_level: int = 0, callout: bool = False) -> None:
        handler: Callable[..., None] | None = getattr(self, f"_{type(block).__name__.lower()}", None)
        if handler is None:  # never drop content silently
            raise CouncilkitError(
                f"de Word-uitvoer kent het onderdeel '{type(block).__name__}' niet",
                hint="kies .html of .md, of meld dit: het onderdeel zou anders ontbreken",
            )
        handler(block, list_level=list_level, callout=callout)

    def _heading(self, block: b.Heading, **_: Any) -> None:
        paragraph = self.paragraph(block.children, style=f"Heading {min(block.level, 6)}")
        if block.level == 1 and self.chapters_on_new_page:
            paragraph.paragraph_format.page_break_before = True

    def _paragraph(self, block: b.Paragraph, *, callout: bool = False, **_: Any) -> None:
        self.paragraph(block.children, style=CALLOUT_STYLE if callout else None)

    def _toc(self, block: b.Toc, **_: Any) -> None:
        self.add_paragraph("Inhoudsopgave", style="TOC Heading")
        entries = [h for h in self.tree.headings if h.level <= 3]
        if not entries:
            paragraph = self.add_paragraph(style="TOC 1")
            _field(paragraph, TOC_INSTRUCTION, "Werk de inhoudsopgave bij (F9).")
            return
        paragraphs = [self.add_paragraph(style=f"TOC {h.level}") for h in entries]
        first, last = paragraphs[0], paragraphs[-1]

        def field_run(paragraph: DocxParagraph, kind: str, instruction: str | None = None) -> None:
            run = paragraph.add_run()
            if instruction is None:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {instruction} "
                run._r.append(instr)

        field_run(first, "begin")
        begin = first._p.findall(f".//{qn('w:fldChar')}")[-1]
        field_run(first, "", TOC_INSTRUCTION)
        field_run(first, "separate")
        for paragraph, heading in zip(paragraphs, entries, strict=True):
            title = b.plain_text(heading.children)
            self.toc_entries.append((title, paragraph.add_run(title)._r, begin))
        field_run(last, "end")

    def fill_contents(self, pages: list[tuple[str, int]]) -> bool:
        """Put the page numbers LibreOffice laid out (`pages`: contents lines in order) after each
        entry of the contents (a tab with a dotted leader, then the number) and mark the field dirty
        so Word still updates it with its own layout. False, and nothing changed, when the lines do
        not match the entries one by one (a house style whose contents list other levels)."""
        numbers: list[int] = []
        remaining = iter(pages)
        for title, _run, _begin in self.toc_entries:
            wanted = _words(title)
            number = next((page for line, page in remaining if _words(line) == wanted), None)
            if number is None:
                return False
            numbers.append(number)
        for (_title, run, begin), number in zip(self.toc_entries, numbers, strict=True):
            tab = OxmlElement("w:r")
            tab.append(OxmlElement("w:tab"))
            page = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = str(number)
            page.append(text)
            run.addnext(tab)
            tab.addnext(page)
            begin.set(qn("w:dirty"), "true")
        return bool(numbers)

    def _listblock(self, block: b.ListBlock, *, list_level: int = 0, **_: Any) -> None:
        level = min(list_level, 2)
        kind = "List Number" if block.ordered else "List Bullet"
        style = kind if level == 0 else f"{kind} {level + 1}"
        continue_style = "List Continue" if level == 0 else f"List Continue {level + 1}"
        num_id = self.numbering.new_ordered(block.start) if block.ordered else self.numbering.bullet_num
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, b.Paragraph) and first:
                    paragraph = self.paragraph(child.children, style=style)
                    _set_numbering(paragraph, num_id, level)
                elif isinstance(child, b.Paragraph):
                    self.paragraph(child.children, style=continue_style)
                elif isinstance(child, b.ListBlock):
                    self._listblock(child, list_level=list_level + 1)
                else:
                    if first:  # an item that starts with e.g. a table: keep the bullet on an empty line
                        paragraph = self.add_paragraph(style=style)
                        _set_numbering(paragraph, num_id, level)
                    self.block(child, list_level=list_level + 1)
                first = False

    def _caption(self, label: str, number: int | None, items: list[b.Inline]) -> None:
        paragraph = self.add_paragraph(style="Caption")
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(f"{label} ")
        if number is not None:  # a SEQ field, so Word can build a list of tables/figures
            _field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
        paragraph.add_run(": ")
        self.inlines(paragraph._p, items)

    def table(
        self,
        header: list[list[b.Inline]],
        rows: list[list[list[b.Inline]]],
        align: list[str | None],
        caption: str,
    ) -> None:
        """A table in the reference's table style; the first row is a repeating header row.

        Built as one XML string rather than through python-docx's row/cell API, which walks the
        whole table for every cell and dominated the run time of long documents.
        """
        columns = max([len(header), *(len(r) for r in rows)])
        style_id = self._style_ids.get("Table Grid") or named_style(self.doc, "Table Grid").style_id
        self._style_ids["Table Grid"] = style_id
        texts = [[b.plain_text(cell) for cell in row] for row in [header, *rows]]
        widths = column_widths(texts, columns, int(self.text_width.twips))
        caption_xml = f'<w:tblCaption w:val="{xml_escape(caption[:250])}"/>' if caption else ""
        jc = [
            f'<w:jc w:val="{align[c]}"/>' if c < len(align) and align[c] in ("right", "center") else ""
            for c in range(columns)
        ]
        shading = '<w:shd w:val="clear" w:color="auto" w:fill="E7ECF2"/>'
        parts = [
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/>{caption_xml}</w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
            + "</w:tblGrid>"
        ]
        for index in range(1 + len(rows)):
            # No row is split over two pages: a reader must see a cell's text in one piece.
            row_pr = (
                "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                if index == 0
                else "<w:trPr><w:cantSplit/></w:trPr>"
            )
            parts.append(f"<w:tr>{row_pr}")
            for column in range(columns):
                fill = shading if index == 0 else ""
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/>{fill}</w:tcPr>'
                    f'<w:p><w:pPr><w:spacing w:after="0"/>{jc[column]}</w:pPr></w:p></w:tc>'
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        tbl = parse_xml("".join(parts))
        for index, (tr, cells) in enumerate(zip(tbl.iterchildren(qn("w:tr")), [header, *rows], strict=True)):
            for column, paragraph in enumerate(tr.iter(qn("w:p"))):
                if column < len(cells):
                    self.inlines(paragraph, cells[column], bold=index == 0)
        self._append_block(tbl)
        # a paragraph after the table keeps Word from gluing the next table or heading onto it
        self.add_paragraph().paragraph_format.space_after = Pt(0)

    def _table(self, block: b.Table, **_: Any) -> None:
        if block.caption is not None:
            self._caption("Tabel", block.number, block.caption)
        caption = (
            b.plain_text(block.caption)
            if block.caption
            else b.plain_text(block.header[0] if block.header else [])
        )
        self.table(block.header, block.rows, block.align, caption)

    def picture(self, source: Path | Any, alt: str) -> None:
        paragraph = self.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run()
        shape = run.add_picture(source if not isinstance(source, Path) else str(source))
        if shape.width > self.text_width:
            ratio = self.text_width / shape.width
            shape.width = Emu(int(shape.width * ratio))
            shape.height = Emu(int(shape.height * ratio))
        self.picture_id += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt[:100])

    def _figure(self, block: b.Figure, **_: Any) -> None:
        try:
            self.picture(block.path, block.alt)
        except Exception as exc:
            raise CouncilkitError(
                f"afbeelding kan niet in Word worden geplaatst: {exc}",
                file=block.path,
                hint="sla de afbeelding op als PNG of JPEG",
            ) from None
        if block.caption:
            self._caption("Figuur", block.number, [b.Text(block.caption)])

    def _chart(self, block: b.Chart, **_: Any) -> None:
        import io

        # Deferred: the chart module only for a document with a chart.
        from councilkit.render.chart import data_table

        spec = block.spec
        image = self.chart_images.get(id(block))
        self._caption("Figuur", block.number, [b.Text(spec.titel)])
        if image is not None:
            self.picture(io.BytesIO(image), spec.alt)
        else:
            self.paragraph(
                [
                    b.Emph(
                        [
                            b.Text(
                                "De grafiek kon niet als afbeelding worden gemaakt; de cijfers staan in de tabel."
                            )
                        ]
                    )
                ]
            )
        self.paragraph([b.Strong([b.Text("Beschrijving: ")]), b.Text(spec.alt)])
        self._caption("Tabel", block.table_number, [b.Text(f"{spec.tabelwoord} bij figuur {block.number}")])

        head, body, align = data_table(spec)
        rows = [[b.cell(text) for text in row] for row in body]
        self.table(
            [b.cell(text) for text in head], rows, align, f"{spec.tabelwoord.capitalize()} bij {spec.titel}"
        )
        self.paragraph([b.Text(f"Bron: {spec.bron}")], style="Caption")

    def _callout(self, block: b.Callout, **_: Any) -> None:
        label = f"{block.label}: {block.title}" if block.title else f"{block.label}:"
        first = block.blocks[0] if block.blocks else None
        if isinstance(first, b.Paragraph) and not block.title:
            paragraph = self.add_paragraph(style=CALLOUT_STYLE)
            self._run(paragraph._p, label + " ", bold=True, italic=False, code=False, link=False)
            self.inlines(paragraph._p, first.children)
            rest = block.blocks[1:]
        else:
            paragraph = self.add_paragraph(style=CALLOUT_STYLE)
            self._run(paragraph._p, label, bold=True, italic=False, code=False, link=False)
            rest = block.blocks
        self.blocks(rest, callout=True)

    def _codeblock(self, block: b.CodeBlock, **_: Any) -> None:
        paragraph = self.add_paragraph()
        self._run(paragraph._p, block.text, bold=False, italic=False, code=True, link=False)

    def _quote(self, block: b.Quote, **_: Any) -> None:
        for child in block.blocks:
            if isinstance(child, b.Paragraph):
                self.paragraph(child.children, style="Quote")
            else:
                self.block(child)

    def _rule(self, block: b.Rule, **_: Any) -> None:
        paragraph = self.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="999999"/></w:pBdr>'
            )
        )


#: average width of one character of body text in twips (about 10 pt Calibri/Liberation Sans)
_CHAR_TWIPS = 105
#: width reserved per character of a word that must not break: digits and bold text in a wide
#: substitute font (LibreOffice without Calibri falls back to DejaVu Sans) need this much; when the
#: longest words do not fit at that, the tighter estimate is tried before any word may break
_WORD_CHAR_TWIPS = (145, 125)
#: cell padding left + right in twips
_CELL_PADDING = 230


def column_widths(texts: list[list[str]], columns: int, total: int) -> list[int]:
    """Column widths in twips that fill `total`, sized to content like a browser's auto layout.

    Equal widths break long words ("Ondersteunin g") in narrow columns while short columns waste
    room. Each column gets at least its longest word; the room left is shared in proportion to
    how much more text the column holds. Only when even the longest words do not fit (by the tighter
    estimate too) are widths scaled down, every column to the same share of its longest word — a
    header over a narrow column ("Kwaliteitseis" over "K1, K2") must not be sacrificed to a column
    of sentences, which wraps anyway.
    """
    longest = [0] * columns
    desired = [_CELL_PADDING + _CHAR_TWIPS * 3] * columns
    volume = [0] * columns
    for row in texts:
        for column, text in enumerate(row[:columns]):
            # Word and LibreOffice break a compound after its hyphen, so a part is the unit that must fit.
            word = max((len(part) for part in re.split(r"[\s-]+", text)), default=0)
            longest[column] = max(longest[column], word)
            desired[column] = max(desired[column], _CELL_PADDING + _CHAR_TWIPS * len(text))
            volume[column] += len(text)
    for per_char in _WORD_CHAR_TWIPS:
        minimum = [max(_CELL_PADDING + _CHAR_TWIPS * 3, _CELL_PADDING + per_char * n) for n in longest]
        if sum(minimum) < total:
            return _share(minimum, desired, volume, total)
    return [max(1, total * m // sum(minimum)) for m in minimum]


def _share(minimum: list[int], desired: list[int], volume: list[int], total: int) -> list[int]:
    """Every column its minimum; the room left as the content asks (see `column_widths`)."""
    desired = [max(d, m) for d, m in zip(desired, minimum, strict=True)]
    if sum(desired) <= total:
        return [total * d // sum(desired) for d in desired]
    # Wrapping is unavoidable: the room left goes to the columns in proportion to all the text they
    # hold, so the column with the long sentences (e.g. "Wat de wet vraagt") gets the width rather
    # than a column that has one long cell.
    spare = total - sum(minimum)
    extra = [max(0, v * _CHAR_TWIPS - m) for v, m in zip(volume, minimum, strict=True)]
    if not sum(extra):
        extra = [d - m for d, m in zip(desired, minimum, strict=True)]
    return [m + spare * e // sum(extra) for m, e in zip(minimum, extra, strict=True)]


def set_properties(document: DocxDocument, meta: DocumentMeta) -> None:
    """Title, author, subject, keywords and language in the core properties (read by screen readers,
    document management systems and the PDF export)."""
    props = document.core_properties
    props.title = meta.titel
    props.author = meta.auteur or meta.organisatie or ""
    props.subject = meta.onderwerp or ""
    props.keywords = ", ".join(meta.trefwoorden)
    props.language = meta.taal
    props.content_status = meta.status or ""
    # How the document was made (version, inputs with sha256, data), so it can be traced and remade.
    # Word keeps at most 255 characters per property: the summary goes in the comments, every line
    # in full in custom properties (Bestand → Eigenschappen → Aangepast).
    props.comments = _fit(meta.herkomst.tekst()) if meta.herkomst else ""
    props.version = f"councilkit {meta.herkomst.versie}" if meta.herkomst else ""
    if meta.herkomst:
        set_custom_properties(
            document,
            {f"councilkit.herkomst.{i}": line for i, line in enumerate(meta.herkomst.regels(), start=1)},
        )
    props.category = ""
    props.last_modified_by = meta.auteur or ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1


def write_docx(
    tree: b.Document,
    target: Path,
    *,
    meta: DocumentMeta,
    reference: DocxDocument,
    chart_images: dict[int, bytes] | None = None,
    layout: Callable[[Path], Layout | None] | None = None,
) -> None:
    """Write `tree` into the (body-less) reference document and save it at `target`.

    `layout`, when given, lays the saved file out (LibreOffice, `render.pdf.lay_out`) for a document
    with a contents page or a title page; its page numbers and first-page picture are then added
    and the file saved again.
    """
    ensure_styles(reference)
    set_language(reference)
    set_update_fields(reference)
    ensure_page_numbers(reference)
    set_properties(reference, meta)
    if meta.koptekst:
        ensure_running_header(reference, meta.koptekst)
    writer = DocxWriter(reference, tree, chart_images)
    writer.chapters_on_new_page = meta.hoofdstuk_nieuwe_pagina
    writer.title_block(meta)
    writer.blocks(tree.blocks)
    # the section properties must stay the last child of the body
    body = reference.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None and body[-1] is not sect:
        body.remove(sect)
        body.append(sect)
    set_thumbnail(reference, None)  # never a house style's own preview picture
    reference.save(str(target))
    if layout is None or not (writer.toc_entries or meta.titelpagina):
        return
    if sum(1 for _ in body.iter(qn("w:p"))) > LAYOUT_PARAGRAPHS:
        return  # LibreOffice would take minutes; Word still fills the contents on opening
    found = layout(target)
    if found is None:
        return
    filled = writer.fill_contents(found.contents) if writer.toc_entries else False
    if filled or found.first_page:
        set_thumbnail(reference, found.first_page)
        reference.save(str(target))


def _words(text: str) -> str:
    return " ".join(text.split())


_THUMBNAIL = "/docProps/thumbnail.jpeg"


def set_thumbnail(document: DocxDocument, jpeg: bytes | None) -> None:
    """The package's preview picture (`docProps/thumbnail.jpeg`, related from `_rels/.rels` as
    Office does), so a file manager or Word's open dialog shows the title page instead of a blank
    sheet; None removes any picture (a reference document's own would show another document)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    if jpeg:
        part = Part(PackURI(_THUMBNAIL), "image/jpeg", jpeg, package)
        package.relate_to(part, RT.THUMBNAIL)


def _fit(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def set_custom_properties(document: DocxDocument, values: dict[str, str]) -> None:
    """Write text custom properties (docProps/custom.xml); python-docx has no API for them."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{xml_escape(name)}">'
        f"<vt:lpwstr>{xml_escape(_fit(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
