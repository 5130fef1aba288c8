"""The framework cache may skip reading YAML, never change what is read.

`councilkit.model.shipped` keeps the plain data of a shipped framework file as JSON in the user's
cache folder. These tests damage, outdate and block that cache in every way a user's machine could,
and check that the loaded framework is always exactly what a fresh read of the YAML gives, and that a
broken framework file is still reported with its file and line.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from councilkit.errors import InputError
from councilkit.model import shipped, validate
from councilkit.model.catalogue import Catalogue
from councilkit.model.gemeenten import GemeentenBestand
from councilkit.model.validate import load_model
from councilkit.model.wetten import Wetten
from councilkit.resources import frameworks_dir

FILES = {"wetten.yaml": Wetten, "indicatoren.yaml": Catalogue, "gemeenten.yaml": GemeentenBestand}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def own_frameworks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped frameworks that a test may edit, standing in for the shipped folder."""
    folder = tmp_path / "frameworks"
    shutil.copytree(frameworks_dir(), folder)
    monkeypatch.setattr(shipped, "frameworks_dir", lambda: folder)
    return folder


def _fresh(name: str, folder: Path | None = None) -> object:
    return load_model(FILES[name], (folder or frameworks_dir()) / name).model


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading a framework's YAML fails the test: the data must come from the cache."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("YAML gelezen terwijl de cache geldig is")

    monkeypatch.setattr(validate, "load_model", refuse)


