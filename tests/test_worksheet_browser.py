"""The HTML worksheet in a real browser: fill every field, reload, save, load elsewhere, read back exactly.

One headless Chromium session for the whole module (Playwright with the system chromium). Any
dialog (alert, confirm) fails the test: typed text must never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from _render_sample import axe_path, chromium, require

pytestmark = pytest.mark.browser

NASTY = (
    " Één “aanhalingstekens” 'enkel' \"dubbel\" 😀🇳🇱 café\n"
    "tweede regel\n\n"
    "</script><img src=x onerror=window.__pwned=1><script>window.__pwned=2</script> <b>vet</b>"
    " {{ jinja }} - sleutel: waarde # geen commentaar\t \\n&amp; "
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _page(browser: Any, url: str, dialogs: list[str]) -> tuple[Any, Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return context, page


def _values(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "textarea, input[type=text], input[type=date]",
        "els => Object.fromEntries(els.map(e => [e.id, e.value]))",
    )


def test_fill_reload_save_load_read(browser: Any, tmp_path: Path, cli) -> None:
    form = tmp_path / "visie.html"
    result = cli("worksheet", "new", "visie", "-o", form, "--gemeente", 'Breda "<b>"&')
    assert result.code == 0, result
    dialogs: list[str] = []
    context, page = _page(browser, form.as_uri(), dialogs)
    assert page.title() == 'Visie op het sociaal domein — gemeente Breda "<b>"&'

    rows_before = page.locator("#koppeltabel tbody tr").count()
    page.click("#rij-erbij")
    assert page.locator("#koppeltabel tbody tr").count() == rows_before + 1

    expected: dict[str, str] = {}
    for element_id in page.eval_on_selector_all("textarea", "els => els.map(e => e.id)"):
        expected[element_id] = f"{element_id}:{NASTY}"
        page.fill(f"#{element_id}", expected[element_id])
    expected["naam"] = "Jan “de Vries” 😀"
    expected["fractie"] = "GroenLinks/PvdA <i>"
    expected["datum"] = "2026-11-28"
    for key in ("naam", "fractie", "datum"):
        page.fill(f"#{key}", expected[key])
    assert _values(page) == expected

    page.reload()
    assert _values(page) == expected, "de antwoorden staan er na herladen niet meer precies"

    with page.expect_download() as info:
        page.click("#bewaar")
    saved = tmp_path / "jan.json"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "werkblad-visie-jan-de-vries.json"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    context.close()

    # A fresh browser profile (another computer): open the form, then load the saved file.
    context, page = _page(browser, form.as_uri(), dialogs)
    assert _values(page)["veld-gekozen-waarden-1"] == ""
    page.set_input_files("#laad", str(saved))
    page.locator("#melding", has_text="geopend").wait_for()  # (no eval: the page's CSP forbids it)
    assert _values(page) == expected
    context.close()
    assert not dialogs, dialogs

    out = tmp_path / "jan.yaml"
    before = saved.read_bytes()
    result = cli("worksheet", "read", saved, "-o", out)
    assert result.code == 0, result
    assert saved.read_bytes() == before
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["soort"] == "werkblad" and data["werkblad"] == "visie"
    assert (data["naam"], data["fractie"], data["datum"]) == (
        expected["naam"],
        expected["fractie"],
        expected["datum"],
    )
    assert data["gemeente"] == 'Breda "<b>"&'
    assert data["antwoorden"]["gekozen-waarden"] == [
        expected[f"veld-gekozen-waarden-{i}"] for i in range(1, 6)
    ]
    assert data["antwoorden"]["principes-onderbouwing"] == expected["veld-principes-onderbouwing"]
    read_back = {}
    for key, value in data["antwoorden"].items():
        if isinstance(value, list):
            read_back.update({f"veld-{key}-{i}": v for i, v in enumerate(value, start=1)})
        else:
            read_back[f"veld-{key}"] = value
    for row_number, row in enumerate(data["koppeltabel"], start=1):
        read_back.update({f"koppel-{row_number}-{kolom}": v for kolom, v in row.items()})
    assert read_back == {k: v for k, v in expected.items() if k not in ("naam", "fractie", "datum")}
    assert len(data["koppeltabel"]) == rows_before + 1
    assert cli("check", out).code == 0


def test_loading_another_kind_changes_nothing(browser: Any, tmp_path: Path, cli) -> None:
    form = tmp_path / "visie.html"
    assert cli("worksheet", "new", "visie", "-o", form).code == 0
    other = tmp_path / "preventie.json"
    other.write_text(
        '{"formaat": "councilkit-werkblad", "werkblad": "preventie", "variant": "zelf", "antwoorden": {}}',
        encoding="utf-8",
    )
    broken = tmp_path / "kapot.json"
    broken.write_text('{"formaat": "councilkit-werkblad", "werkbl', encoding="utf-8")
    dialogs: list[str] = []
    context, page = _page(browser, form.as_uri(), dialogs)
    page.fill("#veld-gekozen-waarden-1", "Solidariteit")
    page.fill("#veld-gekozen-waarden-2", "<b>Eigen regie</b> 😀")
    page.select_option("#kies-1-waarde", label="<b>Eigen regie</b> 😀")  # choose from step 1
    assert page.input_value("#koppel-1-waarde") == "<b>Eigen regie</b> 😀"
    page.set_input_files("#laad", str(other))
    page.locator("#melding", has_text="preventie").wait_for()  # (no eval: the page's CSP forbids it)
    assert "niets veranderd" in page.text_content("#melding")
    page.set_input_files("#laad", str(broken))
    page.locator("#melding", has_text="beschadigd").wait_for()  # (no eval: the page's CSP forbids it)
    assert page.input_value("#veld-gekozen-waarden-1") == "Solidariteit"
    context.close()
    assert not dialogs


def test_keyboard_zoom_print_and_axe(browser: Any, tmp_path: Path, cli) -> None:
    """Every field reachable by Tab, no sideways scrolling at 200% zoom, A4 print, axe-core clean."""
    axe = axe_path()
    require(axe is not None, "axe-core (npm: axe-core)")
    assert axe is not None
    for soort, extra in (("visie", []), ("waardemodel", ["--raad"]), ("preventie", [])):
        form = tmp_path / f"{soort}.html"
        assert cli("worksheet", "new", soort, "-o", form, *extra).code == 0
        dialogs: list[str] = []
        context, page = _page(browser, form.as_uri(), dialogs)
        fields = set(page.eval_on_selector_all("textarea, input", "els => els.map(e => e.id)"))
        stops = page.locator("textarea, input, select, button, a[href]").count()
        reached = set()
        for _ in range(stops + 10):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.id"))
            if "bewaar" in reached and fields <= reached:
                break
        assert fields <= reached, fields - reached
        assert "bewaar" in reached

        page.evaluate(axe.read_text(encoding="utf-8"))  # not a <script>: the page's CSP would refuse it
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v["id"] for v in result["violations"] if v.get("impact") in ("serious", "critical")]
        assert not serious, (soort, serious)

        # 200% zoom on a 1280 px wide screen is a 640 px wide viewport.
        page.set_viewport_size({"width": 640, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        context.close()
        assert not dialogs
