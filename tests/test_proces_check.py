"""`councilkit check` on a proces.yaml: the Breda process checks clean, broken copies say what and where.

Every broken copy changes the Breda example in one place; the expected line is computed from the
changed text, so the tests follow the example when it is edited.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import BREDA

PROCES = BREDA / "proces-armoede.yaml"


def breda_text() -> str:
    return PROCES.read_text(encoding="utf-8")


def variant(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, str]:
    """A copy of the Breda process with each `old` (which must occur exactly once) replaced by `new`."""
    text = breda_text()
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the example"
        text = text.replace(old, new)
    path = tmp_path / "proces.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str, *, after: str | None = None) -> int:
    """1-based line of the first line containing `needle` (after the first line containing `after`)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def findings(cli, path: Path, *extra: object) -> tuple[int, list[dict]]:
    result = cli("check", path, "--format", "json", *extra)
    assert result.code in (0, 1), result
    return result.code, json.loads(result.out)["findings"]


def codes_at(found: list[dict]) -> set[tuple[str, int]]:
    return {(f["code"], f["line"]) for f in found}


# ----------------------------------------------------------------------------------------- clean


def test_breda_process_checks_clean(cli) -> None:
    result = cli("check", PROCES, "--strict")
    assert result.code == 0, result
    assert "in orde" in result.out


def test_breda_process_links_exist_in_the_breda_kompas(cli) -> None:
    assert cli("check", PROCES, "--kompas", BREDA / "kompas.yaml", "--strict").code == 0


def test_schema_beside_the_example_is_current() -> None:
    from councilkit.model.starter import schema_text

    assert (BREDA / "proces.schema.json").read_text(encoding="utf-8") == schema_text("proces")


# ---------------------------------------------------------------------- unreadable: exit 2


@pytest.mark.parametrize("written", ["2023-06-31", '"2023-06-31"'])
def test_impossible_date_is_exit_2_with_line(cli, tmp_path: Path, written: str) -> None:
    path, text = variant(tmp_path, ("datum: 2023-06-22", f"datum: {written}"))
    result = cli("check", path)
    assert result.code == 2, result
    assert f"{path}:{line_of(text, written)}" in result.err
    assert "2023-06-31 bestaat niet" in result.err
    assert "Traceback" not in result.err


def test_dutch_date_order_is_refused_not_guessed(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("datum: 2023-06-22", "datum: 22-06-2023"))
    result = cli("check", path)
    assert result.code == 2, result
    assert f":{line_of(text, '22-06-2023')}:" in result.err and "JJJJ-MM-DD" in result.err


def test_unknown_phase_name_is_exit_2_with_suggestion(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("- fase: beeldvorming", "- fase: beeldvormming"))
    result = cli("check", path)
    assert result.code == 2, result
    assert f"{path}:{line_of(text, 'beeldvormming')}" in result.err
    assert "onbekende fase 'beeldvormming'" in result.err and "bedoelt u 'beeldvorming'" in result.err


def test_impossible_time_is_exit_2(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path, ('begin: "19:30"\n        eind: "21:30"', 'begin: "25:30"\n        eind: "21:30"')
    )
    result = cli("check", path)
    assert result.code == 2, result
    assert f":{line_of(text, '25:30')}:" in result.err and "25:30 bestaat niet" in result.err


def test_unquoted_time_is_read_as_a_time_not_a_number(tmp_path: Path) -> None:
    from councilkit.model.proces import load_proces

    path, _ = variant(
        tmp_path, ('begin: "19:30"\n        eind: "21:30"', "begin: 19:30\n        eind: 21:30")
    )
    act = load_proces(path).model.fasen[0].activiteiten[1]
    assert (act.begin, act.eind) == (dt.time(19, 30), dt.time(21, 30))


# ------------------------------------------------------------------------------ findings: exit 1


def test_phase_ending_before_it_starts(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("tot: 2023-11-30", "tot: 2023-09-30"))
    code, found = findings(cli, path)
    assert code == 1
    assert ("periode-omgekeerd", line_of(text, "tot: 2023-09-30", after="fase: oordeelsvorming")) in codes_at(
        found
    )


