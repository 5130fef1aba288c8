"""The `grafiek` directive: a small YAML spec → a plotly figure, its data table and its text alternative.

A chart is defined once and shown per format: interactive in HTML (plotly.js embedded once per file),
a static PNG in docx (kaleido, which drives a system Chrome/Chromium), and always the data table and
the alt text beside it, because a chart alone excludes readers who cannot see it and because figures
in council documents must be checkable. Plotly and kaleido are imported only when a chart is drawn.

Spec (YAML inside a fenced block with info string `grafiek`)::

    type: lijn            # lijn | staaf (line | bar also accepted)
    titel: Ervaren steun 75-plussers
    x: [2021, 2022, 2023]
    series:
      - naam: Breda
        waarden: [50, 55, 57]
    eenheid: "%"          # optional: shown in the table header and axis title
    x_titel: Jaar         # optional: header of the first table column (default Periode/Categorie)
    alt: Lijngrafiek van de ervaren steun; die stijgt van 50% naar 57%.
    bron: CBS, tabel 85xxx, 2023 voorlopig

A timeline (`type: tijdlijn`) has no x and series but `balken`: periods drawn as bars and, with
`tot` left out, single days drawn as markers on the row of their `rij` (a phase and its meetings)::

    type: tijdlijn
    titel: Planning armoede en schuldhulpverlening
    balken:
      - {naam: Beeldvorming, van: 2023-05-01, tot: 2023-09-30}
      - {naam: Presentatie huidig beleid, van: 2023-06-08, rij: Beeldvorming}
      - {naam: Werkbezoek, van: 2023-09-14, rij: Beeldvorming, afgelast: true}
      - {naam: Raadsbesluit, van: 2023-09-28, rij: Beeldvorming, besluit: true}
    alt: Tijdlijn van drie fasen van mei 2023 tot februari 2024 met negen bijeenkomsten.
    bron: Procesontwerp armoede en schuldhulpverlening
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from typing import Any

from councilkit.errors import CouncilkitError, markdown_error

TYPES = {
    "lijn": "lijn",
    "line": "lijn",
    "staaf": "staaf",
    "bar": "staaf",
    "tijdlijn": "tijdlijn",
    "timeline": "tijdlijn",
}
#: colours with at least 3:1 contrast on white and distinguishable in common colour-vision deficiencies
PALETTE = ["#0b5394", "#c55a11", "#38761d", "#741b47", "#595959", "#b45f06"]
log = logging.getLogger(__name__)
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@dataclass
class Series:
    naam: str
    waarden: list[float | None]


@dataclass
class Balk:
    """A period (`tot` given) or a single day (`tot` is None) on a timeline row."""

    naam: str
    van: dt.date
    tot: dt.date | None = None
    rij: str = ""
    afgelast: bool = False
    besluit: bool = False

    @property
    def is_periode(self) -> bool:
        return self.tot is not None


@dataclass
class ChartSpec:
    type: str
    titel: str
    x: list[str]
    series: list[Series]
    alt: str
    bron: str
    eenheid: str = ""
    x_titel: str = ""
    balken: list[Balk] = field(default_factory=list)
    #: Decimals of every value in the table and the labels (None: as each value comes).
    decimalen: int | None = None

    @property
    def tabelwoord(self) -> str:
        """What the table beside the chart holds: figures, or (for a timeline) dates."""
        return "gegevens" if self.type == "tijdlijn" else "cijfers"


def data_table(spec: ChartSpec) -> tuple[list[str], list[list[str]], list[str | None]]:
    """The table printed beside every chart (header, rows, alignment), the same in every format."""
    # Deferred: babel only when numbers are written out.
    from councilkit.render import nl

    if spec.type == "tijdlijn":
        header = ["Onderdeel", "Hoort bij", "Van", "Tot en met"]
        rows = [
            [
                balk.naam + (" (afgelast)" if balk.afgelast else " (besluit)" if balk.besluit else ""),
                balk.rij or "",
                nl.datum(balk.van),
                nl.datum(balk.tot) if balk.tot else "",
            ]
            for balk in spec.balken
        ]
        return header, rows, [None, None, None, None]
    unit = f" ({spec.eenheid})" if spec.eenheid else ""
    header = [spec.x_titel] + [s.naam + unit for s in spec.series]
    rows = [[x] + [nl.getal(s.waarden[i], spec.decimalen) for s in spec.series] for i, x in enumerate(spec.x)]
    return header, rows, [None] + ["right"] * len(spec.series)


def parse_chart_spec(text: str, *, origin: str | None = None, line: int | None = None) -> ChartSpec:
    """Read and check a `grafiek` block; every problem is a Dutch error at the block's line."""
    import yaml

    def fail(message: str, hint: str) -> CouncilkitError:
        return markdown_error(f"grafiek: {message}", origin=origin, line=line, hint=hint)

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise fail(f"geen geldige YAML ({exc})", "controleer inspringing en dubbele punten") from None
    except ValueError:  # PyYAML lets datetime refuse 2023-06-31 with a bare ValueError
        raise fail(
            "een ongeldige datum", "schrijf datums als JJJJ-MM-DD en controleer dag en maand"
        ) from None
    if not isinstance(data, dict):
        raise fail("verwacht sleutels als type, titel, x, series, alt en bron", "zie templates/README.md")
    kind = TYPES.get(str(data.get("type", "lijn")).lower())
    if kind is None:
        raise fail(f"onbekend type '{data.get('type')}'", "kies lijn, staaf of tijdlijn")
    if kind == "tijdlijn":
        return _parse_timeline(data, fail)
    missing = [key for key in ("titel", "x", "series", "alt", "bron") if not data.get(key)]
    if missing:
        raise fail(f"ontbreekt: {', '.join(missing)}", "alt (tekstalternatief) en bron zijn verplicht")
    x = data["x"]
    if not isinstance(x, list):
        raise fail("x moet een lijst zijn", "bijvoorbeeld x: [2021, 2022, 2023]")
    series: list[Series] = []
    raw_series = data["series"]
    if not isinstance(raw_series, list):
        raise fail("series moet een lijst zijn", "elke serie heeft een naam en waarden")
    for i, raw in enumerate(raw_series, start=1):
        if not isinstance(raw, dict) or "waarden" not in raw:
            raise fail(f"serie {i} heeft geen waarden", "geef per serie 'naam' en 'waarden'")
        values = raw["waarden"]
        if not isinstance(values, list) or len(values) != len(x):
            raise fail(
                f"serie {i} heeft {len(values) if isinstance(values, list) else 0} waarden, x heeft er {len(x)}",
                "geef voor elk punt op de x-as één waarde (of null als die ontbreekt)",
            )
        try:
            numbers = [None if v is None else float(v) for v in values]
        except (TypeError, ValueError):
            raise fail(f"serie {i} bevat een waarde die geen getal is", "gebruik getallen of null") from None
        series.append(Series(str(raw.get("naam") or f"Serie {i}"), numbers))
    return ChartSpec(
        type=kind,
        titel=str(data["titel"]),
        x=[str(v) for v in x],
        series=series,
        alt=" ".join(str(data["alt"]).split()),
        bron=str(data["bron"]),
        eenheid=str(data.get("eenheid") or ""),
        x_titel=str(data.get("x_titel") or _default_x_title(x)),
        decimalen=_decimals(data.get("decimalen"), fail),
    )


