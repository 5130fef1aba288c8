"""`councilkit report --alle-gemeenten`: one annual report per gemeente in the data, plus an index page.

The monitor store is read ONCE in the parent process (all indicators × all gemeenten, Nederland
included); each gemeente's slice — its own series, Nederland's and those of its size class, for the
comparison — is handed to a worker process. Workers never open the store, so DuckDB's single-writer
lock and its memory are not multiplied by the number of cores, and a slow chart in one report does
not hold up the rest. A report that fails is named in the summary at the end; the others are
written. Each report is written atomically, the index last.

With a kompas, its results are applied to every gemeente (targets where the kompas gives them);
without one, every catalogue indicator the data has becomes a "result" without a target, compared
with Nederland and the size class.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from councilkit.data import open_data
from councilkit.data.disclosure import policy_for
from councilkit.documents.pipeline import DocumentType, Request, write_document
from councilkit.documents.report import JAARVERSLAG, build_context, built_from_context
from councilkit.documents.report_context import NEDERLAND, Invoer, grootteklasse
from councilkit.documents.report_data import Figuren
from councilkit.documents.report_input import Standin, gemeenten_in_data, gemeentenamen, invoer_for
from councilkit.errors import InputError
from councilkit.files import write_text_atomic
from councilkit.model.catalogue import indicator_index
from councilkit.model.kompas import load_kompas
from councilkit.render import nl
from councilkit.render.document import DocumentMeta, render_document
from councilkit.render.html import plotly_js

if TYPE_CHECKING:
    from councilkit.data.store import Store
    from councilkit.model.catalogue import Indicator


#: The shared plotly.js of an HTML batch, in the output folder beside the reports.
PLOTLY_BESTAND = "plotly.min.js"


@dataclass
class Taak:
    """One gemeente's report: everything the worker needs, picklable."""

    invoer: Invoer
    output: Path
    templates: Path | None
    force: bool
    reference_doc: Path | None = None
    plotly_bestand: str | None = None


@dataclass
class Uitkomst:
    code: str
    naam: str
    output: Path | None
    fout: str | None
    statussen: dict[str, int] = field(default_factory=dict)
    seconden: dict[str, float] = field(default_factory=dict)


def _schrijf(taak: Taak) -> Uitkomst:
    """Worker: build the context, render, write atomically. Errors become a line in the summary."""

    invoer = taak.invoer
    timings: dict[str, float] = {}
    try:
        start = time.perf_counter()
        context = build_context(invoer)
        built = built_from_context(context)
        timings["opbouw"] = time.perf_counter() - start
        doc = DocumentType(
            name=JAARVERSLAG.name,
            template=JAARVERSLAG.template,
            formats=JAARVERSLAG.formats,
            build=lambda _request: built,
            writers=JAARVERSLAG.writers,
        )
        start = time.perf_counter()
        write_document(
            doc,
            Request(
                inputs=(),
                output=taak.output,
                force=taak.force,
                templates=taak.templates,
                reference_doc=taak.reference_doc,
                plotly_bestand=taak.plotly_bestand,
            ),
        )
        timings["opmaak"] = time.perf_counter() - start
        return Uitkomst(invoer.code, invoer.gemeente, taak.output, None, context.statussen, timings)
    except Exception as exc:  # one gemeente's failure must not stop the other reports
        message = exc.format() if hasattr(exc, "format") else f"{type(exc).__name__}: {exc}"
        return Uitkomst(invoer.code, invoer.gemeente, None, str(message))


def _catalogue_results(store: Store, indicators: dict[str, Indicator]) -> list[Any]:
    """Catalogue mode: every catalogue indicator the data has at gemeente level, as a result."""

    present = {s.indicator for s in store.indicators()}
    return [
        Standin(id=ind.id, omschrijving=ind.naam, indicator=ind.id)
        for ind in indicators.values()
        if ind.id in present and "gemeente" in ind.regioniveaus
    ]


