"""Docx to tagged PDF through headless LibreOffice, with the table of contents filled in.

LibreOffice's plain `--convert-to pdf` does not update fields, so the table of contents that
`render.docx` writes as a Word TOC field (Word fills it on opening) came out without page numbers.
The page numbers can only come from the program that lays out the pages, so we ask LibreOffice
itself: a small LibreOffice Basic macro, installed in a throw-away profile, opens the docx hidden,
updates every index (twice: filling the contents can move the pages after it) and exports the tagged
PDF with bookmarks. Basic ships with every LibreOffice (also `libreoffice-writer-nogui`), unlike the
Python bridge, and the macro URL needs no listening socket. When that route fails for any reason
other than a time-out, the plain conversion still gives a PDF, as before.
"""

from __future__ import annotations

import subprocess
from html import escape
from pathlib import Path

from councilkit.errors import CouncilkitError

__all__ = ["PDF_FILTER", "docx_to_pdf"]

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
_MACRO = """\
Sub ExportPdf(source As String, target As String, report As String)
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
    Dim options(1) As New com.sun.star.beans.PropertyValue
    options(0).Name = "UseTaggedPDF"
    options(0).Value = True
    options(1).Name = "ExportBookmarks"
    options(1).Value = True
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
    done = _run([soffice, _profile_arg(profile), "--headless", "--norestore", *convert])
    if done.returncode != 0 or not pdf.is_file():
        raise CouncilkitError(
            "LibreOffice kon de PDF niet maken",
            hint=f"schrijf .docx en maak de PDF in Word ({(done.stderr or done.stdout).strip()[:200]})",
        )
    return pdf


def _with_fresh_contents(soffice: str, source: Path, pdf: Path, profile: Path) -> bool:
    """The macro route; False when it did not produce the PDF (the caller falls back)."""
    # A fresh profile gets LibreOffice's preset Basic libraries copied over whatever is there, so the
    # profile is created first and the macro library added to it afterwards.
    base = [soffice, _profile_arg(profile), "--headless", "--norestore", "--nologo", "--nodefault"]
    if _run([*base, "--terminate_after_init"]).returncode != 0:
        return False
    basic = profile / "user" / "basic"
    container = basic / "script.xlc"
    if not container.is_file():
        return False
    _install_macro(basic, container)
    report = pdf.with_suffix(".txt")
    arguments = ",".join(f'"{p.as_uri()}"' for p in (source.resolve(), pdf.resolve(), report.resolve()))
    _run([*base, f"macro:///{_LIBRARY}.{_MODULE}.ExportPdf({arguments})"])
    ok = report.is_file() and report.read_text(encoding="utf-8", errors="replace").startswith("ok")
    return ok and pdf.is_file()


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


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CouncilkitError(
            "LibreOffice deed er langer dan vijf minuten over om de PDF te maken",
            hint="probeer het opnieuw, of schrijf .docx en maak de PDF in Word",
        ) from None
