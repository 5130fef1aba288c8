"""The `grafiek` directive: PNG with alt text in docx, interactive plotly in HTML (plotly.js once),
and always the data table and description beside it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from _render_sample import CHART_BLOCK, meta, require

from councilkit.errors import CouncilkitError
from councilkit.render import chart
from councilkit.render.document import render_document

DOCUMENT = (
    "# Resultaten\n\n"
    + CHART_BLOCK.format(type="lijn")
    + "\n## Per wijk\n\n"
    + CHART_BLOCK.format(type="staaf")
)


def test_html_embeds_plotly_once(tmp_path: Path) -> None:
    text = render_document(DOCUMENT, tmp_path / "g.html", meta=meta()).read_text(encoding="utf-8")
    assert text.count("Plotly.newPlot(") == 2
    assert text.count("<script") == 1, "plotly.js hoort één keer in het bestand"
    assert "displayModeBar:false" in text
    assert 'role="img" aria-label="Lijngrafiek van de ervaren steun' in text
    assert "<caption>Tabel 1: cijfers bij figuur 1</caption>" in text
    assert '<td class="uitlijnen-right">57,5</td>' in text
    assert "Bron: Gezondheidsmonitor, 2023 voorlopig" in text
    assert 'src="http' not in text


def test_markdown_gets_table_and_description(tmp_path: Path) -> None:
    text = render_document(DOCUMENT, tmp_path / "g.md", meta=meta()).read_text(encoding="utf-8")
    assert "```grafiek" not in text
    assert "| Periode | Breda (%) | Nederland (%) |" in text
    assert "| 2023 | 57,5 | – |" in text
    assert "*Beschrijving:* Lijngrafiek" in text


def test_docx_picture_with_alt_text(tmp_path: Path) -> None:
    require(chart.find_browser() is not None, "Chromium voor kaleido (apt: chromium)")
    out = render_document(DOCUMENT, tmp_path / "g.docx", meta=meta())
    document = docx.Document(str(out))
    shapes = list(document.inline_shapes)
    assert len(shapes) == 2
    assert all(s._inline.docPr.get("descr", "").startswith("Lijngrafiek") for s in shapes)
    assert len(document.tables) == 2
    assert document.tables[0].rows[3].cells[1].text == "57,5"


def test_docx_without_browser_falls_back_to_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart, "find_browser", lambda: None)
    document = docx.Document(str(render_document(DOCUMENT, tmp_path / "g.docx", meta=meta())))
    assert len(document.inline_shapes) == 0
    assert len(document.tables) == 2
    assert any("kon niet als afbeelding" in p.text for p in document.paragraphs)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("titel: x\nx: [1]\nseries: [{naam: a, waarden: [1]}]\nbron: b\n", "ontbreekt: alt"),
        ("type: taart\ntitel: x\nx: [1]\nseries: [{waarden: [1]}]\nalt: a\nbron: b\n", "onbekend type"),
        ("titel: x\nx: [1, 2]\nseries: [{waarden: [1]}]\nalt: a\nbron: b\n", "serie 1 heeft 1 waarden"),
        ("titel: [x\n", "geen geldige YAML"),
        ("type: tijdlijn\ntitel: x\nbalken: [{naam: a, van: 2023-05-01}]\nbron: b\n", "ontbreekt: alt"),
        (
            "type: tijdlijn\ntitel: x\nbalken: [{naam: a, van: 2023-06-31}]\nalt: a\nbron: b\n",
            "ongeldige datum",
        ),
        (
            "type: tijdlijn\ntitel: x\nbalken: [{naam: a, van: 2023-06-01, tot: 2023-05-01}]\nalt: a\nbron: b\n",
            "balk 1 eindigt vóór hij begint",
        ),
    ],
)
def test_bad_spec_is_dutch_error(tmp_path: Path, spec: str, message: str) -> None:
    with pytest.raises(CouncilkitError, match=message) as info:
        render_document(
            f"# Kop\n\n```grafiek\n{spec}```\n", tmp_path / "g.html", meta=meta(), origin="plan.md.j2"
        )
    assert info.value.file == "plan.md.j2"
    assert "(regel 3 van de Markdown-tekst)" in info.value.format()


TIMELINE = """```grafiek
type: tijdlijn
titel: Planning
balken:
  - {naam: Beeldvorming, van: 2023-05-01, tot: 2023-09-30}
  - {naam: Presentatie, van: 2023-06-08, rij: Beeldvorming}
  - {naam: Werkbezoek, van: 2023-09-14, rij: Beeldvorming, afgelast: true}
  - {naam: Raadsbesluit, van: 2023-09-28, rij: Beeldvorming, besluit: true}
alt: Tijdlijn met één fase en twee activiteiten.
bron: Procesontwerp
```
"""


def test_timeline_table_says_the_same_in_every_format(tmp_path: Path) -> None:
    spec = chart.parse_chart_spec(TIMELINE.split("\n", 1)[1].rsplit("```", 1)[0])
    header, rows, _ = chart.data_table(spec)
    assert header == ["Onderdeel", "Hoort bij", "Van", "Tot en met"]
    assert rows == [
        ["Beeldvorming", "", "1 mei 2023", "30 september 2023"],
        ["Presentatie", "Beeldvorming", "8 juni 2023", ""],
        ["Werkbezoek (afgelast)", "Beeldvorming", "14 september 2023", ""],
        ["Raadsbesluit (besluit)", "Beeldvorming", "28 september 2023", ""],
    ]
    markdown = render_document(f"# Kop\n\n{TIMELINE}", tmp_path / "t.md", meta=meta()).read_text("utf-8")
    assert "| Werkbezoek (afgelast) | Beeldvorming | 14 september 2023 |  |" in markdown
    html = render_document(f"# Kop\n\n{TIMELINE}", tmp_path / "t.html", meta=meta()).read_text("utf-8")
    assert "<td>Werkbezoek (afgelast)</td>" in html and "Plotly.newPlot" in html


def test_timeline_figure_draws_periods_as_bars_and_days_as_markers() -> None:
    spec = chart.parse_chart_spec(TIMELINE.split("\n", 1)[1].rsplit("```", 1)[0])
    fig = chart.figure(spec)
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["bar", "scatter", "scatter", "scatter"]
    bar = fig.data[0]
    assert list(bar.base) == ["2023-05-01"] and list(bar.x) == [153 * 86_400_000], "30 September included"
    assert [t.name for t in fig.data[1:]] == ["Activiteit", "Besluit van de raad", "Afgelast"]
    assert list(fig.data[2].y) == ["Beeldvorming"] and fig.data[2].marker.symbol == "star"


def test_chart_table_keeps_the_indicator_decimals() -> None:
    """A percentage published with one decimal: the table beside the chart says 9,0, not 9."""
    from councilkit.render import chart as ch

    text = (
        "type: lijn\ntitel: t\nx: [2022, 2023]\nseries: [{naam: A, waarden: [9.0, 11.4]}]\nalt: a\nbron: b\n"
    )
    _, rows, _ = ch.data_table(ch.parse_chart_spec(text + "decimalen: 1\n"))
    assert [r[1] for r in rows] == ["9,0", "11,4"]
    _, rows, _ = ch.data_table(ch.parse_chart_spec(text))
    assert rows[0][1] == "9"  # without declared decimals: as the value comes
