"""Bad kompas input: every case gets exit 2 and one Dutch line `fout: BESTAND:REGEL: …` — no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BREDA

VALID = """\
gemeente: {naam: Breda, code: GM0758}
domein: wmo
periode: {van: 2024, tot: 2027}
waarden:
  - id: solidariteit
    naam: Solidariteit
"""


def write(tmp_path: Path, text: str | bytes, name: str = "kompas.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def assert_one_dutch_error(result, path: Path, line: int | None, *words: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    expected = f"fout: {path}:{line}" if line is not None else f"fout: {path}"
    assert lines[0].startswith(expected), lines[0]
    assert " — " in lines[0], "every error says what to do"
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_yaml_syntax_error(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID + "leidende_principes:\n  - id: x\n    naam: a: b\n")
    assert_one_dutch_error(cli("check", path), path, 9, "dubbele punt")


def test_tab_indentation(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID + "\tnaam: Tab\n")
    assert_one_dutch_error(cli("check", path), path, 7, "tab")


def test_duplicate_key(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID + "domein: jeugd\n")
    assert_one_dutch_error(cli("check", path), path, 7, "'domein'", "twee keer", "regel 2")


def test_unknown_key_suggests_nearest(tmp_path: Path, cli) -> None:
    path = write(
        tmp_path,
        VALID + "leidende_principes:\n  - id: dichtbij\n    naam: Dichtbij\n    onderbouwig: omdat\n",
    )
    assert_one_dutch_error(cli("check", path), path, 10, "onbekende sleutel 'onderbouwig'", "'onderbouwing'")


def test_wrong_type(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID.replace("van: 2024", "van: twintig"))
    assert_one_dutch_error(cli("check", path), path, 3, "periode.van", "geheel getal")


def test_empty_file(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "# alleen commentaar\n\n")
    assert_one_dutch_error(cli("check", path), path, None, "leeg", "councilkit init")


def test_not_utf8(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID.encode() + "  - id: zorg\n    naam: Cliënt\n".encode("cp1252"))
    assert_one_dutch_error(cli("check", path), path, 8, "UTF-8")


def test_alias_bomb_is_refused(tmp_path: Path, cli) -> None:
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    path = write(tmp_path, "\n".join(levels) + "\n")
    # How fast it is refused is measured in benchmarks/bench_input.py (no timings in tests).
    assert_one_dutch_error(cli("check", path), path, None, "verwijzingen")


def test_directory(tmp_path: Path, cli) -> None:
    assert_one_dutch_error(cli("check", tmp_path), tmp_path, None, "map")


def test_missing_path(tmp_path: Path, cli) -> None:
    path = tmp_path / "bestaat-niet.yaml"
    assert_one_dutch_error(cli("check", path), path, None, "niet gevonden")


def test_missing_required_field_names_the_block(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID.replace("domein: wmo\n", ""))
    assert_one_dutch_error(cli("check", path), path, 1, "verplicht veld 'domein'")


def test_unknown_choice_lists_the_options(tmp_path: Path, cli) -> None:
    path = write(tmp_path, VALID.replace("domein: wmo", "domein: zorg"))
    assert_one_dutch_error(cli("check", path), path, 2, "'domein'", "'wmo'")


def test_list_instead_of_mapping(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "- een\n- twee\n")
    assert_one_dutch_error(cli("check", path), path, 1, "sleutels")


@pytest.mark.parametrize("code", ["758", "GM758", "gm0758"])
def test_bad_municipality_code(tmp_path: Path, cli, code: str) -> None:
    path = write(tmp_path, VALID.replace("GM0758", code))
    assert_one_dutch_error(cli("check", path), path, 1, "gemeente.code")


def test_unknown_file_kind(tmp_path: Path, cli) -> None:
    path = write(tmp_path, "soort: begroting\n" + VALID)
    assert_one_dutch_error(cli("check", path), path, 1, "onbekende soort", "kompas")


def test_breda_example_is_readable_as_is(cli) -> None:
    result = cli("check", BREDA / "kompas.yaml")
    assert result.code == 0, result
    assert "in orde" in result.out


def test_misspelt_required_key_reports_the_typo(tmp_path: Path, cli) -> None:
    text = VALID.replace("    naam: Solidariteit\n", "    nam: Solidariteit\n")
    path = write(tmp_path, text)
    assert_one_dutch_error(cli("check", path), path, 6, "onbekende sleutel 'nam'", "'naam'")
