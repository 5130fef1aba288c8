"""The shipped examples check as their comments promise: Breda and Jeugd clean, Participatie honestly open."""

from __future__ import annotations

import json

from tests.conftest import BREDA

EXAMPLES = BREDA.parent


def _codes(cli, name: str) -> list[str]:
    result = cli("check", EXAMPLES / name / "kompas.yaml", "--format", "json")
    assert result.code == 0, result
    return [finding["code"] for finding in json.loads(result.out)["findings"]]


def test_breda_and_jeugd_check_clean(cli) -> None:
    assert _codes(cli, "breda") == []
    assert _codes(cli, "jeugd") == []


def test_participatie_names_what_it_leaves_open(cli) -> None:
    assert sorted(_codes(cli, "participatie")) == [
        "wettelijk-onderwerp-open",
        "wettelijk-onderwerp-open",
        "wettelijke-taak-open",
    ]
    text = (EXAMPLES / "participatie" / "kompas.yaml").read_text(encoding="utf-8")
    assert "Bewust nog open" in text, "the example says why it warns"
