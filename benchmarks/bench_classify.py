"""IPC subclass suggestions: 5-fold cross-validation inside folds 1–4 of cn-ipc-title-benchmark, English
hit@k on US/EP documents and on the WIPO Manual's English sets (split by family), latency and throughput.

    python benchmarks/bench_classify.py [--data DIR] [--folds 5] [--jobs 2] [--quick] [--out FILE.json]
        [--limit-folds N] [--no-claims] [--no-english-sets] [--wipo-test 600]

``--no-claims`` (US/EP/CN documents as title + abstract, as before) and ``--no-english-sets`` (the WIPO sets
left out of training; still tested) measure the effect of each added source. The WIPO titles are split into
folds by family (first priority), so no family is on both sides; each fold tests up to ``--wipo-test`` of its
titles (their sentence vectors are encoded per fold; the training ones are not encoded, see
``service.NO_SENTENCE_VECTORS``).

``--quick`` measures the quick model (the demo step's model when none is trained: nearest centroid)
instead of the full one.

Per outer fold k: the model is trained on the other CN titles + the US/EP/CN documents not held out + the
IPC titles (zh/en). hit@1 / hit@3 need no rule. For micro-F1, fold k's calibration and decision rule
(Platt sigmoid, threshold, co-occurrence share) are chosen on the out-of-fold predictions of the *other*
folds only — fold k's labels are never a selection target (its titles did train the models that scored
those other folds; with four numbers chosen (sigmoid a, b, threshold, share), that influence is small, and it saves the 2 × 5 inner fits
that a fully nested CV costs: this benchmark must run on 2 shared cores). `ipcenter classify train` uses a
true inner CV. The English documents are split into the same number of folds and held out with the CN
fold, so one fit per outer fold serves both measurements. Fold 5 of the source is not in the data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from ipcenter import config
from ipcenter.classify import data as classify_data
from ipcenter.classify import service
from ipcenter.classify.model import SEED, decide, encode_sentences, hits, micro_f1


def _folds(n: int, k: int) -> np.ndarray:
    return np.random.default_rng(SEED).permutation(n) % k


def _sentence_vectors(pool: list, cache: Path | None) -> np.ndarray:
    """``service.sentence_vectors(pool)``, with the texts' vectors kept in ``cache`` (an .npz) between runs:
    the ablation runs share most texts, and encoding them is minutes on two shared cores."""
    if cache is None:
        return service.sentence_vectors(pool)
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        stored = np.load(cache, allow_pickle=False)
        known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
    rows = service.sentence_rows(pool)
    missing = list(dict.fromkeys(pool[i].text for i in rows if pool[i].text not in known))
    if missing:
        known.update(zip(missing, encode_sentences(missing), strict=True))
        np.savez(cache, texts=np.array(list(known)), vectors=np.array(list(known.values()), dtype=np.float32))
    dims = next(iter(known.values())).shape[0] if known else 0
    out = np.zeros((len(pool), dims), dtype=np.float32)
    for i in rows:
        out[i] = known[pool[i].text]
    return out


def _family_fold(family: str, k: int) -> int:
    return int(hashlib.sha1(family.encode(), usedforsecurity=False).hexdigest(), 16) % k


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
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit-folds", type=int, default=None, help="run only the first N outer folds")
    parser.add_argument("--quick", action="store_true", help="the quick (demo) model's settings")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--no-claims", action="store_true", help="documents as title + abstract only")
    parser.add_argument(
        "--vector-cache", type=Path, default=None, help="keep the examples' sentence vectors here"
    )
    parser.add_argument("--no-english-sets", action="store_true", help="WIPO English titles not trained on")
    parser.add_argument("--wipo-test", type=int, default=600, help="WIPO test titles per fold (at most)")
    parser.add_argument(
        "--oof", type=Path, default=None, help="write each fold's ten best (code, value) per title"
    )
    args = parser.parse_args()
    data_dir = config.data_dir(args.data)
    if data_dir is None:
        print("data directory not found", file=sys.stderr)
        return 2

    titles = classify_data.load_ipc_titles(data_dir)
    cn = classify_data.cn_title_examples(data_dir)
    docs = classify_data.document_examples(data_dir, claims=not args.no_claims)
    wipo = classify_data.english_title_examples(data_dir)
    wipo_fold = [_family_fold(e.id, args.folds) for e in wipo]
    method = service.QUICK_METHOD if args.quick else "svm"
    title_examples = classify_data.title_examples(titles)
    if not args.quick:  # the full model's extra training examples and scorers (as `classify train`)
        title_examples += classify_data.group_examples(titles)
    scheme = () if args.quick else classify_data.scheme_title_lines(data_dir)
    # Sentence vectors of every example, encoded once: (CN titles, documents, IPC titles, WIPO titles) in that
    # order; zero rows where the sentence scorer does not learn (service.NO_SENTENCE_VECTORS).
    pool = cn + docs + title_examples + wipo
    started = time.perf_counter()
    pool_vectors = None if args.quick else _sentence_vectors(pool, args.vector_cache)
    encode_seconds = round(time.perf_counter() - started, 1)
    position = {id(e): i for i, e in enumerate(pool)}
    english = [i for i, e in enumerate(docs) if e.lang == "en" and e.source in ("uspto", "epo")]
    cn_fold = _folds(len(cn), args.folds)
    en_fold = dict(zip(english, _folds(len(english), args.folds), strict=True))

    def vectors_of(examples: list) -> np.ndarray | None:
        if pool_vectors is None:
            return None
        return pool_vectors[np.array([position[id(e)] for e in examples], dtype=np.int64)]

    per_fold = []
    latency: dict[str, float] = {}
    oof: dict[int, tuple[list[list[tuple[str, float]]], list[list[str]]]] = {}
    n_folds = args.limit_folds or args.folds
    for fold in range(n_folds):
        started = time.perf_counter()
        test_cn = [cn[i] for i in range(len(cn)) if cn_fold[i] == fold]
        test_en = [docs[i] for i in english if en_fold[i] == fold]
        held_ids = {e.id for e in test_en}  # nor through the Chinese twin of a CN XML document
        train = (
            [cn[i] for i in range(len(cn)) if cn_fold[i] != fold]
            + [d for i, d in enumerate(docs) if en_fold.get(i, -1) != fold and d.id not in held_ids]
            + title_examples
            + ([] if args.no_english_sets else [w for w, f in zip(wipo, wipo_fold, strict=True) if f != fold])
        )
        test_wipo = [w for w, f in zip(wipo, wipo_fold, strict=True) if f == fold]
        test_wipo = [
            test_wipo[i]
            for i in sorted(np.random.default_rng(fold).permutation(len(test_wipo))[: args.wipo_test])
        ]
        model = service.fit_model(
            train,
            n_jobs=args.jobs,
            tune=False,
            method=method,
            scheme_titles=scheme,
            vectors=vectors_of(train),
        )
        fit_seconds = time.perf_counter() - started
        values = model.decision([e.text for e in test_cn], vectors_of(test_cn))
        ranked = [model.ranked(row, 10) for row in values]
        truth = [e.subclasses for e in test_cn]
        oof[fold] = (ranked, truth)
        codes = [[c for c, _ in r] for r in ranked]
        en_values = (
            model.decision([e.text for e in test_en], vectors_of(test_en)) if test_en else np.zeros((0, 0))
        )
        en_ranked = [[c for c, _ in model.ranked(row, 3)] for row in en_values]
        wipo_vectors = None if pool_vectors is None else encode_sentences([e.text for e in test_wipo])
        wipo_values = (
            model.decision([e.text for e in test_wipo], wipo_vectors) if test_wipo else np.zeros((0, 0))
        )
        wipo_ranked = [[c for c, _ in model.ranked(row, 3)] for row in wipo_values]
        result = {
            "fold": fold,
            "test_titles": len(test_cn),
            "hit1": float(np.mean([hits(r, set(t), 1) for r, t in zip(codes, truth, strict=True)])),
            "hit3": float(np.mean([hits(r, set(t), 3) for r, t in zip(codes, truth, strict=True)])),
            "test_english": len(test_en),
            "en_hits1": int(
                sum(hits(r, set(e.subclasses), 1) for r, e in zip(en_ranked, test_en, strict=True))
            ),
            "en_hits3": int(
                sum(hits(r, set(e.subclasses), 3) for r, e in zip(en_ranked, test_en, strict=True))
            ),
            "test_wipo": len(test_wipo),
            "wipo_hits1": int(
                sum(hits(r, set(e.subclasses), 1) for r, e in zip(wipo_ranked, test_wipo, strict=True))
            ),
            "wipo_hits3": int(
                sum(hits(r, set(e.subclasses), 3) for r, e in zip(wipo_ranked, test_wipo, strict=True))
            ),
            "fit_seconds": round(fit_seconds, 1),
            "features": model.features.size,
            "weights_kept": int(model.weights.nnz) if model.weights is not None else 0,
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

    if args.oof:
        args.oof.write_text(json.dumps({str(f): {"ranked": r, "truth": t} for f, (r, t) in oof.items()}))
    pairs_all = {f: service._pairs_from([cn[i] for i in range(len(cn)) if cn_fold[i] != f]) for f in oof}
    for result in per_fold:
        fold = result["fold"]
        others = [f for f in oof if f != fold]
        if not others:
            break
        rule = service.choose_rule(
            [r for f in others for r in oof[f][0]], [t for f in others for t in oof[f][1]], pairs_all[fold]
        )
        a, b = rule["platt"]
        ranked, truth = oof[fold]
        scored = [[(c, float(1 / (1 + np.exp(-(a * v + b))))) for c, v in r] for r in ranked]
        decided = [decide(r, rule["threshold"], pairs_all[fold], rule["pair_share"]) for r in scored]
        result["micro_f1"] = micro_f1(decided, truth)
        result["threshold"] = rule["threshold"]
        result["pair_share"] = rule["pair_share"]
        result["mean_labels_decided"] = float(np.mean([len(d) for d in decided]))
        print(json.dumps(result), flush=True)

    def spread(key: str) -> dict[str, float]:
        values = [f[key] for f in per_fold]
        return {
            "mean": round(statistics.mean(values), 4),
            "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "min": round(min(values), 4),
            "max": round(max(values), 4),
        }

    n_en = sum(f["test_english"] for f in per_fold)
    n_wipo = sum(f["test_wipo"] for f in per_fold)
    summary = {
        "folds": len(per_fold),
        "model": "quick" if args.quick else "full",
        "rule": "chosen on the other folds' out-of-fold predictions",
        "micro_f1": spread("micro_f1") if "micro_f1" in per_fold[0] else None,
        "hit1": spread("hit1"),
        "hit3": spread("hit3"),
        "english_documents": n_en,
        "english_hit1": round(sum(f["en_hits1"] for f in per_fold) / max(n_en, 1), 4),
        "english_hit3": round(sum(f["en_hits3"] for f in per_fold) / max(n_en, 1), 4),
        "wipo_english_titles": n_wipo,
        "wipo_english_hit1": round(sum(f["wipo_hits1"] for f in per_fold) / max(n_wipo, 1), 4),
        "wipo_english_hit3": round(sum(f["wipo_hits3"] for f in per_fold) / max(n_wipo, 1), 4),
        "trained_on": {"claims": not args.no_claims, "english_sets": not args.no_english_sets},
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "source_baseline_micro_f1": round(_baseline_f1(data_dir), 4),
        "encode_seconds_all_examples": encode_seconds,
        **latency,
        "per_fold": per_fold,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "per_fold"}, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
