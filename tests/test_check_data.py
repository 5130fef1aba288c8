"""`councilkit check KOMPAS --data PAD`: per result which years have figures, and warnings for gaps."""

from __future__ import annotations

import json
from pathlib import Path

ALMERE = """\
gemeente: {naam: Almere, code: GM0034}
domein: wmo
periode: {van: 2022, tot: 2025}
waarden:
  - {id: meedoen, naam: Meedoen}
leidende_principes:
  - id: dichtbij
    naam: Dichtbij
    onderbouwing: omdat we veronderstellen dat hulp dichtbij eerder gevonden wordt
    waarden: [meedoen]
maatschappelijke_resultaten:
  - id: wmo-bereik
    omschrijving: Inwoners die ondersteuning nodig hebben, krijgen die.
    principes: [dichtbij]
    indicator: wmo-clienten
    nulmeting: {jaar: 2022, waarde: 11940}
    streefwaarde: {jaar: 2025, waarde: 12500}
  - id: jeugd-nulmeting-mist
    omschrijving: Een resultaat waarvan de nulmeting vóór de reeks ligt.
    principes: [dichtbij]
    indicator: jongeren-met-jeugdzorg
    nulmeting: {jaar: 2010, waarde: 6000}
    streefwaarde: {jaar: 2025, waarde: 6500}
"""


def test_check_with_data_lists_years_per_result(tmp_path: Path, cli, research_data: Path) -> None:
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(ALMERE, encoding="utf-8")
    raw = research_data / "cbs-kwb-almere-2018-2025" / "CBS_Kerncijfers_raw.csv"
    result = cli("check", kompas, "--data", raw)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == "Monitordata per resultaat:"
    wmo = next(line for line in lines if line.strip().startswith("wmo-bereik"))
    assert "2018" in wmo and "2024" in wmo, wmo
    missing = [line for line in lines if "[data-nulmeting-ontbreekt]" in line]
    assert len(missing) == 1 and "jeugd-nulmeting-mist" in missing[0]
    nulmeting_line = ALMERE.splitlines().index("    nulmeting: {jaar: 2010, waarde: 6000}") + 1
    assert missing[0].startswith(f"{kompas}:{nulmeting_line}: waarschuwing"), missing[0]

    as_json = cli("check", kompas, "--data", raw, "--format", "json")
    payload = json.loads(as_json.out)
    by_result = {item["resultaat"]: item for item in payload["data"]}
    assert {2018, 2022, 2023, 2024} <= set(by_result["wmo-bereik"]["jaren"])
    assert by_result["wmo-bereik"]["regio"] == "GM0034"
    assert any(f["code"] == "data-nulmeting-ontbreekt" for f in payload["findings"])


def test_check_with_unreadable_data_is_exit_2(tmp_path: Path, cli) -> None:
    kompas = tmp_path / "kompas.yaml"
    kompas.write_text(ALMERE, encoding="utf-8")
    bad = tmp_path / "export.csv"
    bad.write_text("", encoding="utf-8")
    result = cli("check", kompas, "--data", bad)
    assert result.code == 2
    assert result.err.startswith(f"fout: {bad}")
