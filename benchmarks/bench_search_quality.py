"""Known-item retrieval on the real documents: ipcenter search against peers, same corpus, same queries, one run.

Tasks (gold = the document the query was taken from; a hit on another publication of the same application
also counts, since A and B publications share their claims):
  claim1    first claim as the query → its own patent, over title+abstract+claims+description
  keyphr    KPPatent-ZH gold keyphrases (from kppatent_test.jsonl, not from the corpus) → their patent
  title2cl  title as the query → its own claims, searching the claims only
  xling     cross-lingual: the English title of a Chinese document (CN XML samples carry one) → that document,
            with English titles left out of every index: only the multilingual vectors can connect them

Systems: ipcenter lexical (jieba words + bigrams, BM25 in tantivy), ipcenter hybrid (+ USE vectors, RRF),
bm25s, SQLite FTS5 (unicode61), rank_bm25, tantivy with its default analyzer — the peers with their own
default tokenisation, and bm25s / FTS5 again fed our analyser's tokens ("+ipc tokens") to separate the
engine from the analysis.

    python benchmarks/bench_search_quality.py --corpus DIR [--max-queries 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from ipcenter import config
from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis, ranking
from ipcenter.search.backend import SearchBackend, open_backend
from ipcenter.search.index import index_dir_for

K = 10


def load_corpus(corpus: Corpus) -> tuple[list[str], dict[str, dict[str, str]], dict[str, str]]:
    con = corpus.connect()
    rows = con.execute(
        """SELECT publication_number, application_number, title, title_en, abstract, description,
                  list_transform(coalesce(claims, []), lambda c: c.text),
                  list_transform(coalesce(claims_other_languages, []), lambda c: c.text), language
           FROM patents"""
    ).fetchall()
    con.close()
    keys, fields, app = [], {}, {}
    for pn, an, ti, ti_en, ab, de, cl, cl_other, lang in rows:
        keys.append(pn)
        fields[pn] = {
            "all": "\n".join(x for x in (ti, ti_en, ab, "\n".join(cl + cl_other), de) if x),
            "claims": "\n".join(cl + cl_other),
            "title": ti or ti_en or "",
            "claim1": cl[0] if cl else "",
            "claim1_other": cl_other[0] if cl_other else "",
            # cross-lingual task: the English title of a Chinese document is the query, so it is left out
            "no_en": "\n".join(x for x in (ti, ab, "\n".join(cl), de) if x),
            "title_en": ti_en if lang == "zh" and ti and ti_en else "",
        }
        if an:
            app[pn] = an
    return keys, fields, app


def gold_sets(keys: list[str], app: dict[str, str]) -> dict[str, set[str]]:
    by_app: dict[str, set[str]] = {}
    for pn, an in app.items():
        by_app.setdefault(an, set()).add(pn)
    return {pn: (by_app.get(app[pn], set()) | {pn}) if pn in app else {pn} for pn in keys}


def build_tasks(
    keys: list[str], fields: dict[str, dict[str, str]], data_dir: Path, max_q: int
) -> dict[str, list[tuple[str, str]]]:
    def sample(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        if len(items) <= max_q:
            return items
        step = len(items) / max_q
        return [items[int(i * step)] for i in range(max_q)]

    present = set(keys)
    claim1 = [(fields[k]["claim1"], k) for k in keys if len(fields[k]["claim1"]) >= 20]
    title2cl = [(fields[k]["title"], k) for k in keys if fields[k]["claims"] and len(fields[k]["title"]) >= 4]
    keyphr = []
    with open(data_dir / "kppatent-zh" / "kppatent_test.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("publication_number") in present and rec.get("keyphrases"):
                keyphr.append((" ".join(rec["keyphrases"]), rec["publication_number"]))
    xling = [(fields[k]["title_en"], k) for k in keys if fields[k]["title_en"]]
    return {
        "claim1": sample(claim1),
        "keyphr": sample(keyphr),
        "title2cl": sample(title2cl),
        "xling": sample(xling),
    }


# --------------------------------------------------------------------------- systems


def ipc_tokens(text: str) -> list[str]:
    norm = analysis.normalize(text)
    return analysis.word_tokens(norm) + analysis.bigram_tokens(norm)


def default_tokens(text: str) -> list[str]:
    """What a peer does out of the box: lower-case \\w+ runs (a Chinese sentence is one token)."""
    return re.findall(r"\w+", text.lower())


class Bm25sSystem:
    def __init__(self, tokenized: list[list[str]], keys: list[str], tokenizer) -> None:
        import bm25s

        self.keys, self.tok = keys, tokenizer
        self.model = bm25s.BM25()
        self.model.index(tokenized, show_progress=False)
        self.vocab = self.model.vocab_dict

    def search(self, q: str) -> list[str]:
        toks = [t for t in dict.fromkeys(self.tok(q)) if t in self.vocab]
        if not toks:
            return []
        ids = self.model.get_scores(toks)
        top = np.argpartition(-ids, K)[:K]
        top = top[np.argsort(-ids[top])]
        return [self.keys[i] for i in top if ids[i] > 0]


class RankBm25System:
    def __init__(self, tokenized: list[list[str]], keys: list[str], tokenizer) -> None:
        from rank_bm25 import BM25Okapi

        self.keys, self.tok = keys, tokenizer
        self.model = BM25Okapi([t or [""] for t in tokenized])

    def search(self, q: str) -> list[str]:
        scores = self.model.get_scores(list(dict.fromkeys(self.tok(q))))
        top = np.argpartition(-scores, K)[:K]
        top = top[np.argsort(-scores[top])]
        return [self.keys[i] for i in top if scores[i] > 0]


class Fts5System:
    def __init__(self, docs: list[str], keys: list[str], tokenizer=None, tokenized=None) -> None:
        self.keys, self.tok = keys, tokenizer
        self.con = sqlite3.connect(":memory:")
        self.con.execute("CREATE VIRTUAL TABLE d USING fts5(body, tokenize='unicode61')")
        self.con.executemany(
            "INSERT INTO d(rowid, body) VALUES (?, ?)",
            ((i, " ".join(tokenized[i]) if tokenized else t) for i, t in enumerate(docs)),
        )

    def search(self, q: str) -> list[str]:
        toks = list(dict.fromkeys(self.tok(q) if self.tok else default_tokens(q)))[:300]
        if not toks:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in toks)
        rows = self.con.execute(
            "SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?", (match, K)
        ).fetchall()
        return [self.keys[r[0]] for r in rows]


class TantivyDefaultSystem:
    def __init__(self, docs: list[str], keys: list[str], tokenizer=None) -> None:
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_text_field("key", stored=True, tokenizer_name="raw")
        sb.add_text_field("body", tokenizer_name="default")
        self.index = tantivy.Index(sb.build())
        w = self.index.writer(128 << 20, 1)
        for k, t in zip(keys, docs, strict=True):
            w.add_document(tantivy.Document(key=k, body=t))
        w.commit()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.tantivy = tantivy

    def search(self, q: str) -> list[str]:
        toks = list(dict.fromkeys(default_tokens(q)))[:300]
        if not toks:
            return []
        tq = self.tantivy.Query.boolean_query(
            [
                (self.tantivy.Occur.Should, self.tantivy.Query.term_query(self.index.schema, "body", t))
                for t in toks
            ]
        )
        res = self.searcher.search(tq, K)
        return [self.searcher.doc(a).get_first("key") for _, a in res.hits]


class IpcenterSystem:
    def __init__(self, engine: SearchBackend, mode: str, stems: tuple[str, ...]) -> None:
        self.engine, self.mode, self.stems = engine, mode, stems

    def search(self, q: str) -> list[str]:
        if self.mode == "semantic":
            vec = self.engine.encoder.encode([q[:256]])[0]
            return [k for k, _ in self.engine.vectors.nearest(vec, K)]
        tq = self.engine.lexical.sentence_query(q, self.stems)
        lexical, _ = self.engine.lexical.search(tq, limit=ranking.CANDIDATES if self.mode == "hybrid" else K)
        if self.mode == "lexical":
            return [k for k, _ in lexical[:K]]
        vec = self.engine.encoder.encode([q[:256]])[0]
        semantic = self.engine.vectors.nearest(vec, ranking.CANDIDATES)
        if self.mode == "hybrid-equal":
            return [k for k, _ in ranking.rrf(lexical, semantic)[:K]]
        return [k for k, _ in ranking.fuse(lexical, semantic)[:K]]


def evaluate(system, queries: list[tuple[str, str]], gold: dict[str, set[str]]) -> dict[str, float]:
    rr, r1, r10, times = [], 0, 0, []
    for q, target in queries:
        t = time.perf_counter()
        ranked = system.search(q)
        times.append((time.perf_counter() - t) * 1000)
        ok = gold[target]
        rank = next((i + 1 for i, k in enumerate(ranked) if k in ok), None)
        rr.append(1.0 / rank if rank else 0.0)
        r1 += rank == 1
        r10 += rank is not None and rank <= K
    n = len(queries) or 1
    return {
        "queries": len(queries),
        "mrr@10": round(sum(rr) / n, 4),
        "recall@1": round(r1 / n, 4),
        "recall@10": round(r10 / n, 4),
        "p50_ms": round(statistics.median(times), 2) if times else 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--max-queries", type=int, default=300)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-hybrid", action="store_true")
    ap.add_argument(
        "--only-ipcenter",
        action="store_true",
        help="skip the peers (their figures do not depend on our index)",
    )
    args = ap.parse_args()
    corpus = Corpus(config.corpus_dir(args.corpus))
    data_dir = config.data_dir(args.data)
    engine = open_backend(index_dir_for(corpus.root))
    keys, fields, app = load_corpus(corpus)
    gold = gold_sets(keys, app)
    tasks = build_tasks(keys, fields, data_dir, args.max_queries)
    print(
        f"corpus {corpus.root}: {len(keys)} documents; queries: "
        + ", ".join(f"{k} {len(v)}" for k, v in tasks.items())
    )
    results: dict[str, dict[str, dict[str, float]]] = {}
    for task, queries in tasks.items():
        field = {"title2cl": "claims", "xling": "no_en"}.get(task, "all")
        docs = [fields[k][field] for k in keys]
        stems = ("cl",) if task == "title2cl" else ("ti", "ab", "cl", "de")
        systems: dict[str, object] = {}
        if task == "xling":
            systems["ipcenter semantic (vectors)"] = IpcenterSystem(engine, "semantic", stems)
        else:
            systems["ipcenter lexical"] = IpcenterSystem(engine, "lexical", stems)
        if not args.no_hybrid and task in ("claim1", "keyphr"):
            systems["ipcenter hybrid (default)"] = IpcenterSystem(engine, "hybrid", stems)
            systems["ipcenter hybrid, equal weights"] = IpcenterSystem(engine, "hybrid-equal", stems)
        t = time.perf_counter()
        if args.only_ipcenter:
            results[task] = {}
            for name, system in systems.items():
                results[task][name] = r = evaluate(system, queries, gold)
                print(
                    f"{task:9s} {name:32s} MRR {r['mrr@10']:.3f}  R@1 {r['recall@1']:.3f}  R@10 {r['recall@10']:.3f}  p50 {r['p50_ms']:.1f} ms",
                    flush=True,
                )
            continue
        ours = [ipc_tokens(d) for d in docs]
        systems["bm25s (default tokens)"] = Bm25sSystem(
            [default_tokens(d) for d in docs], keys, default_tokens
        )
        systems["bm25s + ipcenter tokens"] = Bm25sSystem(ours, keys, ipc_tokens)
        systems["SQLite FTS5 unicode61"] = Fts5System(docs, keys)
        systems["SQLite FTS5 + ipcenter tokens"] = Fts5System(docs, keys, ipc_tokens, ours)
        systems["rank_bm25 + ipcenter tokens"] = RankBm25System(ours, keys, ipc_tokens)
        systems["tantivy default analyzer"] = TantivyDefaultSystem(docs, keys)
        print(f"[{task}] peers indexed in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        results[task] = {}
        for name, system in systems.items():
            # rank_bm25 scores every document in Python per query term (seconds a claim): a fixed subset
            subset = queries[:: max(1, len(queries) // 25)] if name.startswith("rank_bm25") else queries
            results[task][name] = evaluate(system, subset, gold)
            r = results[task][name]
            print(
                f"{task:9s} {name:32s} MRR {r['mrr@10']:.3f}  R@1 {r['recall@1']:.3f}  R@10 {r['recall@10']:.3f}  p50 {r['p50_ms']:.1f} ms",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
