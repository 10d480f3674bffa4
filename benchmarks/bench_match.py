"""Matching quality (issue 14 §4): need → patent on citation pairs no model saw, against a BM25 baseline and
an IPC-only baseline, in one run.

    ipcenter ingest ../shared/data --corpus /tmp/c && ipcenter index build --corpus /tmp/c
    python benchmarks/bench_match.py --corpus /tmp/c --models ipcenter-demo/models --json match.json

The set (`ipcenter.transfer.evaluation`): a corpus document citing another corpus document; the citing
document's title (and abstract when it has one) is the need, the cited documents are the answers; the citing
document, its application and its number are left out of every ranking. Queries split dev/test by sha1;
weights of the matcher's parts are chosen on dev (grid, step 0.05) and every figure is reported on test (and
on all queries). MRR counts reciprocal ranks down to 100 (MRR@100); hit@10 is an answer among the first ten.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ipcenter import config
from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis
from ipcenter.transfer import patents
from ipcenter.transfer.evaluation import Query, Scores, build_queries, first_rank, tied_expectation
from ipcenter.transfer.matching import Matcher
from ipcenter.transfer.needs import NeedQuery

DEPTH = 100


def tokens(text: str) -> list[str]:
    norm = analysis.normalize(text)
    return analysis.word_tokens(norm) + analysis.bigram_tokens(norm)


def corpus_texts(corpus: Corpus) -> tuple[list[str], list[str], list[list[str]]]:
    con = corpus.connect()
    try:
        rows = con.execute(
            "SELECT publication_number, concat_ws(' ', title, title_en, abstract,"
            " array_to_string(list_transform(claims, lambda c: c.text), ' ')), ipc FROM patents"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows], [r[1] or "" for r in rows], [list(r[2] or []) for r in rows]


class Bm25Baseline:
    """bm25s over title + abstract + claims of every document, with the search domain's tokens."""

    def __init__(self, keys: list[str], texts: list[str]) -> None:
        import bm25s

        self.keys = keys
        self.model = bm25s.BM25()
        self.model.index([tokens(t) for t in texts], show_progress=False)
        self.vocab = self.model.vocab_dict

    def rank(self, q: Query) -> list[str]:
        toks = [t for t in dict.fromkeys(tokens(q.text)) if t in self.vocab]
        if not toks:
            return []
        scores = self.model.get_scores(toks)
        top = np.argpartition(-scores, DEPTH + 50)[: DEPTH + 50]
        top = top[np.argsort(-scores[top])]
        return [self.keys[i] for i in top if scores[i] > 0 and self.keys[i] not in q.exclude][:DEPTH]


class IpcOnlyBaseline:
    """Every document ranked by IPC agreement with the need's IPC (same credits as the matcher's part), ties
    broken at random: the expected reciprocal rank and hit@10 are computed exactly."""

    def __init__(self, keys: list[str], ipcs: list[list[str]]) -> None:
        self.keys = keys
        self.position = {k: i for i, k in enumerate(keys)}
        self.inverted: dict[tuple[str, str], list[int]] = {}
        for i, codes in enumerate(ipcs):
            for level, found in patents.ipc_levels(codes).items():
                for code in found:
                    self.inverted.setdefault((level, code), []).append(i)

    def expected(self, q: Query) -> tuple[float, float]:
        credit = np.zeros(len(self.keys))
        for level in ("section", "class", "subclass", "group"):  # deeper levels overwrite with more credit
            for code in patents.ipc_levels(q.ipc)[level]:
                idx = self.inverted.get((level, code), [])
                credit[idx] = np.maximum(credit[idx], patents.IPC_CREDIT[level])
        keep = np.ones(len(self.keys), dtype=bool)
        keep[[self.position[k] for k in q.exclude if k in self.position]] = False
        gold = [self.position[a] for a in q.answers if a in self.position]
        best = max(credit[g] for g in gold)
        better = int(np.sum((credit > best) & keep))
        tied = int(np.sum((credit == best) & keep))
        in_tie = sum(1 for g in gold if credit[g] == best)
        rr, hit = tied_expectation(better, tied, in_tie)
        return (rr if better + 1 <= DEPTH else 0.0), hit


def rerank(rows: list[dict[str, Any]], w: dict[str, float], ipc_key: str | None) -> list[str]:
    """Candidates by the weighted parts (a predicted IPC weighs ``ipc_predicted`` when the set has one)."""
    ipc_w = w.get("ipc_predicted", w["ipc"]) if ipc_key == "ipc_predicted" else w["ipc"]

    def score(r: dict[str, Any]) -> float:
        s = w["semantic"] * r["semantic"] + w["retrieval"] * r["retrieval"]
        return s + (ipc_w * r[ipc_key] if ipc_key else 0.0)

    return [r["pn"] for r in sorted(rows, key=lambda r: (-score(r), r["order"]))]


def grid(step: float = 0.05, with_ipc: bool = True) -> list[dict[str, float]]:
    n = round(1 / step)
    out = []
    for a in range(n + 1):
        for b in range(n + 1 - a):
            c = n - a - b
            if not with_ipc and c:
                continue
            out.append({"semantic": a / n, "retrieval": b / n, "ipc": c / n})
    return out


