"""Validate located YAML against a pydantic model and explain failures in Dutch, with a line.

Pydantic reports errors by location path (`maatschappelijke_resultaten.2.nulmeting.jaar`); the
`Located` line table turns that path into a line in the user's file. Unknown keys get the nearest
known key as a suggestion, because a typo is by far the most common cause.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from councilkit.errors import InputError
from councilkit.model.yamlload import Located, load_yaml

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "int": "een geheel getal",
    "float": "een getal",
    "decimal": "een getal",
    "string": "een tekst",
    "str": "een tekst",
    "bool": "ja of nee (true/false)",
    "list": "een lijst (regels die beginnen met '- ')",
    "dict": "een blok met sleutels",
    "model": "een blok met sleutels",
    "date": "een datum (JJJJ-MM-DD)",
}


@dataclass(repr=False, eq=False)
class Loaded(Generic[M]):
    """A validated model together with where each of its parts stands in the file."""

    model: M
    source: Located

    @property
    def file(self) -> Path:
        return self.source.file

    def line_of(self, *loc: str | int) -> int | None:
        return self.source.line_of(loc)


def _known_keys(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Walk the model's fields along `loc` to list the keys allowed at that spot."""
    current: Any = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside `list[X]`, `X | None`, … (or the annotation itself)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


#: `12,5` or `1.234,5`: a Dutch decimal comma that YAML reads as text.
_DECIMAL_COMMA = re.compile(r"^\s*-?\d{1,3}(\.\d{3})*,\d+\s*$|^\s*-?\d+,\d+\s*$")


