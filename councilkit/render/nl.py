"""Dutch number, percentage, money and date formatting, shared by templates and Python code.

Council documents are read by Dutch readers, so `1234.5` must read `1.234,5` and a date
`22 november 2026`. Hand-written string juggling gets the edge cases wrong (negative numbers,
rounding, thousands separators in years), so everything goes through babel's CLDR data for `nl_NL`.
The same functions are registered as Jinja2 filters in `councilkit.render.templating`.

A missing value (`None`) formats as an en dash, the usual mark for "geen gegeven" in Dutch tables,
so a template never prints the English word "None".

babel is imported on the first number or date, not with this module: `check` imports this module
for one date in a rare message, and babel and its locale data cost it about 10 ms of start-up.

The few patterns councilkit uses (`#,##0` with fixed or optional decimals, as a number, percentage
or euro amount, and the long date) are written out by `_cldr_getal` and `_datum` with nl_NL's
symbols and month names, following babel's own steps (the same `Decimal` operations, so the same
rounding, signs and errors): loading babel's locale data costs every plan 10–15 ms, a tenth of its
start-up. NaN and infinity still go to babel. `tests/test_render_nl.py` compares both for thousands
of values, every decimals setting, and every month, so the text cannot drift from CLDR.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache, wraps
from typing import TYPE_CHECKING, TypeVar, cast

from councilkit.taal import MAANDEN

if TYPE_CHECKING:
    from babel import Locale

LOCALE = "nl_NL"
MISSING = "–"
#: No-break space: keeps `€` and its amount together on one line.
NBSP = "\u00a0"

Number = int | float | Decimal


#: nl_NL in CLDR: group and decimal symbols (the months of the long date "d MMMM y" are `taal.MAANDEN`).
_GROEP, _DECIMAAL = ".", ","


def _cldr_getal(value: Number | str, minimum: int, maximum: int, scale: int = 0) -> tuple[bool, str] | None:
    """(negative, digits) as babel's `NumberPattern.apply` renders `#,##0` with `minimum`–`maximum`
    fraction digits for nl_NL (decimal quantization on, grouping by three), or None for NaN and
    infinity (babel's locale symbols). `scale` 2 is a percent pattern's ×100."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.scaleb(scale)
    negative = number.is_signed()
    number = abs(number).normalize()
    if not number.is_finite():
        return None
    whole, _, fraction = f"{number.quantize(Decimal(10) ** -maximum):f}".partition(".")
    groups = ""
    while len(whole) > 3:
        groups = _GROEP + whole[-3:] + groups
        whole = whole[:-3]
    fraction = (fraction or "0").ljust(minimum, "0")
    if maximum == 0 or (minimum == 0 and int(fraction) == 0):
        return negative, whole + groups
    while len(fraction) > minimum and fraction[-1] == "0":
        fraction = fraction[:-1]
    return negative, whole + groups + _DECIMAAL + fraction


@cache
def _locale() -> Locale:
    """The parsed `nl_NL` locale, once: passing the string makes babel parse it on every call, which
    was a tenth of the time of a plan with 10.000 results."""
    from babel import Locale

    return Locale.parse(LOCALE)


def _pattern(decimals: int | None, *, optional: bool = False) -> str:
    """A CLDR pattern with grouping and `decimals` fraction digits (`#` = optional digits)."""
    if not decimals:
        return "#,##0"
    return "#,##0." + ("#" if optional else "0") * decimals


_Formatter = TypeVar("_Formatter", bound=Callable[..., str])
#: Per formatter at most this many remembered results; a plan repeats the same few figures.
_REMEMBER = 4096


def _remembered(formatter: _Formatter) -> _Formatter:
    """Remember what `formatter` gave for a value: babel takes ~50 µs a figure and a plan of 10.000
    results formats the same baselines and targets tens of thousands of times.

    The key is the value's type and `repr`, not the value: `Decimal("1.0") == 1` but they print
    differently, and `-0.0 == 0.0`.
    """
    results: dict[tuple[type, str, int | None], str] = {}

    @wraps(formatter)
    def remembered(value: Number | str | None, decimals: int | None = None) -> str:
        key = (type(value), repr(value), decimals)
        found = results.get(key)
        if found is None:
            found = formatter(value, decimals)
            if len(results) < _REMEMBER:
                results[key] = found
        return found

    return cast(_Formatter, remembered)


@_remembered
def getal(value: Number | str | None, decimals: int | None = None) -> str:
    """`1234.5` → `1.234,5`. Without `decimals` up to three significant decimals are kept, as given;
    with `decimals` exactly that many (`getal(9.0, 1)` → `9,0`: a published 9,0 never reads 9).

    This is the one Dutch number formatter: councilkit's figures (`data.disclosure.format_number`),
    command output and templates all use it. Whole numbers need no babel (`data list`, `data show`).
    """
    if value is None:
        return MISSING
    if (
        not decimals
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and abs(value) < 1e15
    ):
        # whole numbers (counts), the common case: the same text as babel's, 20× faster
        return f"{int(value):,}".replace(",", ".")
    number = Decimal(str(value)) if isinstance(value, str) else value
    # nl_NL's own decimal pattern is "#,##0.###": up to three decimals
    shown = _cldr_getal(number, 0, 3) if decimals is None else _cldr_getal(number, decimals, decimals)
    if shown is not None:
        return ("-" if shown[0] else "") + shown[1]
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(number, locale=_locale())
    return format_decimal(number, format=_pattern(decimals), locale=_locale(), decimal_quantization=True)


@_remembered
def procent(value: Number | str | None, decimals: int | None = None) -> str:
    """`12.3` → `12,3%`. The value is already in percent units (12.3 means 12,3%, not 1230%).

    Without `decimals` at most one decimal is shown and a trailing `,0` is dropped (`12%`); pass
    `decimals=1` for a fixed `12,0%`, which lines up better in a column.
    """
    if value is None:
        return MISSING
    fraction = Decimal(str(value)) / 100
    shown = (
        _cldr_getal(fraction, 0, 1, 2) if decimals is None else _cldr_getal(fraction, decimals, decimals, 2)
    )
    if shown is not None:
        return ("-" if shown[0] else "") + shown[1] + "%"
    from babel.numbers import format_percent

    digits = _pattern(1, optional=True) if decimals is None else _pattern(decimals)
    pattern = digits + "%"
    return format_percent(fraction, format=pattern, locale=_locale(), decimal_quantization=True)


def bedrag(value: Number | str | None, decimals: int = 0) -> str:
    """`1234567` → `€ 1.234.567` (whole euros by default; `decimals=2` for `€ 1.234,50`).

    A no-break space (`NBSP`) follows the euro sign, so that `€` and its amount never end up on two
    lines in Word, LibreOffice or a browser.
    """
    if value is None:
        return MISSING
    number = Decimal(str(value)) if isinstance(value, str) else value
    shown = _cldr_getal(number, decimals, decimals)
    if shown is not None:
        return f"€{NBSP}" + ("-" if shown[0] else "") + shown[1]
    from babel.numbers import format_currency

    pattern = f"¤{NBSP}" + _pattern(decimals) + f";¤{NBSP}-" + _pattern(decimals)
    return format_currency(number, "EUR", format=pattern, locale=_locale(), currency_digits=False)


def _as_date(value: _dt.date | _dt.datetime | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise ValueError(f"'{value}' is geen datum (verwacht JJJJ-MM-DD)") from exc


def datum(value: _dt.date | _dt.datetime | str | None) -> str:
    """A date (or ISO string `2026-11-22`) → `22 november 2026` (nl_NL's long date, "d MMMM y")."""
    if value is None:
        return MISSING
    day = _as_date(value)
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"


def jaar(value: int | str | _dt.date | None) -> str:
    """A year as written in Dutch text: `2026`, never `2.026` (which `getal` would give)."""
    if value is None:
        return MISSING
    if isinstance(value, _dt.date):
        return str(value.year)
    return str(int(value))


def md_escape(value: object) -> str:
    """Make user text safe inside a Markdown table cell or a single-line list item.

    Pipes would split a table cell and newlines would end the row, so pipes are escaped and any
    run of line breaks becomes one space. Brackets and `<` are escaped too, so the text can never
    become a link, an image or HTML. Other Markdown characters are left alone on purpose: council
    text legitimately contains `*` or `_`, and escaping them everywhere makes the Markdown output
    unreadable for the wikis it is meant for (`letterlijk` escapes everything).
    """
    if value is None:
        return MISSING
    text = str(value).replace("\\|", "|").replace("|", "\\|")
    text = re.sub(r"(?<!\\)([\[\]<])", r"\\\1", text)
    return " ".join(text.split())


#: Characters that make Markdown inline syntax (links, images, raw HTML, entities, emphasis, code).
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>!|~&])")
#: What turns the start of a line into a block (heading, list, quote, fence, callout, table rule).
_BLOCK_START = re.compile(r"^(\s*)([#+\-=:>]|\d+[.)])")


