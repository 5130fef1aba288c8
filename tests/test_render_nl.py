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
    assert nl.bedrag(1234567) == "€ 1.234.567"
    assert nl.bedrag(1234.5, 2) == "€ 1.234,50"
    assert nl.bedrag(-50) == "€ -50"


def test_datum_en_jaar() -> None:
    assert nl.datum(dt.date(2026, 11, 22)) == "22 november 2026"
    assert nl.datum("2026-03-01") == "1 maart 2026"
    assert nl.datum(dt.datetime(2026, 11, 22, 10, 30)) == "22 november 2026"
    assert nl.jaar(2026) == "2026"
    assert nl.jaar(dt.date(2026, 1, 1)) == "2026"


def test_md_escape() -> None:
    assert nl.md_escape("a | b\nc") == "a \\| b c"
    assert nl.md_escape(None) == "–"
