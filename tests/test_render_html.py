"""HTML output: one self-contained, accessible file; axe-core finds no serious or critical problem."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _render_sample import CHART_BLOCK, HEADINGS, SAMPLE, axe_in_chromium, meta, write_png

from councilkit.render.document import render_document


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
    serious, _ = axe_in_chromium(
        sample_html, wait_for=".grafiek__plot svg.main-svg", screenshot=tmp_path / "plan.png"
    )
    assert not serious, serious
    assert (tmp_path / "plan.png").stat().st_size > 10_000


@pytest.mark.browser
def test_axe_check_catches_a_real_violation(tmp_path: Path) -> None:
    """The accessibility check can fail: a page with an unlabelled form field is reported."""
    page = tmp_path / "slecht.html"
    page.write_text(
        '<!doctype html><html lang="nl"><head><title>x</title></head><body><main>'
        '<input type="text"><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>',
        encoding="utf-8",
    )
    serious, _ = axe_in_chromium(page)
    assert {"label", "image-alt"} <= {v["id"] for v in serious}
