"""CLI command `plan`: options only; the work is in `councilkit.documents.plan`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("plan")
@click.argument("kompas", metavar="KOMPAS", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    metavar="BESTAND",
    required=True,
    type=click.Path(path_type=Path),
    help="Uitvoerbestand; de extensie bepaalt het formaat: .docx, .html of .md.",
)
@click.option(
    "--data",
    "data_paths",
    metavar="PAD",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Monitordata (store of exportbestanden): het laatste cijfer per resultaat komt in het plan. "
    "Mag vaker worden gegeven.",
)
@click.option(
    "--templates",
    metavar="MAP",
    type=click.Path(path_type=Path),
    help="Map met eigen sjablonen; beleidsplan.md.j2 daarin gaat voor het meegeleverde sjabloon.",
)
@click.option(
    "--reference-doc",
    metavar="BESTAND",
    type=click.Path(path_type=Path),
    help="Word-document met de huisstijl (alleen de stijlen worden gebruikt) voor .docx-uitvoer.",
)
@click.option(
    "--auteur",
    metavar="NAAM",
    help="Naam van de opsteller in de documenteigenschappen (standaard: de gemeente).",
)
@click.option("--force", is_flag=True, help="Een bestaand uitvoerbestand vervangen.")
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
    from councilkit.documents.plan import write_plan

    path, context = write_plan(
        kompas,
        output,
        data=list(data_paths),
        templates=templates,
        reference_doc=reference_doc,
        force=force,
        auteur=auteur,
    )
    open_topics = sum(1 for row in context.wettelijk_kader if not row.uitgewerkt)
    click.echo(f"geschreven: {path}")
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
