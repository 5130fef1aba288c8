"""CLI commands around the kompas file: `init`, `check` and `schema` (options only; work is elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from councilkit.domeinen import DOMEINEN
from councilkit.kinds import DEFAULT_KIND, KINDS

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_EXISTING_FILE = click.Path(path_type=Path)


@click.command("init")
@click.argument("directory", metavar="MAP", type=click.Path(path_type=Path))
@click.option("--gemeente", default="Voorbeeldstad", show_default=True, help="Naam van de gemeente.")
@click.option(
    "--code",
    default="",
    help="CBS-gemeentecode, bijvoorbeeld GM0758. Zonder deze optie blijft de code leeg in het bestand.",
)
@click.option(
    "--domein",
    type=click.Choice(DOMEINEN),
    default="wmo",
    show_default=True,
    help="Het domein van het kompas.",
)
@click.option(
    "--soort",
    type=click.Choice([kind.soort for kind in KINDS.values() if kind.starter]),
    default=DEFAULT_KIND,
    show_default=True,
    help="Wat u begint: een kompas, of een procesontwerp (startnotitie) voor één dossier.",
)
@click.option(
    "--onderwerp", metavar="TEKST", help="Alleen bij --soort proces: het dossier, bijvoorbeeld 'Armoede'."
)
@click.option("--force", is_flag=True, help="Bestaande bestanden in MAP vervangen.")
def init_command(
    directory: Path, gemeente: str, code: str, domein: str, soort: str, onderwerp: str | None, force: bool
) -> None:
    """Maak in MAP een ingevuld kompas (kompas.yaml) of procesontwerp (proces.yaml) met uitleg, plus het
    schema voor de editor."""
    from councilkit.documents.starter import write_starter
    from councilkit.errors import InputError
    from councilkit.model.starter import code_voor

    context = click.get_current_context()
    given = {
        name: context.get_parameter_source(name) != click.core.ParameterSource.DEFAULT
        for name in ("gemeente", "code", "domein", "onderwerp")
    }
    # An option the chosen starter has no place for is refused, never silently dropped.
    unused = ["--code", "--domein"] if soort == "proces" else ["--onderwerp"]
    refused = [option for option in unused if given[option.removeprefix("--")]]
    if refused:
        starter = "een procesontwerp (proces.yaml)" if soort == "proces" else "een kompas"
        raise InputError(
            f"{' en '.join(refused)} {'hoort' if len(refused) == 1 else 'horen'} niet bij {starter}",
            hint=f"laat {' en '.join(refused)} weg"
            + (
                ", of maak een kompas met --soort kompas" if soort == "proces" else ", of kies --soort proces"
            ),
        )
    if soort == "proces" and not given["gemeente"]:
        gemeente = ""  # a process for 'Voorbeeldstad' would pass check and put that name in every invitation
    # Without --code, the official list of gemeenten gives it; never a made-up code that passes check.
    gevonden = code_voor(gemeente) if soort == "kompas" and not code and gemeente else None
    written = write_starter(
        directory,
        gemeente=gemeente,
        code=code or gevonden or "",
        domein=domein,
        force=force,
        soort=soort,
        onderwerp=onderwerp,
    )
    for path in written:
        click.echo(f"geschreven: {path}")
    if gevonden:
        click.echo(
            f"CBS-gemeentecode {gevonden} van {gemeente} ingevuld uit de officiële lijst van gemeenten"
        )
    elif soort == "kompas" and not code:
        click.echo(
            f"let op: '{gemeente}' staat niet (eenduidig) in de officiële lijst van gemeenten; de CBS-code "
            "is leeg gelaten — vul die in of geef --code mee"
        )
    click.echo(f"volgende stap: pas {written[0]} aan en controleer met 'councilkit check {written[0]}'")


@click.command("check")
@click.argument("file", metavar="BESTAND", type=_EXISTING_FILE)
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Monitordata (store of exportbestanden): meldt per resultaat welke jaren cijfers hebben.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Uitvoer voor mensen (text) of voor programma's (json).",
)
@click.option(
    "--kompas",
    "kompas_path",
    metavar="KOMPAS",
    type=click.Path(path_type=Path),
    help="Kompas waartegen verwijzingen in een procesbestand worden gecontroleerd (principes, resultaten).",
)
@click.option("--strict", is_flag=True, help="Waarschuwingen tellen ook als fout (exitcode 1).")
def check_command(
    file: Path, data_paths: tuple[Path, ...], kompas_path: Path | None, output_format: str, strict: bool
) -> None:
    """Controleer een kompas (of proces- of werkbladbestand) en meld wat ontbreekt of niet klopt.

    Exitcode 0: geen fouten. 1: fouten gevonden (met --strict ook bij waarschuwingen).
    2: het bestand kan niet gelezen worden.
    """
    from councilkit.checks.dispatch import check_file

    result = check_file(file, list(data_paths), kompas=kompas_path)
    errors = sum(1 for finding in result.findings if finding.level == "fout")
    warnings = len(result.findings) - errors
    if output_format == "json":
        payload: dict[str, object] = {"findings": [finding.as_dict() for finding in result.findings]}
        if data_paths:
            payload["data"] = [item.as_dict() for item in result.coverage]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if data_paths:
            click.echo("Monitordata per resultaat:")
            for item in result.coverage:
                click.echo(f"  {item.format()}")
        for finding in result.findings:
            click.echo(finding.format())
        if result.findings:
            click.echo(
                f"{result.file}: {_count(errors, 'fout', 'fouten')}, {_count(warnings, 'waarschuwing', 'waarschuwingen')}"
            )
        else:
            click.echo(f"{result.file}: in orde, geen bevindingen")
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


@click.command("schema")
@click.argument("kind", metavar="SOORT", type=click.Choice(list(KINDS)), default=DEFAULT_KIND)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Schrijf het schema naar dit bestand.")
@click.option("--force", is_flag=True, help="Een bestaand bestand vervangen.")
def schema_command(kind: str, output: Path | None, force: bool) -> None:
    """Toon het JSON-schema van een councilkit-bestand, voor editors en andere programma's."""
    from councilkit.files import write_text_atomic
    from councilkit.model.starter import schema_text

    text = schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text, force=force)
        click.echo(f"geschreven: {output}")
