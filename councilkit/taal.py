"""Small facts of Dutch sentence building that every layer needs, without loading babel.

`render/nl.py` owns numbers and dates (through babel); this module owns the plain-text rules a check
message, a plan sentence and a worksheet synthesis share, so that they are written once. It sits in
the base layer because `checks/` must not import `render/` (that would load babel on `check`).
"""

from __future__ import annotations

from collections.abc import Iterable


def opsomming(items: Iterable[object], voegwoord: str = "en") -> str:
    """`["a", "b", "c"]` → `a, b en c`: the Dutch enumeration (no comma before `en`).

    An empty list gives an empty string; one item is returned as it is.
    """
    woorden = [str(item) for item in items]
    if len(woorden) <= 1:
        return "".join(woorden)
    return f"{', '.join(woorden[:-1])} {voegwoord} {woorden[-1]}"