def _field_info(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    """The pydantic FieldInfo at `loc` (list indices skipped), or None."""
    parent = _known_model(model_cls, loc[:-1])
    if parent is None or not loc or isinstance(loc[-1], int):
        return None
    return parent.model_fields.get(str(loc[-1]))


def _known_model(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    current: Any = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _pattern_hint(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """What the value should look like: the field's own description (a CBS code, a region code) or an id."""
    info = _field_info(model_cls, loc)
    last = str(loc[-1]) if loc else ""
    if last != "id" and info is not None and info.description:
        return info.description
    return "gebruik kleine letters, cijfers en streepjes, bijvoorbeeld 'zorg-dichtbij'"


def _block_hint(model_cls: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """Explain 'blok met sleutels' with an example built from the keys allowed there."""
    last = str(loc[-1]) if loc and not isinstance(loc[-1], int) else "onderdeel"
    model = _known_model(model_cls, loc)
    keys = [
        key for key, field in (model.model_fields.items() if model else []) if field.is_required()
    ] or list(model.model_fields if model else [])
    shown = keys[:2] or ["naam", "waarde"]
    lines = " en ".join(f"'  {key}: …'" for key in shown)
    return (
        f"een blok met sleutels is een reeks regels 'sleutel: waarde' die inspringen onder de kop; "
        f"schrijf bijvoorbeeld '{last}:' en daaronder {lines}"
    )


def _comma_split_number(data: Any, loc: tuple[str | int, ...]) -> tuple[str, str] | None:
    """In `{jaar: 2024, waarde: 12,5}` YAML reads `5` as a key; find the `12` before it.

    Returns (key: number as written, number) of the preceding entry when it is a number.
    """
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    index = keys.index(loc[-1]) if loc[-1] in keys else -1
    if index <= 0:
        return None
    before = parent[keys[index - 1]]
    if isinstance(before, int) and not isinstance(before, bool):
        return str(keys[index - 1]), str(before)
    return None


def _describe(model_cls: type[BaseModel], error: Any, data: Any = None) -> tuple[str, str]:
    """(message, hint) in Dutch for one pydantic error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    name = ".".join(str(part) for part in loc if not isinstance(part, int)) or "het bestand"
    last = str(loc[-1]) if loc else "waarde"
    value = error.get("input")
    shown = (
        repr(value)
        if not isinstance(value, (dict, list))
        else ("een blok" if isinstance(value, dict) else "een lijst")
    )
    if kind == "extra_forbidden" and last.isdigit():
        whole = _comma_split_number(data, loc)
        if whole is not None:
            return (
                f"'{whole[0]}' is met een komma geschreven: {whole[1]},{last}",
                f"gebruik een punt: {whole[1]}.{last} (tussen {{ }} scheidt een komma twee onderdelen)",
            )
    if kind == "extra_forbidden":
        known = _known_keys(model_cls, loc[:-1])
        close = difflib.get_close_matches(last, known, n=1, cutoff=0.5)
        hint = f"bedoelt u '{close[0]}'?" if close else f"toegestaan zijn: {', '.join(known)}"
        return f"onbekende sleutel '{last}'", hint
    if kind == "missing":
        return f"verplicht veld '{last}' ontbreekt", f"vul '{last}:' in bij dit onderdeel"
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{name}' heeft een onbekende waarde {shown}", f"kies uit {expected.replace(' or ', ' of ')}"
    if kind == "string_pattern_mismatch":
        return f"'{name}' heeft een ongeldige vorm: {shown}", _pattern_hint(model_cls, loc)
    if kind == "finite_number":
        return (
            f"'{last}' is geen getal dat een document kan tonen: {shown}",
            "vul een gewoon getal in, of laat de waarde weg als die onbekend is",
        )
    if kind in {"float_parsing", "int_parsing"} and isinstance(value, str) and _DECIMAL_COMMA.match(value):
        dotted = value.strip().replace(".", "").replace(",", ".")
        return (
            f"'{last}' is met een komma geschreven: {value.strip()}",
            f"gebruik een punt: {dotted} (in YAML is de punt het decimaalteken)",
        )
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"'{name}' moet een blok met sleutels zijn, maar is {shown}", _block_hint(model_cls, loc)
    if kind in {"value_error", "assertion_error"}:
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        message, _, hint = text.partition(" — ")
        return f"'{name}': {message}", hint or "pas de waarde aan"
    for word, dutch in _TYPE_WORDS.items():
        if kind.startswith(word) or kind.endswith(f"_{word}") or f"{word}_" in kind:
            return f"'{name}' moet {dutch} zijn, maar is {shown}", f"geef bij '{last}' {dutch} op"
    if kind in {"too_short", "too_long"}:
        return f"'{name}' heeft te weinig of te veel onderdelen", "vul de lijst aan of kort haar in"
    return f"'{name}' is ongeldig ({error['msg']})", "controleer de waarde op deze regel"


def validate(model_cls: type[M], located: Located) -> Loaded[M]:
    """Validate `located.data` as `model_cls`; raise the first error (by line) in Dutch."""
    if not isinstance(located.data, dict):
        raise InputError(
            "het bestand moet beginnen met sleutels (bijvoorbeeld 'gemeente:'), niet met een lijst of tekst",
            file=located.file,
            line=1,
            hint="kijk naar het voorbeeld van 'councilkit init'",
        )
    try:
        model = model_cls.model_validate(located.data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up twice: as an unknown key and as a missing field of the same block.
        # The unknown key is the better report (its own line, and a suggestion), so drop the other.
        typo_parents = {tuple(err["loc"][:-1]) for err in errors if err["type"] == "extra_forbidden"}
        errors = [
            err for err in errors if not (err["type"] == "missing" and tuple(err["loc"][:-1]) in typo_parents)
        ] or errors
        located_errors = sorted(errors, key=lambda err: (located.line_of(err["loc"]) or 0, len(err["loc"])))
        first = located_errors[0]
        message, hint = _describe(model_cls, first, located.data)
        raise InputError(message, file=located.file, line=located.line_of(first["loc"]), hint=hint) from None
    return Loaded(model=model, source=located)


def load_model(model_cls: type[M], path: str | Path, *, what: str = "bestand") -> Loaded[M]:
    """Load YAML from `path` and validate it; every failure is an `InputError` with file and line."""
    return validate(model_cls, load_yaml(path, what=what))
