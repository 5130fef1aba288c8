"""`councilkit check FILE`: recognise what kind of councilkit file this is and run its checks.

Every councilkit YAML file may say what it is with `soort:` (kompas, proces, werkblad); a file without
it is read as a kompas, the most common case. New kinds register one entry in `KINDS`, so the
command, its exit codes and its output formats stay the same for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from councilkit.checks.findings import Finding
from councilkit.errors import InputError
from councilkit.model.yamlload import Located, load_yaml


@dataclass
class CheckResult:
    kind: str
    file: Path
    findings: list[Finding]


def _check_kompas(located: Located, data_paths: list[Path]) -> list[Finding]:
    from councilkit.checks.kompas import check_kompas
    from councilkit.model.kompas import Kompas
    from councilkit.model.validate import validate

    loaded = validate(Kompas, located)
    findings = check_kompas(loaded)
    if data_paths:
        from councilkit.data import open_data
        from councilkit.data.coverage import findings as coverage_findings

        findings += coverage_findings(loaded, open_data(data_paths))
    return findings


#: soort → checker. Proces and werkblad files will register here.
KINDS: dict[str, Callable[[Located, list[Path]], list[Finding]]] = {
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
    return CheckResult(kind=kind, file=located.file, findings=KINDS[kind](located, data_paths or []))
