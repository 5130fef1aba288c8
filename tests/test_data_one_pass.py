"""A long export read once (`Reading.ONE_PASS`) stores exactly what the two-pass reading stores.

The one-pass reading trusts what a file's first 256 kB promise — the decimal mark, measure names the
catalogue knows, no figure shaped like a BSN — and checks every later row against that inside the
store's insert. Each case here puts a row that breaks the promise *after* the first 256 kB, imports
the file once as councilkit does and once with the one-pass reading switched off, and compares the
stores figure for figure and the import reports line for line (or the errors word for word).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import councilkit.data.importers.monitor as monitor
import councilkit.data.importers.tidy as tidy
from councilkit.data.importers import Reading
from councilkit.data.store import Store, open_store
from councilkit.errors import InputError

HEAD = "indicator;regio;periode;waarde\n"


def bulk(name: str = "inwoners", decimal: str = ",") -> str:
    """About 300 kB of plain rows: more than the first rows the one-pass reading looks at."""
    rows = []
    for i in range(10_000):
        figure = f"{1000 + i % 997}{decimal}{i % 10}"
        rows.append(f"{name};GM{i % 1000:04d};{2015 + i // 1000};{figure}\n")
    return "".join(rows)


def later(n: int = 1200, name: str = "wmo-clienten", decimal: str = ",") -> str:
    """Rows of a second measure, which the first rows do not show."""
    return "".join(f"{name};GM{i % 400:04d};{2015 + i // 400};{i}{decimal}5\n" for i in range(n))


def contents(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        "SELECT indicator, regio, periode, waarde, eenheid, status, vlag, bron_maat, tabel, onzeker, soort, "
        "reeks, import_id FROM observaties ORDER BY ALL"
    ).fetchall()


def report(result: Any) -> tuple[Any, ...]:
    return (
        result.formaat,
        result.rijen,
        result.cellen,
        result.nieuw,
        result.herzien,
        result.ongewijzigd,
        result.onzeker,
        sorted(result.gekoppeld.items()),
        sorted(result.niet_gekoppeld),
        result.overgeslagen,
        result.opmerkingen,
    )


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[Reading]:
    """The readings `stage_long` was called with, in order (two: the file was read again)."""
    seen: list[Reading] = []
    real = monitor.stage_long

    def spy(*args: Any, reading: Reading = Reading.FAST, **kwargs: Any) -> Any:
        seen.append(reading)
        return real(*args, reading=reading, **kwargs)

    monkeypatch.setattr(monitor, "stage_long", spy)
    return seen


def both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: list[str],
    before: Callable[[Store], None] | None = None,
    readings: list[Reading] | None = None,
) -> tuple[Any, Any]:
    """Import `files` (texts, in order) into a store with and one without the one-pass reading; the
    contents and the last report of each, or the error each raised. `readings` (the fixture's list)
    is cut to the readings of the first store."""
    out = []
    for one_pass in (True, False):
        if not one_pass:
            monkeypatch.setattr(tidy, "_one_pass", lambda *a: None)
        folder = tmp_path / ("een" if one_pass else "twee")
        folder.mkdir()
        with open_store(folder / "s.duckdb", create=True, read_only=False) as db:
            if before:
                before(db)
            last: Any = None
            for n, text in enumerate(files):
                path = folder / f"export-{n}.csv"
                path.write_text(text, encoding="utf-8")
                try:
                    last = report(db.import_file(path))
                except InputError as exc:
                    last = ("fout", str(exc).replace(str(folder), "MAP"))
            out.append((contents(db), last))
        if readings is not None and one_pass:
            first = list(readings)
    monkeypatch.undo()
    if readings is not None:
        readings[:] = first
    return out[0], out[1]


def test_a_plain_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list) -> None:
    # the first rows show only 'inwoners'; 'wmo-clienten' later is a name the catalogue knows as written
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + later()], readings=readings)
    assert readings == [Reading.ONE_PASS]  # read once, never again
    assert one == two
    store, last = one
    assert last[2] == 11_200 and dict(last[7]) == {"inwoners": "inwoners", "wmo-clienten": "wmo-clienten"}
    assert ("wmo-clienten", "GM0003", "2015", 3.5) in {row[:4] for row in store}
    assert last[1] == 11_200  # rows read, counted by the insert


@pytest.mark.parametrize(
    ("tail", "again", "why"),
    [
        ("eigen-maat;GM0001;2020;12,5\n", True, "a name the catalogue does not know"),
        (" wmo-clienten ;GM0001;2020;12,5\n", True, "a name with spaces around it"),
        (";;;\n", True, "an empty row"),
        ("wmo-clienten;gm0001;2020;4\n", True, "a region code in lower case"),
        ("wmo-clienten;GM0001;2020;x\n", False, "a secret figure: a flag, no broken promise"),
        ("wmo-clienten;GM0001;2020;1.234,5\n", False, "a thousands mark in a decimal-comma file"),
        ("wmo-clienten;GM0001;2020; 12,5 \n", False, "spaces around a figure"),
        ("wmo-kosten-per-client;GM0001;2020;1.5\n", False, "a decimal point among decimal commas: doubtful"),
    ],
)
def test_a_later_row_that_breaks_the_promise_gives_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, again: bool, why: str
) -> None:
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + tail], readings=readings)
    assert readings[0] == Reading.ONE_PASS and (len(readings) > 1) == again, why  # read again or not
    assert one == two, why
    assert one[1][0] != "fout", one[1]


@pytest.mark.parametrize(
    ("tail", "words"),
    [
        ("wmo-clienten;GM0001;2020;123456782\n", "haalt (een BSN?)"),
        ("wmo-clienten;GM0001;2020;veel\n", "tekst in een kolom met cijfers: 'veel'"),
        ("wmo-clienten;GM0001;2015;1,0\n", "meer dan eens in het bestand"),
    ],
)
def test_a_later_row_that_is_wrong_gives_the_same_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, words: str
) -> None:
    # 'later()' already holds wmo-clienten GM0001 2015, so the last case doubles that cell
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + later() + tail], readings=readings)
    assert readings[0] == Reading.ONE_PASS
    assert one == two
    assert one[1][0] == "fout" and words in one[1][1], one[1]
    assert one[0] == []  # nothing of the file stays in the store


def test_a_comma_after_first_rows_with_points_decides_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list
) -> None:
    # the first rows have decimal points that cannot be thousands marks; a later comma makes the whole
    # file a decimal-comma file, exactly as the two-pass reading decides it
    text = HEAD + bulk(decimal=".") + "wmo-clienten;GM0001;2020;2,5\n"
    one, two = both(tmp_path, monkeypatch, [text], readings=readings)
    assert readings == [Reading.ONE_PASS, Reading.FAST]
    assert one == two


def test_a_stored_measure_among_later_rows_is_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list
) -> None:
    def held(db: Store) -> None:
        path = tmp_path / f"eerder-{id(db)}.csv"
        path.write_text(
            HEAD + "wmo-clienten;GM0001;2020;7,5\nwmo-clienten;GM0002;2020;8,5\n", encoding="utf-8"
        )
        db.import_file(path)

    # the first rows are new to the store; a later row revises a stored figure
    text = HEAD + bulk() + "wmo-clienten;GM0001;2020;9,5\n"
    one, two = both(tmp_path, monkeypatch, [text], before=held, readings=readings)
    assert one == two
    assert one[1][4] == 1  # herzien
    assert readings[-2:] == [Reading.ONE_PASS, Reading.FAST]  # the stored measure: read again


def test_a_second_version_is_compared_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list
) -> None:
    first = HEAD + bulk() + later()
    second = first.replace("wmo-clienten;GM0003;2015;3,5", "wmo-clienten;GM0003;2015;4,5")
    one, two = both(tmp_path, monkeypatch, [first, second], readings=readings)
    assert one == two
    assert one[1][4] == 1 and one[1][5] == 11_199  # one revised, the rest unchanged
    assert readings == [Reading.ONE_PASS, Reading.ONE_PASS]  # each file read once


def whole(n: int = 10_000) -> str:
    """About 300 kB of whole numbers: a file that starts with counts shows no decimal mark at all."""
    return "".join(f"inwoners;GM{i % 1000:04d};{2015 + i // 1000};{1000 + i}\n" for i in range(n))


@pytest.mark.parametrize(
    ("tail", "again", "why"),
    [
        (later(), False, "decimal commas after whole numbers: read once, the report names the comma"),
        ("", False, "whole numbers only: no decimal mark to name"),
        ("wmo-clienten;GM0001;2020;1.234\n", False, "a thousands mark after whole numbers"),
        ("wmo-clienten;GM0001;2020;1.5\n", True, "a decimal point after whole numbers: read again"),
        (later(decimal="."), True, "decimal points after whole numbers"),
    ],
)
def test_a_file_that_starts_with_whole_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, again: bool, why: str
) -> None:
    one, two = both(tmp_path, monkeypatch, [HEAD + whole() + tail], readings=readings)
    assert (readings != [Reading.ONE_PASS]) == again, why
    if "1.234" in tail:
        # read right (1.234 is a thousand and more), but only the two-pass reading, which has seen
        # every figure before, names the decimal comma: a remark, never a figure, differs
        assert one[0] == two[0] and ("wmo-clienten", "GM0001", "2020", 1234.0) in {r[:4] for r in one[0]}
        assert one[1][:-1] == two[1][:-1]
        assert one[1][-1] == [r for r in two[1][-1] if "decimaalkomma" not in r]
        return
    assert one == two, why
    assert ("decimaalkomma (punt als duizendtalteken)" in one[1][-1]) == ("," in tail), why
