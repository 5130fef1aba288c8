"""Atomic output: no overwrite without --force, no half-written file, normal file permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from councilkit.errors import OutputExistsError
from councilkit.files import atomic_output, write_text_atomic


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    old = os.umask(0o022)
    try:
        write_text_atomic(target, "tekst")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "nieuw", force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "nieuw"


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("oud", encoding="utf-8")
    with pytest.raises(OutputExistsError) as info:
        write_text_atomic(target, "nieuw")
    assert "--force" in info.value.format()
    assert target.read_text(encoding="utf-8") == "oud"


def test_failure_midway_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("oud", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target, force=True) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("onderbroken")
    assert target.read_text(encoding="utf-8") == "oud"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.md"]
