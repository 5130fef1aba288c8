"""Kompas text is always text (issue 7, "Security"): tried as an attacker would.

The hostile kompas puts a chart block that closes its script with `</SCRIPT>`, raw HTML with event
handlers, links to shares, Office handlers, local files and javascript, into the texts the plan
shows. The HTML plan is opened in headless Chromium and fails on any dialog or executed script; the
Markdown plan is rendered by markdown-it-py in CommonMark mode with HTML allowed and must contain
no script, event handler or dangerous link; the docx carries no such hyperlink.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from _render_sample import chromium

from tests.conftest import BREDA

PAYLOAD_KOERS = """Gewone koers.

```grafiek
type: lijn
titel: "Aanval </SCRIPT><script>window.__pwned = 'grafiek'; alert('grafiek')</script>"
x: [2021, 2022]
series:
  - naam: "</script><img src=x onerror=\\"window.__pwned='serie'\\">"
    waarden: [1, 2]
alt: "Beschrijving </SCRIPT><script>alert(1)</script>"
bron: CBS
```

<img src=x onerror="window.__pwned='img'; alert('img')">
<script>window.__pwned = 'script'; alert('script')</script>
<!-- verborgen --> <a href="javascript:alert('a')">html-link</a>

[share](smb://server/geheim) [word](ms-word:ofe|u|https://example.org/x.docx) [bestand](file:///etc/passwd)
[js](javascript:alert('js')) [gewoon](https://example.org/) [mail](mailto:griffie@example.org)
<https://autolink.example.org> <smb://server/auto>
"""

BAD_SCHEMES = ("smb:", "ms-word:", "file:", "javascript:")


@pytest.fixture(scope="module")
def hostile_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.test_plan import run_cli

    folder = tmp_path_factory.mktemp("aanval")
    data = yaml.safe_load((BREDA / "kompas.yaml").read_text(encoding="utf-8"))
    data["themas"][0]["koers"] = PAYLOAD_KOERS
    data["waarden"][0]["toelichting"] = "<script>alert('waarde')</script> [x](smb://s/x)"
    kompas = folder / "kompas.yaml"
    kompas.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plans = {}
    for fmt in ("html", "md", "docx"):
        plans[fmt] = folder / f"plan.{fmt}"
        code, err = run_cli("plan", kompas, "-o", plans[fmt])
        assert code == 0, err
    return plans


@pytest.mark.browser
def test_html_plan_runs_no_kompas_script_in_chromium(hostile_plans: dict[str, Path]) -> None:
    dialogs: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_plans["html"].resolve().as_uri())
        page.wait_for_selector(".grafiek__plot .main-svg", timeout=15_000)
        pwned = page.evaluate("() => window.__pwned || null")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        shown = page.inner_text("body")
    assert dialogs == [] and pwned is None, (dialogs, pwned)
    assert not [h for h in hrefs if h.lower().startswith(BAD_SCHEMES)], hrefs
    assert "https://example.org/" in hrefs and "mailto:griffie@example.org" in hrefs
    # The attack is shown as the text it is, not dropped: the reader can see what the kompas says.
    assert "<script>window.__pwned = 'script'" in shown
    assert "share" in shown and "word" in shown


@pytest.mark.browser
def test_the_page_itself_refuses_markup_that_escaping_let_through(
    hostile_plans: dict[str, Path], tmp_path: Path
) -> None:
    """Defence in depth: the page's Content-Security-Policy runs only councilkit's own script. Here the
    escaping is taken away by hand — the attack is pasted into the page as markup — and still nothing
    of it runs or loads, while the page's own charts draw."""
    page_html = hostile_plans["html"].read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in page_html
    attack = (
        "<script>window.__pwned = 'script'</script>"
        "<img src=x onerror=\"window.__pwned = 'img'\">"
        '<img id=ver src="file:///etc/hostname">'
        '<iframe src="https://example.org/"></iframe>'
    )
    broken = tmp_path / "doorgelaten.html"
    broken.write_text(page_html.replace('<main id="inhoud" tabindex="-1">', '<main id="inhoud">' + attack, 1))
    refused: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(broken.resolve().as_uri())
        page.wait_for_selector(".grafiek__plot .main-svg", timeout=15_000)  # our own script ran
        pwned = page.evaluate("() => window.__pwned || null")
        loaded = page.evaluate("() => document.getElementById('ver').naturalWidth")
    assert pwned is None and loaded == 0
    assert len(refused) >= 2, refused  # the browser says what it refused


def test_markdown_plan_is_inert_in_a_commonmark_viewer(hostile_plans: dict[str, Path]) -> None:
    from markdown_it import MarkdownIt

    md = hostile_plans["md"].read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    body = re.sub(r"<!--\ngemaakt met councilkit.*?-->", "", rendered, count=1, flags=re.S)
    assert "<script" not in body.lower()
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", body, flags=re.I), "no element with an event handler"
    assert "<!--" not in body, "no raw HTML comment from the kompas"
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert not [h for h in hrefs if h.lower().startswith(BAD_SCHEMES)], hrefs
    assert "https://example.org/" in hrefs
    assert "&lt;script&gt;window.__pwned = 'script'" in body, "shown as text"


def test_docx_plan_has_no_dangerous_hyperlink(hostile_plans: dict[str, Path]) -> None:
    rels = zipfile.ZipFile(hostile_plans["docx"]).read("word/_rels/document.xml.rels").decode("utf-8")
    targets = re.findall(r'Target="([^"]*)"', rels)
    assert not [t for t in targets if t.lower().startswith(BAD_SCHEMES)], targets
    assert "https://example.org/" in targets


def _plan_with_image(tmp_path: Path, cli, src: str) -> tuple[int, str]:
    data = yaml.safe_load((BREDA / "kompas.yaml").read_text(encoding="utf-8"))
    data["themas"][0]["koers"] = f"Koers.\n\n![Een afbeelding]({src})\n"
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("plan", kompas, "-o", tmp_path / "plan.html")
    return result.code, result.err


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "0001e221bc330000000049454e44ae426082"
)


def test_images_only_from_the_kompas_folder_and_only_real_images(tmp_path: Path, cli) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.png").write_bytes(PNG)
    project = tmp_path / "project"
    project.mkdir()
    (project / "logo.png").write_bytes(PNG)
    (project / "koppeling.png").symlink_to(outside / "geheim.png")
    (project / "nep.png").write_text("root:x:0:0:root:/root:/bin/bash\n")
    shutil.copy(outside / "geheim.png", project / "kopie.png")

    code, err = _plan_with_image(project, cli, "logo.png")
    assert code == 0, err
    html = (project / "plan.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html

    for src, words in (
        (str(outside / "geheim.png"), "buiten de map"),
        ("../buiten/geheim.png", "buiten de map"),
        ("koppeling.png", "buiten de map"),
        ("nep.png", "geen echte"),
        ("/etc/passwd", "niet-ondersteund formaat"),
        ("https://example.org/logo.png", "geen bestand naast het kompas"),
    ):
        (project / "plan.html").unlink(missing_ok=True)
        code, err = _plan_with_image(project, cli, src)
        assert code == 2 and words in err, (src, err)
        assert not (project / "plan.html").exists()
    # markdown-it itself refuses file: URLs; the image then stays text, nothing is embedded.
    assert _plan_with_image(project, cli, "file:///etc/hostname.png")[0] == 0
    assert "data:image" not in (project / "plan.html").read_text(encoding="utf-8")


def test_theme_css_cannot_close_the_style_element_or_run_code(tmp_path: Path, cli) -> None:
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "thema.css").write_text(
        ":root { --kleur: red; }\n</style><script>alert('css')</script>\n"
        "{{ ''.__class__.__mro__ }} @import url(https://example.org/x.css);\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.html"
    result = cli("plan", BREDA / "kompas.yaml", "-o", out, "--templates", own)
    assert result.code == 0, result
    html = out.read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert "<script" not in style.lower() and "--kleur: red" in style
    assert "@import" not in style
    assert "{{ ''.__class__.__mro__ }}" in style, "CSS is text, not a template"


def test_template_cannot_reach_python(tmp_path: Path, cli) -> None:
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "beleidsplan.md.j2").write_text(
        "# Plan\n\n{{ plan.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    result = cli("plan", BREDA / "kompas.yaml", "-o", tmp_path / "plan.md", "--templates", own)
    assert result.code == 2, result
    assert "beleidsplan.md.j2" in result.err and "niet mag" in result.err
