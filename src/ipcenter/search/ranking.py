"""The ranker: fuses a lexical and a vector ranking by weighted reciprocal rank fusion (RRF).

RRF scores a document Σ weight / (k + rank) over the rankings it appears in (k = 60, the usual constant from
Cormack et al. 2009); it needs no calibration between BM25 scores and cosines.
"""

from __future__ import annotations

from ipcenter.search.backend import Ranking

RRF_K = 60
#: Weight of the vector ranking in the fusion. Below 1 so that a document matching the exact wording (a pasted
#: claim) keeps its lexical rank 1 unless the vectors agree; vectors still decide among weak lexical matches
#: and supply documents in other languages. See docs/benchmarks.md for 1.0 against 0.5.
VECTOR_WEIGHT = 0.5
#: Candidates each retriever contributes before fusion.
CANDIDATES = 100


def rrf(*rankings: Ranking, weights: tuple[float, ...] | None = None, k: int = RRF_K) -> Ranking:
    """Weighted reciprocal rank fusion: Σ weight / (k + rank)."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = weights[i] if weights else 1.0
        for rank, (key, _) in enumerate(ranking):
            scores[key] = scores.get(key, 0.0) + w / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def fuse(lexical: Ranking, semantic: Ranking) -> Ranking:
    """The hybrid ranking: lexical and vector candidates, the vectors at VECTOR_WEIGHT."""
    return rrf(lexical, semantic, weights=(1.0, VECTOR_WEIGHT))
