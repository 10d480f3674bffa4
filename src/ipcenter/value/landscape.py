"""A technology landscape: sentence vectors of titles and abstracts projected to 2-D, clustered, each cluster
labelled by its most distinctive terms.

Vectors come from the shared encoder (``ipcenter.encoder``: multilingual USE, Chinese and English in one
space). The projection is PCA (deterministic: the same documents give the same map); clusters are k-means in
the full vector space (fixed seed). A large set is sampled deterministically (by a hash of the publication
number) so that encoding stays within seconds; the report says how many documents the map shows.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Most documents encoded for one map (≈ 4 s per 1,000 short texts on one core).
MAX_POINTS = 1500
TEXT_CHARS = 160
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z][a-z-]{2,}")
STOP_EN = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "which",
        "said",
        "wherein",
        "being",
        "having",
        "into",
        "onto",
        "over",
        "under",
        "method",
        "methods",
        "system",
        "systems",
        "apparatus",
        "device",
        "devices",
        "means",
        "use",
        "using",
        "used",
        "thereof",
        "their",
        "there",
        "are",
        "was",
        "were",
        "has",
        "have",
        "its",
        "one",
        "two",
        "more",
        "least",
        "first",
        "second",
        "plurality",
        "based",
        "comprising",
        "comprises",
        "provided",
        "provides",
        "include",
        "includes",
        "including",
    ]
)
STOP_ZH = frozenset(
    [
        "一种",
        "方法",
        "装置",
        "系统",
        "及其",
        "用于",
        "以及",
        "设备",
        "所述",
        "其中",
        "包括",
        "一个",
        "进行",
        "通过",
        "具有",
        "本发明",
        "实用新型",
        "涉及",
        "提供",
    ]
)


@dataclass
class Landscape:
    points: list[dict[str, Any]] = field(default_factory=list)  # publication_number, x, y, cluster, title
    clusters: list[dict[str, Any]] = field(default_factory=list)  # cluster, size, label, terms
    documents: int = 0  # documents in the set
    shown: int = 0  # documents on the map
    encoder: str = ""
    note: str = ""


def _sample(rows: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    if len(rows) <= limit:
        return sorted(rows)
    keyed = sorted(rows, key=lambda r: hashlib.md5(r[0].encode()).hexdigest())
    return sorted(keyed[:limit])


def _terms(text: str) -> list[str]:
    if _CJK.search(text):
        import jieba

        return [w for w in jieba.lcut(text) if len(w) >= 2 and _CJK.search(w) and w not in STOP_ZH]
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_EN]
    # plural and singular as one term ("product", "products")
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def label_clusters(texts: list[str], labels: np.ndarray, top: int = 3) -> dict[int, list[str]]:
    """Terms frequent in a cluster and rare on the whole map: documents of the cluster with the term × log(N / df)."""
    doc_terms = [set(_terms(t)) for t in texts]
    df = Counter(t for terms in doc_terms for t in terms)
    n = len(texts)
    per_cluster: dict[int, Counter[str]] = {}
    for terms, c in zip(doc_terms, labels, strict=True):
        per_cluster.setdefault(int(c), Counter()).update(terms)
    out = {}
    for c, counts in per_cluster.items():
        # a term in more than a quarter of the map names the whole set (its query), not one cluster
        kept = {t: k for t, k in counts.items() if df[t] <= max(2, n // 4)} or dict(counts)
        scored = sorted(kept.items(), key=lambda kv: (-(kv[1] * math.log(n / df[kv[0]])), kv[0]))
        out[c] = [t for t, k in scored if k >= 2][:top] or [t for t, _ in scored[:top]]
    return out


def build(rows: list[tuple[str, str]], *, limit: int = MAX_POINTS, clusters: int | None = None) -> Landscape:
    """``rows``: (publication number, text). Empty texts are left off the map."""
    usable = [(p, t[:TEXT_CHARS]) for p, t in rows if t and t.strip()]
    land = Landscape(documents=len(rows))
    if len(usable) < 5:
        land.note = "fewer than 5 documents with a title or abstract: no map"
        return land
    chosen = _sample(usable, limit)
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    from ipcenter.encoder import default_encoder

    encoder = default_encoder()
    vectors = encoder.encode([t for _, t in chosen])
    # one BLAS thread: on a shared 2-core machine more threads spin against each other (an SVD of 1,500 × 512
    # took 17.7 s with the default threads, well under a second with one)
    with threadpool_limits(limits=1):
        centred = vectors - vectors.mean(axis=0)
        _, vecs = np.linalg.eigh(centred.T @ centred)
        xy = centred @ vecs[:, ::-1][:, :2]
        k = clusters or max(2, min(12, round(math.sqrt(len(chosen) / 12))))
        labels = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(vectors)
    # sign convention so the map does not flip between runs
    for axis in range(2):
        if xy[np.argmax(np.abs(xy[:, axis])), axis] < 0:
            xy[:, axis] *= -1
    names = label_clusters([t for _, t in chosen], labels)
    land.encoder = getattr(encoder, "name", type(encoder).__name__)
    land.shown = len(chosen)
    land.points = [
        {"publication_number": p, "x": float(x), "y": float(y), "cluster": int(c) + 1, "title": t[:60]}
        for (p, t), (x, y), c in zip(chosen, xy, labels, strict=True)
    ]
    sizes = Counter(int(c) + 1 for c in labels)
    land.clusters = [
        {"cluster": c, "size": sizes[c], "label": " / ".join(names[c - 1]), "terms": names[c - 1]}
        for c in sorted(sizes)
    ]
    if land.shown < len(usable):
        land.note = f"map of {land.shown} of {len(usable)} documents with text (deterministic sample)"
    return land
