"""CLI command `report`: options only; the work is in `councilkit.documents.report*`."""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.commands.options import _SHARED
from councilkit.errors import InputError

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_PATH = click.Path(path_type=Path)


@click.command("report")
@click.argument("kompas", metavar="[KOMPAS]", required=False, type=_PATH)
@click.option("--jaar", type=int, metavar="JAAR", help="Het verslagjaar, bijvoorbeeld 2024.")
@click.option(
    "-o",
    "--output",
    metavar="BESTAND",
    type=_PATH,
    help="Uitvoerbestand (.docx, .html, .md of .xlsx); bij --alle-gemeenten een map.",
)
@_SHARED["data"]
@click.option(
    "--vergelijk",
    metavar="CODE",
    multiple=True,
    help="Vergelijk met deze gemeente (CBS-code, bijvoorbeeld GM0363). Mag vaker worden gegeven.",
)
@click.option("--duiding", metavar="BESTAND", type=_PATH, help="YAML met de duiding per resultaat.")
@click.option(
    "--duiding-sjabloon",
    metavar="BESTAND",
    type=_PATH,
    help="Schrijf een leeg duidingbestand met alle resultaten van KOMPAS en de vier vragen.",
)
@click.option(
    "--alle-gemeenten",
    is_flag=True,
    help="Eén verslag per gemeente in de data, plus een overzichtspagina, in de map van -o.",
)
@click.option(
    "--formaat",
    type=click.Choice(["html", "docx", "md"]),
    default="html",
    show_default=True,
    help="Formaat van de verslagen bij --alle-gemeenten.",
)
@click.option(
    "--werkers", type=int, metavar="N", help="Aantal parallelle processen (standaard: alle kernen)."
)
@_SHARED["templates"]
@_SHARED["reference_doc"]
@click.option("--auteur", metavar="NAAM", help="Naam van de opsteller in de documenteigenschappen.")
@_SHARED["force"]
def report_command(
    kompas: Path | None,
    jaar: int | None,
    output: Path | None,
    data_paths: tuple[Path, ...],
    vergelijk: tuple[str, ...],
    duiding: Path | None,
    duiding_sjabloon: Path | None,
    alle_gemeenten: bool,
    formaat: str,
    werkers: int | None,
    templates: Path | None,
    reference_doc: Path | None,
    auteur: str | None,
    force: bool,
) -> None:
    """Schrijf de resultatenrapportage (jaarverslag) bij KOMPAS over JAAR.

    Per maatschappelijk resultaat: de cijferreeks met bron, nulmeting en streefwaarde, de status
    (bereikt, op koers, achter op koers, niet te beoordelen of geen gegevens), een grafiek, een
    vergelijking met andere gemeenten, dezelfde grootteklasse en Nederland, en de duiding.

    Met --duiding-sjabloon schrijft u eerst een leeg duidingbestand om in te vullen. Met
    --alle-gemeenten komt er één verslag per gemeente in de data (zonder KOMPAS: alle indicatoren
    uit de catalogus die de data heeft).
    """
    if duiding_sjabloon is not None:
        if kompas is None:
            raise InputError("--duiding-sjabloon heeft een kompas nodig", hint="geef KOMPAS voor de opties")
        from councilkit.documents.report_input import duiding_sjabloon as sjabloon
        from councilkit.files import check_writable, write_text_atomic

        check_writable(duiding_sjabloon, force)
        write_text_atomic(duiding_sjabloon, sjabloon(kompas), force=force)
        click.echo(f"geschreven: {duiding_sjabloon}")
        click.echo(
            f"volgende stap: vul de antwoorden in en geef het bestand mee met '--duiding {duiding_sjabloon}'"
        )
        return
    if jaar is None:
        raise InputError("geef het verslagjaar met --jaar", hint="bijvoorbeeld --jaar 2024")
    if output is None:
        raise InputError("geef het uitvoerbestand met -o", hint="bijvoorbeeld -o jaarverslag.docx")
    if alle_gemeenten:
        from councilkit.documents.report_batch import run_batch
        from councilkit.settings import load_settings

        # councilkit.yaml beside the kompas, or (without one) in the folder the griffie works in
        settings = load_settings([kompas if kompas is not None else Path.cwd()])
        run_batch(
            kompas=kompas,
            jaar=jaar,
            output=output,
            data=data_paths or settings.data,
            formaat=formaat,
            werkers=werkers,
            templates=templates or settings.templates,
            force=force,
            reference_doc=reference_doc or settings.reference_doc,
            drempel=settings.drempel,
        )
        return
    if kompas is None:
        raise InputError("geef een kompas", hint="of gebruik --alle-gemeenten voor een verslag per gemeente")
    from councilkit.commands.options import make_request
    from councilkit.documents.pipeline import write_document
    from councilkit.documents.report import JAARVERSLAG, ReportContext

    options: dict[str, object] = {"jaar": jaar, "vergelijk": vergelijk}
    if duiding is not None:
        options["duiding"] = duiding
    if auteur:
        options["auteur"] = auteur
    request = make_request(
        [kompas],
        output,
        force=force,
        data_paths=data_paths,
        templates=templates,
        reference_doc=reference_doc,
        options=options,
    )
    if request.format == "docx":
        from councilkit.render.chart import find_browser

        if find_browser() is None:
            click.echo(
                "let op: geen Chrome of Chromium gevonden; de grafieken staan als tabel in het document "
                "— installeer Chromium (bijvoorbeeld 'apt install chromium') of wijs er een aan met "
                "BROWSER_PATH en maak het verslag opnieuw",
                err=True,
            )
    written = write_document(JAARVERSLAG, request)
    context = written.built.payload
    assert isinstance(context, ReportContext)
    click.echo(f"geschreven: {written.path}")
    summary = ", ".join(f"{n} {s}" for s, n in context.statussen.items())
    if summary:
        click.echo(f"stand: {summary}")
    for warning in context.waarschuwingen:
        click.echo(f"let op: {warning}", err=True)
    open_places = sum(1 for res in context.resultaten for v in res.duiding.values() if not v)
    if open_places:
        click.echo(
            f"let op: {open_places} {'duidingsvraag is' if open_places == 1 else 'duidingsvragen zijn'} nog open "
            "— maak een duidingbestand met --duiding-sjabloon",
            err=True,
        )
