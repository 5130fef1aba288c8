"""CLI group `proposal`: the checklist for raadsvoorstellen and the pre-check of one proposal.

Options only; the work is in `councilkit.documents.proposal` (documents), `councilkit.model.proposal`
(reading) and `councilkit.checks.proposal` (the rules).
"""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.commands.options import document_options, make_request

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_PATH = click.Path(path_type=Path)

_CRITERIA = click.option(
    "--criteria",
    metavar="BESTAND",
    type=_PATH,
    help="Eigen criteriabestand van de raad (zelfde opbouw als frameworks/raadsvoorstel.yaml).",
)


@click.group("proposal")
def proposal_group() -> None:
    """Raadsvoorstellen: de checklist van de raad en een voortoets van één voorstel."""


@proposal_group.command("checklist")
@document_options(".docx, .html of .md")
@_CRITERIA
def checklist_command(
    output: Path, force: bool, templates: Path | None, reference_doc: Path | None, criteria: Path | None
) -> None:
    """Schrijf de checklist voor raadsvoorstellen: elk criterium met zijn vragen en ruimte voor notities."""
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.proposal import PROPOSAL_CHECKLIST

    request = make_request(
        [],
        output,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        options={"criteria": criteria} if criteria else {},
    )
    written = write_document(PROPOSAL_CHECKLIST, request)
    click.echo(f"geschreven: {written.path}")


@proposal_group.command("check")
@click.argument("voorstel", metavar="VOORSTEL", type=_PATH)
@document_options(".docx, .html, .md of .json")
@click.option(
    "--kompas",
    metavar="KOMPAS",
    type=_PATH,
    help="Kompas van de raad: laat zien naar welke waarden, principes en resultaten het voorstel verwijst.",
)
@_CRITERIA
def check_command(
    voorstel: Path,
    output: Path,
    force: bool,
    templates: Path | None,
    reference_doc: Path | None,
    kompas: Path | None,
    criteria: Path | None,
) -> None:
    """Toets VOORSTEL (.docx, .md of .txt) vooraf op de criteria voor raadsvoorstellen.

    Per criterium staat er of het voorstel een antwoord geeft (aanwezig, deels of ontbreekt), met de
    zinnen waarop dat berust en de vragen die de raad het college kan stellen. Daarnaast: of er een
    publiekssamenvatting is en hoe leesbaar die is. Alles gebeurt op deze computer; het voorstel
    wordt nergens heen gestuurd.
    """
    from councilkit.checks.proposal import Toets
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.proposal import PROPOSAL_CHECK

    options: dict[str, object] = {}
    if kompas:
        options["kompas"] = kompas
    if criteria:
        options["criteria"] = criteria
    request = make_request(
        [voorstel], output, force=force, templates=templates, reference_doc=reference_doc, options=options
    )
    written = write_document(PROPOSAL_CHECK, request)
    toets = written.built.payload
    assert isinstance(toets, Toets)
    click.echo(f"geschreven: {written.path}")
    for oordeel in [*toets.criteria, toets.publiekssamenvatting]:
        label = oordeel.id if len(oordeel.id) == 1 else oordeel.naam
        click.echo(f"  {label}: {oordeel.status}")
