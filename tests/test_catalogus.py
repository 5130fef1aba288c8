"""`councilkit catalogus` finds ids without opening frameworks/; the schema offers them to editors."""

from __future__ import annotations

import json

from councilkit.model.catalogue import load_catalogue
from councilkit.model.frameworks import load_wetten


def test_search_indicators_by_word_and_source(cli) -> None:
    result = cli("catalogus", "indicatoren", "eenzaam")
    assert result.code == 0, result
    assert "Indicatoren (1 gevonden voor 'eenzaam'):" in result.out
    assert "  eenzaamheid\n" in result.out and "GGD" in result.out
    by_table = cli("catalogus", "indicatoren", "84799ned")
    ids = {
        line.strip()
        for line in by_table.out.splitlines()
        if line.startswith("  ") and not line.startswith("    ")
    }
    expected = {i.id for i in load_catalogue().indicatoren if i.bron and i.bron.tabel == "84799NED"}
    assert expected and expected <= ids


def test_search_topics_and_domain_filter(cli) -> None:
    result = cli("catalogus", "onderwerpen", "mantelzorg", "--domein", "wmo")
    assert result.code == 0
    assert "wmo-plan-mantelzorg-vrijwilligers" in result.out
    jeugd = cli("catalogus", "onderwerpen", "--domein", "jeugd").out
    assert "jeugd-plan-vroegsignalering" in jeugd and "wmo-plan" not in jeugd
    wet = load_wetten().by_id()["jeugd"]
    assert f"({len(wet.onderwerpen()) + len(wet.taken_en_voorwaarden())} gevonden)" in jeugd


def test_without_kind_both_lists_and_nothing_found_is_said(cli) -> None:
    both = cli("catalogus", "mantelzorg").out
    assert "Indicatoren (" in both and "Wettelijke onderwerpen (" in both
    none = cli("catalogus", "onderwerpen", "qqq")
    assert none.code == 0 and "niets gevonden voor 'qqq'" in none.out


def test_schema_offers_catalogue_and_topic_ids(cli) -> None:
    schema = json.loads(cli("schema").out)
    indicator = schema["$defs"]["Resultaat"]["properties"]["indicator"]
    enum = indicator["anyOf"][0]["enum"]
    assert enum == [i.id for i in load_catalogue().indicatoren]
    assert {"type": "string"} in indicator["anyOf"], "a local indicator id stays allowed"
    topics = schema["$defs"]["Thema"]["properties"]["wettelijke_onderwerpen"]["items"]["anyOf"][0]["enum"]
    assert "wmo-plan-mantelzorg-vrijwilligers" in topics and "participatie-plan-vn-verdrag" in topics
    assert not any("-verordening-" in topic for topic in topics), "a theme takes up plan topics only"
