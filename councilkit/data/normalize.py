"""Canonical forms for what every source spells differently: periods, region codes, units, names.

Importers reduce each source to one tidy shape before anything is stored, so that a figure from a
CBS parquet file and the same figure from a monitor CSV land on the same cell and can be compared.
Parsing happens on the *distinct* values of a column (a few hundred at most), in Python, where it is
easy to test; the millions of rows are then joined against the result in DuckDB.

Canonical period (`periode`): the CBS `Perioden` code without the `JJ00` of a whole year:

* ``"2020"`` — a calendar year (CBS ``2020JJ00``, "2020", "2020*", peildatum "1-1-2020");
* ``"2024HJ01"`` / ``"2024HJ02"`` — first/second half-year ("1e halfjaar 2024");
* ``"2024KW01"`` … ``"2024KW04"`` — quarters; ``"2024MM01"`` … ``"2024MM12"`` — months.

Canonical region (`regio`): ``GM0758`` (gemeente), ``WK075801`` (wijk), ``BU07580101`` (buurt),
``NL01`` (Nederland; CBS's KWB tables say ``NL00``), ``PV27`` (provincie), ``PC4811`` (postcode area).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from councilkit.taal import MAANDEN

#: Status values stored in the table (``None`` where the source does not say).
DEFINITIEF = "definitief"
VOORLOPIG = "voorlopig"
NADER_VOORLOPIG = "nader voorlopig"

#: Flags stored in the table.
GEHEIM = "geheim"
AFGEROND = "afgerond"
ONTBREKEND = "ontbrekend"
#: The `onzeker` text of a figure set aside because it is a factor 10 or 100 off the stored one
#: (a slipped decimal separator): never a revision of that figure.
TIENVOUD = "wijkt een factor 10 of 100 af van het eerder bewaarde cijfer (decimaalteken?): "
#: The `onzeker` text of a count of persons that is not a whole number: a wrong unit, a measure
#: mapped onto the wrong indicator, or a misread decimal separator — never a plain figure.
GEEN_HEEL_GETAL = "een telling van personen die geen heel getal is (andere eenheid of maat?)"
#: The `onzeker` text of a figure with a decimal point in a file with decimal commas ("1.5" among
#: "12,5"): a point that cannot be a thousands mark is read as a decimal point, never as 15.
PUNT_IN_KOMMABESTAND = "een punt als decimaalteken in een bestand met decimaalkomma's (gelezen als komma)"
KOMMA_IN_PUNTBESTAND = "een komma als duizendtalteken gelezen in een bestand met decimale punten (2,000 als 2000; het kan ook 2 zijn)"

#: Cell texts that mean "no figure", and the flag each gets. StatLine's "." means "onbekend,
#: onbetrouwbaar of geheim"; older CBS tables and monitors use "x" for secret; WSJG uses -99998.
MISSING_MARKERS: dict[str, str] = {
    "": ONTBREKEND,
    ".": ONTBREKEND,
    "-": ONTBREKEND,
    "–": ONTBREKEND,
    "?": ONTBREKEND,
    "x": GEHEIM,
    "X": GEHEIM,
    "-99998": ONTBREKEND,
    "-99999": ONTBREKEND,
    "-99997": GEHEIM,
    # what pandas and R write for a missing value
    "NaN": ONTBREKEND,
    "nan": ONTBREKEND,
    "NA": ONTBREKEND,
    "#N/A": ONTBREKEND,
}

_CBS_SUFFIX = re.compile(r"_\d+$")


def strip_cbs_suffix(key: str) -> str:
    """`WmoClienten_89` → `WmoClienten`: the positional suffix changes with every yearly table."""
    return _CBS_SUFFIX.sub("", key.strip())


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key used to match source names to `bronnen`."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- periods -------------------------------------------------------------------------------------------

_MONTHS = {name: i + 1 for i, name in enumerate(MAANDEN)}


@dataclass(frozen=True, repr=False)
class ParsedPeriod:
    """A canonical period and the status its label carried (`*` voorlopig, `**` nader voorlopig)."""

    periode: str
    status: str | None = None


def parse_period(text: str) -> ParsedPeriod | None:
    """Parse a period label from any source; `None` when it is not a period at all."""
    raw = str(text).strip()
    status = None
    if raw.endswith("**"):
        status, raw = NADER_VOORLOPIG, raw[:-2].strip()
    elif raw.endswith("*"):
        status, raw = VOORLOPIG, raw[:-1].strip()
    low = raw.lower()
    if re.fullmatch(r"(19|20)\d{2}", raw):
        return ParsedPeriod(raw, status)
    if re.fullmatch(r"(19|20)\d{2}\.0", raw):  # a year that went through a spreadsheet as a float
        return ParsedPeriod(raw[:4], status)
    match = re.fullmatch(r"((?:19|20)\d{2})(JJ00|HJ0[12]|KW0[1-4]|MM(?:0[1-9]|1[0-2]))", raw.upper())
    if match:
        year, part = match.groups()
        return ParsedPeriod(year if part == "JJ00" else year + part, status)
    match = re.fullmatch(r"(?:0?1-0?1-|0?1/0?1/)((?:19|20)\d{2})", raw) or re.fullmatch(
        r"((?:19|20)\d{2})-01-01(?:[ t]00:00:00)?", low
    )
    if match:  # a peildatum 1 januari: the year of the yearly table
        return ParsedPeriod(match.group(1), status)
    match = re.fullmatch(r"([12])e\s+halfjaar\s+((?:19|20)\d{2})", low) or re.fullmatch(
        r"((?:19|20)\d{2})\s+([12])e\s+halfjaar", low
    )
    if match:
        a, b = match.groups()
        half, year = (a, b) if len(a) == 1 else (b, a)
        return ParsedPeriod(f"{year}HJ0{half}", status)
    match = re.fullmatch(r"((?:19|20)\d{2})\s*[- ]?\s*(?:q|kw)\s*([1-4])", low) or re.fullmatch(
        r"((?:19|20)\d{2})\s+([1-4])e\s+kwartaal", low
    )
    if match:
        return ParsedPeriod(f"{match.group(1)}KW0{match.group(2)}", status)
    match = re.fullmatch(r"((?:19|20)\d{2})\s+([a-z]+)", low)
    if match and match.group(2) in _MONTHS:
        return ParsedPeriod(f"{match.group(1)}MM{_MONTHS[match.group(2)]:02d}", status)
    return None


def period_year(periode: str) -> int:
    """The calendar year a canonical period falls in."""
    return int(periode[:4])


# --- regions -------------------------------------------------------------------------------------------

_CODE = re.compile(r"(GM\d{4}|WK\d{6}|BU\d{8}|PV\d{2}|PC\d{4}|NL01)")


def parse_region(text: str, *, numeric_means: str | None = None) -> str | None:
    """Parse a region code; `None` when the text is not one.

    Padded CBS codes are stripped (`"GM0034    "`). `numeric_means` says what a bare number stands
    for in this column: "GM" for a gemeentecode column (`758` → `GM0758`, WSJG's GEOITEM), "PC" for
    a postcode column (`1309` → `PC1309`).
    """
    raw = str(text).strip().upper()
    if raw in {"NL00", "NL01", "NL", "NEDERLAND"}:
        return "NL01"
    if _CODE.fullmatch(raw):
        return raw
    if numeric_means and re.fullmatch(r"\d{1,4}(\.0)?", raw):
        digits = raw.split(".")[0]
        if numeric_means == "PC":
            return f"PC{int(digits):04d}" if len(digits) == 4 else None
        return f"GM{int(digits):04d}"
    match = re.search(r"\((GM\d{4}|WK\d{6}|BU\d{8}|PV\d{2})\)", raw)
    if match:  # "Breda (GM0758)": StatLine's "codes en labels"
        return match.group(1)
    return None


def is_region_code(text: str) -> bool:
    """True when `text` is a region code exactly as `parse_region` writes it (GM0758, not "gm0758",
    " GM0758" or 758): what a file may hold to be stored without mapping. The same as
    `parse_region(text) == text` for any `numeric_means`, without its other steps: this runs on every
    distinct region of a long export."""
    return text == "NL01" or _CODE.fullmatch(text) is not None


def region_level(regio: str) -> str:
    """`land`, `provincie`, `gemeente`, `wijk`, `buurt` or `postcode` (the catalogue's words)."""
    return {
        "NL": "land",
        "PV": "provincie",
        "GM": "gemeente",
        "WK": "wijk",
        "BU": "buurt",
        "PC": "postcode",
    }.get(regio[:2], "onbekend")


# --- units and statuses --------------------------------------------------------------------------------

_UNITS = {
    "aantal": "aantal",
    "%": "procent",
    "procent": "procent",
    "percentage": "procent",
    "per1000inwoners": "per-1000-inwoners",
    "per1000": "per-1000-inwoners",
    "per10000inwoners": "per-10000-inwoners",
    "per10000": "per-10000-inwoners",
    "euro": "euro",
    "x1000euro": "x-1000-euro",
    "europerinwoner": "euro-per-inwoner",
}


def parse_unit(text: str | None) -> str | None:
    """Map a source unit ("per 1 000 inwoners", "%") onto the catalogue's words; keep others as given."""
    if text is None or not str(text).strip():
        return None
    key = re.sub(r"[^a-z0-9%]", "", str(text).lower())
    return _UNITS.get(key, str(text).strip())


def parse_status(text: str | None) -> str | None:
    """Map a status label ("Voorlopig", "*", "nader voorlopig", "definitief") onto the stored words."""
    if text is None:
        return None
    low = str(text).strip().lower()
    if low in {"**", "nader voorlopig", "nader-voorlopig", "nadervoorlopig"}:
        return NADER_VOORLOPIG
    if low in {"*", "voorlopig", "v"}:
        return VOORLOPIG
    if low in {"definitief", "d", ""}:
        return DEFINITIEF if low else None
    return None


# --- client-level data ----------------------------------------------------------------------------------


def passes_elfproef(number: str) -> bool:
    """The BSN check (elfproef): 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not 0)."""
    digits = number.strip().zfill(9)
    if not re.fullmatch(r"\d{9}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and total != 0


#: Header words that mark client-level data, compared with `name_key`.
CLIENT_COLUMN_KEYS = {"bsn", "burgerservicenummer", "sofinummer", "sofinr", "bsnnummer", "clientbsn"}


def looks_like_client_column(header: str) -> bool:
    key = name_key(header)
    return key in CLIENT_COLUMN_KEYS or key.startswith("bsn") or key.endswith("bsn")


#: Words that mark a measure as an amount of money: its nine-digit figures are no BSNs.
AMOUNT_WORDS = ("euro", "€", "bedrag", "kosten", "uitgaven", "lasten", "baten", "budget", "inkomen", "waarde")


def is_amount(name: str, unit: str | None = None) -> bool:
    """True for a measure in euros (by unit or name)."""
    text = f"{name} {unit or ''}".lower()
    return any(word in text for word in AMOUNT_WORDS)


def elfproef_sql(expr: str) -> str:
    """SQL that is true where `expr` (text) is an 8- or 9-digit number passing the elfproef."""
    d = f"lpad(trim({expr}), 9, '0')"
    weighted = " + ".join(
        f"{w} * TRY_CAST(substr({d}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(range(9, 1, -1))
    )
    return (
        f"(regexp_full_match(trim({expr}), '[0-9]{{8,9}}') AND "
        f"(({weighted}) - TRY_CAST(substr({d}, 9, 1) AS INTEGER)) % 11 = 0 AND trim({expr}) NOT IN ('000000000', '00000000'))"
    )


# --- kinds of figures -----------------------------------------------------------------------------------

#: Kinds of figures stored in `observaties.soort`. Disclosure (rounding, suppression of small
#: values) applies to counts ("aantal") only — never to an average, a percentage or a distance.
KINDS = ("aantal", "gemiddelde", "procent", "relatief", "afstand", "bedrag", "dichtheid", "oppervlakte")


def kind_from_unit(unit: str | None) -> str | None:
    """The kind a unit implies on its own ("aantal" says too little: an average can have it)."""
    if not unit:
        return None
    low = unit.lower()
    if low in {"procent", "%"}:
        return "procent"
    if low.startswith("per-1000") or low.startswith("per-10000") or low.startswith("per 1"):
        return "relatief"
    if "per km" in low or low in {"per huishouden", "per woning"}:
        return "dichtheid" if "km" in low else "gemiddelde"
    if low in {"km", "m", "meter", "kilometer"}:
        return "afstand"
    if "euro" in low:
        return "bedrag"
    if low in {"ha", "hectare", "km2", "km²"}:
        return "oppervlakte"
    if low in {"kwh", "m³", "m3"}:
        return "gemiddelde"
    return None


def kind_from_name(name: str) -> str | None:
    """The kind a measure's name implies (CBS keys and monitor column names alike)."""
    return _kind_from_key(name_key(name)) or _kind_from_key(name_key(strip_cbs_suffix(name)))


def _kind_from_key(key: str) -> str | None:
    if key.startswith(("gemiddeld", "gem", "mediaan")) or "perhuishouden" in key or "grootte" in key:
        return "gemiddelde"
    if key.startswith(("percentage", "pct", "aandeel")) or key.endswith(("percentage", "procent", "pct")):
        return "procent"
    if key.endswith(("relatief", "per1000", "per1000inwoners", "per10000")) or "per1000" in key:
        return "relatief"
    if key.startswith("afstand"):
        return "afstand"
    if key.endswith("dichtheid") or "naaroppervlakte" in key:
        return "dichtheid"
    if key.startswith("oppervlakte"):
        return "oppervlakte"
    if "inkomen" in key or "woningwaarde" in key or "vermogen" in key:
        return "bedrag"
    return None


def measure_kind(
    name: str, unit: str | None, *, datatype: str | None = None, telling: bool = False
) -> str | None:
    """What kind of figure a measure is: its unit first, then its name, then "aantal" for counts.

    CBS gives averages the unit "aantal" (GemiddeldeHuishoudensgrootte, ScholenBinnen3Km), so a
    Double with unit "aantal" is an average, and the name decides before a bare "aantal".
    """
    kind = kind_from_unit(unit) or kind_from_name(name)
    if kind:
        return kind
    if unit and unit.lower() == "aantal":
        return "gemiddelde" if (datatype or "").lower() in {"double", "float", "decimal"} else "aantal"
    if telling:
        return "aantal"
    return None
