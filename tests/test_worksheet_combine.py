"""`worksheet combine`: counts a test recomputes on its own, visible grouping, doubles, a kompas that checks."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

# name, fractie, date, values as (what was typed, what it means), principles likewise.
# "Means" is the test's own judgement: equal after case/accents/punctuation, or in the woordenlijst.
RAADSLEDEN = [
    (
        "Jan",
        "VVD",
        "2026-11-10",
        [("Eigen regie", "Eigen regie"), ("Vertrouwen", "Vertrouwen")],
        [("Zorg dichtbij", "Zorg en ondersteuning dichtbij")],
    ),
    (
        "Piet",
        "VVD",
        "2026-11-19",
        [("zelfregie", "Eigen regie"), ("Veiligheid", "Veiligheid")],
        [("Normaliseren", "Normaliseren")],
    ),
    (
        "Ans",
        "CDA",
        "2026-11-12",
        [("Solidariteit", "Solidariteit"), ("Rentmeesterschap", "Rentmeesterschap")],
        [("Zorg dicht bij huis", "Zorg en ondersteuning dichtbij")],
    ),
    (
        "Kees",
        "CDA",
        "2026-11-13",
        [("EIGEN  regie!", "Eigen regie"), ("solidariteit", "Solidariteit")],
        [("normaliseren.", "Normaliseren")],
    ),
    (
        "Fatima",
        "D66",
        "2026-11-14",
        [("Zelfbeschikking", "Zelfbeschikking"), ("Kansengelijkheid", "Kansengelijkheid")],
        [("Inwoners aan zet", "Inwoners aan zet")],
    ),
    (
        "Bram",
        "D66",
        "2026-11-15",
        [("Kansen gelijkheid", "Kansen gelijkheid"), ("Eigen regie", "Eigen regie")],
        [("inwoner centraal", "Inwoners aan zet")],
    ),
    (
        "Sanne",
        "GroenLinks-PvdA",
        "2026-11-16",
        [("Solidariteit", "Solidariteit"), ("Menselijke maat", "Menselijke maat")],
        [("Preventie", "Preventief werken")],
    ),
    (
        "Ali",
        "GroenLinks-PvdA",
        "2026-11-17",
        [("Solidariteit", "Solidariteit"), ("de menselijke maat", "Menselijke maat")],
        [("Zorg dichtbij", "Zorg en ondersteuning dichtbij")],
    ),
    (
        "Eva",
        "SP",
        "2026-11-18",
        [
            ("Solidariteit", "Solidariteit"),
            ("Wederkerigheid", "Wederkerigheid"),
            ("solidariteit", "Solidariteit"),
        ],
        [("Geen marktwerking", "Geen marktwerking")],
    ),
    (
        "Daan",
        "SP",
        "2026-11-18",
        [("Menselijke maat", "Menselijke maat"), ("regie over het eigen leven", "Eigen regie")],
        [("Preventief werken", "Preventief werken")],
    ),
]
XLSX_NAMES = {"Kees", "Daan"}
YAML_NAMES = {"Eva"}


def _json(path: Path, naam: str, fractie: str, datum: str, waarden: list[str], principes: list[str]) -> Path:
    data = {
        "formaat": "councilkit-werkblad",
        "werkblad": "visie",
        "variant": "zelf",
        "gemeente": "Breda",
        "naam": naam,
        "fractie": fractie,
        "datum": datum,
        "antwoorden": {
            "gekozen-waarden": waarden,
            "gekozen-principes": principes,
            "waarden-toelichting": f"Wat {naam} drijft:\n*niet vet* [geen link](javascript:x) </script>",
        },
        "koppeltabel": [
            {
                "waarde": waarden[0],
                "principe": principes[0],
                "onderbouwing": f"omdat {naam} dat veronderstelt",
            }
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _xlsx(
    blank: Path, path: Path, naam: str, fractie: str, datum: str, waarden: list[str], principes: list[str]
) -> Path:
    wb = load_workbook(blank)
    values = {"ck:meta:naam": naam, "ck:meta:fractie": fractie, "ck:meta:datum": datum}
    values |= {f"ck:veld:gekozen-waarden:{i}": v for i, v in enumerate(waarden, start=1)}
    values |= {f"ck:veld:gekozen-principes:{i}": v for i, v in enumerate(principes, start=1)}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=1):
            if row[0].value in values:
                ws.cell(row=row[0].row, column=3).value = values[row[0].value]
    wb.save(path)
    return path


@pytest.fixture
def council(tmp_path: Path, cli) -> list[Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    blank = tmp_path / "leeg.xlsx"
    assert cli("worksheet", "new", "visie", "-o", blank, "--gemeente", "Breda").code == 0
    paths = []
    for naam, fractie, datum, waarden, principes in RAADSLEDEN:
        typed_w, typed_p = [w for w, _ in waarden], [p for p, _ in principes]
        if naam in XLSX_NAMES:
            paths.append(_xlsx(blank, inputs / f"{naam}.xlsx", naam, fractie, datum, typed_w, typed_p))
        elif naam in YAML_NAMES:
            source = _json(inputs / f"{naam}-bron.json", naam, fractie, datum, typed_w, typed_p)
            assert cli("worksheet", "read", source, "-o", inputs / f"{naam}.yaml").code == 0
            source.unlink()
            paths.append(inputs / f"{naam}.yaml")
        else:
            paths.append(_json(inputs / f"{naam}.json", naam, fractie, datum, typed_w, typed_p))
    # Piet sent an older version too; the later one (2026-11-19) must count.
    paths.append(_json(inputs / "piet-oud.json", "Piet", "VVD", "2026-11-01", ["Vrijheid"], ["Marktwerking"]))
    # Somebody sent an empty form.
    empty = inputs / "leeg.json"
    empty.write_text(
        json.dumps({"formaat": "councilkit-werkblad", "werkblad": "visie", "naam": "Noor", "antwoorden": {}}),
        encoding="utf-8",
    )
    paths.append(empty)
    return paths


def _expected(index: int) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Per meaning: how many raadsleden named it, and per fractie — counted here, not by councilkit."""
    total: Counter[str] = Counter()
    by_fractie: dict[str, Counter[str]] = {}
    for raadslid in RAADSLEDEN:
        fractie = raadslid[1]
        for meaning in {m for _, m in raadslid[index]}:
            total[meaning] += 1
            by_fractie.setdefault(meaning, Counter())[fractie] += 1
    return total, by_fractie


