"""YAML loading that remembers where every value came from.

Users write kompas, proces and worksheet files by hand, so every error and every finding must point
at a file and a line. PyYAML's composer gives us nodes with marks; we build plain Python data from
them ourselves, recording the line of each key and item in `Located.lines`. Doing the walk ourselves
also lets us refuse what PyYAML accepts silently: duplicate keys, and alias bombs that would expand
into millions of nodes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import yaml

from councilkit.errors import InputError
from councilkit.files import guard_input

Loc = tuple[str | int, ...]

#: C0/C1 control characters other than tab, newline, carriage return and NEL (a YAML line break); also the Unicode
#: direction overrides that can make text read differently from what it says.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")

_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _Loader(_BASE_LOADER):
    """libyaml's C parser where available (about ten times faster on the frameworks files); same
    nodes and marks. The tag of a plain scalar is looked up once per distinct text: PyYAML's
    resolver (Python, a regular expression per candidate type) ran for every one of the ~250.000
    scalars of a kompas with 10.000 results, although most are the same ids and numbers."""

    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, tuple(implicit))
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) < 65_536:
                self._resolved[key] = tag
        return tag


_LOADER = _Loader

#: A kompas has a few hundred nodes; anything past this is an alias bomb or not a hand-written file.
MAX_NODES = 200_000
#: Hand-written YAML of more than this is not a kompas; refuse before parsing.
MAX_BYTES = 20 * 1024 * 1024

_YAML_PROBLEMS_NL: list[tuple[str, str, str]] = [
    (
        "mapping values are not allowed here",
        "een dubbele punt staat op een plek waar dat niet mag",
        "zet tekst met een dubbele punt tussen aanhalingstekens, of controleer het inspringen",
    ),
    (
        "could not find expected ':'",
        "hier wordt een sleutel met een dubbele punt verwacht",
        "controleer of elke regel de vorm 'sleutel: waarde' heeft en of het inspringen klopt",
    ),
    (
        "did not find expected key",
        "het inspringen klopt niet of er ontbreekt een sleutel",
        "lijn sleutels van hetzelfde blok precies onder elkaar uit",
    ),
    (
        "did not find expected '-' indicator",
        "een lijstonderdeel is verkeerd ingesprongen",
        "begin elk lijstonderdeel met '- ' op dezelfde inspringing",
    ),
    (
        "found unexpected end of stream",
        "het bestand houdt midden in een waarde op",
        "controleer of alle aanhalingstekens en haken gesloten zijn",
    ),
    (
        "found undefined alias",
        "een verwijzing (*naam) wijst naar een anker dat niet bestaat",
        "definieer het anker (&naam) eerst of schrijf de waarde uit",
    ),
    (
        "while scanning a quoted scalar",
        "een tekst tussen aanhalingstekens wordt niet afgesloten",
        "sluit de tekst af met hetzelfde aanhalingsteken",
    ),
    (
        "expected <block end>, but found",
        "het inspringen klopt niet",
        "lijn sleutels van hetzelfde blok precies onder elkaar uit",
    ),
]


@dataclass(repr=False, eq=False)
class Located:
    """Plain data from a YAML file plus the line of every key and list item in it."""

    data: Any
    file: Path
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """Line of `loc`, or of its nearest ancestor that has one (1-based)."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _fail(
    file: Path, message: str, hint: str, line: int | None = None, column: int | None = None
) -> NoReturn:
    raise InputError(message, file=file, line=line, column=column, hint=hint)


def read_text(path: str | Path, *, what: str = "bestand") -> tuple[Path, str]:
    """Read a UTF-8 text file with Dutch errors for missing paths, directories and wrong encodings."""
    file = Path(path)
    if not file.exists():
        _fail(file, f"{what} niet gevonden", "controleer de naam en de map")
    if file.is_dir():
        _fail(file, f"dit is een map, geen {what}", "geef het pad naar het YAML-bestand zelf op")
    guard_input(file, what=what, max_bytes=MAX_BYTES)  # FIFOs, devices, huge files: before reading
    raw = file.read_bytes()
    kind = _binary_kind(file, raw)
    if kind is not None:
        _fail(
            file,
            f"dit is een {kind}; een kompas is een YAML-tekstbestand",
            "maak een kompas met 'councilkit init MAP' of kopieer de tekst naar een .yaml-bestand",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        _fail(
            file,
            "het bestand is geen UTF-8-tekst",
            "sla het op als UTF-8 (in Kladblok: Opslaan als → Codering: UTF-8)",
            line=line,
        )
    return file, text


#: How common office files start; a user who passes one of these gets told what it is.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF-bestand"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word- of Excel-bestand (oud formaat)"),
    (b"{\\rtf", "RTF-document (Word)"),
]


def _binary_kind(file: Path, raw: bytes) -> str | None:
    """The kind of office document `raw` is, or None for (possibly) text.

    Word, Excel and OpenDocument files are zip archives; the member names tell them apart.
    """
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            if kind.startswith("Word- of Excel") and file.suffix.lower() in {".doc", ".xls"}:
                return "Word-document" if file.suffix.lower() == ".doc" else "Excel-bestand"
            return kind
    if raw.startswith(b"PK\x03\x04"):
        head = raw[:65536] + raw[-65536:]  # member names sit in local headers and the central directory
        if b"word/" in head or file.suffix.lower() == ".docx":
            return "Word-document"
        if b"xl/" in head or file.suffix.lower() in {".xlsx", ".xlsm"}:
            return "Excel-bestand"
        if b"opendocument" in head:
            return "OpenDocument-bestand (LibreOffice)"
        return "zip-bestand"
    return None


