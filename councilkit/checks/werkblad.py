"""Checks for a filled-in worksheet (`soort: werkblad`): does it fit its form, and is anything in it?

The shape is validated by the model; this adds what only the form knows: the worksheet kind exists,
every answer belongs to a field of that form (a hand-edited key would otherwise be lost when the
griffie combines the worksheets), list answers are lists, and the file is not empty.
"""

from __future__ import annotations

from typing import Any

from councilkit.checks.findings import Finding
from councilkit.model.validate import validate
from councilkit.model.werkblad import Werkblad
from councilkit.model.werkbladformulier import load_formulier, soorten
from councilkit.model.yamlload import Located


def check_werkblad_file(located: Located, options: Any) -> tuple[list[Finding], list[Any]]:
    """The checker of the `werkblad` kind (see `councilkit.kinds`)."""

    loaded = validate(Werkblad, located)
    return check_werkblad(loaded.model, located), []


def check_werkblad(werkblad: Any, located: Located) -> list[Finding]:
    file = str(located.file)
    findings: list[Finding] = []

    def add(code: str, level: Any, loc: tuple[str | int, ...], message: str, hint: str) -> None:
        findings.append(Finding(code, level, file, located.line_of(loc), message, hint))

    if werkblad.werkblad not in soorten():
        add(
            "werkblad-onbekend",
            "fout",
            ("werkblad",),
            f"onbekend werkblad '{werkblad.werkblad}'",
            f"councilkit kent: {', '.join(soorten())}",
        )
        return findings
    formulier = load_formulier(werkblad.werkblad, werkblad.variant)
    velden = formulier.velden
    for key, value in werkblad.antwoorden.items():
        veld = velden.get(key)
        if veld is None:
            add(
                "werkblad-onbekend-veld",
                "fout",
                ("antwoorden", key),
                f"het werkblad '{werkblad.werkblad}' heeft geen veld '{key}'",
                "zet het antwoord bij een bestaand veld; het wordt anders niet meegenomen",
            )
        elif veld.is_lijst != isinstance(value, list):
            soort = "een lijst (regels met '- ')" if veld.is_lijst else "één tekst"
            add(
                "werkblad-vorm",
                "fout",
                ("antwoorden", key),
                f"het antwoord bij '{key}' moet {soort} zijn",
                "schrijf het antwoord in die vorm",
            )
    kolommen = {k.id for k in formulier.koppeltabel.kolommen} if formulier.koppeltabel else set()
    for index, row in enumerate(werkblad.koppeltabel):
        for key in row:
            if key not in kolommen:
                add(
                    "werkblad-onbekende-kolom",
                    "fout",
                    ("koppeltabel", index, key),
                    f"de koppeltabel heeft geen kolom '{key}'",
                    f"gebruik {', '.join(sorted(kolommen))}"
                    if kolommen
                    else "dit werkblad heeft geen koppeltabel",
                )
    if werkblad.is_leeg():
        add("werkblad-leeg", "waarschuwing", ("antwoorden",), "er is niets ingevuld", "vul het werkblad in")
    if werkblad.variant == "zelf" and not (werkblad.naam or "").strip():
        add(
            "werkblad-zonder-naam",
            "waarschuwing",
            ("soort",),
            "het werkblad zegt niet wie het invulde",
            "vul 'naam' (en 'fractie') in, zodat de griffie het kan meetellen",
        )
    return findings
