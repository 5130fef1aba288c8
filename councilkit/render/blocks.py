"""Markdown → a small document tree that every output format walks.

markdown-it-py parses the Markdown once; this module turns its syntax tree into plain dataclasses
and resolves councilkit's directives on the way, so the docx, HTML and Markdown writers see the same
structure and cannot disagree about what a directive means:

- a paragraph `[[inhoudsopgave]]` → `Toc`
- a container `::: let-op [titel]` … `:::` → `Callout`
- a paragraph `Tabel: …` directly before a table → the table's caption
- a paragraph holding only an image `![alt](pad "bijschrift")` → `Figure` (alt text required)
- a fenced block ```` ```grafiek ```` with a YAML spec → `Chart`

Heading levels are normalised so none is skipped (a `###` after a `#` becomes level 2), because
skipped levels break the navigation of screen readers and Word's navigation pane alike.
Raw HTML is switched off: template text may contain user input, and a docx cannot show HTML anyway.

Safe by construction, for every writer at once: a link is kept only with an allowed scheme
(`https:`, `mailto:`, an in-page `#anker` or a relative path) — `smb:`, `ms-word:`, `file:` and the
like become plain text; an image is embedded only when it lies (after resolving symlinks) inside the
kompas's folder or a template folder and really is a PNG, JPEG or GIF by its first bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilkit.errors import CouncilkitError, markdown_error

TOC_MARKER = "[[inhoudsopgave]]"
#: container name → the Dutch label shown in front of the callout
CALLOUTS = {"let-op": "Let op"}
CAPTION_RE = re.compile(r"^Tabel(?:\s+\d+)?\s*[:.]\s*", re.IGNORECASE)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
#: How real images start (checked, so a renamed file cannot smuggle other content into a document).
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
#: Link schemes a document may carry as a live link.
ALLOWED_SCHEMES = {"https", "mailto"}
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def allowed_href(href: str) -> bool:
    """A link target a council document may make clickable: https, mailto, `#anker` or relative."""
    target = href.strip()
    if target.startswith(("//", "\\")):  # protocol-relative or a Windows share
        return False
    match = _SCHEME.match(target)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


# ---------------------------------------------------------------- inline


@dataclass(repr=False, eq=False)
class Text:
    text: str


@dataclass(repr=False, eq=False)
class Strong:
    children: list[Inline]


@dataclass(repr=False, eq=False)
class Emph:
    children: list[Inline]


@dataclass(repr=False, eq=False)
class Code:
    text: str


@dataclass(repr=False, eq=False)
class Link:
    href: str
    children: list[Inline]


@dataclass(repr=False, eq=False)
class InlineImage:
    """An image inside running text; rendered as its alt text (Word and wikis handle these badly)."""

    alt: str


@dataclass(repr=False, eq=False)
class Break:
    hard: bool


Inline = Text | Strong | Emph | Code | Link | InlineImage | Break


def cell(text: str) -> list[Inline]:
    """A table cell holding plain `text` (what generated tables, e.g. chart data, are made of)."""
    return [Text(text)]


def plain_text(inlines: list[Inline]) -> str:
    """The text of inline content without markup (for TOC entries, alt text, ids)."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text | Code):
            parts.append(item.text)
        elif isinstance(item, Strong | Emph | Link):
            parts.append(plain_text(item.children))
        elif isinstance(item, InlineImage):
            parts.append(item.alt)
        elif isinstance(item, Break):
            parts.append(" ")
    return "".join(parts)


# ---------------------------------------------------------------- blocks


@dataclass(repr=False, eq=False)
class Block:
    #: 0-based (start, end) line range in the Markdown source, where markdown-it knows it
    lines: tuple[int, int] | None = field(default=None, kw_only=True)


@dataclass(repr=False, eq=False)
class Heading(Block):
    level: int
    children: list[Inline]
    source: str
    ident: str = ""


@dataclass(repr=False, eq=False)
class Paragraph(Block):
    children: list[Inline]


@dataclass(repr=False, eq=False)
class ListBlock(Block):
    ordered: bool
    start: int
    items: list[list[Block]]


@dataclass(repr=False, eq=False)
class Table(Block):
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    align: list[str | None]
    caption: list[Inline] | None = None
    number: int | None = None
    #: first source line of the table itself when a caption paragraph precedes it
    table_start: int | None = None


@dataclass(repr=False, eq=False)
class Callout(Block):
    kind: str
    title: str
    blocks: list[Block]

    @property
    def label(self) -> str:
        return CALLOUTS[self.kind]


@dataclass(repr=False, eq=False)
class Toc(Block):
    pass


