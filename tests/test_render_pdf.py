"""PDF through headless LibreOffice: tagged, with bookmarks, the plan's text and a contents page whose
page numbers are the pages the headings are on; without LibreOffice a Dutch error with the install hint,
before any work; when the contents cannot be filled in, still a PDF by the plain conversion."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from _render_sample import assert_contents_match_pages, pdf_text, require

from tests.conftest import BREDA

pytestmark = pytest.mark.libreoffice


def test_breda_plan_as_tagged_pdf(tmp_path: Path, cli) -> None:
    require(shutil.which("soffice") is not None, "LibreOffice (apt: libreoffice-writer)")
    out = tmp_path / "plan.pdf"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out)
    assert result.code == 0, result
    import pypdf

    reader = pypdf.PdfReader(str(out))
    assert "/StructTreeRoot" in reader.trailer["/Root"], "a tagged (accessible) PDF"
    assert reader.outline, "bookmarks from the headings"
    text = pdf_text(out)
    assert "Wettelijk kader" in text and "Samen in de wijk" in text
    pages = [page.extract_text() or "" for page in reader.pages]
    assert_contents_match_pages(
        pages, ["1. Inleiding", "2. Wettelijk kader", "3. Thema 1: Samen in de wijk", "7. Financieel kader"]
    )


def test_pdf_without_libreoffice_is_a_dutch_error(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "plan.pdf"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out)
    assert result.code == 2
    assert "LibreOffice" in result.err and "apt install libreoffice-writer" in result.err
    assert not out.exists()


def test_plain_conversion_when_the_contents_cannot_be_filled_in(tmp_path: Path) -> None:
    """A LibreOffice that refuses the macro route still gives the PDF of `--convert-to`."""
    from councilkit.render.pdf import docx_to_pdf

    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *--convert-to*) for last; do :; done; '
        'printf "%%PDF-1.7 plain" > "$(dirname "$last")/document.pdf"; exit 0;; esac\n'
        "exit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    source = tmp_path / "document.docx"
    source.write_bytes(b"docx")
    pdf = docx_to_pdf(str(fake), source, tmp_path)
    assert pdf.read_bytes() == b"%PDF-1.7 plain"


def test_libreoffice_found_where_the_windows_installer_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Windows installer does not put soffice on the PATH; the program folder is looked in too."""
    from councilkit.render.document import find_libreoffice

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path))
    assert find_libreoffice() is None
    program = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    assert find_libreoffice() == str(program)


def test_a_libreoffice_that_hangs_leaves_no_process_behind(tmp_path: Path) -> None:
    """soffice is a launcher: on a time-out its office process (here: a child `sleep`) goes too."""
    import os

    from councilkit.errors import CouncilkitError
    from councilkit.render import pdf

    if os.name != "posix":
        pytest.skip("process groups are a POSIX matter")
    child = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f'#!/bin/sh\nsleep 60 &\necho $! > "{child}"\nwait\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    # four seconds: on a loaded machine the launcher must have started its office and said so first
    with pytest.raises(CouncilkitError, match="LibreOffice"):
        pdf._run([str(fake)], timeout=4)
    pid = int(child.read_text())
    state = Path(f"/proc/{pid}/stat")

    def gone() -> bool:
        try:
            return state.read_text().split(") ")[1].startswith("Z")
        except (FileNotFoundError, ProcessLookupError):
            return True

    # A SIGKILL is delivered when the kernel next schedules the process: on a loaded machine that
    # can take a moment, so wait a little — a process left behind would still run its 60 s sleep.
    import time

    deadline = time.monotonic() + 5
    while not gone() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(), "the office is gone"
