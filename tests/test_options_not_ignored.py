"""An option that does nothing for the file or starter at hand is refused with a Dutch line and
exit 2, never silently dropped (`check --kompas` on a kompas, `init --soort proces --code`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BREDA

KOMPAS = BREDA / "kompas.yaml"
PROCES = BREDA / "proces-armoede.yaml"


def test_check_kompas_option_on_a_kompas_is_refused(cli) -> None:
    result = cli("check", KOMPAS, "--kompas", KOMPAS)
    assert result.code == 2
    assert result.err.startswith(
        f"fout: {KOMPAS}: --kompas hoort bij een procesbestand, maar dit bestand is een kompas"
    )
    assert "laat --kompas weg" in result.err and "Traceback" not in result.err
    assert "in orde" not in result.out


def test_check_data_option_on_a_proces_file_is_refused(cli, tmp_path: Path) -> None:
    result = cli("check", PROCES, "--data", tmp_path / "monitor.duckdb")
    assert result.code == 2
    assert (
        "--data hoort bij een kompas, maar dit bestand is een procesbestand — laat --data weg" in result.err
    )
    assert not (tmp_path / "monitor.duckdb").exists(), "refused before any store is opened"


def test_the_options_each_kind_uses_still_work(cli) -> None:
    assert cli("check", PROCES, "--kompas", KOMPAS).code == 0
    assert cli("check", KOMPAS).code == 0


@pytest.mark.parametrize(
    ("extra", "refused"),
    [
        (["--code", "GM0758"], "--code hoort niet bij een procesontwerp (proces.yaml)"),
        (["--domein", "jeugd"], "--domein hoort niet bij een procesontwerp (proces.yaml)"),
        (["--domein", "wmo"], "--domein hoort niet bij"),  # the default, but given: still meant for a kompas
        (["--code", "GM0758", "--domein", "jeugd"], "--code en --domein horen niet bij een procesontwerp"),
    ],
)
def test_init_proces_refuses_kompas_options(cli, tmp_path: Path, extra: list[str], refused: str) -> None:
    target = tmp_path / "dossier"
    result = cli("init", target, "--soort", "proces", "--gemeente", "Breda", *extra)
    assert result.code == 2
    assert result.err.startswith(f"fout: {refused}"), result.err
    assert "--soort kompas" in result.err
    assert not target.exists(), "nothing is written"


def test_init_kompas_refuses_onderwerp(cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "k", "--onderwerp", "Armoede")
    assert result.code == 2
    assert result.err.startswith(
        "fout: --onderwerp hoort niet bij een kompas — laat --onderwerp weg, of kies --soort proces"
    )


def test_init_proces_without_kompas_options_still_works(cli, tmp_path: Path) -> None:
    result = cli(
        "init", tmp_path / "dossier", "--soort", "proces", "--gemeente", "Breda", "--onderwerp", "Armoede"
    )
    assert result.code == 0, result
    assert (tmp_path / "dossier" / "proces.yaml").is_file()
