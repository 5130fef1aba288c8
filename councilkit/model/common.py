"""Shared pydantic base: Dutch-keyed, strict about unknown keys, so typos become findings."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


def _dutch_description(schema: dict[str, Any], cls: type) -> None:
    """Show an editor the block's Dutch `beschrijving`, never its English docstring.

    Pydantic copies a class docstring into the JSON schema; our docstrings are written for
    developers (in English, saying why), while the schema's descriptions are what a beleidsmedewerker
    sees in VS Code. So the schema takes `beschrijving` and drops the docstring.
    """
    text = cls.__dict__.get("beschrijving")
    if text:
        schema["description"] = text
    else:
        schema.pop("description", None)


class Strict(BaseModel):
    """Base for every user-written block: unknown keys are errors (with a suggestion).

    `defer_build` builds a validator on first use, so a command pays only for the models it touches.
    """

    #: What the block is, in Dutch, for the JSON schema an editor shows (see `_dutch_description`).
    beschrijving: ClassVar[str] = ""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        defer_build=True,
        allow_inf_nan=False,
        json_schema_extra=_dutch_description,
    )
