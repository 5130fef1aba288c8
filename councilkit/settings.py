"""Project settings a gemeente sets once: `councilkit.yaml` beside the kompas or in a folder above it.

House style (the Word reference document and a folder of own templates), the monitor data store and
a stricter disclosure threshold are the same for every document a gemeente makes, so they belong in
one file instead of on every command line. An option given on the command line always wins; paths
in the file are relative to the file's own folder, so the project can be moved or shared as a whole.

    # councilkit.yaml
    huisstijl:
      referentiedocument: huisstijl/gemeente.docx
      sjablonen: huisstijl/sjablonen
    data: [monitor/monitor.duckdb]
    onthulling:
      drempel: 10

The disclosure threshold can only be raised by this file, never lowered below the kompas's own
(CBS: 7): a shared setting must not make a document less safe than its kompas asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "councilkit.yaml"


@dataclass(frozen=True, repr=False)
class Settings:
    """The settings that apply to a run, with paths resolved; `file` is where they came from."""

    file: Path | None = None
    reference_doc: Path | None = None
    templates: Path | None = None
    data: tuple[Path, ...] = ()
    drempel: int | None = None


def find_settings(start: Path) -> Path | None:
    """`councilkit.yaml` in the folder of `start` or the nearest folder above it."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        path = candidate / SETTINGS_FILE
        if path.is_file():
            return path
    return None


def load_settings(inputs: Iterable[Path]) -> Settings:
    """The settings for a run on `inputs` (found from the first input); none found: empty settings."""
    first = next(iter(inputs), None)
    path = find_settings(Path(first)) if first is not None else None
    if path is None:
        return Settings()
    # Deferred: the file's model (pydantic) and the YAML reader only when there is a file to read;
    # most runs have none, and their start-up should not pay for the model.
    from councilkit.model.instellingen import Instellingen
    from councilkit.model.validate import load_model

    model = load_model(Instellingen, path, what="instellingenbestand").model
    base = path.parent

    def resolve(value: str | None) -> Path | None:
        return (base / value) if value else None

    return Settings(
        file=path,
        reference_doc=resolve(model.huisstijl.referentiedocument),
        templates=resolve(model.huisstijl.sjablonen),
        data=tuple(base / p for p in model.data),
        drempel=model.onthulling.drempel,
    )