def evaluate(name: str, queries: list[Query], ranks: dict[str, int | None]) -> Scores:
    s = Scores(name)
    for q in queries:
        s.add(ranks[q.citing], DEPTH)
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--models", type=Path, default=None, help="classify model directory (predicted IPC)")
    ap.add_argument("--max-queries", type=int, default=0)
    ap.add_argument(
        "--candidates", type=int, default=DEPTH, help="candidates the matcher re-ranks (default 100)"
    )
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    corpus_dir = config.corpus_dir(args.corpus)
    corpus = Corpus(corpus_dir)
    started = time.perf_counter()
    queries = build_queries(corpus)
    if args.max_queries:
        queries = queries[: args.max_queries]
    print(
        f"{len(queries)} queries ({sum(q.split == 'dev' for q in queries)} dev), "
        f"{sum(len(q.answers) for q in queries)} answers",
        file=sys.stderr,
    )
    keys, texts, ipcs = corpus_texts(corpus)
    bm25 = Bm25Baseline(keys, texts)
    ipc_baseline = IpcOnlyBaseline(keys, ipcs)
    matcher = Matcher(
        corpus_dir,
        models_dir=args.models,
        with_value=False,
        weights={"semantic": 1, "retrieval": 1, "ipc": 1, "region": 0, "value": 0, "status": 0},
    )
    per_query: dict[str, list[dict[str, Any]]] = {}
    ranks: dict[str, dict[str, int | None]] = {"bm25": {}, "search": {}}
    ipc_expected: dict[str, tuple[float, float]] = {}
    for n, q in enumerate(queries, 1):
        ranks["bm25"][q.citing] = first_rank(bm25.rank(q), q.answers)
        ipc_expected[q.citing] = ipc_baseline.expected(q)
        found = matcher.match(
            NeedQuery(q.text, q.ipc, None),
            limit=args.candidates,
            candidates=args.candidates,
            exclude=q.exclude,
        )
        predicted, _ = matcher.need_ipc(NeedQuery(q.text, [], None))
        order = {pn: i for i, (pn, _) in enumerate(matcher.last_candidates)}
        rows = [
            {
                "pn": m.facts.publication_number,
                "order": order.get(m.facts.publication_number, DEPTH),
                "semantic": m.parts["semantic"].value,
                "retrieval": m.parts["retrieval"].value,
                "ipc_given": m.parts["ipc"].value if "ipc" in m.parts else 0.0,
                "ipc_predicted": patents.ipc_agreement(predicted, m.facts.ipc)[0] if predicted else 0.0,
            }
            for m in found
        ]
        per_query[q.citing] = rows
        ranks["search"][q.citing] = first_rank(sorted(order, key=order.__getitem__), q.answers)
        if n % 50 == 0:
            print(f"  {n}/{len(queries)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    dev = [q for q in queries if q.split == "dev"]
    test = [q for q in queries if q.split == "test"]
    results: dict[str, Any] = {"queries": len(queries), "dev": len(dev), "test": len(test), "systems": []}

    def matcher_ranks(w: dict[str, float], ipc_key: str | None) -> dict[str, int | None]:
        return {q.citing: first_rank(rerank(per_query[q.citing], w, ipc_key), q.answers) for q in queries}

    def mrr_on(qs: list[Query], r: dict[str, int | None]) -> float:
        return float(np.mean([1 / r[q.citing] if r[q.citing] and r[q.citing] <= DEPTH else 0 for q in qs]))

    from ipcenter.transfer.settings import DEFAULTS

    shipped = {
        k: DEFAULTS["match_weights"].value[k] for k in ("semantic", "retrieval", "ipc", "ipc_predicted")
    }
    variants: list[tuple[str, str | None, bool]] = [
        ("matcher, no IPC", None, False),
        ("matcher, predicted IPC", "ipc_predicted", True),
        ("matcher, given IPC", "ipc_given", True),
    ]
    chosen: dict[str, dict[str, float]] = {}
    for name, key, with_ipc in variants:
        best = max(grid(with_ipc=with_ipc), key=lambda w: mrr_on(dev, matcher_ranks(w, key)))
        chosen[name] = best
    # One weight set for every kind of need (the product has one): the best mean dev MRR over the three variants.
    joint = max(
        grid(), key=lambda w: float(np.mean([mrr_on(dev, matcher_ranks(w, k)) for _, k, _ in variants]))
    )
    results["joint_weights"] = joint
    for split_name, qs in (("test", test), ("all", queries)):
        bm25 = evaluate("BM25 baseline (bm25s, title+abstract+claims)", qs, ranks["bm25"])
        ipc_only = Scores("IPC-only baseline (given IPC, ties at random)")
        for q in qs:
            ipc_only.add_expected(*ipc_expected[q.citing])
        scored: list[tuple[Scores, dict[str, Any]]] = [(bm25, {}), (ipc_only, {})]
        scored.append((evaluate("search similar (hybrid, the candidates' order)", qs, ranks["search"]), {}))
        semantic_only = matcher_ranks({"semantic": 1, "retrieval": 0, "ipc": 0}, None)
        scored.append((evaluate("semantic passages only", qs, semantic_only), {}))
        for name, key, _ in variants:
            for label, w in (("dev-chosen", chosen[name]), ("shipped", shipped), ("joint dev-chosen", joint)):
                scored.append(
                    (evaluate(f"{name} ({label} weights)", qs, matcher_ranks(w, key)), {"weights": w})
                )
        # paired bootstrap over the same needs: is a system's difference from BM25 more than chance?
        rows = [
            {**s.to_dict(), **extra, **({"vs_bm25_95ci": s.versus(bm25)} if s is not bm25 else {})}
            for s, extra in scored
        ]
        recall = float(np.mean([any(r["pn"] in q.answers for r in per_query[q.citing]) for q in qs]))
        results["systems" if split_name == "test" else "all_queries"] = rows
        results[f"candidate_recall_{split_name}"] = round(recall, 4)
    results["candidates"] = args.candidates
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