def _check_tabs(file: Path, text: str) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
        if "\t" in indent:
            _fail(
                file,
                "tab gebruikt om in te springen",
                "YAML staat alleen spaties toe: vervang de tab door spaties",
                line=number,
                column=indent.index("\t") + 1,
            )


def _translate(file: Path, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    english = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''} {exc}"
    for needle, message, hint in _YAML_PROBLEMS_NL:
        if needle in english:
            return InputError(message, file=file, line=line, column=column, hint=hint)
    return InputError(
        "ongeldige YAML",
        file=file,
        line=line,
        column=column,
        hint="controleer inspringing, dubbele punten en aanhalingstekens op deze regel",
    )


class _Builder:
    """Turns a composed node graph into plain data, recording lines and refusing abuse."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            _fail(
                self.file,
                "het bestand zet uit tot te veel waarden (YAML-verwijzingen die zichzelf vermenigvuldigen)",
                "gebruik geen ankers (&) en verwijzingen (*) om waarden te herhalen",
                line=node.start_mark.line + 1,
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    _fail(
                        self.file,
                        "samenvoegen met '<<' wordt niet ondersteund",
                        "schrijf de sleutels voluit",
                        line=key_node.start_mark.line + 1,
                    )
                key = self.build_scalar_key(key_node)
                if key in result:
                    _fail(
                        self.file,
                        f"sleutel '{key}' staat twee keer in hetzelfde blok",
                        f"verwijder of hernoem er één (eerste keer op regel {self.lines[(*loc, key)]})",
                        line=key_node.start_mark.line + 1,
                    )
                self.lines[(*loc, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        if node.tag == _STR:  # what PyYAML's str constructor returns, without its bookkeeping
            self.refuse_unsafe_scalar(node, node.value)
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError:
            # PyYAML reads 2023-06-31 as a date and lets datetime refuse it with a bare ValueError.
            if node.tag == "tag:yaml.org,2002:timestamp":
                _fail(
                    self.file,
                    f"de datum {node.value} bestaat niet",
                    "controleer dag en maand; schrijf datums als JJJJ-MM-DD",
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )
            if node.tag == "tag:yaml.org,2002:int":
                _fail(
                    self.file,
                    f"het getal op deze regel is te groot ({len(node.value)} cijfers)",
                    "controleer het getal; councilkit rekent met bedragen en aantallen tot vijftien cijfers",
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )
            shown = node.value if len(node.value) <= 60 else node.value[:60] + "…"
            _fail(
                self.file,
                f"de waarde '{shown}' kan niet gelezen worden",
                "zet de waarde tussen aanhalingstekens als het tekst is",
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
            raise
        self.refuse_unsafe_scalar(node, value)
        return value

    def refuse_unsafe_scalar(self, node: yaml.Node, value: Any) -> None:
        """Values no document can show honestly: NaN and infinity ('NaN%' in a plan), numbers too
        long to be a figure, and control characters (which Word refuses and a terminal obeys)."""
        where = {"line": node.start_mark.line + 1, "column": node.start_mark.column + 1}
        if isinstance(value, float) and not math.isfinite(value):
            _fail(
                self.file,
                f"'{node.value}' is geen getal dat een document kan tonen",
                "vul een gewoon getal in, of laat de waarde weg als die onbekend is",
                **where,
            )
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
            _fail(
                self.file,
                f"het getal op deze regel is te groot ({len(str(abs(value)))} cijfers)",
                "controleer het getal; councilkit rekent met bedragen en aantallen tot vijftien cijfers",
                **where,
            )
        if isinstance(value, str) and (bad := _CONTROL.search(value)):
            _fail(
                self.file,
                f"de tekst bevat een onzichtbaar stuurteken (U+{ord(bad.group(0)):04X})",
                "typ de tekst opnieuw of verwijder het teken; gekopieerde tekst uit PDF of e-mail bevat ze soms",
                **where,
            )

    def build_scalar_key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            _fail(
                self.file,
                "een sleutel moet een gewone tekst zijn",
                "gebruik 'naam: waarde'",
                line=node.start_mark.line + 1,
            )
        if node.tag == _STR:
            return str(node.value)
        value = self.constructor.construct_object(node)
        return str(value)


def parse_yaml(text: str, file: Path) -> Located:
    """Parse YAML text into `Located` data; every problem becomes an `InputError` with a line."""
    _check_tabs(file, text)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        _fail(file, "het bestand is leeg", "begin met 'councilkit init MAP' voor een ingevuld voorbeeld")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.composer.ComposerError as exc:
        if "found more than one document" in str(exc) or "expected a single document" in str(exc):
            mark = exc.problem_mark
            raise InputError(
                "het bestand bevat meer dan één YAML-document",
                file=file,
                line=mark.line + 1 if mark else None,
                hint="verwijder de regel '---' of splits het bestand",
            ) from None
        raise _translate(file, exc) from None
    except yaml.YAMLError as exc:
        raise _translate(file, exc) from None
    if node is None:
        _fail(file, "het bestand is leeg", "begin met 'councilkit init MAP' voor een ingevuld voorbeeld")
    builder = _Builder(file)
    assert node is not None  # _fail raised for an empty file
    try:
        data = builder.build(node, ())
    except yaml.YAMLError as exc:
        raise _translate(file, exc) from None
    return Located(data=data, file=file, lines=builder.lines)


def load_yaml(path: str | Path, *, what: str = "bestand") -> Located:
    """Read and parse a hand-written YAML file (see `parse_yaml`)."""
    file, text = read_text(path, what=what)
    return parse_yaml(text, file)
