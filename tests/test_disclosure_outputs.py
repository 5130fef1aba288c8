"""No count of persons at or below the threshold (7) in any output, nor a figure it can be derived from.

One store holds Wmo-client counts 1–10 at buurt, wijk and gemeente level (and rates whose count is
absent, and a revision from 3 to 4); every output councilkit makes from it — `data import` (text and
JSON), `data show` (text and JSON), `check --data` (text and JSON) and the plan (Markdown, HTML,
docx) — is scanned for a number that reveals such a count. The scan reads what a reader reads: every
number in the figure-bearing text, with the rule's own wording ("7 of minder", "veelvouden van 5")
and years taken out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

THRESHOLD = 7

#: gemeente GM0758, wijk WK075801, buurt BU07580101 and BU07580102; years 2021–2024.
#: Counts 1–10 everywhere; the per-1000 rate is given where its count is absent ("") so the rate
#: alone would reveal it (4 per 1.000 of 1.250 inwoners ≈ 5 clients).
CSV = """regio;jaar;wmo_clienten;wmo_clienten_per_1000;aantal_inwoners
GM0758;2021;1;;184000
GM0758;2022;2;;184500
GM0758;2023;9;;185000
GM0758;2024;3;;185500
WK075801;2021;4;;9000
WK075801;2022;10;;9100
WK075801;2023;6;;9200
WK075801;2024;;;9300
BU07580101;2021;5;;1250
BU07580101;2022;7;;1250
BU07580101;2023;;4;1250
BU07580101;2024;8;;1260
BU07580102;2021;;3;2000
BU07580102;2022;;0;2000
BU07580102;2023;;;2000
BU07580102;2024;;;2000
"""

#: A second publication revising GM0758 2024 from 3 to 4 ("herzien: 3 → 4" must not be printed).
REVISION = "regio;jaar;wmo_clienten\nGM0758;2024;4\n"

KOMPAS = """gemeente: {naam: Breda, code: GM0758}
domein: wmo
periode: {van: 2024, tot: 2027}
maatschappelijke_resultaten:
  - id: gemeente
    omschrijving: Inwoners met een maatwerkvoorziening.
    indicator: wmo-clienten
    nulmeting: {jaar: 2023, waarde: 5}
    streefwaarde: {jaar: 2027, waarde: 6}
  - id: wijk
    omschrijving: In de wijk.
    indicator: wmo-clienten
    regio: WK075801
    nulmeting: {jaar: 2021, waarde: 4}
  - id: buurt
    omschrijving: In de buurt.
    indicator: wmo-clienten-per-1000
    regio: BU07580101
    nulmeting: {jaar: 2023, waarde: 4}
  - id: buurt-twee
    omschrijving: In de andere buurt.
    indicator: wmo-clienten-per-1000
    regio: BU07580102
  - id: lokaal
    omschrijving: Een lokale telling.
    indicator: lokale-telling
    nulmeting: {jaar: 2024, waarde: 3}
indicatoren:
  - id: lokale-telling
    naam: Lokale telling
    eenheid: aantal
    bronnen: [lokale_telling]
