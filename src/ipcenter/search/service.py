"""Search services: compile a parsed query to tantivy, lexical / hybrid / similar search, facets, snippets, export.

Seams after PQAI: the Encoder (encoder.py) turns text into vectors, the Index (index.py) holds terms and
vectors, the Searcher here retrieves candidates lexically and by vector, and the Ranker fuses them (reciprocal
rank fusion, RRF: score = Σ 1 / (60 + rank), the usual constant from Cormack et al. 2009), which needs no
score calibration between BM25 and cosine.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import parse_publication_number
from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis
from ipcenter.search import index as idx
from ipcenter.search.models import Hit, SearchResult
from ipcenter.search.query_lang import And, DateRange, Node, Not, Term, is_sentence, parse, terms

RRF_K = 60
#: Weight of the vector ranking in the fusion. Below 1 so that a document matching the exact wording (a pasted
#: claim) keeps its lexical rank 1 unless the vectors agree; vectors still decide among weak lexical matches
#: and supply documents in other languages. See docs/benchmarks.md for 1.0 against 0.5.
VECTOR_WEIGHT = 0.5
CANDIDATES = 100  # per retriever, before fusion
MAX_SENTENCE_TERMS = 300
#: Weight of the bag-of-tokens field in sentence queries (chosen on the known-item queries of
#: benchmarks/bench_search_bagfield.py: 2 was the best of 0.5 / 1 / 2 there).
BAG_WEIGHT = 2.0
SORTS = {"relevance": None, "newest": ("pd", "desc"), "oldest": ("pd", "asc"), "filed": ("ad", "desc")}
FACETS = {
    "ipc": "f_ipc",
    "year": "year",
    "applicant": "f_applicant",
    "type": "f_type",
    "status": "f_status",
    "region": "f_region",
}
TYPE_ALIASES = {
    "发明": "invention",
    "发明专利": "invention",
    "i": "invention",
    "实用新型": "utility_model",
    "实用": "utility_model",
    "u": "utility_model",
    "外观设计": "design",
    "外观": "design",
    "d": "design",
    "植物": "plant",
    "utility": "utility_model",
    "utility-model": "utility_model",
}
STATUS_ALIASES = {
    "有效": "in_force",
    "有权": "in_force",
    "授权": "in_force",
    "失效": "lapsed",
    "无权": "lapsed",
    "审中": "pending",
    "未知": "unknown",
    "active": "in_force",
    "inforce": "in_force",
    "in-force": "in_force",
    "dead": "lapsed",
    "expired": "lapsed",
}
_Occur = tantivy.Occur


class SearchEngine:
    """An opened index: tantivy searcher, vectors (loaded on first use) and the state it was built from."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.state = idx.read_state(self.index_dir)
        self.index = idx.open_index(self.index_dir)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self._vectors: np.ndarray | None = None
        self._vector_ids: list[str] = []
        self._encoder: Any = None

    @classmethod
    def for_corpus(cls, corpus_dir: Path, index_dir: Path | None = None) -> SearchEngine:
        return cls(Path(index_dir) if index_dir else idx.index_dir_for(corpus_dir))

    # ------------------------------------------------------------------ compile

    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, Term):
            return self.term_query(node)
        if isinstance(node, DateRange):
            return tantivy.Query.range_query(
                self.schema,
                idx.DATE_FIELDS[node.field],
                tantivy.FieldType.Integer,
                int(node.low.strftime("%Y%m%d")) if node.low else None,
                int(node.high.strftime("%Y%m%d")) if node.high else None,
            )
        if isinstance(node, Not):
            return tantivy.Query.boolean_query(
                [(_Occur.Must, tantivy.Query.all_query()), (_Occur.MustNot, self.compile(node.child))]
            )
        if isinstance(node, And):
            clauses = [
                (_Occur.MustNot, self.compile(c.child))
                if isinstance(c, Not)
                else (_Occur.Must, self.compile(c))
                for c in node.children
            ]
            if all(o == _Occur.MustNot for o, _ in clauses):
                clauses.append((_Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(clauses)
        return tantivy.Query.boolean_query([(_Occur.Should, self.compile(c)) for c in node.children])

    def term_query(self, term: Term) -> tantivy.Query:
        code = term.field
        if code in ("TX", *idx.TEXT_STEMS):
            stems = idx.ALL_TEXT if code == "TX" else (idx.TEXT_STEMS[code],)
            per_field = [self.text_query(term, stem) for stem in stems]
            if len(per_field) == 1:
                return per_field[0]
            return tantivy.Query.boolean_query([(_Occur.Should, q) for q in per_field])
        return self.code_query(term)

    def text_query(self, term: Term, stem: str) -> tantivy.Query:
        norm = analysis.normalize(term.text)
        if term.truncated:
            prefix = norm.rstrip("*")
            return tantivy.Query.regex_query(self.schema, f"{stem}_w", re.escape(prefix) + ".*")
        parts = analysis.runs(norm)
        if not parts:
            return tantivy.Query.empty_query()
        if term.phrase and len(parts) > 1:
            words = analysis.word_tokens(norm)
            phrase = self._phrase(f"{stem}_w", words)
            grams = analysis.bigram_tokens(norm)
            if analysis.is_cjk(norm) and all(analysis.is_cjk(p[0]) for p in parts) and grams:
                # a Chinese phrase with punctuation inside: the bigrams of its runs, in order
                return tantivy.Query.boolean_query(
                    [(_Occur.Should, phrase), (_Occur.Should, self._phrase(f"{stem}_b", grams))]
                )
            return phrase
        subqueries = [self._run_query(run, stem) for run in parts]
        if len(subqueries) == 1:
            return subqueries[0]
        return tantivy.Query.boolean_query([(_Occur.Must, q) for q in subqueries])

    def _run_query(self, run: str, stem: str) -> tantivy.Query:
        if not analysis.is_cjk(run[0]):
            return tantivy.Query.term_query(self.schema, f"{stem}_w", analysis.stem(run))
        words = analysis.segment(run)
        by_words = tantivy.Query.boost_query(self._phrase(f"{stem}_w", words), 2.0)
        if len(run) == 1:
            # one character: any bigram holding it (or a one-character run)
            by_grams = tantivy.Query.regex_query(
                self.schema, f"{stem}_b", f"{re.escape(run)}.?|.{re.escape(run)}"
            )
        else:
            by_grams = self._phrase(f"{stem}_b", analysis.bigrams(run))
        return tantivy.Query.boolean_query([(_Occur.Should, by_words), (_Occur.Should, by_grams)])

    def _phrase(self, field: str, tokens: list[str]) -> tantivy.Query:
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        words: list[str | tuple[int, str]] = list(tokens)
        return tantivy.Query.phrase_query(self.schema, field, words)

    def code_query(self, term: Term) -> tantivy.Query:
        code, text = term.field, term.text.strip()
        name = idx.CODE_FIELDS[code]
        if code in ("IC", "CPC"):
            value = re.sub(r"\s+", "", text).upper()
            if term.truncated:
                return tantivy.Query.regex_query(self.schema, name, re.escape(value.rstrip("*")) + ".*")
            if "/" in value:
                with contextlib.suppress(InvalidValue, ValueError):
                    value = normalize_ipc(value)
            return tantivy.Query.term_query(self.schema, name, value)
        if code == "PN":
            forms = [re.sub(r"[^0-9A-Z]", "", text.upper())]
            try:
                pub = parse_publication_number(text)
                forms.insert(0, pub.normalized if pub.kind else pub.without_kind)
            except InvalidValue:
                pass
            return self._any_of(name, forms, truncated=term.truncated)
        if code == "AN":
            return self._any_of(name, idx.application_query_forms(text), truncated=term.truncated)
        if code == "PT":
            value = TYPE_ALIASES.get(text.lower(), text.lower())
            return tantivy.Query.term_query(self.schema, name, value)
        if code == "LS":
            value = STATUS_ALIASES.get(text.lower(), text.lower())
            return tantivy.Query.term_query(self.schema, name, value)
        # AR: region — country code, province/city (with or without 省/市), or division code prefix
        value = text.upper() if re.fullmatch(r"[A-Za-z]{2}", text) else text
        return self._any_of(name, [value], truncated=term.truncated)

    def _any_of(self, field: str, values: Iterable[str], *, truncated: bool) -> tantivy.Query:
        values = [v for v in dict.fromkeys(values) if v]
        if truncated:
            return tantivy.Query.regex_query(self.schema, field, re.escape(values[0].rstrip("*")) + ".*")
        if len(values) == 1:
            return tantivy.Query.term_query(self.schema, field, values[0])
        return tantivy.Query.term_set_query(self.schema, field, values)

    def sentence_query(self, text: str, stems: tuple[str, ...] = idx.ALL_TEXT) -> tantivy.Query:
        """Bag of words and bigrams over the text fields: for pasted sentences, claims and abstracts."""
        norm = analysis.normalize(text)
        tokens = list(dict.fromkeys(analysis.word_tokens(norm)))[:MAX_SENTENCE_TERMS]
        grams = list(dict.fromkeys(analysis.bigram_tokens(norm)))[:MAX_SENTENCE_TERMS]
        clauses = []
        for stem in stems:
            clauses += [
                (_Occur.Should, tantivy.Query.term_query(self.schema, f"{stem}_w", t)) for t in tokens
            ]
            clauses += [(_Occur.Should, tantivy.Query.term_query(self.schema, f"{stem}_b", g)) for g in grams]
        bag = idx.BAG_FIELDS.get(tuple(stems))
        if bag:
            clauses += [
                (
                    _Occur.Should,
                    tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, bag, t), BAG_WEIGHT),
                )
                for t in dict.fromkeys(tokens + grams)
            ]
        if not clauses:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query(clauses)

    # ------------------------------------------------------------------ retrieval

    def _hits(self, query: tantivy.Query, limit: int, offset: int = 0, sort: str = "relevance"):  # type: ignore[no-untyped-def]
        order = SORTS.get(sort)
        if order is None:
            return self.searcher.search(query, limit=limit, offset=offset, count=True)
        field, direction = order
        return self.searcher.search(
            query,
            limit=limit,
            offset=offset,
            count=True,
            order_by_field=field,
            order=tantivy.Order.Desc if direction == "desc" else tantivy.Order.Asc,
        )

    def lexical_ranked(self, query: tantivy.Query, k: int) -> tuple[list[tuple[str, float]], int]:
        res = self.searcher.search(query, limit=k, count=True)
        out = [(str(self.searcher.doc(addr).get_first("key")), float(score)) for score, addr in res.hits]
        return out, int(getattr(res, "count", 0) or 0)

    def _load_vectors(self) -> tuple[np.ndarray, list[str]]:
        if self._vectors is None:
            path = self.index_dir / "vectors.npy"
            if path.exists():
                self._vectors = np.load(path).astype(np.float32)
                self._vector_ids = json.loads((self.index_dir / "vector_ids.json").read_text())
            else:
                self._vectors, self._vector_ids = np.zeros((0, 512), dtype=np.float32), []
        return self._vectors, self._vector_ids

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from ipcenter.encoder import default_encoder

            self._encoder = default_encoder()
        return self._encoder

    def vector_ranked(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        matrix, ids = self._load_vectors()
        if not ids:
            return []
        scores = matrix @ vector.astype(np.float32)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(ids[i], float(scores[i])) for i in top]

    def stored(self, keys: list[str]) -> dict[str, tantivy.Document]:
        if not keys:
            return {}
        q = tantivy.Query.term_set_query(self.schema, "key", keys)
        res = self.searcher.search(q, limit=len(keys) * 2, count=False)
        docs = (self.searcher.doc(addr) for _, addr in res.hits)
        return {str(d.get_first("key")): d for d in docs}

    # ------------------------------------------------------------------ facets

    def facets(self, query: tantivy.Query, size: int = 10) -> dict[str, list[tuple[str, int]]]:
        agg = {name: {"terms": {"field": field, "size": size}} for name, field in FACETS.items()}
        raw = self.searcher.aggregate(query, agg)
        out: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            buckets = (raw.get(name) or {}).get("buckets", [])
            out[name] = [
                (str(int(b["key"])) if isinstance(b["key"], float) else str(b["key"]), int(b["doc_count"]))
                for b in buckets
            ]
        return out


