"""Search at 10⁶ documents: a SYNTHETIC corpus assembled from real text fragments, the tantivy index, the HNSW
vector index (recall@10 against exact search, build time, memory, incremental update) and query latency
(boolean, ranked, hybrid) beside the peers bm25s and SQLite FTS5 on the same documents.

The corpus is SYNTHETIC (labelled so in its cache folder, ``SYNTHETIC.md``): document i takes a real title, an
abstract of 2–3 real abstract sentences, a real first claim and a real dependent claim, real IPC symbols,
applicants and inventors — each drawn from the real samples ingested into ``--pool`` (the demo corpus of
``shared/data``), so term statistics are those of real patent text, not random words. Its sentence vector is
the normalised mix of the real vectors of the documents its abstract sentences came from, plus noise
(encoding 10⁶ texts with the USE encoder would take hours on two cores; the query side is encoded for real).

Every step is cached in ``--cache`` (default /work/scale-cache/search-1m) and skipped when its output is there:
generating and indexing 10⁶ documents is heavy, querying is not. Steps:

  lexical   tantivy index of the documents; the analysis (jieba + bigrams) runs in worker processes, the one
            tantivy writer in the main process; also writes the analysed tokens for the peers
  vectors   the synthetic vectors (float16), then the HNSW graph (``search.ann``): build seconds, size, RSS
  peers     bm25s and SQLite FTS5 indexes of the same analysed tokens
  measure   recall@10 of the graph against the exact dot product (real encoded query texts), incremental
            graph update (10,000 removed + 10,000 added) against a full rebuild, latency p50/p95/p99

    python benchmarks/bench_search_1m.py --pool ipcenter-demo/corpus --docs 1000000 --workers 2 [--json out.json]
        [--vectors-only]   (the vectors and the graph alone, when the tantivy build at that size is too long)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
from bench_search_scale import FIELD_QUERIES  # the scale benchmark's queries: the two runs compare

from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis, ann
from ipcenter.search import index as idx
from ipcenter.search import service as svc
from ipcenter.search import vectors as vector_files
from ipcenter.search.backend import open_backend, open_lexical_writer
from ipcenter.search.tantivy_backend import row_to_document

SENTENCE_SPLIT = re.compile(r"(?<=[。；.;])\s*")
TIE_EPSILON = 1e-3  # ann-benchmarks' tolerance on the 10th neighbour's distance


# --------------------------------------------------------------------------- the synthetic corpus


def load_pool(pool: Path) -> dict[str, Any]:
    """Fragments of the real documents (and their real vectors) the synthetic documents are made of."""
    corpus = Corpus(pool)
    con = corpus.connect()
    rows = con.execute(
        """SELECT publication_number, title, abstract, list_transform(coalesce(claims, []), lambda c: c.text),
                  ipc, list_transform(coalesce(applicants, []), lambda a: a.name), inventors
           FROM patents"""
    ).fetchall()
    con.close()
    matrix, ids = vector_files.load(idx.index_dir_for(pool))
    row_of = {pn: i for i, pn in enumerate(ids)}
    sentences: list[tuple[str, int]] = []  # (sentence, row of its document's vector)
    for pn, _t, abstract, _c, _i, _a, _n in rows:
        if abstract and pn in row_of:
            for s in SENTENCE_SPLIT.split(abstract):
                if len(s) >= 8:
                    sentences.append((s, row_of[pn]))
    claims = [c for r in rows for c in r[3][:1] if c]
    dependent = [c for r in rows for c in r[3][1:4] if c]
    return {
        "titles": [r[1] for r in rows if r[1]],
        "sentences": sentences,
        "claims": claims,
        "dependent": dependent or claims,
        "ipcs": [r[4] for r in rows if r[4]],
        "applicants": [r[5] for r in rows if r[5]],
        "inventors": [r[6] for r in rows if r[6]],
        "vectors": matrix.astype(np.float32),
    }


def synthetic_row(p: dict[str, Any], i: int) -> tuple[dict[str, Any], list[int]]:
    """Document i (deterministic) and the vector rows of its abstract's sources."""
    rnd = random.Random(i)
    picks = [p["sentences"][rnd.randrange(len(p["sentences"]))] for _ in range(rnd.choice((2, 2, 3)))]
    filed = date(2000, 1, 1) + timedelta(days=rnd.randrange(9000))
    row = {
        "publication_number": f"CN{300000000 + i}A",
        "application_number": f"{filed.year}1{i:07d}.X",
        "country": "CN",
        "patent_type": ("invention", "utility_model", "design")[i % 3],
        "legal_status": ("in_force", "lapsed", "pending", "unknown")[i % 4],
        "filing_date": filed,
        "publication_date": filed + timedelta(days=540),
        "grant_date": None,
        "title": p["titles"][rnd.randrange(len(p["titles"]))],
        "title_en": None,
        "abstract": "".join(s for s, _ in picks),
        "description": None,
        "claim_texts": [p["claims"][rnd.randrange(len(p["claims"]))], p["dependent"][rnd.randrange(len(p["dependent"]))]],
        "claim_texts_other": [],
        "ipc": p["ipcs"][rnd.randrange(len(p["ipcs"]))],
        "cpc": [],
        "inventors": p["inventors"][rnd.randrange(len(p["inventors"]))],
        "party_names": p["applicants"][rnd.randrange(len(p["applicants"]))],
        "regions": [],
        "content_hash": str(i),
    }  # fmt: skip
    return row, [r for _, r in picks]


