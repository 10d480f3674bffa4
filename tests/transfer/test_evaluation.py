"""The matching evaluation set and its metrics: pairs from real citations (the Espacenet pizza exports cite
each other), self and same-number documents left out, the tie expectation of the IPC-only baseline exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.transfer.evaluation import Scores, build_queries, first_rank, tied_expectation

FILES = (
    "pizza_espacenet_20002002_319.csv",
    "pizza_espacenet_20032005_366.csv",
    "pizza_espacenet_20062008_439.csv",
)


@pytest.fixture(scope="module")
def pizza(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("pizza") / "corpus"
    ingest([data_dir / "wipo-manual-analytics" / f for f in FILES], root)
    return Corpus(root)


def test_queries_come_from_citations_inside_the_corpus(pizza: Corpus) -> None:
    queries = build_queries(pizza)
    assert len(queries) > 20
    known = {r["publication_number"] for r in pizza.get_rows("true")}
    for q in queries:
        assert q.citing in q.exclude and not (q.answers & q.exclude)  # a need never answers itself
        assert q.answers <= known and q.text
    assert {q.split for q in queries} == {"dev", "test"}
    assert len({q.citing for q in queries}) == len(queries)


def test_tie_expectation_is_exact() -> None:
    rr, hit = tied_expectation(
        0, 3, 1
    )  # one answer among three tied at the top: ranks 1, 2, 3 equally likely
    assert rr == pytest.approx((1 + 1 / 2 + 1 / 3) / 3) and hit == pytest.approx(1.0)
    rr, hit = tied_expectation(8, 4, 2)  # two answers among four tied after eight better documents
    # the first answer is 1st of the tie with probability 3/6, 2nd 2/6, 3rd 1/6 (ranks 9, 10, 11)
    assert rr == pytest.approx(3 / 6 / 9 + 2 / 6 / 10 + 1 / 6 / 11) and hit == pytest.approx(5 / 6)


def test_ranks_and_scores() -> None:
    assert first_rank(["a", "b", "c"], {"c", "b"}) == 2 and first_rank(["a"], {"z"}) is None
    s = Scores("x")
    for rank in (1, 4, None, 12):
        s.add(rank, depth=100)
    assert s.to_dict() == {
        "system": "x",
        "queries": 4,
        "hit@10": 0.5,
        "mrr": round((1 + 1 / 4 + 1 / 12) / 4, 4),
    }
    lo, hi = s.versus(s)["mrr"]
    assert lo == hi == 0.0
