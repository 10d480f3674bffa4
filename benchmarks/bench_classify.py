"""IPC subclass suggestions: 5-fold cross-validation inside folds 1–4 of cn-ipc-title-benchmark, English
hit@k on US/EP documents, latency and batch throughput.

    python benchmarks/bench_classify.py [--data DIR] [--folds 5] [--inner 2] [--jobs 2] [--out FILE.json]

Per outer fold: the model is trained on the other CN titles + the US/EP/CN documents not held out + the
IPC titles (zh/en); its calibration and decision rule come from an inner CV on those training CN titles
only (the test fold is never seen). The English documents are split into the same number of folds and held
out together with the CN fold, so one fit per outer fold serves both measurements. Fold 5 of the source
is not in the data and is not used.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from ipcenter import config
from ipcenter.classify import data as classify_data
from ipcenter.classify import service
from ipcenter.classify.model import SEED, hits, micro_f1


def _folds(n: int, k: int) -> np.ndarray:
    return np.random.default_rng(SEED).permutation(n) % k


def _baseline_f1(data_dir: Path) -> float:
    """Micro-F1 of the source's own out-of-fold TF-IDF+SVM predictions on the same rows (folds 1–4)."""
    import csv

    path = data_dir / "cn-ipc-title-benchmark" / "oof_predictions.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return micro_f1(
        [[c for c in r["predicted_subclasses"].split("|") if c] for r in rows],
        [r["true_subclasses_all"].split("|") for r in rows],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--inner", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit-folds", type=int, default=None, help="run only the first N outer folds")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    data_dir = config.data_dir(args.data)
    if data_dir is None:
        print("data directory not found", file=sys.stderr)
        return 2

    titles = classify_data.load_ipc_titles(data_dir)
    cn = classify_data.cn_title_examples(data_dir)
    docs = classify_data.document_examples(data_dir)
    title_examples = classify_data.title_examples(titles)
    english = [i for i, e in enumerate(docs) if e.lang == "en" and e.source in ("uspto", "epo")]
    cn_fold = _folds(len(cn), args.folds)
    en_fold = dict(zip(english, _folds(len(english), args.folds), strict=True))

    per_fold = []
    latency: dict[str, float] = {}
    for fold in range(args.limit_folds or args.folds):
        started = time.perf_counter()
        test_cn = [cn[i] for i in range(len(cn)) if cn_fold[i] == fold]
        test_en = [docs[i] for i in english if en_fold[i] == fold]
        train = (
            [cn[i] for i in range(len(cn)) if cn_fold[i] != fold]
            + [d for i, d in enumerate(docs) if en_fold.get(i, -1) != fold]
            + title_examples
        )
        # A held-out English document must not train through its Chinese twin either (CN XML has both).
        held_ids = {e.id for e in test_en}
        train = [
            e
            for e in train
            if e.id not in held_ids or e.source in ("cn-title", "ipc-title-zh", "ipc-title-en")
        ]
        model = service.fit_model(train, n_jobs=args.jobs, inner_folds=args.inner)
        fit_seconds = time.perf_counter() - started

        scores = model.scores([e.text for e in test_cn])
        ranked = [[c for c, _ in model.ranked(row, 10)] for row in scores]
        truth = [e.subclasses for e in test_cn]
        decided = [model.decide(row) for row in scores]
        en_scores = model.scores([e.text for e in test_en]) if test_en else np.zeros((0, 0))
        en_ranked = [[c for c, _ in model.ranked(row, 3)] for row in en_scores]
        result = {
            "fold": fold,
            "test_titles": len(test_cn),
            "micro_f1": micro_f1(decided, truth),
            "hit1": float(np.mean([hits(r, set(t), 1) for r, t in zip(ranked, truth, strict=True)])),
            "hit3": float(np.mean([hits(r, set(t), 3) for r, t in zip(ranked, truth, strict=True)])),
            "mean_labels_decided": float(np.mean([len(d) for d in decided])),
            "threshold": model.threshold,
            "pair_share": model.pair_share,
            "test_english": len(test_en),
            "en_hits1": int(
                sum(hits(r, set(e.subclasses), 1) for r, e in zip(en_ranked, test_en, strict=True))
            ),
            "en_hits3": int(
                sum(hits(r, set(e.subclasses), 3) for r, e in zip(en_ranked, test_en, strict=True))
            ),
            "seconds": round(time.perf_counter() - started, 1),
            "fit_seconds": round(fit_seconds, 1),
        }
        per_fold.append(result)
        print(json.dumps(result), flush=True)
        if fold == 0:
            texts = [e.text for e in test_cn]
            t0 = time.perf_counter()
            for text in texts[:200]:
                model.scores([text])
            latency["ms_per_single_suggestion"] = round((time.perf_counter() - t0) / 200 * 1000, 2)
            t0 = time.perf_counter()
            model.scores(texts)
            latency["batch_texts_per_second"] = round(len(texts) / (time.perf_counter() - t0), 1)

    def spread(key: str) -> dict[str, float]:
        values = [f[key] for f in per_fold]
        return {
            "mean": round(statistics.mean(values), 4),
            "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "min": round(min(values), 4),
            "max": round(max(values), 4),
        }

    n_en = sum(f["test_english"] for f in per_fold)
    summary = {
        "folds": len(per_fold),
        "inner_folds": args.inner,
        "micro_f1": spread("micro_f1"),
        "hit1": spread("hit1"),
        "hit3": spread("hit3"),
        "english_documents": n_en,
        "english_hit1": round(sum(f["en_hits1"] for f in per_fold) / max(n_en, 1), 4),
        "english_hit3": round(sum(f["en_hits3"] for f in per_fold) / max(n_en, 1), 4),
        "source_baseline_micro_f1": round(_baseline_f1(data_dir), 4),
        **latency,
        "per_fold": per_fold,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "per_fold"}, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
