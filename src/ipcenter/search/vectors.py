"""The vector half of the index (`backend.VectorIndex`): sentence vectors beside the tantivy index, searched exactly.

Files: ``vectors.npy`` (float16, one row per document) and ``vector_ids.json`` (the rows' publication
numbers). An exact dot product is fine to ~10⁶ documents on one machine (docs/benchmarks.md); an ANN index
(HNSW) would be a second `VectorIndex` chosen in `backend.open_backend`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ipcenter.encoder import DIMENSIONS
from ipcenter.search.backend import Ranking

VECTORS_FILE = "vectors.npy"
IDS_FILE = "vector_ids.json"


def load(index_dir: Path) -> tuple[np.ndarray, list[str]]:
    """(float16 matrix, ids) as stored; empty when the index has no vectors."""
    path = Path(index_dir) / VECTORS_FILE
    if not path.exists():
        return np.zeros((0, DIMENSIONS), dtype=np.float16), []
    ids: list[str] = json.loads((Path(index_dir) / IDS_FILE).read_text())
    return np.load(path), ids


def save(index_dir: Path, matrix: np.ndarray, ids: list[str]) -> None:
    np.save(Path(index_dir) / VECTORS_FILE, matrix.astype(np.float16))
    (Path(index_dir) / IDS_FILE).write_text(json.dumps(ids))


class ExactVectorIndex:
    """Nearest documents by cosine (the vectors are L2-normalised): a dot product over every row."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._matrix: np.ndarray | None = None
        self._ids: list[str] = []
        self._rows: dict[str, int] | None = None

    def _load(self) -> tuple[np.ndarray, list[str]]:
        if self._matrix is None:  # loaded on first use: lexical queries never pay for it
            matrix, self._ids = load(self.index_dir)
            self._matrix = matrix.astype(np.float32)
        return self._matrix, self._ids

    def scores(self, vector: np.ndarray, keys: Iterable[str]) -> dict[str, float]:
        matrix, ids = self._load()
        if not ids:
            return {}
        if self._rows is None:
            self._rows = {key: i for i, key in enumerate(ids)}
        rows = [(key, self._rows[key]) for key in keys if key in self._rows]
        if not rows:
            return {}
        values = matrix[[i for _, i in rows]] @ vector.astype(np.float32)
        return {key: float(v) for (key, _), v in zip(rows, values, strict=True)}

    def nearest(self, vector: np.ndarray, k: int) -> Ranking:
        matrix, ids = self._load()
        if not ids:
            return []
        scores = matrix @ vector.astype(np.float32)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(ids[i], float(scores[i])) for i in top]