@dataclass(repr=False, eq=False)
class Figure(Block):
    path: Path
    alt: str
    caption: str
    number: int | None = None


@dataclass(repr=False, eq=False)
class Chart(Block):
    spec: Any  # councilkit.render.chart.ChartSpec; typed loosely so this module stays import-light
    number: int | None = None
    table_number: int | None = None


@dataclass(repr=False, eq=False)
class CodeBlock(Block):
    text: str
    info: str


@dataclass(repr=False, eq=False)
class Quote(Block):
    blocks: list[Block]


@dataclass(repr=False, eq=False)
class Rule(Block):
    pass


@dataclass(repr=False, eq=False)
class Document:
    blocks: list[Block]
    headings: list[Heading]
    source: str

    @property
    def has_charts(self) -> bool:
        return any(isinstance(b, Chart) for b in walk(self.blocks))


def walk(blocks: list[Block]) -> list[Block]:
    """All blocks, depth first (callouts, quotes and list items included)."""
    found: list[Block] = []
    for block in blocks:
        found.append(block)
        if isinstance(block, Callout | Quote):
            found.extend(walk(block.blocks))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(walk(item))
    return found


# ---------------------------------------------------------------- parsing


def _markdown_it() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for name in CALLOUTS:
        md.use(container_plugin, name)
    if md.inline.ruler.get_active_rules() == _KNOWN_INLINE_RULES:
        md.core.ruler.at("inline", _inline_rule)
    return md


#: The inline rules whose starting characters `_INLINE_START` lists (markdown-it-py's commonmark set).
_KNOWN_INLINE_RULES = [
    "text",
    "newline",
    "escape",
    "backticks",
    "emphasis",
    "link",
    "image",
    "autolink",
    "html_inline",
    "entity",
]
#: A character at which one of those rules can start (newline, escape, code, emphasis, link, image,
#: autolink/HTML, entity). Text without any of them is one text token whatever markdown-it does.
_INLINE_START = re.compile(r"[\n\\`*_\[!<&]")


def _inline_rule(state: Any) -> None:
    """markdown-it's core `inline` rule, minus the inline parser for text that cannot hold markup.

    Most of a large plan is plain table cells and list items ("Principe 19", "20.463"); for those
    the inline parser can only return the text itself as one token, so it is made directly.
    Anything with a character some inline rule reacts to goes through markdown-it as before, so
    escaped kompas text stays escaped text (tests/test_render_parse.py compares both on a corpus).
    """
    from markdown_it.token import Token

    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if content and _INLINE_START.search(content) is None:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)
            else:
                md.inline.parse(content, md, state.env, token.children)