@pytest.mark.parametrize("name", sorted(FILES))
def test_second_read_comes_from_the_cache_and_equals_a_fresh_read(
    name: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = shipped.load_framework(FILES[name], name)
    assert first == _fresh(name)
    assert len(list(cache.glob("*.json"))) == 1
    _no_yaml(monkeypatch)
    assert shipped.load_framework(FILES[name], name) == first


def _damage_entry(entry: Path, how: str) -> None:
    raw = entry.read_bytes()
    if how == "afgekapt":
        entry.write_bytes(raw[: len(raw) // 2])
    elif how == "leeg":
        entry.write_bytes(b"")
    elif how == "rommel":
        entry.write_bytes(os.urandom(500))
    elif how == "waarde-veranderd":  # valid JSON, another value, the old checksum
        entry.write_bytes(raw.replace(b"Breda", b"Bredaa", 1))
    elif how == "map":
        entry.unlink()
        entry.mkdir()
    elif how == "fifo":  # opening a FIFO for reading would hang
        entry.unlink()
        os.mkfifo(entry)
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("which", ["*.json", "*.model", "*"])
@pytest.mark.parametrize("how", ["afgekapt", "leeg", "rommel", "waarde-veranderd", "map", "fifo"])
def test_a_damaged_entry_is_ignored(how: str, which: str, cache: Path) -> None:
    if how == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("Windows kent geen FIFO's")
    shipped.load_framework(GemeentenBestand, "gemeenten.yaml")
    entries = list(cache.glob(which))
    assert len(entries) == (2 if which == "*" else 1)
    for entry in entries:
        _damage_entry(entry, how)
    assert shipped.load_framework(GemeentenBestand, "gemeenten.yaml") == _fresh("gemeenten.yaml")


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_validated_framework_comes_back_without_validating(
    name: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `.model` entry is the object pydantic made, not data to validate again."""
    first = shipped.load_framework(FILES[name], name)
    fresh = _fresh(name)
    assert len(list(cache.glob("*.model"))) == 1
    _no_yaml(monkeypatch)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("opnieuw gevalideerd terwijl het gevalideerde raamwerk er is")

    monkeypatch.setattr(FILES[name], "model_validate", refuse)
    again = shipped.load_framework(FILES[name], name)
    assert again == first == fresh
    assert type(again) is FILES[name]


def test_other_code_gives_another_key(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changed model code (or another pydantic) may validate differently: the old object is not used."""
    file = frameworks_dir() / "wetten.yaml"
    shipped.load_framework(Wetten, "wetten.yaml")
    assert shipped.cached_model(Wetten, file) is not None
    monkeypatch.setattr(shipped, "_model_digest", lambda: "andere code")
    assert shipped.cached_model(Wetten, file) is None
    assert shipped.load_framework(Wetten, "wetten.yaml") == _fresh("wetten.yaml")


def test_the_key_covers_the_model_sources_and_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    """The versions of pydantic and pydantic-core are read from their installed dist-info folders
    (without importing pydantic, for `data show`); another version of either gives another key."""
    import pydantic
    import pydantic_core

    shipped._model_digest.cache_clear()
    try:
        real = shipped._model_digest()
        assert real == shipped._model_digest.__wrapped__()
        listed = os.listdir
        for module in (pydantic_core, pydantic):
            version = pydantic.VERSION if module is pydantic else pydantic_core.__version__
            site = Path(module.__file__).parent.parent  # type: ignore[arg-type]
            assert f"{module.__name__}-{version}.dist-info" in listed(site)

            def other(path: object, version: str = version) -> list[str]:
                return [n.replace(f"-{version}.dist-info", "-0.0.1.dist-info") for n in listed(path)]  # type: ignore[arg-type]

            monkeypatch.setattr(os, "listdir", other)
            assert shipped._model_digest.__wrapped__() != real
            monkeypatch.setattr(os, "listdir", listed)
        # without a dist-info folder to read (an unusual installation) the packages say it themselves
        monkeypatch.setattr(os, "listdir", lambda path: [])
        assert shipped._installed("pydantic") == f"pydantic {pydantic.VERSION}"
        assert shipped._installed("pydantic_core") == f"pydantic_core {pydantic_core.__version__}"
        monkeypatch.setattr(os, "listdir", listed)
    finally:
        shipped._model_digest.cache_clear()
    source = Path(shipped.__file__).read_text(encoding="utf-8")
    assert 'joinpath("model").glob("*.py")' in source


def test_an_entry_of_another_class_is_not_used(cache: Path) -> None:
    file = frameworks_dir() / "wetten.yaml"
    shipped.store_model(file, shipped.load_framework(Catalogue, "indicatoren.yaml"))
    assert shipped.cached_model(Wetten, file) is None
    assert shipped.load_framework(Wetten, "wetten.yaml") == _fresh("wetten.yaml")


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo gehackt > " + os.devnull,))


def _global_call(module: str, name: str, *args: str) -> bytes:
    """A pickle that calls the global `module`.`name` (a dotted name allowed) with text arguments,
    written opcode by opcode: `pickle.dumps` would refuse a global it cannot find again."""
    import pickle

    def text(value: str) -> bytes:
        encoded = value.encode()
        return pickle.BINUNICODE + len(encoded).to_bytes(4, "little") + encoded

    body = pickle.PROTO + bytes([4]) + text(module) + text(name) + pickle.STACK_GLOBAL + pickle.MARK
    return body + b"".join(text(arg) for arg in args) + pickle.TUPLE + pickle.REDUCE + pickle.STOP


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda: __import__("pickle").dumps(_Boom()), id="buiten-councilkit"),
        pytest.param(
            lambda: _global_call("councilkit.model.shipped", "os.system", "echo gehackt"), id="via-import"
        ),
        pytest.param(lambda: _global_call("councilkit.model.shipped", "_prune", "/"), id="functie"),
    ],
)
def test_an_entry_that_would_run_code_is_refused(
    payload: Callable[[], bytes], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with a valid key and checksum, the unpickler builds only framework classes: not a
    function outside councilkit.model, not one reached through a module's import, not a function."""
    import hashlib

    file = frameworks_dir() / "wetten.yaml"
    found = shipped._entry(file, model=True)
    assert found is not None
    entry, key = found
    body = payload()
    entry.parent.mkdir(parents=True, exist_ok=True)
    head = f"{shipped._MODEL_FORMAT} {key} {hashlib.sha256(body).hexdigest()}\n"
    entry.write_bytes(head.encode() + body)
    ran: list[object] = []
    monkeypatch.setattr(os, "system", lambda *args: ran.append(args))
    monkeypatch.setattr(shipped, "_prune", lambda *args: ran.append(args))
    assert shipped.cached_model(Wetten, file) is None
    assert not ran
    assert shipped.load_framework(Wetten, "wetten.yaml") == _fresh("wetten.yaml")


def test_an_edited_framework_is_read_anew(cache: Path, own_frameworks: Path) -> None:
    shipped.load_framework(GemeentenBestand, "gemeenten.yaml")
    file = own_frameworks / "gemeenten.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("naam: Breda}", "naam: Brida}"), encoding="utf-8"
    )
    edited = shipped.load_framework(GemeentenBestand, "gemeenten.yaml")
    assert "Brida" in {g.naam for g in edited.gemeenten}
    assert "Breda" not in {g.naam for g in edited.gemeenten}
    assert edited == _fresh("gemeenten.yaml", own_frameworks)


