"""Shared pydantic base: Dutch-keyed, strict about unknown keys, so typos become findings.

Also the field types every framework file uses (ids, herkomst, texts), so the framework models can
live in more than one module (`wetten`, `frameworks`) with one definition of each.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


def _dutch_description(schema: dict[str, Any], cls: type) -> None:
    """Show an editor the block's Dutch `_schema_beschrijving`, never its English docstring.

    Pydantic copies a class docstring into the JSON schema; our docstrings are written for
    developers (in English, saying why), while the schema's descriptions are what a beleidsmedewerker
    sees in VS Code. So the schema takes `_schema_beschrijving` (underscored, so a sandboxed template cannot read it) and drops the docstring.
    """
    text = cls.__dict__.get("_schema_beschrijving")
    if text:
        schema["description"] = text
    else:
        schema.pop("description", None)


class Strict(BaseModel):
    """Base for every user-written block: unknown keys are errors (with a suggestion).

    `defer_build` builds a validator on first use, so a command pays only for the models it touches.
    """

    #: What the block is, in Dutch, for the JSON schema an editor shows (see `_dutch_description`).
    _schema_beschrijving: ClassVar[str] = ""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        defer_build=True,
        allow_inf_nan=False,
        json_schema_extra=_dutch_description,
    )


ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[
    str, Field(pattern=ID_PATTERN, description="Vaste sleutel: kleine letters, cijfers en streepjes.")
]
Herkomst = Annotated[
    str,
    Field(min_length=1, description="Waar dit in de brondocumenten staat, bijv. 'seed 002, L1639–L1798'."),
]
Tekst = Annotated[str, Field(min_length=1)]
LetOp = Annotated[
    str | None,
    Field(None, description="Wat de brondocumenten niet vastleggen of wat nog gecontroleerd moet worden."),
]


def empty_list() -> list[Any]:
    """An empty list, as a field's `default_factory` (use this, not `list`).

    pydantic asks every default factory whether it takes the validated data (`inspect.signature`).
    For the builtin `list` that means parsing its text signature with the tokenize module, which cost
    `check` 5–10 ms of start-up over the kompas, catalogue and wetten models; a plain function
    answers at once. `tests/test_startup_light.py` keeps the models to it.
    """
    return []


def empty_dict() -> dict[str, Any]:
    """An empty dict, as a field's `default_factory` (see `empty_list`)."""
    return {}


def check_unique(ids: list[str], what: str) -> None:
    """Ids are references; a duplicate makes a reference ambiguous, so refuse it at load time."""
    dupes = sorted(key for key, count in Counter(ids).items() if count > 1)
    if dupes:
        raise ValueError(f"dubbele id in {what}: {', '.join(dupes)} — geef elk onderdeel een eigen id")
