"""A small sample document for the render tests: every directive, a table, lists and an image.

Shared by tests/test_render_*.py (imported as a plain module: pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from councilkit.render.document import DocumentMeta

SAMPLE = """\
[[inhoudsopgave]]

::: let-op Concept — bevat fouten
Dit is een **concept**; cijfers kunnen nog wijzigen. Zie [de gemeente](https://www.breda.nl).
:::

# Inleiding

Dit plan beschrijft *waarom* we dit doen en wat we `willen` bereiken.

## Waarden en principes

- Solidariteit
  - Samen zorgen voor elkaar
- Eigen regie

1. Eerste stap
2. Tweede stap

Tabel: Aantal cliënten met een Wmo-voorziening
| Jaar | Cliënten | Aandeel |
|------|---------:|--------:|
| 2022 | 11.940 | 5,1% |
| 2023 | 9.375 | 4,0% |

### Uitwerking per thema

![Kaart van de wijken van Breda](kaart.png "Wijken in Breda")

# Financiën

Tabel: Budget per jaar
| Jaar | Budget |
|---|---:|
| 2026 | € 1.234.567 |

::: let-op
Dit hoofdstuk is nog niet uitgewerkt.
:::
"""

CHART_BLOCK = """\
```grafiek
type: {type}
titel: Ervaren steun 75-plussers
x: [2021, 2022, 2023]
series:
  - naam: Breda
    waarden: [50, 55, 57.5]
  - naam: Nederland
    waarden: [52, 53, null]
eenheid: "%"
alt: Lijngrafiek van de ervaren steun; in Breda stijgt die van 50% naar 57,5%.
bron: Gezondheidsmonitor, 2023 voorlopig
```
"""

HEADINGS = ["Inleiding", "Waarden en principes", "Uitwerking per thema", "Financiën"]


def meta() -> DocumentMeta:
    return DocumentMeta(
        titel="Beleidsplan Wmo 2025–2028",
        ondertitel="Samen zorgen in Breda",
        auteur="Team Beleid",
        onderwerp="Wmo-beleid",
        organisatie="Gemeente Breda",
        datum="2026-11-22",
        status="Concept",
        trefwoorden=["wmo", "kompas"],
    )


def write_png(path: Path, width: int = 120, height: int = 60) -> Path:
    """A small RGB gradient PNG written with zlib only (no Pillow needed)."""
    raw = b"".join(
        b"\x00" + b"".join(bytes([x * 255 // width, y * 255 // height, 120]) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def require(available: bool, what: str) -> None:
    """Fail in CI (CI=true) when a system tool is missing; skip elsewhere, saying what to install."""
    if available:
        return
    message = f"{what} ontbreekt"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: .ci/run moet dit installeren")
    pytest.skip(f"{message} (lokaal overgeslagen; in CI verplicht)")


def assert_contents_match_pages(pages: list[str], chapters: list[str]) -> None:
    """Every contents line 'title.....N' of a PDF (one text per page) names a title that is a line on
    page N, and each of `chapters` is listed with a page number."""
    contents = [i for i, text in enumerate(pages) if "Inhoudsopgave" in text]
    assert contents, "a contents page"
    entries = []
    for i in range(contents[0], len(pages)):
        found = re.findall(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", pages[i], flags=re.MULTILINE)
        if not found and entries:
            break
        entries += [(" ".join(title.split()), int(number)) for title, number in found]
    titles = [title for title, _ in entries]
    for chapter in chapters:
        assert chapter in titles, f"{chapter!r} in the contents with a page number: {titles}"
    assert len(entries) > 20
    for title, number in entries:
        assert 1 <= number <= len(pages), (title, number)
        lines = [" ".join(line.split()) for line in pages[number - 1].splitlines()]
        assert title in lines, f"{title!r} is listed on page {number}, but that page does not show it"


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH") or os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def axe_path() -> Path | None:
    """axe.min.js from the npm package axe-core: $AXE_CORE_JS, or where .ci/run installs it."""
    candidates = []
    if os.environ.get("AXE_CORE_JS"):
        candidates.append(Path(os.environ["AXE_CORE_JS"]))
    root = Path(__file__).resolve().parents[1]
    candidates += [
        Path.home() / ".cache" / "councilkit-ci" / "node_modules" / "axe-core" / "axe.min.js",
        root / "node_modules" / "axe-core" / "axe.min.js",
    ]
    return next((c for c in candidates if c.is_file()), None)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (playwright `Browser`), closed afterwards. Requires Chromium and playwright
    (see `require`: fails in CI, skips locally)."""
    path = chromium_path()
    require(path is not None, "Chromium (apt: chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python-pakket playwright (pip install -e .[dev])")
        raise
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_in_chromium(
    html: Path,
    *,
    wait_for: str | None = None,
    screenshot: Path | None = None,
    console_errors: list[str] | None = None,
    counts: dict[str, int] | None = None,
) -> tuple[list[dict], list[str]]:
    """Open `html` in headless Chromium, run axe-core on it; return serious/critical violations and h1/h2 texts.

    `console_errors`, when given, collects the page's console errors and uncaught exceptions;
    `counts` maps CSS selectors to how many elements match after loading (filled in).

    Requires Chromium, axe-core and playwright (see `require`: fails in CI, skips locally).
    """
    axe = axe_path()
    require(
        axe is not None, "axe-core (npm: axe-core; zet AXE_CORE_JS of installeer in ~/.cache/councilkit-ci)"
    )
    assert axe is not None
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        if console_errors is not None:  # collect what a reader's browser would complain about
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.goto(html.resolve().as_uri())
        if wait_for:
            page.wait_for_selector(wait_for, timeout=15_000)
        page.evaluate(axe.read_text(encoding="utf-8"))  # not a <script>: the page's CSP would refuse it
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        headings = page.eval_on_selector_all("h1, h2", "els => els.map(e => e.textContent.trim())")
        for selector in counts or {}:  # how many elements match, e.g. rendered chart SVGs
            assert counts is not None
            counts[selector] = page.eval_on_selector_all(selector, "els => els.length")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    return serious, headings


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (pdftotext keeps the layout; pypdf where poppler is missing)."""
    import subprocess

    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def docx_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Open `docx_path` in headless LibreOffice and convert it to PDF: the opening test for Word output.

    Requires LibreOffice (see `require`: fails in CI, skips locally). A fresh profile per call keeps
    parallel or earlier LibreOffice runs from interfering.
    """
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (apt: libreoffice-writer)")
    assert soffice is not None
    profile = outdir / "lo-profiel"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir / "pdf"),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = outdir / "pdf" / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice maakte geen PDF: {result.stdout}\n{result.stderr}"
    return pdf
