"""The matching evaluation set and its metrics (benchmarks/bench_match.py runs it; docs/benchmarks.md).

Pairs come from citations that no model saw: a document of the corpus cites another document of the corpus
(search-report, examiner and applicant citations of the Espacenet exports). The citing document's text stands
for the need, every corpus document of a cited number (any kind code of it) is an answer. The citing document
itself, the documents of its own application and of its own number are left out of every ranking (a title
finds itself). Queries split into dev and test halves by sha1 of the citing number: weights are chosen on
dev, figures reported on test.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from math import comb
from typing import Any

from ipcenter.corpus.store import Corpus

PAIRS_SQL = """
WITH cit AS (
  SELECT p.publication_number AS citing, coalesce(p.application_number, p.publication_number) AS citing_app,
         regexp_replace(upper(p.publication_number), '[A-Z][0-9]?$', '') AS citing_root,
         regexp_replace(upper(c.number), '[A-Z][0-9]?$', '') AS cited_root,
         coalesce(c.cited_by, 'unknown') AS origin
  FROM patents p, unnest(p.citations) AS t(c)
  WHERE c.kind = 'patent' AND c.number IS NOT NULL
),
docs AS (
  SELECT publication_number AS pn, coalesce(application_number, publication_number) AS app,
         regexp_replace(upper(publication_number), '[A-Z][0-9]?$', '') AS root
  FROM patents
)
SELECT DISTINCT cit.citing, d.pn AS cited, cit.origin
FROM cit JOIN docs d ON d.root = cit.cited_root
WHERE d.root <> cit.citing_root AND d.app <> cit.citing_app
"""


@dataclass
class Query:
    citing: str
    text: str
    ipc: list[str]
    answers: set[str]
    exclude: set[str]
    origins: set[str] = field(default_factory=set)

    @property
    def split(self) -> str:
        return "dev" if int(hashlib.sha1(self.citing.encode()).hexdigest(), 16) % 2 == 0 else "test"


def build_queries(corpus: Corpus, *, min_chars: int = 8) -> list[Query]:
    """One query per citing document with at least one answer in the corpus and a text of ``min_chars``."""
    con = corpus.connect()
    try:
        pairs = con.execute(PAIRS_SQL).fetchall()
        citing = sorted({c for c, _, _ in pairs})
        if not citing:
            return []
        marks = ", ".join("?" for _ in citing)
        rows = con.execute(
            "SELECT publication_number, title, title_en, abstract, ipc,"
            " coalesce(application_number, publication_number),"
            f" regexp_replace(upper(publication_number), '[A-Z][0-9]?$', '') FROM patents"
            f" WHERE publication_number IN ({marks})",
            citing,
        ).fetchall()
        own = con.execute(
            "SELECT publication_number, coalesce(application_number, publication_number),"
            " regexp_replace(upper(publication_number), '[A-Z][0-9]?$', '') FROM patents"
        ).fetchall()
    finally:
        con.close()
    by_app: dict[str, set[str]] = {}
    by_root: dict[str, set[str]] = {}
    for pn, app, root in own:
        by_app.setdefault(app, set()).add(pn)
        by_root.setdefault(root, set()).add(pn)
    answers: dict[str, set[str]] = {}
    origins: dict[str, set[str]] = {}
    for c, cited, origin in pairs:
        answers.setdefault(c, set()).add(cited)
        origins.setdefault(c, set()).add(origin)
    out = []
    for pn, title, title_en, abstract, ipc, app, root in rows:
        text = " ".join(t for t in (title or title_en, abstract) if t).strip()
        if len(text) < min_chars:
            continue
        exclude = {pn} | by_app.get(app, set()) | by_root.get(root, set())
        gold = answers[pn] - exclude
        if gold:
            out.append(Query(pn, text, list(ipc or []), gold, exclude, origins[pn]))
    return out


# --------------------------------------------------------------------------- metrics


def first_rank(ranking: list[str], answers: set[str]) -> int | None:
    for i, key in enumerate(ranking, start=1):
        if key in answers:
            return i
    return None


def tied_expectation(better: int, tied: int, gold_in_tie: int, k: int = 10) -> tuple[float, float]:
    """(expected reciprocal rank, probability the first answer is in the top k) when the best answers sit in a
    tie of ``tied`` items (``gold_in_tie`` of them answers) after ``better`` items scored higher, the tie broken
    at random: the first answer's place j in the tie has probability C(tied−j, gold−1) / C(tied, gold)."""
    total = comb(tied, gold_in_tie)
    rr = hit = 0.0
    for j in range(1, tied - gold_in_tie + 2):
        p = comb(tied - j, gold_in_tie - 1) / total
        if p == 0.0:
            continue
        rank = better + j
        rr += p / rank
        if rank <= k:
            hit += p
        if rank > 10_000 and p < 1e-12:
            break
    return rr, hit


@dataclass
class Scores:
    """hit@10 and MRR over queries (reciprocal ranks beyond ``depth`` count 0: MRR@depth)."""

    name: str
    rr: list[float] = field(default_factory=list)
    hit: list[float] = field(default_factory=list)

    def add(self, rank: int | None, depth: int) -> None:
        self.rr.append(1.0 / rank if rank is not None and rank <= depth else 0.0)
        self.hit.append(1.0 if rank is not None and rank <= 10 else 0.0)

    def add_expected(self, rr: float, hit: float) -> None:
        self.rr.append(rr)
        self.hit.append(hit)

    def versus(self, other: Scores, *, resamples: int = 2000, seed: int = 14) -> dict[str, list[float]]:
        """95% paired-bootstrap intervals of (this − other) for hit@10 and MRR over the same queries."""
        import numpy as np

        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(self.rr), (resamples, len(self.rr)))
        out = {}
        for name, mine, theirs in (("hit@10", self.hit, other.hit), ("mrr", self.rr, other.rr)):
            diff = np.asarray(mine) - np.asarray(theirs)
            means = diff[picks].mean(axis=1)
            out[name] = [
                round(float(np.quantile(means, 0.025)), 4),
                round(float(np.quantile(means, 0.975)), 4),
            ]
        return out

    def to_dict(self) -> dict[str, Any]:
        n = len(self.rr) or 1
        return {
            "system": self.name,
            "queries": len(self.rr),
            "hit@10": round(sum(self.hit) / n, 4),
            "mrr": round(sum(self.rr) / n, 4),
        }
