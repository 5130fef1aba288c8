"""Render one Markdown document to docx, HTML or Markdown, chosen by the output file's suffix.

This is the single entry point the document types (beleidsplan, proceskader, raadsvoorstel
checklist, jaarverslag) call after their Jinja2 template has produced Markdown. The order of work
follows the CLI contract: refuse an existing output and an unreadable reference document before any
work, parse the Markdown once, then write through `atomic_output` so an interrupted run leaves the
previous file intact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.errors import CouncilkitError
from councilkit.files import atomic_output, check_writable
from councilkit.render import blocks as b
from councilkit.render.blocks import parse
from councilkit.render.meta import DocumentMeta, Herkomst
from councilkit.render.templating import search_path

if TYPE_CHECKING:
    from councilkit.render.pdf import Layout

__all__ = ["FORMATS", "SUFFIXES", "DocumentMeta", "Herkomst", "output_format", "render_document"]

#: Every output suffix councilkit knows, and the format it names. Which of these a document supports
#: is the document type's choice (`documents.pipeline.DocumentType.formats`).
SUFFIXES = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".ics": "ics",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}

#: The formats this engine renders from Markdown.
FORMATS = {suffix: fmt for suffix, fmt in SUFFIXES.items() if fmt in {"docx", "html", "md", "pdf"}}


def output_format(out: Path) -> str:
    """`docx`, `html` or `md` from the suffix of `out`; anything else is a Dutch error."""
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        allowed = ", ".join(sorted({s for s in FORMATS if s != ".htm"}))
        raise CouncilkitError(
            f"onbekend uitvoerformaat '{Path(out).suffix or '(geen extensie)'}'",
            file=out,
            hint=f"gebruik een van deze extensies: {allowed}",
        )
    return fmt


def render_document(
    markdown: str,
    out: Path,
    *,
    meta: DocumentMeta,
    reference_doc: Path | None = None,
    force: bool = False,
    templates: Path | None = None,
    resources: Path | None = None,
    origin: str | None = None,
    plotly_bestand: str | None = None,
) -> Path:
    """Write `markdown` to `out` as docx, HTML or Markdown (by suffix) and return `out`.

    `reference_doc` supplies Word styles (docx only; default: the shipped neutral one). `templates`
    is the `--templates` override directory (used for the HTML page template and its CSS).
    `resources` is the directory relative image paths are resolved against (default: cwd).
    `origin` names the source of the Markdown in error messages (e.g. the template file).
    `plotly_bestand` (HTML only) names a plotly.js beside the page instead of embedding it.
    """
    out = Path(out)
    fmt = output_format(out)
    check_writable(out, force)
    reference = None
    soffice = None
    if fmt == "pdf":
        soffice = libreoffice()  # refused before any work when LibreOffice is missing
    if fmt in ("docx", "pdf"):
        # Deferred: python-docx (with lxml) only for a docx or PDF, never for HTML or Markdown.
        from councilkit.render.docx import open_reference

        reference = open_reference(reference_doc)

    tree = parse(markdown, resources=resources, origin=origin, image_roots=tuple(search_path(templates)))

    if fmt in ("docx", "pdf"):
        # Deferred: python-docx (with lxml) only for a docx or PDF, never for HTML or Markdown.
        from councilkit.render.docx import write_docx

        chart_images = _chart_images(tree)
        with atomic_output(out, force=force) as tmp:
            assert reference is not None  # opened above for docx, before any work is done
            if fmt == "docx":
                write_docx(
                    tree, tmp, meta=meta, reference=reference, chart_images=chart_images, layout=_layout()
                )
            else:
                assert soffice is not None
                _docx_to_pdf(soffice, tree, tmp, meta=meta, reference=reference, chart_images=chart_images)
    elif fmt == "html":
        # Deferred: each format loads only its own writer (a Markdown plan needs no HTML page code).
        from councilkit.render.html import render_html

        text = render_html(tree, meta=meta, templates=templates, plotly_bestand=plotly_bestand)
        with atomic_output(out, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    else:
        # Deferred: each format loads only its own writer.
        from councilkit.render.markdown import render_markdown

        text = render_markdown(tree, meta=meta)
        with atomic_output(out, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return out


def find_libreoffice() -> str | None:
    """The LibreOffice program: on the PATH, or where its installer puts it on Windows and macOS
    (neither adds it to the PATH, so `which` alone missed most installed copies there)."""
    import os
    import shutil

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is not None:
        return found
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
        if os.environ.get(variable):
            places.append(Path(os.environ[variable]) / "LibreOffice" / "program" / "soffice.exe")
    return next((str(place) for place in places if place.is_file()), None)


def libreoffice() -> str:
    """The LibreOffice program, or a Dutch error that says how to install it."""
    found = find_libreoffice()
    if found is None:
        raise CouncilkitError(
            "voor PDF-uitvoer is LibreOffice nodig, maar het is niet gevonden",
            hint="installeer LibreOffice (Linux: apt install libreoffice-writer; Windows/macOS: "
            "libreoffice.org) of schrijf .docx en sla dat in Word op als PDF",
        )
    return found


#: Set to 0 (or "uit") to write a docx without LibreOffice's page numbers and preview picture
#: (faster; Word fills the numbers when the document is opened). The test suite sets it.
NO_LAYOUT_VARIABLE = "COUNCILKIT_DOCX_LIBREOFFICE"


def _layout() -> Callable[[Path], Layout | None] | None:
    """The optional LibreOffice step of a docx (`render.pdf.lay_out`): page numbers in the contents
    and a preview picture. None where LibreOffice is not installed or the step is switched off; the
    docx is then just as good, only Word fills the numbers when it opens the file."""
    import os

    if os.environ.get(NO_LAYOUT_VARIABLE, "").strip().lower() in ("0", "uit", "nee", "false", "no"):
        return None
    soffice = find_libreoffice()
    if soffice is None:
        return None

    def lay_out(docx: Path) -> Layout | None:
        import tempfile

        # Deferred: LibreOffice's driver (with subprocess) only when a docx is laid out.
        from councilkit.render.pdf import lay_out as libreoffice_lay_out

        with tempfile.TemporaryDirectory(prefix="councilkit-docx-") as work:
            folder = Path(work)
            source = folder / "document.docx"
            source.write_bytes(docx.read_bytes())
            return libreoffice_lay_out(soffice, source, folder)

    return lay_out


def _docx_to_pdf(soffice: str, tree: object, target: Path, **docx_args: object) -> None:
    """Write the docx, let headless LibreOffice (own profile, no network) turn it into a tagged PDF
    with the table of contents filled in (`render.pdf`), and put the PDF at `target`."""
    import tempfile

    # Deferred: python-docx (with lxml) and LibreOffice's driver only for a PDF.
    from councilkit.render.docx import write_docx
    from councilkit.render.pdf import docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="councilkit-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        write_docx(tree, source, **docx_args)  # type: ignore[arg-type]
        target.write_bytes(docx_to_pdf(soffice, source, folder).read_bytes())


def _chart_images(tree: object) -> dict[int, bytes]:
    """PNG per chart block (keyed by `id(block)`), all drawn in one browser session; empty if none."""

    assert isinstance(tree, b.Document)
    charts = [block for block in b.walk(tree.blocks) if isinstance(block, b.Chart)]
    if not charts:
        return {}

    # Deferred: the chart drawing code only when a docx has a chart.
    from councilkit.render.chart import to_png

    images = to_png([c.spec for c in charts])
    if images is None:
        return {}
    return {id(chart): image for chart, image in zip(charts, images, strict=True)}
