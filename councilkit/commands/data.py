"""`councilkit data import|list|show`: options and output only; the work is in `councilkit.data`.

DuckDB is imported only when a subcommand runs (through `councilkit.data.store`), never here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

import click

from councilkit.errors import CouncilkitError, InputError

# Deferred imports: a command only parses options; what does the work is imported when it runs,
# so `councilkit COMMAND --help` starts without pydantic, DuckDB or the document libraries.

_KOMPAS_HELP = "Kompas met lokale indicatoren en onthullingsregels; het databestand staat standaard ernaast."
_STORE_HELP = "Het databestand (DuckDB). Standaard monitordata.duckdb naast het kompas of in de huidige map."


def _default_store(store: Path | None, kompas: Path | None) -> Path:
    from councilkit.data.store_read import DEFAULT_STORE_NAME

    if store is not None:
        return store
    if kompas is not None:
        return kompas.parent / DEFAULT_STORE_NAME
    return Path(DEFAULT_STORE_NAME)


def _load_kompas(kompas: Path | None) -> Any | None:
    if kompas is None:
        return None
    from councilkit.model.kompas import load_kompas

    return load_kompas(kompas).model


def _n(value: int) -> str:
    from councilkit.render.nl import getal

    return getal(value)


@click.group("data")
def data_group() -> None:
    """Importeer monitorcijfers (CBS, GMSD, waarstaatjegemeente) en bekijk wat er in het databestand staat."""


@data_group.command("import")
@click.argument("files", metavar="BESTAND...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(path_type=Path), help=_STORE_HELP)
@click.option("--kompas", type=click.Path(path_type=Path), help=_KOMPAS_HELP)
@click.option(
    "--format",
    "layout",
    type=click.Choice(["cbs-odata", "cbs-kwb", "statline-csv", "monitor", "tidy"]),
    help="Indeling van de bestanden (standaard: herkend aan de inhoud).",
)
@click.option("--json", "as_json", is_flag=True, help="Verslag als JSON (voor programma's).")
def import_command(
    files: tuple[Path, ...], store: Path | None, kompas: Path | None, layout: str | None, as_json: bool
) -> None:
    """Lees exportbestanden in het databestand; per bestand staat wat gelezen, gekoppeld, herzien en
    overgeslagen is, en waarom. Elk bestand gaat helemaal of helemaal niet in het databestand.

    Exitcode 2 als een bestand geweigerd werd of onleesbaar was (de andere bestanden zijn ingelezen).
    """
    from councilkit.data.mapping import default_map
    from councilkit.data.store import open_store

    kompas_model = _load_kompas(kompas)
    measures = default_map(kompas_model.indicatoren if kompas_model is not None else ())
    path = _default_store(store, kompas)
    results: list[dict[str, Any]] = []
    failed = 0
    progress = sys.stderr.isatty() and not as_json
    with open_store(path, create=True, read_only=False) as db:
        bar = (
            click.progressbar(files, label="importeren", file=sys.stderr)
            if progress and len(files) > 1
            else None
        )
        iterable = bar if bar is not None else files
        if bar is not None:
            bar.__enter__()
        try:
            for file in iterable:
                big = progress and file.exists() and file.stat().st_size > 20_000_000
                db.con.execute(f"SET enable_progress_bar = {'true' if big else 'false'}")
                try:
                    result = db.import_file(file, layout, measures)
                except CouncilkitError as exc:
                    failed += 1
                    results.append({"bestand": file.name, "fout": exc.format()})
                    if not as_json:
                        click.echo(exc.format(), err=True)
                    continue
                results.append(_disclosed(result.as_dict()))
                if not as_json:
                    click.echo(_format_result(result))
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
    if as_json:
        click.echo(json.dumps({"store": str(path), "bestanden": results}, ensure_ascii=False, indent=2))
    elif not failed:
        click.echo(f"databestand: {path}")
    if failed:
        raise click.exceptions.Exit(2)


def _region(text: str) -> str:
    """A region as the store keeps it: CBS's own `NL00` and padded or lower-case codes included."""
    from councilkit.data.normalize import parse_region

    return parse_region(text) or text.strip().upper()


_PUBLISHED = {
    "metadata": "volgens de metadata van de tabel",
    "downloaddatum": "datum van de download",
    "importdatum": "onbekend; de importdatum telt",
}


