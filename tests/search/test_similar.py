"""Sentence vectors: cross-lingual search, hybrid sentences and similar documents on real CN/EP/US samples."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.corpus.store import Corpus
from ipcenter.search.backend import SearchBackend
from ipcenter.search.service import search, similar, similar_text_for_number


def _top(engine: SearchBackend, query: str, mode: str, n: int = 3) -> list[str]:
    return [h.publication_number for h in search(engine, query, limit=n, mode=mode).hits]


def test_chinese_query_finds_english_patents(vector_engine: SearchBackend) -> None:
    # no shared words: only the multilingual vectors can connect these (EP2007181A2: CONTROLLER FOR INDUSTRIAL ROBOT)
    assert "EP2007181A2" in _top(vector_engine, "工业机器人的控制器", "semantic")
    assert "US20150075015A2" in _top(vector_engine, "剃须刀的刀片", "semantic")  # RAZOR WITH CUTTING BLADE …


def test_english_query_finds_chinese_patents(vector_engine: SearchBackend) -> None:
    # the CN vectors are made from the Chinese title + abstract only
    assert "CN101243817A" in _top(vector_engine, "machine for withering tea leaves", "semantic")
    assert "CN85202237U" in _top(vector_engine, "bicycle with two gears and chains", "semantic")


def test_sentence_goes_hybrid_and_finds_the_document(vector_engine: SearchBackend) -> None:
    r = search(vector_engine, "一种茶叶萎凋处理设备，包括萎凋槽和鼓风机", limit=3)
    assert r.mode == "hybrid"
    assert r.hits[0].publication_number == "CN101243817A"


def test_similar_to_a_patent_leaves_it_out(vector_engine: SearchBackend, vector_corpus: Corpus) -> None:
    text, exclude = similar_text_for_number(vector_corpus, "CN85202237")  # number without kind code
    assert exclude == ["CN85202237U"]
    r = similar(vector_engine, text, limit=5, exclude=exclude)
    assert "CN85202237U" not in [h.publication_number for h in r.hits]
    assert len(r.hits) == 5


def test_similar_cli_text_and_errors(vector_corpus: Corpus) -> None:
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "similar",
            "--text",
            "Almond hulling machine",
            "--corpus",
            str(vector_corpus.root),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # 巴旦姆破壳机: found through its English title (BM25); the vectors do not know 巴旦姆 = almond
    assert "CN201094265Y" in [h["publication_number"] for h in data["hits"][:3]]
    assert {"query", "total", "hits"} <= set(data)
    none = runner.invoke(app, ["similar", "--corpus", str(vector_corpus.root)])
    assert none.exit_code == 2 and "exactly one" in none.output
    unknown = runner.invoke(app, ["similar", "--number", "CN999999999A", "--corpus", str(vector_corpus.root)])
    assert unknown.exit_code == 2 and "no document" in unknown.output
