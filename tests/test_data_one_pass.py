"""A long export read once (`Reading.TYPED`, `Reading.ONE_PASS`) stores exactly what the two-pass
reading stores.

The one-pass reading trusts what a file's first 256 kB promise — the decimal mark, measure names the
catalogue knows, no figure shaped like a BSN — and checks every later row against that inside the
store's insert. The typed reading goes one step further: DuckDB reads the figures as numbers, and any
figure it cannot read so sends the file back to the one-pass reading. Each case here puts a row that
breaks a promise *after* the first 256 kB, imports the file three times — as councilkit does, with the
typed reading switched off, and with both switched off — and compares the stores figure for figure
and the import reports line for line (or the errors word for word).
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

T, P, F, C = Reading.TYPED, Reading.ONE_PASS, Reading.FAST, Reading.CAREFUL  # typed, one pass, fast, careful

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
    """Import `files` (texts, in order) into a store as councilkit does, one without the typed reading
    and one without any one-pass reading; the contents and the last report of each, or the error each
    raised. The first two must be equal (asserted here); returns the first and the third. `readings`
    (the fixture's list) is cut to the readings of the first store."""
    out = []
    for mode in ("getypeerd", "een", "twee"):
        if mode == "een":
            monkeypatch.setattr(tidy, "_typed", lambda *a: False)
        if mode == "twee":
            monkeypatch.setattr(tidy, "_one_pass", lambda *a: None)
        folder = tmp_path / mode
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
        if readings is not None and mode == "getypeerd":
            first = list(readings)
    monkeypatch.undo()
    if readings is not None:
        readings[:] = first
    assert out[0] == out[1], "the typed reading differs from the one-pass reading"
    return out[0], out[2]


def test_a_plain_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list) -> None:
    # the first rows show only 'inwoners'; 'wmo-clienten' later is a name the catalogue knows as written
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + later()], readings=readings)
    assert readings == [T]  # read once, the figures as numbers, never again
    assert one == two
    store, last = one
    assert last[2] == 11_200 and dict(last[7]) == {"inwoners": "inwoners", "wmo-clienten": "wmo-clienten"}
    assert ("wmo-clienten", "GM0003", "2015", 3.5) in {row[:4] for row in store}
    assert last[1] == 11_200  # rows read, counted by the insert


@pytest.mark.parametrize(
    ("tail", "reads", "why"),
    [
        ("eigen-maat;GM0001;2020;12,5\n", [T, F], "a name the catalogue does not know"),
        (" wmo-clienten ;GM0001;2020;12,5\n", [T, F], "a name with spaces around it"),
        (";;;\n", [T, F], "an empty row"),
        ("wmo-clienten;gm0001;2020;4\n", [T, C], "a region code in lower case"),
        ("wmo-clienten;GM0001;2020;x\n", [T, P], "a secret figure: a flag, read as text"),
        ("wmo-clienten;GM0001;2020;-\n", [T, P], "a dash for a missing figure"),
        ("wmo-clienten;GM0001;2020; . \n", [T, P], "a point with spaces around it"),
        ("wmo-clienten;GM0001;2020;-99998\n", [T, P], "a missing marker that reads as a number"),
        ("wmo-clienten;GM0001;2020;NaN\n", [T, P], "NaN, which DuckDB would read as a number"),
        ("wmo-clienten;GM0001;2020;1.234,5\n", [T, P], "a thousands mark in a decimal-comma file"),
        ("wmo-clienten;GM0001;2020; 12,5 \n", [T], "spaces around a figure"),
        ('wmo-clienten;GM0001;2020;"12,5"\n', [T], "a figure in quotes"),
        ("wmo-clienten;GM0001;2020;12,\n", [T], "a comma without decimals"),
        ("wmo-clienten;GM0001;2020;+5\n", [T], "a plus sign"),
        ("wmo-clienten;GM0001;2020;17900000\n", [T, P], "eight digits: no BSN, but only the text can say"),
        ("wmo-kosten-per-client;GM0001;2020;1.5\n", [T, P], "a decimal point among decimal commas: doubtful"),
        (
            "wmo-kosten-per-client;GM0001;2020;1,234.5\n",
            [T, P],
            "English thousands marks among decimal commas",
        ),
    ],
)
def test_a_later_row_that_breaks_the_promise_gives_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, reads: list, why: str
) -> None:
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + tail], readings=readings)
    assert readings == reads, why  # read again, and how, or not
    assert one == two, why
    assert one[1][0] != "fout", one[1]


@pytest.mark.parametrize(
    ("tail", "words"),
    [
        ("wmo-clienten;GM0001;2020;123456782\n", "haalt (een BSN?)"),
        ("wmo-clienten;GM0001;2020;012345672\n", "haalt (een BSN?)"),
        ("wmo-clienten;GM0001;2020;veel\n", "tekst in een kolom met cijfers: 'veel'"),
        ("wmo-clienten;GM0001;2020;inf\n", "tekst in een kolom met cijfers: 'inf'"),
        ("wmo-clienten;GM0001;2015;1,0\n", "meer dan eens in het bestand"),
    ],
)
def test_a_later_row_that_is_wrong_gives_the_same_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, words: str
) -> None:
    # 'later()' already holds wmo-clienten GM0001 2015, so the last case doubles that cell
    one, two = both(tmp_path, monkeypatch, [HEAD + bulk() + later() + tail], readings=readings)
    assert readings[0] == T
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
    assert readings == [T, P, F]
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
    assert readings[-2:] == [T, F]  # the stored measure: read again


