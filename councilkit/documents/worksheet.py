"""The worksheet as a document type: a form to fill in (HTML, XLSX) or to print (docx, Markdown).

`councilkit worksheet new visie -o werkblad.html` goes through the same pipeline as every document:
`build` resolves the form from its framework file (`councilkit.model.werkbladformulier`), the HTML
form and the Excel file are per-type writers (they are forms, not Markdown-shaped text), and docx and
Markdown come from `templates/werkblad.md.j2` through the render engine, so a printed worksheet
looks like every other councilkit document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from councilkit.documents.pipeline import Built, DocumentType, Request
from councilkit.documents.worksheet_html import form_html
from councilkit.documents.worksheet_xlsx import write_xlsx
from councilkit.model.werkbladformulier import Werkbladformulier, load_formulier
from councilkit.render.document import DocumentMeta


def build(request: Request) -> Built:
    soort = str(request.options["soort"])
    variant = "raad" if request.options.get("raad") else "zelf"
    gemeente = str(request.options.get("gemeente") or "").strip()
    formulier = load_formulier(soort, variant)
    vandaag = request.options.get("vandaag")
    datum = vandaag if isinstance(vandaag, dt.date) else dt.date.today()
    ondertitel = f"Werkblad {formulier.variant_naam}" + (f" — gemeente {gemeente}" if gemeente else "")
    meta = DocumentMeta(
        titel=formulier.titel,
        ondertitel=ondertitel,
        organisatie=f"Gemeente {gemeente}" if gemeente else "",
        onderwerp=f"werkblad {soort}",
        datum=datum,
        trefwoorden=["werkblad", soort, variant],
    )
    return Built(
        variables={"formulier": formulier, "gemeente": gemeente, "datum": datum},
        meta=meta,
        payload=WerkbladContext(formulier, gemeente, datum),
    )


class WerkbladContext:
    """What the HTML and XLSX writers need: the form, the gemeente and the day it was made."""

    def __init__(self, formulier: Werkbladformulier, gemeente: str, datum: dt.date) -> None:
        self.formulier = formulier
        self.gemeente = gemeente
        self.datum = datum


def _context(built: Built) -> WerkbladContext:
    assert isinstance(built.payload, WerkbladContext)
    return built.payload


def _write_html(built: Built, tmp: Path, request: Request) -> None:
    ctx = _context(built)
    tmp.write_text(form_html(ctx.formulier, gemeente=ctx.gemeente, datum=ctx.datum), encoding="utf-8")


def _write_xlsx(built: Built, tmp: Path, request: Request) -> None:
    ctx = _context(built)
    write_xlsx(ctx.formulier, tmp, gemeente=ctx.gemeente, datum=ctx.datum)


WERKBLAD = DocumentType(
    name="werkblad",
    template="werkblad.md.j2",
    formats=("html", "xlsx", "docx", "md"),
    build=build,
    writers={"html": _write_html, "xlsx": _write_xlsx},
)