_POOL: dict[str, Any] = {}


def _documents(span: tuple[int, int]) -> tuple[list[Any], list[str]]:
    """In a worker: the tantivy documents of rows [start, end) and their analysed bag of tokens."""
    docs, bags = [], []
    for i in range(*span):
        row, _ = synthetic_row(_POOL, i)
        doc = row_to_document(row, has_vector=True)
        docs.append(doc)
        # every text's analysed words and bigrams (the index's tx_w + tx_b fields): what the peers index
        bags.append(" ".join(t for t in (doc.get_first("tx_w"), doc.get_first("tx_b")) if t))
    return docs, bags


def build_tokens(p: dict[str, Any], n: int, cache: Path, workers: int) -> None:
    """The analysed tokens alone (when the tantivy index is already built): what the peers index."""
    _POOL.update(p)
    spans = [(s, min(n, s + 2000)) for s in range(0, n, 2000)]
    token_writer = pq.ParquetWriter(
        cache / "tokens.parquet", pa.schema([("i", pa.int64()), ("bag", pa.string())])
    )
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for _docs, bags in pool.imap(_documents, spans):
            token_writer.write_table(pa.table({"i": list(range(done, done + len(bags))), "bag": bags}))
            done += len(bags)
    token_writer.close()


def build_lexical(p: dict[str, Any], n: int, out: Path, workers: int) -> dict[str, Any]:
    _POOL.update(p)
    # a fresh tantivy index in its own folder; the vectors and the graph beside it are kept (their step reuses them)
    writer = open_lexical_writer(out, fresh=True)
    spans = [(s, min(n, s + 2000)) for s in range(0, n, 2000)]
    token_file = out.parent / "tokens.parquet"
    token_writer = pq.ParquetWriter(token_file, pa.schema([("i", pa.int64()), ("bag", pa.string())]))
    t0 = time.perf_counter()
    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for docs, bags in pool.imap(_documents, spans):
            for doc in docs:
                writer._writer.add_document(doc)  # documents made in the workers: the writer's own handle
            token_writer.write_table(pa.table({"i": list(range(done, done + len(bags))), "bag": bags}))
            done += len(docs)
            if done % 100_000 == 0:
                print(f"lexical: {done} docs, {done / (time.perf_counter() - t0):.0f} docs/s", flush=True)
    writer.commit()
    token_writer.close()
    seconds = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {
        "lexical_build_s": round(seconds, 1),
        "lexical_docs_per_s": round(n / seconds),
        "tantivy_mb": round(size / 2**20),
    }


# --------------------------------------------------------------------------- vectors


def build_vectors(p: dict[str, Any], n: int, out: Path) -> dict[str, Any]:
    if (out / vector_files.VECTORS_FILE).exists() and len(vector_files.load(out)[1]) == n:
        # the synthetic vectors of an earlier run (deterministic): only the graph is built again
        return _build_graph(n, out, vector_files.load(out)[0])
    rng = np.random.default_rng(11)
    src = p["vectors"]
    matrix = np.empty((n, src.shape[1]), dtype=np.float16)
    for start in range(0, n, 50_000):
        rows = []
        for i in range(start, min(n, start + 50_000)):
            _, sources = synthetic_row(p, i)
            rows.append(src[sources].mean(axis=0))
        block = np.asarray(rows, dtype=np.float32)
        block += rng.normal(0, 0.01, block.shape).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        matrix[start : start + len(block)] = block
    ids = [f"CN{300000000 + i}A" for i in range(n)]
    vector_files.save(out, matrix, ids)
    (out / "state.json").write_text(
        json.dumps(
            {"index_version": idx.INDEX_VERSION, "corpus_version": 0, "vector_count": n, "synthetic": True}
        )
    )
    return _build_graph(n, out, matrix)