def _version_lines(result: Any) -> list[str]:
    """Publication date, earlier versions, withdrawn, doubtful and settled figures of one import."""
    lines = []
    if result.gepubliceerd is not None:
        how = _PUBLISHED.get(result.gepubliceerd_bron or "", result.gepubliceerd_bron or "")
        lines.append(f"  gepubliceerd: {result.gepubliceerd:%d-%m-%Y} ({how})")
    counts = [
        ("eerdere versie (oudere publicatie)", result.eerder),
        ("ingetrokken", result.ingetrokken),
        ("onzeker", result.onzeker),
        ("beslecht", result.beslecht),
    ]
    shown = [f"{label}: {_n(n)}" for label, n in counts if n]
    if shown:
        lines.append("  " + ", ".join(shown))
    for indicator, regio, periode, _old in result.voorbeelden_ingetrokken:
        lines.append(f"  ingetrokken: {indicator} {regio} {periode} (in deze publicatie leeg)")
    return lines


def _format_result(result: Any) -> str:
    from councilkit.data.importers import FORMATS

    lines = [f"{result.bestand}: {FORMATS.get(result.formaat or '', result.formaat or '?')}"]
    if result.tabel:
        lines[0] += f", tabel {result.tabel}"
    if result.al_geimporteerd:
        lines.append("  al eerder geïmporteerd (zelfde sha256): niets gewijzigd")
        return "\n".join(lines)
    from councilkit.render.nl import aantal

    read = aantal(result.rijen, "rij", "rijen", woorden=False)
    lines.append(f"  gelezen: {read}, {aantal(result.cellen, 'cijfer', 'cijfers', woorden=False)}")
    lines.append(
        f"  nieuw: {_n(result.nieuw)}, herzien: {_n(result.herzien)}, ongewijzigd: {_n(result.ongewijzigd)}"
        + (f", aangevuld met status: {_n(result.aangevuld)}" if result.aangevuld else "")
    )
    lines.extend(_version_lines(result))
    if result.gekoppeld:
        pairs = sorted(set(result.gekoppeld.items()))
        lines.append("  gekoppeld: " + ", ".join(f"{src} → {ind}" for src, ind in pairs))
    if result.niet_gekoppeld:
        names = result.niet_gekoppeld
        shown = ", ".join(names[:8]) + (f" en {len(names) - 8} meer" if len(names) > 8 else "")
        lines.append(f"  niet gekoppeld, bewaard onder de bronnaam ({len(names)}): {shown}")
    for indicator, regio, periode, old, new in result.voorbeelden_herzien:
        lines.append(
            f"  herzien: {indicator} {regio} {periode}: {_value(old, indicator, regio)} → "
            f"{_value(new, indicator, regio)}"
        )
    if result.overgeslagen:
        lines.append(
            "  overgeslagen: " + "; ".join(f"{reason} ({_n(n)})" for reason, n in result.overgeslagen)
        )
    for remark in result.opmerkingen:
        lines.append(f"  let op: {remark}")
    return "\n".join(lines)


def _disclosed(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON import report with revised values as disclosure allows them (text, never a small count)."""
    for section in ("herzien_voorbeelden", "ingetrokken_voorbeelden"):
        for item in report.get(section, []):
            for key in ("oud", "nieuw"):
                if key in item:
                    item[key] = _value(item[key], item["indicator"], item["regio"])
    return report


def _value(value: float | None, indicator: str, regio: str) -> str:
    """A revised value in the import report, under the same disclosure rule as every output."""
    from councilkit.data.disclosure import value_text
    from councilkit.model.catalogue import load_catalogue

    definition = load_catalogue().by_id().get(indicator)
    return value_text(value, definition, None if definition else "aantal", regio, naam=indicator)


@data_group.command("list")
@click.option("--store", type=click.Path(path_type=Path), help=_STORE_HELP)
@click.option("--kompas", type=click.Path(path_type=Path), help=_KOMPAS_HELP)
@click.option("--regio", help="Alleen deze regio, bijvoorbeeld GM0758.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def list_command(store: Path | None, kompas: Path | None, regio: str | None, output_format: str) -> None:
    """Toon welke indicatoren in het databestand staan, met regio's, perioden en aantallen cijfers."""
    from councilkit.data import open_reader

    with open_reader(_default_store(store, kompas)) as db:
        summaries = db.indicators(_region(regio) if regio else None)
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "indicator": s.indicator,
                        "regios": s.regios,
                        "perioden": s.perioden,
                        "aantal": s.aantal,
                        "eenheid": s.eenheid,
                    }
                    for s in summaries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not summaries:
        click.echo("geen cijfers" + (f" voor {regio}" if regio else "") + " in het databestand")
        return
    # Catalogue and local indicators are what a kompas links to; measures kept under their source
    # name follow.
    kompas_model = _load_kompas(kompas)
    known: Collection[str]
    if kompas_model is not None:
        from councilkit.model.catalogue import indicator_index

        known = indicator_index(kompas_model.indicatoren)
    else:  # the shipped catalogue's ids, without pydantic (`model.facts`)
        from councilkit.model.facts import indicator_facts

        known = indicator_facts()
    width = max(len(s.indicator) for s in summaries)
    header = f"{'indicator'.ljust(width)}  regio's  perioden             cijfers"
    for title, group in (
        (None, [s for s in summaries if s.indicator in known]),
        ("niet gekoppeld, onder de naam uit de bron:", [s for s in summaries if s.indicator not in known]),
    ):
        if not group:
            continue
        if title:
            click.echo(f"\n{title}")
        click.echo(header)
        for s in group:
            periods = (
                s.perioden[0]
                if len(s.perioden) == 1
                else f"{s.perioden[0]}–{s.perioden[-1]} ({len(s.perioden)})"
            )
            click.echo(
                f"{s.indicator.ljust(width)}  {_n(s.regios).rjust(7)}  {periods.ljust(19)}  {_n(s.aantal).rjust(7)}"
            )