def slugify(text: str) -> str:
    """An HTML id from heading text: lowercase ASCII words joined by hyphens (`Één doel` → `een-doel`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "kop"


class _Builder:
    def __init__(
        self, source: str, resources: Path, origin: str | None, image_roots: tuple[Path, ...] = ()
    ) -> None:
        self.source = source
        self.resources = resources
        self.image_roots = image_roots
        self.origin = origin
        self.headings: list[Heading] = []
        self.last_level = 0
        self.ids: set[str] = set()
        self.tables = 0
        self.figures = 0

    def error(self, message: str, node: Any, hint: str) -> CouncilkitError:
        """A Dutch error naming `origin` (e.g. the template) and the line in the generated Markdown.

        The Markdown line is given in the message, not as the location's line, because Markdown
        made by a template is not numbered like the template itself.
        """
        line = node.map[0] + 1 if getattr(node, "map", None) else None
        return markdown_error(message, origin=self.origin, line=line, hint=hint)

    def inlines(self, inline: Any) -> list[Inline]:
        """The inline content of one `inline` node, read from markdown-it's flat token list.

        Walking the tokens with a stack (rather than first nesting them) keeps this linear and cheap;
        a link to a disallowed target keeps its text but loses the link, as if it were never one.
        """
        result: list[Inline] = []
        stack: list[tuple[str, str, list[Inline]]] = []  # (kind, href, the parent's list)
        for child in inline.children:
            kind = child.type
            if kind == "text":
                if result and isinstance(result[-1], Text):
                    result[-1] = Text(result[-1].text + child.content)
                else:
                    result.append(Text(child.content))
            elif child.nesting == 1:  # strong_open, em_open, link_open, …: collect until it closes
                href = str(child.attrs.get("href", "")) if kind == "link_open" else ""
                stack.append((kind, href, result))
                result = []
            elif child.nesting == -1:
                opened, href, parent = stack.pop()
                if opened == "strong_open":
                    parent.append(Strong(result))
                elif opened == "em_open":
                    parent.append(Emph(result))
                elif opened == "link_open":
                    if allowed_href(href):
                        parent.append(Link(href, result))
                    else:  # never a live link to a share, an Office handler or a local file
                        parent.extend(result)
                result = parent
            elif kind == "code_inline":
                result.append(Code(child.content))
            elif kind == "image":
                result.append(InlineImage(child.content))
            elif kind == "softbreak":
                if result and isinstance(result[-1], Text):
                    result[-1] = Text(result[-1].text + " ")
                else:
                    result.append(Text(" "))
            elif kind == "hardbreak":
                result.append(Break(hard=True))
            elif kind == "html_inline":  # only reachable if html were enabled; keep as text
                result.append(Text(child.content))
        return result

    def blocks(self, nodes: list[Any]) -> list[Block]:
        out: list[Block] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            following = nodes[i + 1] if i + 1 < len(nodes) else None
            lines = tuple(node.map) if node.map else None
            if node.type == "paragraph":
                inline = node.children[0]
                text = inline.content.strip()
                if text.lower() == TOC_MARKER:
                    out.append(Toc(lines=lines))
                elif following is not None and following.type == "table" and CAPTION_RE.match(text):
                    table = self.table(following)
                    caption = self.inlines(inline)
                    if caption and isinstance(caption[0], Text):
                        caption[0] = Text(CAPTION_RE.sub("", caption[0].text, count=1))
                    table.caption = caption
                    self.tables += 1
                    table.number = self.tables
                    start = lines[0] if lines else None
                    end = following.map[1] if following.map else None
                    table.lines = (start, end) if start is not None and end is not None else None
                    table.table_start = following.map[0] if following.map else None
                    out.append(table)
                    i += 1
                elif self._is_figure(inline):
                    out.append(self.figure(node, inline))
                else:
                    out.append(Paragraph(self.inlines(inline), lines=lines))
            elif node.type == "heading":
                out.append(self.heading(node))
            elif node.type in ("bullet_list", "ordered_list"):
                ordered = node.type == "ordered_list"
                start = int(node.attrs.get("start", 1)) if ordered else 1
                items = [self.blocks(item.children) for item in node.children]
                out.append(ListBlock(ordered, start, items, lines=lines))
            elif node.type == "table":
                out.append(self.table(node))
            elif node.type.startswith("container_"):
                kind = node.type.removeprefix("container_")
                title = node.info.strip().removeprefix(kind).strip()
                out.append(Callout(kind, title, self.blocks(node.children), lines=lines))
            elif node.type == "fence" and node.info.strip().split(" ")[0] == "grafiek":
                out.append(self.chart(node))
            elif node.type in ("fence", "code_block"):
                out.append(CodeBlock(node.content.rstrip("\n"), node.info.strip(), lines=lines))
            elif node.type == "blockquote":
                out.append(Quote(self.blocks(node.children), lines=lines))
            elif node.type == "hr":
                out.append(Rule(lines=lines))
            i += 1
        return out

    def heading(self, node: Any) -> Heading:
        level = int(node.tag[1])
        level = min(level, self.last_level + 1)
        self.last_level = level
        inline = node.children[0]
        children = self.inlines(inline)
        base = slugify(plain_text(children))
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        heading = Heading(level, children, inline.content, ident, lines=tuple(node.map) if node.map else None)
        self.headings.append(heading)
        return heading

    def table(self, node: Any) -> Table:
        header: list[list[Inline]] = []
        align: list[str | None] = []
        rows: list[list[list[Inline]]] = []
        for section in node.children:
            for tr in section.children:
                cells = [self.inlines(cell.children[0]) if cell.children else [] for cell in tr.children]
                if section.type == "thead":
                    header = cells
                    for cell in tr.children:
                        style = str(cell.attrs.get("style", ""))
                        align.append(style.removeprefix("text-align:") or None)
                else:
                    rows.append(cells)
        return Table(header, rows, align, lines=tuple(node.map) if node.map else None)

    @staticmethod
    def _is_figure(inline: Any) -> bool:
        children = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
        return len(children) == 1 and children[0].type == "image"

    def figure(self, node: Any, inline: Any) -> Figure:
        image = next(c for c in inline.children if c.type == "image")
        src = str(image.attrs.get("src", ""))
        alt = image.content.strip()
        if not alt:
            raise self.error(
                f"afbeelding '{src}' heeft geen alt-tekst",
                node,
                "schrijf in ![…](pad) kort wat de afbeelding laat zien; dat is verplicht voor toegankelijkheid",
            )
        path = self.image_path(src, node)
        self.figures += 1
        return Figure(
            path,
            alt,
            str(image.attrs.get("title", "") or ""),
            number=self.figures,
            lines=tuple(node.map) if node.map else None,
        )

    def image_path(self, src: str, node: Any) -> Path:
        """The real file behind `src`, refused unless it is an image inside an allowed folder."""
        if _SCHEME.match(src) or src.startswith(("//", "\\")):
            raise self.error(
                f"afbeelding '{src}' is geen bestand naast het kompas",
                node,
                "zet de afbeelding in de map van het kompas en verwijs ernaar met een relatief pad",
            )
        candidates = [self.resources / src] if not Path(src).is_absolute() else [Path(src)]
        candidates += [root / src for root in self.image_roots if not Path(src).is_absolute()]
        path = next((c for c in candidates if c.is_file()), candidates[0])
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise self.error(
                f"afbeelding '{src}' heeft een niet-ondersteund formaat",
                node,
                "gebruik PNG, JPEG of GIF",
            )
        if not path.is_file():
            raise self.error(f"afbeelding '{src}' niet gevonden ({path})", node, "controleer het pad")
        real = path.resolve()
        roots = [r.resolve() for r in (self.resources, *self.image_roots)]
        if not any(real.is_relative_to(root) for root in roots):
            raise self.error(
                f"afbeelding '{src}' ligt buiten de map van het kompas en de sjablonen",
                node,
                "zet de afbeelding in de map van het kompas (een koppeling naar elders telt niet)",
            )
        with open(real, "rb") as handle:
            head = handle.read(8)
        if not head.startswith(IMAGE_MAGIC):
            raise self.error(
                f"afbeelding '{src}' is geen echte PNG-, JPEG- of GIF-afbeelding",
                node,
                "sla de afbeelding opnieuw op als PNG of JPEG",
            )
        return real

    def chart(self, node: Any) -> Chart:
        # Deferred: the chart module (its spec model, logging) only for a document with a chart.
        from councilkit.render.chart import parse_chart_spec

        line = node.map[0] + 1 if node.map else None
        spec = parse_chart_spec(node.content, origin=self.origin, line=line)
        self.figures += 1
        self.tables += 1
        return Chart(
            spec,
            number=self.figures,
            table_number=self.tables,
            lines=tuple(node.map) if node.map else None,
        )


def parse(
    markdown: str,
    *,
    resources: Path | None = None,
    origin: str | None = None,
    image_roots: tuple[Path, ...] = (),
) -> Document:
    """Parse Markdown once into a `Document`; image paths are relative to `resources` (default: cwd).

    `origin` is the name shown in error messages (e.g. the template that produced the Markdown);
    `image_roots` are further folders images may come from (the template folders).
    """
    md = _markdown_it()
    tree = _nest(md.parse(markdown))
    builder = _Builder(markdown, Path(resources) if resources else Path.cwd(), origin, image_roots)
    blocks = builder.blocks(tree)
    return Document(blocks, builder.headings, markdown)


class _Node:
    """One markdown-it element: an opening token with the tokens up to its closing one as children.

    The same shape as markdown-it's `SyntaxTreeNode` for what `_Builder` reads (type, tag, map,
    attrs, info, content, children), built in one pass over the token stream: `SyntaxTreeNode`
    cost about a third of parsing a plan of 10.000 results.
    """

    __slots__ = ("children", "token", "type")

    def __init__(self, token: Any, kind: str) -> None:
        self.type = kind
        self.token = token
        self.children: list[Any] = []

    @property
    def tag(self) -> str:
        return str(self.token.tag)

    @property
    def map(self) -> list[int] | None:
        return self.token.map

    @property
    def attrs(self) -> dict[str, Any]:
        return self.token.attrs

    @property
    def info(self) -> str:
        return str(self.token.info)

    @property
    def content(self) -> str:
        return str(self.token.content)


def _nest(tokens: list[Any]) -> list[_Node]:
    """markdown-it's flat block-token stream as a tree of `_Node`s (inline children stay tokens)."""
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    siblings = root
    for token in tokens:
        nesting = token.nesting
        if nesting == 1:
            node = _Node(token, token.type[:-5])  # "paragraph_open" → "paragraph"
            siblings.append(node)
            stack.append(siblings)
            siblings = node.children
        elif nesting == -1:
            siblings = stack.pop()
        else:
            node = _Node(token, token.type)
            if token.children:
                node.children = token.children  # inline tokens stay flat: `_Builder.inlines` walks them
            siblings.append(node)
    return root
