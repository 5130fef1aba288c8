"""Bad input and a hostile machine: always one Dutch line and exit 2, never a hang, a traceback or a
half-written file (issue 7, "Robustness")."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BREDA

KOMPAS = BREDA / "kompas.yaml"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = KOMPAS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "kompas.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("naam: Solidariteit", 'naam: "Soli\\x07dariteit"', "stuurteken (U+0007)"),
        ("naam: Solidariteit", 'naam: "Soli\\u202edariteit"', "stuurteken (U+202E)"),
        ("waarde: 58}", "waarde: .nan}", "geen getal dat een document kan tonen"),
        ("waarde: 58}", "waarde: .inf}", "geen getal dat een document kan tonen"),
        ("waarde: 58}", "waarde: 1e400}", "geen getal dat een document kan tonen"),
        ("waarde: 58}", "waarde: 1" + "0" * 5000 + "}", "te groot (5001 cijfers)"),
    ],
)
def test_values_no_document_can_show_are_refused_at_load(
    tmp_path: Path, cli, old: str, new: str, expected: str
) -> None:
    kompas = _variant(tmp_path, old, new)
    for args in (("check", kompas), ("plan", kompas, "-o", tmp_path / "plan.docx")):
        result = cli(*args)
        assert result.code == 2, result
        assert expected in result.err and "kompas.yaml:" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "plan.docx").exists()


def test_fifo_and_device_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "kompas.yaml"
    os.mkfifo(fifo)
    for path, word in ((fifo, "named pipe"), (Path("/dev/zero"), "apparaat")):
        # A real process with a timeout: a hang is the failure this guards against.
        done = subprocess.run(
            [sys.executable, "-m", "councilkit", "check", str(path)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 2, done.stderr
        assert word in done.stderr and "Traceback" not in done.stderr


def test_oversized_input_is_refused_before_reading(tmp_path: Path, cli) -> None:
    big = tmp_path / "kompas.yaml"
    with open(big, "wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: no disk used
    result = cli("check", big)
    assert result.code == 2 and "te groot" in result.err


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "alleen-lezen"),
        (errno.ENOSPC, "schijf is vol"),
        (errno.EACCES, "geen toestemming"),
        (errno.EFBIG, "groter dan is toegestaan"),
    ],
)
def test_os_errors_while_writing_are_dutch_and_name_the_file(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("councilkit.files.os.replace", refuse)
    out = tmp_path / "plan.md"
    result = cli("plan", KOMPAS, "-o", out)
    assert result.code == 2, result
    assert result.err.startswith(f"fout: {out}: ") and words in result.err, result.err
    assert not out.exists()
    assert not list(tmp_path.glob(".plan.md.*")), "no temporary file is left behind"


def test_file_name_too_long_is_dutch(tmp_path: Path, cli) -> None:
    out = tmp_path / ("p" * 300 + ".md")
    result = cli("plan", KOMPAS, "-o", out)
    assert result.code == 2, result
    assert "bestandsnaam is te lang" in result.err


def test_file_size_limit_gives_one_dutch_line(tmp_path: Path) -> None:
    """A real RLIMIT_FSIZE in a child process: no traceback after the Dutch line."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
        "from councilkit.cli import main\n"
        f"sys.argv = ['councilkit', 'plan', {str(KOMPAS)!r}, '-o', {str(tmp_path / 'plan.docx')!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip().splitlines()[0]]
    assert "groter dan is toegestaan" in done.stderr
    assert not list(tmp_path.glob(".plan.docx.*"))


def test_stale_temporary_files_of_an_interrupted_run_are_removed(tmp_path: Path, cli) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".plan.md.{dead.pid}.abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    running = tmp_path / f".plan.md.{os.getppid()}.def456.tmp"  # a live process: left alone
    running.write_bytes(b"y")
    result = cli("plan", KOMPAS, "-o", tmp_path / "plan.md")
    assert result.code == 0, result
    assert not stale.exists()
    assert running.exists()


def test_sigterm_during_plan_leaves_no_temporary_file(tmp_path: Path) -> None:
    """`kill` (SIGTERM) mid-run: the temporary file is removed as for Ctrl-C."""
    code = (
        "import os, signal, sys\n"
        "import councilkit.render.markdown as m\n"
        "real = m.render_markdown\n"
        "def slow(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return real(*a, **k)\n"
        "m.render_markdown = slow\n"
        "from councilkit.cli import main\n"
        f"sys.argv = ['councilkit', 'plan', {str(KOMPAS)!r}, '-o', {str(tmp_path / 'plan.md')!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert list(tmp_path.iterdir()) == []
