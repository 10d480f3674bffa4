"""Precision and recall of the word-mark "similar" verdict against labelled pairs, with two baselines in the
same run: plain edit distance on the normal form, and pinyin only (edit distance on toneless pinyin).

Pairs: tests/protection/data/mark_pairs.tsv (each with its source). Split: a pair is in the held-out half when
sha1("A|B") is odd — fixed before any figure was looked at. The rules were written from CNIPA's rule text and the
unit tests' pairs before this set existed and were not tuned on it; the baselines' thresholds are chosen on the
dev half (best F1) and applied to the held-out half.

    PYTHONPATH=src python benchmarks/bench_trademark_similarity.py [--pairs FILE]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections.abc import Callable
from pathlib import Path

from ipcenter.protection import characters, nice, similarity
from ipcenter.protection.distance import closeness

HERE = Path(__file__).resolve().parents[1]
PAIRS = HERE / "tests" / "protection" / "data" / "mark_pairs.tsv"


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def held_out(row: dict[str, str]) -> bool:
    return int(hashlib.sha1(f"{row['mark_a']}|{row['mark_b']}".encode()).hexdigest(), 16) % 2 == 1


def scores(predicted: list[bool], truth: list[bool]) -> tuple[float, float, float, int]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(truth)


def best_threshold(values: list[float], truth: list[bool]) -> float:
    candidates = sorted(set(values)) or [0.5]
    return max(candidates, key=lambda t: (scores([v >= t for v in values], truth)[2], -t))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    rows = load(args.pairs)
    try:
        generic = nice.tables(args.data).generic_names
    except Exception:  # no data directory: the generic-name rule runs without the 区分表's names
        generic = frozenset()
    truth = [r["label"] == "similar" for r in rows]
    rules = [similarity.compare(r["mark_a"], r["mark_b"], generic_names=generic).similar for r in rows]
    edit = [closeness(characters.normalise(r["mark_a"]), characters.normalise(r["mark_b"])) for r in rows]
    sound = [closeness(characters.spelled(characters.normalise(r["mark_a"])),
                       characters.spelled(characters.normalise(r["mark_b"]))) for r in rows]  # fmt: skip
    dev = [i for i, r in enumerate(rows) if not held_out(r)]
    test = [i for i, r in enumerate(rows) if held_out(r)]

    def pick(values: list[float]) -> Callable[[list[int]], list[bool]]:
        threshold = best_threshold([values[i] for i in dev], [truth[i] for i in dev])
        pick.threshold = threshold  # type: ignore[attr-defined]
        return lambda idx: [values[i] >= threshold for i in idx]

    systems: list[tuple[str, Callable[[list[int]], list[bool]], str]] = [
        ("CNIPA word-mark rules", lambda idx: [rules[i] for i in idx], f"score ≥ {similarity.SIMILAR_AT}")
    ]
    for name, values in (("edit distance", edit), ("pinyin only", sound)):
        chooser = pick(values)
        systems.append((name, chooser, f"closeness ≥ {pick.threshold:.3f} (chosen on dev)"))  # type: ignore[attr-defined]
    positives = sum(truth)
    print(f"pairs: {len(rows)} ({positives} similar, {len(rows) - positives} not similar); "
          f"dev {len(dev)}, held-out {len(test)}")  # fmt: skip
    print("| system | setting | held-out P | held-out R | held-out F1 | all P | all R | all F1 |")
    print("|---|---|---|---|---|---|---|---|")
    everything = list(range(len(rows)))
    for name, predict, setting in systems:
        p, r, f, _n = scores(predict(test), [truth[i] for i in test])
        ap, ar, af, _ = scores(predict(everything), truth)
        print(f"| {name} | {setting} | {p:.2f} | {r:.2f} | {f:.2f} | {ap:.2f} | {ar:.2f} | {af:.2f} |")
    missed = [f"{rows[i]['mark_a']}/{rows[i]['mark_b']}" for i in everything if truth[i] and not rules[i]]
    false = [f"{rows[i]['mark_a']}/{rows[i]['mark_b']}" for i in everything if rules[i] and not truth[i]]
    print(f"rules missed: {', '.join(missed) or 'none'}; rules' false alarms: {', '.join(false) or 'none'}")


if __name__ == "__main__":
    main()
