"""The one registry of councilkit file kinds (`soort:`): kompas, proces, werkblad.

`check` dispatches on it, `schema` lists and builds schemas from it and `init --soort` writes its
starter. A new kind of councilkit YAML is one entry here (model, checker, starter template), named by
dotted path so nothing heavy is imported until that kind is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, repr=False)
class FileKind:
    """One kind of councilkit YAML file.

    `model` is the pydantic model (`module:Class`) used for validation and the JSON Schema;
    `checker` (`module:function`) takes `(Located, CheckOptions)` and returns `(findings, coverage)`;
    `starter` is the template `init --soort` renders, if the kind has one. `naam` is how a sentence
    names one such file ("een procesbestand"); `check_opties` are the `check` options its checker
    uses, so `check` can refuse the others instead of ignoring them.
    """

    soort: str
    model: str
    checker: str
    omschrijving: str
    naam: str
    starter: str | None = None
    check_opties: frozenset[str] = frozenset()


KINDS: dict[str, FileKind] = {
    "kompas": FileKind(
        soort="kompas",
        model="councilkit.model.kompas:Kompas",
        checker="councilkit.checks.dispatch:check_kompas_file",
        omschrijving="het kompas van de raad: waarden, principes, resultaten en kwaliteitseisen",
        naam="een kompas",
        starter="kompas-start.yaml.j2",
        check_opties=frozenset({"--data"}),
    ),
    "proces": FileKind(
        soort="proces",
        model="councilkit.model.proces:Proces",
        checker="councilkit.checks.proces:check_proces_file",
        omschrijving="het procesontwerp (startnotitie) van een besluitvormingsproces van de raad",
        naam="een procesbestand",
        starter="proces-start.yaml.j2",
        check_opties=frozenset({"--kompas"}),
    ),
    "werkblad": FileKind(
        soort="werkblad",
        model="councilkit.model.werkblad:Werkblad",
        checker="councilkit.checks.werkblad:check_werkblad_file",
        omschrijving="een ingevuld werkblad van een raadslid (visie, waardemodel, preventie)",
        naam="een werkblad",
    ),
}

#: A file without `soort:` is read as this kind, the most common case.
DEFAULT_KIND = "kompas"


def resolve(target: str) -> Any:
    """Import `module:attribute` lazily."""
    module_name, attribute = target.split(":")
    return getattr(importlib.import_module(module_name), attribute)
