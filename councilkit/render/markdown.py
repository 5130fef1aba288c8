"""The document tree → clean CommonMark for wikis and council information systems.

The template already produced Markdown, so the output is that Markdown with councilkit's
directives resolved into plain Markdown rather than a re-serialisation of the parse tree: the
author's own text, spacing and tables stay exactly as written. Tables are GFM pipe tables (an
extension of CommonMark that practically every wiki and council information system understands).

What changes: a title block is put in front (`# Titel`), so the document's own headings move one
level down and skipped levels are closed up; `[[inhoudsopgave]]` is dropped (wikis build their
own); a `::: let-op` callout becomes a block quote starting with **Let op:**; a `grafiek` block
becomes its title, description, data table and source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from councilkit.render import blocks as b
from councilkit.render import nl

if TYPE_CHECKING:
    from councilkit.render.meta import DocumentMeta

_FENCE_CLOSE = re.compile(r"^\s*:{3,}\s*$")


def _chart_markdown(block: b.Chart) -> list[str]:
    # Deferred: the chart module only for a document with a chart.
    from councilkit.render.chart import data_table

    spec = block.spec
    head, body, align = data_table(spec)
    header = "| " + " | ".join(nl.md_escape(text) for text in head) + " |"
    rule = "|" + "".join("---:|" if a == "right" else "---|" for a in align)
    rows = ["| " + " | ".join(nl.md_escape(text) for text in row) + " |" for row in body]
    return [
        f"**Figuur {block.number}: {spec.titel}**",
        "",
        f"*Beschrijving:* {spec.alt}",
        "",
        f"Tabel {block.table_number}: {spec.tabelwoord} bij figuur {block.number}",
        "",
        header,
        rule,
        *rows,
        "",
        f"Bron: {spec.bron}",
    ]


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in lines]


def render_markdown(tree: b.Document, *, meta: DocumentMeta) -> str:
    """The Markdown document: title block plus the source with directives resolved."""
    # Kompas text made inert first (code blocks excepted: they show their text as written anyway).
    source = neutralise(tree.source.splitlines(), _code_lines(tree))
    replacements: list[tuple[int, int, list[str]]] = []
    for block in tree.blocks:
        if block.lines is None:
            continue
        start, end = block.lines
        if isinstance(block, b.Heading):
            level = min(block.level + 1, 6)
            replacements.append((start, end, [f"{'#' * level} {block.source.strip()}"]))
        elif isinstance(block, b.Toc):
            replacements.append((start, end, []))
        elif isinstance(block, b.Callout):
            closing = end < len(source) and _FENCE_CLOSE.match(source[end]) is not None
            inner = source[start + 1 : end]
            title = f"**{block.label}: {block.title}**" if block.title else f"**{block.label}:**"
            replacements.append((start, end + 1 if closing else end, _quote([title, "", *inner])))
        elif isinstance(block, b.Chart):
            replacements.append((start, end, neutralise(_chart_markdown(block), set())))
        elif isinstance(block, b.Table) and block.table_start is not None:
            # a blank line between caption and table: not every wiki lets a table interrupt a paragraph
            split = block.table_start
            replacements.append((start, end, [*source[start:split], "", *source[split:end]]))
    lines = list(source)
    for start, end, new in sorted(replacements, reverse=True):
        lines[start:end] = new

    head = [_provenance_comment(meta), ""] if meta.herkomst else []
    head += [f"# {meta.titel}"]
    if meta.ondertitel:
        head += ["", f"*{meta.ondertitel}*"]
    details = [p for p in (meta.organisatie, meta.status, nl.datum(meta.datum) if meta.datum else "") if p]
    if details:
        head += ["", " · ".join(details)]
    text = "\n".join([*head, "", *lines])
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text


def _provenance_comment(meta: DocumentMeta) -> str:
    """How the document was made, as an HTML comment a Markdown viewer does not show."""
    assert meta.herkomst is not None
    # `--` may not occur inside an HTML comment (a file name could contain it).
    lines = [line.replace("--", "- -") for line in meta.herkomst.regels()]
    return "<!--\n" + "\n".join(lines) + "\n-->"


_HTML_START = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_LINK_DEST = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^(\s{0,3})\[([^\]]+)\]:\s*<?([^\s>]+)")


def neutralise(lines: list[str], code: set[int]) -> list[str]:
    """Make kompas and data text inert in the Markdown output, whatever viewer shows it.

    A CommonMark viewer with HTML allowed would run `<script>`, `<img onerror=…>` and follow
    autolinks; so every `<` that could start a tag, comment or autolink becomes `&lt;` (outside code,
    where it is shown as written anyway), and a link whose target is not allowed (`smb:`,
    `ms-word:`, `file:`, `javascript:`) is broken up so it shows as text, not as a link.
    """
    out = []
    for number, line in enumerate(lines):
        if number in code:
            out.append(line)
            continue
        line = _REF_DEF.sub(
            lambda m: (
                m.group(0)
                if b.allowed_href(m.group(3))
                else m.group(1) + "\\" + m.group(0)[len(m.group(1)) :]
            ),
            line,
        )
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(_inert(line[last : span.start()]))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(_inert(line[last:]))
        out.append("".join(pieces))
    return out


def _inert(text: str) -> str:
    text = _HTML_START.sub("&lt;", text)
    return _LINK_DEST.sub(
        lambda m: m.group(0) if b.allowed_href(m.group(1)) else "]\\(" + m.group(0)[2:], text
    )


def _code_lines(tree: b.Document) -> set[int]:
    """Source line numbers (0-based) inside fenced or indented code blocks."""
    lines: set[int] = set()
    for block in b.walk(tree.blocks):
        if isinstance(block, b.CodeBlock) and block.lines:
            lines.update(range(block.lines[0], block.lines[1]))
    return lines
