"""Score `proposal check` (and the keyword baseline) against the hand labels in `labels.yaml`.

Used by `benchmarks/bench_proposal.py` (which reports the figures) and by the floor test in
`tests/test_proposal_benchmark.py` (which fails when the check gets worse). Agreement and Cohen's
kappa are computed over every (proposal, criterion) pair; precision and recall per status and per
criterion.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ITEMS = ("A", "B", "C", "D", "E", "publiekssamenvatting")
STATUSES = ("aanwezig", "deels", "ontbreekt")


def labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))


def proposal_paths(folder: Path) -> dict[str, Path]:
    """Every labelled proposal by its name; docx files are built into `folder` from their sources."""
    from make_docx import build_all

    built = {p.name: p for p in build_all(folder)}
    out = {}
    for name in labels():
        out[name] = built[name] if name.endswith(".docx") else HERE / name
    return out


@dataclass
class Score:
    n: int
    agreement: float
    kappa: float
    per_status: dict[str, tuple[float, float]]  # status -> (precision, recall)
    per_item: dict[str, float]  # criterion -> agreement


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(1 for a, b in pairs if a == b) / n
    gold = Counter(a for a, _ in pairs)
    pred = Counter(b for _, b in pairs)
    expected = sum(gold[s] * pred[s] for s in STATUSES) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def score(pairs_by_item: dict[str, list[tuple[str, str]]]) -> Score:
    pairs = [p for item in ITEMS for p in pairs_by_item.get(item, [])]
    per_status = {}
    for status in STATUSES:
        tp = sum(1 for g, p in pairs if g == p == status)
        predicted = sum(1 for _, p in pairs if p == status)
        actual = sum(1 for g, _ in pairs if g == status)
        per_status[status] = (tp / predicted if predicted else 0.0, tp / actual if actual else 0.0)
    per_item = {
        item: sum(1 for g, p in pairs_by_item[item] if g == p) / len(pairs_by_item[item])
        for item in ITEMS
        if pairs_by_item.get(item)
    }
    agreement = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    return Score(len(pairs), agreement, cohen_kappa(pairs), per_status, per_item)


def predict_all(predict: Callable[[Path], dict[str, str]]) -> dict[str, dict[str, str]]:
    """`predict` on every labelled proposal (docx built on the fly): name -> item -> status."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = proposal_paths(Path(tmp))
        return {name: predict(path) for name, path in paths.items()}


def evaluate(
    predict: Callable[[Path], dict[str, str]] | dict[str, dict[str, str]], part: str | None = None
) -> tuple[Score, dict[str, dict[str, tuple[str, str]]]]:
    """Score predictions (or a `predict` function) on `part`: 'afstemmen', 'controle' or all."""
    predictions = predict if isinstance(predict, dict) else predict_all(predict)
    wanted = {name: lab for name, lab in labels().items() if part is None or lab["deel"] == part}
    by_item: dict[str, list[tuple[str, str]]] = {item: [] for item in ITEMS}
    detail: dict[str, dict[str, tuple[str, str]]] = {}
    for name, lab in wanted.items():
        detail[name] = {}
        for item in ITEMS:
            pair = (lab[item], predictions[name][item])
            by_item[item].append(pair)
            detail[name][item] = pair
    return score(by_item), detail
