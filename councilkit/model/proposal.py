"""Read a raadsvoorstel (docx, Markdown or plain text) into sections of sentences.

The pre-check judges a proposal section by section ("a heading 'Alternatieven' with something
under it") and sentence by sentence, so reading keeps the structure an author gave it: headings
(Word heading styles, Markdown `#`, bold short lines, short lines in plain text, and the first
column of the two-column table format some councils use), paragraphs, list items and table rows.

Anything that is not a readable proposal is refused with one Dutch line that says what to do:
a PDF, an old .doc, a password-protected .docx (both are OLE compound files; the directory names
tell them apart), a damaged .docx, an empty file or a binary file with a text suffix. Large
documents are fine: reading is linear, and on a terminal a progress bar shows it is moving.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from councilkit.errors import InputError

BlokSoort = Literal["alinea", "lijst", "tabel"]

#: Suffixes the check reads, and what they are read as.
SOORTEN = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"

#: More paragraphs than this and a terminal gets a progress bar (about 30 pages).
PROGRESS_FROM = 600


_PLAIN = str.maketrans("’‘“”–—", "''\"\"--")


def normalise(text: str) -> str:
    """Lower case, accents and other non-ASCII off, quotes and dashes plain: matching ignores spelling."""
    text = text.translate(_PLAIN)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


@dataclass
class Zin:
    """One sentence with where it stands: the section heading and the kind of block.

    `plat` is the sentence normalised once for matching (see `normalise`), because the check
    matches every sentence against dozens of patterns.
    """

    tekst: str
    sectie: str
    soort: BlokSoort
    index: int  # position in the whole proposal, for reading order
    plat: str = ""

    def __post_init__(self) -> None:
        if not self.plat:
            self.plat = normalise(self.tekst)


@dataclass
class Sectie:
    """A heading and what follows it up to the next heading. `kop` is empty before the first one."""

    kop: str
    niveau: int
    blokken: list[tuple[BlokSoort, str]] = field(default_factory=list)
    zinnen: list[Zin] = field(default_factory=list)
    #: Facts about the section the check computes once (e.g. "executors consulted here").
    kenmerken: dict[str, bool] = field(default_factory=dict, repr=False)
    kop_plat: str = ""

    def __post_init__(self) -> None:
        self.kop_plat = normalise(self.kop)

    @property
    def tekst(self) -> str:
        return " ".join(text for _, text in self.blokken)

    @property
    def woorden(self) -> int:
        return len(self.tekst.split())


@dataclass
class Voorstel:
    """A proposal as read: title (when the file names one) and its sections in order."""

    bestand: Path
    titel: str | None
    secties: list[Sectie]

    def zinnen(self) -> Iterator[Zin]:
        for sectie in self.secties:
            yield from sectie.zinnen

    @property
    def woorden(self) -> int:
        return sum(s.woorden for s in self.secties)

    @property
    def alineas(self) -> int:
        """Paragraphs, list items, table rows and headings: the same count the reading progress uses."""
        return sum(len(s.blokken) + 1 for s in self.secties)


# --------------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------------

#: Abbreviations after which a full stop does not end a sentence.
_AFKORTINGEN = {
    "bijv", "bv", "o.a", "d.w.z", "m.b.t", "i.v.m", "t.a.v", "e.d", "enz", "etc", "art", "nr", "ca",
    "z.s.m", "n.v.t", "incl", "excl", "mr", "dhr", "mevr", "drs", "dr", "ir", "jl", "jr", "vgl",
    "zgn", "resp", "t.b.v", "m.i.v", "p", "blz", "min", "max", "gem", "evt", "o.b.v", "a.s",
}  # fmt: skip
_EINDE = re.compile(r"([.!?…])(\s+)(?=[\"'‘“(\[]?[A-ZÀ-Ý0-9€])")


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences; abbreviations and numbers like '1.500' stay whole."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _EINDE.finditer(text):
        end = match.end(1)
        before = text[start:end].rstrip(".!?…")
        last = before.rsplit(" ", 1)[-1].lower().strip("(")
        if match.group(1) == "." and (last in _AFKORTINGEN or re.fullmatch(r"[a-z]", last)):
            continue
        if re.fullmatch(r"\d+(?:\.\d+)*", before.strip()):  # the number of a numbered heading or item
            continue
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# --------------------------------------------------------------------------------------------------
# Headings in text without markup
# --------------------------------------------------------------------------------------------------

_NUMMERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+")


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation: how headings look in plain text and bold lines."""
    text = _NUMMERING.sub("", line.strip()).rstrip(":").strip()
    if not text or len(text) > 70 or len(text.split()) > 8:
        return False
    if text[-1] in ".;,!" or text.startswith(("-", "*", "•", "|")):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "‘'\"€"