# --------------------------------------------------------------------------- snippets


def highlight_terms(query: str, node: Node | None) -> tuple[set[str], set[str]]:
    """(Chinese substrings, Latin stems) to mark in snippets."""
    texts = (
        # the snippet shows abstract/claims/title: names searched with PA/IN are not marked in it
        [t.text.rstrip("*") for t in terms(node) if t.field in ("TX", "TI", "AB", "CL", "DE")]
        if node
        else [query]
    )
    cjk: set[str] = set()
    stems: set[str] = set()
    for text in texts:
        norm = analysis.normalize(text)
        for run in analysis.runs(norm):
            if analysis.is_cjk(run[0]):
                if node is not None:
                    cjk.add(run)
                cjk.update(w for w in analysis.segment(run) if len(w) >= 2)
            else:
                stems.add(analysis.stem(run))
    return cjk, stems


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")


def make_snippet(text: str, cjk: set[str], stems: set[str], width: int = 120) -> str:
    """A window of ``text`` around the densest matches, matches wrapped in <em>…</em>."""
    if not text:
        return ""
    norm = analysis.normalize(text)
    if len(norm) != len(text):  # NFKC changed lengths: match on the lower-cased original instead
        norm = text.lower()
    spans: list[tuple[int, int]] = []
    for w in sorted(cjk, key=len, reverse=True):
        for m in re.finditer(re.escape(w), norm):
            spans.append((m.start(), m.end()))
    for m in _LATIN_WORD.finditer(text):
        if analysis.stem(m.group(0).lower()) in stems:
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    start = 0
    if merged:
        best, best_count = merged[0][0], 0
        for s, _ in merged:
            count = sum(1 for s2, _ in merged if s <= s2 < s + width)
            if count > best_count:
                best, best_count = s, count
        start = max(0, best - 20)
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in merged:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[pos:s], "<em>", text[s:e], "</em>"]
        pos = e
    out.append(text[pos:end])
    body = "".join(out).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _hit(doc: tantivy.Document, score: float, cjk: set[str], stems: set[str]) -> Hit:
    def first(name: str) -> Any:
        return doc.get_first(name)

    body = first("abstract") or first("claim1") or first("title") or ""
    pd = first("pd")
    return Hit(
        publication_number=first("key"),
        title=first("title") or "",
        score=score,
        snippet=make_snippet(body, cjk, stems),
        applicant=first("applicant"),
        publication_date=f"{str(pd)[:4]}-{str(pd)[4:6]}-{str(pd)[6:]}" if pd else None,
        patent_type=first("patent_type"),
        legal_status=first("legal_status"),
    )


