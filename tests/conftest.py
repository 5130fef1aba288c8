"""Shared test fixtures: the real CBS files in ../shared/research-data and the Breda example.

The research data is read where it lies (never copied into the project). CI always has ../shared;
only where it is absent do tests that need it skip, saying why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from councilkit.render.document import NO_LAYOUT_VARIABLE

# Writing a docx with a contents page runs LibreOffice (page numbers, preview picture) when it is
# installed: seconds per document. The suite writes many plans, so the step is off here; the tests of
# that step (tests/test_plan_draft.py) switch it on for one shared run per example.
os.environ.setdefault(NO_LAYOUT_VARIABLE, "0")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESEARCH_DATA = SHARED / "research-data"
BREDA = ROOT / "examples" / "breda"


@pytest.fixture(autouse=True, scope="session")
def _framework_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests keep the framework cache (`councilkit.model.shipped`) out of the user's home folder."""
    os.environ["COUNCILKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("framework-cache"))


@pytest.fixture
def research_data() -> Path:
    """Path to ../shared/research-data; skips (with the reason) where the shared folder is absent."""
    if not RESEARCH_DATA.is_dir():
        pytest.skip(f"../shared/research-data ontbreekt ({RESEARCH_DATA}); CI heeft deze map altijd")
    return RESEARCH_DATA


@pytest.fixture
def breda_kompas() -> Path:
    return BREDA / "kompas.yaml"


class CliResult:
    """What a user sees: exit code, standard output and standard error."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[:400]!r}, err={self.err[:400]!r})"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run the real `councilkit` entry point in-process and return a `CliResult`."""
    from councilkit.cli import main

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        try:
            main([str(arg) for arg in args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
