"""`councilkit check FILE`: recognise what kind of councilkit file this is and run its checks.

Every councilkit YAML file may say what it is with `soort:` (kompas, proces, werkblad); a file without
it is read as a kompas, the most common case. New kinds register one entry in `KINDS`, so the
command, its exit codes and its output formats stay the same for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.checks.findings import Finding
from councilkit.errors import InputError
from councilkit.model.yamlload import Located, load_yaml


@dataclass
class CheckResult:
    """What `check` reports: findings, and with `--data` per result which years have figures."""

    kind: str
    file: Path
    findings: list[Finding]
    coverage: list[Any] = field(default_factory=list)


def _check_kompas(located: Located, data_paths: list[Path]) -> tuple[list[Finding], list[Any]]:
    from councilkit.checks.kompas import check_kompas
    from councilkit.model.kompas import Kompas
    from councilkit.model.validate import validate

    loaded = validate(Kompas, located)
    findings = check_kompas(loaded)
    if not data_paths:
        return findings, []
    from councilkit.data import coverage, open_data

    with open_data(data_paths, local_indicators=loaded.model.indicatoren) as store:
        findings += coverage.findings(loaded, store)
        return sorted(findings, key=lambda f: (f.line or 0, f.code)), coverage.report(loaded, store)


#: soort → checker returning (findings, coverage). Proces and werkblad files will register here.
KINDS: dict[str, Callable[[Located, list[Path]], tuple[list[Finding], list[Any]]]] = {
    "kompas": _check_kompas,
}


def check_file(path: str | Path, data_paths: list[Path] | None = None) -> CheckResult:
    """Load `path`, decide its kind and return its findings; unreadable input raises `InputError`."""
    located = load_yaml(path, what="bestand")
    kind = "kompas"
    if isinstance(located.data, dict) and "soort" in located.data:
        kind = str(located.data["soort"])
        if kind not in KINDS:
            raise InputError(
                f"onbekende soort bestand '{kind}'",
                file=located.file,
                line=located.line_of(("soort",)),
                hint=f"councilkit controleert: {', '.join(KINDS)}",
            )
    findings, covered = KINDS[kind](located, data_paths or [])
    return CheckResult(kind=kind, file=located.file, findings=findings, coverage=covered)
