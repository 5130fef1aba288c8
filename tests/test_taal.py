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


def test_a_month_written_in_a_long_date_is_read_back_as_that_month_of_a_period() -> None:
    """One list of month names serves the long date of a document and the periods of an export."""
    import datetime

    from councilkit.data.normalize import parse_period
    from councilkit.render.nl import datum
    from councilkit.taal import MAANDEN

    for month in range(1, 13):
        written = datum(datetime.date(2024, month, 1))  # "1 maart 2024"
        name = written.split()[1]
        assert name == MAANDEN[month - 1]
        parsed = parse_period(f"2024 {name}")
        assert parsed is not None and parsed.periode == f"2024MM{month:02d}"
