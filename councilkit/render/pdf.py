"""LibreOffice's own layout of a docx: the tagged PDF, and the page numbers of the table of contents.

LibreOffice's plain `--convert-to pdf` does not update fields, so the table of contents that
`render.docx` writes as a Word TOC field (Word fills it on opening) came out without page numbers.
The page numbers can only come from the program that lays out the pages, so we ask LibreOffice
itself: a small LibreOffice Basic macro, installed in a throw-away profile, opens the docx hidden,
updates every index (twice: filling the contents can move the pages after it) and exports the tagged
PDF with bookmarks. Basic ships with every LibreOffice (also `libreoffice-writer-nogui`), unlike the
Python bridge, and the macro URL needs no listening socket. When that route fails for any reason
other than a time-out, the plain conversion still gives a PDF, as before.

The same macro serves the docx itself (`lay_out`): it also writes the filled-in contents as text
("title<TAB>page" per line), so the docx writer can store LibreOffice's page numbers as the TOC
field's result, and exports only the first page, from which the preview picture is made. A docx
opened directly in LibreOffice then shows the contents with page numbers (LibreOffice shows a
field's stored result and does not update it), and Word still refreshes the field on opening.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path

from councilkit.errors import CouncilkitError

__all__ = ["PDF_FILTER", "Layout", "docx_to_pdf", "lay_out"]

#: LibreOffice's PDF export for `--convert-to`: tagged (accessible) PDF, bookmarks from the headings.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"}}'
)

#: Seconds LibreOffice may take for one step before we give up with a Dutch error.
TIMEOUT = 300

_LIBRARY = "Councilkit"
_MODULE = "Pdf"

#: The macro: the same export options as `PDF_FILTER`; writes "ok" or the error to `report` so the
#: caller can tell a filled-in contents page from a failed attempt (soffice exits 0 either way).
#: `pages` limits the PDF to those pages ("" = all); `contents`, when not "", receives the text of the
#: first table of contents after the update, in UTF-8 (Basic's own Print would use the locale's).
_MACRO = """\
Sub ExportPdf(source As String, target As String, pages As String, report As String, contents As String)
    On Error GoTo Failed
    Dim load(0) As New com.sun.star.beans.PropertyValue
    load(0).Name = "Hidden"
    load(0).Value = True
    Dim doc As Object
    doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
    Dim indexes As Object
    indexes = doc.getDocumentIndexes()
    Dim count As Integer, round As Integer, i As Integer
    count = indexes.getCount()
    For round = 1 To 2
        For i = 0 To count - 1
            indexes.getByIndex(i).update()
        Next i
    Next round
    If contents <> "" Then
        Dim listing As String
        listing = ""
        For i = 0 To count - 1
            If indexes.getByIndex(i).supportsService("com.sun.star.text.ContentIndex") Then
                listing = indexes.getByIndex(i).getAnchor().getString()
                Exit For
            End If
        Next i
        Dim fileAccess As Object, textStream As Object
        fileAccess = createUnoService("com.sun.star.ucb.SimpleFileAccess")
        textStream = createUnoService("com.sun.star.io.TextOutputStream")
        textStream.setOutputStream(fileAccess.openFileWrite(contents))
        textStream.setEncoding("UTF-8")
        textStream.writeString(listing)
        textStream.closeOutput()
    End If
    Dim options(2) As New com.sun.star.beans.PropertyValue
    options(0).Name = "UseTaggedPDF"
    options(0).Value = True
    options(1).Name = "ExportBookmarks"
    options(1).Value = True
    options(2).Name = "PageRange"
    options(2).Value = pages
    Dim store(1) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName"
    store(0).Value = "writer_pdf_Export"
    store(1).Name = "FilterData"
    store(1).Value = options()
    doc.storeToURL(target, store())
    doc.close(True)
    Note(report, "ok " & count)
    StarDesktop.terminate()
    Exit Sub
Failed:
    Note(report, "error " & Err & " " & Error$ & " line " & Erl)
    StarDesktop.terminate()
End Sub

Sub Note(report As String, text As String)
    Dim n As Integer
    n = FreeFile
    Open ConvertFromURL(report) For Output As #n
    Print #n, text
    Close #n
