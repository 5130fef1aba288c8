"""Reading an export file as it comes: bytes, encoding, CSV dialect, spreadsheets, bad files.

Everything here is about the *file*, not its meaning: one streamed pass computes the sha256 (the
identity of an import) and checks the encoding, beside DuckDB's reading; the first 256 kB decide
between UTF-8 and Windows-1252 and notice an empty file; CSV
dialect sniffing works on the first lines only; XLSX files are checked for being a real, sanely
sized spreadsheet before openpyxl touches them and are then turned into a CSV so that every table
goes through the same DuckDB reader. Errors are Dutch, with file, line and column.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from councilkit.errors import InputError
from councilkit.files import guard_input

#: Largest total an XLSX may unpack to, and the largest compression ratio: beyond these it is a
#: zip bomb or not a monitor export, and openpyxl is never asked to open it.
XLSX_MAX_UNPACKED = 1_000_000_000
XLSX_MAX_RATIO = 200
#: Largest total of cell comments an XLSX may carry: a monitor export needs none, and openpyxl would
#: spend minutes on a huge one.
XLSX_MAX_NOTES = 2_000_000

_HEAD_BYTES = 256 * 1024


@dataclass
class SourceFile:
    """An export file ready to be parsed: its identity and a UTF-8 text version for the readers."""

    path: Path
    hashing: Future[tuple[str, bool]]  # sha256 and "all UTF-8", computed beside the reading
    size: int
    kind: str  # "csv", "parquet", "json", "xlsx"
    text_path: Path | None = None  # UTF-8 text (the file itself, or a converted copy)
    encoding: str = "utf-8"
    head: list[list[str]] = field(default_factory=list)  # first rows, parsed with `delimiter`
    delimiter: str = ";"
    sheet: str | None = None  # the XLSX sheet the text came from
    head_lines: list[int] = field(default_factory=list)  # file line on which each head row ends
    temp_dir: tempfile.TemporaryDirectory[str] | None = None
    #: Footnote lines after the data ("Bron: CBS", "Bron: eigen bewerking; cliënten"), left out of
    #: `text_path` and reported as skipped.
    footer: list[str] = field(default_factory=list)

    def literal(self, path: Path | None = None) -> Path:
        """`path` (default: the file itself) as DuckDB may be given it: a name with `*`, `?`, `[`
        or `{` would be read as a pattern, so such a file is reached through a plain-named link."""
        path = path or self.path
        if not any(ch in str(path) for ch in "*?[]{}"):
            return path
        self.temp_dir = self.temp_dir or tempfile.TemporaryDirectory(prefix="councilkit-")
        link = (
            Path(self.temp_dir.name) / f"bestand{len(list(Path(self.temp_dir.name).iterdir()))}{path.suffix}"
        )
        link.symlink_to(path.resolve())
        return link

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sha256(self) -> str:
        """The file's sha256 (the identity of an import); waits for the hashing thread."""
        return self.hashing.result()[0]

    def misread(self) -> bool:
        """True when this CSV was read as UTF-8 but is not UTF-8 throughout (waits for the hashing
        thread): the import must be redone after `recode`."""
        return self.kind == "csv" and self.encoding == "utf-8" and not self.hashing.result()[1]

    def recode(self) -> None:
        """Read this file as Windows-1252 from now on (see `misread`)."""
        with self.path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
        _prepare_text(self, head, utf8=False)

    def cleanup(self) -> None:
        if self.temp_dir is not None:
            self.temp_dir.cleanup()
            self.temp_dir = None

    def error(
        self, message: str, *, line: int | None = None, column: int | None = None, hint: str | None = None
    ) -> InputError:
        """An `InputError` located in this file (XLSX: the sheet is named in the message)."""
        if self.sheet:
            message = f"{message} (werkblad '{self.sheet}')"
        return InputError(message, file=self.path, line=line, column=column, hint=hint)