def test_activity_ending_before_it_begins(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ('eind: "21:30"', 'eind: "18:00"'))
    code, found = findings(cli, path)
    assert code == 1
    assert ("eind-voor-begin", line_of(text, 'eind: "18:00"')) in codes_at(found)


def test_activity_outside_its_phase(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("datum: 2023-09-21", "datum: 2023-10-12"))
    code, found = findings(cli, path)
    assert code == 1
    hit = next(f for f in found if f["code"] == "activiteit-buiten-fase")
    assert hit["line"] == line_of(text, "datum: 2023-10-12")
    assert "rondetafel-ervaringen" in hit["message"] and "beeldvorming" in hit["message"]


def test_time_without_date(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("        datum: 2023-06-08\n", ""))
    code, found = findings(cli, path)
    assert code == 1
    assert (
        "tijd-zonder-datum",
        line_of(text, 'begin: "19:30"', after="presentatie-huidig-beleid"),
    ) in codes_at(found)


def test_activity_without_date_or_owner(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        ("        datum: 2023-09-14\n", ""),
        (
            "        eigenaar: Griffie\n        genodigden: [raadsleden]\n        toelichting:",
            "        toelichting:",
        ),
    )
    code, found = findings(cli, path)
    assert code == 1
    line = line_of(text, "id: werkbezoek-schuldhulp")
    assert {("activiteit-zonder-datum", line), ("activiteit-zonder-eigenaar", line)} <= codes_at(found)


def test_missing_element(cli, tmp_path: Path) -> None:
    text = breda_text()
    start = text.index("  afstemming:\n")
    end = text.index("\nparticipatie:")
    path = tmp_path / "proces.yaml"
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    code, found = findings(cli, path)
    assert code == 1
    hit = next(f for f in found if f["code"] == "element-ontbreekt")
    assert "element 7 (afstemming)" in hit["message"]
    assert hit["line"] == line_of(text, "elementen:")


def test_no_decision_moment(cli, tmp_path: Path) -> None:
    text = breda_text()
    last = text.rindex("        besluit: true\n")
    path = tmp_path / "proces.yaml"
    path.write_text(text[:last] + text[last + len("        besluit: true\n") :], encoding="utf-8")
    code, found = findings(cli, path)
    assert code == 1
    assert "geen-besluitmoment" in {f["code"] for f in found}


def test_cancelled_decision_is_no_decision(cli, tmp_path: Path) -> None:
    path, _ = variant(
        tmp_path,
        (
            "        besluit: true\n\ninformatievragen",
            "        besluit: true\n        geannuleerd: true\n\ninformatievragen",
        ),
    )
    code, found = findings(cli, path)
    assert code == 1 and "geen-besluitmoment" in {f["code"] for f in found}


def test_phases_out_of_order_and_missing_phase(cli, tmp_path: Path) -> None:
    path, text = variant(tmp_path, ("- fase: oordeelsvorming", "- fase: besluitvorming"))
    code, found = findings(cli, path)
    assert code == 1
    found_codes = codes_at(found)
    assert ("fase-ontbreekt", text.splitlines().index("fasen:") + 1) in found_codes
    assert (
        "fase-dubbel",
        line_of(text, "- fase: besluitvorming", after="- fase: besluitvorming"),
    ) in found_codes


def test_phases_in_the_wrong_order(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        ("- fase: beeldvorming", "- fase: TIJDELIJK"),
        ("- fase: oordeelsvorming", "- fase: beeldvorming"),
        ("- fase: TIJDELIJK", "- fase: oordeelsvorming"),
    )
    code, found = findings(cli, path)
    assert code == 1
    assert ("fasen-volgorde", line_of(text, "- fase: beeldvorming")) in codes_at(found)


