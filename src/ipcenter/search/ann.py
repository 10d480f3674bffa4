"""An approximate nearest-neighbour vector index (HNSW, through usearch) behind `backend.VectorIndex`.

The exact index (:mod:`vectors`) multiplies the query by every stored vector: ~0.5 s at 10⁶ vectors on two
cores. Past :data:`MIN_VECTORS` the index build also writes an HNSW graph of the same vectors, and
`backend.open_backend` serves nearest-neighbour queries from it (milliseconds; recall@10 against exact search is
measured by ``benchmarks/bench_search_1m.py`` and reported in docs/benchmarks.md).

Files beside the exact ones: ``vectors.usearch`` (the graph, float16 vectors; memory-mapped when
searched), ``ann_ids.json`` (graph key → publication number; ``null`` once removed), ``ann_rows.npy`` (graph key
→ row of ``vectors.npy``) and ``ann.json`` (settings, counts, the vector count it matches). The graph proposes
:data:`RERANK` × k candidates and their float16 vectors (``vectors.npy``, memory-mapped) rank them exactly:
the graph's own float16 distances reorder near-ties, which is what recall@10 against exact search counts. Keys are stable: an update removes the keys of changed and deleted
documents and adds new keys for new vectors — no rebuild after an ingest. When removed keys pass
:data:`REBUILD_SHARE` of the graph it is rebuilt (tombstones cost search time).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ipcenter.search.backend import Ranking

GRAPH_FILE = "vectors.usearch"
IDS_FILE = "ann_ids.json"
META_FILE = "ann.json"
#: Below this many vectors the exact dot product is fast enough and exact: no graph is built.
#: ``IPCENTER_ANN_MIN_VECTORS`` overrides it (tests, or to force the graph on a small corpus).
MIN_VECTORS = 100_000
#: Share of removed keys at which an update rebuilds the graph instead of adding to it.
REBUILD_SHARE = 0.2
#: HNSW settings: float16 vectors, 32 links per node, candidate lists of 200 while adding and
#: :data:`EXPANSION_SEARCH` while searching. Measured on 10⁵ synthetic vectors (docs/benchmarks.md, search at 1M):
#: 16 links and lists of 64 (int8 or float16) found only 0.83 of the exact top 10 — re-ranking 16 × k candidates
#: instead of 4 × k did not help, the graph did not reach the neighbours; 32 links and lists of 200 reach 0.97
#: (0.99 with lists of 512 when searching). int8 gave the same recall as float16 and built no faster here.
#: At 10⁶ vectors a search list of 128 found 0.918 of the exact top 10, 512 found 0.971 (7.6 ms p50): 512 it is.
SETTINGS: dict[str, Any] = {"metric": "cos", "dtype": "f16", "connectivity": 32, "expansion_add": 200}
EXPANSION_SEARCH = 512
#: Candidates the graph proposes per wanted neighbour, re-ranked with the exact vectors.
RERANK = 4
ROWS_FILE = "ann_rows.npy"


def min_vectors() -> int:
    return int(os.environ.get("IPCENTER_ANN_MIN_VECTORS", MIN_VECTORS))


def exists(index_dir: Path) -> bool:
    return (Path(index_dir) / GRAPH_FILE).is_file() and (Path(index_dir) / META_FILE).is_file()


def read_meta(index_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(index_dir) / META_FILE).read_text())
    return data


@dataclass
class AnnReport:
    mode: str  # 'full' or 'incremental'
    vectors: int  # live vectors in the graph
    added: int
    removed: int
    seconds: float


def _new_graph(dimensions: int) -> Any:
    from usearch.index import Index

    return Index(ndim=dimensions, expansion_search=EXPANSION_SEARCH, **SETTINGS)


def _threads() -> int:
    return max(1, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else 1


def _save(
    index_dir: Path,
    graph: Any,
    keys: list[str | None],
    mode: str,
    extra: dict[str, Any],
    matrix_ids: Sequence[str],
) -> None:
    """Graph, ids, rows and meta written to temporary names and renamed: a reader sees the old set or the new
    one (the meta last, with the count it matches). ``matrix_ids``: the rows of ``vectors.npy``."""
    index_dir = Path(index_dir)
    row_of = {pn: row for row, pn in enumerate(matrix_ids)}
    rows = np.array([row_of.get(pn, -1) if pn is not None else -1 for pn in keys], dtype=np.int64)
    with open(index_dir / (ROWS_FILE + ".tmp"), "wb") as fh:
        np.save(fh, rows)
    os.replace(index_dir / (ROWS_FILE + ".tmp"), index_dir / ROWS_FILE)
    tmp_graph = index_dir / (GRAPH_FILE + ".tmp")
    graph.save(str(tmp_graph))
    tmp_ids = index_dir / (IDS_FILE + ".tmp")
    tmp_ids.write_text(json.dumps(keys))
    os.replace(tmp_graph, index_dir / GRAPH_FILE)
    os.replace(tmp_ids, index_dir / IDS_FILE)
    live = sum(1 for k in keys if k is not None)
    meta = {
        "library": "usearch",
        "settings": {**SETTINGS, "expansion_search": EXPANSION_SEARCH},
        "vectors": live,
        "keys": len(keys),
        "removed": len(keys) - live,
        "last_update": mode,
        **extra,
    }
    tmp_meta = index_dir / (META_FILE + ".tmp")
    tmp_meta.write_text(json.dumps(meta, indent=1))
    os.replace(tmp_meta, index_dir / META_FILE)


def build(index_dir: Path, matrix: np.ndarray, ids: Sequence[str]) -> AnnReport:
    """A new graph of every vector (rows of ``matrix``, named by ``ids``)."""
    started = time.perf_counter()
    graph = _new_graph(matrix.shape[1])
    if len(ids):
        graph.add(
            np.arange(len(ids), dtype=np.uint64), np.asarray(matrix, dtype=np.float32), threads=_threads()
        )
    seconds = time.perf_counter() - started
    _save(index_dir, graph, list(ids), "full", {"build_seconds": round(seconds, 2)}, ids)
    return AnnReport("full", len(ids), len(ids), 0, round(seconds, 2))


def update(
    index_dir: Path,
    added_ids: Sequence[str],
    added: np.ndarray,
    removed: Iterable[str],
    matrix_ids: Sequence[str],
) -> AnnReport:
    """Remove the vectors of ``removed`` documents and add ``added`` (new or re-embedded ones) in place;
    ``matrix_ids``: the rows of the ``vectors.npy`` now beside it (the exact vectors candidates are ranked by)."""
    from usearch.index import Index

    started = time.perf_counter()
    index_dir = Path(index_dir)
    graph: Any = Index.restore(str(index_dir / GRAPH_FILE))
    keys: list[str | None] = json.loads((index_dir / IDS_FILE).read_text())
    position = {pn: k for k, pn in enumerate(keys) if pn is not None}
    gone = [position[pn] for pn in dict.fromkeys(removed) if pn in position]
    for key in gone:
        graph.remove(key)
        keys[key] = None
    if len(added_ids):
        first = len(keys)
        new_keys = np.arange(first, first + len(added_ids), dtype=np.uint64)
        graph.add(new_keys, np.asarray(added, dtype=np.float32), threads=_threads())
        keys += list(added_ids)
    seconds = time.perf_counter() - started
    _save(index_dir, graph, keys, "incremental", {"update_seconds": round(seconds, 2)}, matrix_ids)
    live = sum(1 for k in keys if k is not None)
    return AnnReport("incremental", live, len(added_ids), len(gone), round(seconds, 2))


def sync(
    index_dir: Path,
    matrix: np.ndarray,
    ids: Sequence[str],
    *,
    embedded: Sequence[str],
    removed: Iterable[str],
    fresh: bool,
) -> AnnReport | None:
    """Bring the graph in line with the vector files the index build just wrote.

    ``embedded``: the documents whose vectors were (re)computed — the last rows of ``matrix``; ``removed``: the
    documents whose vectors left (deleted or changed). A fresh index, a missing graph or too many removed
    keys → a full build (when there are at least :func:`min_vectors` vectors); otherwise an update in place."""
    index_dir = Path(index_dir)
    have = exists(index_dir) and not fresh
    if not have:
        for name in (GRAPH_FILE, IDS_FILE, ROWS_FILE, META_FILE):
            (index_dir / name).unlink(missing_ok=True)
        return build(index_dir, matrix, ids) if len(ids) >= min_vectors() else None
    in_graph = {pn for pn in json.loads((index_dir / IDS_FILE).read_text()) if pn is not None}
    removed = (set(removed) | set(embedded)) & in_graph  # re-embedded documents lose their old vector
    meta = read_meta(index_dir)
    if meta["removed"] + len(removed) > REBUILD_SHARE * max(1, meta["keys"]):
        return build(index_dir, matrix, ids)
    start = len(ids) - len(embedded)
    return update(index_dir, list(embedded), matrix[start:], removed, ids)


class AnnVectorIndex:
    """`backend.VectorIndex` over the HNSW graph (memory-mapped, loaded on first use), its candidates re-ranked
    with the exact float16 vectors."""

    def __init__(self, index_dir: Path, expansion_search: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.expansion_search = expansion_search or EXPANSION_SEARCH
        self._graph: Any = None
        self._keys: list[str | None] = []
        self._rows: np.ndarray = np.zeros(0, dtype=np.int64)
        self._matrix: np.ndarray | None = None
        self._row_of: dict[str, int] | None = None  # publication number → row of vectors.npy, on first use

    def _load(self) -> Any:
        if self._graph is None:
            from usearch.index import Index

            from ipcenter.search.vectors import VECTORS_FILE

            graph: Any = Index.restore(str(self.index_dir / GRAPH_FILE), view=True)
            graph.expansion_search = self.expansion_search
            self._keys = json.loads((self.index_dir / IDS_FILE).read_text())
            self._rows = np.load(self.index_dir / ROWS_FILE)
            self._matrix = np.load(self.index_dir / VECTORS_FILE, mmap_mode="r")
            self._graph = graph
        return self._graph

    def scores(self, vector: np.ndarray, keys: Iterable[str]) -> dict[str, float]:
        """Exact cosines of the query to the given documents (the lexical candidates of a hybrid query), read
        from the float16 vectors the graph's candidates are re-ranked with."""
        self._load()
        if self._row_of is None:
            self._row_of = {
                pn: int(row)
                for pn, row in zip(self._keys, self._rows.tolist(), strict=True)
                if pn is not None and row >= 0
            }
        found = [(key, self._row_of[key]) for key in keys if key in self._row_of]
        if not found:
            return {}
        assert self._matrix is not None
        rows = np.array([row for _, row in found], dtype=np.int64)
        values = np.asarray(self._matrix[rows], dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
        return {key: float(v) for (key, _), v in zip(found, values.tolist(), strict=True)}

    def nearest(self, vector: np.ndarray, k: int) -> Ranking:
        graph = self._load()
        if len(graph) == 0 or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        found = graph.search(query, min(len(graph), max(RERANK * k, 50)))
        keys = np.asarray(found.keys, dtype=np.int64)
        rows = self._rows[keys]
        keep = rows >= 0
        keys, rows = keys[keep], rows[keep]
        assert self._matrix is not None
        scores = np.asarray(self._matrix[np.sort(rows)], dtype=np.float32) @ query
        by_row = dict(zip(np.sort(rows).tolist(), scores.tolist(), strict=True))
        ranked = sorted(((by_row[int(r)], int(key)) for key, r in zip(keys, rows, strict=True)), reverse=True)
        out: Ranking = []
        for score, key in ranked[:k]:
            pn = self._keys[key]
            if pn is not None:
                out.append((pn, float(score)))
        return out
