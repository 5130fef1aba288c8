"""`councilkit process`: the startnotitie (docx, html, md) and the calendar (ics) of the Breda process.

The calendar is read back with the icalendar library, as a calendar program would: every activity
with its local time in Europe/Amsterdam (the Breda process crosses the end of summer time on 29
October 2023), UIDs that survive a re-export, cancelled events that stay cancelled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from councilkit.model.proces import load_proces
from tests.conftest import BREDA
from tests.test_proces_check import PROCES, variant

AMS = ZoneInfo("Europe/Amsterdam")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def by_summary(found: dict[str, icalendar.Event]) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in found.values()}


@pytest.fixture(scope="module")
def breda_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from councilkit.cli import main

    out = tmp_path_factory.mktemp("startnotitie")
    paths = {}
    for fmt in ("md", "html", "docx", "ics"):
        paths[fmt] = out / f"armoede.{fmt}"
        with pytest.raises(SystemExit) as exit_info:
            main(["process", str(PROCES), "-o", str(paths[fmt]), "--kompas", str(BREDA / "kompas.yaml")])
        assert exit_info.value.code == 0
    return paths


# ------------------------------------------------------------------------------------------- ics


def test_ics_holds_every_activity_at_its_local_time(breda_outputs: dict[str, Path]) -> None:
    proces = load_proces(PROCES).model
    found = by_summary(events(breda_outputs["ics"]))
    activities = [act for _, _, _, act in proces.activiteiten()]
    assert len(found) == len(activities) == 11
    for act in activities:
        event = found[act.titel]
        start = event.decoded("DTSTART")
        if act.begin is None:
            assert start == act.datum and not isinstance(start, dt.datetime), act.id
            assert event.decoded("DTEND") == act.datum + dt.timedelta(days=1)
        else:
            assert start == dt.datetime.combine(act.datum, act.begin, tzinfo=AMS), act.id
            assert str(start.tzinfo) == "Europe/Amsterdam" or start.tzname() in ("CET", "CEST")
            assert event.decoded("DTEND") == dt.datetime.combine(act.datum, act.eind, tzinfo=AMS)
        assert event["STATUS"] == "CONFIRMED"


def test_ics_times_on_either_side_of_the_dst_change(breda_outputs: dict[str, Path]) -> None:
    found = by_summary(events(breda_outputs["ics"]))
    before = found["Stap 1: het veld over de keuzes in de discussienotitie"].decoded("DTSTART")
    after = found["Stap 2: debat over richtinggevende uitspraken"].decoded("DTSTART")
    # 26 October 2023 is still summer time (UTC+2), 9 November winter time (UTC+1): both 19:30 local.
    assert before.astimezone(dt.UTC) == dt.datetime(2023, 10, 26, 17, 30, tzinfo=dt.UTC)
    assert after.astimezone(dt.UTC) == dt.datetime(2023, 11, 9, 18, 30, tzinfo=dt.UTC)
    text = breda_outputs["ics"].read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Amsterdam" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20231026T193000" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20231109T193000" in text


def test_reexport_keeps_uids_and_counts_changes(cli, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert cli("process", PROCES, "-o", out).code == 0
    first = events(out)
    assert all(uid.endswith(".armoede-schuldhulp.breda@councilkit") for uid in first)
    assert cli("process", PROCES, "-o", out).code == 2, "no overwrite without --force"

    assert cli("process", PROCES, "-o", out, "--force").code == 0
    second = events(out)
    assert set(second) == set(first)
    assert all(int(e["SEQUENCE"]) == 0 for e in second.values()), "nothing changed, nothing counted"

    moved, _ = variant(
        tmp_path, ('datum: 2023-06-22\n        begin: "19:30"', 'datum: 2023-06-22\n        begin: "20:00"')
    )
    assert cli("process", moved, "-o", out, "--force").code == 0
    third = events(out)
    assert set(third) == set(first)
    changed = {uid for uid, e in third.items() if int(e["SEQUENCE"]) == 1}
    assert changed == {"expertmeeting-cijfers.armoede-schuldhulp.breda@councilkit"}
    assert third["expertmeeting-cijfers.armoede-schuldhulp.breda@councilkit"].decoded("DTSTART").hour == 20


def test_cancelled_activity_stays_cancelled(cli, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    assert cli("process", PROCES, "-o", out).code == 0
    cancelled, _ = variant(
        tmp_path, ("        vorm: werkbezoek\n", "        vorm: werkbezoek\n        geannuleerd: true\n")
    )
    uid = "werkbezoek-schuldhulp.armoede-schuldhulp.breda@councilkit"
    for expected_sequence in (1, 1):  # the second export changes nothing: no second bump
        assert cli("process", cancelled, "-o", out, "--force").code == 0
        event = events(out)[uid]
        assert event["STATUS"] == "CANCELLED"
        assert int(event["SEQUENCE"]) == expected_sequence
        assert "gaat niet door" in str(event["DESCRIPTION"])
    assert len(events(out)) == 11, "a cancelled activity stays in the calendar, as cancelled"


def test_ics_text_is_text(cli, tmp_path: Path) -> None:
    title = 'Avond; met, komma\'s en "aanhalingstekens" <script>alert(1)</script> [link](https://example.org)'
    path, _ = variant(tmp_path, ("titel: Werkbezoek schuldhulpverlening", "titel: " + json.dumps(title)))
    out = tmp_path / "agenda.ics"
    assert cli("process", path, "-o", out).code == 0
    event = events(out)["werkbezoek-schuldhulp.armoede-schuldhulp.breda@councilkit"]
    assert str(event["SUMMARY"]) == title
    assert "URL" not in event and "ATTACH" not in event


def test_undated_activity_is_left_out_and_said(cli, tmp_path: Path) -> None:
    path, _ = variant(tmp_path, ("        datum: 2023-09-14\n", ""))
    out = tmp_path / "agenda.ics"
    result = cli("process", path, "-o", out)
    assert result.code == 0, result
    assert "werkbezoek-schuldhulp" in result.err and "niet in de agenda" in result.err
    assert len(events(out)) == 10


# ------------------------------------------------------------------------------------- documents


def test_markdown_has_the_startnotitie(breda_outputs: dict[str, Path]) -> None:
    text = breda_outputs["md"].read_text(encoding="utf-8")
    proces = load_proces(PROCES).model
    for heading in (
        "## Aanleiding",
        "## Het procesontwerp in zeven punten",
        "## Planning",
        "## De vijf vragen",
    ):
        assert heading in text
    for number, naam in enumerate(
        ["Wie schrijft het procesontwerp", "Vaststellen van het procesontwerp", "Focus en reikwijdte"],
        start=1,
    ):
        assert f"### {number}. {naam}" in text
    for _, _, _, act in proces.activiteiten():
        assert act.titel in text
    assert "| 26 oktober 2023 | 19:30–22:00 |" in text
    assert "| 14 september 2023 | hele dag |" in text
    assert "| inwoners | 2. raadplegen |" in text
    assert "Leidend principe: De leefwereld van de inwoner is het vertrekpunt" in text, "names from --kompas"
    assert "Figuur 1: Planning Armoede en schuldhulpverlening" in text
    assert "| Beeldvorming |  | 1 mei 2023 | 30 september 2023 |" in text
    assert (
        "| Raad besluit over het beleidsplan armoede en schuldhulpverlening (besluit) | Besluitvorming |"
        in text
    )


def test_user_text_never_becomes_a_link_or_markup(cli, tmp_path: Path) -> None:
    hostile = "[klik hier](https://example.org) <b>vet</b> # geen kop"
    path, _ = variant(
        tmp_path,
        (
            "    communicatie: >-\n      Bij elke uitnodiging staat wat er met de inbreng gebeurt; na afloop horen "
            "deelnemers wat de raad\n      ermee gedaan heeft.",
            "    communicatie: " + json.dumps(hostile),
        ),
    )
    html = tmp_path / "s.html"
    result = cli("process", path, "-o", html)
    assert result.code == 0, result
    page = html.read_text(encoding="utf-8")
    assert 'href="https://example.org"' not in page and "<b>vet</b>" not in page
    assert "[klik hier](https://example.org) &lt;b&gt;vet&lt;/b&gt; # geen kop" in page
    docx_path = tmp_path / "s.docx"
    assert cli("process", path, "-o", docx_path).code == 0
    import docx

    document = docx.Document(str(docx_path))
    assert not document.part.rels or all(
        "example.org" not in rel.target_ref for rel in document.part.rels.values()
    )


def test_html_is_interactive_and_accessible(breda_outputs: dict[str, Path]) -> None:
    page = breda_outputs["html"].read_text(encoding="utf-8")
    assert '<html lang="nl' in page
    assert 'id="grafiek-1"' in page and "Plotly.newPlot" in page, "the timeline is interactive"
    assert 'role="img"' in page and "Tijdlijn van drie fasen" in page


@pytest.mark.browser
def test_html_passes_axe(breda_outputs: dict[str, Path]) -> None:
    from _render_sample import axe_in_chromium

    serious, headings = axe_in_chromium(breda_outputs["html"], wait_for="#grafiek-1 .main-svg")
    assert not serious, serious
    assert "Het procesontwerp in zeven punten" in headings


def test_docx_has_real_headings_a_described_picture_and_the_table(breda_outputs: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(breda_outputs["docx"]))
    headings = {(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert ("Heading 1", "Het procesontwerp in zeven punten") in {
        (s, re.sub(r"^\d+\s*", "", t)) for s, t in headings
    }
    assert any(s == "Heading 2" and "Beeldvorming" in t for s, t in headings)
    pictures = list(
        document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    )
    assert pictures, "the timeline is an image in Word (kaleido with Chromium)"
    assert all("Tijdlijn van drie fasen" in (p.get("descr") or "") for p in pictures)
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Beeldvorming", "", "1 mei 2023", "30 september 2023"] in rows, "the table beside the chart"
    decision = "Raad besluit over het beleidsplan armoede en schuldhulpverlening (besluit)"
    assert [decision, "Besluitvorming", "22 februari 2024", ""] in rows
    assert document.core_properties.language in ("nl-NL", "nl")


@pytest.mark.libreoffice
def test_docx_opens_in_libreoffice(breda_outputs: dict[str, Path], tmp_path: Path) -> None:
    from _render_sample import docx_to_pdf, pdf_text

    text = " ".join(pdf_text(docx_to_pdf(breda_outputs["docx"], tmp_path)).split())
    assert "Procesontwerp Armoede en schuldhulpverlening" in text
    for heading in (
        "Aanleiding",
        "Het procesontwerp in zeven punten",
        "Planning",
        "De vijf vragen van de informatiefase",
    ):
        assert heading in text
    # table cells wrap in the PDF, so look for what fits on one line
    for caption in (
        "Figuur 1: Planning Armoede en schuldhulpverlening",
        "Tabel 5: Activiteiten in de fase besluitvorming",
    ):
        assert caption in text
    assert "de raad besluit op 22 februari" in text


def test_concept_when_the_process_has_errors(cli, tmp_path: Path) -> None:
    path, _ = variant(
        tmp_path,
        (
            "        eigenaar: Agendacommissie\n        genodigden: [raadsleden, portefeuillehouder]\n        plaats: Stadhuis, raadzaal\n  - fase: besluitvorming",
            "        genodigden: [raadsleden, portefeuillehouder]\n        plaats: Stadhuis, raadzaal\n  - fase: besluitvorming",
        ),
    )
    out = tmp_path / "s.md"
    result = cli("process", path, "-o", out)
    assert result.code == 0
    assert "concept" in result.err
    text = out.read_text(encoding="utf-8")
    assert "Concept — het procesbestand bevat fouten" in text
    assert "activiteit 'richtinggevende-uitspraken' heeft geen eigenaar" in text
    assert "*geen eigenaar*" in text


def test_bad_output_and_bad_input(cli, tmp_path: Path) -> None:
    result = cli("process", PROCES, "-o", tmp_path / "s.xlsx")
    assert result.code == 2 and ".ics" in result.err
    path, _ = variant(tmp_path, ("datum: 2023-06-22", "datum: 2023-06-31"))
    result = cli("process", path, "-o", tmp_path / "a.ics")
    assert result.code == 2 and "2023-06-31 bestaat niet" in result.err
    assert not (tmp_path / "a.ics").exists()
