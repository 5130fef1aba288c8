"""Checks a user needs before a plan is honest: stale dates, starter leftovers, unmeasured targets, input slips."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from councilkit.checks.kompas import check_kompas
from councilkit.model.kompas import Kompas
from councilkit.model.validate import validate
from councilkit.model.yamlload import parse_yaml
from tests.conftest import BREDA
from tests.test_check import BREDA_TEXT, line_of


def codes_on(text: str, today: datetime.date) -> list[tuple[str, int | None]]:
    located = parse_yaml(text, Path("kompas.yaml"))
    found = check_kompas(validate(Kompas, located), today=today)
    return [(finding.code, finding.line) for finding in found]


def test_a_period_that_began_years_ago_and_past_beslispunten_are_warned() -> None:
    # The same kompas, read three years after it was written.
    later = datetime.date(2030, 3, 1)
    found = codes_on(BREDA_TEXT, later)
    assert ("periode-al-begonnen", line_of(BREDA_TEXT, "van: 2027")) in found
    past = [line for code, line in found if code == "beslispunt-in-verleden"]
    assert line_of(BREDA_TEXT, "Het college stelt in 2027") in past
    assert line_of(BREDA_TEXT, "vanaf 2028 bekostigd") in past
    assert line_of(BREDA_TEXT, "subsidie voor 2027–2030") not in past, "a range into the future is not past"
    # Written now, the kompas is current.
    assert codes_on(BREDA_TEXT, datetime.date(2026, 11, 1)) == []


def test_a_target_in_a_year_without_measurement_is_warned(cli) -> None:
    # eenzaamheid is measured every four years: 2024 → 2028 is fine, 2024 → 2027 has no figure.
    text = BREDA_TEXT.replace(
        "nulmeting: {jaar: 2024, waarde: 12}\n    streefwaarde: {jaar: 2028, waarde: 10}",
        "nulmeting: {jaar: 2024, waarde: 12}\n    streefwaarde: {jaar: 2027, waarde: 10}",
    )
    found = codes_on(text, datetime.date(2026, 11, 1))
    line = line_of(text, "streefwaarde: {jaar: 2027, waarde: 10}")
    assert found == [("streefjaar-zonder-meting", line)]
    located = parse_yaml(text, Path("kompas.yaml"))
    message = check_kompas(validate(Kompas, located), today=datetime.date(2026, 11, 1))[0]
    assert "eens per vier jaar" in message.message and "2028" in message.hint


def test_starter_leftovers_are_warned_and_init_writes_no_fake_code(tmp_path: Path, cli) -> None:
    # A name on the official list gets its CBS code; an unknown name gets an empty code, never a made-up one.
    found = cli("init", tmp_path / "t", "--gemeente", "Tilburg")
    assert found.code == 0 and "GM0855" in found.out
    assert "code: GM0855" in (tmp_path / "t" / "kompas.yaml").read_text(encoding="utf-8")
    assert cli("init", tmp_path / "k", "--gemeente", "Voorbeeldstad").code == 0
    kompas = tmp_path / "k" / "kompas.yaml"
    text = kompas.read_text(encoding="utf-8")
    assert "GM0000" not in text and 'code: ""' in text
    result = cli("check", kompas)
    assert result.code == 2 and "gemeente.code" in result.err and "GM0758" in result.err

    assert cli("init", tmp_path / "k", "--gemeente", "Tilburg", "--code", "GM0855", "--force").code == 0
    text = kompas.read_text(encoding="utf-8")
    found = codes_on(text, datetime.date(2026, 11, 1))
    placeholder_lines = {line for code, line in found if code == "voorbeeldtekst"}
    assert line_of(text, "VOORBEELD — Wie het zelf") in placeholder_lines
    assert ("voorbeeldgetallen", line_of(text, "nulmeting:")) in found
    # Besides the examples only the law's topics, which a starter without themes leaves open.
    assert {code for code, _ in found} == {"voorbeeldtekst", "voorbeeldgetallen", "wettelijk-onderwerp-open"}
    # Once the writer replaced the examples, nothing else is left to warn about.
    own = text.replace("VOORBEELD — ", "").replace("waarde: 50}", "waarde: 41}")
    assert {code for code, _ in codes_on(own, datetime.date(2026, 11, 1))} == {"wettelijk-onderwerp-open"}


def test_decimal_comma_gets_use_a_point(tmp_path: Path, cli) -> None:
    for old, new in [
        ("nulmeting: {jaar: 2024, waarde: 12}", "nulmeting: {jaar: 2024, waarde: 12,5}"),
        ("nulmeting: {jaar: 2024, waarde: 12}", "nulmeting:\n      jaar: 2024\n      waarde: 12,5"),
    ]:
        path = tmp_path / "kompas.yaml"
        path.write_text(BREDA_TEXT.replace(old, new), encoding="utf-8")
        result = cli("check", path)
        assert result.code == 2, result
        assert "gebruik een punt: 12.5" in result.err and "Traceback" not in result.err


def test_office_files_are_named_for_what_they_are(tmp_path: Path, cli) -> None:
    docx = tmp_path / "kompas.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    renamed = tmp_path / "kompas.yaml"
    renamed.write_bytes(docx.read_bytes())
    for path in (docx, renamed):
        result = cli("check", path)
        assert result.code == 2
        assert "dit is een Word-document; een kompas is een YAML-tekstbestand" in result.err
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (tmp_path / "k.yaml").write_bytes(xlsx.getvalue())
    assert "Excel-bestand" in cli("check", tmp_path / "k.yaml").err
    (tmp_path / "k.pdf").write_bytes(b"%PDF-1.7\n...")
    assert "PDF-bestand" in cli("check", tmp_path / "k.pdf").err


def test_code_hint_shows_a_cbs_code_and_blocks_are_explained(tmp_path: Path, cli) -> None:
    path = tmp_path / "kompas.yaml"
    path.write_text(BREDA_TEXT.replace("code: GM0758", "code: breda"), encoding="utf-8")
    result = cli("check", path)
    assert result.code == 2 and "GM0758" in result.err and "zorg-dichtbij" not in result.err
    path.write_text(
        BREDA_TEXT.replace("periode:\n  van: 2027\n  tot: 2030", "periode: 2027"), encoding="utf-8"
    )
    result = cli("check", path)
    assert result.code == 2
    assert "blok met sleutels" in result.err and "'periode:' en daaronder '  van: …'" in result.err


def test_breda_example_is_current() -> None:
    assert (BREDA / "kompas.yaml").read_text(encoding="utf-8").count("van: 2027") == 1


def test_statutory_tasks_the_kompas_is_silent_on_are_open_and_unknown_ids_are_errors() -> None:
    today = datetime.date(2026, 11, 1)
    silent = BREDA_TEXT.replace("  wmo-taak-veilig-thuis: >-\n", "  wmo-taak-veilig-thuis-x: >-\n")
    found = codes_on(silent, today)
    assert ("taak-onbekend", line_of(silent, "wmo-taak-veilig-thuis-x:")) in found
    located = parse_yaml(silent, Path("kompas.yaml"))
    messages = {f.code: f for f in check_kompas(validate(Kompas, located), today=today)}
    assert messages["taak-onbekend"].hint == "bedoelt u 'wmo-taak-veilig-thuis'?"
    assert "Veilig Thuis en huiselijk geweld" in messages["wettelijke-taak-open"].message
    assert "Onafhankelijke cliëntondersteuning" not in messages["wettelijke-taak-open"].message


def test_plan_content_fields_round_trip() -> None:
    kompas = validate(Kompas, parse_yaml(BREDA_TEXT, Path("kompas.yaml"))).model
    assert kompas.vorig_plan is not None and kompas.vorig_plan.periode is not None
    assert kompas.vorig_plan.periode.tot == 2026
    assert kompas.participatie is not None and kompas.participatie.adviesraad
    assert kompas.financieel_kader is not None and kompas.financieel_kader.risicos[0].bedrag == 1500000
    assert (
        kompas.sturing is not None
        and [i.frequentie for i in kompas.sturing.instrumenten][1] == "eens per vier jaar"
    )
