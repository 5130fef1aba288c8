"""Is the kompas's gemeente a real gemeente, and do its name and code belong together?

Monitor figures are looked up by the code alone. `naam: Breda, code: GM0855` would give a plan for
Breda on Tilburg's figures, so a code that belongs to another gemeente is an error (and with
`--data` no figures are read at all). A code of a gemeente that has since been merged is a warning
naming its successor; a code that is no gemeente at all (the starter's `GM0000`) is an error. The
official list is `frameworks/gemeenten.yaml` (`councilkit.model.gemeenten`).
"""

from __future__ import annotations

from dataclasses import dataclass

from councilkit.checks.findings import Finding, Level
from councilkit.model.gemeenten import Gemeente, Gemeenten, load_gemeenten, naam_sleutel
from councilkit.model.kompas import Kompas
from councilkit.model.validate import Loaded
from councilkit.render.nl import datum
from councilkit.taal import opsomming

#: Finding code of a name and code that belong to different gemeenten; `--data` refuses on it.
MISMATCH = "gemeente-naam-code"


@dataclass(frozen=True, repr=False)
class Afwijking:
    """One problem with a gemeente's name and code, before it becomes a finding."""

    code: str
    level: Level
    message: str
    hint: str
    veld: str  # "code" or "naam": where to point the line


def _lijst(gemeenten: list[Gemeente]) -> str:
    return opsomming(f"{g.naam} ({g.code})" for g in gemeenten)


def vergelijk(
    naam: str, code: str, jaar: int | None = None, lijst: Gemeenten | None = None
) -> list[Afwijking]:
    """Compare a gemeente's name and code with the official list (`jaar`: the kompas's first year)."""
    lijst = lijst or load_gemeenten()
    code = code.strip().upper()
    found = lijst.get(code)
    by_name = lijst.op_naam(naam)
    if found is None:
        hint = (
            f"de code van {naam} is {by_name[0].code}"
            if by_name
            else "zoek de CBS-code op in de lijst van gemeenten (cbs.nl, Gemeentelijke indelingen per jaar)"
        )
        return [
            Afwijking("gemeente-onbekend", "fout", f"{code} is geen gemeentecode van het CBS", hint, "code")
        ]
    out: list[Afwijking] = []
    if naam_sleutel(found.naam) != naam_sleutel(naam):
        if by_name:
            message = f"de code {code} hoort bij {found.naam}, niet bij {naam} (dat is {by_name[0].code})"
            hint = f"gebruik code {by_name[0].code} voor {naam}, of naam {found.naam} voor {code}"
        else:
            message = f"de code {code} hoort bij {found.naam}; een gemeente {naam} staat niet in de lijst"
            hint = f"schrijf de naam zoals het CBS die gebruikt ({found.naam}), of verbeter de code"
        out.append(Afwijking(MISMATCH, "fout", message, hint, "naam"))
    if found.tot is not None and (jaar is None or jaar > found.tot):
        herindeling = lijst.herindeling_van(code)
        successors = lijst.opvolgers(code)
        when = f"op {datum(herindeling.datum)}" if herindeling else ""
        verb = "opgegaan in" if len(successors) == 1 else "verdeeld over"
        message = f"{found.naam} ({code}) bestaat niet meer: {when} {verb} {_lijst(successors)}".replace(
            "  ", " "
        )
        hint = (
            f"gebruik de code van {successors[0].naam}: {successors[0].code}"
            if len(successors) == 1
            else "kies de gemeente waar het kompas nu voor geldt"
        )
        out.append(Afwijking("gemeente-opgeheven", "waarschuwing", message, hint, "code"))
    return out


def check_gemeente(loaded: Loaded[Kompas]) -> list[Finding]:
    """The findings of `vergelijk` for a kompas, with the line of `gemeente.code` or `gemeente.naam`."""
    kompas = loaded.model
    out = []
    for a in vergelijk(kompas.gemeente.naam, kompas.gemeente.code, kompas.periode.van):
        line = loaded.line_of("gemeente", a.veld) or loaded.line_of("gemeente")
        out.append(Finding(a.code, a.level, str(loaded.file), line, a.message, a.hint))
    return out


def mismatch(kompas: Kompas) -> str | None:
    """Why this kompas's figures may not be read (name and code of different gemeenten), or None."""
    for a in vergelijk(kompas.gemeente.naam, kompas.gemeente.code, kompas.periode.van):
        if a.code == MISMATCH:
            return f"{a.message} — {a.hint}"
    return None
