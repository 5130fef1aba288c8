"""The starter's facts and the JSON Schema of each file kind (`councilkit init`, `councilkit schema`).

The schema is written beside the starter and referenced on its first line for the YAML language
server, so editors such as VS Code complete keys and flag typos while typing. Rendering the starter
itself is in `councilkit.documents.starter`: it uses the template engine and the proces checks, which
`checks/kompas.py` (which needs `is_starter_example` from here) must not reach — that was an import circle.
"""

from __future__ import annotations

import json
from typing import Any

from councilkit.kinds import KINDS, resolve

SCHEMA_FILE = "kompas.schema.json"
PROCES_FILE = "proces.yaml"
PROCES_SCHEMA_FILE = "proces.schema.json"

#: Starts every example text in the starter, so `check` can tell a text nobody replaced yet.
PLACEHOLDER_MARK = "VOORBEELD —"
#: The starter's example figures; `check` warns while a result still carries them.
STARTER_NULMETING = 50
STARTER_STAP = 5

#: per domain, a catalogue indicator that suits the example result in the starter
STARTER_INDICATOR = {
    "wmo": "ceo-zelfstandig-wonen",
    "jeugd": "percentage-jongeren-met-jeugdbescherming",
    "participatie": "netto-arbeidsparticipatie",
    "sociaal-domein": "eenzaamheid",
}


def schema_dict(kind: str = "kompas") -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a councilkit file kind, with a Dutch title."""

    schema = resolve(KINDS[kind].model).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"councilkit {kind}"
    if kind == "kompas":
        _offer_ids(schema)
    return schema


def _offer_ids(schema: dict[str, Any]) -> None:
    """Let editors complete catalogue indicator ids and legal-topic ids.

    The ids are offered as an `enum` branch beside a free string (a kompas may define its own
    indicators, and `check` reports unknown ids with a suggestion), so completion works without the
    editor flagging a local id as an error.
    """
    # Deferred: `check` imports this module for its example values; the catalogue (pydantic) only for a schema.
    from councilkit.model.catalogus import indicator_ids, onderwerp_ids, taak_ids

    defs = schema.get("$defs", {})

    def offer(prop: dict[str, Any], ids: list[str]) -> None:
        branches = prop.pop("anyOf", None) or [{"type": prop.pop("type", "string")}]
        prop["anyOf"] = [{"enum": ids}, *branches]
        prop["examples"] = ids[:5]

    indicators = indicator_ids()
    for model, field in (("Resultaat", "indicator"), ("Indicator", "afgeleid_van")):
        prop = defs.get(model, {}).get("properties", {}).get(field)
        if prop is not None:
            offer(prop, indicators)
    tasks = schema.get("properties", {}).get("taken_en_voorwaarden")
    if tasks is not None:
        tasks["propertyNames"] = {"enum": taak_ids()}
    topics = defs.get("Thema", {}).get("properties", {}).get("wettelijke_onderwerpen")
    if topics is not None and isinstance(topics.get("items"), dict):
        offer(topics["items"], onderwerp_ids())


def schema_text(kind: str = "kompas") -> str:
    return json.dumps(schema_dict(kind), ensure_ascii=False, indent=2) + "\n"


def is_starter_example(domein: str, result: Any) -> bool:
    """Whether a kompas result still has the example indicator and figures that `init` wrote."""
    base, target = result.nulmeting, result.streefwaarde
    return (
        result.indicator == STARTER_INDICATOR.get(domein)
        and base is not None
        and target is not None
        and base.waarde == STARTER_NULMETING
        and target.waarde in {STARTER_NULMETING - STARTER_STAP, STARTER_NULMETING + STARTER_STAP}
    )


def code_voor(gemeente: str) -> str | None:
    """The CBS code of an existing gemeente with this name (official list), or None when not unique."""
    # Deferred: the gemeenten list (pydantic) only when `init` looks up a code.
    from councilkit.model.gemeenten import load_gemeenten

    found = [g for g in load_gemeenten().op_naam(gemeente) if g.tot is None]
    return found[0].code if len(found) == 1 else None