def _chart_table(markdown: str, figure: int) -> dict[str, dict[str, int]]:
    lines = markdown.split(f"cijfers bij figuur {figure}\n", 1)[1].strip().splitlines()
    header = [c.strip().removesuffix(" (raadsleden)") for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = {f: int(v) for f, v in zip(header[1:], cells[1:], strict=True)}
    return rows


def test_counts_match_an_independent_count(council: list[Path], tmp_path: Path, cli) -> None:
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in council}
    md = tmp_path / "synthese.md"
    result = cli("worksheet", "combine", *council, "-o", md)
    assert result.code == 0, result
    assert "(10 werkbladen van 5 fracties)" in result.out
    assert (
        "het werkblad van 2026-11-19 (Piet.json) telt, dat van 2026-11-01 (piet-oud.json) niet" in result.err
    )
    assert "leeg.json: er is niets ingevuld; dit werkblad telt niet mee" in result.err
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in council} == digests

    text = md.read_text(encoding="utf-8")
    for figure, index in ((1, 3), (2, 4)):
        total, by_fractie = _expected(index)
        table = _chart_table(text, figure)
        assert set(table) == set(total)
        for meaning, per_fractie in table.items():
            assert {f: n for f, n in per_fractie.items() if n} == dict(by_fractie[meaning]), meaning
            assert sum(per_fractie.values()) == total[meaning]
    # Common ground: named by at least half of the 10 raadsleden.
    total, _ = _expected(3)
    common = sorted(m for m, n in total.items() if n * 2 >= 10)
    assert common == ["Eigen regie", "Solidariteit"]
    assert "- **Maatschappelijke waarden**: Eigen regie en Solidariteit" in text or (
        "- **Maatschappelijke waarden**: Solidariteit en Eigen regie" in text
    )
    # Grouping is shown, and the near-miss is proposed, not merged.
    assert "'zelfregie'" in text and "(woordenlijst)" in text
    assert (
        "'Kansen gelijkheid' en 'Kansengelijkheid'" in text
        or "'Kansengelijkheid' en 'Kansen gelijkheid'" in text
    )
    # Typed text stays text.
    assert "\\*niet vet\\*" in text and "\\[geen link\\]" in text and "\\</script\\>" in text