def _decimals(value: Any, fail: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise fail("decimalen moet een geheel getal van 0 tot en met 3 zijn", "bijvoorbeeld decimalen: 1")
    return value


def _parse_timeline(data: dict[str, Any], fail: Any) -> ChartSpec:
    missing = [key for key in ("titel", "balken", "alt", "bron") if not data.get(key)]
    if missing:
        raise fail(f"ontbreekt: {', '.join(missing)}", "alt (tekstalternatief) en bron zijn verplicht")
    if not isinstance(data["balken"], list):
        raise fail("balken moet een lijst zijn", "elke balk heeft een naam en een datum 'van'")
    balken: list[Balk] = []
    for i, raw in enumerate(data["balken"], start=1):
        if not isinstance(raw, dict) or not raw.get("naam") or "van" not in raw:
            raise fail(f"balk {i} heeft geen naam of 'van'", "geef per balk 'naam' en 'van' (JJJJ-MM-DD)")
        try:
            van = _as_date(raw["van"])
            tot = _as_date(raw["tot"]) if raw.get("tot") is not None else None
        except ValueError:
            raise fail(f"balk {i} heeft een ongeldige datum", "schrijf datums als JJJJ-MM-DD") from None
        if tot is not None and tot < van:
            raise fail(f"balk {i} eindigt vóór hij begint", "draai 'van' en 'tot' om")
        balken.append(
            Balk(
                str(raw["naam"]),
                van,
                tot,
                str(raw.get("rij") or ""),
                bool(raw.get("afgelast", False)),
                bool(raw.get("besluit", False)),
            )
        )
    return ChartSpec(
        type="tijdlijn",
        titel=str(data["titel"]),
        x=[],
        series=[],
        alt=" ".join(str(data["alt"]).split()),
        bron=str(data["bron"]),
        balken=balken,
    )


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _default_x_title(x: list[Any]) -> str:
    """`Periode` when the x values look like years or periods (2023, 2023Q1, 2023-2024), else `Categorie`."""
    if all(re.fullmatch(r"\d{4}([-/ ]?(\d{2,4}|[QKMqkm]\d{1,2}|JJ|jj))?", str(v).strip()) for v in x):
        return "Periode"
    return "Categorie"


def figure(spec: ChartSpec) -> Any:
    """The plotly figure for `spec` (same figure for HTML and PNG)."""
    import plotly.graph_objects as go

    # Deferred: babel only when numbers are written out.
    from councilkit.render import nl

    if spec.type == "tijdlijn":
        return _timeline_figure(spec)

    fig = go.Figure()
    for i, serie in enumerate(spec.series):
        colour = PALETTE[i % len(PALETTE)]
        labels = [
            nl.getal(v, spec.decimalen) + (spec.eenheid if spec.eenheid == "%" else "") for v in serie.waarden
        ]
        common = {
            "x": spec.x,
            "y": serie.waarden,
            "name": serie.naam,
            "hovertext": labels,
            "hoverinfo": "text+name",
        }
        if spec.type == "staaf":
            fig.add_trace(go.Bar(marker_color=colour, **common))
        else:
            fig.add_trace(
                go.Scatter(
                    mode="lines+markers",
                    line={"color": colour, "width": 3},
                    marker={"size": 8, "symbol": ["circle", "square", "diamond", "triangle-up"][i % 4]},
                    **common,
                )
            )
    fig.update_layout(
        title={"text": spec.titel},
        template="simple_white",
        font={"family": "Arial, Liberation Sans, sans-serif", "size": 14, "color": "#1a1a1a"},
        separators=",.",
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": {"text": spec.eenheid}, "rangemode": "tozero"},
        xaxis={"type": "category"},
        showlegend=len(spec.series) > 1,
    )
    return fig


def _timeline_figure(spec: ChartSpec) -> Any:
    """Periods as horizontal bars on a date axis, single days as markers on their row.

    Plotly draws a bar on a date axis from `base` with a length in milliseconds; a period includes
    its last day, so it runs to the start of the day after.
    """
    import plotly.graph_objects as go

    # Deferred: babel only when numbers are written out.
    from councilkit.render import nl

    fig = go.Figure()
    periods = [b for b in spec.balken if b.is_periode]
    rows = list(dict.fromkeys([b.naam for b in periods] + [b.rij or b.naam for b in spec.balken]))
    day_ms = 86_400_000
    fig.add_trace(
        go.Bar(
            y=[b.naam for b in periods],
            x=[((b.tot - b.van).days + 1) * day_ms for b in periods if b.tot],
            base=[b.van.isoformat() for b in periods],
            orientation="h",
            marker_color=PALETTE[0],
            opacity=0.35,
            name="Fase",
            hovertext=[f"{b.naam}: {nl.datum(b.van)} – {nl.datum(b.tot)}" for b in periods],
            hoverinfo="text",
        )
    )
    kinds = (
        ("Activiteit", PALETTE[1], "diamond", lambda b: not b.afgelast and not b.besluit),
        ("Besluit van de raad", PALETTE[2], "star", lambda b: b.besluit and not b.afgelast),
        ("Afgelast", PALETTE[4], "x", lambda b: b.afgelast),
    )
    for naam, colour, symbol, belongs in kinds:
        days = [b for b in spec.balken if not b.is_periode and belongs(b)]
        if not days:
            continue
        fig.add_trace(
            go.Scatter(
                y=[b.rij or b.naam for b in days],
                x=[dt.datetime.combine(b.van, dt.time(12)).isoformat() for b in days],
                mode="markers",
                marker={
                    "size": 13,
                    "symbol": symbol,
                    "color": colour,
                    "line": {"width": 1, "color": "#1a1a1a"},
                },
                name=naam,
                hovertext=[f"{b.naam}: {nl.datum(b.van)}" for b in days],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        title={"text": spec.titel},
        template="simple_white",
        font={"family": "Arial, Liberation Sans, sans-serif", "size": 14, "color": "#1a1a1a"},
        margin={"l": 140, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.15},
        xaxis={"type": "date", "tickformat": "%m-%Y"},
        yaxis={"categoryorder": "array", "categoryarray": rows, "autorange": "reversed"},
        barmode="overlay",
    )
    return fig


def find_browser() -> str | None:
    """A Chrome/Chromium for kaleido: `BROWSER_PATH` if set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):
        return configured
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_png(specs: list[ChartSpec], *, width: int = 900, height: int = 500) -> list[bytes] | None:
    """Static PNGs for `specs` in one kaleido session, or None when no browser is available.

    Kaleido starts a headless browser per session, which costs a second or two, so all charts of a
    document are rendered in one session. MathJax is switched off so nothing is fetched from the
    network; plotly.js comes from the installed plotly package.
    """
    if not specs:
        return []
    browser = find_browser()
    if browser is None:
        log.warning("geen Chrome/Chromium gevonden; grafieken komen als tabel in het Word-document")
        return None
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        import kaleido
    except ImportError:
        return None
    figs = [figure(spec) for spec in specs]
    opts = {"format": "png", "width": width, "height": height, "scale": 2}

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(n=1, timeout=60, mathjax=False) as session:
            return [await session.calc_fig(fig, opts=opts) for fig in figs]

    # Deferred: asyncio (with ssl) costs ~25 ms at start-up, and only a docx chart picture needs it.
    import asyncio

    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(render())
        # called from running async code (a notebook): kaleido's own blocking helper, per figure
        return [kaleido.calc_fig_sync(fig, opts=opts, kopts={"mathjax": False}) for fig in figs]
    except Exception as exc:  # a browser that fails to start must not lose the whole document
        log.warning("grafieken konden niet als afbeelding worden gemaakt: %s", exc)
        return None
