"""Loading what the annual report needs: kompas, monitor figures, comparison gemeenten, duiding.

Bad input that the user can fix before running (a broken kompas or duiding file) is a Dutch error
with file and line. Bad input that only limits the report (no data for an indicator, a year outside
the series, a comparison gemeente not in the data, unknown ids in the duiding file, a store locked
by another process) does not stop it: the report completes and says so, in the document and on the
terminal (`Invoer.waarschuwingen`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from councilkit.data import open_data
from councilkit.data.disclosure import policy_for
from councilkit.documents.pipeline import Request
from councilkit.documents.report_context import DUIDING_VRAGEN, NEDERLAND, Invoer, grootteklasse
from councilkit.documents.report_data import Figuren
from councilkit.errors import InputError
from councilkit.model.catalogue import indicator_index
from councilkit.model.kompas import load_kompas
from councilkit.model.yamlload import load_yaml
from councilkit.resources import frameworks_dir

if TYPE_CHECKING:
    from councilkit.data.disclosure import Policy
    from councilkit.data.store import Store
    from councilkit.model.catalogue import Indicator


@dataclass(frozen=True)
class Standin:
    """A catalogue indicator shown as a "result" in catalogue mode (no kompas): no target."""

    id: str
    omschrijving: str
    indicator: str
    nulmeting: Any = None
    streefwaarde: Any = None
    regio: str | None = None
    toelichting: str | None = None


def load_duiding(path: Path, result_ids: Iterable[str]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Read a duiding file; unknown result ids and missing or unknown questions become warnings."""

    located = load_yaml(path, what="duidingbestand")
    data = located.data or {}
    if not isinstance(data, dict) or not isinstance(data.get("resultaten", {}), dict):
        raise InputError(
            "een duidingbestand heeft een blok 'resultaten' met per resultaat-id de vier vragen",
            file=path,
            line=located.line_of(("resultaten",)),
            hint="maak een leeg bestand met 'councilkit report KOMPAS --duiding-sjabloon duiding.yaml'",
        )
    known = set(result_ids)
    out: dict[str, dict[str, str]] = {}
    warnings: list[str] = []
    for result_id, answers in (data.get("resultaten") or {}).items():
        line = located.line_of(("resultaten", result_id))
        where = f"{path.name}:{line}" if line else path.name
        if result_id not in known:
            warnings.append(f"duiding voor onbekend resultaat '{result_id}' ({where}) is niet gebruikt")
            continue
        answers = answers if isinstance(answers, dict) else {}
        for key in answers:
            if key not in DUIDING_VRAGEN:
                warnings.append(
                    f"onbekende vraag '{key}' bij resultaat '{result_id}' ({where}); "
                    f"gebruik {', '.join(DUIDING_VRAGEN)}"
                )
        filled = {
            k: str(v).strip() for k, v in answers.items() if k in DUIDING_VRAGEN and v and str(v).strip()
        }
        missing = [k for k in DUIDING_VRAGEN if k not in filled]
        if missing:
            warnings.append(f"duiding van '{result_id}' ({where}) beantwoordt nog niet: {', '.join(missing)}")
        out[result_id] = filled
    return out, warnings


def duiding_sjabloon(kompas_path: Path) -> str:
    """The YAML a civil servant fills in: every result id with the four questions, empty."""
    import yaml

    kompas = load_kompas(kompas_path).model
    lines = [
        "# Duiding bij de resultatenrapportage — in te vullen door de gemeente.",
        "# Beantwoord per resultaat de vier vragen; een leeg antwoord blijft in het verslag een open plek.",
        "#   herkennen: " + DUIDING_VRAGEN["herkennen"],
        "#   verklaren: " + DUIDING_VRAGEN["verklaren"],
        "#   vinden:    " + DUIDING_VRAGEN["vinden"],
        "#   betekenis: " + DUIDING_VRAGEN["betekenis"],
        f"# Gebruik: councilkit report {kompas_path.name} --jaar JAAR --duiding DIT-BESTAND -o verslag.docx",
        "",
        "resultaten:",
    ]
    for result in kompas.maatschappelijke_resultaten:
        omschrijving = " ".join(result.omschrijving.split())
        lines.append(f"  # {omschrijving}")
        lines.append(f"  {yaml.safe_dump(result.id).splitlines()[0]}:")
        for key in DUIDING_VRAGEN:
            lines.append(f"    {key}: ''")
    return "\n".join(lines) + "\n"


def gemeentenamen() -> dict[str, str]:
    """Code → name of every gemeente councilkit knows (frameworks/gemeenten.yaml, when present)."""
    try:
        path = frameworks_dir() / "gemeenten.yaml"
        if not path.exists():
            return {}
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except Exception:  # a missing or different list only costs names, never the report
        return {}
    rows = data.get("gemeenten", []) if isinstance(data, dict) else []
    return {str(r.get("code")): str(r.get("naam")) for r in rows if isinstance(r, dict) and r.get("code")}


def gemeenten_in_data(figuren: Figuren) -> dict[str, float | None]:
    """Every gemeente with an inhabitants figure, with its latest shown number of inhabitants."""
    out: dict[str, float | None] = {}
    for (indicator, regio), series in sorted(figuren.reeksen.items()):
        if indicator == "inwoners" and regio.startswith("GM"):
            known = [f.waarde for f in series if f.waarde is not None]
            out[regio] = known[-1] if known else None
    return out


def inwoners_alle_gemeenten(store: Store, policy: Policy) -> Figuren:
    """The inhabitants of every gemeente in the store (one query), for size classes and names."""
    return Figuren.lees(store, ["inwoners"], None, niveau="gemeente", policy=policy)