def test_draft_kompas_traces_and_checks(council: list[Path], tmp_path: Path, cli) -> None:
    out = tmp_path / "kompas.yaml"
    missing = cli("worksheet", "combine", *council, "-o", out)
    assert missing.code == 2 and "--gemeentecode" in missing.err
    assert not out.exists()
    result = cli(
        "worksheet", "combine", *council, "-o", out, "--gemeentecode", "GM0758", "--periode", "2027-2030"
    )
    assert result.code == 0, result
    kompas = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert kompas["soort"] == "kompas" and kompas["gemeente"] == {"naam": "Breda", "code": "GM0758"}
    for key, index in (("waarden", 3), ("leidende_principes", 4)):
        total, by_fractie = _expected(index)
        assert {
            item["naam"]: int(re.search(r"Genoemd door (\d+) van de 10", item["toelichting"]).group(1))
            for item in kompas[key]
        } == dict(total)
        for item in kompas[key]:
            fracties = Counter(re.findall(r"\(([^()]+)\)", item["herkomst"]))
            assert fracties == by_fractie[item["naam"]], item
    zorg = next(p for p in kompas["leidende_principes"] if p["naam"] == "Zorg en ondersteuning dichtbij")
    assert "omdat Jan dat veronderstelt (Jan (VVD))" in zorg["onderbouwing"]
    assert "eigen-regie" in zorg["waarden"]
    check = cli("check", out)
    assert check.code in (0, 1), check
    assert "fout:" not in check.err


def test_html_and_docx(council: list[Path], tmp_path: Path, cli) -> None:
    for suffix in ("html", "docx"):
        result = cli("worksheet", "combine", *council, "-o", tmp_path / f"synthese.{suffix}")
        assert result.code == 0, result
    html = (tmp_path / "synthese.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;" in html and "javascript:x" not in html.split("<main", 1)[1].split("href=")[0]
    from docx import Document

    doc = Document(str(tmp_path / "synthese.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Maatschappelijke waarden" in headings and "Gemeenschappelijke grond" in headings


def test_bad_combinations(council: list[Path], tmp_path: Path, cli) -> None:
    inputs = council[0].parent
    same_day = inputs / "jan-kopie.json"
    same_day.write_bytes(council[0].read_bytes())
    result = cli("worksheet", "combine", council[0], same_day, "-o", tmp_path / "s.md")
    assert result.code == 2 and "dezelfde datum" in result.err and "kiest niet zelf" in result.err

    other = inputs / "preventie.json"
    other.write_text(
        json.dumps(
            {
                "formaat": "councilkit-werkblad",
                "werkblad": "preventie",
                "naam": "X",
                "antwoorden": {"koers-principes": ["a"]},
            }
        ),
        encoding="utf-8",
    )
    result = cli("worksheet", "combine", council[0], other, "-o", tmp_path / "s.md")
    assert result.code == 2 and "dezelfde soort" in result.err

    nameless = inputs / "zonder-naam.json"
    nameless.write_text(
        json.dumps(
            {"formaat": "councilkit-werkblad", "werkblad": "visie", "antwoorden": {"gekozen-waarden": ["a"]}}
        ),
        encoding="utf-8",
    )
    result = cli("worksheet", "combine", council[0], nameless, "-o", tmp_path / "s.md")
    assert result.code == 2 and "niet wie het invulde" in result.err

    existing = tmp_path / "bestaat.md"
    existing.write_text("oud", encoding="utf-8")
    result = cli("worksheet", "combine", *council[:3], "-o", existing)
    assert result.code == 2 and "--force" in result.err
    assert existing.read_text(encoding="utf-8") == "oud"
    result = cli("worksheet", "combine", *council[:3], "-o", council[0], "--force")
    assert result.code == 2  # .json is no synthesis format, and an input is never an output
    assert not (tmp_path / "s.md").exists()


def test_shipped_examples_combine_into_a_kompas_that_checks(tmp_path: Path, cli) -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "examples" / "werkbladen").glob("werkblad-*"))
    assert {p.suffix for p in examples} == {".json", ".xlsx"}
    out = tmp_path / "kompas.yaml"
    result = cli("worksheet", "combine", *examples, examples[0], "-o", out, "--gemeentecode", "GM0758")
    assert result.code == 0, result
    assert "(10 werkbladen van 5 fracties)" in result.out
    assert "twee keer opgegeven; het telt één keer" in result.err
    assert (
        cli("check", out).code == 1
    )  # indicators and targets are still to be filled in: findings, not errors
