"""The built wheel carries frameworks/ and templates/ and runs the Breda check in a clean virtualenv."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BREDA, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("councilkit-*.whl")
    return built


def test_wheel_ships_frameworks_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {name.split("/", 1)[1] for name in names if name.startswith("councilkit/")}
    for path in (ROOT / "frameworks").rglob("*.yaml"):
        assert f"frameworks/{path.relative_to(ROOT / 'frameworks').as_posix()}" in shipped
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"templates/{path.relative_to(ROOT / 'templates').as_posix()}" in shipped


def test_wheel_runs_the_breda_check_in_a_clean_virtualenv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True)
    work = tmp_path / "elders"
    work.mkdir()
    (work / "kompas.yaml").write_text((BREDA / "kompas.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [str(venv / "bin" / "councilkit"), "check", "kompas.yaml", "--strict"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "in orde" in result.stdout
    location = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import councilkit.resources as r; print(r.frameworks_dir())"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in location, "frameworks come from the installed wheel, not from the checkout"
