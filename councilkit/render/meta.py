"""What a document says about itself and how it was made: shared by the document types (which fill
it) and every writer (which puts it in file properties, HTML meta and a Markdown comment).

Its own module, below `render.document` and the writers, so that no writer has to import the
module that imports it (the import circles issue 7 found in `render/`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(repr=False, eq=False)
class Herkomst:
    """How a document was made, so it can be traced and made again: councilkit's version, the date,
    every input file with its sha256, and the monitor data it used."""

    versie: str
    datum: dt.date
    invoer: list[tuple[str, str]] = field(default_factory=list)  # (file as given, sha256)
    data: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        """The provenance as short Dutch lines (docx properties, HTML meta, a Markdown comment)."""
        lines = [f"gemaakt met councilkit {self.versie} op {self.datum.isoformat()}"]
        lines += [f"invoer: {name} (sha256 {digest})" for name, digest in self.invoer]
        lines += [f"data: {item}" for item in self.data]
        return lines

    def tekst(self) -> str:
        return "; ".join(self.regels())


@dataclass(repr=False, eq=False)
class DocumentMeta:
    """What a document says about itself: shown on the title page and stored in file properties."""

    titel: str
    ondertitel: str = ""
    auteur: str = ""
    onderwerp: str = ""
    organisatie: str = ""
    datum: dt.date | str | None = None
    status: str = ""  # e.g. "Concept"
    taal: str = "nl-NL"
    trefwoorden: list[str] = field(default_factory=list)
    versie: str = ""
    #: Layout a document that is handed on asks for (docx): its own title page, every chapter
    #: (level-1 heading) on a new page, and a running header with this text.
    titelpagina: bool = False
    hoofdstuk_nieuwe_pagina: bool = False
    koptekst: str = ""
    #: Filled by the document pipeline for every document type.
    herkomst: Herkomst | None = None
