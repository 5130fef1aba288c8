"""The document tree → one self-contained, accessible HTML file.

The body is generated here; the page around it (head, landmarks, CSS) comes from the Jinja2
template `basis.html.j2` with its stylesheet `basis.css`, both overridable via `--templates`. A
municipality drops a `thema.css` with its NL Design System token values into that directory to
apply its theme without touching the layout. Everything is inline (CSS, images as data URIs,
plotly.js once when the document has charts): a council information system often strips external
files, and a document must stay readable offline and in ten years.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import mimetypes
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.errors import CouncilkitError
from councilkit.render import blocks as b
from councilkit.render import nl
from councilkit.render.templating import render_template, search_path

if TYPE_CHECKING:
    from councilkit.render.meta import DocumentMeta

PAGE_TEMPLATE = "basis.html.j2"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_href(href: str) -> str:
    """Links keep http(s), mailto, tel and in-page anchors; anything else (javascript:) is dropped."""
    lowered = href.strip().lower()
    if lowered.startswith(("http://", "https://", "mailto:", "tel:", "#")) or "://" not in lowered:
        if lowered.startswith(("javascript:", "data:", "vbscript:")):
            return "#"
        return href
    return "#"


class HtmlWriter:
    def __init__(self, tree: b.Document) -> None:
        self.tree = tree
        self.charts: list[tuple[str, Any]] = []

    def inlines(self, items: list[b.Inline]) -> str:
        out: list[str] = []
        for item in items:
            if isinstance(item, b.Text):
                out.append(_esc(item.text))
            elif isinstance(item, b.Code):
                out.append(f"<code>{_esc(item.text)}</code>")
            elif isinstance(item, b.Strong):
                out.append(f"<strong>{self.inlines(item.children)}</strong>")
            elif isinstance(item, b.Emph):
                out.append(f"<em>{self.inlines(item.children)}</em>")
            elif isinstance(item, b.Link):
                out.append(f'<a href="{_esc(_safe_href(item.href))}">{self.inlines(item.children)}</a>')
            elif isinstance(item, b.InlineImage):
                out.append(_esc(item.alt))
            elif isinstance(item, b.Break):
                out.append("<br>")
        return "".join(out)

    def blocks(self, items: list[b.Block]) -> str:
        return "\n".join(self.block(block) for block in items)

    def block(self, block: b.Block) -> str:
        if isinstance(block, b.Heading):
            level = min(block.level + 1, 6)  # the document title is the page's only <h1>
            return f'<h{level} id="{block.ident}">{self.inlines(block.children)}</h{level}>'
        if isinstance(block, b.Paragraph):
            return f"<p>{self.inlines(block.children)}</p>"
        if isinstance(block, b.Toc):
            return self.toc()
        if isinstance(block, b.ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = []
            for item in block.items:
                tight = all(isinstance(c, b.Paragraph | b.ListBlock) for c in item) and (
                    sum(isinstance(c, b.Paragraph) for c in item) <= 1
                )
                parts = [
                    self.inlines(c.children) if tight and isinstance(c, b.Paragraph) else self.block(c)
                    for c in item
                ]
                items.append(f"<li>{''.join(parts)}</li>")
            return f"<{tag}{start}>{''.join(items)}</{tag}>"
        if isinstance(block, b.Table):
            caption = (
                f"Tabel {block.number}: {self.inlines(block.caption)}" if block.caption is not None else None
            )
            return self.table(block.header, block.rows, block.align, caption)
        if isinstance(block, b.Callout):
            title = f"{block.label}: {_esc(block.title)}" if block.title else block.label
            return (
                f'<aside class="let-op" role="note" aria-label="{_esc(block.label)}">'
                f'<p class="let-op__titel"><strong>{title}</strong></p>{self.blocks(block.blocks)}</aside>'
            )
        if isinstance(block, b.Figure):
            caption = (
                f"<figcaption>Figuur {block.number}: {_esc(block.caption)}</figcaption>"
                if block.caption
                else ""
            )
            return f'<figure class="figuur"><img src="{_data_uri(block.path)}" alt="{_esc(block.alt)}">{caption}</figure>'
        if isinstance(block, b.Chart):
            return self.chart(block)
        if isinstance(block, b.CodeBlock):
            return f"<pre><code>{_esc(block.text)}</code></pre>"
        if isinstance(block, b.Quote):
            return f"<blockquote>{self.blocks(block.blocks)}</blockquote>"
        if isinstance(block, b.Rule):
            return "<hr>"
        # never drop content silently
        raise CouncilkitError(
            f"de HTML-uitvoer kent het onderdeel '{type(block).__name__}' niet",
            hint="kies .docx of .md, of meld dit: het onderdeel zou anders ontbreken",
        )

    def toc(self) -> str:
        """Nested `<ol>` of the headings up to level 3, as a navigation landmark."""
        entries = [h for h in self.tree.headings if h.level <= 3]
        if not entries:
            return ""

        def level_list(i: int, level: int) -> tuple[str, int]:
            parts = ["<ol>"]
            while i < len(entries) and entries[i].level >= level:
                heading = entries[i]
                parts.append(f'<li><a href="#{heading.ident}">{self.inlines(heading.children)}</a>')
                i += 1
                if i < len(entries) and entries[i].level > level:
                    nested, i = level_list(i, level + 1)
                    parts.append(nested)
                parts.append("</li>")
            parts.append("</ol>")
            return "".join(parts), i

        listing, _ = level_list(0, entries[0].level)
        return (
            '<nav class="inhoudsopgave" aria-labelledby="inhoudsopgave-kop">'
            f'<h2 id="inhoudsopgave-kop">Inhoudsopgave</h2>{listing}</nav>'
        )

    def table(
        self,
        header: list[list[b.Inline]],
        rows: list[list[list[b.Inline]]],
        align: list[str | None],
        caption_html: str | None,
    ) -> str:
        def cell_attr(column: int) -> str:
            a = align[column] if column < len(align) else None
            return f' class="uitlijnen-{a}"' if a in ("right", "center") else ""

        columns = max([len(header), *(len(r) for r in rows)])
        # A wide table scrolls inside its frame; keyboard users can only scroll a frame they can focus
        # (WCAG 2.1.1), so the frame is a focusable, named region. The caption is escaped HTML already.
        label = re.sub(r"<[^>]+>", "", caption_html or "").strip() or "Tabel"
        parts = [f'<div class="tabel-kader" tabindex="0" role="region" aria-label="{label}"><table>']
        if caption_html:
            parts.append(f"<caption>{caption_html}</caption>")
        parts.append("<thead><tr>")
        for column in range(columns):
            content = self.inlines(header[column]) if column < len(header) else ""
            parts.append(f'<th scope="col"{cell_attr(column)}>{content}</th>')
        parts.append("</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>")
            for column in range(columns):
                content = self.inlines(row[column]) if column < len(row) else ""
                parts.append(f"<td{cell_attr(column)}>{content}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table></div>")
        return "".join(parts)

    def chart(self, block: b.Chart) -> str:
        # Deferred: the chart module (plotly's figure) only for a document with a chart.
        from councilkit.render.chart import data_table, figure

        spec = block.spec
        ident = f"grafiek-{block.number}"
        fig = figure(spec)
        self.charts.append((ident, fig))
        head, body, align = data_table(spec)
        header = [b.cell(text) for text in head]
        rows = [[b.cell(text) for text in row] for row in body]
        table = self.table(
            header,
            rows,
            align,
            f"Tabel {block.table_number}: {spec.tabelwoord} bij figuur {block.number}",
        )
        return (
            f'<figure class="grafiek" aria-labelledby="{ident}-titel">'
            f'<figcaption id="{ident}-titel">Figuur {block.number}: {_esc(spec.titel)}</figcaption>'
            f'<div id="{ident}" class="grafiek__plot" role="img" aria-label="{_esc(spec.alt)}"></div>'
            f'<p class="grafiek__beschrijving"><strong>Beschrijving:</strong> {_esc(spec.alt)}</p>'
            f"{table}"
            f'<p class="bron">Bron: {_esc(spec.bron)}</p></figure>'
        )

    def chart_script(self, *, met_plotly: bool = True) -> str:
        """plotly.js once (unless the page loads it from a file beside it), then one
        `Plotly.newPlot` per chart; empty without charts."""
        if not self.charts:
            return ""

        calls = []
        for ident, fig in self.charts:
            spec = fig.to_plotly_json()
            payload = script_json({"data": spec["data"], "layout": spec["layout"]})
            calls.append(
                f'(function(){{var s={payload};Plotly.newPlot("{ident}",s.data,s.layout,'
                '{displayModeBar:false,responsive:true,locale:"nl"});})();'
            )
        script = (plotly_js() + "\n" if met_plotly else "") + "\n".join(calls)
        # HTML ends a script element at `</script` in any letter case.
        return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


def content_security_policy(inline_scripts: Sequence[str] = (), *, script_file: bool = False) -> str:
    """The page's Content-Security-Policy: only councilkit's own scripts run (each by its sha256;
    with `script_file`, also plotly.js from the file beside the page), and the page loads nothing
    from anywhere — no network, no other local file — and sends no form.

    Why, when every text is escaped already: defence in depth. Should text from a kompas, a
    worksheet or a proposal ever reach the page as markup, the reader's browser still runs none of
    it and fetches nothing. Styles stay inline-allowed: plotly.js draws its charts with them."""
    sources = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in inline_scripts
    ]
    if script_file:
        sources.append("'self'")
    scripts = " ".join(sources) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def plotly_js() -> str:
    """The plotly.js library shipped with the plotly package (no network: it is never fetched)."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