def open_source(path: Path) -> SourceFile:
    """Hash, size, kind and encoding of `path`; refuse empty and unreadable files, FIFOs and devices
    (before opening them: they would hang), and set footnote lines aside.

    Only the first 256 kB are read here. The one full pass over the file runs in a thread beside
    DuckDB's reading: it computes the sha256 and checks that the whole file is UTF-8 (hashlib and
    file reads release the GIL; ASCII blocks need no decoding). A file whose first 256 kB are UTF-8
    but whose rest is not (Windows-1252 further down) is found there, and `Store.import_file` reads
    it again as Windows-1252 (`SourceFile.recode`) — DuckDB itself also refuses invalid UTF-8.
    """
    guard_input(path, what="exportbestand")
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            size = fh.seek(0, 2)
    except OSError as exc:
        raise InputError(f"bestand kan niet gelezen worden ({exc.strerror})", file=path) from exc
    if size == 0 or not head.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError("het bestand is leeg", file=path, hint="download de export opnieuw")
    hashing = _HASHER.submit(_sha256_utf8, path)
    kind = _kind(path, head)
    source = SourceFile(path=path, hashing=hashing, size=size, kind=kind)
    if kind == "csv":
        try:
            # a multibyte character cut off at the end of the head is fine (final=False)
            codecs.getincrementaldecoder("utf-8")().decode(head)
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        _prepare_text(source, head, utf8)
    return source


def _prepare_text(source: SourceFile, head: bytes, utf8: bool) -> None:
    """The UTF-8 text the readers see (the file itself, or a Windows-1252 file converted), its
    dialect from the first lines, and footnote lines set aside."""
    source.encoding = "utf-8" if utf8 else "cp1252"
    source.footer = []
    if utf8:
        source.text_path = source.literal()
        text_head = head.decode("utf-8", errors="ignore")
    else:
        source.temp_dir = source.temp_dir or tempfile.TemporaryDirectory(prefix="councilkit-")
        source.text_path = Path(source.temp_dir.name) / "converted.csv"
        _transcode(source.path, source.text_path)
        text_head = head.decode("cp1252", errors="replace")
    source.delimiter, source.head, source.head_lines = sniff_rows(text_head.lstrip("\ufeff"))
    _set_footer_aside(source)


#: How footnote lines below a table begin (compared in lower case).
_FOOTER_WORDS = (
    "bron",
    "toelichting",
    "opmerking",
    "noot",
    "voetnoot",
    "*",
    "©",
    "gegevens",
    "peildatum",
    "bewerking",
)