def test_a_second_version_is_compared_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list
) -> None:
    first = HEAD + bulk() + later()
    second = first.replace("wmo-clienten;GM0003;2015;3,5", "wmo-clienten;GM0003;2015;4,5")
    one, two = both(tmp_path, monkeypatch, [first, second], readings=readings)
    assert one == two
    assert one[1][4] == 1 and one[1][5] == 11_199  # one revised, the rest unchanged
    assert readings == [T, T]  # each file read once


def whole(n: int = 10_000) -> str:
    """About 300 kB of whole numbers: a file that starts with counts shows no decimal mark at all."""
    return "".join(f"inwoners;GM{i % 1000:04d};{2015 + i // 1000};{1000 + i}\n" for i in range(n))


@pytest.mark.parametrize(
    ("tail", "reads", "why"),
    [
        (later(), [T], "decimal commas after whole numbers: read once, the report names the comma"),
        ("", [T], "whole numbers only: no decimal mark to name"),
        ("wmo-clienten;GM0001;2020;1.234\n", [T, P], "a thousands mark after whole numbers"),
        ("wmo-clienten;GM0001;2020;1.5\n", [T, P, F], "a decimal point after whole numbers: read again"),
        (later(decimal="."), [T, P, F], "decimal points after whole numbers"),
    ],
)
def test_a_file_that_starts_with_whole_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, reads: list, why: str
) -> None:
    one, two = both(tmp_path, monkeypatch, [HEAD + whole() + tail], readings=readings)
    assert readings == reads, why
    if "1.234" in tail:
        # read right (1.234 is a thousand and more), but only the two-pass reading, which has seen
        # every figure before, names the decimal comma: a remark, never a figure, differs
        assert one[0] == two[0] and ("wmo-clienten", "GM0001", "2020", 1234.0) in {r[:4] for r in one[0]}
        assert one[1][:-1] == two[1][:-1]
        assert one[1][-1] == [r for r in two[1][-1] if "decimaalkomma" not in r]
        return
    assert one == two, why
    assert ("decimaalkomma (punt als duizendtalteken)" in one[1][-1]) == ("," in tail), why


@pytest.mark.parametrize(
    ("first", "reads"),
    [
        ("inwoners;GM1999;2015;x\n", [P]),  # a flag among the first rows: read as text from the start
        ("inwoners;GM1999;2015;-99998\n", [P]),
        ("inwoners;GM1999;2015;.\n", [T]),  # "." and empty the typed reading reads as missing
        ("inwoners;GM1999;2015;\n", [T]),
    ],
)
def test_first_rows_decide_whether_the_figures_are_read_as_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, first: str, reads: list
) -> None:
    typed: list[bool] = []
    real = tidy._typed

    def spy(figures: list[str], decimal: str) -> bool:
        typed.append(real(figures, decimal))
        return typed[-1]

    monkeypatch.setattr(tidy, "_typed", spy)
    one, two = both(tmp_path, monkeypatch, [HEAD + first + bulk()], readings=readings)
    assert [T if typed[0] else P] == reads and readings == [T]  # one reading, typed or not
    assert one == two
    flags = {row[6] for row in one[0] if row[1] == "GM1999"}
    assert flags == {"ontbrekend" if "x" not in first else "geheim"}


def test_a_file_imported_before_is_known_also_when_hashed_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A one-pass reading writes the figures while the file is still being hashed, and asks whether
    # the file is known only at the end (unless a file of its name was imported before): a copy under
    # another name must still change nothing.
    import councilkit.data.store_import as store_import

    class Late:
        def __init__(self, future: Any) -> None:
            self.future = future

        def done(self) -> bool:
            return False

        def result(self) -> Any:
            return self.future.result()

    real = store_import.open_source

    def late(path: Path) -> Any:
        source = real(path)
        source.hashing = Late(source.hashing)  # type: ignore[assignment]
        return source

    monkeypatch.setattr(store_import, "open_source", late)
    text = HEAD + bulk() + later()
    first, copy = tmp_path / "a.csv", tmp_path / "kopie.csv"
    first.write_text(text, encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    with open_store(tmp_path / "s.duckdb", create=True, read_only=False) as db:
        assert db.import_file(first).cellen == 11_200
        before = contents(db)
        again = db.import_file(copy)
        assert again.al_geimporteerd and again.opmerkingen == [
            "al eerder geïmporteerd (als a.csv); niets gewijzigd"
        ]
        assert contents(db) == before  # the figures written meanwhile were rolled back
        assert db.import_file(first).al_geimporteerd  # same name: asked before anything is written
        assert contents(db) == before
        assert db.con.execute("SELECT count(*) FROM imports").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("tail", "figures"),
    [
        ("wmo-kosten-per-client;GM0001;2020;1,234.5\n", {"GM0001": 1234.5}),
        (  # more points than commas that may be thousands marks: decimal points, the comma doubtful
            "wmo-kosten-per-client;GM0001;2020;2,000\nwmo-kosten-per-client;GM0002;2020;12.5\n"
            "wmo-kosten-per-client;GM0003;2020;13.5\n",
            {"GM0001": 2000, "GM0002": 12.5, "GM0003": 13.5},
        ),
    ],
)
def test_english_figures_after_whole_numbers_make_it_a_decimal_point_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readings: list, tail: str, figures: dict
) -> None:
    # the first rows (whole numbers) left the decimal comma on trust; a later English figure makes
    # the whole file one with decimal points, as the two-pass reading decides it
    one, two = both(tmp_path, monkeypatch, [HEAD + whole() + tail], readings=readings)
    assert readings == [T, P, F]
    assert one == two
    stored = {row[1]: row[3] for row in one[0] if row[0] == "wmo-kosten-per-client"}
    assert stored == figures
    assert "decimaalpunt (komma als duizendtalteken)" in one[1][-1]