def open_store_or_warn(paths: tuple[Path, ...], local: Iterable[Indicator]) -> tuple[Store | None, list[str]]:
    """The store, or None with a warning when it is locked by another process (the report goes on)."""

    if not paths:
        return None, ["er is geen monitordata opgegeven (--data); het verslag bevat geen cijfers"]
    try:
        return open_data(list(paths), local_indicators=local), []
    except InputError as exc:
        if "in gebruik" not in exc.message:
            raise
        return None, [
            f"de monitordata kon niet worden gelezen: {exc.message} ({exc.file}); {exc.hint or ''}".rstrip(
                "; "
            )
        ]


def _policy(kompas: Any, request: Request) -> Any:
    """The kompas's disclosure policy, made stricter where `councilkit.yaml` asks for it."""
    import dataclasses

    policy = policy_for(kompas)
    return dataclasses.replace(policy, drempel=request.drempel_voor(policy.drempel))


def load_invoer(request: Request) -> tuple[Invoer, Callable[[], None]]:
    """Kompas + data + duiding → `Invoer` for one gemeente (the store is closed by the cleanup)."""

    jaar = int(request.options["jaar"])  # type: ignore[call-overload]
    kompas = load_kompas(request.inputs[0]).model
    indicators = indicator_index(kompas.indicatoren)
    store, warnings = open_store_or_warn(request.data, kompas.indicatoren)
    try:
        invoer = invoer_for(
            kompas=kompas,
            resultaten=list(kompas.maatschappelijke_resultaten),
            gemeente=kompas.gemeente.naam,
            code=kompas.gemeente.code,
            jaar=jaar,
            indicators=indicators,
            store=store,
            vergelijk=[str(c).upper() for c in request.options.get("vergelijk", ()) or ()],  # type: ignore[attr-defined]
            warnings=warnings,
            policy=_policy(kompas, request),
            titel=None,
        )
        duiding_path = request.options.get("duiding")
        if duiding_path:
            invoer.duiding, more = load_duiding(Path(str(duiding_path)), [r.id for r in invoer.resultaten])
            invoer.waarschuwingen += more
            invoer.met_duiding = True
    except BaseException:
        if store is not None:
            store.close()
        raise

    def cleanup() -> None:
        if store is not None:
            store.close()

    return invoer, cleanup


def invoer_for(
    *,
    kompas: Any,
    resultaten: list[Any],
    gemeente: str,
    code: str,
    jaar: int,
    indicators: dict[str, Indicator],
    store: Store | None,
    vergelijk: list[str],
    warnings: list[str],
    policy: Policy,
    titel: str | None,
    figuren: Figuren | None = None,
    inwoners: dict[str, float | None] | None = None,
    namen: dict[str, str] | None = None,
) -> Invoer:
    """Read the figures for one gemeente (or take them from the batch) and note what is missing."""
    namen = dict(namen if namen is not None else gemeentenamen())
    if store is None and figuren is None:
        figuren = Figuren()
        inwoners = {}
    if inwoners is None:
        if store is None:  # figures handed in without the population: no size class
            inwoners = {}
        else:
            alle = inwoners_alle_gemeenten(store, policy)
            inwoners = gemeenten_in_data(alle)
            namen.update(alle.namen)
    klasse = grootteklasse(inwoners.get(code))
    klasse_codes = [c for c, n in inwoners.items() if grootteklasse(n) == klasse] if klasse else []
    ids = {r.indicator for r in resultaten if r.indicator}
    # the counts that shares derive from: disclosure of kompas values needs them
    ids |= {b for i in ids if (b := getattr(indicators.get(i), "afgeleid_van", None))}
    regios = {
        code,
        NEDERLAND,
        *vergelijk,
        *klasse_codes,
        *(r.regio for r in resultaten if getattr(r, "regio", None)),
    }
    if figuren is None:
        assert store is not None  # without a store, `figuren` was set to an empty one above
        figuren = Figuren.lees(store, [*ids, "inwoners"], regios, indicators=indicators, policy=policy)
    warnings = list(warnings)
    for other in vergelijk:
        if other not in inwoners and not any(k[1] == other for k in figuren.reeksen):
            warnings.append(f"vergelijkingsgemeente {other} komt niet voor in de monitordata")
    if store is not None or figuren.reeksen:
        for result in resultaten:
            if not result.indicator:
                continue
            regio = getattr(result, "regio", None) or code
            reeks = figuren.reeks(result.indicator, regio)
            if not reeks:
                warnings.append(f"resultaat '{result.id}': geen cijfers voor {result.indicator} in {regio}")
            elif all((f.jaar or 0) > jaar for f in reeks):
                warnings.append(
                    f"resultaat '{result.id}': de cijfers van {result.indicator} beginnen pas na {jaar}"
                )
            elif max(f.jaar or 0 for f in reeks) < jaar:
                warnings.append(
                    f"resultaat '{result.id}': het laatste cijfer van {result.indicator} is van "
                    f"{max(f.jaar or 0 for f in reeks)}, niet van {jaar}"
                )
    for c in [code, *vergelijk]:
        namen.setdefault(c, c)
    namen[code] = gemeente
    return Invoer(
        kompas=kompas,
        resultaten=resultaten,
        gemeente=gemeente,
        code=code,
        jaar=jaar,
        indicators=indicators,
        figuren=figuren,
        vergelijk=vergelijk,
        namen=namen,
        klasse_codes=klasse_codes,
        waarschuwingen=warnings,
        drempel=getattr(policy, "drempel", 7),
        policy=policy,
        titel=titel,
        zonder_data=store is None and not figuren.reeksen,
    )
