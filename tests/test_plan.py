"""`councilkit plan`: the Breda example as a draft beleidsplan in docx, HTML and Markdown.

The documents are checked the way their readers meet them: the docx is opened by LibreOffice and
read back as PDF text, its structure (heading styles, TOC field, language, repeated table header
rows, alt text) is read with python-docx, and the HTML goes through axe-core in Chromium. The bad-
input contract (concept with findings, Dutch errors, --force, atomic writes) is tested via the CLI.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from councilkit.model.kompas import load_kompas
from tests.conftest import BREDA

BREDA_KOMPAS = BREDA / "kompas.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Chapter headings every plan has, whatever the kompas.
HEADINGS = [
    "Samenvatting",
    "Inleiding",
    "Wettelijk kader",
    "Sturen op resultaten",
    "Financieel kader",
    "Bijlage A. Van waarde tot kwaliteitseis",
]


def run_cli(*args: object) -> tuple[int, str]:
    """Run the real entry point in-process (for module-scoped fixtures, where capsys is unavailable)."""
    import contextlib
    import io

    from councilkit.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def section(markdown: str, title: str) -> str:
    """The text under the first heading that ends with `title`, up to the next heading of its level."""
    lines = markdown.splitlines()
    for start, line in enumerate(lines):
        if line.startswith("#") and line.rstrip().endswith(title):
            level = len(line) - len(line.lstrip("#"))
            end = next(
                (
                    i
                    for i in range(start + 1, len(lines))
                    if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level
                ),
                len(lines),
            )
            return "\n".join(lines[start + 1 : end])
    raise AssertionError(f"no heading ending with {title!r}")


def squash(text: str) -> str:
    """Whitespace-normalised text, so line breaks in PDF or table cells do not split a phrase."""
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture(scope="module")
def breda_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("plan")
    plans = {}
    for suffix in ("docx", "html", "md"):
        target = out / f"breda-beleidsplan.{suffix}"
        code, err = run_cli("plan", BREDA_KOMPAS, "-o", target)
        assert code == 0, err
        plans[suffix] = target
    return plans


@pytest.fixture(scope="module")
def breda_model():
    return load_kompas(BREDA_KOMPAS).model


def breda_variant(tmp_path: Path, change) -> Path:
    """The Breda kompas with `change(data)` applied to its parsed YAML, written to `tmp_path`."""
    import yaml

    data = yaml.safe_load(BREDA_KOMPAS.read_text(encoding="utf-8"))
    change(data)
    return write_kompas(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def write_kompas(tmp_path: Path, text: str, name: str = "kompas.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------- Markdown


def test_markdown_has_every_part_of_a_real_plan(breda_plans: dict[str, Path], breda_model) -> None:
    text = breda_plans["md"].read_text(encoding="utf-8")
    flat = squash(text)
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    for heading in HEADINGS:
        assert any(heading in h for h in headings), heading
    for number, thema in enumerate(breda_model.themas, start=1):
        assert any(h.endswith(f"Thema {number}: {thema.naam}") for h in headings), thema.naam
        for beslispunt in thema.beslispunten:
            assert squash(beslispunt) in flat
    for result in breda_model.maatschappelijke_resultaten:
        assert squash(result.omschrijving) in flat, result.id
    for principe in breda_model.leidende_principes:
        assert squash(principe.onderbouwing) in flat
    # Figures in Dutch notation: percentages, days, money with thousands separators.
    assert "58% (2024)" in text and "70% (2028)" in text
    assert "52 dagen (2025)" in text
    assert "€\u00a04.200.000" in text and "€\u00a0243.400.000" in text, "budget per thema and grand total"
    # Reporting calendar: annual reports, mid-term and end evaluation from `sturing`.
    assert "| 2028 | Tussenevaluatie |" in text
    assert "| 2030 | Eindevaluatie |" in text
    assert "| 2028 | Jaarrapportage | resultaten over 2027 |" in text
    assert "Tabel: Traceerbaarheid van waarde tot kwaliteitseis" in text
    assert "Concept." not in text, "a clean kompas gives no concept marker"


def test_markdown_wettelijk_kader_lists_every_topic_of_the_law(breda_plans: dict[str, Path]) -> None:
    from councilkit.checks.legal import legal_coverage
    from councilkit.model.frameworks import load_wetten

    text = breda_plans["md"].read_text(encoding="utf-8")
    kader = section(text, "Onderwerpen van het beleidsplan")
    wet = load_wetten().by_id()["wmo"]
    kompas = load_kompas(BREDA_KOMPAS).model
    coverage = {c.id: c for c in legal_coverage(kompas)}
    # Topics the plan's own chapters answer (reporting calendar, quality requirements with toetsing).
    assert coverage["wmo-plan-controle-raad"].uitgewerkt
    assert coverage["wmo-plan-kwaliteit"].uitgewerkt
    # Breda says how its access theme answers cliëntervaring (a tag alone would not count: see
    # tests/test_legal_coverage.py, case breda-genoemd-zonder-hoe).
    assert coverage["wmo-plan-clientervaring"].uitgewerkt
    assert coverage["wmo-plan-clientervaring"].hoe
    rows = [line for line in kader.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(wet.beleidsplan)
    for topic, row in zip(wet.beleidsplan, rows, strict=True):
        assert row.startswith(f"| {topic.onderwerp}")
        assert ("nog niet uitgewerkt" in row) == (not coverage[topic.id].uitgewerkt), row


def test_unaddressed_topic_shows_nog_niet_uitgewerkt(tmp_path: Path) -> None:
    from councilkit.model.frameworks import load_wetten

    topics = load_wetten().by_id()["wmo"].beleidsplan
    first, second = topics[0], topics[1]

    def only_first_topic(data: dict) -> None:
        for thema in data["themas"]:
            thema["wettelijke_onderwerpen"] = []
        data["themas"][0]["wettelijke_onderwerpen"] = [first.id]
        data["themas"][0]["uitwerking"] = {
            first.id: "Wijkteams en buurthuizen werken samen aan veilige wijken."
        }

    kompas = breda_variant(tmp_path, only_first_topic)
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", kompas, "-o", out)
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    row_first = next(line for line in md.splitlines() if line.startswith(f"| {first.onderwerp} |"))
    row_second = next(line for line in md.splitlines() if line.startswith(f"| {second.onderwerp} |"))
    assert "Thema 1: Samen in de wijk" in row_first and "nog niet uitgewerkt" not in row_first
    bullet = next(line for line in md.splitlines() if line.startswith(f"- **{first.onderwerp}**"))
    assert bullet.endswith("Wijkteams en buurthuizen werken samen aan veilige wijken."), bullet
    assert row_second.endswith("| **nog niet uitgewerkt** |")
    open_rows = [line for line in md.splitlines() if line.endswith("| **nog niet uitgewerkt** |")]
    from councilkit.render.nl import telwoord

    count = telwoord(len(open_rows)).capitalize()
    assert f"{count} van de {len(topics)} onderwerpen zijn in dit plan nog niet uitgewerkt" in md
    assert "wettelijke onderwerpen zijn nog niet uitgewerkt" in err, "the CLI says so too"


def test_unlinked_items_are_marked_and_orphan_results_kept(tmp_path: Path) -> None:
    def orphans(data: dict) -> None:
        # A value no principle serves, and a result that no theme carries.
        data["waarden"].insert(0, {"id": "rechtvaardigheid", "naam": "Rechtvaardigheid"})
        thema = next(t for t in data["themas"] if "goede-toegang" in t["resultaten"])
        thema["resultaten"].remove("goede-toegang")

    kompas = breda_variant(tmp_path, orphans)
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", kompas, "-o", out)
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    overige = section(md, "6. Overige resultaten")
    assert "Meer cliënten vinden dat ze snel en goed geholpen zijn" in overige
    assert (
        "| Rechtvaardigheid | *niet gekoppeld* | *niet gekoppeld* | *niet gekoppeld* | *niet gekoppeld* |"
        in md
    )
    assert "Waarde ‘Rechtvaardigheid’ wordt door geen leidend principe gediend." in md
    assert "hoort bij geen thema en staat onder ‘Overige resultaten’" in md


def test_kompas_with_errors_gives_concept_and_findings_for_the_writer(tmp_path: Path) -> None:
    from councilkit.checks.kompas import check_kompas

    def dangling(data: dict) -> None:
        data["maatschappelijke_resultaten"][0]["principes"] = ["bestaat-niet"]

    kompas = breda_variant(tmp_path, dangling)
    errors = [f for f in check_kompas(load_kompas(kompas)) if f.level == "fout"]
    assert errors, "the edit must produce at least one error"
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", kompas, "-o", out)
    assert code == 0, "a draft is still written"
    assert "het plan is gemarkeerd als concept" in err
    md = out.read_text(encoding="utf-8")
    head = md.split("Samenvatting", 1)[0]
    assert "**Concept.**" in head
    # The findings are instructions for the writer: on the terminal, not in the council text.
    for finding in errors:
        assert squash(finding.message) in squash(err)
        assert squash(finding.message) not in squash(md)


# ------------------------------------------------------------------------------------------- docx


def test_docx_structure(breda_plans: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(breda_plans["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    names = [text for _, text in headings]
    assert ("Heading 1", "Samenvatting") in headings
    assert any(style == "Heading 1" and text.endswith("Wettelijk kader") for style, text in headings)
    assert any(style == "Heading 2" and text.endswith("Onze koers") for style, text in headings)
    for heading in HEADINGS:
        assert any(heading in name for name in names), heading

    body = document.element.body
    instr = " ".join(el.text or "" for el in body.iter(f"{W}instrText"))
    assert "TOC" in instr, "a table of contents field"

    with zipfile.ZipFile(breda_plans["docx"]) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert 'w:val="nl-NL"' in styles, "the document language is Dutch"
    assert document.core_properties.language in ("nl-NL", "nl")
    assert document.core_properties.title

    assert len(document.tables) >= 8
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None, "header row repeats on each page"
    pictures = list(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    )
    for picture in pictures:
        assert (picture.get("descr") or "").strip(), "every picture has alt text"


# ------------------------------------------------------------------------------------------- HTML


def test_html_is_a_complete_dutch_page(breda_plans: dict[str, Path], breda_model) -> None:
    html = breda_plans["html"].read_text(encoding="utf-8")
    assert '<html lang="nl' in html
    assert "<th" in html and "<caption" in html
    for result in breda_model.maatschappelijke_resultaten:
        assert squash(result.omschrijving) in squash(re.sub(r"<[^>]+>", " ", html)), result.id


@pytest.mark.browser
def test_html_has_no_serious_axe_violations(breda_plans: dict[str, Path]) -> None:
    from _render_sample import axe_in_chromium

    serious, headings = axe_in_chromium(breda_plans["html"])
    assert not serious, serious
    for heading in HEADINGS:
        assert any(heading in h for h in headings), heading


# ------------------------------------------------------------------------------------ bad input


def test_existing_output_needs_force_and_write_is_atomic(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"oud")
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out)
    assert code == 2
    assert "bestaat al" in err and "--force" in err
    assert out.read_bytes() == b"oud"

    # An interrupted write (the final rename fails) leaves the old file and no temporary file.
    import councilkit.files

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr(councilkit.files.os, "replace", broken_replace)
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--force")
    assert code != 0
    assert out.read_bytes() == b"oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]
    monkeypatch.undo()

    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--force")
    assert code == 0, err
    assert zipfile.is_zipfile(out)


def test_bad_reference_doc_gives_dutch_error_and_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "huisstijl.docx"
    bad.write_text("geen word-document", encoding="utf-8")
    out = tmp_path / "plan.docx"
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--reference-doc", bad)
    assert code == 2
    assert err.startswith("fout: ") and "referentiedocument" in err
    assert not out.exists()

    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--reference-doc", tmp_path / "bestaat-niet.docx")
    assert code == 2 and "referentiedocument niet gevonden" in err
    assert not out.exists()


def test_broken_template_gives_dutch_error_and_no_output(tmp_path: Path) -> None:
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "beleidsplan.md.j2").write_text("# Plan\n\n{% for x in %}\n", encoding="utf-8")
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--templates", templates)
    assert code == 2
    assert err.startswith("fout: ") and "sjabloon" in err and "beleidsplan.md.j2" in err
    assert not out.exists()


def test_own_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "beleidsplan.md.j2").write_text(
        "# {{ plan.titel }}\n\nEigen sjabloon voor {{ plan.gemeente }}.\n", encoding="utf-8"
    )
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", out, "--templates", templates)
    assert code == 0, err
    assert "Eigen sjabloon voor Breda." in out.read_text(encoding="utf-8")


def test_unknown_suffix_and_missing_kompas(tmp_path: Path) -> None:
    code, err = run_cli("plan", BREDA_KOMPAS, "-o", tmp_path / "plan.odt")
    assert code == 2 and "niet als '.odt'" in err and ".docx" in err
    code, err = run_cli("plan", tmp_path / "weg.yaml", "-o", tmp_path / "plan.md")
    assert code == 2 and err.startswith("fout: ")
    assert not (tmp_path / "plan.md").exists()


# ------------------------------------------------------------------------------------------ --data

BIJSTAND_KOMPAS = """\
gemeente: {naam: Breda, code: GM0758}
domein: participatie
periode: {van: 2021, tot: 2024}
waarden:
  - id: bestaanszekerheid
    naam: Bestaanszekerheid
leidende_principes:
  - id: werk-eerst
    naam: Werk gaat voor een uitkering
    onderbouwing: Omdat we veronderstellen dat betaald werk de beste weg uit armoede is.
    waarden: [bestaanszekerheid]
maatschappelijke_resultaten:
  - id: minder-bijstand
    omschrijving: Minder inwoners zijn aangewezen op bijstand.
    principes: [werk-eerst]
    indicator: personen-bijstand
    nulmeting: {jaar: 2019, waarde: 4700}
    streefwaarde: {jaar: 2024, waarde: 4000}
"""


def test_data_figure_equals_the_export(tmp_path: Path, research_data: Path) -> None:
    import csv

    export = research_data / "cbs-84799NED-kwb-2020" / "gemeenten_2020_tidy.csv"
    with export.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["regio_code"].strip() == "GM0758")
    expected = float(row["personen_bijstand"])
    assert expected == 4520

    from councilkit.data import open_data
    from councilkit.render.nl import getal

    observation = open_data([export]).latest("personen-bijstand", "GM0758")
    assert observation is not None and float(observation.waarde) == expected

    out = tmp_path / "plan.md"
    code, err = run_cli("plan", write_kompas(tmp_path, BIJSTAND_KOMPAS), "-o", out, "--data", export)
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    header = next(line for line in md.splitlines() if line.startswith("| Resultaat | Indicator"))
    assert header.endswith("Laatste cijfer |")
    result_row = next(line for line in md.splitlines() if line.startswith("| 1 |"))
    assert f"| {getal(expected)} (2020" in result_row, result_row
    assert "gemeenten_2020_tidy.csv" in md


def test_data_small_count_is_not_shown(tmp_path: Path, research_data: Path) -> None:
    """A count at or below the CBS threshold (7) never appears in the plan, whatever the source says."""
    export = research_data / "cbs-84799NED-kwb-2020" / "gemeenten_2020_tidy.csv"
    header = export.read_text(encoding="utf-8").splitlines()[0]
    small = tmp_path / "klein.csv"
    small.write_text(
        header + "\n84799NED,2020,GM9999,Kleindorp,Gemeente,900,100,100,200,400,5.0,20.0,10.0,150.0,,,,\n",
        encoding="utf-8",
    )
    kompas = write_kompas(
        tmp_path, BIJSTAND_KOMPAS.replace("{naam: Breda, code: GM0758}", "{naam: Kleindorp, code: GM9999}")
    )
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", kompas, "-o", out, "--data", small)
    assert code == 0, err
    row = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| 1 |"))
    assert row.endswith("| niet getoond (telling van 7 of minder) |"), row
    assert "| 5" not in row


def test_empty_sociaal_domein_kompas_gives_an_honest_skeleton(tmp_path: Path) -> None:
    """A plan for the whole sociaal domein answers to all three laws; empty parts say so."""
    from councilkit.model.frameworks import load_wetten

    kompas = write_kompas(
        tmp_path,
        "gemeente: {naam: Ergens, code: GM0001}\ndomein: sociaal-domein\nperiode: {van: 2024, tot: 2025}\n",
    )
    out = tmp_path / "plan.md"
    code, err = run_cli("plan", kompas, "-o", out)
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    for wet in load_wetten().wetten:
        for topic in wet.beleidsplan:
            assert f"| {wet.afkorting}: {topic.onderwerp}" in md
    assert "uitvoering geeft aan de Wmo 2015, de Jeugdwet en de Participatiewet" in md
    assert "Nog niet elk resultaat heeft een indicator" in md
    assert "*De waarden zijn nog niet uitgewerkt.*" in md
    assert "Het financieel kader is nog niet uitgewerkt" in squash(md)
