"""Dutch formatting of numbers, percentages, money and dates (babel, locale nl_NL)."""

from __future__ import annotations

import datetime as dt

from councilkit.render import nl


def test_getal() -> None:
    assert nl.getal(1234.5) == "1.234,5"
    assert nl.getal(1234567) == "1.234.567"
    assert nl.getal(2.0, 1) == "2,0"
    assert nl.getal(-1234.56, 1) == "-1.234,6"
    assert nl.getal(None) == "–"


def test_procent() -> None:
    assert nl.procent(12.3) == "12,3%"
    assert nl.procent(12) == "12%"
    assert nl.procent(12, 1) == "12,0%"
    assert nl.procent(None) == "–"


def test_bedrag() -> None:
    assert nl.bedrag(1234567) == "€\u00a01.234.567"
    assert nl.bedrag(1234.5, 2) == "€\u00a01.234,50"
    assert nl.bedrag(-50) == "€\u00a0-50"


def test_datum_en_jaar() -> None:
    assert nl.datum(dt.date(2026, 11, 22)) == "22 november 2026"
    assert nl.datum("2026-03-01") == "1 maart 2026"
    assert nl.datum(dt.datetime(2026, 11, 22, 10, 30)) == "22 november 2026"
    assert nl.jaar(2026) == "2026"
    assert nl.jaar(dt.date(2026, 1, 1)) == "2026"


def test_md_escape() -> None:
    assert nl.md_escape("a | b\nc") == "a \\| b c"
    assert nl.md_escape(None) == "–"


def test_counts_in_words_and_singular_plural() -> None:
    assert [nl.telwoord(n) for n in (0, 1, 3, 12, 20)] == ["nul", "één", "drie", "twaalf", "twintig"]
    assert nl.telwoord(21) == "21" and nl.telwoord(1250) == "1.250"
    assert (
        nl.aantal(1, "maatschappelijk resultaat", "maatschappelijke resultaten")
        == "één maatschappelijk resultaat"
    )
    assert (
        nl.aantal(6, "maatschappelijk resultaat", "maatschappelijke resultaten")
        == "zes maatschappelijke resultaten"
    )
    assert nl.aantal(1, "thema", "thema's", woorden=False) == "1 thema"


def test_euro_sign_never_breaks_from_its_amount() -> None:
    assert "€ " not in nl.bedrag(300000)
    assert (
        nl.vaste_spaties("een budget van € 300.000 en € -5") == "een budget van €\u00a0300.000 en €\u00a0-5"
    )
    assert nl.vaste_spaties("het €-teken") == "het €-teken"


def _babel_values() -> list[object]:
    """Values a council document can hold, and the edges of rounding, sign and size."""
    import random
    from decimal import Decimal

    rng = random.Random(20261129)
    values: list[object] = [0, 0.0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.0004, 0.0005]
    values += [999.9995, 999999.5, 1e15, -1e15, 123456789012.345, 1e-9, -1e-9, 7.0, 12.345, 99.95]
    values += [Decimal("1.0"), Decimal("-0"), Decimal("2.675"), Decimal("1E+3"), Decimal("0.000")]
    values += ["3,5".replace(",", "."), "1234.5000", "-0.0", "12"]
    for _ in range(1500):
        magnitude = 10 ** rng.randint(-4, 12)
        value = rng.uniform(-1, 1) * magnitude
        values.append(value)
        values.append(round(value, rng.randint(0, 4)))
        values.append(Decimal(str(round(value, rng.randint(0, 6)))))
        values.append(rng.randint(-(10**9), 10**9) / 8)  # exact binary halves, quarters, eighths
    return values


def test_numbers_read_exactly_as_babel_writes_them() -> None:
    """`nl.getal`, `nl.procent` and `nl.bedrag` write the nl_NL patterns themselves (no locale data
    to load); here every value and every decimals setting is compared with babel's CLDR output."""
    from decimal import Decimal

    from babel.numbers import format_currency, format_decimal, format_percent

    locale = nl._locale()
    for value in _babel_values():
        number = Decimal(value) if isinstance(value, str) else value
        expected = format_decimal(number, locale=locale)
        if isinstance(value, float) and value == 0:
            expected = "0"  # whole numbers have always been written without babel: no "-0"
        assert nl.getal.__wrapped__(number, None) == expected, value
        for decimals in (0, 1, 2, 3):
            expected = format_decimal(
                number, format=nl._pattern(decimals), locale=locale, decimal_quantization=True
            )
            if decimals == 0 and isinstance(value, float) and value == 0:
                expected = "0"  # as above
            assert nl.getal.__wrapped__(number, decimals) == expected, (value, decimals)
        fraction = Decimal(str(value)) / 100
        for decimals, pattern in ((None, nl._pattern(1, optional=True)), (0, "#,##0"), (1, nl._pattern(1))):
            expected = format_percent(
                fraction, format=pattern + "%", locale=locale, decimal_quantization=True
            )
            assert nl.procent.__wrapped__(value, decimals) == expected, (value, decimals)
        for decimals in (0, 2):
            pattern = f"¤{nl.NBSP}" + nl._pattern(decimals) + f";¤{nl.NBSP}-" + nl._pattern(decimals)
            expected = format_currency(number, "EUR", format=pattern, locale=locale, currency_digits=False)
            assert nl.bedrag(value, decimals) == expected, (value, decimals)  # type: ignore[arg-type]


def test_nan_and_infinity_still_go_through_babel() -> None:
    from decimal import Decimal

    from babel.numbers import format_decimal

    for value in (float("inf"), float("-inf"), Decimal("Infinity"), Decimal("NaN")):
        assert nl.getal.__wrapped__(value, 1) == format_decimal(
            value, format="#,##0.0", locale=nl._locale(), decimal_quantization=True
        )


def test_dates_read_exactly_as_babel_writes_them() -> None:
    from babel.dates import format_date

    days = [
        dt.date(year, month, day)
        for year in (1, 999, 2024, 2026, 9999)
        for month in range(1, 13)
        for day in (1, 9, 28)
    ]
    for day in days:
        assert nl.datum(day) == format_date(day, format="long", locale=nl._locale()), day
