"""`councilkit proposal check` and `proposal checklist`: reading, rules, outputs, bad input.

What a griffier checks: the status table says what the proposal lacks and quotes the sentence it
rests on; hollow phrases do not count; docx headings are real Word headings; the HTML passes
axe-core; text from the proposal never becomes markup; unreadable files get one Dutch line.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BREDA

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "raadsvoorstellen"
sys.path.insert(0, str(CORPUS))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from make_docx import build_all

    return {p.name: p for p in build_all(tmp_path_factory.mktemp("docx"))}


def check(path: Path):  # type: ignore[no-untyped-def]
    from councilkit.checks.proposal import check_proposal
    from councilkit.model.frameworks import load_raadsvoorstel
    from councilkit.model.proposal import read_proposal

    return check_proposal(read_proposal(path), load_raadsvoorstel())


def by_id(toets) -> dict:  # type: ignore[no-untyped-def]
    return {o.id: o for o in [*toets.criteria, toets.publiekssamenvatting]}


# ------------------------------------------------------------------------------------ reading


def test_docx_reads_heading_styles_bold_headings_lists_and_tables(corpus_docx: dict[str, Path]) -> None:
    from councilkit.model.proposal import read_proposal

    styled = read_proposal(corpus_docx["rv03_vroegsignalering_schulden.docx"])
    assert styled.titel == "Raadsvoorstel vroegsignalering van schulden"
    assert [s.kop for s in styled.secties][:3] == [
        "Samenvatting in gewone taal",
        "Wat stellen wij voor",
        "Waarom dit voorstel",
    ]
    assert [soort for soort, _ in styled.secties[1].blokken] == ["lijst", "lijst"]

    bold = read_proposal(corpus_docx["rv06_poh_jeugd.docx"])
    assert "Is het uitvoerbaar?" in [s.kop for s in bold.secties]

    form = read_proposal(corpus_docx["rv11_maatschappelijke_opvang.docx"])
    kop = {s.kop: s.tekst for s in form.secties}
    assert kop["Alternatieven"] == "n.v.t."
    assert kop["Publiekssamenvatting"].startswith("Er komen vijftien extra bedden")

    data_table = read_proposal(corpus_docx["rv08_banenafspraak.docx"])
    keuzes = next(s for s in data_table.secties if s.kop == "Keuzes")
    assert any("Niet gekozen omdat" in text for soort, text in keuzes.blokken if soort == "tabel")


def test_markdown_and_plain_text_structure(tmp_path: Path) -> None:
    from councilkit.model.proposal import read_proposal

    md = read_proposal(CORPUS / "rv16_dagbesteding.md")
    assert md.titel == "Raadsvoorstel: dagbesteding dichtbij"
    risks = next(s for s in md.secties if s.kop.startswith("Wat levert het op"))
    assert [soort for soort, _ in risks.blokken] == ["lijst"] * 4

    txt = read_proposal(CORPUS / "rv20_ondernemers_schulden.txt")
    assert [s.kop for s in txt.secties][:3] == [
        "Waar gaat het over",
        "Besluit",
        "Past dit bij wat de raad eerder besloot?",
    ]


def test_sentences_keep_abbreviations_and_numbers() -> None:
    from councilkit.model.proposal import split_sentences

    text = "Dit geldt o.a. voor de Wmo. Het kost € 1.500 per jaar, d.w.z. minder. Klaar!"
    assert split_sentences(text) == [
        "Dit geldt o.a. voor de Wmo.",
        "Het kost € 1.500 per jaar, d.w.z. minder.",
        "Klaar!",
    ]


# ------------------------------------------------------------------------------------ rules


def test_hollow_proposal_gets_ontbreekt_with_the_hollow_sentence_quoted() -> None:
    toets = check(CORPUS / "rv02_regiovisie_jeugd.txt")
    oordelen = by_id(toets)
    assert {k: o.status for k, o in oordelen.items()} == dict.fromkeys(oordelen, "ontbreekt")
    d = oordelen["D"]
    assert any(b.soort == "leeg" and b.zin.startswith("Alternatieven zijn niet onderzocht") for b in d.bewijs)
    assert d.vragen and all(v.endswith("?") for v in d.vragen)


def test_answers_in_other_words_are_found(corpus_docx: dict[str, Path]) -> None:
    """rv03 never says 'alternatief' or 'uitvoering', and still answers D and C."""
    text = " ".join(
        z.tekst.lower()
        for z in __import__("councilkit.model.proposal", fromlist=["x"])
        .read_proposal(corpus_docx["rv03_vroegsignalering_schulden.docx"])
        .zinnen()
    )
    assert "alternatie" not in text and "uitvoering" not in text
    oordelen = by_id(check(corpus_docx["rv03_vroegsignalering_schulden.docx"]))
    assert {k: o.status for k, o in oordelen.items()} == dict.fromkeys(oordelen, "aanwezig")
    assert any("brief in plaats van een huisbezoek" in b.zin for b in oordelen["D"].bewijs)
    assert all(o.vragen == [] for o in oordelen.values())


def test_each_part_decides_between_aanwezig_deels_and_ontbreekt(tmp_path: Path) -> None:
    base = "Raadsvoorstel opvang\n\nBesluit\nDe raad stemt in met de opvang.\n\n"
    alleen_optie = write(tmp_path, "a.txt", base + "Alternatieven\nEen andere optie is een tweede locatie.\n")
    met_reden = write(
        tmp_path,
        "b.txt",
        base
        + "Alternatieven\nEen andere optie is een tweede locatie. Die valt af omdat er geen pand beschikbaar is.\n",
    )
    assert by_id(check(alleen_optie))["D"].status == "deels"
    assert by_id(check(met_reden))["D"].status == "aanwezig"
    assert by_id(check(met_reden))["D"].vragen == []
    assert by_id(check(alleen_optie))["D"].vragen == [
        "Waarom heeft het college alternatieven afgewezen, en met welke argumenten?"
    ]


def test_keyword_baseline_falls_for_words_the_check_does_not() -> None:
    from councilkit.checks.proposal import keyword_baseline, statuses
    from councilkit.model.frameworks import load_raadsvoorstel
    from councilkit.model.proposal import read_proposal

    voorstel = read_proposal(CORPUS / "rv14_jeugd_hollow_keywords.txt")
    baseline = keyword_baseline(voorstel, load_raadsvoorstel())
    assert baseline["D"] == "aanwezig" and baseline["E"] == "aanwezig"
    ours = statuses(check(CORPUS / "rv14_jeugd_hollow_keywords.txt"))
    assert ours["D"] == ours["E"] == "ontbreekt"


def test_readability_follows_the_flesch_douma_formula() -> None:
    from councilkit.checks.proposal import readability

    result = readability("De kat zit op de mat. Hij is moe.")
    # 9 words, 2 sentences, 9 syllables: 206,835 − 0,93 × 4,5 − 77 × 1
    assert (result.woorden, result.zinnen) == (9, 2)
    assert result.flesch_douma == pytest.approx(206.835 - 0.93 * 4.5 - 77 * 1, abs=0.05)
    hard = readability(
        "De gemeentelijke schuldhulpverleningsorganisatie implementeert multidisciplinaire interventiemethodieken."
    )
    assert hard.flesch_douma < 30 and hard.lange_woorden > 0.5
    assert "vrij moeilijke" in hard.indicatie or "moeilijke tekst" in hard.indicatie


# ------------------------------------------------------------------------------------ outputs


def test_json_shape(cli, tmp_path: Path) -> None:
    out = tmp_path / "toets.json"
    result = cli("proposal", "check", CORPUS / "rv09_respijtzorg.txt", "-o", out)
    assert result.code == 0, result
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = [c["id"] for c in data["criteria"]]
    assert ids == ["A", "B", "C", "D", "E", "publiekssamenvatting"]
    for c in data["criteria"]:
        assert c["status"] in ("aanwezig", "deels", "ontbreekt")
        assert isinstance(c["vragen"], list) and c["waarom"]
        for b in c["bewijs"]:
            assert set(b) == {"sectie", "zin", "wat", "telt"}
    assert data["publiekssamenvatting"]["status"] == "aanwezig"
    lees = data["publiekssamenvatting"]["leesbaarheid"]
    assert lees["woorden"] > 0 and 0 <= lees["lange_woorden"] <= 1
    assert data["kompas"] is None
    assert "A: deels" in result.out


def test_docx_has_real_headings_and_status_table(cli, tmp_path: Path, corpus_docx: dict[str, Path]) -> None:
    import docx

    out = tmp_path / "toets.docx"
    assert cli("proposal", "check", corpus_docx["rv11_maatschappelijke_opvang.docx"], "-o", out).code == 0
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Overzicht") in headings
    assert ("Heading 2", "D. Inzicht in alternatieven: ontbreekt") in headings
    table = document.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Criterium", "Stand", "Waarom"]
    assert rows[4][:2] == ["D. Inzicht in alternatieven", "ontbreekt"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "„n.v.t.” (paragraaf ‘Alternatieven’) — een lege formulering zonder antwoord" in body


SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "hostile.md",
        "# Voorstel\n\n## Alternatieven\n\n"
        f"We hebben ook gekeken naar {SCRIPT} en [klik hier](javascript:alert(1)) | pijp. "
        "Die valt af omdat het niet werkt.\n",
    )


def test_proposal_text_stays_text_in_html(cli, tmp_path: Path, hostile: Path) -> None:
    out = tmp_path / "toets.html"
    assert cli("proposal", "check", hostile, "-o", out).code == 0
    html = out.read_text(encoding="utf-8")
    assert SCRIPT not in html and 'alert("x")</script>' not in html
    assert "&lt;script&gt;alert" in html
    assert "javascript:" not in re.sub(r"<[^>]+>", "", html) or 'href="javascript' not in html
    assert 'href="javascript' not in html


def test_proposal_text_stays_text_in_markdown_and_docx(cli, tmp_path: Path, hostile: Path) -> None:
    import docx

    md = tmp_path / "toets.md"
    assert cli("proposal", "check", hostile, "-o", md).code == 0
    text = md.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)\]\(", text), "no live Markdown link"
    assert not re.search(r"(?<!\\)<script", text), "no raw HTML"
    out = tmp_path / "toets.docx"
    assert cli("proposal", "check", hostile, "-o", out).code == 0
    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert SCRIPT in body, "in Word the sentence is quoted literally, as plain text"
    with zipfile.ZipFile(out) as archive:
        assert "hyperlink" not in archive.read("word/document.xml").decode("utf-8")


@pytest.mark.browser
def test_html_has_no_serious_axe_violations(cli, tmp_path: Path, corpus_docx: dict[str, Path]) -> None:
    from _render_sample import axe_in_chromium

    out = tmp_path / "toets.html"
    assert (
        cli(
            "proposal",
            "check",
            corpus_docx["rv08_banenafspraak.docx"],
            "-o",
            out,
            "--kompas",
            BREDA / "kompas.yaml",
        ).code
        == 0
    )
    serious, headings = axe_in_chromium(out)
    assert not serious, serious
    assert "Overzicht" in headings


def test_checklist_in_every_format(cli, tmp_path: Path) -> None:
    import docx

    from councilkit.model.frameworks import load_raadsvoorstel

    kader = load_raadsvoorstel()
    out = tmp_path / "checklist.docx"
    assert cli("proposal", "checklist", "-o", out).code == 0
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for c in kader.criteria:
        assert f"{c.letter}. {c.naam}" in headings
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    for c in kader.criteria:
        for v in c.vragen:
            assert v.tekst in cells
    assert "☐ ja ☐ deels ☐ nee" in cells
    for suffix in ("html", "md"):
        assert cli("proposal", "checklist", "-o", tmp_path / f"checklist.{suffix}").code == 0


# ------------------------------------------------------------------------------------ --criteria


def test_own_criteria_file_changes_questions_and_adds_a_criterion(cli, tmp_path: Path) -> None:
    import yaml

    from councilkit.resources import frameworks_dir

    data = yaml.safe_load((frameworks_dir() / "raadsvoorstel.yaml").read_text(encoding="utf-8"))
    data["criteria"][3]["vragen"][1]["tekst"] = "Waarom viel het andere alternatief af, volgens het college?"
    data["criteria"].append(
        {
            "id": "criterium-f",
            "letter": "F",
            "naam": "Inwoners betrokken",
            "toelichting": "Het voorstel zegt hoe inwoners zijn betrokken.",
            "vragen": [{"id": "f-inwoners", "tekst": "Hoe zijn inwoners betrokken?"}],
            "signalen": ["inwoners", "participatie"],
            "herkomst": "eigen criterium van de raad",
        }
    )
    own = tmp_path / "eigen.yaml"
    own.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "toets.json"
    result = cli("proposal", "check", CORPUS / "rv17_jongerenwerk.txt", "--criteria", own, "-o", out)
    assert result.code == 0, result
    criteria = {c["id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["criteria"]}
    assert "F" in criteria and criteria["F"]["status"] in ("aanwezig", "deels", "ontbreekt")
    assert "signaalwoorden" in criteria["F"]["waarom"]
    assert criteria["D"]["vragen"] == ["Waarom viel het andere alternatief af, volgens het college?"]
    checklist = tmp_path / "checklist.md"
    assert cli("proposal", "checklist", "--criteria", own, "-o", checklist).code == 0
    assert "F. Inwoners betrokken" in checklist.read_text(encoding="utf-8")


def test_broken_criteria_file_gives_dutch_error_with_line(cli, tmp_path: Path) -> None:
    from councilkit.resources import frameworks_dir

    text = (frameworks_dir() / "raadsvoorstel.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "kapot.yaml"
    broken.write_text(text.replace("    letter: B\n", "    leter: B\n"), encoding="utf-8")
    line = next(
        i for i, row in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "leter: B" in row
    )
    out = tmp_path / "x.md"
    result = cli("proposal", "checklist", "--criteria", broken, "-o", out)
    assert result.code == 2
    assert result.err.startswith(f"fout: {broken}:{line}: onbekende sleutel 'leter'"), result.err
    assert "bedoelt u 'letter'?" in result.err
    assert not out.exists()


# ------------------------------------------------------------------------------------ kompas


def test_kompas_values_principles_and_results_without_indicator(cli, tmp_path: Path) -> None:
    voorstel = write(
        tmp_path,
        "voorstel.md",
        "# Raadsvoorstel mantelzorg\n\n## Aanleiding\n\n"
        "Dit voorstel versterkt de eigen regie van inwoners en past bij het principe dat mantelzorgers "
        "worden gezien en ontlast.\n\n"
        "## Effecten\n\nWe verwachten dat minder mantelzorgers zwaar belast zijn.\n",
    )
    out = tmp_path / "toets.json"
    assert cli("proposal", "check", voorstel, "--kompas", BREDA / "kompas.yaml", "-o", out).code == 0
    kompas = json.loads(out.read_text(encoding="utf-8"))["kompas"]
    refs = {(r["soort"], r["id"]): r for r in kompas["verwijzingen"]}
    assert refs[("waarde", "eigen-regie")]["hoe"] == "genoemd"
    assert ("principe", "mantelzorg-ontlasten") in refs
    result = refs[("resultaat", "mantelzorgers-houden-het-vol")]
    assert result["indicator_genoemd"] is False
    assert kompas["resultaten_zonder_indicator"] == ["mantelzorgers-houden-het-vol"]
    assert ("waarde", "solidariteit") not in refs
    assert {"soort": "waarde", "id": "solidariteit", "naam": "Solidariteit"} in kompas["niet_genoemd"]


def test_kompas_result_with_a_figure_counts_as_measured(cli, tmp_path: Path) -> None:
    voorstel = write(
        tmp_path,
        "voorstel.md",
        "# Raadsvoorstel\n\n## Doel\n\nHet aandeel zwaar belaste mantelzorgers daalt van 14% naar 10%.\n",
    )
    out = tmp_path / "toets.json"
    assert cli("proposal", "check", voorstel, "--kompas", BREDA / "kompas.yaml", "-o", out).code == 0
    kompas = json.loads(out.read_text(encoding="utf-8"))["kompas"]
    assert kompas["resultaten_zonder_indicator"] == []


# ------------------------------------------------------------------------------------ bad input


def _ole(tmp_path: Path, name: str, stream: str) -> Path:
    """A compound-file header with one directory name, which is all the reader looks at."""
    path = tmp_path / name
    path.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64
    )
    return path


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("voorstel.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n%..."), "dit is een PDF"),
        ("voorstel.docx", lambda p: p.write_bytes(b"PK\x03\x04 kapot"), "beschadigd"),
        ("voorstel.docx", lambda p: p.write_bytes(b"gewoon tekst"), "beschadigd"),
        ("leeg.txt", lambda p: p.write_bytes(b""), "het bestand is leeg"),
        ("spaties.md", lambda p: p.write_text("  \n\n ", encoding="utf-8"), "het bestand is leeg"),
        ("binair.txt", lambda p: p.write_bytes(b"\x00\x01\x02abc"), "geen tekstbestand"),
        ("oud.doc", lambda p: p.write_bytes(b"{\\rtf1 oud}"), "oud Word-bestand (.doc)"),
        ("voorstel.odt", lambda p: p.write_bytes(b"PK\x03\x04"), "extensie '.odt'"),
        ("alleen-koppen.md", lambda p: p.write_text("# Titel\n\n## Kop\n", encoding="utf-8"), "geen tekst"),
    ],
)
def test_bad_input_gives_one_dutch_line(cli, tmp_path: Path, name: str, make, expected: str) -> None:
    path = tmp_path / name
    make(path)
    out = tmp_path / "toets.md"
    result = cli("proposal", "check", path, "-o", out)
    assert result.code == 2, result
    assert result.err.startswith(f"fout: {path}: "), result.err
    assert expected in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not out.exists()


def test_password_protected_docx_and_old_doc_are_told_apart(cli, tmp_path: Path) -> None:
    locked = _ole(tmp_path, "beveiligd.docx", "EncryptedPackage")
    result = cli("proposal", "check", locked, "-o", tmp_path / "a.md")
    assert result.code == 2 and "beveiligd met een wachtwoord" in result.err
    assert "haal de beveiliging weg" in result.err
    old = _ole(tmp_path, "eigenlijk-oud.docx", "WordDocument")
    result = cli("proposal", "check", old, "-o", tmp_path / "b.md")
    assert (
        result.code == 2 and "oud Word-bestand (.doc)" in result.err and "sla het op als .docx" in result.err
    )


def test_missing_file_and_wrong_output_suffix(cli, tmp_path: Path) -> None:
    result = cli("proposal", "check", tmp_path / "weg.docx", "-o", tmp_path / "a.md")
    assert result.code == 2 and "bestaat niet" in result.err
    result = cli("proposal", "check", CORPUS / "rv02_regiovisie_jeugd.txt", "-o", tmp_path / "a.xlsx")
    assert result.code == 2 and "gebruik een van deze extensies: .docx, .html, .md, .json" in result.err


def test_long_document_finishes_quietly_when_not_on_a_terminal(cli, tmp_path: Path, capsys) -> None:
    """A long proposal (here ~50 pages) is read and checked; without a terminal there is no progress bar.

    The 500-page case is timed in benchmarks/bench_proposal.py, not here.
    """
    import docx

    source = (CORPUS / "rv01_huishoudelijke_hulp.md").read_text(encoding="utf-8")
    document = docx.Document()
    for n in range(45):
        for line in source.splitlines():
            if line.startswith("#"):
                document.add_heading(f"{line.lstrip('# ')} {n}", level=2)
            elif line.strip():
                document.add_paragraph(line)
    big = tmp_path / "lang.docx"
    document.save(str(big))
    out = tmp_path / "lang.json"
    result = cli("proposal", "check", big, "-o", out)
    assert result.code == 0, result
    assert "voorstel lezen" not in result.err and "\r" not in result.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["woorden"] > 18_000
    assert {c["id"]: c["status"] for c in data["criteria"]}["D"] == "aanwezig"


# ------------------------------------------------------------------------------------ Breda example


def test_breda_example_gives_the_overview_the_readme_shows(cli, tmp_path: Path) -> None:
    out = tmp_path / "breda.md"
    result = cli(
        "proposal", "check", BREDA / "raadsvoorstel.docx", "--kompas", BREDA / "kompas.yaml", "-o", out
    )
    assert result.code == 0, result
    assert result.out.splitlines()[1:] == [
        "  A: aanwezig",
        "  B: deels",
        "  C: aanwezig",
        "  D: deels",
        "  E: deels",
        "  Publiekssamenvatting: aanwezig",
    ]
    text = out.read_text(encoding="utf-8")
    assert (
        text.index("## Overzicht") < text.index("## Vragen aan het college") < text.index("## Per criterium")
    )
    assert "Waarom heeft het college alternatieven afgewezen, en met welke argumenten?" in text
    assert "Resultaten zonder indicator in het voorstel" in text


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminal")
def test_long_document_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal (here a pseudo-terminal with a real width) reading and checking show a bar."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios
    import threading

    import docx

    document = docx.Document()
    for n in range(350):
        document.add_heading(f"Paragraaf {n}", level=2)
        document.add_paragraph("We verwachten dat meer inwoners eerder hulp vragen bij geldzorgen.")
    big = tmp_path / "lang.docx"
    document.save(str(big))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    seen = bytearray()

    def read() -> None:
        try:
            while chunk := os.read(master, 65536):
                seen.extend(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    command = [
        sys.executable,
        "-m",
        "councilkit",
        "proposal",
        "check",
        str(big),
        "-o",
        str(tmp_path / "x.json"),
    ]
    done = subprocess.run(command, stdin=slave, stdout=subprocess.PIPE, stderr=slave, timeout=300)
    os.close(slave)
    reader.join(5)
    assert done.returncode == 0
    text = seen.decode("utf-8", errors="replace")
    assert "voorstel lezen" in text and "voorstel toetsen" in text
