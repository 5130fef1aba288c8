"""A finding: one thing `councilkit check` reports, with where it is and how to fix it.

Findings are data so that text output, JSON output, documents (a concept plan lists them up front)
and tests all read the same thing. `code` is stable (tests and users grep for it); `level` is Dutch
because people read it: `fout` blocks (exit 1), `waarschuwing` only with `--strict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["fout", "waarschuwing"]


@dataclass(frozen=True, repr=False)
class Finding:
    """One finding about a councilkit file."""

    code: str
    level: Level
    file: str
    line: int | None
    message: str
    hint: str = ""
    #: Where in the YAML the finding points, as keys and list indexes (`("leidende_principes", 2,
    #: "waarden", 0)`), so a document can say *which* item a finding is about without parsing the
    #: message. Not part of the JSON output, whose shape users rely on.
    pad: tuple[str | int, ...] = field(default=(), compare=False)

    def format(self) -> str:
        """`BESTAND:REGEL: niveau [code]: melding — oplossing` (one line, like compilers do)."""
        location = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{location}: {self.level} [{self.code}]: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }
