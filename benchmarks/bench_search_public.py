"""Every public search path against plain BM25 peers: same run, same documents, queries from held-out documents.

Paths (what users call, through the same service functions as the CLI):
  search          `ipcenter search "Q"` (mode auto: field/keyword queries lexical, sentences hybrid)
  similar --text  `ipcenter similar --text "Q"`
  similar --number `ipcenter similar --number N` (the patent's own text; its application left out)

Peers, over exactly the same documents (title + English title + abstract + claims + description of every
corpus record, the title-only bibliographic records included as distractors):
  rank_bm25 + jieba     BM25Okapi over jieba.lcut tokens (the usual Chinese setup)
  bm25s + jieba         bm25s (Lucene BM25) over the same jieba tokens
  SQLite FTS5 + jieba   FTS5 bm25() over the jieba tokens joined by spaces (unicode61), query = OR of tokens
  bm25s, FTS5 default   each peer's own tokenisation (\\w+ runs / unicode61: a Chinese clause is one token)

Query shapes (gold = the document the query came from, or another publication of its application):
  claim     long claim text: claim 1 of a document (claims shared verbatim by several applications left out)
  keywords  short keyword list: the KPPatent-ZH gold keyphrases of a document, space-separated
  typed     a keyword string as a Chinese user types it: its first two keyphrases run together (锂离子电池负极材料)
  title     a document's title (titles shared by several applications left out; PDF page-count debris removed)
  cited     prior art: a patent's search-report citations that are in the corpus are the gold; the query is
            the patent itself (`similar --number`; the peers get the text `similar --number` compares)

Documents are split by a hash of the application number into a **tune** half (used to choose weights, see
bench_search_tune.py) and a **test** half (reported). Peers' rankings are cached under --cache (they do not
depend on ipcenter's code).

    python benchmarks/bench_search_public.py --corpus DIR [--split test] [--per-shape 150] [--json out.json]

A fresh set nobody tuned on (KPPatent-ZH data_A abstracts, keyword shapes): see fresh_kppatent_a.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ipcenter import config
from ipcenter.corpus.store import Corpus
from ipcenter.search import service
from ipcenter.search.backend import SearchBackend

K = 10
SHAPES = ("claim", "keywords", "typed", "title", "cited")


# --------------------------------------------------------------------------- documents and queries


def split_of(key: str) -> str:
    """'tune' or 'test' for an application (or publication) number: a fixed hash, half each."""
    return "tune" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "test"


def _base(pn: str) -> str:
    return re.sub(r"[A-Z]\d?$", "", pn)


def load_documents(corpus: Corpus) -> dict[str, dict[str, Any]]:
    con = corpus.connect()
    rows = con.execute(
        """SELECT publication_number, application_number, title, title_en, abstract, description,
                  list_transform(coalesce(claims, []), lambda c: c.text),
                  list_transform(coalesce(claims_other_languages, []), lambda c: c.text),
                  list_transform(coalesce(citations, []), lambda c: c.number),
                  extra['keyphrases'], patent_type
           FROM patents"""
    ).fetchall()
    con.close()
    docs: dict[str, dict[str, Any]] = {}
    for pn, an, ti, ti_en, ab, de, cl, cl_other, cited, kp, ptype in rows:
        docs[pn] = {
            "app": an or pn,
            "text": "\n".join(x for x in (ti, ti_en, ab, "\n".join(cl + cl_other), de) if x),
            "title": ti or ti_en or "",
            "has_text": bool(ab or cl),
            "claim1": cl[0] if cl else "",
            "cited": [c for c in cited if c],
            "keyphrases": [p for p in (kp or "").split(";") if p],
            "type": ptype,
        }
    return docs


def gold_of(docs: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    by_app: dict[str, set[str]] = {}
    for pn, d in docs.items():
        by_app.setdefault(d["app"], set()).add(pn)
    return {pn: by_app[d["app"]] for pn, d in docs.items()}


def build_queries(
    docs: dict[str, dict[str, Any]], split: str, per_shape: int, only: str = ""
) -> dict[str, list[dict[str, Any]]]:
    """Per shape: [{"q", "doc", "gold"}] from documents of ``split`` ("all": both halves) whose publication
    number starts with ``only``, evenly sampled."""
    from ipcenter.search.titles import clean_title

    gold = gold_of(docs)
    apps_by_claim: dict[str, set[str]] = {}
    apps_by_title: dict[str, set[str]] = {}
    for d in docs.values():
        if d["claim1"]:
            apps_by_claim.setdefault(re.sub(r"\W+", "", d["claim1"].lower()), set()).add(d["app"])
        if d["title"]:
            apps_by_title.setdefault(re.sub(r"\W+", "", clean_title(d["title"]).lower()), set()).add(d["app"])
    by_base: dict[str, set[str]] = {}
    for pn in docs:
        by_base.setdefault(_base(pn), set()).add(pn)
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in SHAPES}
    for pn in sorted(docs):
        d = docs[pn]
        if (split != "all" and split_of(d["app"]) != split) or not pn.startswith(only):
            continue
        if pn != min(gold[pn]):  # one query per application
            continue
        if len(d["claim1"]) >= 20 and len(apps_by_claim[re.sub(r"\W+", "", d["claim1"].lower())]) == 1:
            out["claim"].append({"q": d["claim1"], "doc": pn, "gold": gold[pn]})
        if d["keyphrases"]:
            out["keywords"].append({"q": " ".join(d["keyphrases"]), "doc": pn, "gold": gold[pn]})
            typed = "".join(d["keyphrases"][:2])
            if re.fullmatch(r"[\u3400-\u9fff]+", typed):
                out["typed"].append({"q": typed, "doc": pn, "gold": gold[pn]})
        title = clean_title(d["title"]) if d["title"] else ""
        unique = bool(title) and len(apps_by_title[re.sub(r"\W+", "", title.lower())]) == 1
        if d["has_text"] and len(title) >= 4 and unique:
            out["title"].append({"q": title, "doc": pn, "gold": gold[pn]})
        cited = {c2 for c in d["cited"] for c2 in (by_base.get(c, set()) | by_base.get(_base(c), set()))}
        cited -= gold[pn]
        if cited:
            out["cited"].append({"q": pn, "doc": pn, "gold": cited})

    def sample(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(items) <= per_shape:
            return items
        step = len(items) / per_shape
        return [items[int(i * step)] for i in range(per_shape)]

    return {s: sample(v) for s, v in out.items()}


# --------------------------------------------------------------------------- peers


def jieba_tokens(text: str) -> list[str]:
    import jieba

    return [t for t in jieba.lcut(text.lower()) if t.strip() and re.search(r"\w", t)]


def default_tokens(text: str) -> list[str]:
    """A peer out of the box: lower-case \\w+ runs (a Chinese clause is one token)."""
    return re.findall(r"\w+", text.lower())


class Bm25sPeer:
    def __init__(
        self, tokenized: list[list[str]], keys: list[str], tokenizer: Callable[[str], list[str]]
    ) -> None:
        import bm25s

        self.keys, self.tok = keys, tokenizer
        self.model = bm25s.BM25()
        self.model.index(tokenized, show_progress=False)
        self.vocab = self.model.vocab_dict

    def ranked(self, q: str, k: int) -> list[str]:
        toks = [t for t in self.tok(q) if t in self.vocab]
        if not toks:
            return []
        scores = self.model.get_scores(toks)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.keys[i] for i in top if scores[i] > 0]


class RankBm25Peer:
    def __init__(
        self, tokenized: list[list[str]], keys: list[str], tokenizer: Callable[[str], list[str]]
    ) -> None:
        from rank_bm25 import BM25Okapi

        self.keys, self.tok = keys, tokenizer
        self.model = BM25Okapi([t or [""] for t in tokenized])

    def ranked(self, q: str, k: int) -> list[str]:
        scores = self.model.get_scores(self.tok(q))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.keys[i] for i in top if scores[i] > 0]


class Fts5Peer:
    def __init__(
        self, bodies: list[str], keys: list[str], tokenizer: Callable[[str], list[str]] | None = None
    ) -> None:
        self.keys, self.tok = keys, tokenizer
        self.con = sqlite3.connect(":memory:")
        self.con.execute("CREATE VIRTUAL TABLE d USING fts5(body, tokenize='unicode61')")
        self.con.executemany("INSERT INTO d(rowid, body) VALUES (?, ?)", enumerate(bodies))

    def ranked(self, q: str, k: int) -> list[str]:
        toks = list(dict.fromkeys(self.tok(q) if self.tok else default_tokens(q)))[:300]
        if not toks:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in toks)
        rows = self.con.execute(
            "SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?", (match, k)
        ).fetchall()
        return [self.keys[r[0]] for r in rows]


def build_peers(docs: dict[str, dict[str, Any]], cache: Path, version: int) -> dict[str, Any]:
    keys = sorted(docs)
    texts = [docs[k]["text"] for k in keys]
    tok_file = cache / f"jieba-tokens-v{version}-{len(keys)}.pkl"
    if tok_file.exists():
        jt = pickle.loads(tok_file.read_bytes())
    else:
        t = time.perf_counter()
        jt = [jieba_tokens(x) for x in texts]
        tok_file.write_bytes(pickle.dumps(jt))
        print(f"jieba: {len(keys)} documents tokenised in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    dt = [default_tokens(x) for x in texts]
    return {
        "rank_bm25 + jieba": RankBm25Peer(jt, keys, jieba_tokens),
        "bm25s + jieba": Bm25sPeer(jt, keys, jieba_tokens),
        "SQLite FTS5 + jieba": Fts5Peer([" ".join(t) for t in jt], keys, jieba_tokens),
        "bm25s, default tokens": Bm25sPeer(dt, keys, default_tokens),
        "SQLite FTS5 unicode61": Fts5Peer(texts, keys),
    }


# --------------------------------------------------------------------------- ipcenter's public paths


def path_runner(name: str, backend: SearchBackend, corpus_dir: Path) -> Callable[[dict[str, Any]], list[str]]:
    def run(item: dict[str, Any]) -> list[str]:
        if name == "search":
            result = service.search(backend, item["q"], limit=K)
        elif name == "similar --text":
            result = service.similar(backend, item["q"], limit=K)
        else:
            result = service.similar_to(backend, corpus_dir, number=item["q"], limit=K)
        return [h.publication_number for h in result.hits]

    return run


def similar_number_text(corpus: Corpus, item: dict[str, Any]) -> tuple[str, list[str]]:
    return service.similar_text_for_number(corpus, item["q"])


# --------------------------------------------------------------------------- evaluation


def evaluate(run: Callable[[dict[str, Any]], list[str]], items: list[dict[str, Any]]) -> dict[str, float]:
    rr, r1, r10, times = [], 0, 0, []
    for item in items:
        t = time.perf_counter()
        ranked = run(item)[:K]
        times.append((time.perf_counter() - t) * 1000)
        rank = next((i + 1 for i, k in enumerate(ranked) if k in item["gold"]), None)
        rr.append(1.0 / rank if rank else 0.0)
        r1 += rank == 1
        r10 += rank is not None
    n = len(items) or 1
    return {
        "queries": len(items),
        "mrr@10": round(sum(rr) / n, 4),
        "success@1": round(r1 / n, 4),
        "success@10": round(r10 / n, 4),
        "p50_ms": round(statistics.median(times), 1) if times else 0.0,
        "rr": rr,  # per query, for paired comparisons
    }


def peer_runner(
    name: str, peer: Any, corpus: Corpus, cache: dict[str, list[str]]
) -> Callable[[dict[str, Any]], list[str]]:
    def run(item: dict[str, Any]) -> list[str]:
        if item.get("shape") == "cited":
            text, exclude = similar_number_text(corpus, item)
        else:
            text, exclude = item["q"], []
        key = hashlib.sha1(f"{name}\x00{text}\x00{','.join(exclude)}".encode()).hexdigest()
        if key not in cache:
            ranked = peer.ranked(text, K + len(exclude))
            cache[key] = [k for k in ranked if k not in set(exclude)][:K]
        return cache[key]

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--split", choices=("test", "tune", "all"), default="test")
    ap.add_argument(
        "--only",
        default="",
        help="queries from documents whose number starts with this (fresh_kppatent_a.py)",
    )
    ap.add_argument("--per-shape", type=int, default=150)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/ipcenter-bench-cache"))
    ap.add_argument("--no-peers", action="store_true", help="ipcenter's paths only")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    corpus = Corpus(config.corpus_dir(args.corpus))
    args.cache.mkdir(parents=True, exist_ok=True)
    backend = service.open_engine(corpus.root)
    docs = load_documents(corpus)
    queries = build_queries(docs, args.split, args.per_shape, args.only)
    # cited documents that `similar --number` leaves out as the same invention cannot count as found
    queries["cited"] = [
        {**it, "gold": it["gold"] - set(service.similar_text_for_number(corpus, it["q"])[1])}
        for it in queries["cited"]
    ]
    queries["cited"] = [it for it in queries["cited"] if it["gold"]]
    shapes = [s for s in args.shapes.split(",") if s]
    print(
        f"corpus {corpus.root}: {len(docs)} documents ({sum(d['has_text'] for d in docs.values())} with text); "
        f"split {args.split}{f' (documents {args.only}…)' if args.only else ''}; queries: "
        + ", ".join(f"{s} {len(queries[s])}" for s in shapes),
        flush=True,
    )
    peers = {} if args.no_peers else build_peers(docs, args.cache, corpus.manifest.version)
    cache_file = args.cache / f"peer-rankings-v{corpus.manifest.version}.json"
    cache: dict[str, list[str]] = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for shape in shapes:
        items = [{**it, "shape": shape} for it in queries[shape]]
        paths = ["similar --number"] if shape == "cited" else ["search", "similar --text"]
        results[shape] = {}
        runners: dict[str, Callable[[dict[str, Any]], list[str]]] = {
            f"ipcenter {p}": path_runner(p, backend, corpus.root) for p in paths
        }
        runners.update({name: peer_runner(name, peer, corpus, cache) for name, peer in peers.items()})
        for name, run in runners.items():
            r = evaluate(run, items)
            results[shape][name] = r
            print(
                f"{shape:9s} {name:26s} MRR {r['mrr@10']:.3f}  S@1 {r['success@1']:.3f}  "
                f"S@10 {r['success@10']:.3f}  p50 {r['p50_ms']:.1f} ms",
                flush=True,
            )
        cache_file.write_text(json.dumps(cache))
    verdict = summary(results)
    print("\n".join(verdict["lines"]))
    if args.json:
        args.json.write_text(
            json.dumps({"split": args.split, "results": results, "verdict": verdict}, indent=1)
        )
    return 0


def paired_interval(
    ours: list[float], theirs: list[float], draws: int = 2000, seed: int = 20261205
) -> tuple[float, float]:
    """95 % paired-bootstrap interval of mean(ours - theirs) over the same queries (resampled with replacement)."""
    diff = np.asarray(ours) - np.asarray(theirs)
    if diff.size == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, diff.size, size=(draws, diff.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def summary(results: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """For each shape and public path: ahead of every peer (MRR@10), by how much, and the 95 % paired-bootstrap
    interval of the margin over the best peer (an interval that holds 0 is a tie within the sample's noise)."""
    lines, rows = [], []
    for shape, systems in results.items():
        peers = {n: r for n, r in systems.items() if not n.startswith("ipcenter")}
        if not peers:
            continue
        best_name, best = max(peers.items(), key=lambda kv: kv[1]["mrr@10"])
        for name, r in systems.items():
            if not name.startswith("ipcenter"):
                continue
            margin = r["mrr@10"] - best["mrr@10"]
            met = margin > 0
            low, high = paired_interval(r["rr"], best["rr"])
            rows.append({"shape": shape, "path": name, "mrr": r["mrr@10"], "best_peer": best_name,
                         "best_peer_mrr": best["mrr@10"], "margin": round(margin, 4), "met": met,
                         "margin_95": [round(low, 4), round(high, 4)]})  # fmt: skip
            lines.append(
                f"{shape:9s} {name:26s} {r['mrr@10']:.3f} vs {best_name} {best['mrr@10']:.3f}: "
                + ("ahead" if met else "NOT ahead")
                + f" ({margin:+.3f}, 95% {low:+.3f}…{high:+.3f})"
            )
    return {"rows": rows, "lines": lines}


if __name__ == "__main__":
    raise SystemExit(main())
