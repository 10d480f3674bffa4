"""Precision and recall of the word-mark "similar" verdict against labelled pairs, with two baselines in the
same run: plain edit distance on the normal form, and pinyin only (edit distance on toneless pinyin).

Pairs: tests/protection/data/mark_pairs.tsv (each with its source page; see MARK_PAIRS.md). Split: by source,
not by pair — a pair is held out when sha1(url) is odd, so pairs from one decision or one article never fall on
both sides (``--split pair`` gives the earlier per-pair split). The baselines' thresholds are chosen on the dev
half (best F1) and applied to the held-out half. Confidence intervals: 95 % percentile bootstrap that resamples
source pages (pairs from one page move together), 2,000 draws, fixed seed.

    PYTHONPATH=src python benchmarks/bench_trademark_similarity.py [--pairs FILE] [--authority-only]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from ipcenter.protection import characters, nice, similarity
from ipcenter.protection.distance import closeness

HERE = Path(__file__).resolve().parents[1]
PAIRS = HERE / "tests" / "protection" / "data" / "mark_pairs.tsv"
AUTHORITY = {"court", "decision"}  # the authority's own verdict, not an example or a coexistence
DRAWS = 2000
SEED = 20261205


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def source_of(row: dict[str, str]) -> str:
    return row.get("url") or row["source"]


def held_out(row: dict[str, str], split: str) -> bool:
    key = source_of(row) if split == "source" else f"{row['mark_a']}|{row['mark_b']}"
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


METRICS = ("P", "R", "F1", "TNR", "BA")  # TNR: "not similar" pairs recognised; BA: (R + TNR) / 2


def scores(predicted: Sequence[bool], truth: Sequence[bool]) -> tuple[float, float, float, float, float]:
    """Precision, recall and F1 of the "similar" verdict, the true-negative rate, and the balanced accuracy
    (the mean of recall and TNR: what the verdict is worth when both classes count alike, whatever their
    shares in the set)."""
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    tn = sum(not p and not t for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    tnr = tn / (tn + fp) if tn + fp else 0.0
    return precision, recall, f1, tnr, (recall + tnr) / 2


def best_threshold(values: list[float], truth: list[bool], metric: int = 2) -> float:
    """The threshold with the best F1 (``metric`` 2) or balanced accuracy (4) on these pairs."""
    candidates = sorted(set(values)) or [0.5]
    return max(candidates, key=lambda t: (scores([v >= t for v in values], truth)[metric], -t))


def interval(predicted: list[bool], truth: list[bool], clusters: list[str]) -> list[tuple[float, float]]:
    """95 % bootstrap bounds of each of :data:`METRICS`, resampling whole clusters (source pages)."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        members[c].append(i)
    keys = sorted(members)
    rng = random.Random(SEED)
    draws: list[tuple[float, ...]] = []
    for _ in range(DRAWS):
        idx = [i for k in rng.choices(keys, k=len(keys)) for i in members[k]]
        draws.append(scores([predicted[i] for i in idx], [truth[i] for i in idx]))
    bounds = []
    for m in range(len(METRICS)):
        values = sorted(d[m] for d in draws)
        bounds.append((values[int(0.025 * DRAWS)], values[int(0.975 * DRAWS) - 1]))
    return bounds


def cell(value: float, bound: tuple[float, float]) -> str:
    return f"{value:.2f} [{bound[0]:.2f}–{bound[1]:.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--split", choices=("source", "pair"), default="source")
    parser.add_argument(
        "--authority-only", action="store_true", help="only court judgments and CNIPA decisions"
    )
    args = parser.parse_args()
    rows = load(args.pairs)
    if args.authority_only:
        rows = [r for r in rows if r["source_kind"] in AUTHORITY]
    try:
        generic = nice.tables(args.data).generic_names
    except Exception:  # no data directory: the generic-name rule runs without the 区分表's names
        generic = frozenset()
    truth = [r["label"] == "similar" for r in rows]
    rules = [similarity.compare(r["mark_a"], r["mark_b"], generic_names=generic).similar for r in rows]
    edit = [closeness(characters.normalise(r["mark_a"]), characters.normalise(r["mark_b"])) for r in rows]
    sound = [closeness(characters.spelled(characters.normalise(r["mark_a"])),
                       characters.spelled(characters.normalise(r["mark_b"]))) for r in rows]  # fmt: skip
    dev = [i for i, r in enumerate(rows) if not held_out(r, args.split)]
    test = [i for i, r in enumerate(rows) if held_out(r, args.split)]
    clusters = [source_of(r) if args.split == "source" else f"{r['mark_a']}|{r['mark_b']}" for r in rows]

    systems: list[tuple[str, Callable[[list[int]], list[bool]], str]] = [
        ("CNIPA word-mark rules", lambda idx: [rules[i] for i in idx], f"score ≥ {similarity.SIMILAR_AT}")
    ]
    for name, values in (("edit distance", edit), ("pinyin only", sound)):
        for metric, aim in ((2, "F1"), (4, "balanced accuracy")):
            threshold = best_threshold([values[i] for i in dev], [truth[i] for i in dev], metric)
            systems.append((name, lambda idx, v=values, t=threshold: [v[i] >= t for i in idx],
                            f"closeness ≥ {threshold:.3f} (best {aim} on dev)"))  # fmt: skip
    systems.append(("every pair similar", lambda idx: [True] * len(idx), "the class balance, for reference"))

    def count(idx: list[int]) -> str:
        pos = sum(truth[i] for i in idx)
        return f"{len(idx)} ({pos} similar / {len(idx) - pos} not, {len({clusters[i] for i in idx})} sources)"

    print(f"pairs: {count(list(range(len(rows))))}; split by {args.split}: dev {count(dev)}, "
          f"held-out {count(test)}")  # fmt: skip
    for label, idx in (("held-out", test), ("dev", dev), ("all", list(range(len(rows))))):
        print(f"\n{label} — {' / '.join(METRICS)} with 95 % bootstrap intervals")
        print(f"| system | setting | {' | '.join(METRICS)} |")
        print("|---|---|" + "---|" * len(METRICS))
        for name, predict, setting in systems:
            predicted, gold = predict(idx), [truth[i] for i in idx]
            bounds = interval(predicted, gold, [clusters[i] for i in idx])
            values = scores(predicted, gold)
            print(
                f"| {name} | {setting} | "
                + " | ".join(cell(v, b) for v, b in zip(values, bounds, strict=True))
                + " |"
            )
    for label, idx in (("dev", dev), ("held-out", test)):
        missed = [f"{rows[i]['mark_a']}/{rows[i]['mark_b']}" for i in idx if truth[i] and not rules[i]]
        false = [f"{rows[i]['mark_a']}/{rows[i]['mark_b']}" for i in idx if rules[i] and not truth[i]]
        print(
            f"\n{label}: rules missed {', '.join(missed) or 'none'}; false alarms {', '.join(false) or 'none'}"
        )


if __name__ == "__main__":
    main()