"""

#: Wording of the rule itself, and other numbers that are no figure: removed before scanning.
_SAFE = [
    r"\b(19|20)\d{2}(HJ0[12]|KW0[1-4])?\b",  # years and periods
    r"\b\d+ of minder\b",
    r"veelvouden van \d+",
    r"\bper 1\.000\b",
    r"\bper 10\.000\b",
    r"\b[A-Z]{2}\d{4,8}\b",  # region codes
    r"\b\d+e (halfjaar|kwartaal)\b",
    r"\bregel \d+\b",
    r"\.yaml:\d+",
    r"_\d+\b",
    r"[0-9a-f]{64}",  # sha256
    r"\d{2}:\d{2}(:\d{2})?",  # times
    r"\d{4}-\d{2}-\d{2}",  # dates
]


def _small_numbers(text: str) -> list[str]:
    for pattern in _SAFE:
        text = re.sub(pattern, " ", text)
    found = []
    for match in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])", text):
        token = match.group(0)
        value = float(token.replace(".", "").replace(",", "."))
        if value <= THRESHOLD:
            found.append(f"{token} in …{text[max(0, match.start() - 60) : match.end() + 20]}…")
    return found


def _walk_json(node: object, out: list[str], key: str = "", parent: str = "") -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _walk_json(v, out, k, key)
    elif isinstance(node, list):
        for v in node:
            _walk_json(v, out, key, parent)
    elif isinstance(node, bool) or node is None:
        return
    elif isinstance(node, int | float):
        figure = key == "waarde" or (key in {"oud", "nieuw"} and parent.endswith("_voorbeelden"))
        if figure and node <= THRESHOLD:
            out.append(f"{key}={node}")
    elif isinstance(node, str) and key not in {
        "sha256",
        "bestand",
        "pad",
        "geimporteerd",
        "gepubliceerd",
        "line",
    }:
        out.extend(_small_numbers(node))


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("onthulling")
    (root / "wmo.csv").write_text(CSV, encoding="utf-8")
    (root / "herzien.csv").write_text(REVISION, encoding="utf-8")
    (root / "lokaal.csv").write_text("regio;jaar;lokale_telling\nGM0758;2024;3\n", encoding="utf-8")
    (root / "kompas.yaml").write_text(KOMPAS, encoding="utf-8")
    return {"root": root, "store": root / "s.duckdb", "kompas": root / "kompas.yaml"}


@pytest.fixture(scope="module")
def outputs(setup: dict[str, Path]) -> dict[str, str]:
    """Every output, as text (docx read back with python-docx, HTML without its tags)."""
    from click.testing import CliRunner

    from councilkit.cli import cli

    root, store, kompas = setup["root"], setup["store"], setup["kompas"]
    run = CliRunner().invoke
    out: dict[str, str] = {}
    for name in ("wmo.csv", "herzien.csv", "lokaal.csv"):
        args = ["data", "import", str(root / name), "--store", str(store), "--kompas", str(kompas)]
        result = run(cli, args)
        assert result.exit_code == 0, result.output
        out[f"import {name}"] = result.output
    result = run(
        cli, ["data", "import", str(root / "herzien.csv"), "--store", str(root / "j.duckdb"), "--json"]
    )
    out["import json (eerste)"] = result.output
    json_store = root / "j.duckdb"
    run(cli, ["data", "import", str(root / "wmo.csv"), "--store", str(json_store)])
    result = run(cli, ["data", "import", str(root / "herzien.csv"), "--store", str(json_store), "--json"])
    out["import json"] = result.output
    for indicator in ("wmo-clienten", "wmo-clienten-per-1000", "inwoners", "lokale-telling"):
        for regio in ("GM0758", "WK075801", "BU07580101", "BU07580102"):
            for fmt in ("text", "json"):
                args = ["data", "show", indicator, "--regio", regio, "--store", str(store), "--format", fmt]
                args += ["--kompas", str(kompas)]
                result = run(cli, args)
                out[f"show {indicator} {regio} {fmt}"] = result.output
    for fmt in ("text", "json"):
        result = run(cli, ["check", str(kompas), "--data", str(store), "--format", fmt])
        out[f"check {fmt}"] = result.output
    for suffix in ("md", "html", "docx"):
        target = root / f"plan.{suffix}"
        result = run(cli, ["plan", str(kompas), "-o", str(target), "--data", str(store), "--force"])
        assert result.exit_code == 0, result.output
        out[f"plan terminal {suffix}"] = result.output
        if suffix == "docx":
            import docx

            document = docx.Document(str(target))
            texts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    texts.extend(cell.text for cell in row.cells)
            out["plan docx"] = "\n".join(texts)
            out["plan docx cells"] = _plan_cells_docx(target)
        elif suffix == "html":
            html = target.read_text(encoding="utf-8")
            body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
            out["plan html"] = re.sub(r"<[^>]+>", " ", body)
            out["plan html cells"] = _plan_cells_html(body)
        else:
            out["plan md"] = target.read_text(encoding="utf-8")
    return out


def _figure_text(name: str, text: str) -> str:
    """The parts of an output that carry figures, as a reader finds them.

    Terminal outputs: the figure lines (`data show`), the revised/withdrawn lines (`data import`), the
    data findings and coverage lines (`check --data`). Documents: the results table (nulmeting,
    streefwaarde, laatste cijfer) and every line that names a source ("Bron").
    """
    lines = text.splitlines()
    if name.startswith("show"):
        keep = [
            ln
            for ln in lines
            if re.match(r"\s+(19|20)\d{2}", ln) or ln.strip().startswith(("let op", "eerder"))
        ]
        return "\n".join(keep)
    if name.startswith("import"):
        return "\n".join(ln for ln in lines if ln.strip().startswith(("herzien:", "ingetrokken:")))
    if name.startswith("check"):
        return "\n".join(ln for ln in lines if "[data-" in ln or ln.startswith("  "))
    # documents: the cells after the indicator in each results-table row, and source lines
    cells: list[str] = []
    for ln in lines:
        if ln.startswith("| ") and ("Wmo-cliënten" in ln or "Lokale telling" in ln):
            parts = [p.strip() for p in ln.strip("|").split("|")]
            if len(parts) >= 5 and parts[0].isdigit():
                cells.extend(parts[2:])
        elif "Bron" in ln or "bron" in ln:
            cells.append(ln)
    return "\n".join(cells)


def _plan_cells_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        header = [c.text.strip() for c in table.rows[0].cells]
        if "Nulmeting" in header:
            for row in table.rows[1:]:
                out.extend(c.text for c in row.cells[2:])
    out.extend(p.text for p in document.paragraphs if "Bron" in p.text)
    return "\n".join(out)


def _plan_cells_html(html: str) -> str:
    out = []
    for table in re.findall(r"(?s)<table\b.*?</table>", html):
        if "Nulmeting" not in table:
            continue
        for row in re.findall(r"(?s)<tr\b.*?</tr>", table)[1:]:
            cells = [re.sub(r"<[^>]+>", " ", c) for c in re.findall(r"(?s)<t[dh]\b.*?</t[dh]>", row)]
            out.extend(cells[2:])
    out.extend(re.sub(r"<[^>]+>", " ", p) for p in re.findall(r"(?s)<p\b.*?</p>", html) if "Bron" in p)
    return "\n".join(out)


def test_the_outputs_contain_the_figures_that_may_be_shown(outputs: dict[str, str]) -> None:
    """The scan looks at real content: figures above the threshold are there, with their source."""
    assert "10" in _figure_text("show", outputs["show wmo-clienten WK075801 text"])  # 10 > 7
    assert "9" in _figure_text("show", outputs["show wmo-clienten GM0758 text"])
    assert "Bron: bestand wmo.csv" in outputs["show wmo-clienten GM0758 text"]
    assert "geheim" in outputs["show wmo-clienten BU07580101 text"]
    assert "9 (2023" in _figure_text("plan md", outputs["plan md"])  # the latest figure that may be shown
    assert "9 (2023" in outputs["plan docx"] and "9 (2023" in outputs["plan html"]
    assert "herzien" in _figure_text("import", outputs["import herzien.csv"])
    # a kompas value of a count is hidden, and the plan says why instead of "nog niet uitgewerkt"
    row = next(ln for ln in outputs["plan md"].splitlines() if ln.startswith("| 1 |"))
    assert "niet getoond (telling van 7 of minder)" in row


@pytest.mark.parametrize(
    "name",
    [
        "import wmo.csv",
        "import herzien.csv",
        "import lokaal.csv",
        "check text",
        "plan md",
        "plan html",
        "plan docx",
        *(
            f"show {i} {r} text"
            for i in ("wmo-clienten", "wmo-clienten-per-1000", "lokale-telling")
            for r in ("GM0758", "WK075801", "BU07580101", "BU07580102")
        ),
    ],
)
def test_no_small_count_in_text_outputs(outputs: dict[str, str], name: str) -> None:
    text = outputs[name]
    if name == "plan docx":
        text = outputs["plan docx cells"]
    elif name == "plan html":
        text = outputs["plan html cells"]
    else:
        text = _figure_text(name, text)
    assert not _small_numbers(text), _small_numbers(text)


@pytest.mark.parametrize("name", ["import json", "check json", "show wmo-clienten GM0758 json"])
def test_no_small_count_in_json_outputs(outputs: dict[str, str], name: str) -> None:
    data = json.loads(outputs[name])
    if name == "check json":  # the monitor part: coverage and the data findings
        data = {
            "data": data["data"],
            "findings": [f for f in data["findings"] if f["code"].startswith("data-")],
        }
        assert data["findings"], "check --data gave no data findings to scan"
    found: list[str] = []
    _walk_json(data, found)
    assert not found, found


def test_every_show_json_is_clean(outputs: dict[str, str]) -> None:
    for name, text in outputs.items():
        if name.startswith("show") and name.endswith("json") and text.strip().startswith("["):
            found: list[str] = []
            _walk_json(json.loads(text), found)
            assert not found, (name, found)


def test_rate_without_its_count_is_judged_by_the_population(outputs: dict[str, str]) -> None:
    """4 per 1.000 in a buurt of 1.250 inwoners means about 5 clients: not shown, and the reason says so."""
    text = outputs["show wmo-clienten-per-1000 BU07580101 text"]
    line = next(line for line in text.splitlines() if line.strip().startswith("2023"))
    assert "geheim" in line and "verraadt een telling" in line
