"""CLI command `process`: options only; the work is in `councilkit.documents.process`."""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.commands.options import document_options, make_request

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.


@click.command("process")
@click.argument("proces", metavar="PROCES", type=click.Path(path_type=Path))
@document_options(".docx, .html, .md of .ics", use=("templates", "reference_doc", "force"))
@click.option(
    "--kompas",
    "kompas_path",
    metavar="KOMPAS",
    type=click.Path(path_type=Path),
    help="Kompas van de raad: noemt principes en resultaten bij naam en controleert de verwijzingen.",
)
def process_command(
    proces: Path,
    output: Path,
    templates: Path | None,
    reference_doc: Path | None,
    force: bool,
    kompas_path: Path | None,
) -> None:
    """Maak de startnotitie (procesontwerp) van PROCES, of de agenda van alle activiteiten.

    Met -o startnotitie.docx (of .html, .md) krijgt u het document: aanleiding, de zeven elementen,
    wie er meedoet en wat er gevraagd wordt, de planning met een tijdlijn en de vijf vragen van de
    informatiefase. Met -o agenda.ics krijgt u een agendabestand voor Outlook en andere agenda's;
    schrijf het steeds naar hetzelfde bestand (met --force), dan worden gewijzigde afspraken
    bijgewerkt in plaats van verdubbeld.

    Bevat het procesbestand fouten, dan wordt de startnotitie toch gemaakt, gemarkeerd als concept.
    """
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.process import STARTNOTITIE

    request = make_request(
        [proces],
        output,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        options={"kompas": kompas_path} if kompas_path else {},
    )
    written = write_document(STARTNOTITIE, request)
    click.echo(f"geschreven: {written.path}")
    for warning in written.built.warnings:
        click.echo(f"let op: {warning} — zie 'councilkit check {proces}'", err=True)
