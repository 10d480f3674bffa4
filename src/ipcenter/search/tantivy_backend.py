"""The tantivy implementation of the lexical index (`backend.LexicalIndex` / `backend.LexicalWriter`).

Text fields are pre-analysed in Python (analysis.py) and indexed with tantivy's whitespace tokenizer, so the
index and the query side share one analyser and tantivy only stores and scores (BM25). Each text field stem
(`ti`, `ab`, `cl`, `de`, `pa`, `in`) has a `_w` field (jieba words, Latin stems) and a `_b` field (Chinese
character bigrams), for field-code queries; `tx_w` / `tx_b` hold all text's words / bigrams (title, abstract,
claims, description) in one field each, with positions, for ranked text queries (`ranked_query`): one BM25
length norm over the whole document, as a plain BM25 engine has, plus the boosts of the query's profile.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import tantivy

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import parse_publication_number
from ipcenter.search import analysis
from ipcenter.search import index as idx
from ipcenter.search.backend import ALL_TEXT, SORTS, Ranking, StoredDoc
from ipcenter.search.query_lang import (
    STATUS_ALIASES,
    TYPE_ALIASES,
    And,
    DateRange,
    Node,
    Not,
    Term,
)
from ipcenter.search.ranking import NEAR_SLOP, Profile

#: Most distinct words (and bigrams, and word pairs) a ranked query uses: a pasted description stays fast.
MAX_QUERY_TERMS = 300
#: A pair of adjacent query words becomes a proximity clause only when its rarer word is in at most this share
#: of the documents: two common words next to each other (所述 连接) say little, and over 10⁶ documents their
#: phrase look-ups were most of a sentence query's time (docs/benchmarks.md, search at 1M: ranked p50 549 →
#: 113 ms). 0.01 was chosen on the tune half of the public-path benchmark (no shape lost) and kept every test-half
#: figure or raised it. None: every pair.
PAIR_MAX_DOC_SHARE: float | None = 0.01
#: ... but never below this many documents: in a small corpus every pair keeps its clauses (they cost little there).
PAIR_MIN_DOCS = 100
#: Boost of a whole unquoted Chinese run found as a phrase in a field-code query (its words are required).
RUN_PHRASE_BOOST = 2.0
#: Longest Chinese run / Latin word sequence a segment phrase is made of (longer: a clause, not a phrase).
MAX_PHRASE_CHARS = 40
MAX_PHRASE_WORDS = 12
FACET_FIELDS = {
    "ipc": "f_ipc",
    "year": "year",
    "applicant": "f_applicant",
    "type": "f_type",
    "status": "f_status",
    "region": "f_region",
}
_Occur = tantivy.Occur
_REGION_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$")
WRITER_HEAP = 256 * 1024 * 1024


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")  # publication_number, for deletes
    for stem in (*idx.TEXT_STEMS.values(),):
        sb.add_text_field(f"{stem}_w", tokenizer_name="whitespace")
        sb.add_text_field(f"{stem}_b", tokenizer_name="whitespace")
    for name in idx.CODE_FIELDS.values():
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in idx.DATE_FIELDS.values():
        sb.add_integer_field(name, stored=True, indexed=True, fast=True)
    sb.add_integer_field("year", fast=True, indexed=True)
    for name in ("f_ipc", "f_applicant", "f_type", "f_status", "f_region"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("title", "abstract", "claim1", "applicant", "patent_type", "legal_status"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("has_vector", tokenizer_name="raw", index_option="basic")
    # All text's words and bigrams, one field each, with positions (phrase and proximity boosts)
    sb.add_text_field("tx_w", tokenizer_name="whitespace")
    sb.add_text_field("tx_b", tokenizer_name="whitespace")
    return sb.build()


# --------------------------------------------------------------------------- writing


def row_to_document(row: dict[str, Any], has_vector: bool) -> tantivy.Document:
    doc = tantivy.Document()
    pn = row["publication_number"]
    doc.add_text("key", pn)
    claims = [t for t in (row.get("claim_texts") or []) if t]
    other = [t for t in (row.get("claim_texts_other") or []) if t]
    title = idx.display_title(row)
    texts = {
        "ti": " ".join(t for t in (title, row.get("title_en")) if t),
        "ab": row.get("abstract") or "",
        "cl": "\n".join(claims + other),
        "de": row.get("description") or "",
        "pa": " ; ".join(n for n in (row.get("party_names") or []) if n),
        "in": " ; ".join(n for n in (row.get("inventors") or []) if n),
    }
    all_words: list[str] = []
    all_grams: list[str] = []
    for stem, text in texts.items():
        words, grams = analysis.analyze(text)
        if words:
            doc.add_text(f"{stem}_w", words)
        if grams:
            doc.add_text(f"{stem}_b", grams)
        if stem in ALL_TEXT:
            all_words.append(words)
            all_grams.append(grams)
    if any(all_words):
        doc.add_text("tx_w", " ".join(w for w in all_words if w))
    if any(all_grams):
        doc.add_text("tx_b", " ".join(g for g in all_grams if g))
    for code_field, symbols in (("ic", row.get("ipc")), ("cpc", row.get("cpc"))):
        for sym in symbols or []:
            for p in idx.class_prefixes(sym):
                doc.add_text(code_field, p)
    pubs, apps = idx.number_forms(pn, row.get("application_number"))
    for f in pubs:
        doc.add_text("pn", f)
    for f in apps:
        doc.add_text("an", f)
    if row.get("patent_type"):
        doc.add_text("pt", row["patent_type"])
        doc.add_text("f_type", row["patent_type"])
        doc.add_text("patent_type", row["patent_type"])
    status = row.get("legal_status") or "unknown"
    doc.add_text("ls", status)
    doc.add_text("f_status", status)
    doc.add_text("legal_status", status)
    regions: list[str] = []
    for parts in row.get("regions") or []:
        for value in parts or []:
            if value:
                regions.append(value)
                short = _REGION_SUFFIX.sub("", value)
                if short and short != value:
                    regions.append(short)
                if value.isdigit() and len(value) == 6:
                    regions += [value[:2], value[:4]]
    if row.get("country"):
        regions.append(row["country"])
    for r in dict.fromkeys(regions):
        doc.add_text("ar", r)
    first_region = next(
        (p[1] or p[0] for p in (row.get("regions") or []) if p and (p[1] or p[0])), row.get("country")
    )
    if first_region:
        doc.add_text("f_region", first_region)
    for f, key in (("ad", "filing_date"), ("pd", "publication_date"), ("gd", "grant_date")):
        value = idx.date_int(row.get(key))
        if value:
            doc.add_integer(f, value)
    year_date = row.get("filing_date") or row.get("publication_date")
    if year_date:
        doc.add_integer("year", year_date.year)
    for sub in dict.fromkeys(s[:4] for s in row.get("ipc") or [] if len(s) >= 4):
        doc.add_text("f_ipc", sub)
    names = [n for n in (row.get("party_names") or []) if n]
    for n in dict.fromkeys(names):
        doc.add_text("f_applicant", n)
    if names:
        doc.add_text("applicant", names[0])
    doc.add_text("title", (title or row.get("title_en") or "")[: idx.STORED_CHARS])
    if row.get("abstract"):
        doc.add_text("abstract", row["abstract"][: idx.STORED_CHARS])
    if claims:
        doc.add_text("claim1", claims[0][: idx.STORED_CHARS])
    doc.add_text("has_vector", "1" if has_vector else "0")
    return doc


def _tantivy_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "tantivy"


class TantivyWriter:
    """Adds, deletes and commits documents of the embedded tantivy index (one writer thread)."""

    def __init__(self, index_dir: Path, *, fresh: bool) -> None:
        path = _tantivy_dir(index_dir)
        path.mkdir(parents=True, exist_ok=True)
        self._index = tantivy.Index(build_schema(), path=str(path), reuse=not fresh)
        self._writer = self._index.writer(WRITER_HEAP, num_threads=1)

    def add(self, row: dict[str, Any], *, has_vector: bool) -> None:
        self._writer.add_document(row_to_document(row, has_vector=has_vector))

    def delete(self, key: str) -> None:
        self._writer.delete_documents_by_term("key", key)

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()


# --------------------------------------------------------------------------- searching


def pair_doc_limit(num_docs: int) -> float | None:
    """Most documents the rarer word of a query's word pair may be in for the pair to get proximity clauses."""
    if PAIR_MAX_DOC_SHARE is None:
        return None
    return max(PAIR_MAX_DOC_SHARE * num_docs, PAIR_MIN_DOCS)