def heading_text(line: str) -> str:
    return _NUMMERING.sub("", line.strip()).rstrip(":").strip() or line.strip()


# --------------------------------------------------------------------------------------------------
# Building sections
# --------------------------------------------------------------------------------------------------


class _Builder:
    """Collects blocks into sections and splits them into sentences once, in reading order."""

    def __init__(self) -> None:
        self.secties: list[Sectie] = [Sectie(kop="", niveau=0)]
        self.titel: str | None = None
        self._index = 0

    def heading(self, text: str, level: int) -> None:
        text = " ".join(text.split())
        if text:
            self.secties.append(Sectie(kop=text, niveau=level))

    def block(self, soort: BlokSoort, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        sectie = self.secties[-1]
        sectie.blokken.append((soort, text))
        for sentence in split_sentences(text):
            sectie.zinnen.append(Zin(sentence, sectie.kop, soort, self._index))
            self._index += 1

    def result(self, path: Path) -> Voorstel:
        secties = [s for s in self.secties if s.kop or s.blokken]
        if not any(s.blokken for s in secties):
            raise InputError(
                "het voorstel bevat geen tekst",
                file=path,
                hint="controleer of u het goede bestand opgeeft; een gescand document zonder tekst kan "
                "councilkit niet lezen",
            )
        titel = self.titel
        if titel is None and secties and secties[0].kop and not secties[0].blokken and len(secties) > 1:
            titel = secties[0].kop
        return Voorstel(bestand=path, titel=titel, secties=secties)


def progress(
    items: Iterable[Any], total: int, label: str, unit: str = " alinea's", *, size: int | None = None
) -> Iterable[Any]:
    """A progress bar on a terminal for long documents; silent when output goes to a file or pipe.

    `size` is how long the document is, in paragraphs, when the steps counted are something else.
    """
    if (total if size is None else size) < PROGRESS_FROM or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=label, unit=unit, leave=False, file=sys.stderr)


# --------------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------------


def read_proposal(path: str | Path) -> Voorstel:
    """Read a proposal; every unreadable input is an `InputError` in Dutch, never a traceback."""
    path = Path(path)
    if not path.exists():
        raise InputError("het voorstel bestaat niet", file=path, hint="controleer de naam en de map")
    if path.is_dir():
        raise InputError(
            "dit is een map, geen voorstel", file=path, hint="geef een .docx-, .md- of .txt-bestand op"
        )
    try:
        head = path.open("rb").read(8)
    except OSError as exc:
        raise InputError(f"het voorstel is niet leesbaar ({exc.strerror})", file=path) from None
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise InputError(
            "het bestand is leeg", file=path, hint="sla het voorstel opnieuw op en probeer het nog eens"
        )
    if head.startswith(b"%PDF"):
        raise InputError(
            "dit is een PDF; councilkit leest de opbouw van een voorstel (koppen, alinea's, tabellen) niet uit PDF",
            file=path,
            hint="vraag het voorstel op als Word-bestand (.docx), of kopieer de tekst naar een .txt-bestand",
        )
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path)
    if suffix == ".doc":
        raise InputError(
            "dit is een oud Word-bestand (.doc)",
            file=path,
            hint="open het in Word of LibreOffice en sla het op als .docx",
        )
    soort = SOORTEN.get(suffix)
    if soort is None:
        raise InputError(
            f"councilkit leest geen voorstellen met de extensie '{path.suffix or '(geen)'}'",
            file=path,
            hint="gebruik een .docx-, .md- of .txt-bestand",
        )
    if soort == "docx":
        if not head.startswith(_ZIP_MAGIC):
            raise _damaged(path)
        return _read_docx(path)
    text = _read_text(path)
    if soort == "md":
        return _read_markdown(path, text)
    return _read_plain(path, text)


