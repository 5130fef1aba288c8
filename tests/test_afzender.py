"""Who a document says wrote it: one rule (`pipeline.afzender`) for the beleidsplan, the annual
report and the startnotitie, so `--auteur` and the gemeente land in the same properties everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BREDA, ROOT


def _request(inputs: tuple[Path, ...], output: str, data: tuple[Path, ...] = (), **options: object):
    from councilkit.documents.pipeline import Request

    return Request(inputs=inputs, output=Path(output), data=data, options=options)


@pytest.mark.parametrize("auteur", [None, "Team Sociaal Domein"])
def test_plan_and_report_name_the_gemeente_and_the_given_author(auteur: str | None) -> None:
    from councilkit.documents import plan, report

    extra = {"auteur": auteur} if auteur else {}
    built_plan = plan.build(_request((BREDA / "kompas.yaml",), "plan.md", **extra))
    almere = ROOT / "examples" / "almere"
    built_report = report.build(
        _request((almere / "kompas.yaml",), "verslag.md", (almere / "cijfers.csv",), jaar=2024, **extra)
    )
    assert (built_plan.meta.organisatie, built_report.meta.organisatie) == (
        "Gemeente Breda",
        "Gemeente Almere",
    )
    assert built_plan.meta.auteur == (auteur or "Gemeente Breda")
    assert built_report.meta.auteur == (auteur or "Gemeente Almere")


def test_startnotitie_without_gemeente_is_the_griffie() -> None:
    from councilkit.documents.pipeline import afzender

    assert afzender(None, "", zonder_gemeente="Griffie") == ("Griffie", "")
    assert afzender(None, "Breda", zonder_gemeente="Griffie") == ("Gemeente Breda", "Gemeente Breda")
    assert afzender(_request((), "x.md", auteur="Griffie Breda"), "Breda") == (
        "Griffie Breda",
        "Gemeente Breda",
    )


def test_startnotitie_names_its_gemeente() -> None:
    from councilkit.documents import process

    built = process.build(_request((BREDA / "proces-armoede.yaml",), "startnotitie.md"))
    assert built.meta.organisatie == "Gemeente Breda" and built.meta.auteur == "Gemeente Breda"
