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