def test_a_broken_edit_is_reported_with_file_and_line_despite_a_valid_entry(
    cache: Path, own_frameworks: Path
) -> None:
    shipped.load_framework(GemeentenBestand, "gemeenten.yaml")
    file = own_frameworks / "gemeenten.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("{code: GM0758, naam: Breda}", "{code: GM758, naam: Breda}"), encoding="utf-8"
    )
    with pytest.raises(InputError) as cached_error:
        shipped.load_framework(GemeentenBestand, "gemeenten.yaml")
    with pytest.raises(InputError) as fresh_error:
        load_model(GemeentenBestand, file)
    assert str(cached_error.value) == str(fresh_error.value)
    assert cached_error.value.line == text.splitlines().index("  - {code: GM0758, naam: Breda}") + 1


def test_data_the_model_refuses_falls_back_to_the_yaml(cache: Path, own_frameworks: Path) -> None:
    """Even an entry with a valid checksum is only data: the model validates it every run."""
    file = own_frameworks / "gemeenten.yaml"
    shipped.store_data(file, {"bron": "geen blok"})
    assert shipped.cached_data(file) == {"bron": "geen blok"}
    assert shipped.load_framework(GemeentenBestand, "gemeenten.yaml") == _fresh("gemeenten.yaml")


def test_dates_round_trip_and_what_json_cannot_carry_is_not_stored(cache: Path, tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("a: 1\n", encoding="utf-8")
    data = {"datum": dt.date(2026, 1, 1), "tijd": dt.datetime(2026, 1, 1, 12, 0), "getal": 1.0, "ja": True}
    shipped.store_data(file, data)
    back = shipped.cached_data(file)
    assert back == data
    assert [type(v) for v in back.values()] == [dt.date, dt.datetime, float, bool]
    other = tmp_path / "y.yaml"
    other.write_text("b: 2\n", encoding="utf-8")
    shipped.store_data(other, {"verzameling": {1, 2}})
    assert shipped.cached_data(other) is None


def test_no_cache_folder_still_reads_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "een-bestand"
    blocked.write_text("geen map", encoding="utf-8")
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(blocked / "cache"))
    assert shipped.load_framework(Wetten, "wetten.yaml") == _fresh("wetten.yaml")
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", "")
    assert shipped.cache_dir() is None
    assert shipped.load_framework(Wetten, "wetten.yaml") == _fresh("wetten.yaml")


def test_a_file_the_user_names_is_never_cached(cache: Path, tmp_path: Path) -> None:
    own = tmp_path / "mijn-wetten.yaml"
    shutil.copy(frameworks_dir() / "wetten.yaml", own)
    assert shipped.load_framework(Wetten, "wetten.yaml", own) == _fresh("wetten.yaml")
    assert not cache.exists() or not list(cache.glob("*.json")) + list(cache.glob("*.model"))


def test_the_gemeenten_index_comes_back_as_built(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lookups over the gemeenten list are kept too; the kept index is the one a fresh build
    gives (same attributes, same answers), and is not rebuilt on the next run."""
    from councilkit.model.gemeenten import Gemeenten

    first = shipped.load_framework_index(Gemeenten, GemeentenBestand, "gemeenten.yaml", what="bestand")
    fresh = Gemeenten(_fresh("gemeenten.yaml"))  # type: ignore[arg-type]
    assert len(list(cache.glob("*.model"))) == 2  # the framework and its index

    def refuse(*args: object) -> None:
        raise AssertionError("de index is opnieuw gebouwd terwijl hij bewaard is")

    monkeypatch.setattr(Gemeenten, "__init__", refuse)
    again = shipped.load_framework_index(Gemeenten, GemeentenBestand, "gemeenten.yaml", what="bestand")
    assert vars(again) == vars(first) == vars(fresh)
    assert again.naam("GM0758") == "Breda" and again.op_naam("breda")[0].code == "GM0758"
    assert [g.code for g in again.in_jaar(2019)] == [g.code for g in fresh.in_jaar(2019)]
    assert [g.code for g in again.opvolgers("GM0738")] == [g.code for g in fresh.opvolgers("GM0738")]
