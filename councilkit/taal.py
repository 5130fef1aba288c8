"""Small facts of Dutch sentence building that every layer needs, without loading babel.

`render/nl.py` owns numbers and dates; this module owns the plain-text rules a check
message, a plan sentence and a worksheet synthesis share, so that they are written once. It sits in
the base layer because `checks/` must not import `render/` (that would load babel on `check`).
"""

from __future__ import annotations

from collections.abc import Iterable

#: The Dutch month names, January first: a long date (`render/nl.py`) writes them and a period such
#: as "2024 januari" in a monitor export (`data/normalize.py`) is read with them.
MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def opsomming(items: Iterable[object], voegwoord: str = "en") -> str:
    """`["a", "b", "c"]` → `a, b en c`: the Dutch enumeration (no comma before `en`).

    An empty list gives an empty string; one item is returned as it is.
    """
    woorden = [str(item) for item in items]
    if len(woorden) <= 1:
        return "".join(woorden)
    return f"{', '.join(woorden[:-1])} {voegwoord} {woorden[-1]}"