def test_unexplained_gap_and_overlap_are_warnings(cli, tmp_path: Path) -> None:
    text = breda_text()
    start = text.index("    aansluiting: >-")
    end = text.index("    doel: Het raadsvoorstel")
    gap = tmp_path / "gat.yaml"
    gap.write_text(text[:start] + text[end:], encoding="utf-8")
    code, found = findings(cli, gap)
    assert code == 0, "a gap is a warning, not an error"
    hit = next(f for f in found if f["code"] == "gat-tussen-fasen")
    assert hit["level"] == "waarschuwing" and hit["line"] == line_of(text, "van: 2024-01-08")
    assert cli("check", gap, "--strict").code == 1

    path, text = variant(tmp_path, ("van: 2023-10-01", "van: 2023-09-25"))
    code, found = findings(cli, path)
    assert ("fasen-overlappen", line_of(text, "van: 2023-09-25")) in codes_at(found)


def test_holiday_school_holiday_recess_warnings(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        ("datum: 2023-06-08", "datum: 2023-05-18"),  # Hemelvaartsdag
        ("datum: 2023-10-26", "datum: 2023-10-19"),  # herfstvakantie regio zuid
        (
            "  - naam: zomerreces",
            "  - naam: werkreces\n    van: 2023-06-20\n    tot: 2023-06-23\n  - naam: zomerreces",
        ),
    )
    code, found = findings(cli, path)
    assert code == 0
    by_code = {f["code"]: f for f in found}
    assert by_code["feestdag"]["line"] == line_of(text, "datum: 2023-05-18")
    assert "Hemelvaartsdag" in by_code["feestdag"]["message"]
    assert by_code["schoolvakantie"]["line"] == line_of(text, "datum: 2023-10-19")
    assert "herfstvakantie (regio zuid)" in by_code["schoolvakantie"]["message"]
    assert by_code["reces"]["line"] == line_of(text, "datum: 2023-06-22")
    assert "werkreces" in by_code["reces"]["message"]


def test_cancelled_activity_gets_no_calendar_warning(cli, tmp_path: Path) -> None:
    path, _ = variant(
        tmp_path,
        ("datum: 2023-06-08", "datum: 2023-05-18\n        geannuleerd: true"),
    )
    _, found = findings(cli, path)
    assert "feestdag" not in {f["code"] for f in found}


def test_decision_around_the_elections(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        ("van: 2024-01-08\n    tot: 2024-02-29", "van: 2024-01-08\n    tot: 2026-04-30"),
        ("datum: 2024-02-22", "datum: 2026-04-09"),
    )
    _, found = findings(cli, path)
    hit = next(f for f in found if f["code"] == "verkiezingen")
    assert hit["line"] == line_of(text, "datum: 2026-04-09")
    assert "18 maart 2026" in hit["message"]


def test_election_days_are_computed() -> None:
    from councilkit.checks.proces import verkiezingsdag, verkiezingsperiode

    assert verkiezingsdag(2022) == dt.date(2022, 3, 16)
    assert verkiezingsdag(2026) == dt.date(2026, 3, 18)
    assert verkiezingsdag(2030) == dt.date(2030, 3, 20)
    assert verkiezingsdag(2027) is None
    assert verkiezingsperiode(dt.date(2030, 6, 1)) == dt.date(2030, 3, 20)
    assert verkiezingsperiode(dt.date(2029, 12, 1)) is None
    assert verkiezingsperiode(dt.date(2024, 2, 22)) is None


def test_participation_without_role_or_question(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        ("    trede: raadplegen\n", ""),
        ("    vraag: >-\n      Hoe kijkt u", "    toelichting_: >-\n      Hoe kijkt u"),
    )
    result = cli("check", path)
    assert result.code == 2 and "onbekende sleutel 'toelichting_'" in result.err, "typos stay load errors"
    path, text = variant(tmp_path, ("    trede: raadplegen\n", ""))
    _, found = findings(cli, path)
    assert ("deelnemer-zonder-rol", line_of(text, "- groep: inwoners")) in codes_at(found)


