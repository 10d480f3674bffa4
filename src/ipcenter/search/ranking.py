"""The ranker: the shape of a plain-text query, the weights each shape gets, and the fusion of rankings.

A plain-text query (no field codes, operators, quotes or brackets) is ranked, not matched: it is one of three
shapes, each with its own profile of weights, chosen on the tuning half of the documents
(benchmarks/bench_search_tune.py; the test half decides the figures in docs/benchmarks.md):

- ``long``: a pasted claim, abstract or disclosure (many words);
- ``keywords``: a short list of keywords separated by spaces or commas (负极材料 锂离子电池 硅碳);
- ``short``: a title, or a keyword string typed without spaces (锂离子电池负极材料).

The lexical ranking and the vector ranking are fused by weighted reciprocal rank fusion, RRF: a document
scores Σ weight / (k + rank) over the rankings it appears in (k = 60, the usual constant from Cormack et al.
2009); it needs no calibration between BM25 scores and cosines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipcenter.search import analysis
from ipcenter.search.backend import Ranking

RRF_K = 60
#: Candidates each retriever contributes before fusion.
CANDIDATES = 100
#: Positions two adjacent query words may stand apart and still count as near each other.
NEAR_SLOP = 4
#: A query with at least this many words is ``long``.
LONG_WORDS = 24


@dataclass(frozen=True)
class Profile:
    """Weights of one query shape (0 leaves a kind of clause out)."""

    word: float = 1.0  # each query word over all text (BM25)
    bigram: float = 0.0  # each Chinese character bigram over all text
    title: float = 0.0  # each query word in the title
    abstract: float = 0.0  # each query word in the abstract (its own BM25 length norm)
    claims: float = 0.0  # each query word in the claims (its own BM25 length norm)
    ordered: float = 0.0  # two adjacent query words as an exact phrase
    near: float = 0.0  # two adjacent query words within NEAR_SLOP positions
    phrase: float = 0.0  # a whole segment of the query (a keyword, a typed string) as an exact phrase
    query_tf: float = 0.0  # a word repeated in the query weighs (count ** query_tf)
    vector: float = 0.0  # weight of the vectors in the fusion (0: lexical ranking alone)
    fusion: str = "score"  # "score": convex mix of normalised scores; "rrf": reciprocal rank fusion


#: Chosen by benchmarks/bench_search_tune.py on the tune half of the documents (a coordinate search that
#: maximises the smallest margin over the query types to the best BM25 peer, under two constraints taken from
#: issue 16's own examples; figures in docs/benchmarks.md). Long texts: BM25 over all text with light title,
#: claims and proximity boosts, the vectors at 0.05 (more only lowers a known document's rank). Keyword lists:
#: bigrams, abstract and claims weighed, proximity, vectors at 0.3. Titles and typed strings: abstract and
#: phrase boosts, vectors at 0.05.
#: Then a second tune set: the tune half of KPPatent-ZH's abstract-only data_A documents (fresh_kppatent_a.py)
#: showed that boosts for claims and titles favour documents that have them over an abstract-only document
#: holding the same words (keywords claims 2.0 → 0.25; short claims 0.5 → 0 and title 1.0 → 0, by the same
#: objective over both tune halves; the test halves decide the figures).
PROFILES: dict[str, Profile] = {
    "long": Profile(word=1.0, title=0.25, claims=0.25, ordered=0.2, near=0.1, vector=0.05),
    "keywords": Profile(word=1.0, bigram=0.5, abstract=0.5, claims=0.25, near=0.5, vector=0.3),
    "short": Profile(
        word=1.0,
        bigram=0.1,
        abstract=4.0,
        ordered=0.5,
        near=0.5,
        phrase=0.25,
        vector=0.05,
    ),
}

_LIST_SEPARATOR = re.compile(r"[\s,;，；、]+")


def query_shape(text: str) -> str:
    """``long``, ``keywords`` or ``short`` for a plain-text query (see the module's docstring)."""
    norm = analysis.normalize(text)
    words = analysis.word_tokens(norm)
    if len(words) >= LONG_WORDS:
        return "long"
    items = [i for i in _LIST_SEPARATOR.split(text.strip()) if i]
    # Chinese keywords separated by spaces or commas form a list; English words separated by spaces do not
    if len(items) >= 3 and sum(analysis.is_cjk(i) for i in items) >= 2:
        return "keywords"
    return "short"


def profile_for(text: str) -> Profile:
    return PROFILES[query_shape(text)]


def rrf(*rankings: Ranking, weights: tuple[float, ...] | None = None, k: int = RRF_K) -> Ranking:
    """Weighted reciprocal rank fusion: Σ weight / (k + rank)."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = weights[i] if weights else 1.0
        if w <= 0:
            continue
        for rank, (key, _) in enumerate(ranking):
            scores[key] = scores.get(key, 0.0) + w / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def fuse(lexical: Ranking, cosines: dict[str, float], profile: Profile) -> Ranking:
    """The hybrid ranking of the lexical candidates and the vector candidates.

    ``cosines`` holds the query's cosine to every candidate that has a vector (the vector index's nearest,
    and the lexical candidates). ``score`` fusion mixes min-max normalised scores, (1 - w) * BM25 + w * cosine,
    so a wide BM25 lead (the query's own words) is not overturned by vectors that cannot tell 负极 from
    正极. ``rrf`` fuses ranks, the vectors at weight w. Either way a document without a vector (a title-only
    record) counts as if the vectors agreed with its words: having no vector neither helps nor hurts it.
    """
    w = profile.vector
    if w <= 0 or not cosines:
        return list(lexical)
    if profile.fusion == "rrf":
        # a lexical candidate without a vector (a title-only record) is ranked by the vectors where the
        # words put it, so it is neither helped nor hurt by having none
        semantic = sorted(cosines.items(), key=lambda kv: -kv[1])
        fused = dict(rrf(lexical, semantic, weights=(1.0, w)))
        for rank, (key, _) in enumerate(lexical):
            if key not in cosines:
                fused[key] += w / (RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda kv: -kv[1])
    top = max((s for _, s in lexical), default=0.0)
    bottom = min((s for _, s in lexical), default=0.0)
    lex = {key: (s - bottom) / (top - bottom) if top > bottom else 1.0 for key, s in lexical}
    high, low = max(cosines.values()), min(cosines.values())
    vec = {key: (c - low) / (high - low) if high > low else 1.0 for key, c in cosines.items()}
    fused = {}
    # lexical candidates first, in their order, then the vector-only ones: ties keep that order (a set's
    # order would change from one process to the next)
    for key in [*lex, *(k for k in vec if k not in lex)]:
        lexical_part = lex.get(key, 0.0)
        fused[key] = (1 - w) * lexical_part + w * vec.get(key, lexical_part)
    return sorted(fused.items(), key=lambda kv: -kv[1])
