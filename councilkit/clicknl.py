"""Dutch for click's own words: help headings, usage errors, option hints.

Everything a person reads must be Dutch, but click speaks English and has no Dutch catalogue.
Click looks its strings up through module-level `gettext`/`ngettext` names, so swapping those for
a lookup in the table below translates help output and usage errors without touching click's
behaviour. Unknown strings fall through unchanged (English), which a test guards against for the
messages users meet.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.types

DUTCH: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "required": "verplicht",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Error: {message}": "fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Missing argument": "Argument ontbreekt",
    "Missing option": "Optie ontbreekt",
    "Missing parameter": "Parameter ontbreekt",
    "Missing command.": "Geef een opdracht op.",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing parameter: {param_name}": "Parameter ontbreekt: {param_name}",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such option: {name}": "Onbekende optie: {name}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} is geen {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet binnen {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "integer": "geheel getal",
    "float": "getal",
    "Aborted!": "Afgebroken.",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "unknown error": "onbekende fout",
}


def _gettext(message: str) -> str:
    return DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


def install() -> None:
    """Point click's translation hooks at the Dutch table (idempotent, cheap)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
