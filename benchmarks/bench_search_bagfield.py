"""Experiment (not shipped): one bag-of-tokens field (words + bigrams together, one BM25 length norm) beside the
per-field index, to see where the gap to peers fed our tokens comes from. Same tasks and gold as
bench_search_quality.py; needs an index built by `ipcenter index build`.

    python benchmarks/bench_search_bagfield.py --corpus DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import tantivy

sys.path.insert(0, str(Path(__file__).parent))
from bench_search_quality import build_tasks, evaluate, gold_sets, ipc_tokens, load_corpus

from ipcenter import config
from ipcenter.corpus.store import Corpus
from ipcenter.search.backend import open_backend
from ipcenter.search.index import index_dir_for

_O = tantivy.Occur


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--max-queries", type=int, default=300)
    args = ap.parse_args()
    corpus = Corpus(config.corpus_dir(args.corpus))
    keys, fields, app = load_corpus(corpus)
    gold = gold_sets(keys, app)
    tasks = build_tasks(keys, fields, config.data_dir(None), args.max_queries)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field("tx", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("cl", tokenizer_name="whitespace", index_option="freq")
    bag = tantivy.Index(sb.build())
    w = bag.writer(256 << 20, 1)
    for k in keys:
        d = tantivy.Document()
        d.add_text("key", k)
        d.add_text("tx", " ".join(ipc_tokens(fields[k]["all"])))
        d.add_text("cl", " ".join(ipc_tokens(fields[k]["claims"])))
        w.add_document(d)
    w.commit()
    bag.reload()
    searcher = bag.searcher()
    engine = open_backend(index_dir_for(corpus.root))

    def bag_ranked(q: str, field: str, k: int) -> list[tuple[str, float]]:
        toks = list(dict.fromkeys(ipc_tokens(q)))[:600]
        query = tantivy.Query.boolean_query(
            [(_O.Should, tantivy.Query.term_query(bag.schema, field, t)) for t in toks]
        )
        return [(searcher.doc(a).get_first("key"), s) for s, a in searcher.search(query, k).hits]

    class Bag:
        def __init__(self, field: str) -> None:
            self.field = field

        def search(self, q: str) -> list[str]:
            return [k for k, _ in bag_ranked(q, self.field, 10)]

    class Summed:
        """Per-field BM25 (shipped) + weight × bag BM25, over the union of both top 100."""

        def __init__(self, field: str, stems: tuple[str, ...], weight: float) -> None:
            self.field, self.stems, self.weight = field, stems, weight

        def search(self, q: str) -> list[str]:
            scores: dict[str, float] = {}
            for k, s in engine.lexical.search(engine.lexical.sentence_query(q, self.stems), limit=100)[0]:
                scores[k] = scores.get(k, 0.0) + s
            for k, s in bag_ranked(q, self.field, 100):
                scores[k] = scores.get(k, 0.0) + self.weight * s
            return [k for k, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:10]]

    all_stems = ("ti", "ab", "cl", "de")
    for task, field, stems in (
        ("claim1", "tx", all_stems),
        ("keyphr", "tx", all_stems),
        ("title2cl", "cl", ("cl",)),
    ):
        for name, system in (
            ("bag field alone", Bag(field)),
            *((f"per-field + {wt} x bag", Summed(field, stems, wt)) for wt in (0.5, 1.0, 2.0)),
        ):
            r = evaluate(system, tasks[task], gold)
            print(
                f"{task:9s} {name:24s} MRR {r['mrr@10']:.3f}  R@1 {r['recall@1']:.3f}  R@10 {r['recall@10']:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
