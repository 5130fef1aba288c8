"""Where the shipped frameworks and templates live, in a checkout and in an installed wheel.

In the repository they sit at the top level (`frameworks/`, `templates/`) so non-programmers find
them; the wheel force-includes them as `councilkit/frameworks` and `councilkit/templates`. Looking
in the package first and the checkout second makes both an editable install and a wheel work.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"councilkit-installatie onvolledig: map '{name}' ontbreekt")


@cache
def frameworks_dir() -> Path:
    """The directory with the framework YAML files (worksheets, criteria, wetten, indicatoren)."""
    return _resource_dir("frameworks")


@cache
def templates_dir() -> Path:
    """The directory with the Jinja2 Markdown templates and the Word reference document."""
    return _resource_dir("templates")
