"""The fill-in form of a werkblad, resolved from its framework file into plain data.

Every file in `frameworks/werkbladen/` with a `formulier` section is a worksheet kind: `visie`,
`waardemodel`, `preventie`, or any file a griffie adds. The form section only names fields; the texts
(title, key question, explanation, examples, prompts for alone or with the council) are looked up in
the same file through `onderdeel`, so nothing the framework already says is written twice. Every
output (HTML form, XLSX, docx, Markdown) and every reader works from the `Werkbladformulier` built
here, which is why a new worksheet needs a new YAML file and no new code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from councilkit.errors import InputError
from councilkit.resources import frameworks_dir

Variant = Literal["zelf", "raad"]
VARIANT_NAMEN = {"zelf": "voor het raadslid", "raad": "voor de raad samen"}


@dataclass(frozen=True)
class Veld:
    """One answer field; `soort` lijst means `aantal` short answers, one per box."""

    id: str
    label: str
    soort: str = "tekst"
    aantal: int = 1
    hulp: str | None = None
    kompas: str | None = None

    @property
    def is_lijst(self) -> bool:
        return self.soort == "lijst"


@dataclass(frozen=True)
class Opdracht:
    toelichting: str
    vragen: tuple[str, ...]
    noteer: str


@dataclass(frozen=True)
class Stap:
    id: str
    nummer: int
    titel: str
    kernvraag: str | None
    uitleg: str | None
    voorbeelden: tuple[str, ...]
    opdracht: Opdracht | None
    velden: tuple[Veld, ...]


@dataclass(frozen=True)
class Kolom:
    id: str
    kop: str
    toelichting: str
    keuzes_uit: str | None = None
    kompas: str | None = None


@dataclass(frozen=True)
class Koppeltabel:
    titel: str
    toelichting: str
    kolommen: tuple[Kolom, ...]
    voorbeelden: tuple[dict[str, str], ...] = ()
    rijen: int = 8


@dataclass(frozen=True)
class Werkbladformulier:
    """Everything a worksheet output needs, for one kind and one variant."""

    soort: str
    variant: str
    titel: str
    inleiding: str
    opdracht: Opdracht | None
    stappen: tuple[Stap, ...]
    koppeltabel: Koppeltabel | None
    bron: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def velden(self) -> dict[str, Veld]:
        return {veld.id: veld for stap in self.stappen for veld in stap.velden}

    @property
    def versie(self) -> str:
        """A short fingerprint of the fields: a reader can tell a form made from another framework version."""
        shape: list[object] = [[v.id, v.soort, v.aantal] for v in self.velden.values()]
        if self.koppeltabel:
            shape.append([k.id for k in self.koppeltabel.kolommen])
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:12]

    @property
    def variant_naam(self) -> str:
        return VARIANT_NAMEN[self.variant]


def werkbladen_dir() -> Path:
    return frameworks_dir() / "werkbladen"


@cache
def soorten() -> tuple[str, ...]:
    """The worksheet kinds: every werkblad file with a `formulier` section, by file name."""
    import yaml

    found = []
    for path in sorted(werkbladen_dir().glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and "formulier" in data:
            found.append(path.stem)
    return tuple(found)


def onbekende_soort(soort: str, file: Path | None = None, line: int | None = None) -> InputError:
    return InputError(
        f"onbekend werkblad '{soort}'",
        file=file,
        line=line,
        hint=f"councilkit kent deze werkbladen: {', '.join(soorten())}",
    )


@cache
def load_formulier(soort: str, variant: str = "zelf") -> Werkbladformulier:
    """The resolved form of worksheet `soort` in `variant` (zelf or raad)."""
    # Deferred: `worksheet --help` lists the worksheets from here without pydantic or PyYAML.
    from councilkit.model.frameworks import Koppeltabel as KoppeltabelModel
    from councilkit.model.frameworks import Opdracht as OpdrachtModel
    from councilkit.model.frameworks import WerkbladBestand
    from councilkit.model.validate import validate
    from councilkit.model.yamlload import load_yaml

    if soort not in soorten():
        raise onbekende_soort(soort)
    located = load_yaml(werkbladen_dir() / f"{soort}.yaml", what="raamwerkbestand")
    loaded = validate(WerkbladBestand, located)
    model = loaded.model
    raw = located.data
    file = located.file

    def fail(message: str, loc: tuple[str | int, ...], hint: str) -> InputError:
        return InputError(message, file=file, line=located.line_of(loc), hint=hint)

    def opdracht(value: OpdrachtModel | dict[str, Any] | None) -> Opdracht | None:
        if value is None:
            return None
        if isinstance(value, dict):
            value = OpdrachtModel.model_validate(value)
        return Opdracht(value.toelichting, tuple(value.vragen), value.noteer)

    stappen: list[Stap] = []
    for index, stap in enumerate(model.formulier.stappen):
        loc: tuple[str | int, ...] = ("formulier", "stappen", index)
        item: dict[str, Any] = {}
        if stap.onderdeel:
            found = _items_with_id(raw, stap.onderdeel)
            if len(found) != 1:
                what = "bestaat niet" if not found else f"staat {len(found)} keer in het bestand"
                raise fail(
                    f"onderdeel '{stap.onderdeel}' {what}",
                    (*loc, "onderdeel"),
                    "verwijs naar de id van precies één stap, kernwaarde, niveau of vragenblok in dit bestand",
                )
            item = found[0]
        stappen.append(
            _stap(stap, item, raw, index + 1, variant, opdracht, lambda m, h, loc=loc: fail(m, loc, h))
        )
        if not stappen[-1].velden:
            raise fail(
                f"stap '{stap.id}' heeft geen invulvelden",
                loc,
                "geef 'velden' of zet 'alle_vragen: true' bij een onderdeel met vragen",
            )
    ids = [v.id for s in stappen for v in s.velden]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    if dubbel:
        raise fail(
            f"dubbele veld-id in het formulier: {', '.join(dubbel)}",
            ("formulier",),
            "geef elk veld een eigen id",
        )

    koppel = model.formulier.koppeltabel
    if isinstance(koppel, str):
        if not isinstance(raw.get(koppel), dict):
            raise fail(
                f"de koppeltabel '{koppel}' staat niet in dit bestand",
                ("formulier", "koppeltabel"),
                "geef de naam van een sleutel bovenaan in dit bestand, of schrijf de koppeltabel uit",
            )
        koppel = KoppeltabelModel.model_validate(raw[koppel])
    tabel = None
    if koppel is not None:
        for kolom in koppel.kolommen:
            if kolom.keuzes_uit and kolom.keuzes_uit not in ids:
                raise fail(
                    f"kolom '{kolom.id}' haalt keuzes uit veld '{kolom.keuzes_uit}', maar dat veld bestaat niet",
                    ("formulier", "koppeltabel"),
                    f"kies een van: {', '.join(ids)}",
                )
        tabel = Koppeltabel(
            titel=koppel.titel,
            toelichting=koppel.toelichting,
            kolommen=tuple(
                Kolom(k.id, k.kop, k.toelichting, k.keuzes_uit, k.kompas) for k in koppel.kolommen
            ),
            voorbeelden=tuple(
                {k.id: str(getattr(v, k.id, "") or "") for k in koppel.kolommen} for v in koppel.voorbeelden
            ),
        )
    return Werkbladformulier(
        soort=soort,
        variant=variant,
        titel=model.titel,
        inleiding=" ".join(model.inleiding.split()),
        opdracht=opdracht(getattr(model.formulier, variant)),
        stappen=tuple(stappen),
        koppeltabel=tabel,
        bron=file,
    )


def _stap(
    stap: Any, item: dict[str, Any], raw: Any, nummer: int, variant: str, opdracht: Any, fail: Any
) -> Stap:
    """One resolved step: own texts first, then those of the item it names."""
    eigen = getattr(stap, variant)
    stap_opdracht = opdracht(eigen) if eigen is not None else opdracht(item.get(variant))
    velden: list[Veld] = []
    if stap.alle_vragen:
        for vraag in _questions(item):
            velden.append(Veld(id=vraag["id"], label=_flat(vraag["tekst"])))
    for veld in stap.velden:
        label = veld.label
        if label is None and veld.vraag:
            found = [q for q in _items_with_id(raw, veld.vraag) if "tekst" in q]
            if len(found) != 1:
                raise fail(
                    f"veld '{veld.id}' verwijst naar vraag '{veld.vraag}', maar die "
                    + ("bestaat niet" if not found else "staat meer dan eens in het bestand"),
                    "geef de id van precies één vraag (met 'tekst') in dit bestand",
                )
            label = str(found[0]["tekst"])
        if label is None and stap_opdracht is not None:
            label = stap_opdracht.noteer
        if label is None:
            raise fail(
                f"veld '{veld.id}' heeft geen label",
                "geef 'label', een 'vraag' (id van een vraag in dit bestand) of een 'noteer' in de stap",
            )
        velden.append(
            Veld(
                id=veld.id,
                label=_flat(label),
                soort=veld.soort,
                aantal=veld.aantal if veld.soort == "lijst" else 1,
                hulp=_flat(veld.hulp) if veld.hulp else None,
                kompas=veld.kompas,
            )
        )
    titel = stap.titel or item.get("titel") or item.get("naam") or stap.id
    kernvraag = stap.kernvraag or item.get("kernvraag") or item.get("hoofdvraag")
    uitleg = stap.uitleg or item.get("uitleg") or item.get("toelichting")
    voorbeelden = stap.voorbeelden if stap.voorbeelden is not None else item.get("voorbeelden") or []
    return Stap(
        id=stap.id,
        nummer=nummer,
        titel=_flat(titel),
        kernvraag=_flat(kernvraag) if kernvraag else None,
        uitleg=_flat(uitleg) if uitleg else None,
        voorbeelden=tuple(_flat(v) for v in voorbeelden),
        opdracht=stap_opdracht,
        velden=tuple(velden),
    )


def _flat(text: object) -> str:
    """Framework prose is folded YAML; one line of text per paragraph is what every output wants."""
    return " ".join(str(text).split())


def _items_with_id(data: Any, wanted: str) -> list[dict[str, Any]]:
    """Every mapping with `id: wanted` in the file, outside the form section itself."""
    found: list[dict[str, Any]] = []
    if isinstance(data, dict):
        if data.get("id") == wanted:
            found.append(data)
        for key, value in data.items():
            if key != "formulier":
                found += _items_with_id(value, wanted)
    elif isinstance(data, list):
        for value in data:
            found += _items_with_id(value, wanted)
    return found


def _questions(item: Any) -> list[dict[str, Any]]:
    """Questions (mappings with `id` and `tekst`) inside an item, in file order."""
    found: list[dict[str, Any]] = []
    if isinstance(item, dict):
        for value in item.values():
            if isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict) and "id" in entry and "tekst" in entry:
                        found.append(entry)
                    else:
                        found += _questions(entry)
            elif isinstance(value, dict):
                found += _questions(value)
    return found