def _ole_error(path: Path) -> InputError:
    """An OLE compound file is either an encrypted .docx or an old .doc; the stream names say which."""
    try:
        data = path.read_bytes()[:2_000_000]
    except OSError:
        data = b""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return InputError(
            "het Word-bestand is beveiligd met een wachtwoord",
            file=path,
            hint="open het in Word, haal de beveiliging weg (Bestand › Info › Document beveiligen) en sla het "
            "opnieuw op; councilkit stuurt het voorstel nergens heen",
        )
    if "WordDocument".encode("utf-16-le") in data:
        return InputError(
            "dit is een oud Word-bestand (.doc), ook al heet het anders",
            file=path,
            hint="open het in Word of LibreOffice en sla het op als .docx",
        )
    return InputError(
        "dit is een ouder Office-bestand dat councilkit niet leest",
        file=path,
        hint="sla het voorstel op als .docx, .md of .txt",
    )


def _damaged(path: Path) -> InputError:
    return InputError(
        "het Word-bestand is beschadigd of geen echt .docx-bestand",
        file=path,
        hint="open het in Word of LibreOffice en sla het opnieuw op als .docx",
    )


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError(
            "dit is geen tekstbestand (het bevat binaire gegevens)",
            file=path,
            hint="sla het voorstel op als platte tekst (.txt) of als .docx",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Windows Kladblok; a rare character may be lost
    if not text.strip():
        raise InputError(
            "het bestand is leeg", file=path, hint="sla het voorstel opnieuw op en probeer het nog eens"
        )
    return text


# --- docx ------------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(path: Path) -> Voorstel:
    """Walk the body XML once: python-docx's per-paragraph objects make a 500-page file crawl."""
    try:
        import docx

        document = docx.Document(str(path))
        style_names = {s.style_id: s.name or "" for s in document.styles}
        title = (document.core_properties.title or "").strip()
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types for broken parts
        raise _damaged(path) from exc

    builder = _Builder()
    children = list(document.element.body.iterchildren())
    for child in progress(children, len(children), "voorstel lezen"):
        if child.tag == f"{_W}p":
            _docx_paragraph(builder, child, style_names)
        elif child.tag == f"{_W}tbl":
            _docx_table(builder, child)
    if title:
        builder.titel = title
    return builder.result(path)


def _xml_text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return "".join(parts).strip()


def _docx_paragraph(builder: _Builder, p: Any, style_names: dict[str, str]) -> None:
    text = _xml_text(p)
    if not text:
        return
    ppr = p.find(f"{_W}pPr")
    style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
    style = style_names.get(style_el.get(f"{_W}val"), "") if style_el is not None else ""
    if style in ("Title", "Titel"):
        builder.titel = builder.titel or text
        return
    if m := _HEADING_STYLE.match(style):
        builder.heading(heading_text(text), int(m.group(1)))
        return
    runs = [r for r in p.iter(f"{_W}r") if _xml_text(r)]
    if runs and all(_bold(r) for r in runs) and looks_like_heading(text):
        builder.heading(heading_text(text), 2)
        return
    numbered = ppr is not None and ppr.find(f"{_W}numPr") is not None
    if numbered or "list" in style.lower() or "lijst" in style.lower():
        builder.block("lijst", text)
    else:
        builder.block("alinea", text)


def _bold(run: Any) -> bool:
    rpr = run.find(f"{_W}rPr")
    b = rpr.find(f"{_W}b") if rpr is not None else None
    return b is not None and b.get(f"{_W}val") not in ("0", "false")


def _docx_table(builder: _Builder, tbl: Any) -> None:
    rows: list[list[str]] = []
    for tr in tbl.iter(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iter(f"{_W}tc"):
            text = " ".join(_xml_text(tc).split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        rows.append(cells)
    _table_rows(builder, rows)


def _is_form_row(cells: list[str]) -> bool:
    return len(cells) == 2 and looks_like_heading(cells[0]) and len(cells[1].split()) >= 4


def _table_rows(builder: _Builder, rows: list[list[str]]) -> None:
    """A table as blocks in the current section.

    Some councils write the whole proposal as a two-column form ('Onderwerp | …', 'Alternatieven |
    …'): there each row is a heading with its text. A table whose first row is a header
    ('Mogelijkheid | Beoordeling') is a data table and stays in its section, row by row.
    """
    rows = [r for r in rows if r]
    form = bool(rows) and _is_form_row(rows[0])
    for cells in rows:
        if form and len(cells) == 2 and looks_like_heading(cells[0]):
            builder.heading(heading_text(cells[0]), 2)
            builder.block("alinea", cells[1])
        else:
            builder.block("tabel", " — ".join(cells))


# --- Markdown --------------------------------------------------------------------------------------


def _read_markdown(path: Path, text: str) -> Voorstel:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    builder = _Builder()
    in_list = 0
    in_cell = False
    row: list[str] = []
    table: list[list[str]] = []
    heading_level: int | None = None
    for token in progress(tokens, len(tokens) // 3, "voorstel lezen"):
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif kind == "table_open":
            table = []
        elif kind == "table_close":
            _table_rows(builder, table)
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table.append([c for c in row if c])
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "inline":
            content = _inline_text(token)
            if heading_level is not None:
                if heading_level == 1 and builder.titel is None and len(builder.secties) == 1:
                    builder.titel = content
                else:
                    builder.heading(heading_text(content), heading_level)
            elif in_cell:
                row.append(" ".join(content.split()))
            elif in_list:
                builder.block("lijst", content)
            elif _only_strong(token) and looks_like_heading(content):
                builder.heading(heading_text(content), 2)
            else:
                builder.block("alinea", content)
    return builder.result(path)


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _only_strong(token: Any) -> bool:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(children) >= 3 and children[0].type == "strong_open" and children[-1].type == "strong_close"


# --- plain text ------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-z][.)])\s+")


def _read_plain(path: Path, text: str) -> Voorstel:
    builder = _Builder()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            builder.block("alinea", " ".join(paragraph))
            paragraph.clear()

    first_text_seen = False
    for index, raw in enumerate(progress(lines, len(lines), "voorstel lezen")):
        line = raw.strip()
        if not line:
            flush()
            continue
        previous_blank = index == 0 or not lines[index - 1].strip()
        if previous_blank and looks_like_heading(line):
            flush()
            if not first_text_seen and builder.titel is None and len(builder.secties) == 1:
                builder.titel = line
            else:
                builder.heading(heading_text(line), 2)
            first_text_seen = True
            continue
        if previous_blank is False and not paragraph and looks_like_heading(line):
            builder.heading(heading_text(line), 2)
            continue
        first_text_seen = True
        if _BULLET.match(line) and not looks_like_heading(line):
            flush()
            builder.block("lijst", _BULLET.sub("", line))
        elif re.match(r"^[A-Za-zÀ-ÿ' ]{2,40}:\s+\S", line) and previous_blank:
            # 'Onderwerp: …' label lines as in a proposal header
            flush()
            label, _, rest = line.partition(":")
            builder.heading(label.strip(), 2)
            builder.block("alinea", rest.strip())
        else:
            paragraph.append(line)
    flush()
    return builder.result(path)
