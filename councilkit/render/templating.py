"""Jinja2 templates that render Markdown, with Dutch filters and Dutch errors that point at a line.

A municipality overrides any template by putting a file with the same name in its own directory
(`--templates DIR`); that directory is searched before the shipped `templates/`. Templates are
written by griffie staff, not programmers, so every template mistake becomes a `CouncilkitError`
naming the template file and line instead of a Jinja2 traceback. Undefined variables are errors
(StrictUndefined): a silently empty field in a council document is worse than a clear failure.

Autoescape is off because the output is Markdown, not HTML; user text that goes into a table cell
should pass through the `md_escape` filter. Every template runs in Jinja2's sandbox, shipped or from
`--templates`: a template is data a gemeente hands around, so it must not be able to reach Python
(`{{ x.__class__ }}`, calling methods that change things). Compiled templates are kept in Jinja2's
per-user bytecode cache, so a run does not recompile the beleidsplan template every time.
"""

from __future__ import annotations

import re
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from councilkit.errors import CouncilkitError
from councilkit.render import nl
from councilkit.resources import templates_dir
from councilkit.taal import opsomming

FILTERS = {
    "getal": nl.getal,
    "procent": nl.procent,
    "bedrag": nl.bedrag,
    "datum": nl.datum,
    "jaar": nl.jaar,
    "md_escape": nl.md_escape,
    "letterlijk": nl.letterlijk,
    "yaml": nl.yaml_scalar,
    "telwoord": nl.telwoord,
    "aantal": nl.aantal,
    "vaste_spaties": nl.vaste_spaties,
    "opsomming": opsomming,
}


@lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja2's own per-user cache directory (created private, owner checked); none if unusable."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def search_path(templates: Path | None) -> list[Path]:
    """The directories searched for a template, the override directory first."""
    dirs = [] if templates is None else [Path(templates)]
    return [*dirs, templates_dir()]


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja2's sandbox with its attribute verdict remembered per class and attribute name.

    `SandboxedEnvironment.is_safe_attribute` depends only on the attribute name and on what kind of
    object it is asked about (function, method, class, frame, generator, …), never on the value;
    asking it again for every `resultaat.naam` of a 10.000-result plan was a quarter of the
    template's time. Objects whose `__class__` is not their real type are asked every time.
    """

    _verdicts: dict[tuple[type, str], bool]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        if obj.__class__ is not kind:
            return super().is_safe_attribute(obj, attr, value)
        key = (kind, attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._verdicts) < 4096:
                self._verdicts[key] = verdict
        return verdict


@lru_cache(maxsize=8)
def _environment(search: tuple[Path, ...], autoescape: bool) -> jinja2.Environment:
    env = _Sandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in search], encoding="utf-8"),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
    env.filters.update(FILTERS)
    return env


def environment(templates: Path | None = None, *, autoescape: bool = False) -> jinja2.Environment:
    """The shared Jinja2 environment (cached per override directory)."""
    if templates is not None and not Path(templates).is_dir():
        raise CouncilkitError(
            "de map met sjablonen bestaat niet of is geen map",
            file=templates,
            hint="geef bij --templates een bestaande map op",
        )
    return _environment(tuple(search_path(templates)), autoescape)


def _template_location(exc: BaseException, env: jinja2.Environment) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering traceback.

    Jinja2 rewrites tracebacks so that frames of compiled templates carry the template's own file
    name and line number; the last such frame is where the template author has to look.
    """
    assert isinstance(env.loader, jinja2.FileSystemLoader)
    roots = [str(Path(p).resolve()) for p in env.loader.searchpath]
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        filename = str(Path(frame.filename).resolve()) if frame.filename else ""
        if any(filename.startswith(root + "/") for root in roots):
            found = (frame.filename, frame.lineno)
    return found


def _dutch_undefined(message: str | None, source_line: str | None = None) -> str:
    """Jinja2's English undefined messages in Dutch, naming what the template author wrote.

    For a missing attribute Jinja2 names the Python class (`'Thema object' has no attribute 'x'`),
    which means nothing to a griffier; the template line tells us how she wrote it (`thema.x`).
    """
    text = message or ""
    if m := re.fullmatch(r"'(.+)' is undefined", text):
        return f"'{m.group(1)}' is niet bekend"
    m = re.fullmatch(r"'(.+)' has no attribute '(.+)'", text) or re.fullmatch(
        r"(.+) has no element '(.+)'", text
    )
    if m:
        attribute = m.group(2)
        written = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(attribute)}\b", source_line or "")
        if written:
            return f"'{written.group(0)}' is niet bekend ('{written.group(1)}' heeft geen '{attribute}')"
        return f"'{attribute}' is niet bekend"
    return text


def _source_line(file: str | None, line: int | None) -> str | None:
    """The template's own text at `line`, to quote what its author wrote."""
    if not file or not line:
        return None
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def _syntax_error(exc: jinja2.TemplateSyntaxError, name: str) -> CouncilkitError:
    """A Jinja2 syntax error (in the template or one it includes) as a Dutch error with file and line."""
    return CouncilkitError(
        f"fout in sjabloon: {exc.message}",
        file=exc.filename or exc.name or name,
        line=exc.lineno,
        hint="controleer de Jinja2-opmaak ({{ … }}, {% … %}) op deze regel",
    )


def render_template(
    name: str, context: dict[str, Any], *, templates: Path | None = None, autoescape: bool = False
) -> str:
    """Render template `name` with `context`; the override directory `templates` is searched first.

    Raises `CouncilkitError` (in Dutch, with template file and line) for a missing template, a
    syntax error, an undefined variable or any other error raised while rendering.
    """
    env = environment(templates, autoescape=autoescape)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        places = ", ".join(str(p) for p in search_path(templates))
        raise CouncilkitError(
            f"sjabloon '{exc.name}' niet gevonden (gezocht in: {places})",
            hint="controleer de naam of zet het sjabloon in de map van --templates",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CouncilkitError(
            f"sjabloon '{name}' is niet leesbaar: {exc}",
            hint="controleer of het bestand bestaat en als UTF-8 is opgeslagen",
        ) from None
    try:
        return template.render(context)
    except jinja2.UndefinedError as exc:
        file, line = _template_location(exc, env)
        source = _source_line(file or template.filename, line)
        raise CouncilkitError(
            f"onbekende waarde in sjabloon: {_dutch_undefined(exc.message, source)}",
            file=file or template.filename or name,
            line=line,
            hint="controleer de spelling van de variabele of geef de waarde mee",
        ) from None
    except jinja2.TemplateSyntaxError as exc:  # an included/imported template with a syntax error
        raise _syntax_error(exc, name) from None
    except jinja2.sandbox.SecurityError as exc:
        file, line = _template_location(exc, env)
        raise CouncilkitError(
            "het sjabloon probeert iets wat een sjabloon niet mag (een interne eigenschap of methode gebruiken)",
            file=file or template.filename or name,
            line=line,
            hint="gebruik in een sjabloon alleen de velden van het document en de filters uit templates/README.md",
        ) from None
    except CouncilkitError:
        raise
    except Exception as exc:  # a filter or a method call in the template failed
        file, line = _template_location(exc, env)
        raise CouncilkitError(
            f"fout bij het invullen van het sjabloon: {exc}",
            file=file or template.filename or name,
            line=line,
            hint="controleer de waarde die op deze regel wordt gebruikt",
        ) from None