def _build_graph(n: int, out: Path, matrix: np.ndarray) -> dict[str, Any]:
    ids = [f"CN{300000000 + i}A" for i in range(n)]
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    cpu0 = time.process_time()
    report = ann.build(out, matrix.astype(np.float32), ids)
    cpu = time.process_time() - cpu0
    return {
        "ann_build_s": report.seconds,
        "ann_build_vectors_per_s": round(n / report.seconds),
        "ann_build_cpu_s": round(cpu, 1),
        "ann_settings": {**ann.SETTINGS, "expansion_search": ann.EXPANSION_SEARCH},
        "ann_file_mb": round((out / ann.GRAPH_FILE).stat().st_size / 2**20),
        "ann_build_rss_added_mb": round((proc.memory_info().rss - rss0) / 2**20),
        "vectors_file_mb": round((out / vector_files.VECTORS_FILE).stat().st_size / 2**20),
    }


# --------------------------------------------------------------------------- peers


def iter_bags(cache: Path, limit: int | None = None) -> Iterator[str]:
    seen = 0
    for batch in pq.ParquetFile(cache / "tokens.parquet").iter_batches(batch_size=50_000, columns=["bag"]):
        for bag in batch.column(0).to_pylist():
            if limit is not None and seen >= limit:
                return
            seen += 1
            yield bag


def build_fts5(cache: Path) -> dict[str, Any]:
    path = cache / "fts5.sqlite"
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(bag, tokenize='unicode61')")
    t = time.perf_counter()
    con.executemany("INSERT INTO docs(rowid, bag) VALUES (?, ?)", enumerate(iter_bags(cache)))
    con.commit()
    seconds = time.perf_counter() - t
    con.close()
    return {"fts5_build_s": round(seconds, 1), "fts5_mb": round(path.stat().st_size / 2**20)}


def build_bm25s(cache: Path, limit: int) -> tuple[Any, dict[str, Any]]:
    """bm25s over the first ``limit`` documents: it takes its corpus as Python lists of tokens (~650 a
    document here), which at 10⁶ documents would not fit in this machine's memory beside the rest."""
    import bm25s

    t = time.perf_counter()
    corpus_tokens = [bag.split() for bag in iter_bags(cache, limit)]
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    count = len(corpus_tokens)
    del corpus_tokens
    return retriever, {"bm25s_build_s": round(time.perf_counter() - t, 1), "bm25s_docs": count}


# --------------------------------------------------------------------------- measuring


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def latency(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": pct(values, 0.95),
        "p99": pct(values, 0.99),
        "n": len(values),
    }


def timed(fn: Any, queries: list[Any], repeat: int = 1) -> list[float]:
    """Wall milliseconds per query; the CPU milliseconds of the same calls go to ``LAST_CPU_MS`` (on a shared
    machine the wall clock includes waiting for a core, the CPU time does not)."""
    out = []
    LAST_CPU_MS.clear()
    for _ in range(repeat):
        for q in queries:
            t, cpu = time.perf_counter(), time.process_time()
            fn(q)
            out.append((time.perf_counter() - t) * 1000)
            LAST_CPU_MS.append((time.process_time() - cpu) * 1000)
    return out


LAST_CPU_MS: list[float] = []


def timed_latency(fn: Any, queries: list[Any], repeat: int = 1) -> dict[str, float]:
    """:func:`latency` of the wall times, with the CPU-time percentiles beside them."""
    result = latency(timed(fn, queries, repeat))
    cpu = latency(LAST_CPU_MS)
    result.update({"cpu_p50": cpu["p50"], "cpu_p95": cpu["p95"], "cpu_p99": cpu["p99"]})
    return result


