"""The facts `data show` reads without pydantic are exactly what the validated models say.

`councilkit.model.facts` answers from facts derived from the validated catalogue, gemeenten list and
CBS table list, kept by `model.shipped.cached_facts`. These tests compare every fact with the model,
and check that a cached entry is only ever used for the same file and the same models: an edited
file, a changed model, a damaged entry or no cache at all means deriving anew through validation.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from councilkit.errors import InputError
from councilkit.model import facts, shipped
from councilkit.model.catalogue import load_catalogue
from councilkit.model.cbs_tabellen import load_cbs_tabellen
from councilkit.model.gemeenten import load_gemeenten
from councilkit.resources import frameworks_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(folder))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    """Drop what this process remembers, so the next question goes to the cache (or the model)."""
    for cached in (facts.indicator_facts, facts._cbs, facts._gemeenten, load_catalogue, load_gemeenten):
        cached.cache_clear()
    load_cbs_tabellen.cache_clear()


def _count_derivations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From here on, record each time facts are derived through the model (not taken from the cache)."""
    derived: list[str] = []
    real = shipped.cached_facts

    def counting(relative: str, name: str, derive):  # type: ignore[no-untyped-def]
        def recorded():  # type: ignore[no-untyped-def]
            derived.append(name)
            return derive()

        return real(relative, name, recorded)

    monkeypatch.setattr(facts, "cached_facts", counting)
    return derived


def test_indicator_facts_equal_the_validated_catalogue(cache: Path) -> None:
    for _ in range(2):  # derived, then from the cache
        _forget()
        found = facts.indicator_facts()
        catalogue = load_catalogue().indicatoren
        assert list(found) == [i.id for i in catalogue]
        for indicator in catalogue:
            fact = found[indicator.id]
            for name in ("id", "naam", "eenheid", "telling", "afgeleid_van", "decimalen"):
                assert getattr(fact, name) == getattr(indicator, name), (indicator.id, name)
            assert [(b.jaar, list(b.regios), b.toelichting, b.bron) for b in fact.breuken] == [
                (b.jaar, b.regios, b.toelichting, b.bron) for b in indicator.breuken
            ]
    assert any(f.breuken for f in found.values())  # the Almere break is among them


def test_gemeente_names_and_cbs_titles_equal_the_validated_lists(cache: Path) -> None:
    for _ in range(2):
        _forget()
        gemeenten = load_gemeenten()
        codes = [g.code for g in gemeenten.alle()]
        assert len(codes) > 355  # the 2020 list and the gemeenten that ceased or began since
        for code in codes:
            for jaar in (None, 2015, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026):
                assert facts.gemeente_naam(code, jaar) == gemeenten.naam(code, jaar), (code, jaar)
        assert facts.gemeente_naam(" gm0758 ", 2020) == "Breda"
        assert facts.gemeente_naam("GM9999") is None
        tabellen = load_cbs_tabellen()
        for tabel in tabellen.tabellen:
            assert facts.titel(tabel.id) == tabel.titel
            assert facts.titel(tabel.id.lower() + " ") == tabel.titel
        assert facts.kwb_decimalen() == tabellen.kwb_decimalen
        assert facts.kwb_tabellen() == {
            str(t.jaar): t.id for t in tabellen.tabellen if t.reeks == "kwb" and t.jaar
        }


def test_the_cache_is_used_only_for_the_same_file_and_models(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = _count_derivations(monkeypatch)
    facts.indicator_facts()
    _forget()
    facts.indicator_facts()
    assert derived == ["indicatoren"]  # the second run needed no model

    # another version of any model module (or of pydantic, or Python) means deriving anew
    _forget()
    monkeypatch.setattr(shipped, "_model_digest", lambda: "een ander model")
    facts.indicator_facts()
    assert derived == ["indicatoren", "indicatoren"]

    # an edited catalogue is validated and its facts derived anew
    own = tmp_path / "frameworks"
    shutil.copytree(frameworks_dir(), own)
    monkeypatch.setattr(shipped, "frameworks_dir", lambda: own)
    file = own / "indicatoren.yaml"
    text = file.read_text(encoding="utf-8")
    assert "naam: Wmo-cliënten per 1.000 inwoners\n" in text
    file.write_text(text.replace("naam: Wmo-cliënten per 1.000 inwoners\n", "naam: Anders genoemd\n"))
    _forget()
    assert facts.indicator_facts()["wmo-clienten-per-1000"].naam == "Anders genoemd"
    assert derived[-1] == "indicatoren"

    # a broken edit fails as it always did: with file and line, never with stale facts
    file.write_text(text.replace("eenheid: per-1000-inwoners", "eenheid: per-duizend", 1))
    _forget()
    with pytest.raises(InputError) as error:
        facts.indicator_facts()
    assert error.value.file is not None and Path(error.value.file).name == "indicatoren.yaml"
    assert error.value.line


@pytest.mark.parametrize("how", ["afgekapt", "waarde-veranderd", "leeg"])
def test_a_damaged_facts_entry_is_derived_anew(
    how: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts.indicator_facts()
    # the facts are a list; the catalogue's own entry (its plain YAML data) is a mapping
    (entry,) = [p for p in cache.glob("*.json") if p.read_bytes().partition(b"\n")[2].startswith(b"[")]
    raw = entry.read_bytes()
    if how == "afgekapt":
        entry.write_bytes(raw[: len(raw) // 2])
    elif how == "leeg":
        entry.write_bytes(b"")
    else:  # valid JSON, another value, the old checksum
        assert b'"eenheid": "aantal"' in raw
        entry.write_bytes(raw.replace(b'"eenheid": "aantal"', b'"eenheid": "procent"', 1))
    derived = _count_derivations(monkeypatch)
    _forget()
    found = facts.indicator_facts()
    assert derived == ["indicatoren"]
    assert {k: f.eenheid for k, f in found.items()} == {i.id: i.eenheid for i in load_catalogue().indicatoren}


def test_without_a_cache_the_facts_come_from_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", "")
    _forget()
    derived = _count_derivations(monkeypatch)
    try:
        assert facts.indicator_facts()["inwoners"].telling is True
        assert facts.gemeente_naam("GM0758", 2020) == "Breda"
        assert derived == ["indicatoren", "gemeenten"]
    finally:
        _forget()


def test_the_measure_map_from_the_catalogue_facts_equals_the_one_from_its_model() -> None:
    """`data import` without a kompas matches source names through `model.facts` (no pydantic): every
    source name must reach the same indicator, unit and count as through the validated catalogue."""
    from councilkit.data.mapping import MeasureMap, default_map
    from councilkit.model.catalogue import indicator_index

    from_model = MeasureMap.from_indicators(indicator_index().values()).targets
    from_facts = default_map().targets
    assert from_facts == from_model and list(from_facts) == list(from_model)
    assert from_facts["wmoclienten"].indicator == "wmo-clienten"
