"""One exception type for every failure a user can fix, so the CLI can print it as one Dutch line.

The command-line contract is `fout: BESTAND:REGEL: wat er mis is — wat te doen` and exit code 2.
Every stage raises `CouncilkitError` (or a subclass) with the file, line and fix it knows; the CLI
is the only place that turns it into output, which keeps tracebacks away from users.
"""

from __future__ import annotations

from pathlib import Path


class CouncilkitError(Exception):
    """A problem with the user's input or invocation, described in Dutch.

    `message` says what is wrong, `hint` what to do about it. `file`, `line` and `column` locate it
    where known; `exit_code` follows the CLI contract (2 = unreadable or invalid input).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        """`BESTAND:REGEL` (or `BESTAND:REGEL:KOLOM`), empty when nothing is known."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """The single line the CLI prints on standard error."""
        loc = self.location()
        text = f"fout: {loc}: {self.message}" if loc else f"fout: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()


class InputError(CouncilkitError):
    """Input that cannot be read as what the command expects (YAML, a kompas, an export)."""


class OutputExistsError(CouncilkitError):
    """An output file exists and `--force` was not given: nothing is overwritten silently."""


def markdown_error(message: str, *, origin: str | None, line: int | None, hint: str) -> CouncilkitError:
    """An error in the Markdown text: file = where it came from, the Markdown line in the message."""
    where = f" (regel {line} van de Markdown-tekst)" if line is not None else ""
    return CouncilkitError(message + where, file=origin, hint=hint)