def _is_footer(cells: list[str]) -> bool:
    """A line below the data that is a note, not a row: one filled cell, or a text that begins like
    a footnote ("Bron: eigen bewerking; cliënten" splits on the `;`)."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return True
    if len(filled) == 1 and not re.fullmatch(r"[A-Z]{2}\d+|\d+", filled[0].upper()):
        return True
    return filled[0].lower().startswith(_FOOTER_WORDS)


def _footer_text(cells: list[str], delimiter: str) -> str:
    """A footnote line as its writer wrote it: "Bron: eigen bewerking; cliënten" keeps its `;` (the
    reader split the line there), quotes around a cell and trailing empty cells go, and control
    characters become spaces so the echo stays one line of plain text."""
    text = delimiter.join(cells).strip().strip(delimiter).strip()
    return _CONTROL.sub(" ", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _set_footer_aside(source: SourceFile) -> None:
    """Footnote lines at the end of a CSV ("Bron: CBS"): recognised in the last 64 kB, kept in
    `source.footer`, and the text the readers see ends before them (a copy only in that case)."""
    assert source.text_path is not None
    size = source.text_path.stat().st_size
    with source.text_path.open("rb") as fh:
        start = max(0, size - 65536)
        fh.seek(start)
        tail = fh.read()
    all_lines = tail.split(b"\n")
    skip = 1 if start > 0 else 0  # the first line of the tail is probably cut
    lines = all_lines[skip:]
    width = max((len(r) for r in source.head), default=0)
    cut = len(lines)
    notes: list[str] = []
    while cut > 0:
        raw = lines[cut - 1].rstrip(b"\r")
        text = raw.decode("utf-8", errors="replace")
        cells = next(csv.reader([text], delimiter=source.delimiter), [])
        if raw.count(b'"') % 2:  # an unclosed quote: a broken file, never a footnote
            break
        if raw.strip() and (len([c for c in cells if c.strip()]) >= width or not _is_footer(cells)):
            break
        note = _footer_text(cells, source.delimiter)
        if note:
            notes.append(note)
        cut -= 1
    if not notes or cut == 0:
        return
    keep = start + sum(len(line) + 1 for line in all_lines[: skip + cut])
    source.temp_dir = source.temp_dir or tempfile.TemporaryDirectory(prefix="councilkit-")
    out = Path(source.temp_dir.name) / "zonder-voetregels.csv"
    with source.text_path.open("rb") as fin, out.open("wb") as fout:
        remaining = keep
        while remaining > 0 and (chunk := fin.read(min(remaining, 4 * 1024 * 1024))):
            fout.write(chunk)
            remaining -= len(chunk)
    source.text_path = out
    source.footer = list(reversed(notes))


_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="councilkit-sha256")


def _sha256_utf8(path: Path) -> tuple[str, bool]:
    """The file's sha256, and whether all of it is UTF-8: one read, beside DuckDB's."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            digest.update(chunk)
            # plain ASCII needs no decoding (unless a multibyte character is still open)
            if utf8 and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return digest.hexdigest(), utf8


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head[:4] == b"PAR1":
        return "parquet"
    if head[:2] == b"PK" or suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix == ".parquet":
        return "parquet"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or stripped[:1] in {b"{", b"["}:
        return "json"
    return "csv"


def _transcode(src: Path, dst: Path) -> None:
    """Windows-1252 → UTF-8, streamed (monitor exports made with Excel on Windows)."""
    with (
        src.open("r", encoding="cp1252", errors="replace", newline="") as fin,
        dst.open("w", encoding="utf-8", newline="") as fout,
    ):
        while chunk := fin.read(4 * 1024 * 1024):
            fout.write(chunk)


def sniff_rows(text: str, max_rows: int = 40) -> tuple[str, list[list[str]], list[int]]:
    """Pick the delimiter (`;`, `,` or tab) from the first lines and parse them with it.

    Returns the delimiter, the rows and the file line on which each row ends.
    """
    lines = text.splitlines()[: max_rows + 1]
    if len(text) >= _HEAD_BYTES - 4 and lines:
        lines = lines[:-1]  # the last line of the head may be cut off
    sample = "\n".join(lines)
    best, best_score = ";", -1
    for delim in (";", ",", "\t"):
        rows = list(csv.reader(io.StringIO(sample), delimiter=delim))
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        score = max(widths) * 10 + widths.count(max(widths))
        if max(widths) > 1 and score > best_score:
            best, best_score = delim, score
    reader = csv.reader(io.StringIO(sample), delimiter=best)
    kept: list[list[str]] = []
    ends: list[int] = []
    for row in reader:
        kept.append(row)
        ends.append(reader.line_num)
    return best, kept, ends


# --- locating a problem -------------------------------------------------------------------------------


def find_line(source: SourceFile, start_line: int, column: int, bad: Callable[[str], bool]) -> int | None:
    """The file line of the first data row (from `start_line`, 1-based) whose `column` is `bad`.

    Only used once something is known to be wrong, so a slow Python pass is fine here.
    """
    assert source.text_path is not None
    with source.text_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=source.delimiter)
        for row in reader:
            if reader.line_num < start_line:
                continue
            if column < len(row) and bad(row[column]):
                return reader.line_num
    return None


