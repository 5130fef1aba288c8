"""Reading filled-in worksheets: the HTML form's saved file, a filled Excel file, or a werkblad YAML.

Every input becomes one validated `Werkblad`. Nothing is ever written to an input. Answers are kept
exactly as typed; only what is blank (empty or only spaces) counts as "not filled in" and is left
out. A file of another worksheet kind, a hand-edited or truncated file, an Excel file whose answer
markers are gone, and a worksheet with nothing in it are refused with a Dutch message that says
which file and what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from councilkit.documents.worksheet_xlsx import read_xlsx
from councilkit.errors import InputError
from councilkit.files import check_writable, write_text_atomic
from councilkit.model.validate import load_model
from councilkit.model.werkblad import FORMAAT, Werkblad, dump_werkblad
from councilkit.model.werkbladformulier import load_formulier, onbekende_soort, soorten

MAX_BYTES = 5_000_000
SUFFIXES = (".json", ".xlsx", ".yaml", ".yml")


def read_any(
    path: Path, *, soort: str | None = None, allow_empty: bool = False
) -> tuple[Werkblad, list[str]]:
    """One worksheet from `path` (by suffix) and the warnings about it (`let op:` lines)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("bestand niet gevonden", file=path, hint="controleer de naam en de map")
    if path.is_dir():
        raise InputError("dit is een map, geen werkblad", file=path, hint="geef de bestanden zelf op")
    warnings: list[str] = []
    if suffix in (".yaml", ".yml"):
        werkblad = load_model(Werkblad, path, what="werkblad").model
        _check_fields(werkblad.werkblad, werkblad.variant, werkblad.antwoorden, werkblad.koppeltabel, path)
    elif suffix == ".json":
        werkblad = from_saved(_read_json(path), path, warnings)
    elif suffix == ".xlsx":
        werkblad = from_saved(read_xlsx(path), path, warnings)
    else:
        raise InputError(
            f"councilkit leest geen werkblad uit '{path.suffix or '(geen extensie)'}'",
            file=path,
            hint="geef het bewaarde bestand uit het formulier (.json), een ingevuld Excel-bestand (.xlsx) "
            "of een ingelezen werkblad (.yaml)",
        )
    if soort is not None and werkblad.werkblad != soort:
        raise InputError(
            f"dit is een werkblad '{werkblad.werkblad}', geen '{soort}'",
            file=path,
            hint="voeg alleen werkbladen van dezelfde soort samen",
        )
    if werkblad.is_leeg() and not allow_empty:
        raise InputError(
            "er is niets ingevuld in dit werkblad",
            file=path,
            hint="vraag het raadslid om het ingevulde werkblad (het bewaarde bestand of het Excel-bestand)",
        )
    return werkblad, warnings


def _read_json(path: Path) -> Any:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"bestand is te groot ({size // 1_000_000} MB) voor een werkblad", file=path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "het bestand is geen UTF-8-tekst",
            file=path,
            hint="gebruik het bestand zoals het formulier het bewaarde, zonder het te bewerken",
        ) from None
    if not text.strip():
        raise InputError(
            "het bestand is leeg", file=path, hint="bewaar de antwoorden opnieuw met het formulier"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        afgebroken = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        raise InputError(
            "het bestand is afgebroken (het einde ontbreekt)"
            if afgebroken
            else f"het bestand is beschadigd of met de hand bewerkt ({exc.msg})",
            file=path,
            line=exc.lineno,
            column=exc.colno,
            hint="bewaar de antwoorden opnieuw met de knop 'Antwoorden bewaren als bestand' in het formulier",
        ) from None


def from_saved(data: Any, path: Path, warnings: list[str]) -> Werkblad:
    """A `Werkblad` from the dict the HTML form saves (and `read_xlsx` returns)."""

    if not isinstance(data, dict) or data.get("formaat") != FORMAAT:
        raise InputError(
            "dit bestand is geen bewaard werkblad van councilkit",
            file=path,
            hint="gebruik het bestand dat de knop 'Antwoorden bewaren als bestand' in het formulier maakte",
        )

    def fail(message: str, hint: str = "bewaar de antwoorden opnieuw met het formulier") -> InputError:
        return InputError(
            f"het bestand is met de hand bewerkt of beschadigd: {message}", file=path, hint=hint
        )

    soort = data.get("werkblad")
    if not isinstance(soort, str) or soort not in soorten():
        raise onbekende_soort(str(soort), file=path)
    variant = data.get("variant", "zelf")
    if variant not in ("zelf", "raad"):
        raise fail(f"onbekende variant {variant!r}")
    formulier = load_formulier(soort, variant)
    versie = data.get("versie")
    if versie is not None and versie != formulier.versie:
        warnings.append(
            f"{path}: dit werkblad is gemaakt met een andere versie van het formulier '{soort}'; "
            "de antwoorden zijn gelezen op hun veldnaam — controleer het resultaat"
        )

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise fail(f"'{key}' is geen tekst")
        return value if value.strip() else None

    antwoorden_in = data.get("antwoorden", {})
    if not isinstance(antwoorden_in, dict):
        raise fail("'antwoorden' is geen blok met antwoorden")
    rijen_in = data.get("koppeltabel", [])
    if not isinstance(rijen_in, list) or not all(isinstance(r, dict) for r in rijen_in):
        raise fail("'koppeltabel' is geen lijst met rijen")
    _check_fields(soort, variant, antwoorden_in, rijen_in, path)

    antwoorden: dict[str, str | list[str]] = {}
    for veld in formulier.velden.values():
        value = antwoorden_in.get(veld.id)
        if value is None:
            continue
        if veld.is_lijst:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"het antwoord bij '{veld.id}' is geen lijst met teksten")
            items = [v for v in value if v.strip()]
            if items:
                antwoorden[veld.id] = items
        else:
            if not isinstance(value, str):
                raise fail(f"het antwoord bij '{veld.id}' is geen tekst")
            if value.strip():
                antwoorden[veld.id] = value
    rijen: list[dict[str, str]] = []
    for index, rij in enumerate(rijen_in, start=1):
        if not all(isinstance(v, str) for v in rij.values()):
            raise fail(f"rij {index} van de koppeltabel bevat iets anders dan tekst")
        filled = {key: value for key, value in rij.items() if value.strip()}
        if filled:
            rijen.append(filled)
    datum = text("datum")
    if datum is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(datum)
        except ValueError:
            raise InputError(
                f"de datum '{datum}' is geen geldige datum",
                file=path,
                hint="vul de datum in als JJJJ-MM-DD, bijvoorbeeld 2026-11-29",
            ) from None
    gemeente = data.get("gemeente")
    return Werkblad(
        soort="werkblad",
        werkblad=soort,
        variant=variant,
        versie=versie if isinstance(versie, str) else None,
        gemeente=gemeente if isinstance(gemeente, str) and gemeente else None,
        naam=text("naam"),
        fractie=text("fractie"),
        datum=datum,
        antwoorden=antwoorden,
        koppeltabel=rijen,
        bron=path.name,
    )