def test_unknown_references(cli, tmp_path: Path) -> None:
    path, text = variant(
        tmp_path,
        (
            "activiteiten: [rondetafel-ervaringen, werkbezoek-schuldhulp]",
            "activiteiten: [rondetafel-ervaring]",
        ),
        ("resultaten: [goede-toegang]", "resultaten: [goede-toegan]"),
    )
    code, found = findings(cli, path, "--kompas", BREDA / "kompas.yaml")
    assert code == 1
    assert ("verwijzing-onbekend", line_of(text, "rondetafel-ervaring]")) in codes_at(found)
    hit = next(f for f in found if f["code"] == "kompas-verwijzing-onbekend")
    assert hit["line"] == line_of(text, "goede-toegan]") and "goede-toegang" in hit["hint"]
    code, found = findings(cli, path)
    assert "kompas-verwijzing-onbekend" not in {f["code"] for f in found}, "only checked with --kompas"


# ------------------------------------------------------------------------------------------ init


def test_init_proces_starter_checks_with_a_todo_list(cli, tmp_path: Path) -> None:
    result = cli(
        "init",
        tmp_path / "nieuw",
        "--soort",
        "proces",
        "--gemeente",
        "'s-Hertogenbosch",
        "--onderwerp",
        "Jeugdhulp",
    )
    assert result.code == 0, result
    proces = tmp_path / "nieuw" / "proces.yaml"
    text = proces.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=proces.schema.json"
    assert 'gemeente: "\'s-Hertogenbosch"' in text
    schema = json.loads((tmp_path / "nieuw" / "proces.schema.json").read_text(encoding="utf-8"))
    assert {"fasen", "elementen", "participatie"} <= set(schema["properties"])
    code, found = findings(cli, proces)
    assert code == 1, "an unanswered starter is not silently fine"
    found_codes = {f["code"] for f in found}
    assert found_codes >= {"aanleiding-ontbreekt", "element-ontbreekt"}
    # the proposed dates avoid holidays and fall in their phases: no planning findings
    assert not found_codes & {
        "feestdag",
        "schoolvakantie",
        "activiteit-buiten-fase",
        "gat-tussen-fasen",
        "fasen-overlappen",
        "geen-besluitmoment",
        "activiteit-zonder-datum",
        "activiteit-zonder-eigenaar",
    }
    assert sum(1 for f in found if f["code"] == "element-ontbreekt") == 7


def test_init_proces_without_onderwerp_or_gemeente_says_so(cli, tmp_path: Path) -> None:
    assert cli("init", tmp_path, "--soort", "proces").code == 0
    text = (tmp_path / "proces.yaml").read_text(encoding="utf-8")
    assert "Voorbeeldstad" not in text, "no made-up gemeente in a process"
    _, found = findings(cli, tmp_path / "proces.yaml")
    assert {"onderwerp-ontbreekt", "gemeente-ontbreekt"} <= {f["code"] for f in found}


@pytest.mark.parametrize("today", [dt.date(2025, 11, 3), dt.date(2026, 6, 15), dt.date(2027, 12, 1)])
def test_starter_dates_stay_inside_their_phases(today: dt.date, tmp_path: Path) -> None:
    from councilkit.checks.proces import check_proces
    from councilkit.documents.starter import proces_starter_text
    from councilkit.model.proces import Proces
    from councilkit.model.validate import validate
    from councilkit.model.yamlload import parse_yaml

    text = proces_starter_text(gemeente="Breda", onderwerp="Test", today=today)
    loaded = validate(Proces, parse_yaml(text, tmp_path / "proces.yaml"))
    planning = {
        "activiteit-buiten-fase",
        "gat-tussen-fasen",
        "fasen-overlappen",
        "feestdag",
        "schoolvakantie",
    }
    assert not {f.code for f in check_proces(loaded)} & planning


def test_time_skipped_by_summer_time(tmp_path: Path) -> None:
    from councilkit.checks.proces import check_proces
    from councilkit.model.proces import load_proces

    # 31 March 2024: clocks go from 02:00 to 03:00, so 02:30 does not exist in Dutch time
    path, text = variant(
        tmp_path,
        ("van: 2024-01-08\n    tot: 2024-02-29", "van: 2024-01-08\n    tot: 2024-03-31"),
        ('datum: 2024-01-25\n        begin: "19:30"', 'datum: 2024-03-31\n        begin: "02:30"'),
    )
    found = {(f.code, f.line) for f in check_proces(load_proces(path))}
    assert ("tijd-bestaat-niet", line_of(text, 'begin: "02:30"')) in found
