"""`councilkit init` and `councilkit schema`: a commented starter kompas and its JSON Schema.

The starter is a Jinja2 template in `templates/` (so a municipality can ship its own) that teaches
the method in comments. The schema is written beside it and referenced on the first line for the
YAML language server, so editors such as VS Code complete keys and flag typos while typing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from councilkit.errors import InputError
from councilkit.files import check_writable, write_text_atomic

SCHEMA_FILE = "kompas.schema.json"

#: Starts every example text in the starter, so `check` can tell a text nobody replaced yet.
PLACEHOLDER_MARK = "VOORBEELD —"
#: The starter's example figures; `check` warns while a result still carries them.
STARTER_NULMETING = 50
STARTER_STAP = 5

#: per domain, a catalogue indicator that suits the example result in the starter
_STARTER_INDICATOR = {
    "wmo": "ceo-zelfstandig-wonen",
    "jeugd": "percentage-jongeren-met-jeugdbescherming",
    "participatie": "netto-arbeidsparticipatie",
    "sociaal-domein": "eenzaamheid",
}


def schema_dict(kind: str = "kompas") -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a councilkit file kind, with a Dutch title."""
    from councilkit.kinds import KINDS, resolve

    schema = resolve(KINDS[kind].model).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"councilkit {kind}"
    return schema


def schema_text(kind: str = "kompas") -> str:
    return json.dumps(schema_dict(kind), ensure_ascii=False, indent=2) + "\n"


def starter_text(*, gemeente: str, code: str, domein: str) -> str:
    """Render the starter kompas for a municipality and domain."""
    import jinja2

    from councilkit.resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    import datetime

    from councilkit.model.catalogue import load_catalogue
    from councilkit.model.kompas import DOMEIN_NAMEN

    indicator = load_catalogue().by_id()[_STARTER_INDICATOR[domein]]
    # An example whose target moves the right way, so the starter checks clean.
    step = -STARTER_STAP if indicator.polariteit == "lager-is-beter" else STARTER_STAP
    nulmeting, streefwaarde = STARTER_NULMETING, STARTER_NULMETING + step
    template = env.get_template("kompas-start.yaml.j2")
    return template.render(
        gemeente=gemeente,
        code=code,
        domein=domein,
        domein_naam=DOMEIN_NAMEN[domein],
        jaar=datetime.date.today().year + 1,
        indicator=indicator,
        nulmeting=nulmeting,
        streefwaarde=streefwaarde,
        schema_file=SCHEMA_FILE,
        voorbeeld=PLACEHOLDER_MARK,
    )


def is_starter_example(domein: str, result: Any) -> bool:
    """Whether a kompas result still has the example indicator and figures that `init` wrote."""
    base, target = result.nulmeting, result.streefwaarde
    return (
        result.indicator == _STARTER_INDICATOR.get(domein)
        and base is not None
        and target is not None
        and base.waarde == STARTER_NULMETING
        and target.waarde in {STARTER_NULMETING - STARTER_STAP, STARTER_NULMETING + STARTER_STAP}
    )


def write_starter(directory: Path, *, gemeente: str, code: str, domein: str, force: bool) -> list[Path]:
    """Write `kompas.yaml` and its schema into `directory` (created if needed).

    An empty `code` is written as an empty value with a comment, never as a made-up code: a
    placeholder such as GM0000 would pass `check` and later fetch no (or another gemeente's) figures.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError("dit is een bestand, geen map", file=directory, hint="geef een (nieuwe) map op")
    import re

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
