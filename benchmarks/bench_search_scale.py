"""Scale: an index of N documents remixed from the real texts; build rate, query latency, memory.

Each synthetic document takes a real title (39k pool), a real abstract and real claims (from the ~1,000 full-text
documents), real IPC symbols, applicants and inventors of other real records, and a random date; so term
statistics look like real patents, not random words. Descriptions are left out (most records in a national
index carry title/abstract/claims). Vectors: encoding 10⁶ texts with USE is a separate, measured cost
(docs/s, extrapolated); the search-side vector matrix is made of the real document vectors with small noise,
so the dot-product latency at N is measured for real.

    python benchmarks/bench_search_scale.py --corpus DIR --docs 100000 [--out /tmp/scale-index] [--json f]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import psutil

from ipcenter.corpus.store import Corpus
from ipcenter.encoder import DIMENSIONS
from ipcenter.search import index as idx
from ipcenter.search import service as svc
from ipcenter.search.backend import open_backend, open_lexical_writer


def pools(corpus: Corpus) -> dict[str, list]:
    con = corpus.connect()
    rows = con.execute(
        """SELECT title, abstract, list_transform(coalesce(claims, []), lambda c: c.text), ipc,
                  list_transform(coalesce(applicants, []), lambda a: a.name), inventors
           FROM patents"""
    ).fetchall()
    con.close()
    return {
        "titles": [r[0] for r in rows if r[0]],
        "texts": [(r[1], r[2]) for r in rows if r[1] and r[2]],
        "ipcs": [r[3] for r in rows if r[3]],
        "applicants": [r[4] for r in rows if r[4]],
        "inventors": [r[5] for r in rows if r[5]],
    }


def synthetic_rows(p: dict[str, list], n: int, seed: int = 7):
    rnd = random.Random(seed)
    start = date(2000, 1, 1)
    types = ["invention", "utility_model", "design"]
    statuses = ["in_force", "lapsed", "pending", "unknown"]
    for i in range(n):
        abstract, claims = p["texts"][rnd.randrange(len(p["texts"]))]
        filed = start + timedelta(days=rnd.randrange(8400))
        yield {
            "publication_number": f"CN{300000000 + i}A",
            "application_number": f"{filed.year}1{i:07d}.X",
            "country": "CN",
            "patent_type": types[i % 3],
            "legal_status": statuses[i % 4],
            "filing_date": filed,
            "publication_date": filed + timedelta(days=540),
            "grant_date": None,
            "title": p["titles"][i % len(p["titles"])],
            "title_en": None,
            "abstract": abstract,
            "description": None,
            "claim_texts": claims,
            "claim_texts_other": [],
            "ipc": p["ipcs"][rnd.randrange(len(p["ipcs"]))],
            "cpc": [],
            "inventors": p["inventors"][rnd.randrange(len(p["inventors"]))],
            "party_names": p["applicants"][rnd.randrange(len(p["applicants"]))],
            "regions": [],
            "content_hash": str(i),
        }


FIELD_QUERIES = [
    "TI=(锂电池 AND 正极)",
    "IC=H01M AND AD>=20200101",
    "TX=神经网络 AND IC=G06N",
    "PA=华为 OR PA=中兴",
    "TI=电池 NOT TI=锂",
    "IC=A61K AND PD=2015:2018",
    'TX="lithium battery"',
    "TI=bicycl* OR TI=自行车",
    "CL=(传感器 AND 控制器) AND PT=发明",
    "TX=(图像 AND 识别) AND LS=有效",
    "AB=石墨烯",
    "IC=G06F40 AND AD>=2018",
]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True, help="a corpus whose index (with vectors) is built")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ipcenter-scale-index"))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    proc = psutil.Process()
    corpus = Corpus(args.corpus)
    p = pools(corpus)
    import shutil

    if args.out.exists():
        shutil.rmtree(args.out)
    writer = open_lexical_writer(args.out, fresh=True)
    t0 = time.perf_counter()
    for i, row in enumerate(synthetic_rows(p, args.docs)):
        writer.add(row, has_vector=True)
        if (i + 1) % 20000 == 0:
            print(f"{i + 1} docs, {(i + 1) / (time.perf_counter() - t0):.0f} docs/s", flush=True)
    writer.commit()
    build_s = time.perf_counter() - t0
    # vectors: the real ones, tiled with noise to N rows
    src = np.load(idx.index_dir_for(corpus.root) / "vectors.npy").astype(np.float32)
    rng = np.random.default_rng(1)
    reps = -(-args.docs // len(src))
    mat = np.tile(src, (reps, 1))[: args.docs]
    mat += rng.normal(0, 0.02, mat.shape).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    np.save(args.out / "vectors.npy", mat.astype(np.float16))
    (args.out / "vector_ids.json").write_text(json.dumps([f"CN{300000000 + i}A" for i in range(args.docs)]))
    (args.out / "state.json").write_text(
        json.dumps({"index_version": idx.INDEX_VERSION, "corpus_version": 0})
    )
    del mat

    engine = open_backend(args.out)
    engine.vectors.nearest(np.zeros(DIMENSIONS, dtype=np.float32), 1)  # loads the matrix
    engine.encoder.encode(["warm up"])
    svc.search(engine, "TI=电池", limit=10)  # jieba + reader warm-up
    field_ms = []
    for _ in range(5):
        for q in FIELD_QUERIES:
            t = time.perf_counter()
            svc.search(engine, q, limit=10, mode="lexical")
            field_ms.append((time.perf_counter() - t) * 1000)
    sentences = [c[0][:300] for _, c in p["texts"][:: max(1, len(p["texts"]) // 40)] if c][:40]
    hybrid_ms, encode_ms = [], []
    for s in sentences:
        t = time.perf_counter()
        svc.search(engine, s, limit=10, mode="hybrid")
        hybrid_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        engine.encoder.encode([s[:256]])
        encode_ms.append((time.perf_counter() - t) * 1000)
    texts = [f"{t}。{a}"[:256] for t, (a, _) in zip(p["titles"][:128], p["texts"][:128], strict=False)]
    t = time.perf_counter()
    engine.encoder.encode(texts)
    enc_rate = len(texts) / (time.perf_counter() - t)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    result = {
        "docs": args.docs,
        "cores": os.cpu_count(),
        "build_seconds": round(build_s, 1),
        "build_docs_per_s": round(args.docs / build_s, 1),
        "field_p50_ms": round(statistics.median(field_ms), 2),
        "field_p99_ms": round(pct(field_ms, 0.99), 2),
        "hybrid_p50_ms": round(statistics.median(hybrid_ms), 1),
        "hybrid_p99_ms": round(pct(hybrid_ms, 0.99), 1),
        "query_encode_p50_ms": round(statistics.median(encode_ms), 1),
        "encode_docs_per_s": round(enc_rate, 1),
        "index_bytes": size,
        "rss_mb": round(proc.memory_info().rss / 2**20),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
