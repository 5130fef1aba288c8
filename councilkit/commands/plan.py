"""CLI command `plan`: options only; the work is in `councilkit.documents.plan`."""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.commands.options import document_options, make_request

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.


@click.command("plan")
@click.argument("kompas", metavar="KOMPAS", type=click.Path(path_type=Path))
@document_options(".docx, .html, .md of .pdf", use=("data", "templates", "reference_doc", "force"))
@click.option(
    "--auteur",
    metavar="NAAM",
    help="Naam van de opsteller in de documenteigenschappen (standaard: de gemeente).",
)
def plan_command(
    kompas: Path,
    output: Path,
    data_paths: tuple[Path, ...],
    templates: Path | None,
    reference_doc: Path | None,
    auteur: str | None,
    force: bool,
) -> None:
    """Schrijf een concept-beleidsplan vanuit KOMPAS.

    Het plan bevat een samenvatting met koers en beslispunten per thema, het wettelijk kader (met
    'nog niet uitgewerkt' waar het plan nog zwijgt), per thema de resultaten met indicator,
    nulmeting en streefwaarde, de rapportagekalender, het financieel kader en een bijlage die laat
    zien hoe waarden, principes, resultaten en kwaliteitseisen samenhangen.

    Bevat het kompas fouten, dan wordt het plan toch gemaakt, maar gemarkeerd als concept met de
    bevindingen vooraan.
    """
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.plan import BELEIDSPLAN, PlanContext

    request = make_request(
        [kompas],
        output,
        force=force,
        data_paths=data_paths,
        templates=templates,
        reference_doc=reference_doc,
        options={"auteur": auteur} if auteur else {},
    )
    written = write_document(BELEIDSPLAN, request)
    context = written.built.payload
    assert isinstance(context, PlanContext)
    open_topics = sum(1 for row in context.wettelijk_kader if not row.uitgewerkt)
    click.echo(f"geschreven: {written.path}")
    if context.concept:
        click.echo(
            f"let op: het kompas bevat {len(context.fouten)} "
            f"{'fout' if len(context.fouten) == 1 else 'fouten'}; het plan is gemarkeerd als concept "
            f"— zie 'councilkit check {kompas}'",
            err=True,
        )
    if open_topics:
        click.echo(
            f"let op: {open_topics} "
            f"{'wettelijk onderwerp is' if open_topics == 1 else 'wettelijke onderwerpen zijn'} nog niet uitgewerkt "
            "— zie het hoofdstuk Wettelijk kader",
            err=True,
        )
    punten = context.inhoud.open_punten if context.inhoud else []
    if punten:
        from councilkit.documents.plan_inhoud import samenvatting_open_punten

        waar = (
            " (ook als bijlage 'Nog te doen' in het Word-bestand)" if written.path.suffix == ".docx" else ""
        )
        kop = "1 punt" if len(punten) == 1 else f"{len(punten)} punten"
        click.echo(f"nog te doen voor de opsteller, {kop}{waar}:", err=True)
        for regel in samenvatting_open_punten(punten):
            click.echo(f"  {regel}", err=True)