def run_batch(
    *,
    kompas: Path | None,
    jaar: int,
    output: Path,
    data: tuple[Path, ...],
    formaat: str,
    werkers: int | None,
    templates: Path | None,
    force: bool,
    reference_doc: Path | None = None,
    drempel: int | None = None,
) -> None:
    """Write one report per gemeente into `output` (a folder) and an index page; summarise failures.

    `drempel` is the disclosure threshold of `councilkit.yaml`: like for a single report it can only
    make the kompas's own (or CBS's) threshold stricter.
    """

    if not data:
        raise InputError("--alle-gemeenten heeft monitordata nodig", hint="geef --data PAD")
    if output.exists() and not output.is_dir():
        raise InputError("bij --alle-gemeenten is -o een map", file=output, hint="geef een (nieuwe) map")
    if (output / "index.html").exists() and not force:
        raise InputError(
            "de map bevat al verslagen (index.html)",
            file=output,
            hint="kies een nieuwe map of gebruik --force",
        )
    output.mkdir(parents=True, exist_ok=True)
    loaded = None
    if kompas is not None:
        loaded = load_kompas(kompas).model
    indicators = indicator_index(loaded.indicatoren if loaded is not None else ())
    policy = policy_for(loaded)
    if drempel is not None and drempel > policy.drempel:
        policy = dataclasses.replace(policy, drempel=drempel)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    store = open_data(list(data), local_indicators=loaded.indicatoren if loaded else ())
    try:
        resultaten = (
            list(loaded.maatschappelijke_resultaten) if loaded else _catalogue_results(store, indicators)
        )
        wanted = {r.indicator for r in resultaten if r.indicator} | {"inwoners"}
        wanted |= {b for i in wanted if (b := getattr(indicators.get(i), "afgeleid_van", None))}
        ids = sorted(wanted)
        # One query for every gemeente, one for Nederland: then the store is closed again.
        figuren = Figuren.lees(store, ids, None, niveau="gemeente", indicators=indicators, policy=policy)
        land = Figuren.lees(store, ids, [NEDERLAND], indicators=indicators, policy=policy)
        figuren.reeksen.update(land.reeksen)
    finally:
        store.close()
    inwoners = gemeenten_in_data(figuren)
    timings["gegevens"] = time.perf_counter() - start
    if not inwoners:
        raise InputError(
            "de monitordata bevat geen gemeenten met een aantal inwoners",
            hint="importeer een CBS-tabel met AantalInwoners, bijvoorbeeld Kerncijfers wijken en buurten",
        )
    namen = {**gemeentenamen(), **figuren.namen}
    by_class: dict[str | None, list[str]] = {}
    for code, n in inwoners.items():
        by_class.setdefault(grootteklasse(n), []).append(code)
    suffix = {"html": ".html", "docx": ".docx", "md": ".md"}[formaat]
    plotly_bestand = None
    if formaat == "html":
        # One plotly.js beside all pages instead of 4,8 MB in each (355 gemeenten: 1,7 GB).
        plotly_bestand = PLOTLY_BESTAND
        write_text_atomic(output / PLOTLY_BESTAND, plotly_js(), force=force)
    taken: list[Taak] = []
    for code in inwoners:
        klasse_codes = by_class.get(grootteklasse(inwoners[code]), [])
        wanted = {code, NEDERLAND, *klasse_codes}
        slice_ = Figuren({k: v for k, v in figuren.reeksen.items() if k[1] in wanted})
        naam = namen.get(code, code)
        invoer = invoer_for(
            kompas=loaded,
            resultaten=resultaten,
            gemeente=naam,
            code=code,
            jaar=jaar,
            indicators=indicators,
            store=None,
            vergelijk=[],
            warnings=[],
            policy=policy,
            titel=(
                f"Resultatenrapportage {naam} {jaar}" if loaded else f"Cijfers sociaal domein {naam} {jaar}"
            ),
            figuren=slice_,
            inwoners=inwoners,
            namen=namen,
        )
        taken.append(
            Taak(invoer, output / f"{code}{suffix}", templates, force, reference_doc, plotly_bestand)
        )

    max_workers = werkers or os.cpu_count() or 1
    uitkomsten: list[Uitkomst] = []
    start = time.perf_counter()
    show_bar = sys.stderr.isatty()
    from tqdm import tqdm

    with tqdm(
        total=len(taken), disable=not show_bar, unit="verslag", desc="verslagen", file=sys.stderr
    ) as bar:
        if max_workers <= 1:
            for taak in taken:
                uitkomsten.append(_schrijf(taak))
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=max_workers) as pool:
                futures = [pool.submit(_schrijf, t) for t in taken]
                for future in as_completed(futures):
                    uitkomsten.append(future.result())
                    bar.update()
    timings["verslagen"] = time.perf_counter() - start
    uitkomsten.sort(key=lambda u: u.code)
    index = _index(uitkomsten, jaar, suffix, output, force)
    geschreven = [u for u in uitkomsten if u.output is not None]
    mislukt = [u for u in uitkomsten if u.fout is not None]
    click.echo(
        f"geschreven: {len(geschreven)} {'verslag' if len(geschreven) == 1 else 'verslagen'} in {output}"
    )
    click.echo(f"overzicht: {index}")
    click.echo(
        f"tijd: gegevens {timings['gegevens']:.1f} s, verslagen {timings['verslagen']:.1f} s "
        f"({max_workers} {'proces' if max_workers == 1 else 'processen'})".replace(".", ",")
    )
    if mislukt:
        click.echo(
            f"let op: {len(mislukt)} {'verslag is' if len(mislukt) == 1 else 'verslagen zijn'} mislukt:",
            err=True,
        )
        for u in mislukt:
            click.echo(f"  {u.code} {u.naam}: {u.fout}", err=True)
        raise click.exceptions.Exit(1)  # the others are written; a script must still notice


def _index(uitkomsten: list[Uitkomst], jaar: int, suffix: str, output: Path, force: bool) -> Path:
    """An index page (HTML) linking every report, with its status counts; failures named."""

    lines = [
        "# Verslagen per gemeente",
        "",
        f"{len(uitkomsten)} gemeenten, verslagjaar {nl.jaar(jaar)}.",
        "",
        "Tabel: Verslagen per gemeente",
        "",
        "| Code | Gemeente | Verslag | Stand |",
        "|---|---|---|---|",
    ]
    for u in uitkomsten:
        naam = nl.md_escape(u.naam)
        if u.output is None:
            lines.append(f"| {u.code} | {naam} | mislukt: {nl.md_escape(u.fout)} | – |")
        else:
            stand = ", ".join(f"{n} {s}" for s, n in u.statussen.items()) or "–"
            lines.append(f"| {u.code} | {naam} | [{u.output.name}]({u.output.name}) | {stand} |")
    meta = DocumentMeta(titel=f"Verslagen per gemeente {jaar}", taal="nl-NL", datum=None)
    target = output / "index.html"
    render_document("\n".join(lines) + "\n", target, meta=meta, force=force)
    del suffix
    return target
