"""Shared pydantic base: Dutch-keyed, strict about unknown keys, so typos become findings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base for every user-written block: unknown keys are errors (with a suggestion).

    `defer_build` builds a validator on first use, so a command pays only for the models it touches.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, defer_build=True, allow_inf_nan=False
    )
