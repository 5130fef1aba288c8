"""How well `proposal check` agrees with hand labels, against plain keyword presence; and its speed.

Accuracy: the 27 labelled raadsvoorstellen in `tests/raadsvoorstellen/`: 'afstemmen' (15, labels
written before the rules, rules tuned on them), 'controle' (7, held out while tuning; their first run
exposed three bugs that were then fixed, so they are no longer clean) and 'nieuw' (5, written and
labelled after the rules were final, run once, never tuned on — the honest estimate). Reported per part and overall: agreement
and Cohen's kappa over all (proposal, criterion) pairs, and precision/recall per status and per
criterion, for the check and for the keyword baseline (a signal word from the criteria file
present = 'deels', two different ones = 'aanwezig').

Speed: wall time of `councilkit proposal check` on a generated 500-page docx (JSON output).
Run: `python benchmarks/bench_proposal.py` (figures go into benchmarks/README.md).
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
from pathlib import Path

from _timing import measure

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "raadsvoorstellen"))

from scoring import ITEMS, STATUSES, Score, evaluate, predict_all  # noqa: E402

PAGES = 500
WORDS_PER_PAGE = 400


def _predictors():  # type: ignore[no-untyped-def]
    from councilkit.checks.proposal import check_proposal, keyword_baseline, statuses
    from councilkit.model.frameworks import load_raadsvoorstel
    from councilkit.model.proposal import read_proposal

    kader = load_raadsvoorstel()
    return {
        "voortoets": lambda p: statuses(check_proposal(read_proposal(p), kader)),
        "trefwoorden": lambda p: keyword_baseline(read_proposal(p), kader),
    }


def _per_criterion(
    detail: dict[str, dict[str, tuple[str, str]]],
) -> dict[str, dict[str, tuple[float, float]]]:
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for item in ITEMS:
        pairs = [d[item] for d in detail.values()]
        out[item] = {}
        for status in STATUSES:
            tp = sum(1 for g, p in pairs if g == p == status)
            pred = sum(1 for _, p in pairs if p == status)
            gold = sum(1 for g, _ in pairs if g == status)
            out[item][status] = (tp / pred if pred else float("nan"), tp / gold if gold else float("nan"))
    return out


def _fmt(x: float) -> str:
    return "–" if x != x else f"{x:.2f}"


def accuracy() -> None:
    predictors = _predictors()
    print("| deel | methode | n | overeenstemming | kappa | P/R aanwezig | P/R deels | P/R ontbreekt |")
    print("|---|---|---:|---:|---:|---|---|---|")
    details = {}
    predictions = {name: predict_all(predict) for name, predict in predictors.items()}
    for part in ("afstemmen", "controle", "nieuw", None):
        for name in predictors:
            score: Score
            score, detail = evaluate(predictions[name], part)
            details[(part, name)] = detail
            pr = " | ".join(
                f"{_fmt(score.per_status[s][0])}/{_fmt(score.per_status[s][1])}" for s in STATUSES
            )
            print(
                f"| {part or 'alles'} | {name} | {score.n} | {score.agreement:.3f} | {score.kappa:.3f} | {pr} |"
            )
    for name in predictors:
        print(f"\nPer criterium, alle 27 voorstellen — {name} (precisie/recall per stand):\n")
        print("| criterium | aanwezig | deels | ontbreekt |")
        print("|---|---|---|---|")
        for item, per in _per_criterion(details[(None, name)]).items():
            cells = " | ".join(f"{_fmt(per[s][0])}/{_fmt(per[s][1])}" for s in STATUSES)
            print(f"| {item} | {cells} |")


def _big_docx(path: Path) -> Path:
    """A docx of about PAGES pages: the labelled Markdown proposals repeated under numbered headings."""
    import docx

    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "raadsvoorstellen").glob("*.md"))
    ]
    document = docx.Document()
    words = 0
    n = 0
    while words < PAGES * WORDS_PER_PAGE:
        for line in texts[n % len(texts)].splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                document.add_heading(f"{line.lstrip('# ')} ({n + 1})", level=min(line.count("#", 0, 3), 3))
            else:
                document.add_paragraph(line.lstrip("-0123456789. "))
                words += len(line.split())
        n += 1
    document.save(str(path))
    return path


def speed() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = _big_docx(Path(tmp) / "groot.docx")
        out = Path(tmp) / "groot.json"
        cmd = [sys.executable, "-m", "councilkit", "proposal", "check", str(big), "-o", str(out), "--force"]
        times = measure(cmd, runs=3)
        print(
            f"\n500 pagina's (~{PAGES * WORDS_PER_PAGE:,} woorden, {big.stat().st_size // 1024} kB docx): "
            f"mediaan {statistics.median(times):.1f} s, min {min(times):.1f} s, max {max(times):.1f} s "
            f"({platform.python_version()}, {platform.machine()})"
        )


if __name__ == "__main__":
    accuracy()
    if "--zonder-snelheid" not in sys.argv:
        speed()
