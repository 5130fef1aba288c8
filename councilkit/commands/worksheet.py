"""CLI group `worksheet`: options only; the work is in `councilkit.documents.worksheet*`."""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.commands.options import document_options, make_request
from councilkit.domeinen import DOMEINEN, SOCIAAL_DOMEIN

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_PATH = click.Path(path_type=Path)


@click.group("worksheet")
def worksheet_group() -> None:
    """Werkbladen voor raadsleden: maken, ingevuld inlezen en samenvoegen.

    \b
    1. worksheet new visie -o visie.html    een formulier om in te vullen (ook .xlsx, .docx, .md)
    2. raadsleden vullen het in en sturen het bewaarde bestand (.json) of het Excel-bestand terug
    3. worksheet read jan.json -o jan.yaml  één ingevuld werkblad als YAML (controleren met check)
    4. worksheet combine *.json *.xlsx -o synthese.docx (of -o kompas.yaml voor een conceptkompas)
    """


def _soort(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from councilkit.model.werkbladformulier import onbekende_soort, soorten

    if value not in soorten():
        raise onbekende_soort(value)
    return value


@worksheet_group.command("new")
@click.argument("soort", metavar="SOORT", callback=_soort)
@document_options(".html (formulier), .xlsx, .docx of .md")
@click.option("--raad", is_flag=True, help="De variant voor de raad samen in plaats van voor één raadslid.")
@click.option("--gemeente", metavar="NAAM", help="Naam van de gemeente, op het werkblad en in het formulier.")
def new_command(
    soort: str,
    output: Path,
    force: bool,
    templates: Path | None,
    reference_doc: Path | None,
    raad: bool,
    gemeente: str | None,
) -> None:
    """Maak een werkblad SOORT (visie, waardemodel, preventie) om in te vullen of af te drukken.

    Het formaat volgt uit de extensie van -o. Het HTML-formulier werkt zonder internet, bewaart wat
    er getypt wordt in de browser en bewaart de antwoorden met één knop als bestand voor de griffie.
    """
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.worksheet import WERKBLAD

    request = make_request(
        [],
        output,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        options={"soort": soort, "raad": raad, "gemeente": gemeente or ""},
    )
    written = write_document(WERKBLAD, request)
    click.echo(f"geschreven: {written.path}")


@worksheet_group.command("read")
@click.argument("bestanden", metavar="BESTAND...", nargs=-1, required=True, type=_PATH)
@click.option(
    "-o",
    "--output",
    metavar="BESTAND|MAP",
    required=True,
    type=_PATH,
    help="Eén invoerbestand: het YAML-bestand (.yaml). Meer invoerbestanden: een map; elk werkblad "
    "komt daarin als NAAM.yaml.",
)
@click.option("--force", is_flag=True, help="Bestaande uitvoerbestanden vervangen.")
def read_command(bestanden: tuple[Path, ...], output: Path, force: bool) -> None:
    """Lees ingevulde werkbladen (bewaard .json-bestand of .xlsx) in als YAML (soort: werkblad).

    Elk werkblad wordt één YAML-bestand met naam, fractie, datum en elk antwoord precies zoals het
    is ingevuld. De invoerbestanden worden nooit gewijzigd.
    """
    from councilkit.documents.worksheet_read import write_read

    for line in write_read(list(bestanden), output, force=force):
        click.echo(line, err=line.startswith("let op:"))


@worksheet_group.command("combine")
@click.argument("bestanden", metavar="BESTAND...", nargs=-1, required=True, type=_PATH)
@document_options(".docx, .html, .md of .yaml (conceptkompas)")
@click.option("--gemeente", metavar="NAAM", help="Naam van de gemeente (standaard: uit de werkbladen).")
@click.option(
    "--gemeentecode",
    metavar="GMxxxx",
    help="CBS-gemeentecode voor het conceptkompas (.yaml), bijvoorbeeld GM0758.",
)
@click.option(
    "--domein",
    type=click.Choice(DOMEINEN),
    default=SOCIAAL_DOMEIN,
    show_default=True,
    help="Domein van het conceptkompas.",
)
@click.option("--periode", metavar="JJJJ-JJJJ", help="Periode van het conceptkompas, bijvoorbeeld 2027-2030.")
def combine_command(
    bestanden: tuple[Path, ...],
    output: Path,
    force: bool,
    templates: Path | None,
    reference_doc: Path | None,
    gemeente: str | None,
    gemeentecode: str | None,
    domein: str,
    periode: str | None,
) -> None:
    """Voeg de werkbladen van de raadsleden samen tot één synthese voor de griffie.

    De synthese laat zien welke waarden, principes en resultaten genoemd zijn, hoe vaak en door welke
    fracties; wat minstens de helft noemt (gemeenschappelijke grond) en waar de verschillen zitten.
    Gelijke formuleringen worden samengenomen via de woordenlijst in frameworks/; voorstellen voor
    meer samenvoegingen staan in het document, maar worden nooit stilzwijgend doorgevoerd. Met -o
    KOMPAS.yaml ontstaat een conceptkompas waarin bij elk onderdeel staat wie het noemde.
    """
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.worksheet_combine import SYNTHESE, Synthese

    request = make_request(
        bestanden,
        output,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        options={
            "gemeente": gemeente,
            "gemeentecode": gemeentecode,
            "domein": domein,
            "periode": periode,
        },
    )
    written = write_document(SYNTHESE, request)
    synthese = written.built.payload
    assert isinstance(synthese, Synthese)
    for warning in written.built.warnings:
        click.echo(f"let op: {warning}", err=True)
    aantal = len(synthese.werkbladen)
    click.echo(
        f"geschreven: {written.path} ({aantal} {'werkblad' if aantal == 1 else 'werkbladen'} van "
        f"{len(synthese.fracties)} {'fractie' if len(synthese.fracties) == 1 else 'fracties'})"
    )
