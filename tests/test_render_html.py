"""HTML output: one self-contained, accessible file; axe-core finds no serious or critical problem."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _render_sample import CHART_BLOCK, HEADINGS, SAMPLE, axe_path, chromium_path, meta, require, write_png

from councilkit.render.document import render_document

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def sample_html(tmp_path: Path) -> Path:
    write_png(tmp_path / "kaart.png")
    return render_document(SAMPLE, tmp_path / "plan.html", meta=meta(), resources=tmp_path)


def _tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_structure_and_landmarks(sample_html: Path) -> None:
    tags = _tags(sample_html)
    names = [t for t, _ in tags]
    assert tags[0] == ("html", {"lang": "nl"})
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in names
    assert names.count("h1") == 1
    levels = [int(t[1]) for t in names if re.fullmatch(r"h[1-6]", t)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert any(t == "a" and a.get("class") == "skip-link" for t, a in tags)
    asides = [a for t, a in tags if t == "aside"]
    assert asides and all(a.get("role") == "note" for a in asides)


def test_tables_and_images(sample_html: Path) -> None:
    tags = _tags(sample_html)
    ths = [a for t, a in tags if t == "th"]
    assert ths and all(a.get("scope") == "col" for a in ths)
    assert [t for t, _ in tags].count("caption") == 2
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 1
    assert images[0]["alt"] == "Kaart van de wijken van Breda"
    assert str(images[0]["src"]).startswith("data:image/png;base64,")


def test_self_contained(sample_html: Path) -> None:
    """Nothing is loaded from elsewhere: no src/href to another file except links the reader clicks."""
    for tag, attrs in _tags(sample_html):
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            assert str(attrs["src"]).startswith("data:"), (tag, attrs)
        if tag == "link":
            pytest.fail(f"extern bestand: {attrs}")
    text = sample_html.read_text(encoding="utf-8")
    assert "@import" not in text
    assert not re.search(r"url\((?!['\"]?data:)", text)


def test_toc_and_css_tokens(sample_html: Path) -> None:
    text = sample_html.read_text(encoding="utf-8")
    nav = text[text.index("<nav") : text.index("</nav>")]
    assert [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<a href=\"#[^\"]+\">(.*?)</a>", nav)] == HEADINGS
    for token in (
        "--utrecht-document-font-family",
        "--utrecht-heading-1-font-size",
        "--utrecht-table-header-background-color",
    ):
        assert token in text
    assert "@media print" in text


def test_theme_css_from_templates_dir(tmp_path: Path) -> None:
    themes = tmp_path / "sjablonen"
    themes.mkdir()
    (themes / "thema.css").write_text(":root { --utrecht-heading-color: #8b0000; }", encoding="utf-8")
    out = render_document("# Kop\n", tmp_path / "t.html", meta=meta(), templates=themes)
    text = out.read_text(encoding="utf-8")
    assert text.index("--utrecht-heading-color: #8b0000") > text.index("--utrecht-heading-color: #1a3a5c")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    out = render_document(
        "# Kop <script>\n\nTekst <b>vet</b> & [x](javascript:alert(1))\n",
        tmp_path / "e.html",
        meta=meta(),
    )
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text.split("<main", 1)[1]
    assert "&lt;b&gt;vet&lt;/b&gt;" in text
    assert 'href="javascript:' not in text


@pytest.mark.browser
def test_axe_core_no_serious_violations(tmp_path: Path) -> None:
    """The sample plus an interactive chart (plotly's SVG and legend must not add violations)."""
    write_png(tmp_path / "kaart.png")
    markdown = SAMPLE + "\n## Resultaten\n\n" + CHART_BLOCK.format(type="lijn")
    sample_html = render_document(markdown, tmp_path / "plan.html", meta=meta(), resources=tmp_path)
    browser_path = chromium_path()
    require(browser_path is not None, "Chromium (apt: chromium)")
    axe = axe_path()
    require(
        axe is not None, "axe-core (npm: axe-core; zet AXE_CORE_JS of installeer in ~/.cache/councilkit-ci)"
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python-pakket playwright (pip install -e .[dev])")
        return
    assert axe is not None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.goto(sample_html.resolve().as_uri())
            page.wait_for_selector(".grafiek__plot svg.main-svg", timeout=15_000)
            page.add_script_tag(content=axe.read_text(encoding="utf-8"))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
        finally:
            browser.close()
    serious = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, json.dumps(
        [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]} for v in serious],
        indent=1,
    )
    assert (tmp_path / "plan.png").stat().st_size > 10_000