def find_ragged_line(source: SourceFile, start_line: int, width: int) -> tuple[int, int] | None:
    """The first line (from `start_line`) whose field count is not `width`: a cut-off or broken row."""
    assert source.text_path is not None
    with source.text_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=source.delimiter, strict=True)
        line = start_line
        try:
            for row in reader:
                line = reader.line_num
                if line < start_line or not any(cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    return line, len(row)
        except csv.Error:
            return line + 1, -1
    return None


def column_letter(index: int) -> str:
    """0 → A, 27 → AB: how a spreadsheet user finds a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- spreadsheets ---------------------------------------------------------------------------------------


def check_xlsx(path: Path) -> None:
    """Refuse files that are not spreadsheets, or that unpack to an absurd size, before parsing."""
    if not zipfile.is_zipfile(path):
        raise InputError(
            "dit is geen Excel-bestand (xlsx): het is geen zip-archief of het is afgebroken",
            file=path,
            hint="open het in Excel en sla het opnieuw op als .xlsx, of exporteer als CSV",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"het Excel-bestand is beschadigd ({exc})", file=path) from exc
    if "xl/workbook.xml" not in names:
        raise InputError(
            "dit zip-bestand is geen Excel-werkmap (xl/workbook.xml ontbreekt)",
            file=path,
            hint="exporteer de cijfers als .xlsx of .csv",
        )
    notes = sum(
        info.file_size
        for info in infos
        if re.match(r"xl/(comments|threadedComments|persons|drawings/vmlDrawing)", info.filename)
    )
    if notes > XLSX_MAX_NOTES:
        raise InputError(
            f"het Excel-bestand bevat {notes / 1e6:,.0f} MB aan opmerkingen bij cellen; een monitorexport "
            "heeft die niet nodig en ze worden niet gelezen",
            file=path,
            hint="verwijder de opmerkingen (Controleren → Verwijderen) of exporteer de cijfers als CSV",
        )
    if unpacked > XLSX_MAX_UNPACKED or (unpacked > 50_000_000 and unpacked / packed > XLSX_MAX_RATIO):
        raise InputError(
            f"het Excel-bestand pakt uit tot {unpacked / 1e6:,.0f} MB; dat is geen gewone monitorexport",
            file=path,
            hint="exporteer de cijfers als CSV",
        )


def _cell_text(value: object) -> str:
    """A cell as Dutch text: numbers with a decimal comma and no thousands mark, so that a sheet
    mixing real numbers and numbers typed as Dutch text is read one way."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def xlsx_to_csv(source: SourceFile, accept: Callable[[list[list[str]]], bool]) -> list[str]:
    """Write the first sheet that `accept`s (given its first rows) as `;`-CSV; return skipped sheets.

    Rows keep their sheet numbers (empty rows stay as empty lines) so errors name the right row.
    """
    check_xlsx(source.path)
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(source.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(
            f"het Excel-bestand kan niet gelezen worden ({type(exc).__name__})",
            file=source.path,
            hint="open het in Excel en sla het opnieuw op",
        ) from exc
    skipped: list[str] = []
    source.temp_dir = source.temp_dir or tempfile.TemporaryDirectory(prefix="councilkit-")
    try:
        for sheet in workbook.worksheets:
            head: list[list[str]] = []
            for row in sheet.iter_rows(max_row=40, values_only=True):
                head.append([_cell_text(v) for v in row])
            if not any(any(c.strip() for c in r) for r in head) or not accept(head):
                skipped.append(sheet.title)
                continue
            out = Path(source.temp_dir.name) / "sheet.csv"
            with out.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, delimiter=";", lineterminator="\n")
                for row in sheet.iter_rows(values_only=True):
                    writer.writerow([_cell_text(v) for v in row])
            source.text_path = out
            source.delimiter = ";"
            source.head = head
            source.head_lines = list(range(1, len(head) + 1))
            source.sheet = sheet.title
            return skipped
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"het Excel-bestand is beschadigd ({type(exc).__name__})", file=source.path) from exc
    finally:
        workbook.close()
    raise InputError(
        "geen werkblad in dit Excel-bestand heeft een bekende indeling",
        file=source.path,
        hint="zorg voor een kopregel met regio, periode en indicator/waarde of met maten als kolommen",
    )
