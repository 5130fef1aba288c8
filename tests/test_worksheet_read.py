"""`worksheet new` in every format and `worksheet read` on good and bad input (no browser needed)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from councilkit.model.validate import validate
from councilkit.model.werkblad import Werkblad, dump_werkblad
from councilkit.model.werkbladformulier import load_formulier, soorten
from councilkit.model.yamlload import parse_yaml

AWKWARD = [
    "Eigen regie — “zelfregie” 😀\néén regel\n",
    "  spaties vooraan\ten een tab ",
    "</script><img src=x onerror=alert(1)>",
    "- item: x\n# geen commentaar\n  ingesprongen",
    "null",
    "yes",
    "0x10",
    "\r\nCRLF\r\n",
    "regel met spaties   \n  ",
    'it\'s "quoted"',
    "\u2028scheiding",
    "\x85nel",
    "a\n\n\nb\n\n",
    "\ufeffbom",
    "{{ jinja }} {% x %}",
    "!!python/object:os.system x",
    "@at %pct *ster &anker",
    "\U0001f600\u200d\U0001f600 👩🏽‍⚕️",
]


def saved(**fields: object) -> dict:
    data = {
        "formaat": "councilkit-werkblad",
        "werkblad": "visie",
        "variant": "zelf",
        "naam": "Jan",
        "fractie": "VVD",
        "datum": "2026-11-20",
        "antwoorden": {"gekozen-waarden": ["Solidariteit"]},
        "koppeltabel": [],
    }
    data.update(fields)
    return data


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_yaml_dump_reads_back_exactly() -> None:
    werkblad = Werkblad(
        soort="werkblad",
        werkblad="visie",
        naam=AWKWARD[0],
        fractie=AWKWARD[1],
        antwoorden={"gekozen-waarden": AWKWARD, **{f"v{i}": t for i, t in enumerate(AWKWARD)}},
        koppeltabel=[{"waarde": t} for t in AWKWARD],
    )
    text = dump_werkblad(werkblad)
    again = validate(Werkblad, parse_yaml(text, Path("x.yaml"))).model
    assert again == werkblad
    assert dump_werkblad(again) == text
    assert "\t" not in text  # councilkit's YAML reader refuses tabs


@pytest.mark.parametrize("soort", ["visie", "waardemodel", "preventie"])
def test_new_in_every_format(soort: str, tmp_path: Path, cli) -> None:
    formulier = load_formulier(soort)
    for suffix in ("html", "xlsx", "docx", "md"):
        out = tmp_path / f"{soort}.{suffix}"
        result = cli("worksheet", "new", soort, "-o", out, "--gemeente", "Den Bosch")
        assert result.code == 0, result
        assert out.stat().st_size > 1000
    markdown = (tmp_path / f"{soort}.md").read_text(encoding="utf-8")
    for stap in formulier.stappen:
        assert f"Stap {stap.nummer}. {stap.titel}" in markdown
    html = (tmp_path / f"{soort}.html").read_text(encoding="utf-8")
    for veld in formulier.velden.values():
        ids = (
            [f"veld-{veld.id}-{i}" for i in range(1, veld.aantal + 1)]
            if veld.is_lijst
            else [f"veld-{veld.id}"]
        )
        for element_id in ids:
            assert f'<label for="{element_id}"' in html
    assert "http://" not in html and "https://" not in html and "@import" not in html


def test_docx_has_real_headings_and_write_space(tmp_path: Path, cli) -> None:
    from docx import Document

    out = tmp_path / "visie.docx"
    assert cli("worksheet", "new", "visie", "-o", out, "--raad").code == 0
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Stap 1. Maatschappelijke waarden" in headings
    assert "Koppeltabel" in headings
    texts = " ".join(p.text for p in doc.paragraphs)
    assert "Welke maatschappelijke waarden vindt de raad belangrijk?" in texts  # the --raad prompt
    empty_cells = [c for t in doc.tables for r in t.rows for c in r.cells if not c.text.strip()]
    assert len(empty_cells) > 40


def test_escaping_of_gemeente_in_html(tmp_path: Path, cli) -> None:
    out = tmp_path / "v.html"
    name = '</script><script>alert(1)</script>"'
    assert cli("worksheet", "new", "visie", "-o", out, "--gemeente", name).code == 0
    html = out.read_text(encoding="utf-8")
    assert name not in html
    assert html.count("<script") == 2  # the data block and the form script, nothing else


def test_read_json_keeps_every_answer(tmp_path: Path, cli) -> None:
    data = saved(
        naam=AWKWARD[0],
        antwoorden={"gekozen-waarden": ["", *AWKWARD[:5], "   "], "waarden-toelichting": AWKWARD[3]},
        koppeltabel=[
            {"waarde": AWKWARD[2], "principe": "", "onderbouwing": AWKWARD[7], "resultaat": " "},
            {},
        ],
    )
    path = write_json(tmp_path / "jan.json", data)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "jan.yaml"
    result = cli("worksheet", "read", path, "-o", out)
    assert result.code == 0, result
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    back = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert back["naam"] == AWKWARD[0]
    assert back["antwoorden"]["gekozen-waarden"] == AWKWARD[:5]  # blank boxes are not answers
    assert back["antwoorden"]["waarden-toelichting"] == AWKWARD[3]
    assert back["koppeltabel"] == [{"waarde": AWKWARD[2], "onderbouwing": AWKWARD[7]}]
    assert cli("check", out).code == 0
    schema = cli("schema", "werkblad")
    assert schema.code == 0 and '"antwoorden"' in schema.out


def test_read_several_into_a_folder_and_force(tmp_path: Path, cli) -> None:
    a = write_json(tmp_path / "a.json", saved(naam="Ans"))
    b = write_json(tmp_path / "b.json", saved(naam="Bert"))
    result = cli("worksheet", "read", a, b, "-o", tmp_path / "ingelezen")
    assert result.code == 0, result
    assert sorted(p.name for p in (tmp_path / "ingelezen").iterdir()) == ["a.yaml", "b.yaml"]
    again = cli("worksheet", "read", a, b, "-o", tmp_path / "ingelezen")
    assert again.code == 2 and "--force" in again.err
    assert cli("worksheet", "read", a, b, "-o", tmp_path / "ingelezen", "--force").code == 0
    one = cli("worksheet", "read", a, b, "-o", tmp_path / "een.yaml")
    assert one.code == 2 and "map" in one.err
    same = cli(
        "worksheet",
        "read",
        tmp_path / "ingelezen" / "a.yaml",
        "-o",
        tmp_path / "ingelezen" / "a.yaml",
        "--force",
    )
    assert same.code == 2 and "nooit" in same.err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"formaat": "councilkit-werkblad", "werkblad": "visie", "antwoorden": {"waar', "afgebroken"),
        ('{"formaat": "councilkit-werkblad", "werkblad": "visie",, }', "met de hand bewerkt"),
        ('{"werkblad": "visie"}', "geen bewaard werkblad van councilkit"),
        ("", "leeg"),
        ('{"formaat": "councilkit-werkblad", "werkblad": "onbekend"}', "onbekend werkblad 'onbekend'"),
        (
            '{"formaat": "councilkit-werkblad", "werkblad": "visie", "antwoorden": {"waardn": "x"}}',
            "'waardn'",
        ),
        (
            '{"formaat": "councilkit-werkblad", "werkblad": "visie", "antwoorden": {"gekozen-waarden": 3}}',
            "geen lijst",
        ),
        ('{"formaat": "councilkit-werkblad", "werkblad": "visie", "antwoorden": {}}', "niets ingevuld"),
        (
            '{"formaat": "councilkit-werkblad", "werkblad": "visie", "datum": "29-11-2026",'
            ' "antwoorden": {"gekozen-waarden": ["x"]}}',
            "geen geldige datum",
        ),
    ],
)
def test_bad_saved_files(content: str, expected: str, tmp_path: Path, cli) -> None:
    path = tmp_path / "werkblad.json"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "uit.yaml"
    result = cli("worksheet", "read", path, "-o", out)
    assert result.code == 2, result
    assert result.err.startswith("fout: ") and expected in result.err, result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_hand_edited_yaml_is_checked(tmp_path: Path, cli) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "soort: werkblad\nwerkblad: visie\nnaam: Jan\nantwoorden:\n  gekozen-waarden: Solidariteit\n  onbekend: x\n",
        encoding="utf-8",
    )
    result = cli("check", path)
    assert result.code == 1
    assert "w.yaml:5" in result.out and "werkblad-vorm" in result.out
    assert "w.yaml:6" in result.out and "werkblad-onbekend-veld" in result.out


def test_a_new_worksheet_is_a_new_yaml_file(tmp_path: Path, cli, monkeypatch) -> None:
    """No code: a griffie adds frameworks/werkbladen/eenzaamheid.yaml and gets every format."""
    import councilkit.model.werkbladformulier as wf

    folder = tmp_path / "werkbladen"
    folder.mkdir()
    (folder / "eenzaamheid.yaml").write_text(
        """\
id: eenzaamheid
titel: Aanpak eenzaamheid
inleiding: Wat wil de raad bereiken tegen eenzaamheid?
vragen:
  - id: wie
    tekst: Wie zijn in onze gemeente het vaakst eenzaam?
formulier:
  stappen:
    - id: beeld
      titel: Het beeld
      uitleg: Begin bij wat u weet.
      velden:
        - id: wie
          vraag: wie
        - id: doelen
          soort: lijst
          aantal: 2
          label: Welke resultaten wilt u bereiken?
          kompas: maatschappelijke_resultaten
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(wf, "werkbladen_dir", lambda: folder)
    wf.soorten.cache_clear()
    wf.load_formulier.cache_clear()
    try:
        assert soorten() == ("eenzaamheid",)
        for suffix in ("html", "xlsx", "md"):
            assert cli("worksheet", "new", "eenzaamheid", "-o", tmp_path / f"e.{suffix}").code == 0
        html = (tmp_path / "e.html").read_text(encoding="utf-8")
        assert "Wie zijn in onze gemeente het vaakst eenzaam?" in html
        assert 'id="veld-doelen-2"' in html
    finally:
        wf.soorten.cache_clear()
        wf.load_formulier.cache_clear()