#: A file name a page may load plotly.js from: a plain name in the page's own folder, nothing else.
_PLOTLY_BESTAND = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.js")


def page_css(templates: Path | None) -> str:
    """`basis.css` and the gemeente's `thema.css` (first found in the template folders), read as
    plain text — not rendered as a template, so a stylesheet cannot run code — and unable to close
    the `<style>` element or fetch anything from elsewhere (`@import`)."""
    parts = []
    for name in ("basis.css", "thema.css"):
        found = next((d / name for d in search_path(templates) if (d / name).is_file()), None)
        if found is not None:
            parts.append(found.read_text(encoding="utf-8"))
    css = "\n".join(parts)
    css = re.sub(r"@import[^;]*;?", "", css, flags=re.IGNORECASE)
    return re.sub(r"<(/?)(style|script)", r"\\3C \1\2", css, flags=re.IGNORECASE)


def script_json(value: Any) -> str:
    """JSON that is safe inside a `<script>` element whatever text it carries (`</SCRIPT>`, `<!--`):
    every `<`, `>` and `&` is written as a JSON escape, which a browser's HTML parser cannot see.
    U+2028/U+2029 are escaped too: older JavaScript engines end a line there, inside a string."""
    text = json.dumps(value, default=_json_default, ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def render_html(
    tree: b.Document, *, meta: DocumentMeta, templates: Path | None = None, plotly_bestand: str | None = None
) -> str:
    """The complete HTML page for `tree`, rendered through `basis.html.j2` (autoescaped).

    With `plotly_bestand` (a batch of reports) the page loads plotly.js from that file in its own
    folder instead of carrying its own 4,8 MB copy; a page without charts loads nothing.
    """
    from markupsafe import Markup

    if plotly_bestand is not None and not _PLOTLY_BESTAND.fullmatch(plotly_bestand):
        raise ValueError(f"plotly_bestand must be a plain file name, not {plotly_bestand!r}")
    writer = HtmlWriter(tree)
    body = writer.blocks(tree.blocks)
    script = writer.chart_script(met_plotly=plotly_bestand is None)
    # the template writes the script between newlines: `content_security_policy` hashes exactly that
    csp = content_security_policy(
        [f"\n{script}\n"] if script else [], script_file=bool(script and plotly_bestand)
    )
    context = {
        "csp": csp,
        "meta": meta,
        "datum": nl.datum(meta.datum) if meta.datum else "",
        "lang": meta.taal.split("-")[0] if meta.taal else "nl",
        "inhoud": Markup(body),
        "script": Markup(script),
        "script_bestand": plotly_bestand if script and plotly_bestand else "",
        "css": Markup(page_css(templates)),
    }
    return render_template(PAGE_TEMPLATE, context, templates=templates, autoescape=True)