@data_group.command("show")
@click.argument("indicator", metavar="INDICATOR")
@click.option("--regio", help="Regiocode, bijvoorbeeld GM0758 (standaard: de gemeente van --kompas).")
@click.option("--store", type=click.Path(path_type=Path), help=_STORE_HELP)
@click.option("--kompas", type=click.Path(path_type=Path), help=_KOMPAS_HELP)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show_command(
    indicator: str, regio: str | None, store: Path | None, kompas: Path | None, output_format: str
) -> None:
    """Toon de reeks van een indicator voor één regio: per periode het nieuwste cijfer met bron.

    Kleine aantallen en cijfers die daarvan zijn afgeleid worden niet getoond (onthullingsregels).
    """
    from councilkit.data import open_reader
    from councilkit.data.disclosure import policy_for
    from councilkit.data.figures import reeks
    from councilkit.model import facts

    kompas_model = _load_kompas(kompas)
    if regio is None:
        if kompas_model is None:
            raise InputError("geef een regio op met --regio (bijvoorbeeld GM0758)")
        regio = kompas_model.gemeente.code
    regio = _region(regio)

    with open_reader(_default_store(store, kompas)) as db:
        name = db.resolve_indicator(indicator)
        if name is None:  # a source name such as WmoClientenRelatief: look it up in the catalogue
            from councilkit.data.mapping import default_map

            target = default_map(kompas_model.indicatoren if kompas_model else ()).lookup(indicator)
            name = db.resolve_indicator(target.indicator) if target else None
        if name is None:
            raise InputError(
                f"indicator '{indicator}' staat niet in het databestand",
                hint="zie 'councilkit data list' voor wat er wel is",
            )
        if kompas_model is not None:
            from councilkit.model.catalogue import indicator_index

            local = indicator_index(kompas_model.indicatoren)
            series = reeks(db, name, regio, definities=local, policy=policy_for(kompas_model))
        else:  # the shipped catalogue's facts, without pydantic (the same values: `model.facts`)
            series = reeks(db, name, regio, definities=facts.indicator_facts())
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in series], ensure_ascii=False, indent=2))
        return
    if not len(series):
        raise InputError(
            f"geen cijfers voor {name} in {regio}", hint="zie 'councilkit data list --regio CODE'"
        )
    first = series.figuren[0]
    click.echo(f"{name} — {first.regio_label}")
    width = max(len(f.getal) for f in series)
    for f in series:
        unit = "" if f.eenheid in (None, "procent") else facts.EENHEID_TEKST.get(f.eenheid, f.eenheid)
        # the flags stand right beside the number: an uncertain or broken figure is never plain
        notes = [n for n in (f.vlag_tekst, f.reden) if n]
        line = f"  {f.periode.ljust(9)}  {f.getal.rjust(width)}  {unit}".rstrip()
        if notes:
            line += "  [" + "; ".join(notes) + "]"
        line += f"  {f.bronregel(bestand=True)}"
        click.echo(line)
        for note in f.toelichting:
            click.echo(f"      let op: {note}")
        for old in f.eerder:
            # the one rule for a source line, which names the file once
            click.echo(
                f"      eerder: {old.tekst} — "
                + old.bron.regel(f.periode, old.status, bestand=True).removeprefix("Bron: ")
            )
    cbs = {f.bron.tabel for f in series if f.bron.uitgever == "CBS" and f.bron.tabel and f.bron.titel}
    if cbs:
        click.echo(f"  {'tabel' if len(cbs) == 1 else 'tabellen'}: {facts.tabellen_tekst(cbs)}")
