"""`render.blocks.parse` reads markdown-it's tokens exactly as markdown-it makes them.

The parser skips markdown-it's inline parser for text in which no inline rule can start (most of a
large plan) and nests tokens itself; both are speed-ups only, so they must give the very tokens and
the very document tree the stock markdown-it gives, on real plan text and on hostile text.
"""

from __future__ import annotations

import random

import pytest

from councilkit.render import blocks

HOSTILE = [
    "<script>alert(1)</script>",
    "&lt;b&gt; &amp; &#x3C;img src=x onerror=alert(1)&#x3E;",
    "[klik](javascript:alert(1)) [share](smb://server/x) [ok](https://example.org)",
    "![foto](file:///etc/passwd) *nadruk* _ook_ **vet** `code` \\*geen\\*",
    "regel  \nharde breuk\nzachte breuk",
    "<https://example.org> <mailto:a@b.nl> tekst met - streepje: dubbelepunt 50% (2024) # hekje",
    "  spaties rondom  ",
    "|niet|een|tabel|",
]


def _stock() -> object:
    """markdown-it exactly as councilkit configures it, without the fast inline path."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name in blocks.CALLOUTS:
        md.use(container_plugin, name)
    return md


def _corpus() -> list[str]:
    rng = random.Random(7)
    alphabet = "abc XYZ 0123456789 .,;:-–'\"()%#+=@$^{}|~/?!*_[]<>&\\`\néëü€"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    table = "| Nr. | Eis |\n|---|---|\n" + "".join(f"| {t.replace('|', ' ')} | x |\n" for t in fuzz[:50])
    # every ASCII punctuation character alone, doubled and around a word, so no starting character is missed
    marks = [f"voor {c}woord{c} {c}{c}na{c}{c} x{c}" for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"]
    paragraphs = "\n\n".join([*HOSTILE, *marks, *fuzz])
    items = "".join(f"- {t.splitlines()[0] if t.strip() else 'x'}\n" for t in fuzz[50:120])
    return [paragraphs, table, items, "# Kop\n\n::: let-op Titel\n" + HOSTILE[3] + "\n:::\n"]


@pytest.mark.parametrize("source", _corpus())
def test_fast_inline_path_gives_markdown_its_own_tokens(source: str) -> None:
    stock = [t.as_dict() for t in _stock().parse(source)]  # type: ignore[attr-defined]
    fast = [t.as_dict() for t in blocks._markdown_it().parse(source)]
    assert fast == stock


def test_plan_markdown_gives_markdown_its_own_tokens(cli, tmp_path) -> None:
    """The Breda plan's own Markdown (tables, callouts, lists, escaped kompas text) reads the same."""
    out = tmp_path / "plan.md"
    assert cli("plan", "examples/breda/kompas.yaml", "-o", str(out)).code == 0
    source = out.read_text(encoding="utf-8")
    stock = [t.as_dict() for t in _stock().parse(source)]  # type: ignore[attr-defined]
    assert [t.as_dict() for t in blocks._markdown_it().parse(source)] == stock
    assert blocks.parse(source, resources=tmp_path).headings[0].source.startswith("Beleidsplan")