def letterlijk(value: object) -> str:
    """User text exactly as written in Markdown: never a link, image, HTML, emphasis or a new block.

    For text from a proces.yaml or another input file that the document shows but must not
    interpret: `[klik](https://…)` stays those characters, `<script>` stays text, a line that starts
    with `#` is no heading. Line breaks become spaces, so the text stays inside its paragraph,
    list item or table cell.
    """
    if value is None:
        return MISSING
    text = _INLINE_SYNTAX.sub(r"\\\1", " ".join(str(value).split()))
    return _BLOCK_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], text)


_PLAIN_YAML = re.compile(r"[A-Za-zÀ-ÿ0-9][\w .,()/-]*[\w.)]|[A-Za-zÀ-ÿ]")


def yaml_scalar(value: object) -> str:
    """A text as a YAML scalar that reads back as exactly that text ("'s-Hertogenbosch", "Ja", "12").

    Plain when YAML would read it back unchanged, otherwise double-quoted (JSON's string syntax is
    valid YAML and escapes every control character).
    """
    import json

    import yaml

    text = str(value)
    if _PLAIN_YAML.fullmatch(text) and ": " not in text and " #" not in text:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


_TELWOORDEN = [
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
]


def telwoord(value: int) -> str:
    """A count in running text: up to twenty in words (`3` → `drie`), above that in digits (`1.250`).

    Dutch style guides write small numbers in words in a sentence; tables keep digits.
    """
    if 0 <= value <= 20:
        return _TELWOORDEN[value]
    return getal(value)


def aantal(value: int, enkelvoud: str, meervoud: str, *, woorden: bool = True) -> str:
    """`aantal(1, "maatschappelijk resultaat", "maatschappelijke resultaten")` → `één maatschappelijk resultaat`.

    Both forms are given because Dutch adjectives inflect with the noun. `woorden=False` keeps
    digits (`1 maatschappelijk resultaat`) where a figure reads better, such as in a heading.
    """
    count = telwoord(value) if woorden else getal(value)
    return f"{count} {enkelvoud if value == 1 else meervoud}"


def vaste_spaties(text: str) -> str:
    """Join `€` to the amount after it with a no-break space in free text (a plain space breaks)."""
    import re

    return re.sub(r"€ (?=-?\d)", f"€{NBSP}", text)