class TantivyLexicalIndex:
    """`backend.LexicalIndex` over the embedded tantivy index."""

    def __init__(self, index: tantivy.Index) -> None:
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()

    @classmethod
    def open(cls, index_dir: Path) -> TantivyLexicalIndex:
        path = _tantivy_dir(index_dir)
        if not path.exists():
            raise idx.IndexMissing(f"no search index at {index_dir}: run `ipcenter index build` first")
        return cls(tantivy.Index(build_schema(), path=str(path), reuse=True))

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
            stems = ALL_TEXT if code == "TX" else (idx.TEXT_STEMS[code],)
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
        if term.phrase:
            # in quotes: exactly these words in this order; Chinese as its words or its bigrams in a row
            # (an exact substring however jieba splits the document's context)
            phrase = self._phrase(f"{stem}_w", analysis.word_tokens(norm))
            grams = analysis.bigram_tokens(norm)
            if all(analysis.is_cjk(p[0]) for p in parts) and grams:
                return tantivy.Query.boolean_query(
                    [(_Occur.Should, phrase), (_Occur.Should, self._phrase(f"{stem}_b", grams))]
                )
            return phrase
        subqueries = [self._run_query(run, stem) for run in parts]
        if len(subqueries) == 1:
            return subqueries[0]
        return tantivy.Query.boolean_query([(_Occur.Must, q) for q in subqueries])

    def _run_query(self, run: str, stem: str) -> tantivy.Query:
        """One unquoted run of a term: a Latin word by its stem; a Chinese run segmented into its jieba words,
        every word required (as a word, or as a substring through its bigrams), the whole run as a phrase
        boosted but not required (锂离子电池负极材料 finds 硅基负极材料和锂离子电池 too, after the exact ones)."""
        if not analysis.is_cjk(run[0]):
            return tantivy.Query.term_query(self.schema, f"{stem}_w", analysis.stem(run))
        words = [w for w in dict.fromkeys(analysis.segment(run)) if analysis.is_cjk(w)] or [run]
        required = [(_Occur.Must, self._cjk_word(w, stem)) for w in words]
        if len(words) == 1:
            return required[0][1]
        whole = tantivy.Query.boost_query(self._phrase(f"{stem}_b", analysis.bigrams(run)), RUN_PHRASE_BOOST)
        return tantivy.Query.boolean_query([*required, (_Occur.Should, whole)])

    def _cjk_word(self, word: str, stem: str) -> tantivy.Query:
        """A Chinese word: the jieba word itself (scored higher), or its bigrams in a row (a substring)."""
        by_word = tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, f"{stem}_w", word), 2.0)
        if len(word) == 1:
            # one character: any bigram holding it (or a one-character run)
            by_grams = tantivy.Query.regex_query(
                self.schema, f"{stem}_b", f"{re.escape(word)}.?|.{re.escape(word)}"
            )
        else:
            by_grams = self._phrase(f"{stem}_b", analysis.bigrams(word))
        return tantivy.Query.boolean_query([(_Occur.Should, by_word), (_Occur.Should, by_grams)])

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

    def ranked_query(self, text: str, profile: Profile) -> tantivy.Query:
        """A ranked (not boolean) query for plain text: a pasted claim, a keyword list, a title.

        Every word of the text scores by BM25 over all text (`tx_w`, like a plain BM25 engine), plus, by the
        profile's weights: its Chinese character bigrams (`tx_b`: sub-word matches jieba does not split out),
        its words in the title, and each pair of adjacent words as an exact phrase and within a few positions
        (proximity, after the sequential dependence model: documents holding the query's wording rank first).
        No clause is required: a document lacking a word still ranks by the others.
        """
        norm = analysis.normalize(text)
        segs = analysis.segments(norm)
        words = Counter(t for seg in segs for t in seg)
        top_words = [w for w, _ in words.most_common(MAX_QUERY_TERMS)]
        grams = list(dict.fromkeys(analysis.bigram_tokens(norm)))[:MAX_QUERY_TERMS]
        pairs = self._informative(dict.fromkeys((a, b) for seg in segs for a, b in pairwise(seg) if a != b))
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []

        def add(weight: float, query: tantivy.Query) -> None:
            if weight > 0:
                clauses.append(
                    (_Occur.Should, query if weight == 1 else tantivy.Query.boost_query(query, weight))
                )

        for w in top_words:
            qtf = words[w] ** profile.query_tf if profile.query_tf else 1.0
            add(profile.word * qtf, tantivy.Query.term_query(self.schema, "tx_w", w))
            add(profile.title, tantivy.Query.term_query(self.schema, "ti_w", w))
            add(profile.abstract, tantivy.Query.term_query(self.schema, "ab_w", w))
            add(profile.claims, tantivy.Query.term_query(self.schema, "cl_w", w))
        for g in grams:
            add(profile.bigram, tantivy.Query.term_query(self.schema, "tx_b", g))
        for a, b in pairs[:MAX_QUERY_TERMS]:
            add(profile.ordered, tantivy.Query.phrase_query(self.schema, "tx_w", [a, b]))
            add(profile.near, tantivy.Query.phrase_query(self.schema, "tx_w", [a, b], slop=NEAR_SLOP))
        if profile.phrase > 0:
            for phrase in self._segment_phrases(norm, segs):
                add(profile.phrase, phrase)
        if not clauses:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query(clauses)

    def _informative(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The word pairs worth a proximity clause: see :data:`PAIR_MAX_DOC_SHARE`."""
        most = pair_doc_limit(self.searcher.num_docs)
        if most is None:
            return list(pairs)
        freq: dict[str, int] = {}

        def df(word: str) -> int:
            if word not in freq:
                freq[word] = self.searcher.doc_freq("tx_w", word)
            return freq[word]

        return [(a, b) for a, b in pairs if min(df(a), df(b)) <= most]

    def _segment_phrases(self, norm: str, segs: list[list[str]]) -> list[tantivy.Query]:
        """Each segment of two or more words as an exact phrase: a Chinese run as the phrase of its bigrams
        (an exact substring, whatever jieba makes of the document's context), else the phrase of its words."""
        out: list[tantivy.Query] = []
        for run in analysis.runs(norm):
            if analysis.is_cjk(run[0]) and 3 <= len(run) <= MAX_PHRASE_CHARS:
                out.append(self._phrase("tx_b", analysis.bigrams(run)))
        for seg in segs:
            if 2 <= len(seg) <= MAX_PHRASE_WORDS and not any(analysis.is_cjk(w) for w in seg):
                out.append(self._phrase("tx_w", seg))
        return out[:MAX_QUERY_TERMS]

    # ------------------------------------------------------------------ retrieval

    def search(
        self, query: tantivy.Query, *, limit: int, offset: int = 0, sort: str = "relevance"
    ) -> tuple[Ranking, int]:
        order = SORTS[sort]
        if order is None:
            res = self.searcher.search(query, limit=limit, offset=offset, count=True)
        else:
            code, direction = order
            res = self.searcher.search(
                query,
                limit=limit,
                offset=offset,
                count=True,
                order_by_field=idx.DATE_FIELDS[code],
                order=tantivy.Order.Desc if direction == "desc" else tantivy.Order.Asc,
            )
        ranking = [
            (str(self.searcher.doc(addr).get_first("key")), float(score) if order is None else 0.0)
            for score, addr in res.hits
        ]
        return ranking, int(getattr(res, "count", 0) or 0)

    def fetch(self, keys: Sequence[str]) -> dict[str, StoredDoc]:
        if not keys:
            return {}
        q = tantivy.Query.term_set_query(self.schema, "key", list(keys))
        res = self.searcher.search(q, limit=len(keys) * 2, count=False)
        out: dict[str, StoredDoc] = {}
        for _, addr in res.hits:
            doc = self.searcher.doc(addr)
            pd = doc.get_first("pd")
            key = str(doc.get_first("key"))
            out[key] = StoredDoc(
                key=key,
                title=doc.get_first("title") or "",
                abstract=doc.get_first("abstract"),
                claim1=doc.get_first("claim1"),
                applicant=doc.get_first("applicant"),
                publication_date=int(pd) if pd else None,
                patent_type=doc.get_first("patent_type"),
                legal_status=doc.get_first("legal_status"),
            )
        return out

    def facets(self, query: tantivy.Query, size: int = 10) -> dict[str, list[tuple[str, int]]]:
        agg = {name: {"terms": {"field": field, "size": size}} for name, field in FACET_FIELDS.items()}
        raw = self.searcher.aggregate(query, agg)
        out: dict[str, list[tuple[str, int]]] = {}
        for name in FACET_FIELDS:
            buckets = (raw.get(name) or {}).get("buckets", [])
            out[name] = [
                (str(int(b["key"])) if isinstance(b["key"], float) else str(b["key"]), int(b["doc_count"]))
                for b in buckets
            ]
        return out
