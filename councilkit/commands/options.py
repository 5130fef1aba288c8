"""The options every document command shares, declared once.

`-o/--output`, `--force`, `--data`, `--templates` and `--reference-doc` mean the same for the
beleidsplan, the jaarverslag, the startnotitie, the werkbladen and the raadsvoorstel-toets, so they
are defined here and a command takes only the ones it uses. `make_request` turns the parsed values
into the pipeline's `Request`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

if TYPE_CHECKING:
    from councilkit.documents.pipeline import Request

F = TypeVar("F", bound=Callable[..., Any])

_PATH = click.Path(path_type=Path)


def _output(formats: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        metavar="BESTAND",
        required=True,
        type=_PATH,
        help=f"Uitvoerbestand; de extensie bepaalt het formaat: {formats}.",
    )


_SHARED: dict[str, Callable[[F], F]] = {
    "force": click.option("--force", is_flag=True, help="Een bestaand uitvoerbestand vervangen."),
    "data": click.option(
        "--data",
        "data_paths",
        metavar="PAD",
        multiple=True,
        type=_PATH,
        help="Monitordata: een store (.duckdb) of exportbestanden. Mag vaker worden gegeven.",
    ),
    "templates": click.option(
        "--templates",
        metavar="MAP",
        type=_PATH,
        help="Map met eigen sjablonen; een sjabloon met dezelfde naam gaat voor het meegeleverde.",
    ),
    "reference_doc": click.option(
        "--reference-doc",
        metavar="BESTAND",
        type=_PATH,
        help="Word-document met de huisstijl (alleen de stijlen worden gebruikt) voor .docx-uitvoer.",
    ),
}


def document_options(
    formats: str, *, use: Iterable[str] = ("force", "templates", "reference_doc")
) -> Callable[[F], F]:
    """Add `-o` (with the formats this command writes) and the shared options named in `use`."""
    names = list(use)
    unknown = set(names) - set(_SHARED)
    if unknown:
        raise ValueError(f"unknown shared options: {sorted(unknown)}")

    def decorate(func: F) -> F:
        for name in reversed(names):
            func = _SHARED[name](func)
        return _output(formats)(func)

    return decorate


def make_request(
    inputs: Iterable[Path],
    output: Path,
    *,
    force: bool = False,
    data_paths: Iterable[Path] = (),
    templates: Path | None = None,
    reference_doc: Path | None = None,
    options: Mapping[str, object] | None = None,
) -> Request:
    """The pipeline `Request` for the parsed options, completed from `councilkit.yaml`.

    The project settings (beside the first input or in a folder above it) fill in what the command
    line leaves out; an option given on the command line always wins.
    """
    # Imported here, not at the top: `COMMAND --help` must not pay for Jinja2 and pydantic.
    from councilkit.documents.pipeline import Request
    from councilkit.settings import load_settings

    inputs = tuple(Path(p) for p in inputs)
    settings = load_settings(inputs)
    data = tuple(Path(p) for p in data_paths) or settings.data
    return Request(
        inputs=inputs,
        output=Path(output),
        force=force,
        data=data,
        templates=templates or settings.templates,
        reference_doc=reference_doc or settings.reference_doc,
        options=dict(options or {}),
        drempel=settings.drempel,
        settings_file=settings.file,
    )
