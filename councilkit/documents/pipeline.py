"""One pipeline for every document type: request → build (load, check, context) → render → atomic write.

A document type (beleidsplan, jaarverslag, startnotitie, werkblad, raadsvoorstel-toets, …) is a
`DocumentType` value: its name, its Jinja2 Markdown template, the formats it supports and a `build`
function that turns a `Request` into a `Built` (template variables, document metadata, open points).
`write_document` is the only place that decides the output format, refuses an existing file, renders
and writes atomically, so every document type gets the same contract for free: an unknown or
unsupported suffix is refused before any work, nothing is overwritten without `--force`, and an
interrupted run leaves no half-written file.

Formats that are not Markdown-shaped (xlsx, ics, json, yaml, a self-contained HTML form) are written
by a per-type `Writer` in `DocumentType.writers`; Markdown-shaped formats (docx, html, md, pdf) go
through the template and the shared render engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from councilkit import __version__
from councilkit.errors import CouncilkitError
from councilkit.files import atomic_output, check_writable, sha256_of
from councilkit.gc_tuning import fewer_collections
from councilkit.render.document import SUFFIXES, DocumentMeta, Herkomst, render_document
from councilkit.render.templating import render_template


@dataclass(frozen=True, repr=False)
class Request:
    """What the user asked for: input files, the output path and the options every document shares.

    `options` carries what only one document type knows (the report's `jaar`, the worksheet's kind);
    the type's `build` reads it.
    """

    inputs: tuple[Path, ...]
    output: Path
    force: bool = False
    data: tuple[Path, ...] = ()
    templates: Path | None = None
    reference_doc: Path | None = None
    options: Mapping[str, object] = field(default_factory=dict)
    #: A disclosure threshold stricter than the kompas's (from `councilkit.yaml`); None: the kompas's.
    drempel: int | None = None
    #: The `councilkit.yaml` the defaults above came from, if any (named in the provenance).
    settings_file: Path | None = None
    #: HTML only: the file name of a plotly.js written once beside many pages (a batch of reports),
    #: loaded with `<script src>` instead of 4,8 MB embedded in every page; None: embedded.
    plotly_bestand: str | None = None

    def drempel_voor(self, eigen: int) -> int:
        """The disclosure threshold to apply where a kompas asks for `eigen`: settings may only raise it."""
        return max(eigen, self.drempel) if self.drempel is not None else eigen

    @property
    def format(self) -> str:
        """The output format named by the output file's suffix (`docx`, `html`, …)."""
        return SUFFIXES.get(self.output.suffix.lower(), "")


@dataclass(repr=False, eq=False)
class Built:
    """What a document type's `build` returns.

    `variables` are what the template sees; `payload` is the typed context for per-type writers
    (xlsx, ics, json, yaml). `notes` are open points for the writer of the document (shown on the
    terminal, never in the council text); `warnings` are said on the terminal as `let op:` lines.
    `resources` is the folder relative image paths are resolved against (the input's folder).
    """

    variables: dict[str, object]
    meta: DocumentMeta
    payload: object = None
    resources: Path | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The monitor data the document used, one line each (e.g. "CBS 84799NED, import 3 van 2026-11-20");
    #: the pipeline adds them, with the sha256 of every input file, to the document's provenance.
    data_sources: list[str] = field(default_factory=list)


#: Writes a built document to the (temporary) path it is given; `write_document` renames it.
Writer = Callable[[Built, Path, Request], None]


@dataclass(frozen=True, repr=False)
class DocumentType:
    """A kind of document councilkit writes: one module in `documents/`, one template, one command."""

    name: str
    template: str | None
    formats: tuple[str, ...]
    build: Callable[[Request], Built]
    writers: Mapping[str, Writer] = field(default_factory=dict)


@dataclass(repr=False, eq=False)
class Written:
    """The file that was written and what the build said, for the command to report."""

    path: Path
    built: Built


def afzender(request: Request | None, gemeente: str, *, zonder_gemeente: str = "") -> tuple[str, str]:
    """(auteur, organisatie) for the properties of a document a gemeente issues.

    One rule for every document type: the author is `--auteur` when given, else the gemeente
    ("Gemeente Breda"), else `zonder_gemeente`; the organisation is the gemeente or nothing.
    """
    organisatie = f"Gemeente {gemeente}" if gemeente else ""
    auteur = request.options.get("auteur") if request is not None else None
    return (str(auteur) if auteur else organisatie or zonder_gemeente), organisatie


def output_format(doc: DocumentType, output: Path) -> str:
    """The format for `output`, refused in Dutch when the suffix is unknown or this document lacks it."""
    fmt = SUFFIXES.get(Path(output).suffix.lower())
    if fmt is None or fmt not in doc.formats:
        allowed = ", ".join(f".{f}" for f in doc.formats)
        what = Path(output).suffix or "(geen extensie)"
        raise CouncilkitError(
            f"een {doc.name} kan niet als '{what}' worden geschreven",
            file=output,
            hint=f"gebruik een van deze extensies: {allowed}",
        )
    return fmt


def provenance(request: Request, built: Built) -> Herkomst:
    """How this document is made: version, date, every input file with its sha256, the data used."""
    files = [*request.inputs, *_files_in(request.data)]
    if request.settings_file is not None:
        files.append(request.settings_file)
    # As the user gave it; an absolute path only by name (a document should not reveal home folders).
    invoer = [
        (path.name if path.is_absolute() else str(path), sha256_of(path)) for path in files if path.is_file()
    ]
    return Herkomst(versie=__version__, datum=date.today(), invoer=invoer, data=list(built.data_sources))


def _files_in(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def write_document(doc: DocumentType, request: Request) -> Written:
    """Build and write one document; every document type goes through here."""
    with fewer_collections():
        return _write_document(doc, request)


def _write_document(doc: DocumentType, request: Request) -> Written:
    out = Path(request.output)
    fmt = output_format(doc, out)
    check_writable(out, request.force)
    built = doc.build(request)
    built.meta.herkomst = provenance(request, built)
    writer = doc.writers.get(fmt)
    if writer is not None:
        with atomic_output(out, force=request.force) as tmp:
            writer(built, tmp, request)
        return Written(out, built)
    if doc.template is None:
        raise CouncilkitError(f"een {doc.name} heeft geen sjabloon voor '{out.suffix}'", file=out)
    markdown = render_template(doc.template, built.variables, templates=request.templates)
    render_document(
        markdown,
        out,
        meta=built.meta,
        reference_doc=request.reference_doc,
        force=request.force,
        templates=request.templates,
        # Images in kompas text are relative to the kompas, wherever the command runs.
        resources=built.resources or (request.inputs[0].parent if request.inputs else None),
        origin=doc.template,
        plotly_bestand=request.plotly_bestand,
    )
    return Written(out, built)