End Sub
"""

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_DOCTYPE = '<!DOCTYPE {0} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{1}">\n'


def docx_to_pdf(soffice: str, source: Path, folder: Path) -> Path:
    """Turn `source` (a docx inside the private work `folder`) into a tagged PDF and return its path.

    Tries the macro route (contents page with page numbers) first, the plain conversion second.
    """
    profile = folder / "profiel"
    pdf = folder / "document.pdf"
    if _with_fresh_contents(soffice, source, pdf, profile):
        return pdf
    pdf.unlink(missing_ok=True)
    convert = ["--convert-to", PDF_FILTER, "--outdir", str(folder), str(source)]
    done = _run([soffice, _profile_arg(profile), "--headless", "--norestore", *convert], TIMEOUT)
    if done.returncode != 0 or not pdf.is_file():
        raise CouncilkitError(
            "LibreOffice kon de PDF niet maken",
            hint=f"schrijf .docx en maak de PDF in Word ({(done.stderr or done.stdout).strip()[:200]})",
        )
    return pdf


def _with_fresh_contents(
    soffice: str,
    source: Path,
    pdf: Path,
    profile: Path,
    *,
    pages: str = "",
    contents: Path | None = None,
    timeout: int | None = None,
) -> bool:
    """The macro route; False when it did not produce the PDF (the caller falls back)."""
    # A fresh profile gets LibreOffice's preset Basic libraries copied over whatever is there, so the
    # profile is created first and the macro library added to it afterwards.
    base = [soffice, _profile_arg(profile), "--headless", "--norestore", "--nologo", "--nodefault"]
    if _run([*base, "--terminate_after_init"], timeout).returncode != 0:
        return False
    basic = profile / "user" / "basic"
    container = basic / "script.xlc"
    if not container.is_file():
        return False
    _install_macro(basic, container)
    report = pdf.with_suffix(".txt")
    urls = [source.resolve().as_uri(), pdf.resolve().as_uri(), pages, report.resolve().as_uri()]
    urls.append(contents.resolve().as_uri() if contents is not None else "")
    arguments = ",".join(f'"{value}"' for value in urls)
    _run([*base, f"macro:///{_LIBRARY}.{_MODULE}.ExportPdf({arguments})"], timeout)
    ok = report.is_file() and report.read_text(encoding="utf-8", errors="replace").startswith("ok")
    return ok and pdf.is_file()


@dataclass(frozen=True)
class Layout:
    """What LibreOffice's layout of a docx gives the docx writer: the table of contents as
    (title, page) in order, and a JPEG of the first page (None where poppler's `pdftoppm` is absent)."""

    contents: list[tuple[str, int]]
    first_page: bytes | None


#: Seconds the optional LibreOffice step of a docx may take; after that the docx is written without it.
LAYOUT_TIMEOUT = 120
#: Height in pixels of the preview picture (Word and file managers show thumbnails at about this size).
THUMBNAIL_HEIGHT = 256


def lay_out(soffice: str, source: Path, folder: Path) -> Layout | None:
    """LibreOffice's page numbers for the contents of `source` and a picture of its first page, or
    None when LibreOffice could not lay the document out (the docx is then written without them)."""
    pdf = folder / "eerste-pagina.pdf"
    contents = folder / "inhoud.txt"
    try:
        done = _with_fresh_contents(
            soffice, source, pdf, folder / "profiel", pages="1", contents=contents, timeout=LAYOUT_TIMEOUT
        )
    except (CouncilkitError, OSError):  # a time-out, or no program: the docx is good without it
        return None
    if not done or not contents.is_file():
        return None
    lines = []
    for line in contents.read_text(encoding="utf-8", errors="replace").splitlines():
        title, tab, page = line.rpartition("\t")
        if tab and page.strip().isdigit():
            lines.append((title.strip(), int(page)))
    return Layout(contents=lines, first_page=_thumbnail(pdf, folder))


def _thumbnail(pdf: Path, folder: Path) -> bytes | None:
    """The first page as a small JPEG, drawn by poppler's `pdftoppm`; None where it is missing or fails."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    stem = folder / "voorbeeld"
    command = [pdftoppm, "-jpeg", "-singlefile", "-f", "1", "-l", "1", "-scale-to", str(THUMBNAIL_HEIGHT)]
    try:
        subprocess.run([*command, str(pdf), str(stem)], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    picture = stem.with_suffix(".jpg")
    return picture.read_bytes() if picture.is_file() else None


def _install_macro(basic: Path, container: Path) -> None:
    """Add the Councilkit Basic library (one module) to the profile's macro container."""
    library = basic / _LIBRARY
    library.mkdir(exist_ok=True)
    ns = 'xmlns:library="http://openoffice.org/2000/library"'
    (library / f"{_MODULE}.xba").write_text(
        _HEAD
        + _DOCTYPE.format("script:module", "module.dtd")
        + f'<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{_MODULE}" '
        f'script:language="StarBasic">{escape(_MACRO, quote=False)}</script:module>\n',
        encoding="utf-8",
    )
    (library / "script.xlb").write_text(
        _HEAD
        + _DOCTYPE.format("library:library", "library.dtd")
        + f'<library:library {ns} library:name="{_LIBRARY}" library:readonly="false" '
        f'library:passwordprotected="false">\n <library:element library:name="{_MODULE}"/>\n'
        "</library:library>\n",
        encoding="utf-8",
    )
    text = container.read_text(encoding="utf-8")
    entry = f' <library:library library:name="{_LIBRARY}" library:link="false"/>\n'
    if entry not in text:
        container.write_text(
            text.replace("</library:libraries>", entry + "</library:libraries>"), encoding="utf-8"
        )


def _profile_arg(profile: Path) -> str:
    """LibreOffice's own profile for this run: no user settings, no shared lock with a running office."""
    return f"-env:UserInstallation={profile.as_uri()}"


def _run(command: list[str], timeout: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run one LibreOffice step. On a time-out or an interruption the whole process group goes:
    `soffice` is a launcher, and killing only it would leave the real office process running on its
    own (in its own session it gets no Ctrl-C from the terminal)."""
    import os
    import signal

    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=os.name == "posix",
    )
    try:
        out, err = process.communicate(timeout=timeout or TIMEOUT)
    except BaseException as exc:  # a time-out, Ctrl-C or SIGTERM: no office process may stay behind
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
        process.kill()
        process.communicate()
        if isinstance(exc, subprocess.TimeoutExpired):
            raise CouncilkitError(
                "LibreOffice deed er langer dan vijf minuten over om de PDF te maken",
                hint="probeer het opnieuw, of schrijf .docx en maak de PDF in Word",
            ) from None
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)
