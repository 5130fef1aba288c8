"""CLI command `catalogus`: search the indicator catalogue and the legal topics (options and output only)."""

from __future__ import annotations

import click

from councilkit.domeinen import DOMEINEN

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_SOORTEN = ("indicatoren", "onderwerpen")


@click.command("catalogus")
@click.argument("args", metavar="[SOORT] [ZOEKTERM]", nargs=-1)
@click.option(
    "--domein",
    type=click.Choice(DOMEINEN),
    help="Alleen wat bij dit domein hoort.",
)
def catalogus_command(args: tuple[str, ...], domein: str | None) -> None:
    """Zoek de ids van indicatoren en wettelijke onderwerpen voor in het kompas.

    SOORT is 'indicatoren' of 'onderwerpen' (zonder SOORT: allebei). ZOEKTERM zoekt in id, naam,
    omschrijving en bron, zonder verschil tussen hoofdletters en kleine letters. Voorbeelden:

    \b
      councilkit catalogus indicatoren eenzaam
      councilkit catalogus onderwerpen mantelzorg --domein wmo
    """
    from councilkit.errors import InputError
    from councilkit.model import catalogus

    soort: str | None = None
    rest = list(args)
    if rest and rest[0] in _SOORTEN:
        soort = rest.pop(0)
    if len(rest) > 1:
        raise InputError(
            f"te veel zoektermen: {' '.join(rest)}",
            hint="zet een zoekterm van meer woorden tussen aanhalingstekens",
        )
    term = rest[0] if rest else None
    total = 0
    if soort in (None, "indicatoren"):
        found = catalogus.indicatoren(term, domein)
        total += len(found)
        _heading("Indicatoren", len(found), term)
        for indicator in found:
            source = indicator.bron
            where = ", ".join(part for part in (source.organisatie, source.tabel) if part) if source else "–"
            click.echo(f"  {indicator.id}")
            click.echo(f"      {indicator.naam} ({indicator.eenheid}, {indicator.frequentie}; bron: {where})")
    if soort in (None, "onderwerpen"):
        topics = catalogus.onderwerpen(term, domein)
        total += len(topics)
        if soort is None:
            click.echo("")
        _heading("Wettelijke onderwerpen", len(topics), term)
        for topic in topics:
            click.echo(f"  {topic.onderwerp.id}")
            click.echo(
                f"      {topic.onderwerp.onderwerp} ({topic.wet.afkorting}, {topic.waar}, {topic.onderwerp.status})"
            )
    if total:
        click.echo("")
        click.echo(
            "Gebruik een id in het kompas: 'indicator: ID' bij een resultaat, 'wettelijke_onderwerpen: [ID]'"
        )
        click.echo(
            "bij een thema (onderwerpen van het beleidsplan), of 'ID: tekst' onder 'taken_en_voorwaarden'."
        )


def _heading(what: str, count: int, term: str | None) -> None:
    found = "1 gevonden" if count == 1 else f"{count} gevonden"
    suffix = f" voor '{term}'" if term else ""
    click.echo(f"{what} ({found}{suffix}):" if count else f"{what}: niets gevonden{suffix}.")
