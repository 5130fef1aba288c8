"""`councilkit init`: render and write a commented starter kompas or proces.yaml with its schema.

The starter is a Jinja2 template in `templates/` (so a municipality can ship its own) that teaches
the method in comments. Its example values and the schemas are in `councilkit.model.starter`, so that
`check` can recognise an unchanged example without importing the template engine.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from councilkit.checks.proces import feestdag
from councilkit.errors import InputError
from councilkit.files import check_writable, write_text_atomic
from councilkit.model.catalogue import load_catalogue
from councilkit.model.frameworks import load_schoolvakanties, load_wetten
from councilkit.model.starter import (
    PLACEHOLDER_MARK,
    PROCES_FILE,
    PROCES_SCHEMA_FILE,
    SCHEMA_FILE,
    STARTER_INDICATOR,
    STARTER_NULMETING,
    STARTER_STAP,
    schema_text,
)
from councilkit.render.templating import render_template


def starter_text(*, gemeente: str, code: str, domein: str) -> str:
    """Render the starter kompas for a municipality and domain."""

    indicator = load_catalogue().by_id()[STARTER_INDICATOR[domein]]
    # An example whose target moves the right way, so the starter checks clean.
    step = -STARTER_STAP if indicator.polariteit == "lager-is-beter" else STARTER_STAP
    nulmeting, streefwaarde = STARTER_NULMETING, STARTER_NULMETING + step
    return render_template(
        "kompas-start.yaml.j2",
        dict(
            gemeente=gemeente,
            code=code,
            domein=domein,
            domein_naam=load_wetten().domein_naam(domein),
            jaar=datetime.date.today().year + 1,
            indicator=indicator,
            nulmeting=nulmeting,
            streefwaarde=streefwaarde,
            schema_file=SCHEMA_FILE,
            voorbeeld=PLACEHOLDER_MARK,
        ),
    )


def _vrije_donderdag(start: datetime.date, einde: datetime.date) -> datetime.date:
    """The first Thursday from `start` that is no public holiday and in no region's school holiday.

    The starter proposes real dates, so they must not be ones `check` would warn about; if every
    Thursday up to `einde` is taken, the first one is returned and `check` says why.
    """

    vakanties = load_schoolvakanties()
    eerste = start + datetime.timedelta(days=(3 - start.weekday()) % 7)
    dag = eerste
    while dag <= einde:
        vrij = feestdag(dag) is None and all(
            vakanties.in_vakantie(dag, regio) is None for regio in ("noord", "midden", "zuid")
        )
        if vrij:
            return dag
        dag += datetime.timedelta(days=7)
    return eerste


def proces_starter_text(*, gemeente: str, onderwerp: str | None, today: datetime.date | None = None) -> str:
    """Render the starter proces.yaml: phases from next month, activities on free Thursdays."""
    today = today or datetime.date.today()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    week = datetime.timedelta(weeks=1)
    day = datetime.timedelta(days=1)
    fasen: dict[str, dict[str, datetime.date]] = {}
    start = monday
    for naam, weken in (("beeldvorming", 12), ("oordeelsvorming", 8), ("besluitvorming", 8)):
        fasen[naam] = {"van": start, "tot": start + weken * week - day}
        start = start + weken * week

    def op(fase: str, in_week: int) -> datetime.date:
        return _vrije_donderdag(fasen[fase]["van"] + in_week * week, fasen[fase]["tot"])

    data = {
        "ontwerp": op("beeldvorming", 0),
        "presentatie": op("beeldvorming", 3),
        "rondetafel": op("beeldvorming", 7),
        "discussienotitie": op("oordeelsvorming", 0),
        "debat": op("oordeelsvorming", 4),
        "bespreking": op("besluitvorming", 2),
        "besluit": op("besluitvorming", 5),
    }
    slug = re.sub(r"[^a-z0-9]+", "-", (onderwerp or "").lower()).strip("-")[:40].strip("-")
    return render_template(
        "proces-start.yaml.j2",
        dict(
            gemeente=gemeente,
            gemeente_kop=" ".join(gemeente.split()),
            onderwerp=onderwerp,
            id=slug or "nieuw-proces",
            fasen=fasen,
            data=data,
            bestand=PROCES_FILE,
            schema_file=PROCES_SCHEMA_FILE,
        ),
    )


def write_starter(
    directory: Path,
    *,
    gemeente: str,
    code: str,
    domein: str,
    force: bool,
    soort: str = "kompas",
    onderwerp: str | None = None,
) -> list[Path]:
    """Write the starter of `soort` (kompas.yaml or proces.yaml) and its schema into `directory`.

    An empty `code` is written as an empty value with a comment, never as a made-up code: a
    placeholder such as GM0000 would pass `check` and later fetch no (or another gemeente's) figures.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError("dit is een bestand, geen map", file=directory, hint="geef een (nieuwe) map op")
    if soort == "proces":
        directory.mkdir(parents=True, exist_ok=True)
        proces_path, schema_path = directory / PROCES_FILE, directory / PROCES_SCHEMA_FILE
        for path in (proces_path, schema_path):
            check_writable(path, force)
        write_text_atomic(schema_path, schema_text("proces"), force=force)
        write_text_atomic(
            proces_path, proces_starter_text(gemeente=gemeente, onderwerp=onderwerp), force=force
        )
        return [proces_path, schema_path]

    if code and not re.fullmatch(r"GM\d{4}", code):
        raise InputError(
            f"ongeldige gemeentecode '{code}'",
            hint="gebruik de CBS-code: GM gevolgd door vier cijfers, bijvoorbeeld GM0758 voor Breda",
        )
    directory.mkdir(parents=True, exist_ok=True)
    kompas_path = directory / "kompas.yaml"
    schema_path = directory / SCHEMA_FILE
    for path in (kompas_path, schema_path):
        check_writable(path, force)
    write_text_atomic(schema_path, schema_text("kompas"), force=force)
    write_text_atomic(kompas_path, starter_text(gemeente=gemeente, code=code, domein=domein), force=force)
    return [kompas_path, schema_path]