def _check_fields(
    soort: str, variant: str, antwoorden: dict[str, Any], rijen: list[dict[str, Any]], path: Path
) -> None:
    """Every answer must belong to a field of the form: an unknown key would be lost silently."""

    if soort not in soorten():
        raise onbekende_soort(soort, file=path)
    formulier = load_formulier(soort, variant)
    onbekend = sorted(set(antwoorden) - set(formulier.velden))
    if onbekend:
        raise InputError(
            f"het werkblad '{soort}' heeft geen {'veld' if len(onbekend) == 1 else 'velden'} "
            f"{', '.join(repr(k) for k in onbekend)}",
            file=path,
            hint="het bestand is met de hand bewerkt of hoort bij een ander formulier; zet het antwoord bij een "
            "bestaand veld",
        )
    kolommen = {k.id for k in formulier.koppeltabel.kolommen} if formulier.koppeltabel else set()
    extra = sorted({key for rij in rijen for key in rij} - kolommen)
    if extra:
        raise InputError(
            f"de koppeltabel heeft geen {'kolom' if len(extra) == 1 else 'kolommen'} "
            f"{', '.join(repr(k) for k in extra)}",
            file=path,
            hint=f"gebruik de kolommen {', '.join(sorted(kolommen))}"
            if kolommen
            else "dit werkblad heeft geen koppeltabel",
        )


def write_read(inputs: list[Path], output: Path, *, force: bool = False) -> list[str]:
    """`worksheet read`: every input checked first, then one YAML per input; returns lines to show.

    One input writes `output` (a .yaml file); several inputs write `output/<name>.yaml` each, so that
    every file stays one worksheet that `check` can read. Nothing is written if any input is bad.
    """

    output = Path(output)
    results = []
    lines: list[str] = []
    for path in inputs:
        werkblad, warnings = read_any(path)
        results.append((Path(path), werkblad))
        lines += [f"let op: {w}" for w in warnings]
    if len(inputs) == 1 and not output.is_dir():
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise InputError(
                f"een ingelezen werkblad wordt YAML, niet '{output.suffix or '(geen extensie)'}'",
                file=output,
                hint="geef -o NAAM.yaml, of een map",
            )
        targets = [output]
    else:
        if output.suffix.lower() in (".yaml", ".yml") or (output.exists() and not output.is_dir()):
            raise InputError(
                f"{len(inputs)} werkbladen passen niet in één bestand",
                file=output,
                hint="geef met -o een map; elk werkblad komt daarin als NAAM.yaml",
            )
        targets = [output / f"{path.stem}.yaml" for path, _ in results]
        dubbel = sorted({t.name for t in targets if targets.count(t) > 1})
        if dubbel:
            raise InputError(
                f"twee invoerbestanden zouden hetzelfde uitvoerbestand krijgen: {', '.join(dubbel)}",
                file=output,
                hint="geef de invoerbestanden verschillende namen of lees ze apart in",
            )
        output.mkdir(parents=True, exist_ok=True)
    refuse_input_as_output(inputs, targets)
    for target in targets:
        check_writable(target, force)
    for target, (_path, werkblad) in zip(targets, results, strict=True):
        write_text_atomic(target, dump_werkblad(werkblad), force=force)
        wie = werkblad.naam or "(naam niet ingevuld)"
        fractie = f" ({werkblad.fractie})" if werkblad.fractie else ""
        lines.append(f"geschreven: {target} — {wie}{fractie}, {_telling(werkblad)}")
    return lines


def refuse_input_as_output(inputs: list[Path], targets: list[Path]) -> None:
    """`read` and `combine` never modify their inputs, not even with --force."""
    sources = {Path(p).resolve() for p in inputs}
    for target in targets:
        if Path(target).resolve() in sources:
            raise InputError(
                "het uitvoerbestand is ook een invoerbestand; councilkit wijzigt nooit een ingevuld werkblad",
                file=target,
                hint="kies met -o een andere naam",
            )


def _telling(werkblad: Werkblad) -> str:
    n = len(werkblad.antwoorden)
    rows = len(werkblad.koppeltabel)
    text = f"{n} {'vraag' if n == 1 else 'vragen'} beantwoord"
    if rows:
        text += f", {rows} {'rij' if rows == 1 else 'rijen'} in de koppeltabel"
    return text