def measure_vectors(
    p: dict[str, Any], out: Path, cache: Path, n: int, queries: int, encoder: Any, graph: Any
) -> tuple[dict[str, Any], random.Random, np.ndarray]:
    """Recall@10 of the graph against the exact dot product on real encoded query texts, latency of both, the
    search-time candidate list's trade-off, and an incremental update against the full build."""
    result: dict[str, Any] = {}
    exact = vector_files.load(out)[0]
    matrix = exact.astype(np.float32)
    del exact
    # query texts: real titles + the start of real claims, encoded for real
    rnd = random.Random(5)
    texts = [rnd.choice(p["titles"]) for _ in range(queries // 2)] + [
        rnd.choice(p["claims"])[:200] for _ in range(queries - queries // 2)
    ]
    t = time.perf_counter()
    qvec = encoder.encode(texts).astype(np.float32)
    result["query_encode_ms_each"] = round((time.perf_counter() - t) * 1000 / len(texts), 1)
    ids = [f"CN{300000000 + i}A" for i in range(n)]
    recalls, tie_recalls, ann_ms, exact_ms, ann_cpu_ms = [], [], [], [], []
    for v in qvec:
        t = time.perf_counter()
        scores = matrix @ v
        top = np.argpartition(-scores, 9)[:10]
        exact_ms.append((time.perf_counter() - t) * 1000)
        want = {ids[i] for i in top}
        tenth = float(scores[top].min())
        t, cpu = time.perf_counter(), time.process_time()
        got = graph.nearest(v, 10)
        ann_ms.append((time.perf_counter() - t) * 1000)
        ann_cpu_ms.append((time.process_time() - cpu) * 1000)
        recalls.append(len(want & {pn for pn, _ in got}) / 10)
        # ann-benchmarks' recall: a neighbour as close as the exact 10th (within 1e-3) counts, so that a tie
        # among near-duplicates is not a miss
        tie_recalls.append(sum(1 for _, score in got if score >= tenth - TIE_EPSILON) / 10)
    result["ann_recall_at_10"] = round(float(np.mean(recalls)), 4)
    result["ann_recall_at_10_min"] = round(float(np.min(recalls)), 2)
    result["ann_recall_at_10_ties"] = round(float(np.mean(tie_recalls)), 4)
    result["ann_latency_ms"] = latency(ann_ms)
    result["ann_cpu_ms"] = latency(ann_cpu_ms)
    result["exact_latency_ms"] = latency(exact_ms)
    # the other settings of the search-time candidate list, for the recall/latency trade-off
    for ef in (32, 64, 128, 256):
        other = ann.AnnVectorIndex(out, expansion_search=ef)
        hits, ms = [], []
        for v in qvec[:100]:
            scores = matrix @ v
            want = {ids[i] for i in np.argpartition(-scores, 9)[:10]}
            t = time.perf_counter()
            got = other.nearest(v, 10)
            ms.append((time.perf_counter() - t) * 1000)
            hits.append(len(want & {pn for pn, _ in got}) / 10)
        result[f"ann_ef{ef}"] = {
            "recall_at_10": round(float(np.mean(hits)), 4),
            "p50_ms": round(statistics.median(ms), 2),
        }
    del matrix
    # incremental update: 10,000 documents change (removed, re-added with new vectors) against a full rebuild
    work = cache / "ann-update"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    for name in (ann.GRAPH_FILE, ann.IDS_FILE, ann.ROWS_FILE, ann.META_FILE):
        shutil.copy(out / name, work / name)
    rng = np.random.default_rng(2)
    k = min(10_000, n // 10)
    changed = rng.choice(n, k, replace=False)
    fresh = qvec[rng.integers(0, len(qvec), k)] + rng.normal(0, 0.05, (k, qvec.shape[1])).astype(np.float32)
    fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
    # (the rows of vectors.npy are left as they are: what is timed is the graph's update)
    report = ann.update(
        work, [ids[i] for i in changed], fresh, removed=[ids[i] for i in changed], matrix_ids=ids
    )
    result["ann_incremental"] = {"changed": k, "seconds": report.seconds}
    result["ann_full_build_s"] = json.loads((out / ann.META_FILE).read_text()).get("build_seconds")
    shutil.rmtree(work)
    return result, rnd, qvec


def measure(
    p: dict[str, Any], out: Path, cache: Path, n: int, queries: int, bm25s_docs: int
) -> dict[str, Any]:
    backend = open_backend(out)
    assert isinstance(backend.vectors, ann.AnnVectorIndex)
    result, rnd, _qvec = measure_vectors(p, out, cache, n, queries, backend.encoder, backend.vectors)
    # lexical queries
    sentences = [rnd.choice(p["claims"])[:200] for _ in range(40)]
    svc.search(backend, "TI=电池", limit=10)
    backend.encoder.encode(["warm up"])
    result["boolean_ms"] = timed_latency(
        lambda q: svc.search(backend, q, limit=10, mode="lexical"), FIELD_QUERIES, repeat=5
    )
    result["ranked_ms"] = timed_latency(lambda q: svc.search(backend, q, limit=10, mode="lexical"), sentences)
    result["hybrid_ms"] = timed_latency(lambda q: svc.search(backend, q, limit=10, mode="hybrid"), sentences)
    result["search_rss_mb"] = round(psutil.Process().memory_info().rss / 2**20)
    # peers on the same analysed tokens
    token_queries = [" ".join(analysis.analyze(s)) for s in sentences]
    con = sqlite3.connect(cache / "fts5.sqlite")

    def fts_ranked(q: str) -> None:
        terms = " OR ".join('"' + w.replace('"', "") + '"' for w in dict.fromkeys(q.split()) if w)
        con.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", (terms,)
        ).fetchall()

    def fts_boolean(q: str) -> None:
        con.execute("SELECT rowid FROM docs WHERE docs MATCH ? LIMIT 10", (q,)).fetchall()
        con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)).fetchall()

    result["fts5_ranked_ms"] = timed_latency(fts_ranked, token_queries)
    boolean = [
        '"锂电池" AND "正极"',
        '"神经网络"',
        '"电池" NOT "锂"',
        '"石墨烯"',
        '"传感器" AND "控制器"',
        '"图像" AND "识别"',
    ]
    result["fts5_boolean_ms"] = timed_latency(fts_boolean, boolean, repeat=5)
    con.close()
    retriever, built = build_bm25s(cache, bm25s_docs)
    result.update(built)

    def bm25s_ranked(q: str) -> None:
        retriever.retrieve(
            [[t for t in q.split() if t in retriever.vocab_dict] or ["x"]], k=10, show_progress=False
        )

    try:
        result["bm25s_ranked_ms"] = timed_latency(bm25s_ranked, token_queries)
    except Exception as exc:  # a peer's API change must not lose the other figures
        result["bm25s_error"] = f"{type(exc).__name__}: {exc}"
    result["peak_rss_mb"] = round(psutil.Process().memory_info().rss / 2**20)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--pool", type=Path, required=True, help="a corpus of the real samples with its vector index"
    )
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=Path("/work/scale-cache/search-1m"))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--queries", type=int, default=300, help="encoded query texts for recall and vector latency"
    )
    ap.add_argument("--bm25s-docs", type=int, default=200_000, help="documents bm25s indexes (memory)")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--vectors-only",
        action="store_true",
        help="only the vectors and the HNSW graph (build, recall@10, latency, update): no tantivy, no peers",
    )
    args = ap.parse_args()
    cache = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "SYNTHETIC.md").write_text(
        "SYNTHETIC search corpus: every document is assembled from fragments of real patent documents\n"
        "(benchmarks/bench_search_1m.py); publication numbers CN300000000A… are invented. Not patent data.\n"
    )
    out = cache / "index"
    p = load_pool(args.pool)
    results_file = cache / "build.json"
    built: dict[str, Any] = json.loads(results_file.read_text()) if results_file.exists() else {}
    result: dict[str, Any] = {
        "docs": args.docs,
        "synthetic": True,
        "cores": os.cpu_count(),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }
    if args.vectors_only:
        if built.get("docs") != args.docs:
            built = {"docs": args.docs}
        if "ann_build_s" not in built:
            out.mkdir(parents=True, exist_ok=True)
            built["load_avg_vectors"] = [round(x, 2) for x in os.getloadavg()]
            built.update(build_vectors(p, args.docs, out))
            results_file.write_text(json.dumps(built, indent=1))
        from ipcenter.encoder import default_encoder

        result["build"] = built
        result.update(
            measure_vectors(
                p, out, cache, args.docs, args.queries, default_encoder(), ann.AnnVectorIndex(out)
            )[0]
        )
        result["peak_rss_mb"] = round(psutil.Process().memory_info().rss / 2**20)
    else:
        result.update(run_all(args, p, out, cache, built, results_file))
    result["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


def run_all(
    args: argparse.Namespace,
    p: dict[str, Any],
    out: Path,
    cache: Path,
    built: dict[str, Any],
    results_file: Path,
) -> dict[str, Any]:
    """Every step: tantivy, vectors and graph, peers, then the measures."""
    result: dict[str, Any] = {}
    if built.get("docs") != args.docs:
        built = {"docs": args.docs}  # another size: every step again
    if "lexical_build_s" not in built:
        built["workers"] = args.workers
        built["load_avg_lexical"] = [round(x, 2) for x in os.getloadavg()]
        built.update(build_lexical(p, args.docs, out, args.workers))
        results_file.write_text(json.dumps(built, indent=1))
    if "ann_build_s" not in built:
        built["load_avg_vectors"] = [round(x, 2) for x in os.getloadavg()]
        built.update(build_vectors(p, args.docs, out))
        results_file.write_text(json.dumps(built, indent=1))
    if not (cache / "tokens.parquet").exists():
        build_tokens(p, args.docs, cache, args.workers)
    if "fts5_build_s" not in built:
        built.update(build_fts5(cache))
        results_file.write_text(json.dumps(built, indent=1))
    result["build"] = built
    result.update(measure(p, out, cache, args.docs, args.queries, args.bm25s_docs))
    return result


if __name__ == "__main__":
    raise SystemExit(main())