# --------------------------------------------------------------------------- the searches


def rrf(
    *rankings: list[tuple[str, float]], weights: tuple[float, ...] | None = None, k: int = RRF_K
) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: Σ weight / (k + rank)."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = weights[i] if weights else 1.0
        for rank, (key, _) in enumerate(ranking):
            scores[key] = scores.get(key, 0.0) + w / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def fuse(lexical: list[tuple[str, float]], semantic: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The hybrid ranking: lexical and vector candidates, the vectors at VECTOR_WEIGHT."""
    return rrf(lexical, semantic, weights=(1.0, VECTOR_WEIGHT))


def search(
    engine: SearchEngine,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    mode: str = "auto",
    facets: bool = False,
) -> SearchResult:
    """Run ``query``: field-code/boolean queries lexically; sentences (mode auto) hybrid.

    Raises QuerySyntaxError for a malformed query, ValueError for a bad option.
    """
    started = time.perf_counter()
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: expected one of {', '.join(SORTS)}")
    if mode not in ("auto", "lexical", "hybrid", "semantic"):
        raise ValueError(f"unknown mode {mode!r}: expected auto, lexical, hybrid or semantic")
    sentence = is_sentence(query)
    if mode == "auto":
        mode = "hybrid" if sentence and sort == "relevance" else "lexical"
    node: Node | None = None
    if sentence or mode in ("hybrid", "semantic"):
        tq = engine.sentence_query(query)
    else:
        node = parse(query)
        tq = engine.compile(node)
    cjk, stems = highlight_terms(query, node)
    facet_data = engine.facets(tq) if facets else {}

    if mode == "lexical":
        res = engine._hits(tq, limit=limit, offset=offset, sort=sort)
        hits = [
            _hit(engine.searcher.doc(addr), float(score) if sort == "relevance" else 0.0, cjk, stems)
            for score, addr in res.hits
        ]
        total = int(getattr(res, "count", 0) or 0)
    else:
        k = max(CANDIDATES, offset + limit)
        lexical, total = engine.lexical_ranked(tq, k) if mode == "hybrid" else ([], 0)
        vec = engine.encoder.encode([query])[0]
        semantic = engine.vector_ranked(vec, k)
        fused = fuse(lexical, semantic) if mode == "hybrid" else semantic
        if mode == "semantic":
            total = len(fused)
        else:
            total = max(total, len(fused))
        page = fused[offset : offset + limit]
        docs = engine.stored([key for key, _ in page])
        hits = [_hit(docs[key], score, cjk, stems) for key, score in page if key in docs]
    return SearchResult(
        query=query,
        total=total,
        hits=hits,
        mode=mode,
        offset=offset,
        sort=sort,
        facets=facet_data,
        corpus_version=engine.state.get("corpus_version"),
        took_ms=(time.perf_counter() - started) * 1000,
    )


def similar_text_for_number(corpus: Corpus, number: str) -> tuple[str, list[str]]:
    """(text to compare, numbers to leave out) for "documents like this patent"; LookupError when unknown."""
    from ipcenter.corpus.service import find_documents

    rows = find_documents(corpus, number)
    if not rows:
        raise LookupError(f"no document {number!r} in the corpus")
    row = rows[0]
    claims = [c["text"] for c in row.get("claims") or [] if c.get("text")]
    parts = [row.get("title") or row.get("title_en") or "", row.get("abstract") or ""]
    if claims:
        parts.append(claims[0])
    text = "\n".join(p for p in parts if p)
    if not text.strip():
        raise LookupError(f"document {row['publication_number']} has no title, abstract or claims to compare")
    app = row.get("application_number")
    same = [r["publication_number"] for r in rows]
    if app:
        same += [r["publication_number"] for r in corpus.get_rows("application_number = ?", [app])]
    return text, list(dict.fromkeys(same))


def similar(
    engine: SearchEngine, text: str, *, limit: int = 10, exclude: Iterable[str] = (), label: str | None = None
) -> SearchResult:
    """Documents like ``text`` (prior-art style): hybrid of vector neighbours and a bag-of-words query."""
    started = time.perf_counter()
    if not text.strip():
        raise ValueError("nothing to compare: the text is empty")
    excluded = set(exclude)
    k = CANDIDATES + len(excluded)
    # the embedding sees the opening (title, abstract); BM25 sees all of it
    vec = engine.encoder.encode([text[: idx.EMBED_CHARS]])[0]
    lexical, total = engine.lexical_ranked(engine.sentence_query(text), k)
    semantic = engine.vector_ranked(vec, k)
    fused = [(key, s) for key, s in fuse(lexical, semantic) if key not in excluded][:limit]
    docs = engine.stored([key for key, _ in fused])
    cjk, stems = highlight_terms(text[: idx.EMBED_CHARS], None)
    hits = [_hit(docs[key], score, cjk, stems) for key, score in fused if key in docs]
    return SearchResult(
        query=label or text,
        total=max(total - len(excluded & {k for k, _ in lexical}), len(hits)),
        hits=hits,
        mode="similar",
        corpus_version=engine.state.get("corpus_version"),
        took_ms=(time.perf_counter() - started) * 1000,
    )


# --------------------------------------------------------------------------- export

EXPORT_COLUMNS = (
    "publication_number",
    "title",
    "applicant",
    "publication_date",
    "patent_type",
    "legal_status",
    "score",
)


def export_results(
    engine: SearchEngine, query: str, path: Path, *, sort: str = "relevance", max_rows: int = 100_000
) -> dict[str, Any]:
    """Write every hit of ``query`` (up to ``max_rows``) to CSV or XLSX, with query, corpus version and time."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"export file must end in .csv or .xlsx, not {path.name!r}")
    first = search(engine, query, limit=1, sort=sort, mode="auto")
    wanted = min(first.total, max_rows) if first.mode == "lexical" else min(first.total, CANDIDATES)
    result = search(engine, query, limit=max(wanted, 1), sort=sort, mode="auto")
    meta = {
        "query": query,
        "mode": result.mode,
        "total": result.total,
        "exported": len(result.hits),
        "corpus": engine.state.get("corpus"),
        "corpus_version": engine.state.get("corpus_version"),
        "index_built_at": engine.state.get("built_at"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    rows = [[getattr(h, c) for c in EXPORT_COLUMNS] for h in result.hits]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            for k, v in meta.items():
                w.writerow([f"# {k}", v])
            w.writerow(EXPORT_COLUMNS)
            w.writerows(rows)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "results"
        ws.append(list(EXPORT_COLUMNS))
        for r in rows:
            ws.append(r)
        info = wb.create_sheet("query")
        for k, v in meta.items():
            info.append([k, v])
        wb.save(path)
    return {**meta, "file": str(path)}
