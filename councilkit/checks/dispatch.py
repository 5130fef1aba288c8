"""`councilkit check FILE`: recognise what kind of councilkit file this is and run its checks.

Every councilkit YAML file may say what it is with `soort:` (kompas, proces, werkblad); a file without
it is read as a kompas, the most common case. New kinds register one entry in `councilkit.kinds.KINDS`, so the
command, its exit codes and its output formats stay the same for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.checks.findings import Finding
from councilkit.errors import InputError
from councilkit.kinds import DEFAULT_KIND, KINDS, resolve
from councilkit.model.yamlload import Located, load_yaml


@dataclass
class CheckResult:
    """What `check` reports: findings, and with `--data` per result which years have figures."""

    kind: str
    file: Path
    findings: list[Finding]
    coverage: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class CheckOptions:
    """What `check` was given besides the file: monitor data, and a kompas to check references against."""

    data_paths: tuple[Path, ...] = ()
    kompas: Path | None = None


def check_kompas_file(located: Located, options: CheckOptions) -> tuple[list[Finding], list[Any]]:
    """The checker of the `kompas` kind (see `councilkit.kinds`)."""
    data_paths = list(options.data_paths)
    # Deferred: only a kompas needs its model and checks; a proces or werkblad never loads them.
    from councilkit.checks.kompas import check_kompas
    from councilkit.model.kompas import Kompas
    from councilkit.model.validate import validate

    loaded = validate(Kompas, located)
    findings = check_kompas(loaded)
    if not data_paths:
        return findings, []
    # Deferred: the store and the coverage reads only with --data.
    from councilkit.checks import coverage
    from councilkit.data import open_data

    with open_data(data_paths, local_indicators=loaded.model.indicatoren) as store:
        findings += coverage.findings(loaded, store)
        return sorted(findings, key=lambda f: (f.line or 0, f.code)), coverage.report(loaded, store)


def check_file(
    path: str | Path, data_paths: list[Path] | None = None, *, kompas: Path | None = None
) -> CheckResult:
    """Load `path`, decide its kind and return its findings; unreadable input raises `InputError`."""
    located = load_yaml(path, what="bestand")
    kind = DEFAULT_KIND
    if isinstance(located.data, dict) and "soort" in located.data:
        kind = str(located.data["soort"])
        if kind not in KINDS:
            raise InputError(
                f"onbekende soort bestand '{kind}'",
                file=located.file,
                line=located.line_of(("soort",)),
                hint=f"councilkit controleert: {', '.join(KINDS)}",
            )
    given = {"--data": bool(data_paths), "--kompas": kompas is not None}
    _refuse_unused([option for option, used in given.items() if used], kind, located)
    checker = resolve(KINDS[kind].checker)
    findings, covered = checker(located, CheckOptions(tuple(data_paths or ()), kompas))
    return CheckResult(kind=kind, file=located.file, findings=findings, coverage=covered)


def _refuse_unused(options: list[str], kind: str, located: Located) -> None:
    """An option this kind of file does nothing with is a misunderstanding: say so (exit 2) rather
    than report "in orde" as if it had been used."""
    for option in options:
        if option in KINDS[kind].check_opties:
            continue
        for_kinds = [k.naam for k in KINDS.values() if option in k.check_opties]
        raise InputError(
            f"{option} hoort bij {' of '.join(for_kinds)}, maar dit bestand is {KINDS[kind].naam}",
            file=located.file,
            line=located.line_of(("soort",))
            if isinstance(located.data, dict) and "soort" in located.data
            else None,
            hint=f"laat {option} weg"
            + (
                " (een kompas wordt altijd helemaal gecontroleerd)"
                if option == "--kompas" and kind == "kompas"
                else ""
            ),
        )
