"""The Dutch enumeration every document and message uses (one rule, `councilkit.taal`)."""

from councilkit.taal import opsomming
from tests.conftest import BREDA


def test_opsomming_follows_dutch_usage() -> None:
    assert opsomming([]) == ""
    assert opsomming(["Breda"]) == "Breda"
    assert opsomming(["Breda", "Tilburg"]) == "Breda en Tilburg"
    assert opsomming(["2028", 2029, "2030"]) == "2028, 2029 en 2030"
    assert opsomming(["thuis", "op school"], "of") == "thuis of op school"


def test_plan_names_a_topic_answered_elsewhere_in_a_sentence(cli, tmp_path) -> None:
    """A theme that tags a topic answered by a requirement says where, as a sentence, not a label."""
    out = tmp_path / "plan.md"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out)
    assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    assert (
        "**Kwaliteit en toezicht**: dit onderwerp is uitgewerkt onder ‘Kwaliteitseisen (met toetsing)’."
        in text
    )
    assert "dit plan werkt dit uit in" not in text
