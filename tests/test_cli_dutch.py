"""Everything a person reads is Dutch: help texts and usage errors of every command, no tracebacks."""

from __future__ import annotations

import re

import pytest

from councilkit.cli import COMMANDS
from councilkit.cli import cli as root

ENGLISH = re.compile(
    r"\b(Usage|Options|Commands|Show this message|Show the version|required|default|Error|Missing|"
    r"No such|Invalid value|Try '|Got unexpected|is not one of)\b"
)


def all_command_paths() -> list[list[str]]:
    import click

    paths: list[list[str]] = [[]]
    for name in COMMANDS:
        command = root.get_command(click.Context(root), name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in command.commands)
    return paths


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p) or "councilkit")
def test_help_is_dutch(cli, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.code == 0, result
    assert result.out.startswith("Gebruik: councilkit")
    assert not ENGLISH.search(result.out), ENGLISH.search(result.out)


@pytest.mark.parametrize(
    "args",
    [
        ["nope"],
        ["check"],
        ["check", "kompas.yaml", "--bla"],
        ["check", "kompas.yaml", "--format", "xml"],
        ["plan", "kompas.yaml"],
        ["data", "show"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_dutch_line(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fout: "), result.err
    assert "--help" in lines[0], "says where to look"
    assert not ENGLISH.search(lines[0]), lines[0]
