"""The HNSW vector index: built past a size, served behind the backend seam, updated in place after an ingest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.search import ann
from ipcenter.search import service as search_service
from ipcenter.search import vectors as vector_files
from ipcenter.search.backend import open_backend
from ipcenter.search.index import build_index, index_dir_for
from ipcenter.search.vectors import ExactVectorIndex


@pytest.fixture()
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCENTER_ANN_MIN_VECTORS", "10")


def test_graph_answers_as_the_exact_index_and_updates_after_an_ingest(
    small_threshold: None, data_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "corpus"
    ingest([data_dir / "cn-patent-xml-samples", data_dir / "epo-xml-samples"], root)
    corpus = Corpus(root)
    report = build_index(corpus)
    folder = index_dir_for(root)
    assert ann.exists(folder) and ann.read_meta(folder)["last_update"] == "full"
    backend = open_backend(folder)
    assert isinstance(backend.vectors, ann.AnnVectorIndex)
    matrix, ids = vector_files.load(folder)
    assert report.vectors == len(ids) >= 10
    exact = ExactVectorIndex(folder)
    for row in range(len(ids)):
        vector = matrix[row].astype(np.float32)
        got = backend.vectors.nearest(vector, 5)
        assert got[0][0] == ids[row]  # a stored document is its own nearest neighbour
        want = [pn for pn, _ in exact.nearest(vector, 5)]
        assert len(set(pn for pn, _ in got) & set(want)) >= 4
        assert abs(got[0][1] - 1.0) < 0.02  # scores are cosines, as the exact index gives
    # the cosines of a hybrid query's lexical candidates: as the exact index gives them
    query = matrix[0].astype(np.float32)
    wanted = [*ids[:5], "CN000000000X"]  # a key without a vector is left out
    got_scores = backend.vectors.scores(query, wanted)
    exact_scores = exact.scores(query, wanted)
    assert got_scores.keys() == exact_scores.keys() == set(ids[:5])
    assert all(abs(got_scores[k] - exact_scores[k]) < 1e-3 for k in exact_scores)
    # a hybrid query served by the graph finds the document its words come from
    result = search_service.search(backend, "轴流送风机 旋转叶片 轴毂部", limit=5, mode="hybrid")
    assert result.mode == "hybrid" and "CN101096965A" in [hit.publication_number for hit in result.hits]

    # an ingest adds documents: the next build adds their vectors to the graph, no rebuild
    ingest([data_dir / "uspto-xml-samples" / "go-uspto-test-data"], root)
    update = build_index(Corpus(root))
    assert update.mode == "incremental" and update.vectors_added > 0
    meta = ann.read_meta(folder)
    assert meta["last_update"] == "incremental" and meta["vectors"] == update.vectors
    matrix, ids = vector_files.load(folder)
    backend = open_backend(folder)
    assert isinstance(backend.vectors, ann.AnnVectorIndex)
    newest = len(ids) - 1
    assert backend.vectors.nearest(matrix[newest].astype(np.float32), 3)[0][0] == ids[newest]


def test_removed_documents_leave_the_graph(small_threshold: None, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((60, 512)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = [f"CN{100000000 + i}A" for i in range(60)]
    vector_files.save(tmp_path, matrix, ids)
    ann.build(tmp_path, matrix, ids)
    # document 0 changes: its key is removed and a new one added (its vector now last in vectors.npy)
    ids = [*ids[1:], "CN999999999A"]
    matrix = np.concatenate([matrix[1:], matrix[:1]])
    vector_files.save(tmp_path, matrix, ids)
    report = ann.update(tmp_path, ["CN999999999A"], matrix[-1:], removed=["CN100000000A"], matrix_ids=ids)
    assert (report.added, report.removed, report.vectors) == (1, 1, 60)
    found = ann.AnnVectorIndex(tmp_path).nearest(matrix[-1], 3)
    assert found[0][0] == "CN999999999A" and "CN100000000A" not in [pn for pn, _ in found]
    scores = ann.AnnVectorIndex(tmp_path).scores(matrix[-1], ["CN999999999A", "CN100000000A"])
    assert list(scores) == ["CN999999999A"] and abs(scores["CN999999999A"] - 1.0) < 1e-2


def test_small_indexes_stay_exact(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    ingest([data_dir / "cn-patent-xml-samples"], root)
    build_index(Corpus(root))
    assert not ann.exists(index_dir_for(root))
    assert isinstance(open_backend(index_dir_for(root)).vectors, ExactVectorIndex)
